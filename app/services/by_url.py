"""Adding an article by its URL: fetch the page safely, read it as an uploaded HTML file is, store it.

Two steps, so the form can show what was found before anything is stored: :func:`fetch_draft`
(or :func:`read_draft` for HTML the browser already has, from the bookmarklet) makes a
:class:`Draft`; :func:`save_draft` stores it with the uploader's corrections. The API takes
both steps at once with :func:`add_by_url`; bulk imports (services/imports.py) fetch with
:func:`fetch_source` and store the :class:`~app.services.ingest.Page` as it is.
"""

from __future__ import annotations

import asyncio
import codecs
import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from app.analysis.language import detect_language
from app.models import Article, ArticleCreate
from app.services.errors import UserError
from app.services.fetch import FetchedPage, FetchError, FetchPolicy, fetch_page
from app.services.ingest import Page, Upload, decode_bytes, ingest, looks_like_html
from app.services.metadata import read_html
from app.settings import Settings

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# How much of the text the review step shows: enough to recognise the article.
PREVIEW_CHARS = 600


@dataclass(frozen=True)
class Draft:
    """A page read but not stored: what the review step shows for correction."""

    url: str  # as given
    page_url: str  # where the page was found (after redirects)
    source: str  # the page as fetched or sent, decoded: stored as the article's HTML
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: datetime | None = None
    canonical_url: str | None = None

    @property
    def preview(self) -> str:
        return self.text[:PREVIEW_CHARS] + ("…" if len(self.text) > PREVIEW_CHARS else "")

    def fields(self) -> dict[str, str]:
        """The metadata as the review form shows it (a date with its zone, as the page gave it)."""
        return {
            "url": self.url,
            "title": self.title or "",
            "outlet": self.outlet or "",
            "author": self.author or "",
            "published": self.published.isoformat() if self.published else "",
            "language": detect_language(self.text) if self.text.strip() else "",  # to confirm or correct
        }


def read_draft(url: str, source: str, page_url: str | None = None) -> Draft:
    """A draft from a page's HTML (or plain text) found at ``page_url`` (default: ``url``)."""
    page_url = page_url or url
    if not looks_like_html(source):
        return Draft(url=url, page_url=page_url, source=source, text=source.strip(), canonical_url=page_url)
    meta = read_html(source, page_url)
    return Draft(
        url=url,
        page_url=page_url,
        source=source,
        text=meta.text,
        title=meta.title,
        outlet=meta.outlet,
        author=meta.author,
        published=meta.published,
        canonical_url=meta.canonical_url,
    )


async def fetch_source(url: str, policy: FetchPolicy) -> tuple[str, str]:
    """The page at ``url`` decoded, and where it was found; FetchError says why it was not fetched."""
    page = await fetch_page(url.strip(), policy)
    return decode_page(page), page.final_url


async def fetch_draft(url: str, settings: Settings, policy: FetchPolicy | None = None) -> Draft:
    """Fetch ``url`` under the settings' policy and read it for review."""
    source, page_url = await fetch_source(url, policy or FetchPolicy.from_settings(settings))
    return await asyncio.to_thread(read_draft, url.strip(), source, page_url)  # parsing is CPU work: off the loop


def decode_page(page: FetchedPage) -> str:
    """The page's text: the charset its headers name, else its <meta charset>, else detected."""
    for name in (page.charset, _meta_charset(page.body) if page.content_type != "text/plain" else None):
        if name and _known_codec(name):
            return page.body.decode(name, errors="replace")
    try:
        return decode_bytes(page.body)
    except UserError as exc:  # said of a "file": say it of the URL
        raise FetchError(f"The page is not readable text: {exc.message}", reason="encoding") from None


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:4096])
    return found.group(1).decode("ascii") if found else None


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def only_url(given: ArticleCreate, upload: Upload | None) -> bool:
    """Only a URL was handed in (no text, no file): the page is to be fetched."""
    return bool(given.url) and upload is None and not given.text.strip()


def save_draft(session: Session, settings: Settings, draft: Draft, corrected: ArticleCreate) -> Article:
    """Store the draft with the uploader's metadata, which is final: a field cleared stays cleared."""
    return ingest(session, settings, corrected, Page(draft.source, draft.page_url, reviewed=True))


def add_by_url(
    session: Session, settings: Settings, given: ArticleCreate, policy: FetchPolicy | None = None
) -> Article:
    """Fetch ``given.url`` and store it, in one blocking call (the API); the fields in ``given`` win over the page's."""
    if not given.url:
        raise FetchError("Give the URL of the article.", reason="url")
    source, page_url = asyncio.run(fetch_source(given.url, policy or FetchPolicy.from_settings(settings)))
    return ingest(session, settings, given, Page(source, page_url))
