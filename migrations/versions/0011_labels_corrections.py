"""outlets' labels and readers' corrections

Label sets the operator defines (country, ownership, ...), their values, and each outlet's value
in a set (`outlet_label`, one per set). Readers' corrections of a comparison (`correction`),
kept apart from the computed result and keyed by passage text. `outlet.labels_rev` and
`comparison.corrections_rev` are counters that cached pages key on.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-08
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outlet") as batch:
        batch.add_column(sa.Column("labels_rev", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("comparison") as batch:
        batch.add_column(sa.Column("corrections_rev", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "label_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.AutoString(length=100), nullable=False),
        sa.Column("name_key", sqlmodel.AutoString(length=100), nullable=False),
        sa.Column("source", sqlmodel.AutoString(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key"),
    )
    op.create_table(
        "label_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label_set_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.AutoString(length=100), nullable=False),
        sa.Column("name_key", sqlmodel.AutoString(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["label_set_id"], ["label_set.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("label_set_id", "name_key", name="uq_label_value_name"),
    )
    op.create_index("ix_label_value_label_set_id", "label_value", ["label_set_id"])
    op.create_table(
        "outlet_label",
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("label_set_id", sa.Integer(), nullable=False),
        sa.Column("value_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlet.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["label_set_id"], ["label_set.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["value_id"], ["label_value.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outlet_id", "label_set_id"),
    )
    op.create_index("ix_outlet_label_value_id", "outlet_label", ["value_id"])
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comparison_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.AutoString(length=32), nullable=False),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("summary", sqlmodel.AutoString(length=1000), nullable=False),
        sa.Column("reason", sqlmodel.AutoString(length=1000), nullable=False),
        sa.Column("author", sqlmodel.AutoString(length=100), nullable=True),
        sa.Column("role", sqlmodel.AutoString(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sqlmodel.AutoString(length=130), nullable=True),
        sa.ForeignKeyConstraint(["comparison_id"], ["comparison.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_correction_comparison_id", "correction", ["comparison_id"])


def downgrade() -> None:
    op.drop_table("correction")
    op.drop_table("outlet_label")
    op.drop_table("label_value")
    op.drop_table("label_set")
    with op.batch_alter_table("comparison") as batch:
        batch.drop_column("corrections_rev")
    with op.batch_alter_table("outlet") as batch:
        batch.drop_column("labels_rev")
