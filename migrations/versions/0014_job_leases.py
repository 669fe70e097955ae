"""job leases

A running comparison's worker holds a lease it renews while the analysis runs
(``lease_expires_at``); a lapsed lease means the worker died, and any runner's periodic sweep
puts the comparison back in the queue, or marks it failed once ``attempts`` reached the limit.
Existing rows get 0 attempts and no lease: a row left "running" by an older version is taken
up by the first sweep.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases, as in 0009: no batch copy of the table.
def upgrade() -> None:
    op.add_column("comparison", sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
    op.add_column("comparison", sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_comparison_lease_expires_at", "comparison", ["lease_expires_at"])


def downgrade() -> None:
    op.drop_index("ix_comparison_lease_expires_at", table_name="comparison")
    op.drop_column("comparison", "lease_expires_at")
    op.drop_column("comparison", "attempts")
