"""Tables and the shapes the API shows (Base -> table -> Public, as in the FastAPI template).

The schema is created only by the alembic migrations in migrations/; a test checks that
the migrations at head match these models.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Outlet(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # "Reuters" and " reuters " are one outlet: the key is the casefolded, space-collapsed name.
    name_key: str = Field(max_length=200, unique=True, index=True)
    domain: str | None = Field(default=None, max_length=253)
    created_at: datetime = Field(default_factory=utcnow)


class Story(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True, ondelete="SET NULL")
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    author: str | None = Field(default=None, max_length=500)
    published_at: datetime | None = Field(default=None, index=True)
    # The text exactly as given: analysis offsets index it, so it is never rewritten.
    text: str = Field(sa_column=Column(Text, nullable=False))
    html: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    content_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class Comparison(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=32, unique=True, index=True)
    title: str = Field(max_length=500)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True, ondelete="SET NULL")
    # Ids rather than a link table: a permanent link must outlive the deletion of an article
    # and say which one is gone.
    article_ids: list[int] = Field(sa_column=Column(JSON, nullable=False))
    # Hash of the analysis version and the articles' content hashes: when it changes, recompute.
    fingerprint: str = Field(default="", max_length=64)
    analysis_version: str = Field(default="", max_length=32)
    result: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default="pending", max_length=16)  # pending, running, ready, failed
    error: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    computed_at: datetime | None = None
    # Hash of the sorted article ids: the same articles asked for again find this comparison.
    article_key: str | None = Field(default=None, max_length=64, index=True)


class ComparisonArticle(SQLModel, table=True):
    """Which comparisons hold an article, for its page; no foreign key to the article, which may go."""

    __tablename__ = "comparison_article"
    comparison_id: int = Field(foreign_key="comparison.id", primary_key=True, ondelete="CASCADE")
    article_id: int = Field(primary_key=True, index=True)


class OutletPublic(SQLModel):
    id: int
    name: str
    domain: str | None
    articles: int = 0


class ArticlePublic(SQLModel):
    id: int
    outlet: str
    outlet_id: int
    story_id: int | None
    title: str | None
    url: str | None
    author: str | None
    published_at: datetime | None
    content_hash: str
    created_at: datetime
    text: str | None = None
    has_html: bool = False


class ArticlesPage(SQLModel):
    items: list[ArticlePublic]
    total: int
    limit: int
    offset: int
