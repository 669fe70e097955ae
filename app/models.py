"""Tables and their shapes, one family per table as in the FastAPI full-stack template.

``ArticleBase`` holds what every shape of an article shares (with its length limits, defined
here only): ``Article`` is the table, ``ArticleCreate`` what a user hands in, ``ArticleUpdate``
the metadata an admin may change, ``ArticlePublic`` what the API shows. The schema is created
only by the alembic migrations in migrations/; a test checks that head matches these models.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Column, Enum, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class ComparisonStatus(StrEnum):
    PENDING = "pending"  # stored, waiting for a worker
    RUNNING = "running"  # claimed by a worker (computed_at is the claim time)
    READY = "ready"
    FAILED = "failed"  # error says why

    @property
    def active(self) -> bool:
        """A job has it: the page waits and refreshes."""
        return self in (ComparisonStatus.PENDING, ComparisonStatus.RUNNING)


class OutletBase(SQLModel):
    name: str = Field(max_length=200)
    domain: str | None = Field(default=None, max_length=253)


class Outlet(OutletBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # "Reuters" and " reuters " are one outlet: the key is the casefolded, space-collapsed name.
    name_key: str = Field(max_length=200, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class OutletPublic(OutletBase):
    id: int
    articles: int = 0


class Story(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class ArticleBase(SQLModel):
    """What is known about an article besides its text and outlet."""

    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000, description="http or https address of the original")
    author: str | None = Field(default=None, max_length=500)


class Article(ArticleBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True, ondelete="SET NULL")
    published_at: datetime | None = Field(default=None, index=True)
    # The text exactly as given: analysis offsets index it, so it is never rewritten.
    text: str = Field(sa_column=Column(Text, nullable=False))
    html: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The page's own address (rel=canonical, else where the fetch ended), beside the URL given.
    canonical_url: str | None = Field(default=None, max_length=2000)
    content_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class _ArticleInput(ArticleBase):
    """Metadata as users type it: one line each, checked against the limits once cleaned."""

    model_config = ConfigDict(extra="forbid")
    outlet: str | None = Field(
        None, max_length=200, description="publisher; taken from the page or the URL's domain when missing"
    )
    published: str | None = Field(None, description="ISO date, e.g. 2025-04-18 or 2025-04-18T09:30:00Z")

    @field_validator("outlet", "title", "url", "author", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        # Control characters (a pasted newline) become spaces; blanks become "" (a cleared field).
        return _CONTROL.sub(" ", value).strip() if isinstance(value, str) else value

    @field_validator("url")
    @classmethod
    def _web_address(cls, url: str | None) -> str | None:
        parts = urlsplit(url) if url else None
        if parts is not None and (parts.scheme.lower() not in {"http", "https"} or not parts.hostname):
            raise PydanticCustomError("url", "The URL must start with http:// or https:// and name a host.")
        return url


class ArticleCreate(_ArticleInput):
    """An article to store: its text (or HTML) and what is known about it (JSON body, form and CLI).

    With a ``url`` and no text (nor file), the server fetches the page (services/by_url.py)."""

    text: str = Field(
        "",
        description="plain text, stored exactly as given; HTML is reduced to its main text. "
        "Leave it out and give a url to have the server fetch the page",
    )
    story_id: int | None = None


class ArticleUpdate(_ArticleInput):
    """Metadata to change; leave a field out (or null) to keep it, send "" to clear it. The text never changes."""


class ArticlePublic(ArticleBase):
    id: int
    outlet: str
    outlet_id: int
    story_id: int | None
    canonical_url: str | None = None  # the page's own address, when it named one or was fetched
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


def field_limits(model: type[SQLModel]) -> dict[str, int]:
    """Field name -> maximum length, as the model declares it: forms and messages use these."""
    limits = {}
    for name, info in model.model_fields.items():
        lengths = [m.max_length for m in info.metadata if getattr(m, "max_length", None) is not None]
        if lengths:
            limits[name] = lengths[0]
    return limits


# The metadata a user types when adding an article, and the most characters each may hold.
FIELD_LIMITS = field_limits(ArticleCreate)


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
    status: ComparisonStatus = Field(
        default=ComparisonStatus.PENDING,
        # Stored as its value in a VARCHAR(16) (no database enum type to migrate), read back as the enum.
        sa_type=Enum(ComparisonStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
    )
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


class ImportStatus(StrEnum):
    """Where one URL of a bulk import stands."""

    PENDING = "pending"  # stored, waiting for the import runner
    RUNNING = "running"  # claimed by a runner (claimed_at says since when)
    ADDED = "added"
    DUPLICATE = "duplicate"  # its text is stored already (article_id says where)
    FAILED = "failed"  # message says why

    @property
    def done(self) -> bool:
        return self not in (ImportStatus.PENDING, ImportStatus.RUNNING)


class ImportJob(SQLModel, table=True):
    """A list of URLs being added in the background; its items say how each went."""

    __tablename__ = "import_job"
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=32, unique=True, index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id", ondelete="SET NULL")
    total: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class ImportItemBase(SQLModel):
    url: str = Field(max_length=2000)
    status: ImportStatus = Field(
        default=ImportStatus.PENDING,
        index=True,
        # Stored as its value in a VARCHAR(16), as Comparison.status is.
        sa_type=Enum(ImportStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
    )
    article_id: int | None = Field(default=None, foreign_key="article.id", ondelete="SET NULL")
    message: str | None = Field(default=None, max_length=1000)


class ImportItem(ImportItemBase, table=True):
    """One URL of an import, in the order given."""

    __tablename__ = "import_item"
    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="import_job.id", index=True, ondelete="CASCADE")
    position: int
    claimed_at: datetime | None = None


class ImportItemPublic(ImportItemBase):
    pass


class ImportPublic(SQLModel):
    slug: str
    total: int
    done: int
    finished: bool
    counts: dict[str, int]
    created_at: datetime
    finished_at: datetime | None
    items: list[ImportItemPublic]
