"""Tables and their shapes, one family per table as in the FastAPI full-stack template.

``ArticleBase`` holds what every shape of an article shares (with its length limits, defined
here only): ``Article`` is the table, ``ArticleCreate`` what a user hands in, ``ArticleUpdate``
the metadata an admin may change, ``ArticlePublic`` what the API shows. The schema is created
only by the alembic migrations in migrations/; a test checks that head matches these models.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field as PydanticField
from pydantic import field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Column, Enum, Text, UniqueConstraint
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

# --- input rules every door shares -----------------------------------------------------------
#
# Row ids are INTEGER columns (32-bit signed on PostgreSQL): an id outside 1..MAX_ROW_ID names
# no row, and PostgreSQL refuses even to compare with one. ``RowIdValue`` is that range as a type
# for request bodies; app/web/params.py makes path and query parameters of it.
MAX_ROW_ID = 2**31 - 1
RowIdValue = Annotated[int, PydanticField(ge=1, le=MAX_ROW_ID, description="a row id, 1 to 2147483647")]


def as_row_id(value: str) -> int | None:
    """A row id typed into a form field ("12"), or None when it is not a whole number in the ids' range."""
    text = value.strip()
    if not (0 < len(text) <= 10 and text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ROW_ID else None


# One-line metadata (titles, outlet and author names...): C0/C1 control characters become
# spaces; bidi controls (which can make "Reuters" display as anything) and zero-width
# characters other than the joiners go. ZWJ/ZWNJ stay: Persian, Indic scripts and emoji need them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
_DROPPED = re.compile(f"[{BIDI_CONTROLS}{INVISIBLE}]+")
_JOINERS = re.compile("[\u200c\u200d\u034f]+")
# What makes a text empty although it has characters: whitespace, these, and the joiners.
_BLANK = re.compile(f"[\\s{BIDI_CONTROLS}{INVISIBLE}\u200c\u200d\u034f]*")


def clean_line(value: str) -> str:
    """One line of metadata as stored: controls to spaces, bidi and zero-width marks out, blanks collapsed."""
    return " ".join(_DROPPED.sub("", _CONTROL.sub(" ", value)).split())


def name_key(name: str) -> str:
    """What makes two names one (outlets, label sets, values): NFKC, cleaned as a line, casefolded,
    so "Reuters", " reuters " and "Reuters" + U+200B are one outlet; the joiners go from keys too."""
    return " ".join(_JOINERS.sub("", clean_line(unicodedata.normalize("NFKC", name))).split()).casefold()


def is_blank(text: str) -> bool:
    """Only whitespace and invisible characters: an empty text, whatever its length."""
    return _BLANK.fullmatch(text) is not None


NUL_REFUSED = (
    "The {what} contains NUL characters (\\x00), which cannot be stored: remove them "
    "(they are usually left over from a binary file or a broken copy)."
)


def refuse_nul(value: str, what: str) -> str:
    """Body text is kept exactly as given, so NUL (which PostgreSQL cannot store) is refused, not dropped."""
    if "\x00" in value:
        raise PydanticCustomError("nul", NUL_REFUSED.format(what=what))
    return value


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored moment in UTC with its zone: SQLite hands back naive datetimes, stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def saved_key(key: int | None) -> int:
    """A key the database has set: a row's id once flushed or read back, or a nullable key
    column where the query only reads rows that have one. None there is a bug, never user input."""
    if key is None:
        raise ValueError("a key the database sets is None: the row was never flushed")
    return key


class ComparisonStatus(StrEnum):
    PENDING = "pending"  # stored, waiting for a worker
    RUNNING = "running"  # claimed by a worker, which renews lease_expires_at while it computes
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
    # Bumped whenever this outlet's labels (or the sets and values they name) change: cached
    # comparison pages showing the outlet key on it, as they key on its name.
    labels_rev: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class OutletPublic(OutletBase):
    id: int
    articles: int = 0
    labels: dict[str, str] = Field(default_factory=dict)  # label set name -> this outlet's value


class LabelSet(SQLModel, table=True):
    """A way of describing outlets that the operator defines (country, ownership, kind, lean...).

    Parallax ships none: every set and value is the operator's own data, and ``source`` says whose."""

    __tablename__ = "label_set"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=100, unique=True)
    source: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class LabelValue(SQLModel, table=True):
    """One value a label set allows, in the order the operator listed them (left, centre, right)."""

    __tablename__ = "label_value"
    __table_args__ = (UniqueConstraint("label_set_id", "name_key", name="uq_label_value_name"),)
    id: int | None = Field(default=None, primary_key=True)
    label_set_id: int = Field(foreign_key="label_set.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=100)
    position: int = 0


class OutletLabel(SQLModel, table=True):
    """An outlet's value in one label set: at most one per set, so a set splits outlets into sides."""

    __tablename__ = "outlet_label"
    outlet_id: int = Field(foreign_key="outlet.id", primary_key=True, ondelete="CASCADE")
    label_set_id: int = Field(foreign_key="label_set.id", primary_key=True, ondelete="CASCADE")
    value_id: int = Field(foreign_key="label_value.id", index=True, ondelete="CASCADE")


class Story(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class ArticleBase(SQLModel):
    """What is known about an article besides its text and outlet."""

    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000, description="http or https address of the original")
    author: str | None = Field(default=None, max_length=500)
    language: str | None = Field(
        default=None,
        max_length=16,
        description='ISO 639-1 code such as "de" or "ar"; detected from the text when empty',
    )


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


class ArticleTerm(SQLModel, table=True):
    """One word of an article's title and lead with its term frequency, stored when it is added.

    The postings of the story matcher (app.analysis.stories): a new article reads those of its
    rarest words (by term, newest first) to find the stored articles it may be about."""

    __tablename__ = "article_term"
    term: str = Field(max_length=64, primary_key=True)
    article_id: int = Field(foreign_key="article.id", primary_key=True, index=True, ondelete="CASCADE")
    weight: float


class ArticleVector(SQLModel, table=True):
    """An article's story terms packed in one row (JSON pairs of term and weight, read back to score
    it as a candidate), and their term-frequency length (to rank candidates before that)."""

    __tablename__ = "article_vector"
    article_id: int = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    tf_norm: float
    terms: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))


class TermCount(SQLModel, table=True):
    """How many stored articles use a term (the IDF's document frequency), kept as they come and go.

    The row of the empty term, which no word can be, counts the articles indexed."""

    __tablename__ = "term_count"
    term: str = Field(max_length=64, primary_key=True)
    articles: int = 0


class _ArticleInput(ArticleBase):
    """Metadata as users type it: one line each, checked against the limits once cleaned."""

    model_config = SQLModelConfig(extra="forbid")  # ConfigDict's shape, as SQLModel types it
    outlet: str | None = Field(
        None, max_length=200, description="publisher; taken from the page or the URL's domain when missing"
    )
    published: str | None = Field(None, description="ISO date, e.g. 2025-04-18 or 2025-04-18T09:30:00Z")

    @field_validator("outlet", "title", "url", "author", "language", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        # Control characters (a pasted newline) become spaces, bidi and zero-width marks go;
        # blanks become "" (a cleared field).
        return clean_line(value) if isinstance(value, str) else value

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
    story_id: RowIdValue | None = None

    @field_validator("text")
    @classmethod
    def _storable_text(cls, value: str) -> str:
        return refuse_nul(value, "text")


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
    # Bumped whenever a reader's correction is made or undone: cached pages key on it.
    corrections_rev: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # How many times a worker has started computing it (reset when an admin retries it), and until
    # when the running worker's claim holds: a worker renews it while it computes, and a lapsed
    # lease (the worker died) sends the comparison back to the queue, or to "failed" after the
    # last attempt.
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    lease_expires_at: datetime | None = Field(default=None, index=True)


class Correction(SQLModel, table=True):
    """A reader's correction of a comparison's analysis, kept apart from the computed result.

    ``target`` names the passages it is about by their text (the article's content hash and the
    passage's words), never by claim ids or offsets, so it applies again after a recompute."""

    id: int | None = Field(default=None, primary_key=True)
    comparison_id: int = Field(foreign_key="comparison.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=32)  # merge | split | not_discrepancy
    target: dict = Field(sa_column=Column(JSON, nullable=False))
    summary: str = Field(max_length=1000)  # what was corrected, in words, for the list
    reason: str = Field(max_length=1000)
    author: str | None = Field(default=None, max_length=100)  # the name the reader gave, if any
    role: str = Field(max_length=16)  # admin | uploader | reader: which right they used
    created_at: datetime = Field(default_factory=utcnow)
    undone_at: datetime | None = None
    undone_by: str | None = Field(default=None, max_length=130)


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
