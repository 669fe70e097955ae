"""story terms: the index stories are matched with

Each article's story terms (title and lead words with their term frequency) as postings
(`article_term`, keyed by term for look-ups, indexed by article for reading one back), its
term-frequency length (`article_vector`), and how many articles use each term (`term_count`;
the empty term counts the articles). Existing articles are indexed here, in batches, so an
upgraded archive keeps matching new articles to its stories. The terms come from the app's own
rule (app.analysis.stories.story_terms), not a copy: the rows written must be those the running
app writes for new articles, or old and new articles would not match each other.

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-01
"""

from collections import Counter

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.analysis.stories import story_terms, tf_norm

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    op.create_table(
        "article_term",
        sa.Column("term", sqlmodel.AutoString(length=64), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("term", "article_id"),
    )
    op.create_index("ix_article_term_article_id", "article_term", ["article_id"])
    op.create_table(
        "article_vector",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("tf_norm", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_table(
        "term_count",
        sa.Column("term", sqlmodel.AutoString(length=64), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term"),
    )
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    """Index every stored article, BATCH at a time (bounded memory), then write the counts."""
    article = sa.table("article", sa.column("id"), sa.column("title"), sa.column("text"))
    postings = sa.table("article_term", sa.column("term"), sa.column("article_id"), sa.column("weight"))
    vectors = sa.table("article_vector", sa.column("article_id"), sa.column("tf_norm"))
    counts = sa.table("term_count", sa.column("term"), sa.column("articles"))
    df: Counter = Counter()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(article.c.id, article.c.title, article.c.text)
            .where(article.c.id > last)
            .order_by(article.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        terms = {row.id: story_terms(row.title, row.text) for row in rows}
        words = [{"term": t, "article_id": a, "weight": w} for a, ts in terms.items() for t, w in ts]
        if words:  # articles of digits alone have none
            conn.execute(postings.insert(), words)
        conn.execute(vectors.insert(), [{"article_id": a, "tf_norm": tf_norm(ts)} for a, ts in terms.items()])
        df.update(t for ts in terms.values() for t, _ in ts)
        df[""] += len(rows)
        last = rows[-1].id
    items = [{"term": t, "articles": n} for t, n in sorted(df.items())]
    for start in range(0, len(items), 5000):
        conn.execute(counts.insert(), items[start : start + 5000])


def downgrade() -> None:
    op.drop_table("term_count")
    op.drop_table("article_vector")
    op.drop_index("ix_article_term_article_id", table_name="article_term")
    op.drop_table("article_term")
