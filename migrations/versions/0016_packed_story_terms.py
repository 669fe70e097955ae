"""packed story terms: an article's terms read back in one row, postings read in key order

Scoring a new article's candidates read each candidate's terms back from ``article_term``, a
row per word (about 150 an article, 15 candidates an upload), through the article index. Each
article's terms are now also kept packed in its ``article_vector`` row (``terms``: JSON pairs of
term and weight), written once when it is stored, so a candidate costs one row. On SQLite the
postings table becomes a WITHOUT ROWID table, clustered on (term, article id): a look-up's
newest postings of a term are contiguous and carry their weight, with no second read per row.
On PostgreSQL the primary key's index carries the weight (INCLUDE) for the same reason.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    op.add_column("article_vector", sa.Column("terms", sa.Text(), server_default="[]", nullable=False))
    conn = op.get_bind()
    _pack(conn)
    if conn.dialect.name == "sqlite":
        _rebuild_sqlite(conn, "WITHOUT ROWID")
    else:
        op.execute("ALTER TABLE article_term DROP CONSTRAINT article_term_pkey")
        op.execute(
            "ALTER TABLE article_term ADD CONSTRAINT article_term_pkey PRIMARY KEY (term, article_id) INCLUDE (weight)"
        )


def _pack(conn) -> None:
    """Each indexed article's terms from its postings, BATCH articles at a time (bounded memory)."""
    last = 0
    while True:
        ids = list(
            conn.execute(
                sa.text("SELECT article_id FROM article_vector WHERE article_id > :last ORDER BY article_id LIMIT :n"),
                {"last": last, "n": BATCH},
            ).scalars()
        )
        if not ids:
            break
        packed: dict[int, list] = {i: [] for i in ids}
        rows = conn.execute(
            sa.text("SELECT article_id, term, weight FROM article_term WHERE article_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": ids},
        )
        for article_id, term, weight in rows:
            packed[article_id].append([term, weight])
        conn.execute(
            sa.text("UPDATE article_vector SET terms = :terms WHERE article_id = :id"),
            [
                {"id": i, "terms": json.dumps(sorted(t), ensure_ascii=False, separators=(",", ":"))}
                for i, t in packed.items()
            ],
        )
        last = ids[-1]


def _rebuild_sqlite(conn, options: str) -> None:
    """SQLite cannot change a table's storage in place: copy it into a new one (same columns and keys)."""
    conn.exec_driver_sql(
        "CREATE TABLE article_term_rebuilt (term VARCHAR(64) NOT NULL, article_id INTEGER NOT NULL, "
        "weight FLOAT NOT NULL, PRIMARY KEY (term, article_id), "
        f"FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE) {options}"
    )
    conn.exec_driver_sql(
        "INSERT INTO article_term_rebuilt (term, article_id, weight) SELECT term, article_id, weight FROM article_term"
    )
    conn.exec_driver_sql("DROP TABLE article_term")
    conn.exec_driver_sql("ALTER TABLE article_term_rebuilt RENAME TO article_term")
    conn.exec_driver_sql("CREATE INDEX ix_article_term_article_id ON article_term (article_id)")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _rebuild_sqlite(conn, "")
    else:
        op.execute("ALTER TABLE article_term DROP CONSTRAINT article_term_pkey")
        op.execute("ALTER TABLE article_term ADD CONSTRAINT article_term_pkey PRIMARY KEY (term, article_id)")
    op.drop_column("article_vector", "terms")
