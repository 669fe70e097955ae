"""An article's language: detected when not given, overridable at every door, stored, shown, analysed with.

The texts are invented; each is a few sentences long, as a pasted article's lead would be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import text

import app.services.comparisons as comparisons
from app.models import Article, Outlet
from app.web.main import create_app

GERMAN = (
    "Bahnstreik legt den Fernverkehr lahm\n\n"
    "Die Lokführergewerkschaft hat ab Donnerstag einen Streik von 35 Stunden angekündigt. "
    "„Wir lassen uns nicht länger hinhalten“, sagte der Gewerkschaftschef am Montag in Frankfurt."
)
ARABIC = (
    "زلزال بقوة 6,1 درجات يضرب جنوب البلاد\n\n"
    "ضرب زلزال بقوة 6,1 درجات على مقياس ريختر جنوب البلاد يوم الثلاثاء، وفق ما أعلن المعهد الوطني للرصد. "
    "وقال وزير الداخلية: «الوضع تحت السيطرة»."
)
POLISH = (
    "Strajk kolejarzy sparaliżował ruch pociągów\n\n"
    "Związek zawodowy maszynistów zapowiedział strajk od czwartku. "
    "Według rzecznika przewoźnika odwołano ponad dwieście połączeń w całym kraju."
)
ENGLISH = "Council approves bridge budget\n\nThe city council voted 7-2 on Tuesday to approve the new bridge budget."


def _add(client, body: dict) -> dict:
    response = client.post("/api/articles", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(("body", "language"), [(GERMAN, "de"), (ARABIC, "ar"), (POLISH, "pl"), (ENGLISH, "en")])
def test_the_language_is_detected_and_stored_when_not_given(client, session, body, language):
    created = _add(client, {"text": body, "outlet": "Wire"})
    assert created["language"] == language  # an unsupported language is stored as detected, never as English
    assert session.get(Article, created["id"]).language == language


def test_a_given_language_wins_over_detection_through_the_api(client):
    assert _add(client, {"text": GERMAN, "outlet": "Wire", "language": "DE-at"})["language"] == "de"
    assert _add(client, {"text": POLISH, "outlet": "Wire", "language": "Polish"})["language"] == "pl"
    assert _add(client, {"text": ENGLISH, "outlet": "Wire", "language": "fr"})["language"] == "fr"  # told, not guessed


def test_an_unknown_language_is_refused_with_the_reason(client, csrf):
    response = client.post("/api/articles", json={"text": GERMAN, "outlet": "Wire", "language": "Klingonisch"})
    assert response.status_code == 422
    assert "language" in response.json()["detail"] and "ISO 639-1" in response.json()["detail"]
    form = client.post("/articles/new", data={"text": GERMAN, "outlet": "Wire", "language": "xx", "csrf_token": csrf})
    assert form.status_code == 422
    page = BeautifulSoup(form.text, "html.parser")
    assert page.select_one("#language")["value"] == "xx"  # the input is kept
    assert page.select_one("#language-error").get_text().startswith("Parallax does not know the language 'xx'")
    assert page.select_one("#text").get_text() == GERMAN


def test_the_form_takes_a_language_and_the_page_shows_it_with_its_direction(client, csrf):
    added = client.post(
        "/articles/new", data={"text": ARABIC, "outlet": "Al Wire", "language": "ar", "csrf_token": csrf}
    )
    assert added.status_code == 200
    page = BeautifulSoup(added.text, "html.parser")
    body = page.select_one(".article-text")
    assert (body["lang"], body["dir"]) == ("ar", "rtl")
    assert (page.h1["lang"], page.h1["dir"]) == ("ar", "rtl")
    shown = {dt.get_text(): dt.find_next("dd").get_text(" ", strip=True) for dt in page.select(".meta-list dt")}
    assert shown["Language"] == "Arabic (ar)"


def test_the_page_says_which_stages_do_not_run_for_an_unsupported_language(client):
    created = _add(client, {"text": POLISH, "outlet": "Gazeta"})
    page = BeautifulSoup(client.get(f"/articles/{created['id']}").text, "html.parser")
    language = page.find("dt", string="Language").find_next("dd").get_text(" ", strip=True)
    assert language == "Polish (pl) — boilerplate labels, quotes, discrepancies are not checked in this language"
    assert page.select_one(".article-text")["dir"] == "ltr"


@pytest.mark.slow  # runs the CLI in a new process
def test_the_cli_import_takes_a_language(settings, session, tmp_path: Path):
    path = tmp_path / "strike.txt"
    path.write_text(POLISH, encoding="utf-8")
    env = {**os.environ, "PARALLAX_DATABASE_URL": settings.database_url, "PARALLAX_DEMO": "0"}
    run = [sys.executable, "-m", "app", "import", str(path), "--outlet", "Gazeta"]
    bad = subprocess.run([*run, "--language", "xx"], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1 and "does not know the language 'xx'" in bad.stderr
    good = subprocess.run([*run, "--language", "cs"], capture_output=True, text=True, env=env, timeout=120)
    assert good.returncode == 0, good.stderr
    assert session.exec(text("SELECT language FROM article")).all() == [("cs",)]


@pytest.mark.slow  # runs the CLI in a new process
def test_the_cli_compare_takes_a_language_and_says_what_it_did_not_check(tmp_path: Path):
    files = []
    for name, body in (("gazeta", POLISH), ("kurier", POLISH.replace("dwieście", "trzysta"))):
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text(body, encoding="utf-8")
    run = [sys.executable, "-m", "app", "compare", *map(str, files)]
    detected = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert detected.returncode == 0, detected.stderr
    summary = " ".join(detected.stdout.split())
    assert "Languages: Polish (gazeta, kurier)" in summary
    assert "Boilerplate labels, quotes and discrepancies are not checked for Polish (gazeta, kurier)" in summary
    assert "Discrepancies: 0 (not checked for Polish: gazeta, kurier)" in summary
    forced = subprocess.run([*run, "--language", "de"], capture_output=True, text=True, timeout=120)
    assert "Languages: German (gazeta, kurier)" in " ".join(forced.stdout.split())
    assert "not checked" not in forced.stdout
    refused = subprocess.run([*run, "--language", "zz"], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "does not know the language 'zz'" in refused.stderr


def test_an_admin_edit_changes_the_language_and_the_comparison_is_recomputed(settings, session):
    admin = "admin-token-0123456789abcdef"
    application = create_app(settings.model_copy(update={"admin_token": admin}))
    with TestClient(application) as client:
        ids = [
            _add(client, {"text": GERMAN + suffix, "outlet": outlet})["id"]
            for outlet, suffix in (("A", ""), ("B", " Ende."))
        ]
        slug = client.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
        assert {a["language"] for a in client.get(f"/c/{slug}.json").json()["articles"]} == {"de"}
        auth = {"Authorization": f"Bearer {admin}"}
        patched = client.patch(f"/api/articles/{ids[1]}", json={"language": "nl"}, headers=auth)
        assert patched.status_code == 200 and patched.json()["language"] == "nl"
        result = client.get(f"/c/{slug}.json").json()
        assert {a["id"]: a["language"] for a in result["articles"]} == {str(ids[0]): "de", str(ids[1]): "nl"}
        assert result["checks"]["mixed"] is True
        cleared = client.patch(f"/api/articles/{ids[1]}", json={"language": ""}, headers=auth)
        assert cleared.json()["language"] == "de"  # cleared: detected again
        refused = client.patch(f"/api/articles/{ids[1]}", json={"language": "xx"}, headers=auth)
        assert refused.status_code == 422 and "language" in refused.json()["detail"]
    application.state.engine.dispose()


def test_rows_stored_before_languages_are_detected_when_read_and_analysed(client, session):
    ids = [_add(client, {"text": body, "outlet": outlet})["id"] for outlet, body in (("A", GERMAN), ("B", ARABIC))]
    session.exec(text("UPDATE article SET language = NULL"))
    session.commit()
    assert [client.get(f"/api/articles/{i}").json()["language"] for i in ids] == ["de", "ar"]
    rows = [(session.get(Article, i), Outlet(name="Wire", name_key="wire")) for i in ids]
    assert all(a.language is None for a, _ in rows)
    result = comparisons.run_analysis(rows)
    assert [a["language"] for a in result["articles"]] == ["de", "ar"]


def test_titles_outlets_and_search_excerpts_take_their_direction_from_their_text(client):
    created = _add(client, {"text": ARABIC, "outlet": "وكالة الأنباء"})
    hits = BeautifulSoup(client.get("/search", params={"q": "زلزال"}).text, "html.parser")
    hit = hits.select_one(".search-hit")
    assert hit.h2["dir"] == "auto" and hit.select_one(".snippet")["dir"] == "auto"
    assert "زلزال" in hit.select_one(".snippet mark").get_text()
    home = BeautifulSoup(client.get("/").text, "html.parser")
    row = home.select_one(f"a[href$='/articles/{created['id']}']").find_parent("tr")
    assert [td.get("dir") for td in row.find_all("td")][:2] == ["auto", "auto"]
    story = BeautifulSoup(client.get(f"/stories/{created['story_id']}").text, "html.parser")
    assert story.h1["dir"] == "auto"


POLISH_OTHER = (
    "Strajk na kolei\n\n"
    "Maszyniści zapowiedzieli strajk od piątku. Według rzecznika przewoźnika odwołano ponad trzysta połączeń."
)


def _compare(client, bodies: list[tuple[str, str]]) -> BeautifulSoup:
    ids = [_add(client, {"text": body, "outlet": outlet})["id"] for outlet, body in bodies]
    slug = client.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
    return BeautifulSoup(client.get(f"/c/{slug}").text, "html.parser")


def test_no_page_says_outlets_agree_when_the_check_did_not_run(client):
    page = _compare(client, [("Gazeta", POLISH), ("Kurier", POLISH_OTHER)])
    text = " ".join(page.get_text(" ").split())
    assert "they agree" not in text and "agree where they state the same fact" not in text
    notes = [p.get_text(" ", strip=True) for p in page.select(".digest .not-checked")]
    assert notes == [
        "Boilerplate labels, quotes and discrepancies are not checked for Polish (Gazeta, Kurier): Parallax has no "
        "data for that language, so none found there does not mean none there."
    ]
    assert page.select_one(".discrepancies .not-checked").get_text(" ", strip=True) == (
        "No discrepancies found where they were looked for. Discrepancies are not checked for Polish (Gazeta, "
        "Kurier), so this does not mean those outlets agree."
    )
    assert "Quotes are not checked for Polish (Gazeta, Kurier)" in page.select_one(".quotes").get_text(" ", strip=True)
    assert "not checked in every language" in page.find("meta", attrs={"name": "description"})["content"]


def test_a_comparison_mixing_languages_says_so_and_claims_no_agreement_across_them(client):
    page = _compare(client, [("Wire", ENGLISH), ("Zeitung", GERMAN), ("Gazeta", POLISH)])
    notes = [p.get_text(" ", strip=True) for p in page.select(".digest .not-checked")]
    assert notes[0].startswith("Boilerplate labels, quotes and discrepancies are not checked for Polish (Gazeta)")
    assert notes[1] == (
        "This comparison mixes English (Wire), German (Zeitung) and Polish (Gazeta). Matching across languages is out "
        "of scope: claims are matched by shared words and values are compared only within one language, so an "
        "article may seem to leave out what it says in another language."
    )
    assert "they agree" not in page.get_text(" ")
    columns = {c["data-label"]: (c["lang"], c["dir"]) for c in page.select(".texts .text-col")}
    assert columns == {"Wire": ("en", "ltr"), "Zeitung": ("de", "ltr"), "Gazeta": ("pl", "ltr")}


def test_the_all_clear_is_kept_for_comparisons_where_every_check_ran(client):
    page = _compare(
        client, [("Wire", ENGLISH), ("Post", ENGLISH.replace("7-2", "seven to two") + " Work starts soon.")]
    )
    assert page.select(".not-checked") == []
    assert "No discrepancies: where these outlets state the same fact, they agree." in page.get_text(" ")


def test_an_arabic_comparison_marks_every_text_element_right_to_left(client):
    other = ARABIC.replace("6,1", "5,9").replace("الثلاثاء", "الأربعاء")
    page = _compare(client, [("الوكالة", ARABIC), ("الصحيفة", other)])
    assert {(c["lang"], c["dir"]) for c in page.select(".texts .text-col")} == {("ar", "rtl")}
    assert {(el["lang"], el["dir"]) for el in page.select(".quote blockquote.fullest, .quote .diff")} == {("ar", "rtl")}
    assert all(el["dir"] == "auto" for el in page.select(".claim-words"))
    assert page.select(".discrepancy td[dir=auto]")
    assert [h["dir"] for h in page.select(".claims-matrix th.outlet-col")] == ["auto", "auto"]
