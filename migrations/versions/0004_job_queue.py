"""background job tables (procrastinate) on PostgreSQL

On PostgreSQL the comparison jobs are kept by procrastinate in its own tables, functions
and types, all named procrastinate_*; this applies the schema of the installed procrastinate
so `parallax migrate` prepares everything. A later procrastinate upgrade that changes its
schema needs a new revision applying procrastinate's own migration files. SQLite runs jobs
in-process and needs nothing here. app.migrate's `include_object` keeps these objects out of
the head-vs-models comparison.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    # The raw psycopg connection: the schema holds '%' and ':' that SQLAlchemy would read as parameters.
    bind.connection.driver_connection.execute(SchemaManager.get_schema())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection
    for (table,) in raw.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate%'"
    ).fetchall():
        raw.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    for (function,) in raw.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%'"
    ).fetchall():
        raw.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    for (kind,) in raw.execute(
        "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%' AND t.typtype IN ('e', 'c')"
    ).fetchall():
        raw.execute(f'DROP TYPE IF EXISTS "{kind}" CASCADE')
