"""find comparisons again: by their article set, and by each article in them

`comparison.article_key` (a hash of the sorted article ids) finds a comparison of the same
articles, so asking again returns it instead of a duplicate, and finds the one comparing
exactly a story's articles. `comparison_article` lists which comparisons hold an article (no
foreign key to the article: a comparison outlives the deletion of one and names it). Existing
comparisons are indexed here.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-01
"""

import hashlib
import json

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _key(ids) -> str:
    return hashlib.sha256(",".join(str(i) for i in sorted(set(ids))).encode()).hexdigest()


def upgrade() -> None:
    op.add_column("comparison", sa.Column("article_key", sqlmodel.AutoString(length=64), nullable=True))
    op.create_index("ix_comparison_article_key", "comparison", ["article_key"])
    op.create_table(
        "comparison_article",
        sa.Column("comparison_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["comparison_id"], ["comparison.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("comparison_id", "article_id"),
    )
    op.create_index("ix_comparison_article_article_id", "comparison_article", ["article_id"])
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, article_ids FROM comparison")).fetchall()
    for comparison_id, raw in rows:
        ids = json.loads(raw) if isinstance(raw, str) else list(raw or [])
        bind.execute(
            sa.text("UPDATE comparison SET article_key = :key WHERE id = :id"), {"key": _key(ids), "id": comparison_id}
        )
        for article_id in sorted(set(ids)):
            bind.execute(
                sa.text("INSERT INTO comparison_article (comparison_id, article_id) VALUES (:c, :a)"),
                {"c": comparison_id, "a": article_id},
            )


def downgrade() -> None:
    op.drop_table("comparison_article")
    op.drop_index("ix_comparison_article_key", table_name="comparison")
    op.drop_column("comparison", "article_key")
