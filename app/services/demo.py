"""The bundled demo story, loaded into an empty database so a newcomer sees real content."""

from __future__ import annotations

import contextlib
import json

from sqlmodel import Session

from app.models import ArticleCreate, saved_key
from app.services import labels
from app.services.articles import count_articles, list_outlets
from app.services.comparisons import create_for_story
from app.services.errors import Duplicate
from app.services.ingest import ingest
from app.services.stories import create_story
from app.settings import Settings


def load_demo(session: Session, settings: Settings) -> int | None:
    """Store the demo articles as one story if the database holds no article; return its id."""
    if count_articles(session) > 0:
        return None
    manifest = json.loads((settings.demo_dir / "manifest.json").read_text(encoding="utf-8"))
    story = create_story(session, manifest["story"])
    for entry in manifest["articles"]:
        text = (settings.demo_dir / entry["file"]).read_text(encoding="utf-8")
        fields = {k: entry.get(k) for k in ("outlet", "title", "author", "published", "url")}
        with contextlib.suppress(Duplicate):  # another process loaded it at the same moment
            ingest(session, settings, ArticleCreate(text=text, story_id=story.id, **fields))
    # The demo's comparison, so the home page leads to a finished comparison in one click.
    create_for_story(session, settings, saved_key(story.id))
    load_labels(session, manifest.get("labels", []))
    return story.id


def load_labels(session: Session, label_sets: list[dict]) -> None:
    """The demo's label sets: facts a user could define (the country an outlet is based in), never a rating."""
    known = {s.name for s in labels.list_sets(session)}
    outlets = {o.name: o.id for o in list_outlets(session)}
    for entry in label_sets:
        if entry["name"] in known:
            continue
        labels.create_set(
            session, labels.LabelSetIn(name=entry["name"], values=entry["values"], source=entry["source"])
        )
        for outlet, value in entry["outlets"].items():
            if outlet in outlets:
                labels.assign(session, outlets[outlet], {entry["name"]: value})
