"""stored search vector on PostgreSQL

0003's GIN index on the expression `to_tsvector('simple', coalesce(title, '') || ' ' || text)`
left every search computing that expression: for each row of a sequential scan whenever the
planner did not pick the index, and for each match in `ts_rank` in any case. The vector is now a
stored generated column, `search_vector` (the title weighted A, the text B, so ranking can put
title matches first), with a GIN index of its own. The index is built with `fastupdate = off`:
with a pending list, rows added since the last VACUUM sit unindexed in it, every search reads
the list, and the planner, counting its pages, kept choosing the sequential scan after a bulk
fill even with statistics (autovacuum off). Each insert updates the index instead: about 0.8 ms
more an article at 1,500 articles, beside some 10 ms to ingest one. ANALYZE at the end gives
the planner statistics at once.

Adding a stored column rewrites the article table (a full pass, under an exclusive lock). The
column is not a model field: the database computes it and inserts never name it;
app.migrate's `include_object` leaves it and its index out of model comparisons.

SQLite: nothing (its search is 0003's FTS5 table).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The column app/services/search.py queries (its name, SEARCH_VECTOR, must match).
POSTGRES_UP = [
    "ALTER TABLE article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', text), 'B')"
    ") STORED",
    "CREATE INDEX ix_article_search_vector ON article USING gin (search_vector) WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS ix_article_search",
]

# 0003's expression index, as 0003 made it.
POSTGRES_DOWN = [
    "CREATE INDEX IF NOT EXISTS ix_article_search ON article "
    "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || text))",
    "DROP INDEX IF EXISTS ix_article_search_vector",
    "ALTER TABLE article DROP COLUMN IF EXISTS search_vector",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in POSTGRES_UP:
        op.execute(statement)
    # Not on an empty table (a new archive): statistics saying "no rows" stay while it fills,
    # until something analyses it again, and the foreign-key checks against article planned
    # from them read the whole table (at 1,500 articles, storing one's story terms took 7 ms, not 1).
    if bind.execute(sa.text("SELECT EXISTS (SELECT 1 FROM article)")).scalar():
        op.execute("ANALYZE article")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
