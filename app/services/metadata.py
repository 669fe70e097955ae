"""What a page says about itself (site name, byline, title, date, address), cleaned for review.

Pages describe themselves carelessly: the site name in the metadata is often the copyright
line ("© Spox 2022", "Harbour Gazette Ltd"), the byline runs into the date line ("CBS News
February"), the title carries the site's name ("… | Harbour Gazette"). These pure functions
clean each field the same way for every door (an uploaded HTML file, a fetched page, the
bookmarklet), and :func:`read_html` applies them to trafilatura's extraction. No I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from urllib.parse import urljoin, urlsplit

import trafilatura
from babel import Locale
from trafilatura.settings import set_date_params

# Legal forms of companies that sites append to their names (English, German, French,
# Spanish, Italian, Dutch, Nordic), longest first so "GmbH & Co. KG" goes before "KG".
# A final dot is optional when matching, so "Inc." covers "Inc".
LEGAL_FORMS = sorted(
    (
        "Ltd|Limited|LLC|L.L.C.|LLP|Inc.|Incorporated|Corp.|Corporation|PLC|plc|Pty Ltd|Pty. Ltd.|Co.|& Co.|"
        "GmbH|gGmbH|GmbH & Co. KG|KG|KGaA|AG|SE|e.V.|S.A.|SA|S.A.S.|SAS|SARL|S.à r.l.|S.L.|SL|S.p.A.|SpA|"
        "S.r.l.|Srl|B.V.|BV|N.V.|NV|A/S|AS|ASA|AB|Oy|Oyj"
    ).split("|"),
    key=len,
    reverse=True,
)
# Languages whose month and weekday names are taken from CLDR to recognise a date line.
DATE_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")

_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|\bcopr\.", re.IGNORECASE)
_RIGHTS = re.compile(r"\ball rights reserved\b\.?|\btous droits réservés\b|\balle rechte vorbehalten\b", re.I)
_YEARS = re.compile(r"\b(?:1[89]|20)\d{2}(?:\s*[-–—/]\s*(?:1[89]|20)\d{2})?\b")
# " | ", " · ", " – ", " — " and a spaced hyphen separate a name from a tagline or a title from the site.
_SEPARATOR = re.compile(r"\s*[|·•]\s*|\s+[-–—]\s+")
_EDGE_PUNCTUATION = " \t,;:.-–—|·•/"
# Only the English "By": "von", "di" or "de" also begin names (von der Leyen, Di Maio).
_BYLINE_PREFIX = re.compile(r"^by\b[:\s]*", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(r"\s*;\s*|\s+and\s+|\s*&\s*", re.IGNORECASE)
_CONTACT = re.compile(r"\S+@\S+|https?://\S+|(?<!\w)@\w+")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?|\b\d+\b", re.IGNORECASE)
_DATE_WORDS = re.compile(r"\b(?:updated|published|posted|am|pm|utc|gmt|et|edt|est|cet|cest|bst)\b", re.I)
# htmldate's output with the time and zone, so a page's "09:30+02:00" is not cut to a date.
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


@dataclass(frozen=True)
class PageMeta:
    """The main text of an HTML page and what its metadata says, cleaned."""

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: datetime | None = None  # aware, in the page's own zone when it gave one
    canonical_url: str | None = None


def read_html(html: str, base_url: str | None = None) -> PageMeta:
    """The main text (via trafilatura) and cleaned metadata of ``html`` found at ``base_url``."""
    doc = trafilatura.bare_extraction(
        html,
        url=base_url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={**set_date_params(), "outputformat": DATE_FORMAT},
    )
    if doc is None:
        return PageMeta(text="", canonical_url=canonical_url(None, base_url))
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = "\n\n".join(line.strip() for line in (data.get("text") or "").splitlines() if line.strip())
    domain = domain_of(base_url) or data.get("hostname")
    outlet = clean_outlet(data.get("sitename"))
    return PageMeta(
        text=text,
        title=clean_title(data.get("title"), outlet, domain),
        outlet=outlet,
        author=clean_authors(data.get("author"), outlet, domain),
        published=page_date(data.get("date")),
        canonical_url=canonical_url(data.get("url"), base_url),
    )


def clean_outlet(name: str | None) -> str | None:
    """A site name without copyright signs, years, legal forms or a tagline after a separator."""
    if not name:
        return None
    name = _RIGHTS.sub(" ", _COPYRIGHT.sub(" ", unicodedata.normalize("NFKC", name)))
    name = _YEARS.sub(" ", name)
    for segment in _SEPARATOR.split(name):
        cleaned = _without_legal_form(_tidy(segment))
        if _has_letters(cleaned):
            return cleaned
    return None


def _without_legal_form(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            # The final dot is optional: tidying may have taken it ("S.p.A." -> "S.p.A").
            pattern = re.compile(r"[\s,]+" + re.escape(form.rstrip(".")) + r"\.?$", _form_flags(form))
            shorter = _tidy(pattern.sub("", name))
            if shorter != name and _has_letters(shorter):
                name, changed = shorter, True
                break
    return name


def _form_flags(form: str) -> int:
    # "Limited" or "GMBH" in any case; short forms ("SA", "AS", "SE") only as written: in lower
    # case they are ordinary words ("as", "se").
    return re.IGNORECASE if form.isalpha() and len(form) > 3 else 0


def clean_title(title: str | None, outlet: str | None, domain: str | None = None) -> str | None:
    """The title without the site's name before or after a separator ("Headline | Gazette")."""
    if not title:
        return None
    title = _tidy(title)
    cuts = list(_SEPARATOR.finditer(title))
    if cuts:
        if _same_outlet(title[cuts[-1].end() :], outlet, domain):
            title = title[: cuts[-1].start()]
        elif _same_outlet(title[: cuts[0].start()], outlet, domain):
            title = title[cuts[0].end() :]
    return _tidy(title) or None


def split_authors(value: str | None) -> list[str]:
    """Names from a byline: split on ";", "and" and "&", and on commas between full names."""
    if not value:
        return []
    parts = [p for p in _AUTHOR_SEPARATOR.split(value) if p.strip()]
    names: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        # "Doe, Jane" is one name; "Jane Doe, John Smith" are two.
        if len(pieces) > 1 and all(len(p.split()) > 1 for p in pieces):
            names.extend(pieces)
        else:
            names.append(part.strip())
    return names


def clean_authors(value: str | None, outlet: str | None = None, domain: str | None = None) -> str | None:
    """The byline's people as "A; B": no "By", contacts, times or a date line; the outlet is no author."""
    names: list[str] = []
    for raw in split_authors(value):
        name = _tidy(_TIME.sub(" ", _CONTACT.sub(" ", _BYLINE_PREFIX.sub("", raw.strip()))))
        if not _has_letters(name) or _same_outlet(_without_date_words(name), outlet, domain):
            continue
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return "; ".join(names) or None


def _without_date_words(name: str) -> str:
    """The name with date-line words removed ("CBS News February" -> "CBS News"), for comparison only."""
    words = [w for w in _DATE_WORDS.sub(" ", name).split() if w.casefold().strip(".,") not in _calendar_words()]
    return " ".join(words)


@cache
def _calendar_words() -> frozenset[str]:
    """Month and weekday names, wide and abbreviated, in DATE_LANGUAGES (from CLDR via Babel)."""
    words: set[str] = set()
    for code in DATE_LANGUAGES:
        locale = Locale.parse(code)
        for table in (locale.months, locale.days):
            for width in ("wide", "abbreviated"):
                for context in ("format", "stand-alone"):
                    words.update(str(v).casefold().strip(".") for v in table[context][width].values())
    return frozenset(words)


def page_date(value: str | None) -> datetime | None:
    """A date from the page's metadata, aware: its zone kept when it gave one, else UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if not 1800 <= parsed.year <= 2200:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def canonical_url(found: str | None, base_url: str | None) -> str | None:
    """The page's own address (rel=canonical or og:url, resolved against where it was found), http(s) only."""
    candidate = urljoin(base_url, found.strip()) if found and base_url else (found or base_url)
    if not candidate:
        return None
    parts = urlsplit(candidate.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname or len(candidate) > 2000:
        return None
    return candidate.strip()


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` without "www.", the way the outlets page shows it."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _same_outlet(candidate: str | None, outlet: str | None, domain: str | None) -> bool:
    key = _name_key(clean_outlet(candidate) or candidate or "")
    if not key:
        return False
    known = {_name_key(outlet or "")}
    if domain:
        known.add(_name_key(domain.split(".")[0]))  # "cbsnews.com" -> "cbsnews"
        known.add(_name_key(domain))
    return key in known - {""}


def _name_key(name: str) -> str:
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", name).casefold())


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(_EDGE_PUNCTUATION)


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
