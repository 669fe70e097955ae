"""One outlet: what it published, the stories and comparisons it appears in, its labels; and the
admin's renaming of an outlet and merging of two spellings of one outlet into one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import func, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app.models import Article, ComparisonArticle, Outlet, Story, aware
from app.services import comparison_index, labels
from app.services.comparison_index import ComparisonSummary
from app.services.errors import Conflict, NotFound, UserError
from app.services.ingest import outlet_key

SHOWN_ARTICLES = 100
SHOWN_COMPARISONS = 50
_DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


@dataclass(frozen=True)
class OutletArticle:
    id: int
    title: str | None
    url: str | None
    published_at: datetime | None
    story_id: int | None

    def __post_init__(self) -> None:
        if self.published_at is not None:
            object.__setattr__(self, "published_at", aware(self.published_at))


@dataclass(frozen=True)
class OutletStory:
    id: int
    title: str
    articles: int


@dataclass(frozen=True)
class OutletDetail:
    outlet: Outlet
    labels: list[tuple[labels.SetView, labels.ValueView]]  # this outlet's value in each set that has one
    articles: list[OutletArticle]
    articles_total: int
    stories: list[OutletStory]
    comparisons: list[ComparisonSummary]


def get_outlet(session: Session, outlet_id: int) -> Outlet:
    outlet = session.get(Outlet, outlet_id)
    if outlet is None:
        raise NotFound(f"There is no outlet {outlet_id}.")
    return outlet


def outlet_detail(session: Session, outlet_id: int) -> OutletDetail:
    """Everything the outlet page and its JSON twin show, in a few queries whatever its size."""
    outlet = get_outlet(session, outlet_id)
    book = labels.book(session, [outlet_id])
    own = [
        (label_set, value)
        for label_set in book.sets
        if (value := label_set.value(book.value_of(outlet_id, label_set.id))) is not None
    ]
    of_outlet = Article.outlet_id == outlet_id
    total = session.exec(select(func.count()).select_from(Article).where(of_outlet)).one()
    # Select itself, its row type given: sqlmodel's select() is typed for at most four columns.
    newest = cast(
        "Select[int, str | None, str | None, datetime | None, int | None]",
        Select(col(Article.id), col(Article.title), col(Article.url), col(Article.published_at), col(Article.story_id))
        .where(of_outlet)
        .order_by(col(Article.published_at).desc(), col(Article.id).desc())
        .limit(SHOWN_ARTICLES),
    )
    stories = (
        select(Story.id, Story.title, func.count(col(Article.id)))
        .join(Article, col(Article.story_id) == Story.id)
        .where(of_outlet)
        .group_by(col(Story.id), col(Story.title))
        .order_by(func.max(Article.published_at).desc(), col(Story.id).desc())
    )
    holding = (
        select(ComparisonArticle.comparison_id)
        .join(Article, col(Article.id) == ComparisonArticle.article_id)
        .where(of_outlet)
    )
    return OutletDetail(
        outlet,
        own,
        [OutletArticle(*row) for row in session.exec(newest)],
        total,
        [OutletStory(*row) for row in session.exec(stories)],
        comparison_index.holding(session, holding, SHOWN_COMPARISONS),
    )


def clean_domain(value: str | None) -> str | None:
    """A bare host name ("example.com"), lower-cased; a URL's host is taken; anything else is refused."""
    raw = (value or "").strip().lower()
    if not raw:
        return None
    raw = re.sub(r"^https?://", "", raw).split("/")[0].removeprefix("www.")
    if not _DOMAIN.match(raw):
        raise UserError(f"{value!r} is not a domain name such as example.com.", field="domain")
    return raw


def rename_outlet(session: Session, outlet_id: int, name: str | None = None, domain: str | None = None) -> Outlet:
    """Change an outlet's name (another outlet's name is refused: merge them instead) or domain ("" clears it)."""
    outlet = get_outlet(session, outlet_id)
    if name is None and domain is None:
        raise UserError("Nothing to change: send a name or a domain.", field="name")
    if name is not None:
        cleaned = " ".join(name.split())
        if not cleaned:
            raise UserError("An outlet needs a name.", field="name")
        taken = session.exec(
            select(Outlet).where(Outlet.name_key == outlet_key(cleaned), Outlet.id != outlet_id)
        ).first()
        if taken is not None:
            raise Conflict(
                f"There is already an outlet called {taken.name!r} (outlet {taken.id}): merge the two instead.",
                field="name",
                extra={"existing_id": taken.id},
            )
        outlet.name, outlet.name_key = cleaned, outlet_key(cleaned)
    if domain is not None:
        outlet.domain = clean_domain(domain)
    session.add(outlet)
    session.commit()
    session.refresh(outlet)
    return outlet


def merge_outlets(session: Session, source_id: int, target_id: int) -> Outlet:
    """Two spellings of one outlet become one: ``source``'s articles move to ``target`` and ``source`` is removed.

    The target keeps its name, domain (or takes the source's when it has none) and labels, and
    takes the source's labels in sets where it has none."""
    if source_id == target_id:
        raise UserError("Choose another outlet to merge this one into.", field="into")
    source, target = get_outlet(session, source_id), get_outlet(session, target_id)
    session.exec(update(Article).where(col(Article.outlet_id) == source_id).values(outlet_id=target_id))
    labels.merge_labels(session, source_id, target_id)
    if not target.domain and source.domain:
        target.domain = source.domain
        session.add(target)
    session.flush()
    session.delete(source)
    session.commit()
    session.refresh(target)
    return target
