"""Apply the alembic migrations from code, so `parallax migrate` and tests share one path."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from app.settings import ROOT

# Search objects made by raw SQL in migrations 0003 and 0015 (FTS5 table and its shadow tables;
# PostgreSQL's GIN index and the generated column `article.search_vector` it indexes): not in the
# models, so autogenerate must not propose dropping them.
SEARCH_OBJECT_PREFIXES = ("article_fts", "ix_article_search")
SEARCH_COLUMNS = {("article", "search_vector")}
# The background-job tables of migration 0004 (PostgreSQL only) are procrastinate's, not ours.
JOB_OBJECT_PREFIXES = ("procrastinate",)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the search objects out of model-vs-database comparison."""
    if not reflected or compare_to is not None:
        return True
    if type_ == "column":
        return (obj.table.name, name) not in SEARCH_COLUMNS
    return not (name or "").startswith(SEARCH_OBJECT_PREFIXES + JOB_OBJECT_PREFIXES)


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def current_revision(database_url: str) -> str | None:
    """The revision the database is at; None for a database no migration has touched yet."""
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
