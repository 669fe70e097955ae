"""Shared fixtures: a real database per test (SQLite, and PostgreSQL when configured), migrated by
alembic, and the one way tests store an article (`add_article`)."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import NoReturn

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from app.db import scratch_database
from app.migrate import upgrade
from app.models import Article, ArticleCreate
from app.services.ingest import ingest
from app.settings import Settings
from app.web.main import create_app

DATA = Path(__file__).parent / "data"


# Every test that uses `database_url` runs on SQLite, and also on PostgreSQL when
# PARALLAX_TEST_POSTGRES_URL names a server. In CI (CI=true) the PostgreSQL half is required:
# its tests are always generated, and an unset URL or an unreachable server fails them.
POSTGRES_URL = os.environ.get("PARALLAX_TEST_POSTGRES_URL", "")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: SQLite-specific (WAL, file backup, crash recovery)")
    config.addinivalue_line("markers", "postgres_only: PostgreSQL-specific (its index types, its search)")


def pytest_generate_tests(metafunc):
    if "database_url" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker
    backends = [] if marker("postgres_only") else ["sqlite"]
    if (POSTGRES_URL or IN_CI or marker("postgres_only")) and marker("sqlite_only") is None:
        backends.append(pytest.param("postgres", marks=pytest.mark.postgres))
    metafunc.parametrize("database_url", backends, indirect=True)


def postgres_missing(reason: str) -> NoReturn:
    """Skip a PostgreSQL test on a developer's machine; fail it in CI, where the half is required."""
    if IN_CI:
        pytest.fail(f"{reason}: CI runs the PostgreSQL half of the suite", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'parallax.db'}"


@pytest.fixture(scope="session")
def postgres_database():
    """A scratch database for this pytest run, so concurrent runs on one server never collide."""
    if not POSTGRES_URL:
        postgres_missing("PARALLAX_TEST_POSTGRES_URL is not set")
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_database(POSTGRES_URL, f"parallax_test_{os.getpid()}"))
        except OperationalError as exc:
            postgres_missing(f"PostgreSQL at {POSTGRES_URL} is unreachable ({exc})")
        yield url


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """The run's PostgreSQL database emptied (a new public schema), like a new SQLite file."""
    engine = create_engine(postgres_database, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        # A connection some earlier test left open would block the DROP; end it.
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return postgres_database


@pytest.fixture
def database_url(request) -> str:
    backend = getattr(request, "param", "sqlite")
    return request.getfixturevalue("postgres_url" if backend == "postgres" else "sqlite_url")


@pytest.fixture
def article_analyses(database_url: str):
    """``article_analyses()``: how many times ANALYZE has run on PostgreSQL's article table (None on SQLite)."""

    def count() -> int | None:
        if not database_url.startswith("postgresql"):
            return None
        engine = create_engine(database_url, poolclass=NullPool)
        with engine.connect() as conn:
            query = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'article'"
            analyses = conn.execute(text(query)).scalar_one()
        engine.dispose()
        return analyses

    return count


@pytest.fixture
def settings(database_url: str) -> Settings:
    upgrade(database_url)
    # A created comparison is computed by the app's runner in a child process; tests that read it
    # right after creating it let the request wait for it (the server's default is 1 s, which the
    # first analysis of a test process, warming the forkserver, may exceed on a busy machine).
    return Settings(database_url=database_url, demo=False, analysis_wait_seconds=30, _env_file=None)


@pytest.fixture
def app(settings: Settings):
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app) -> TestClient:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def client_with(settings):
    """``client_with(admin_token=..., upload_token=...)``: a client on an app whose settings differ so,
    on the test's database; its app is closed after the test."""
    opened: list[tuple] = []

    def make(**changes) -> TestClient:
        application = create_app(settings.model_copy(update=changes))
        test_client = TestClient(application)
        test_client.__enter__()
        opened.append((application, test_client))
        return test_client

    yield make
    for application, test_client in opened:
        test_client.__exit__(None, None, None)
        application.state.engine.dispose()


@pytest.fixture
def session(app):
    with Session(app.state.engine) as db:
        yield db


@pytest.fixture
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((DATA / "seeds").glob("*.txt"))}


@pytest.fixture
def csrf(client) -> str:
    """The form token matching the client's cookie, fetched from a form page as a browser would."""
    page = client.get("/articles/new")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, "the article form carries no CSRF token"
    return match.group(1)


@pytest.fixture
def add_article(session, settings):
    """The one way tests store an article: ``add_article(text, outlet, title=..., published=...)``.

    Through the service by default. ``via=client`` posts it to that client's JSON API instead (with
    ``headers``, e.g. a token), as a user would, and requires 201. Either way the stored row is returned."""

    def add(text: str, outlet: str | None, *, via: TestClient | None = None, headers=None, **fields) -> Article:
        if via is None:
            return ingest(session, settings, ArticleCreate(text=text, outlet=outlet, **fields))
        response = via.post("/api/articles", json={"text": text, "outlet": outlet, **fields}, headers=headers or {})
        assert response.status_code == 201, response.text
        return session.get(Article, response.json()["id"])

    return add
