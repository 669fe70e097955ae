"""full-text search over article titles and text

SQLite: an external-content FTS5 table on article(title, text), kept in step by triggers,
so the text is stored once. PostgreSQL: a GIN index on the same tsvector expression that
app/services/search.py queries. Neither object is an SQLModel table: app.migrate's
`include_object` keeps autogenerate from proposing to drop them.

Note for later migrations: a SQLite batch ALTER of `article` recreates the table and so
drops these triggers; such a migration must call `create_sqlite_search()` again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_UP = [
    # unicode61 with diacritics removed: "Zelenskyy" and "Zelenskýy" find each other.
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
    "title, text, content='article', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS article_fts_insert AFTER INSERT ON article BEGIN "
    "INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS article_fts_delete AFTER DELETE ON article BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    # Only title and text are indexed: moving an article to another story does not re-index it.
    "CREATE TRIGGER IF NOT EXISTS article_fts_update AFTER UPDATE OF title, text ON article BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    # Index the rows stored before this migration.
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS article_fts_update",
    "DROP TRIGGER IF EXISTS article_fts_delete",
    "DROP TRIGGER IF EXISTS article_fts_insert",
    "DROP TABLE IF EXISTS article_fts",
]

# 0015 replaced this index with a stored column (search_vector) and an index on it.
POSTGRES_UP = [
    "CREATE INDEX IF NOT EXISTS ix_article_search ON article "
    "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || text))",
]

POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_article_search"]


def create_sqlite_search() -> None:
    for statement in SQLITE_UP:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        create_sqlite_search()
    elif dialect == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = SQLITE_DOWN if dialect == "sqlite" else POSTGRES_DOWN if dialect == "postgresql" else []
    for statement in statements:
        op.execute(statement)
