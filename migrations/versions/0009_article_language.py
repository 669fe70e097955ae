"""article language

Each article's language (an ISO 639-1 code such as "de"), given by the user or detected from
its text when it is added. Rows stored before this revision keep NULL: their language is
detected whenever it is needed (cheap, and no pass over a large archive at upgrade time), and
an edit that sets it stores it.

Revision ID: 0009
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0011"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases (SQLite 3.35+ drops columns too): a batch copy of the
# table would drop the search triggers that revision 0003 put on it.
def upgrade() -> None:
    op.add_column("article", sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("article", "language")
