"""stored comparisons with permanent slugs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comparison",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.AutoString(length=32), nullable=False),
        sa.Column("title", sqlmodel.AutoString(length=500), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("article_ids", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sqlmodel.AutoString(length=64), nullable=False),
        sa.Column("analysis_version", sqlmodel.AutoString(length=32), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("status", sqlmodel.AutoString(length=16), nullable=False),
        sa.Column("error", sqlmodel.AutoString(length=2000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_comparison_slug", "comparison", ["slug"], unique=True)
    op.create_index("ix_comparison_story_id", "comparison", ["story_id"])


def downgrade() -> None:
    op.drop_table("comparison")
