"""Page furniture in the forms news sites print it, in English and other languages (invented
lines): found with its kind, while reporting around it stays content."""

from __future__ import annotations

import pytest

from app.analysis.boilerplate import find_removed
from app.analysis.options import AnalysisOptions

OPTS = AnalysisOptions()
BODY = "Harbour officials closed the port on Monday after a storm damaged two cranes.\n\n"


def removed(text: str, language: str = "en"):
    return [(text[r.start : r.end], r.kind) for r in find_removed(text, OPTS, language)]


@pytest.mark.parametrize(
    "line,span,kind",
    [
        ("WASHINGTON — The port closed on Monday.", "WASHINGTON —", "dateline"),
        ("JAKARTA, Indonesia (AP) — The port closed on Monday.", "JAKARTA, Indonesia (AP) —", "dateline"),
        ("LONDON (Reuters) - The port closed on Monday.", "LONDON (Reuters) -", "dateline"),
        ("Updated 4:08 p.m. ET", "Updated 4:08 p.m. ET", "dateline"),
        ("May 2, 2013, 1:12 PM", "May 2, 2013, 1:12 PM", "dateline"),
        ("Reporting by Ana Costa; Editing by Tom Hale", "Reporting by Ana Costa; Editing by Tom Hale", "byline"),
        ("Advertisement", "Advertisement", "advertisement"),
        ("Share | Tweet | Email", "Share | Tweet | Email", "share-widget"),
        ("Sign up for our morning newsletter", "Sign up for our morning newsletter", "promo"),
        ("Read more: Storm closes second port", "Read more: Storm closes second port", "related-link"),
        ("Editor's note: This story was updated.", "Editor's note: This story was updated.", "editor-note"),
        ("| 09:00 | Lisbon | Porto |", "| 09:00 | Lisbon | Porto |", "table-row"),
    ],
)
def test_english_furniture_is_found_with_its_kind(line, span, kind):
    assert (span, kind) in removed("Storm shuts port\n\n" + BODY + line + "\n\n" + BODY)


def test_reporting_after_a_dateline_stays_content():
    text = "Storm shuts port\n\nLONDON (Reuters) - The port closed on Monday after a storm.\n\n" + BODY
    assert removed(text) == [("LONDON (Reuters) -", "dateline")]


def test_a_bullet_point_of_reporting_is_not_boilerplate():
    text = "Storm shuts port\n\n" + BODY + "- Two cranes were damaged and one worker was injured.\n\n" + BODY
    assert removed(text) == []


@pytest.mark.parametrize(
    "language,line,kind",
    [
        ("de", "Werbung", "advertisement"),
        ("de", "Lesen Sie auch: Sturm schließt zweiten Hafen", "related-link"),
        ("fr", "Publicité", "advertisement"),
        ("fr", "Lire aussi : La tempête ferme un second port", "related-link"),
        ("es", "Publicidad", "advertisement"),
        ("it", "Pubblicità", "advertisement"),
        ("pt", "Publicidade", "advertisement"),
        ("nl", "Advertentie", "advertisement"),
        ("ar", "إعلان", "advertisement"),
    ],
)
def test_labels_in_other_languages(language, line, kind):
    assert (line, kind) in removed("Titel\n\n" + BODY + line + "\n\n" + BODY, language)


def test_agency_dateline_in_any_script():
    text = "عنوان\n\nالقاهرة (رويترز) - أغلقت السلطات الميناء يوم الاثنين بعد العاصفة.\n\n"
    assert ("القاهرة (رويترز) -", "dateline") in removed(text, "ar")
    german = "Titel\n\nBerlin (dpa) - Die Bahn streikt ab Donnerstag im ganzen Land.\n\n"
    assert ("Berlin (dpa) -", "dateline") in removed(german, "de")
