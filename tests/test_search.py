"""Search: FTS5 on SQLite (and tsvector on PostgreSQL when PARALLAX_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, event, text
from sqlmodel import Session

from app.db import refresh_statistics
from app.migrate import upgrade
from app.services.search import fts5_query, query_terms, search_articles

CASES = Path(__file__).parent / "story_cases"

HOSTILE = [
    '"',
    '""',
    "AND",
    "OR NOT",
    "NEAR(truce",
    "truce*",
    "title:truce",
    "^truce",
    "-truce",
    "(",
    ")",
    "truce AND (",
    "' OR 1=1 --",
    "\\",
    "%_",
    "truce \x00",
    "ü" * 300,
    "🕊️ truce",
    "a" * 5000,
]


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def case(name: str) -> str:
    return (CASES / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture
def corpus(add_article):
    """Three articles on two topics; one with markup in its text."""
    truce = add_article(case("ukraine_easter_truce"), "Dawn")
    strike = add_article(case("ukraine_sumy_strike"), "Reuters")
    hostile = add_article(
        "Truce talk <script>alert('x')</script> & <b>bold</b> claims of a truce.",
        "Odd Outlet",
        title="A note on markup",
    )
    return {"truce": truce, "strike": strike, "hostile": hostile}


def ids(page):
    return [hit.id for hit in page.items]


# --- the service ----------------------------------------------------------------------------


def test_every_word_must_match(session, corpus):
    assert set(ids(search_articles(session, "Zelenskyy"))) == {corpus["truce"].id, corpus["strike"].id}
    assert ids(search_articles(session, "Zelenskyy Sumy")) == [corpus["strike"].id]
    assert search_articles(session, "truce").total == 2


def test_a_match_in_the_title_ranks_above_one_in_the_text(session, add_article):
    body = "The council met on Tuesday to discuss the {} budget and the new ferry timetable."
    in_text = add_article(body.format("harbour"), "Gazette", title="Council meets")
    in_title = add_article(body.format("annual"), "Courier", title="Harbour budget agreed")
    assert ids(search_articles(session, "harbour")) == [in_title.id, in_text.id]


def test_snippets_mark_the_matches(session, corpus):
    hit = search_articles(session, "mourning").items[0]
    marked = [s.text for s in hit.snippet if s.match]
    assert marked == ["mourning"]
    assert "declared three days of" in "".join(s.text for s in hit.snippet)


def is_sqlite(session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def test_case_does_not_matter_and_on_sqlite_accents_neither(session, add_article):
    article = add_article("The Café Européen reopened on Monday.", "Local")
    assert ids(search_articles(session, "CAFÉ européen")) == [article.id]
    # PostgreSQL's 'simple' configuration keeps accents (unaccent is an extension we do not require).
    assert ids(search_articles(session, "cafe EUROPEEN")) == ([article.id] if is_sqlite(session) else [])


def test_paging(session, corpus):
    first = search_articles(session, "truce", limit=1, offset=0)
    second = search_articles(session, "truce", limit=1, offset=1)
    assert first.total == second.total == 2
    assert len(first.items) == len(second.items) == 1 and ids(first) != ids(second)


@pytest.mark.parametrize("query", HOSTILE)
def test_no_query_is_a_syntax_error(session, corpus, query):
    page = search_articles(session, query)
    assert page.total == len(page.items)
    assert len(page.q) <= 200


def test_query_terms_are_quoted_for_fts5():
    assert query_terms('NEAR(truce "x" -y') == ["NEAR", "truce", "x", "y"]
    assert fts5_query(["NEAR", "truce"]) == '"NEAR" "truce"'
    assert query_terms("!!! ...") == []


def test_the_index_follows_edits_and_deletes(session, corpus):
    article = corpus["strike"]
    session.execute(text("UPDATE article SET title = 'Kharkiv drone attack' WHERE id = :id"), {"id": article.id})
    session.commit()
    assert ids(search_articles(session, "Kharkiv")) == [article.id]
    assert search_articles(session, "Palm Sunday ballistic").total == 1  # text still indexed once
    session.execute(text("UPDATE article SET story_id = NULL WHERE id = :id"), {"id": article.id})
    session.execute(text("DELETE FROM article WHERE id = :id"), {"id": article.id})
    session.commit()
    assert search_articles(session, "Kharkiv").total == 0
    if is_sqlite(session):  # the external-content index agrees with the table after the triggers ran
        session.execute(text("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')"))


def test_articles_stored_before_the_migration_are_indexed(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0002")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO outlet (id, name, name_key, created_at) VALUES (1, 'Wire', 'wire', '2025-01-01')")
        )
        conn.execute(
            text(
                "INSERT INTO article (id, outlet_id, text, content_hash, created_at) "
                "VALUES (7, 1, 'Rivers rose overnight in the valley.', 'abc', '2025-01-01')"
            )
        )
    upgrade(url)
    with Session(engine) as session:
        assert ids(search_articles(session, "rivers valley")) == [7]
    engine.dispose()


# --- pages and JSON ----------------------------------------------------------------------


def test_search_page_escapes_text_and_marks_matches(client, session, corpus):
    response = client.get("/search", params={"q": "truce"})
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one(".search-results script") is None and page.select_one(".search-results b") is None
    hits = page.select(".search-hit")
    assert len(hits) == 2
    by_link = {hit.select_one("h2 a")["href"].rsplit("/", 1)[-1]: hit for hit in hits}
    assert set(by_link) == {str(corpus["truce"].id), str(corpus["hostile"].id)}
    snippet = by_link[str(corpus["hostile"].id)].select_one(".snippet")
    if is_sqlite(session):  # shown as text (PostgreSQL's ts_headline drops what looks like tags)
        assert "<script>alert('x')</script>" in snippet.get_text()
    assert {m.get_text().lower() for m in snippet.select("mark")} == {"truce"}


def test_search_json_twin(client, session, corpus):
    body = client.get("/search.json", params={"q": "markup truce"}).json()
    assert body["total"] == 1 and body["q"] == "markup truce"
    item = body["items"][0]
    assert item["id"] == corpus["hostile"].id and item["outlet"] == "Odd Outlet"
    assert "<script" not in item["snippet_html"] and "<mark>" in item["snippet_html"]
    assert "&amp;" in item["snippet_html"] and "&" in item["snippet"]
    if is_sqlite(session):
        assert "&lt;script&gt;" in item["snippet_html"] and "<script>" in item["snippet"]


@pytest.mark.parametrize("query", HOSTILE[:12])
def test_hostile_queries_answer_200_on_both_doors(client, corpus, query):
    assert client.get("/search", params={"q": query}).status_code == 200
    assert client.get("/search.json", params={"q": query}).status_code == 200


def test_bad_paging_is_a_clear_422(client):
    response = client.get("/search.json", params={"q": "x", "limit": 0})
    assert response.status_code == 422 and "limit" in response.json()["detail"]
    assert client.get("/search", params={"q": "x", "offset": -1}).status_code == 422


def test_empty_search_page_and_header_box(client):
    page = soup(client.get("/search"))
    assert page.select(".search-hit") == [] and len(page.select("h1")) == 1
    for path in ("/", "/search?q=anything", "/outlets"):
        box = soup(client.get(path)).select_one("header form[role=search]")
        assert box["action"].endswith("/search") and box.select_one("input[name=q]")["id"] == "site-search-q"
        assert box.select_one('label[for="site-search-q"]') is not None


def test_pager_links_move_through_results(client, corpus):
    page = soup(client.get("/search", params={"q": "truce", "limit": 1}))
    following = page.select_one("a[rel=next]")["href"]
    assert "offset=1" in following and page.select_one("a[rel=prev]") is None
    second = soup(client.get(following))
    assert second.select_one("a[rel=prev]") is not None and second.select_one("a[rel=next]") is None


# --- PostgreSQL ----------------------------------------------------------------------------


@pytest.mark.postgres_only
def test_postgres_migration_makes_the_gin_index_and_search_follows_the_same_rules(session, add_article):
    truce = add_article(case("ukraine_easter_truce"), "Dawn")
    strike = add_article(case("ukraine_sumy_strike"), "Reuters")
    hostile = add_article("Truce <script>x</script> and a truce.", "Odd", title="Markup note")
    assert ids(search_articles(session, "Zelenskyy Sumy")) == [strike.id]
    assert set(ids(search_articles(session, "truce"))) == {truce.id, hostile.id}
    hit = search_articles(session, "mourning").items[0]
    assert [s.text for s in hit.snippet if s.match] == ["mourning"]
    # ts_headline drops what its parser reads as tags; whatever remains is escaped text.
    assert "<script" not in search_articles(session, "markup").items[0].snippet_html
    for query in HOSTILE:
        page = search_articles(session, query)
        assert page.total == len(page.items)
    indexes = set(session.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'article'")).scalars())
    assert "ix_article_search_vector" in indexes and "ix_article_search" not in indexes  # 0015 replaced 0003's


def sent_by(engine, call) -> list[tuple[str, object]]:
    """The statements (and their parameters) that ``call()`` sends through ``engine``."""
    sent: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return sent


@pytest.mark.postgres_only
def test_postgres_search_reads_the_gin_index_once_the_archive_is_analysed(session, add_article):
    outlet_id = add_article("The harbour reopened.", "Wire").outlet_id
    # 400 articles of about 1.7 KB, four of them about a lighthouse.
    session.execute(
        text(
            "INSERT INTO article (outlet_id, title, text, content_hash, created_at) "
            "SELECT :outlet, 'Report ' || i, repeat('The council met to discuss the ' "
            "|| (ARRAY['budget', 'ferry', 'school', 'bridge', 'harbour'])[i % 5 + 1] "
            "|| ' plan and the timetable of report ' || i || '. ', 20) "
            "|| CASE WHEN i % 100 = 0 THEN 'The lighthouse keeper retired.' ELSE '' END, "
            "md5('plan-' || i), now() FROM generate_series(1, 400) AS i"
        ),
        {"outlet": outlet_id},
    )
    session.commit()
    engine = session.get_bind()
    refresh_statistics(engine)  # what an import does once it has stored its articles
    sent = sent_by(engine, lambda: search_articles(session, "lighthouse keeper"))
    assert len(sent) == 2  # the count, then the ranked page
    # Built with a pending list (fastupdate on), the index made both plans sequential scans here.
    for statement, parameters in sent:
        plan = "\n".join(session.connection().exec_driver_sql("EXPLAIN " + statement, parameters).scalars())
        assert "ix_article_search_vector" in plan and "Seq Scan on article" not in plan, plan
    assert search_articles(session, "lighthouse keeper").total == 4
