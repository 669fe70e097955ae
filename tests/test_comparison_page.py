"""The page /c/{slug} and its JSON and CSV twins, read with BeautifulSoup."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

import app.services.comparisons as service
from app.analysis.quotes import quote_result
from app.analysis.types import QuoteGroup, QuoteSpan
from app.models import Article, Comparison
from app.services.stories import list_stories

HOSTILE = '"><script>alert(1)</script>'
A = (
    'Officials said on Tuesday that four regions had been cut off. "We will rebuild every road, every bridge '
    'and every school," said governor Maria Silva. Subscribe to our newsletter!'
)
B = (
    'Four regions were cut off, officials said on Wednesday. "We will rebuild every road and every school," '
    "Silva said. A local farmer described the damage."
)
C = "Five regions were cut off, according to officials. Rescue teams arrived late on Tuesday night."


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def occ(article_id: int, source: str, part: str, **extra) -> dict:
    start, end = span(source, part)
    return {"article": str(article_id), "start": start, "end": end, **extra}


def quote_entry(quote_id: str, speaker: str, wordings: list[tuple[int, str, str]]) -> dict:
    """A quote as compare() stores it: the analysis adds each wording's diff from the fullest one."""
    spans = [QuoteSpan(str(article_id), *span(source, part), part, speaker) for article_id, source, part in wordings]
    return quote_result(QuoteGroup(quote_id, speaker, spans)).model_dump(mode="json")


def sentence_spans(text: str) -> list[dict]:
    out, start = [], 0
    for part in text.replace("! ", "!|").replace(". ", ".|").split("|"):
        begin = text.index(part, start)
        out.append({"start": begin, "end": begin + len(part)})
        start = begin + len(part)
    return out


@pytest.fixture
def stored(session, settings, add_article):
    """A comparison of three articles whose stored result is known exactly (still current)."""
    ids = [
        add_article(t, o, title=title, url=url).id
        for t, o, title, url in [
            (A, "Daily A", HOSTILE, "https://a.example/story"),
            (B, HOSTILE, "B's story", None),
            (C, "Courier C", "C story", "https://c.example/x"),
        ]
    ]
    comparison = service.create_comparison(session, settings, ids, title=HOSTILE)
    a, b, c = ids
    news_end = A.index(" Subscribe")
    result = {
        "version": comparison.result["version"],
        "articles": [
            {
                "id": str(a),
                "outlet": "Daily A",
                "title": None,
                "removed": [{"start": news_end + 1, "end": len(A), "kind": "newsletter"}],
                "sentences": sentence_spans(A[:news_end]),
            },
            {"id": str(b), "outlet": HOSTILE, "title": None, "removed": [], "sentences": sentence_spans(B)},
            {"id": str(c), "outlet": "Courier C", "title": None, "removed": [], "sentences": sentence_spans(C)},
        ],
        "claims": [
            {
                "id": "c1",
                "text": "Regions were cut off",
                "score": 0.71,
                "shared_terms": ["regions", "cut"],
                "occurrences": [
                    occ(a, A, "four regions had been cut off"),
                    occ(b, B, "Four regions were cut off"),
                    occ(c, C, "Five regions were cut off"),
                ],
            },
            {
                "id": "c2",
                "text": "The governor promises to rebuild",
                "score": 0.5,
                "shared_terms": ["rebuild"],
                "occurrences": [occ(a, A, "We will rebuild every road"), occ(b, B, "We will rebuild every road")],
            },
            {
                "id": "c3",
                "text": "A local farmer described the damage.",
                "occurrences": [occ(b, B, "A local farmer described the damage.")],
            },
            {
                "id": "c4",
                "text": "Rescue teams arrived late on Tuesday night.",
                "occurrences": [occ(c, C, "Rescue teams arrived late on Tuesday night.")],
            },
        ],
        "quotes": [
            quote_entry(
                "q1",
                "Maria Silva",
                [
                    (a, A, "We will rebuild every road, every bridge and every school,"),
                    (b, B, "We will rebuild every road and every school,"),
                ],
            ),
        ],
        "discrepancies": [
            {
                "id": "d1",
                "about": "count of regions",
                "claim": "c1",
                "values": [
                    occ(a, A, "four", value="4", text="Officials said on Tuesday that four regions had been cut off."),
                    occ(c, C, "Five", value="5", text="Five regions were cut off, according to officials."),
                ],
            },
        ],
        "wire_copy": comparison.result["wire_copy"],
        "members": comparison.result["members"],
    }
    comparison.result = result
    session.add(comparison)
    session.commit()
    return comparison.slug, ids


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def test_sections_come_in_order(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    ids = [s.get("id") for s in soup.select("article.comparison section")]
    order = [s.get("class")[0] for s in soup.select("article.comparison section")]
    assert order == ["summary", "matrix", "texts", "quotes", "discrepancies"], ids


def test_summary_numbers_match_the_result(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    count = {dd["data-count"]: int(dd.get_text()) for dd in soup.select("dd[data-count]")}
    assert count == {"outlets": 3, "claims-all": 1, "claims-some": 1, "claims-one": 2, "quotes": 1, "discrepancies": 1}
    wires = soup.select(".outlets-table td[data-wire]")
    assert len(wires) == 3 and all(0.0 <= float(td["data-wire"]) <= 1.0 for td in wires)


def test_matrix_has_one_row_per_claim_and_one_column_per_outlet(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    table = soup.select_one("table.claims-matrix")
    assert table.caption is not None
    outlet_headers = table.select("thead th[data-outlet]")
    assert [th.get_text(strip=True) for th in outlet_headers] == ["Daily A", HOSTILE, "Courier C"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    rows = table.select("tbody tr[data-claim]")
    assert [r["data-claim"] for r in rows] == ["c1", "c2", "c3", "c4"]
    first = rows[0]
    assert first.th["scope"] == "row"
    marks = first.select("td.mark")
    assert len(marks) == 3
    # Text, not colour alone: an icon plus words for screen readers.
    assert [m.select_one(".visually-hidden").get_text() for m in marks] == [
        "Daily A: included",
        f"{HOSTILE}: included",
        "Courier C: included",
    ]
    assert rows[2].select("td.mark")[0].select_one(".visually-hidden").get_text() == "Daily A: not included"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("filter=all", ["c1"]),
        ("filter=omitted&outlet={c}", ["c2", "c3"]),
        ("filter=unique&outlet={b}", ["c3"]),
        ("filter=unique&outlet={a}", []),
        ("sort=rarity", ["c3", "c4", "c2", "c1"]),
        ("filter=omitted&outlet=nope", ["c1", "c2", "c3", "c4"]),
    ],
)
def test_filters_work_through_query_parameters(client, stored, query, expected):
    slug, (a, b, c) = stored
    soup = soup_of(client, f"/c/{slug}?" + query.format(a=a, b=b, c=c))
    assert [r["data-claim"] for r in soup.select("table.claims-matrix tbody tr[data-claim]")] == expected
    if "nope" in query:
        assert soup.select_one(".matrix .alert")


def test_side_by_side_text_links_sentences_by_claim(client, stored):
    slug, (a, b, c) = stored
    soup = soup_of(client, f"/c/{slug}")
    columns = soup.select(".texts .text-col")
    assert [col["data-outlet"] for col in columns] == [str(a), str(b), str(c)]
    first = columns[0].select(".s")[0]
    assert first["tabindex"] == "0"
    assert "c1" in first["data-claims"].split()
    assert "level-all" in first["class"]
    farmer = next(s for s in columns[1].select(".s") if "farmer" in s.get_text())
    assert farmer["data-claims"] == "c3" and "level-one" in farmer["class"]


def test_boilerplate_is_shown_apart_in_details(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    details = soup.select(".texts .text-col")[0].select_one("details.removed")
    assert details is not None and "open" not in details.attrs
    assert details.select_one(".kind").get_text() == "newsletter"
    assert "Subscribe to our newsletter" in details.get_text()
    assert "Subscribe" not in " ".join(s.get_text() for s in soup.select(".texts .s"))


def test_quotes_show_fullest_wording_diff_and_who_left_it_out(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    quote = soup.select_one(".quote")
    assert quote.select_one(".speaker").get_text(strip=True) == "Maria Silva"
    assert "every bridge" in quote.select_one("blockquote.fullest").get_text()
    deleted = quote.select("del")
    assert deleted and "every bridge" in " ".join(d.get_text() for d in deleted)
    assert deleted[0].select_one(".visually-hidden").get_text().startswith("removed:")
    assert "Left out by: Courier C" in quote.select_one(".omitted").get_text()
    assert "similarity" in quote.select_one(".why").get_text()
    people = soup.select(".speakers-table")
    assert people[0].select_one("tbody th").get_text() == "Maria Silva"
    assert people[2].get_text().count("No direct quotes") == 1


def test_stored_diff_is_used_when_present(client, session, stored):
    comparison = service.get_comparison(session, stored[0])
    result = json.loads(json.dumps(comparison.result))
    result["quotes"][0]["occurrences"][1]["diff"] = [["equal", "We will "], ["insert", "surely "], ["equal", "rebuild"]]
    comparison.result = result
    session.add(comparison)
    session.commit()
    soup = soup_of(client, f"/c/{stored[0]}")
    ins = soup.select_one(".quote ins")
    assert ins.get_text() == "added: surely "


def test_a_fragment_shows_the_unquoted_rest_as_an_ellipsis_not_as_removed(client, session, stored):
    comparison = service.get_comparison(session, stored[0])
    result = json.loads(json.dumps(comparison.result))
    result["quotes"][0]["occurrences"][1]["diff"] = [["omitted", "We will "], ["equal", "rebuild"]]
    comparison.result = result
    session.add(comparison)
    session.commit()
    gap = soup_of(client, f"/c/{stored[0]}").select_one(".quote .diff .not-quoted")
    assert gap.find_parent(class_="diff").select_one("del") is None
    assert gap.get_text().startswith("…") and "not quoted" in gap.get_text() and gap["title"] == "We will "


def test_match_reasons_are_shown(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    why = soup.select_one("tr[data-claim=c1] .why").get_text()
    assert "regions" in why and "0.71" in why
    assert "one outlet only" in soup.select_one("tr[data-claim=c3] .why").get_text()


def test_discrepancies_list_each_value_and_its_sentence(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    item = soup.select_one(".discrepancy")
    assert "Count of regions" in item.h3.get_text()
    cells = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])] for row in item.select("tbody tr")]
    assert cells[0][:2] == ["Daily A", "4"] and cells[1][:2] == ["Courier C", "5"]
    assert "Five regions" in cells[1][2]
    assert HOSTILE in item.select_one(".hint:last-child").get_text()


def test_empty_result_is_shown_gracefully(client, session, stored):
    comparison = service.get_comparison(session, stored[0])
    comparison.result = {**comparison.result, "claims": [], "quotes": [], "discrepancies": []}
    session.add(comparison)
    session.commit()
    soup = soup_of(client, f"/c/{stored[0]}")
    assert "no claims" in soup.select_one(".matrix").get_text()
    assert "No direct quotes" in soup.select_one(".quotes").get_text()
    assert "No discrepancies" in soup.select_one(".discrepancies").get_text()


def test_sharing_meta_is_escaped_and_the_json_twin_advertised(client, stored):
    response = client.get(f"/c/{stored[0]}")
    assert "<script>alert(1)" not in response.text
    assert "script-src" in response.headers.get("content-security-policy", "script-src")
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one('meta[property="og:title"]')["content"] == HOSTILE
    assert HOSTILE in soup.select_one('meta[name="twitter:description"]')["content"]
    assert soup.select_one('meta[property="og:url"]')["content"].endswith(f"/c/{stored[0]}")
    alternate = soup.select_one('link[rel=alternate][type="application/json"]')
    assert alternate["href"].endswith(f"/c/{stored[0]}.json")
    assert soup.select_one("input#share-url")["readonly"] is not None
    # No inline script: all behaviour comes from static files.
    assert all(s.get("src") for s in soup.find_all("script"))
    assert "csrf_token" not in response.text  # the cached page must not carry one browser's token


def test_only_http_links_are_rendered(client, session, stored):
    slug, (_a, _b, c) = stored
    article = session.get(Article, c)
    article.url = "javascript:alert(1)"
    session.add(article)
    session.commit()
    soup = soup_of(client, f"/c/{slug}")
    hrefs = [x["href"] for x in soup.find_all("a", href=True)]
    assert "https://a.example/story" in hrefs
    assert not any(h.lower().startswith(("javascript:", "data:")) for h in hrefs)


def test_deleted_article_notice(client, session, stored):
    slug, (_a, _b, c) = stored
    session.delete(session.get(Article, c))
    session.commit()
    soup = soup_of(client, f"/c/{slug}")
    notice = soup.select_one(".notice.gone").get_text()
    assert "Courier C" in notice and "deleted" in notice and "compared below" in notice
    assert len(soup.select("table.claims-matrix thead th[data-outlet]")) == 2


def test_conditional_get_and_cache_follow_changes(client, session, stored):
    slug, (a, _b, _c) = stored
    first = client.get(f"/c/{slug}")
    etag = first.headers["etag"]
    assert first.headers["last-modified"]
    assert client.get(f"/c/{slug}", headers={"If-None-Match": etag}).status_code == 304
    article = session.get(Article, a)
    article.title = "A new headline"
    session.add(article)
    session.commit()
    changed = client.get(f"/c/{slug}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "A new headline" in changed.text
    assert changed.headers["etag"] != etag


def test_unknown_slug_is_a_404_page(client):
    assert client.get("/c/doesnotexist").status_code == 404
    assert client.get("/c/doesnotexist.json").json()["detail"]


def test_json_export_is_the_schema_plus_metadata(client, stored):
    jsonschema = pytest.importorskip("jsonschema")
    from tests.conftest import DATA

    slug, (_a, _b, _c) = stored
    response = client.get(f"/c/{slug}.json")
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    jsonschema.validate(body, json.loads((DATA / "comparison.schema.json").read_text()))
    assert body["comparison"]["slug"] == slug and body["comparison"]["missing_article_ids"] == []
    assert [x["meta"]["url"] for x in body["articles"]] == ["https://a.example/story", None, "https://c.example/x"]
    assert [q["id"] for q in body["quotes"]] == ["q1"]


def test_csv_export_is_the_claims_matrix(client, stored):
    response = client.get(f"/c/{stored[0]}.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "claim_id",
        "claim",
        "outlets",
        "Daily A",
        "'" + HOSTILE if HOSTILE[0] in "=+-@" else HOSTILE,
        "Courier C",
    ]
    assert rows[1] == ["c1", "Regions were cut off", "3", "yes", "yes", "yes"]
    assert [r[0] for r in rows[1:]] == ["c1", "c2", "c3", "c4"]


def test_csv_defuses_formulas(client, session, stored):
    comparison = session.get(Comparison, service.get_comparison(session, stored[0]).id)
    result = json.loads(json.dumps(comparison.result))
    result["claims"][0]["text"] = '=HYPERLINK("http://evil")'
    comparison.result = result
    session.add(comparison)
    session.commit()
    rows = list(csv.reader(io.StringIO(client.get(f"/c/{stored[0]}.csv").content.decode("utf-8-sig"))))
    assert rows[1][1].startswith("'=")


def test_home_page_leads_to_the_demo_comparison(client, session, settings):
    from app.services.demo import load_demo

    story_id = load_demo(session, settings)
    slug = next(s.latest_comparison for s in list_stories(session) if s.id == story_id)
    assert slug
    home = BeautifulSoup(client.get("/").text, "html.parser")
    link = home.select_one(f'a[href$="/c/{slug}"]')
    assert link is not None
    page = soup_of(client, link["href"])
    result = service.get_comparison(session, slug).result
    rows = page.select("table.claims-matrix tbody tr[data-claim]")
    assert len(rows) == len(result["claims"])
    assert len(page.select("table.claims-matrix thead th[data-outlet]")) == len(result["articles"]) == 5
    levels = [len({o["article"] for o in c["occurrences"]}) for c in result["claims"]]
    count = {dd["data-count"]: int(dd.get_text()) for dd in page.select("dd[data-count]")}
    assert count["claims-all"] == sum(n == 5 for n in levels)
    assert count["claims-one"] == sum(n == 1 for n in levels)
    assert count["discrepancies"] == len(result["discrepancies"])
