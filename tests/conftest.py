"""Shared fixtures: a real SQLite file per test, migrated by alembic, and a client on it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.migrate import upgrade
from app.settings import Settings
from app.web.main import create_app

DATA = Path(__file__).parent / "data"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'parallax.db'}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    upgrade(database_url)
    return Settings(database_url=database_url, demo=False, _env_file=None)


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
