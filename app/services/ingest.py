"""Turn what a user hands in (pasted text, a file, a web page, JSON) into one stored Article.

The form, the API, the CLI, the bookmarklet and bulk imports all come through :func:`ingest`,
so the same input gives the same row whichever door it used.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath

import charset_normalizer
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.analysis.language import detect_language, language_code
from app.models import NUL_REFUSED, Article, ArticleCreate, Outlet, Story, clean_line, is_blank, name_key, saved_key
from app.services import story_index
from app.services.errors import Duplicate, TooLarge, UnsupportedMedia, UserError
from app.services.metadata import PageMeta, canonical_url, domain_of, read_html
from app.services.stories import place_in_story
from app.services.story_index import story_lock
from app.settings import Settings

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
NO_META = PageMeta(text="")


@dataclass(frozen=True)
class Upload:
    """A file handed in with an article (form, multipart API, CLI)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Page:
    """A web page handed in for an article: fetched from its URL, or sent by the bookmarklet.

    ``source`` is the page decoded (HTML, or plain text), kept as the article's HTML;
    ``found_at`` is where it was found (after redirects): relative links and a missing
    canonical URL are read against it. ``reviewed``: the uploader saw and corrected the
    metadata, so a field they left empty stays empty instead of being filled from the page.
    """

    source: str
    found_at: str
    reviewed: bool = False


def ingest(session: Session, settings: Settings, given: ArticleCreate, body: Upload | Page | None = None) -> Article:
    """Extract and store one article (its metadata already validated); raise a UserError saying what is wrong.

    The text comes from ``body`` when one is handed in (a file, a web page), else from ``given.text``;
    the fields in ``given`` win over what the page says about itself. Reading the input happens
    before the story lock is taken; storing the article, its outlet and its story is one
    transaction under it, so concurrent uploads queue once, not at each of several commits."""
    extracted = _extract(given, body, settings)
    for attempt in (1, 2):
        try:
            with story_lock(session):
                article = _store(session, extracted)
            break
        except IntegrityError:  # a concurrent writer outside the lock stored the same outlet or text
            existing = session.exec(select(Article).where(Article.content_hash == extracted.digest)).first()
            if existing is not None:
                raise _duplicate(existing) from None
            if attempt == 2:
                raise
    session.refresh(article)
    return article


def ingest_batch(
    session: Session, settings: Settings, items: Sequence[tuple[ArticleCreate, Upload | Page | None]]
) -> list[Article | UserError]:
    """Store many articles in one transaction, matching each to its story as :func:`ingest` would.

    For bulk imports: every input read first, then one commit and one hold of the story lock for
    the whole batch, and the stored terms of candidate articles read once for the batch. Each
    item gives its article or the UserError that refused it (the others are stored all the same).
    A database error rolls the whole batch back and is raised: the caller may store its items one
    by one instead."""
    read: list[_Extracted | UserError] = []
    for given, body in items:
        try:
            read.append(_extract(given, body, settings))
        except UserError as exc:
            read.append(exc)
    results: list[Article | UserError] = []
    stored: list[Article] = []
    with story_lock(session):
        batch = story_index.Batch()  # candidates' terms read once, term counts written once
        for item in read:
            try:
                article = item if isinstance(item, UserError) else _store(session, item, batch)
            except UserError as exc:
                article = exc
            results.append(article)
            if isinstance(article, Article):
                stored.append(article)
        batch.write(session)
    for article in stored:
        session.refresh(article)
    return results


@dataclass(frozen=True)
class _Extracted:
    """What an input says, read and checked before the database is asked anything."""

    given: ArticleCreate
    text: str
    html: str | None
    meta: PageMeta  # what the page says about itself (nothing when the uploader reviewed it)
    canonical_url: str | None
    digest: str
    published: datetime | None
    language: str


def _extract(given: ArticleCreate, body: Upload | Page | None, settings: Settings) -> _Extracted:
    """The text, metadata and language of an input, or the UserError saying what is wrong with it."""
    published = parse_date(given.published)
    language = checked_language(given.language)
    text, html, found = _body(given, body, settings)
    if is_blank(text):  # zero-width and other invisible characters only count as nothing
        raise UserError("The article has no text: paste it or upload a file.", field="text")
    refuse_nul_text(text)
    if html is not None and "\x00" in html:
        raise UserError(NUL_REFUSED.format(what="page"), field="text")
    meta = NO_META if isinstance(body, Page) and body.reviewed else found
    return _Extracted(
        given=given,
        text=text,
        html=html,
        meta=meta,
        canonical_url=found.canonical_url,
        digest=content_hash(text),
        published=published,
        language=language or detect_language(text),
    )


def _store(session: Session, read: _Extracted, batch: story_index.Batch | None = None) -> Article:
    """Under the story lock: the article stored (not a duplicate, its story exists, its outlet found or
    made) and put in its story, flushed; the lock's transaction commits it."""
    given, meta = read.given, read.meta
    _check_new(session, read.digest, given.story_id)
    url = given.url or None  # "" is no URL
    domain = domain_of(read.canonical_url or url)
    outlet_name = given.outlet or clean_line(meta.outlet or "") or domain
    if not outlet_name or not outlet_key(outlet_name):
        raise UserError("Say which outlet published it, or give its URL.", field="outlet")
    article = Article(
        outlet_id=saved_key(get_or_create_outlet(session, outlet_name, domain, commit=False).id),
        story_id=given.story_id,
        title=given.title or _line_or_none(meta.title) or _first_line(read.text),
        url=url,
        canonical_url=read.canonical_url,
        author=given.author or _line_or_none(meta.author),
        published_at=read.published or meta.published,
        text=read.text,
        html=read.html,
        content_hash=read.digest,
        language=read.language,
    )
    session.add(article)
    session.flush()
    if given.story_id is None:
        place_in_story(session, article, batch)  # joins the story it covers, or starts one
    else:
        story_index.index_article(session, article, batch)  # findable by the articles that come after it
    return article


def checked_language(value: str | None) -> str | None:
    """The code of a language a user named ("de", "pt-BR", "German"); None when left empty (detect it)."""
    if not value:
        return None
    code = language_code(value)
    if code is None:
        raise UserError(
            f"Parallax does not know the language {value[:40]!r}: give an ISO 639-1 code such as de, fr or ar, "
            "or leave it empty to detect it from the text.",
            field="language",
        )
    return code


def _check_new(session: Session, digest: str, story_id: int | None) -> None:
    """The text is not stored yet, and the story it is put in exists."""
    existing = session.exec(select(Article).where(Article.content_hash == digest)).first()
    if existing is not None:
        raise _duplicate(existing)
    if story_id is not None and session.get(Story, story_id) is None:
        raise UserError(f"There is no story {story_id}.", field="story_id")


def _duplicate(existing: Article) -> Duplicate:
    return Duplicate(f"This text is already stored as article {existing.id}.", existing_id=saved_key(existing.id))


def content_hash(text: str) -> str:
    """Hash of the normalised text: the same article pasted twice hashes the same."""
    normal = unicodedata.normalize("NFKC", text)
    normal = re.sub(r"\s+", " ", normal).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def outlet_key(name: str) -> str:
    """The key that makes names one outlet (see models.name_key): NFKC, invisible marks out, casefolded."""
    return name_key(name)


def get_or_create_outlet(session: Session, name: str, domain: str | None = None, commit: bool = True) -> Outlet:
    """The outlet of this name, made if new; ``commit=False`` only flushes (inside a batch's transaction)."""
    name = clean_line(name)
    key = outlet_key(name)
    if not key:
        raise UserError("Say which outlet published it: the name has no visible characters.", field="outlet")
    outlet = session.exec(select(Outlet).where(Outlet.name_key == key)).first()
    if outlet is not None:
        if domain and not outlet.domain:  # known before by name only: now we know its site
            outlet.domain = domain
            session.add(outlet)
            session.commit() if commit else session.flush()
            session.refresh(outlet)
        return outlet
    outlet = Outlet(name=name, name_key=key, domain=domain)
    session.add(outlet)
    if not commit:
        session.flush()
        return outlet
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # created meanwhile by a concurrent request
        return session.exec(select(Outlet).where(Outlet.name_key == key)).one()
    session.refresh(outlet)
    return outlet


def parse_date(value: str | None) -> datetime | None:
    """ISO dates ("2025-04-18", "2025-04-18T09:30", with or without a zone); no zone means UTC."""
    if value is None or not value.strip():
        return None
    raw = value.strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"Could not read the date {raw[:40]!r}: write it as YYYY-MM-DD.", field="published") from None
    parsed = parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if not 1800 <= parsed.year <= 2200:
        raise UserError(f"The date {raw[:40]!r} is out of range.", field="published")
    return parsed


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = clean_line(line).strip(" \t#*")
        if line:
            return line[:200]
    return None


def _line_or_none(value: str | None) -> str | None:
    """Metadata a page says about itself, cleaned as typed metadata is (bidi and zero-width marks out)."""
    return clean_line(value) or None if value else None


def refuse_nul_text(text: str) -> None:
    """The text (typed, uploaded or extracted from a page) is stored as it is: NUL, which PostgreSQL
    cannot store, is refused on every database with the reason."""
    if "\x00" in text:
        raise UserError(NUL_REFUSED.format(what="text"), field="text")


def _body(given: ArticleCreate, body: Upload | Page | None, settings: Settings) -> tuple[str, str | None, PageMeta]:
    """The text to store, the original HTML if any, and what that HTML says about itself."""
    if isinstance(body, Upload):
        if len(body.data) > settings.max_upload_bytes:
            raise TooLarge(_too_large(settings), field="file")
        suffix = PurePosixPath(body.filename.lower()).suffix
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            raise UnsupportedMedia(f"{body.filename!r} is not a .txt, .md, .html or .htm file.", field="file")
        decoded = decode_bytes(body.data)
        if suffix in HTML_SUFFIXES:
            return _from_html(decoded, given.url)
        return decoded, None, NO_META
    text, base_url = (body.source, body.found_at) if body is not None else (given.text, given.url)
    if len(text.encode("utf-8", "surrogatepass")) > settings.max_upload_bytes:
        raise TooLarge(_too_large(settings), field="text")
    if looks_like_html(text):
        return _from_html(text, base_url)
    return text, None, NO_META if body is None else PageMeta(text=text, canonical_url=canonical_url(None, base_url))


def _too_large(settings: Settings) -> str:
    return f"The article is larger than the {settings.max_upload_bytes:,} bytes allowed."


def decode_bytes(data: bytes) -> str:
    """Text from bytes in whatever encoding they came in; refuse what is not text."""
    if not data:
        return ""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedMedia("The file is binary, not text.", field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise UnsupportedMedia("The file is not text in any encoding we could recognise.", field="file")
    return str(_likeliest(matches))


# Encodings by how common they are on the web: when a short text decodes equally cleanly in
# several (cp775 and cp1252 agree on ASCII), the common one is the better bet.
COMMON_ENCODINGS = [
    "utf_8",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "gb2312",
    "big5",
    "euc_kr",
    "cp1250",
    "iso8859_2",
    "cp1256",
    "cp1253",
    "cp1254",
    "utf_16",
    "utf_32",
]


def _likeliest(matches: list) -> object:
    cleanest = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= cleanest + 0.01]
    known = [m for m in clean if m.encoding in COMMON_ENCODINGS]
    return min(known, key=lambda m: COMMON_ENCODINGS.index(m.encoding)) if known else clean[0]


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _from_html(html: str, base_url: str | None) -> tuple[str, str, PageMeta]:
    meta = read_html(html, base_url)
    return meta.text, html, meta
