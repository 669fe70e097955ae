"""The page /c/{slug} and its JSON and CSV twins, read with BeautifulSoup."""

from __future__ import annotations

import csv
import io
import json
import re

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
    assert order == ["digest", "matrix", "texts", "quotes", "discrepancies", "summary"], ids
    # Every section after the digest folds away, open by default.
    folds = [s.select_one(":scope > details.section-fold") for s in soup.select("article.comparison section")[1:]]
    assert all(f is not None and "open" in f.attrs and f.summary.h2 for f in folds)
    index = [a["href"] for a in soup.select("nav.section-index a")]
    assert index == ["#digest", "#claims", "#texts", "#quotes", "#discrepancies", "#articles"]
    assert all(soup.select_one(h) for h in index)


def test_summary_numbers_match_the_result(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    count = {dd["data-count"]: int(dd.get_text()) for dd in soup.select("dd[data-count]")}
    assert count == {"outlets": 3, "claims-all": 1, "claims-some": 1, "claims-one": 2, "quotes": 1, "discrepancies": 1}
    wires = soup.select(".outlets-table td[data-wire]")
    assert len(wires) == 3 and all(0.0 <= float(td["data-wire"]) <= 1.0 for td in wires)


def test_matrix_has_one_row_per_claim_and_one_column_per_outlet(client, stored):
    slug, (a, _b, _c) = stored
    soup = soup_of(client, f"/c/{slug}")
    table = soup.select_one("table#matrix-main")
    assert table.caption is not None
    outlet_headers = table.select("thead th[data-outlet]")
    assert [th.get_text(strip=True) for th in outlet_headers] == ["Daily A", HOSTILE, "Courier C"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    assert [r["data-claim"] for r in table.select("tbody tr[data-claim]")] == ["c1", "c2"]
    # Claims carried by one outlet only are folded away, still in the page.
    fold = soup.select_one("details.fold#one-outlet")
    assert "open" not in fold.attrs and "2 claims carried by one outlet" in fold.summary.get_text()
    assert [r["data-claim"] for r in fold.select("tbody tr[data-claim]")] == ["c3", "c4"]
    first = table.select_one("tbody tr[data-claim=c1]")
    assert first.th["scope"] == "row"
    # Text, not colour alone: a mark under a named column header, and on a phone the names in words.
    cells = first.select("td.y, td.n")
    assert [cell["class"] for cell in cells] == [["y"], ["y"], ["y"]]
    assert cells[0].a["href"].endswith(f"/c/{slug}/claims/c1#w-{a}")
    assert first.select_one("td.who").get_text().startswith(f"In 3: Daily A, {HOSTILE}, Courier C")
    farmer = fold.select_one("tr[data-claim=c3]")
    assert [cell["class"] for cell in farmer.select("td.y, td.n")] == [["n"], ["y"], ["n"]]
    assert "Not in: Daily A, Courier C" in farmer.select_one("td.who").get_text()


def test_a_matrix_row_leads_to_its_sentence_and_names_whose_wording_it_shows(client, stored):
    slug, (_a, b, _c) = stored
    soup = soup_of(client, f"/c/{slug}")
    farmer = soup.select_one("tr[data-claim=c3] .claim-text")
    target = soup.select_one(farmer.a["href"])
    assert target is not None and "farmer" in target.get_text() and "c3" in target["data-claims"].split()
    assert target.find_parent(class_="text-col")["data-outlet"] == str(b)
    assert farmer.select_one(".by").get_text().startswith(f"{HOSTILE}’s wording")
    # The claim's own text matches no outlet's sentence: the page does not pretend it does.
    assert "the analysis’s summary" in soup.select_one("tr[data-claim=c1] .by").get_text()


def test_a_matrix_cell_opens_each_outlets_own_wording(client, stored):
    slug, (a, b, _c) = stored
    claim = soup_of(client, f"/c/{slug}/claims/c2")
    wordings = {li["id"]: li for li in claim.select(".claim-wordings li[id]")}
    assert set(wordings) == {f"w-{a}", f"w-{b}"}
    assert "We will rebuild every road" in wordings[f"w-{a}"].get_text()
    assert wordings[f"w-{a}"].select("del")  # the row's wording is not this outlet's sentence: words marked
    assert "Left out by: Courier C" in claim.select_one(".omitted").get_text()
    body = client.get(f"/c/{slug}/claims/c2.json").json()
    assert [p["text"] for p in body["passages"]] == ["We will rebuild every road"] * 2
    assert body["score"] == 0.5 and body["why"] == "same key words; reworded"
    assert client.get(f"/c/{slug}/claims/nope").status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ("filter=shared", ["c1"]),
        ("filter=all", ["c1"]),  # the old name of "in every outlet", kept for links already shared
        ("filter=every", ["c1", "c2", "c3", "c4"]),
        ("filter=omitted&outlet={c}", ["c2", "c3"]),
        ("filter=unique&outlet={b}", ["c3"]),
        ("filter=unique&outlet={a}", []),
        ("sort=rarity", ["c2", "c1", "c3", "c4"]),  # the folded one-outlet rows come after the rest
        ("filter=omitted&outlet=nope", []),
        ("filter=omitted", []),
        ("filter=unique", []),
    ],
)
def test_filters_work_through_query_parameters(client, stored, query, expected):
    slug, (a, b, c) = stored
    soup = soup_of(client, f"/c/{slug}?" + query.format(a=a, b=b, c=c))
    assert [r["data-claim"] for r in soup.select("table.claims-matrix tbody tr[data-claim]")] == expected
    if query.startswith(("filter=omitted", "filter=unique")) and "outlet={" not in query:
        alert = soup.select_one(".matrix .alert")
        assert "Choose the outlet" in alert.get_text()  # never silently everything
        assert len(alert.select("a[href*='outlet=']")) == 3


def test_the_filter_menu_names_every_claim_apart_from_claims_in_every_outlet(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    options = {o["value"]: o.get_text() for o in soup.select("#f-filter option")}
    assert options == {
        "every": "every claim",
        "shared": "claims in every outlet",
        "omitted": "claims left out by…",
        "unique": "claims only in…",
    }


def test_side_by_side_text_links_sentences_by_claim(client, stored):
    slug, (a, b, c) = stored
    soup = soup_of(client, f"/c/{slug}")
    columns = soup.select(".texts .text-col")
    assert [col["data-outlet"] for col in columns] == [str(a), str(b), str(c)]
    first = columns[0].select(".s")[0]
    assert first["id"].startswith(f"s-{a}-") and "tabindex" not in first.attrs  # one Tab stop per column, by script
    assert "c1" in first["data-claims"].split()
    assert "level-all" in first["class"]
    farmer = next(s for s in columns[1].select(".s") if "farmer" in s.get_text())
    assert farmer["data-claims"] == "c3" and "level-one" in farmer["class"]


def test_boilerplate_is_shown_apart_in_details(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    details = soup.select_one(".texts details.removed")
    assert details is not None and "open" not in details.attrs
    assert details.select_one("h4").get_text() == "Daily A"
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
    assert quote.select_one(".why").get_text() == "2 words differ"  # "every bridge": in words, no score
    assert quote.select_one(".wordings li.same .outlet").get_text() == "Daily A"
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


def test_match_reasons_are_said_in_words_and_the_score_stays_in_the_json(client, stored):
    soup = soup_of(client, f"/c/{stored[0]}")
    # the wording's owner and why, then the link to correct the claim
    assert soup.select_one("tr[data-claim=c1] .by").get_text().endswith("same key words; closely worded · correct")
    assert "only one outlet" in soup.select_one("tr[data-claim=c3] .by").get_text()
    assert "0.71" not in soup.select_one(".matrix").get_text()
    assert client.get(f"/c/{stored[0]}.json").json()["claims"][0]["score"] == 0.71


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
    assert soup.select_one('.exports a[type="text/csv"]')["href"].endswith(f"/c/{stored[0]}.csv")
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
    assert len(soup.select("table#matrix-main thead th[data-outlet]")) == 2


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


def test_csv_export_is_the_claims_matrix_with_ids_urls_and_wordings(client, stored):
    slug, (a, b, c) = stored
    response = client.get(f"/c/{slug}.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    hostile = "'" + HOSTILE if HOSTILE[0] in "=+-@" else HOSTILE
    assert rows[0] == [
        "claim_id",
        "claim",
        "wording_of",
        "outlets",
        f"Daily A (article {a})",
        "Daily A: wording",
        f"{hostile} (article {b})",
        f"{hostile}: wording",
        f"Courier C (article {c})",
        "Courier C: wording",
        "first reported by",
        "first reported at",
        "corrected by readers",
    ]
    assert rows[1] == [
        "article_id",
        "url",
        "",
        "",
        str(a),
        "https://a.example/story",
        str(b),
        "",
        str(c),
        "https://c.example/x",
        "",
        "",
        "",
    ]
    assert rows[2][:4] == ["c1", "Regions were cut off", "", "3"]
    assert rows[2][4:10] == [
        "yes",
        "four regions had been cut off",
        "yes",
        "Four regions were cut off",
        "yes",
        "Five regions were cut off",
    ]
    assert [r[0] for r in rows[2:]] == ["c1", "c2", "c3", "c4"]


def test_exports_follow_the_filter_and_sort_of_the_view(client, stored):
    slug, (_a, _b, c) = stored
    page = soup_of(client, f"/c/{slug}?filter=omitted&outlet={c}&sort=rarity")
    hrefs = [x["href"] for x in page.select(".exports a")]
    assert all(h.endswith(f"?filter=omitted&outlet={c}&sort=rarity") for h in hrefs) and len(hrefs) == 2
    rows = list(csv.reader(io.StringIO(client.get(hrefs[0]).content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[2:]] == ["c3", "c2"]
    body = client.get(hrefs[1]).json()
    assert [x["id"] for x in body["claims"]] == ["c3", "c2"]
    assert body["comparison"]["view"]["label"] == "claims Courier C left out"


def test_json_gives_each_passage_its_text_beside_its_offsets(client, stored):
    slug, (_a, _b, _c) = stored
    body = client.get(f"/c/{slug}.json").json()
    first = body["claims"][0]["occurrences"][0]
    assert first["passage"] == A[first["start"] : first["end"]] == "four regions had been cut off"
    value = body["discrepancies"][0]["values"][1]
    assert value["passage"] == "Five" and value["text"].startswith("Five regions")
    assert body["quotes"][0]["occurrences"][0]["passage"].startswith("We will rebuild every road, every bridge")


def test_csv_defuses_formulas(client, session, stored):
    comparison = session.get(Comparison, service.get_comparison(session, stored[0]).id)
    result = json.loads(json.dumps(comparison.result))
    result["claims"][0]["text"] = '=HYPERLINK("http://evil")'
    comparison.result = result
    session.add(comparison)
    session.commit()
    rows = list(csv.reader(io.StringIO(client.get(f"/c/{stored[0]}.csv").content.decode("utf-8-sig"))))
    assert rows[2][1].startswith("'=")


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
    assert len(page.select("table#matrix-main thead th[data-outlet]")) == len(result["articles"]) == 5
    levels = [len({o["article"] for o in c["occurrences"]}) for c in result["claims"]]
    count = {dd["data-count"]: int(dd.get_text()) for dd in page.select("dd[data-count]")}
    assert count["claims-all"] == sum(n == 5 for n in levels)
    assert count["claims-one"] == sum(n == 1 for n in levels)
    assert count["discrepancies"] == len(result["discrepancies"])


def test_the_digest_says_what_differs_in_plain_words_with_links_to_the_evidence(client, stored):
    slug, (_a, _b, _c) = stored
    soup = soup_of(client, f"/c/{slug}")
    digest = soup.select_one("section.digest")
    disagreement = digest.select_one("li.digest-discrepancy")
    assert disagreement.get_text(" ", strip=True).startswith("Count of regions: Courier C says 5; Daily A says 4.")
    assert soup.select_one(disagreement.a["href"]).select("tbody tr")  # the sentences, below
    outlets = {o.h4.get_text(): o for o in digest.select(".digest-outlet")}
    assert list(outlets) == ["Daily A", HOSTILE, "Courier C"]
    assert "farmer" in outlets[HOSTILE].get_text() and "Only here: 1 claim" in outlets[HOSTILE].get_text()
    left_out = outlets["Courier C"].select("li")
    assert len(left_out) == 2 and "all of the two others" in left_out[1].get_text()
    assert soup.select_one(left_out[1].a["href"])["data-claim"] == "c2"
    quote = digest.select_one("li.digest-quote").get_text(" ", strip=True)
    assert quote.startswith("Quoting Maria Silva:") and "leaves out “every bridge”" in quote
    assert not re.search(r"\d\.\d|%", digest.get_text())  # no scores


def test_quotes_worded_alike_but_for_case_and_punctuation_are_not_in_the_digest(client, session, stored):
    comparison = service.get_comparison(session, stored[0])
    result = json.loads(json.dumps(comparison.result))
    result["quotes"][0]["occurrences"][1]["diff"] = [
        ["equal", "we will rebuild every road every bridge and every school"]
    ]
    comparison.result = result
    session.add(comparison)
    session.commit()
    soup = soup_of(client, f"/c/{stored[0]}")
    assert soup.select_one("li.digest-quote") is None
    assert soup.select_one(".quote .wordings li.same .outlet").get_text() == f"Daily A, {HOSTILE}"
