"""outlets, stories and articles

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.AutoString(length=200), nullable=False),
        sa.Column("name_key", sqlmodel.AutoString(length=200), nullable=False),
        sa.Column("domain", sqlmodel.AutoString(length=253), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outlet_name_key", "outlet", ["name_key"], unique=True)
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.AutoString(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.AutoString(length=1000), nullable=True),
        sa.Column("url", sqlmodel.AutoString(length=2000), nullable=True),
        sa.Column("author", sqlmodel.AutoString(length=500), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("content_hash", sqlmodel.AutoString(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlet.id"]),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_article_outlet_id", "article", ["outlet_id"])
    op.create_index("ix_article_story_id", "article", ["story_id"])
    op.create_index("ix_article_published_at", "article", ["published_at"])
    op.create_index("ix_article_content_hash", "article", ["content_hash"], unique=True)
    op.create_index("ix_article_created_at", "article", ["created_at"])


def downgrade() -> None:
    op.drop_table("article")
    op.drop_table("story")
    op.drop_table("outlet")
