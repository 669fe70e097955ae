"""PostgreSQL specifics: the same alembic history builds the models' schema and keeps rows there.

Everything else runs on PostgreSQL through the `database_url` parametrisation in conftest.py;
this file holds what only makes sense on a server: schema comparison with PostgreSQL's stricter
types, downgrades, timezone-aware timestamps and JSON columns as psycopg returns them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import Session, SQLModel, select

import app.models  # noqa: F401  (registers the tables)
from app.db import make_engine, refresh_statistics
from app.migrate import alembic_config, include_object, upgrade
from app.models import Comparison, Story

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parent.parent


# CI must never run a suite silently halved: a nested pytest shows what each environment does.
HALF = [
    "tests/test_postgres.py::test_head_matches_the_models_on_postgres",
    "tests/test_comparisons.py::test_slugs_are_distinct",
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ci", "url", "returncode", "summary", "says"),
    [
        ("true", None, 1, "errors", "PARALLAX_TEST_POSTGRES_URL is not set: CI runs the PostgreSQL half"),
        ("true", "postgresql+psycopg://postgres@127.0.0.1:1/test", 1, "errors", "is unreachable"),
        ("", None, 0, "skipped", "PARALLAX_TEST_POSTGRES_URL is not set"),
    ],
    ids=["ci-without-url", "ci-without-server", "local-without-url"],
)
def test_ci_fails_loudly_without_postgres_and_a_developer_machine_skips(ci, url, returncode, summary, says):
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PARALLAX_TEST_POSTGRES_URL"}}
    env |= {"CI": ci, **({"PARALLAX_TEST_POSTGRES_URL": url} if url else {})}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", *HALF],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == returncode, run.stdout[-3000:]
    last = run.stdout.strip().splitlines()[-1]
    assert summary in last and "passed" in last, last
    assert says in run.stdout


def _schema_diff(url: str) -> list:
    engine = create_engine(url)
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_object": include_object}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), SQLModel.metadata)
    engine.dispose()
    return diff


def test_head_matches_the_models_on_postgres(postgres_url):
    upgrade(postgres_url)
    assert _schema_diff(postgres_url) == []


def test_every_migration_goes_down_and_up_again(postgres_url):
    upgrade(postgres_url)
    command.downgrade(alembic_config(postgres_url), "base")
    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    upgrade(postgres_url)
    with engine.connect() as conn:
        assert {"outlet", "story", "article", "comparison"} <= set(inspect(conn).get_table_names())
    engine.dispose()
    assert _schema_diff(postgres_url) == []


def test_upgrading_from_the_first_revision_keeps_rows_on_postgres(postgres_url):
    upgrade(postgres_url, "0001")
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO outlet (id, name, name_key, created_at) VALUES (1, 'Wire', 'wire', now())"))
        conn.execute(
            text(
                "INSERT INTO article (id, outlet_id, text, content_hash, created_at) "
                "VALUES (1, 1, 'Rivers rose overnight.', 'abc', now())"
            )
        )
    upgrade(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT text FROM article")).scalar_one() == "Rivers rose overnight."
        # The search vector of migration 0015 covers rows stored before it.
        hits = conn.execute(text("SELECT id FROM article WHERE search_vector @@ plainto_tsquery('simple', 'rivers')"))
        assert hits.scalars().all() == [1]
    engine.dispose()


def article_indexes(conn) -> set[str]:
    return set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'article'")).scalars())


def test_0015_search_vector_goes_down_to_0003s_index_and_up_again(postgres_url):
    upgrade(postgres_url)
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO outlet (id, name, name_key, created_at) VALUES (1, 'Wire', 'wire', now())"))
        conn.execute(
            text(
                "INSERT INTO article (id, outlet_id, title, text, content_hash, created_at) "
                "VALUES (1, 1, 'Rivers rose', 'The valley flooded.', 'abc', now())"
            )
        )
        # Computed by the database from what the insert gave: the title's words weighted A, the text's B.
        vector = conn.execute(text("SELECT search_vector::text FROM article")).scalar_one()
        assert vector == "'flooded':5B 'rivers':1A 'rose':2A 'the':3B 'valley':4B"
    command.downgrade(alembic_config(postgres_url), "0014")
    old_search = (
        "SELECT id FROM article WHERE to_tsvector('simple', coalesce(title, '') || ' ' || text) "
        "@@ plainto_tsquery('simple', 'rivers valley')"
    )
    with engine.connect() as conn:
        assert "search_vector" not in {c["name"] for c in inspect(conn).get_columns("article")}
        indexes = article_indexes(conn)
        assert "ix_article_search" in indexes and "ix_article_search_vector" not in indexes
        assert conn.execute(text(old_search)).scalars().all() == [1]
    upgrade(postgres_url)
    with engine.connect() as conn:
        indexes = article_indexes(conn)
        assert "ix_article_search_vector" in indexes and "ix_article_search" not in indexes
        hits = conn.execute(text("SELECT id FROM article WHERE search_vector @@ plainto_tsquery('simple', 'flooded')"))
        assert hits.scalars().all() == [1]
    engine.dispose()
    assert _schema_diff(postgres_url) == []


def test_timestamps_keep_their_zone_and_json_round_trips(postgres_url):
    upgrade(postgres_url)
    engine = create_engine(postgres_url)
    moment = datetime(2025, 4, 18, 23, 30, tzinfo=UTC)
    result = {"claims": [{"id": "c1", "text": "Talks «ended» — für now", "score": 0.5}], "quotes": []}
    with Session(engine) as session:
        story = Story(title="Talks", created_at=moment)
        session.add(story)
        session.commit()
        story_id = story.id
        session.add(Comparison(slug="abc", title="Talks", story_id=story_id, article_ids=[3, 1, 2], result=result))
        session.commit()
    with Session(engine) as session:
        stored = session.get(Story, story_id)
        assert stored.created_at == moment and stored.created_at.utcoffset() is not None
        comparison = session.exec(select(Comparison)).one()
        assert comparison.article_ids == [3, 1, 2] and comparison.result == result
    with engine.connect() as conn:
        kinds = {c["name"]: c["type"] for c in inspect(conn).get_columns("story")}
    assert kinds["created_at"].timezone is True
    engine.dispose()


def test_statistics_are_refreshed_only_once_there_are_articles(postgres_url):
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    analyses = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'article'"
    refresh_statistics(engine)  # "no rows" would outlive the first articles and mislead the planner
    with engine.begin() as conn:
        assert conn.execute(text(analyses)).scalar_one() == 0  # neither 0015 nor the refresh analysed it
        conn.execute(text("INSERT INTO outlet (id, name, name_key, created_at) VALUES (1, 'Wire', 'wire', now())"))
        conn.execute(
            text(
                "INSERT INTO article (id, outlet_id, text, content_hash, created_at) "
                "VALUES (1, 1, 'Rivers rose overnight.', 'abc', now())"
            )
        )
    with engine.begin() as conn:  # a posting, as the story index writes them
        conn.execute(text("INSERT INTO article_term (term, article_id, weight) VALUES ('rivers', 1, 1.0)"))
    refresh_statistics(engine)
    with engine.connect() as conn:
        assert conn.execute(text(analyses)).scalar_one() == 1
        # vacuumed too: the postings' pages are all-visible, so key look-ups need not visit the table
        visible = "SELECT relallvisible, relpages FROM pg_class WHERE relname = 'article_term'"
        all_visible, pages = conn.execute(text(visible)).one()
        assert pages >= 1 and all_visible == pages
    engine.dispose()
