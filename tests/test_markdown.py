"""Pasted Markdown is shown as formatting, safely, with every mark still indexing the stored text."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from app.web.markdown import Document, Mark, render

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "hr"}
ALLOWED_TAGS |= {"strong", "em", "s", "a", "br", "span"}


def html(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


def sentence_marks(text: str, spans: list[tuple[int, int]]) -> list[Mark]:
    return [Mark(s, e, (("id", f"m{i}"), ("class", "s"), ("data-n", str(i)))) for i, (s, e) in enumerate(spans)]


def shown(page: BeautifulSoup, n: int) -> str:
    """The visible text of mark n, all its parts together (a mark may be cut by a block)."""
    return "".join(el.get_text() for el in page.select(f'[data-n="{n}"]'))


def test_emphasis_links_headings_and_lists_become_formatting():
    text = (
        "# Council closes the bridge\n\nThe **council** voted *7-2* on [Tuesday](https://gazette.example/vote).\n\n"
        "- Ferries run every 20 minutes.\n- Repairs cost $4.2 million.\n\n1. First\n2. Second\n"
    )
    page = html(render(text))
    assert page.select_one("h2").get_text() == "Council closes the bridge"  # the page's own title is the h1
    assert page.select_one("p strong").get_text() == "council" and page.select_one("p em").get_text() == "7-2"
    link = page.select_one("a")
    assert link["href"] == "https://gazette.example/vote" and "noopener" in link["rel"]
    assert [li.get_text() for li in page.select("ul li")] == [
        "Ferries run every 20 minutes.",
        "Repairs cost $4.2 million.",
    ]
    assert len(page.select("ol li")) == 2
    assert "**" not in page.get_text() and "](" not in page.get_text()


def test_raw_html_stays_text_and_only_web_links_are_links():
    text = (
        "A <script>alert(1)</script> and <b onclick=x>bold</b>.\n\n"
        "[one](javascript:alert(1)) [two](data:text/html,hi) [three](/relative) [four](mailto:a@b.example) "
        '[five](https://ok.example/"onmouseover="x) <javascript:alert(1)> ![photo](https://img.example/p.jpg)'
    )
    page = html(render(text))
    assert page.find("script") is None and page.find("b") is None and page.find("img") is None
    assert "<script>alert(1)</script>" in page.get_text()
    hrefs = [a["href"] for a in page.select("a")]
    assert hrefs and all(h.startswith("https://ok.example/") for h in hrefs)
    assert not page.select("[onmouseover], [onclick]")
    assert "photo" in page.get_text()  # an image shows its alt text and loads nothing


def test_plain_text_without_blank_lines_keeps_each_line_a_paragraph():
    plain = html(render("The vote was close.\nThe mayor spoke after it.\nFerries resume on Monday."))
    assert [p.get_text() for p in plain.select("p")] == [
        "The vote was close.",
        "The mayor spoke after it.",
        "Ferries resume on Monday.",
    ]
    wrapped = html(render("The vote was close and\nthe mayor spoke after it.\n\nFerries resume on Monday."))
    assert [p.get_text() for p in wrapped.select("p")] == [
        "The vote was close and the mayor spoke after it.",
        "Ferries resume on Monday.",
    ]


def test_an_indented_paragraph_is_not_code():
    page = html(render("    The council met on Tuesday.\n\n    It voted 7-2."))
    assert page.find("pre") is None and page.select_one("p").get_text() == "The council met on Tuesday."


def test_marks_wrap_the_visible_text_of_their_stored_span():
    text = "## Vote\n\nThe **city council** voted [7-2](https://g.example/v) on Tuesday. It closed the bridge.\n"
    first = text.index("The")
    second = text.index("It closed")
    spans = [(first, text.index(" It")), (second, len(text) - 1)]
    page = html(Document(text).render(sentence_marks(text, spans), marked_only=True))
    assert shown(page, 0) == "The city council voted 7-2 on Tuesday."
    assert shown(page, 1) == "It closed the bridge."
    assert page.select_one('[data-n="0"] strong').get_text() == "city council"
    assert page.select_one('[data-n="0"] a')["href"] == "https://g.example/v"
    assert page.find("h3") is None  # marked_only: the unmarked heading is left out
    assert Document(text).plain(*spans[0]) == "The city council voted 7-2 on Tuesday."


def test_a_sentence_that_ends_inside_emphasis_closes_and_reopens_it():
    text = "**The vote was 7-2. The mayor left.** Then it rained."
    spans = [
        (0, text.index(" The mayor")),
        (text.index("The mayor"), text.index(" Then")),
        (text.index("Then"), len(text)),
    ]
    page = html(Document(text).render(sentence_marks(text, spans), marked_only=True))
    assert [shown(page, i) for i in range(3)] == ["The vote was 7-2.", "The mayor left.", "Then it rained."]
    assert page.select_one('[data-n="0"] strong') and page.select_one('[data-n="1"] strong')
    assert page.select_one('[data-n="2"] strong') is None
    assert len(page.select("[id]")) == 3  # each mark keeps one id


def test_a_mark_across_two_blocks_is_shown_in_both_with_one_id():
    text = "Council votes\nThe council voted 7-2."  # no blank line: two paragraphs
    page = html(Document(text).render(sentence_marks(text, [(0, len(text))]), marked_only=True))
    parts = page.select('[data-n="0"]')
    assert [p.get_text() for p in parts] == ["Council votes", "The council voted 7-2."]
    assert len(page.select("#m0")) == 1


def test_a_list_item_of_reporting_is_rendered_inside_its_list():
    text = "Key points:\n\n- The bridge closes on 4 March for six weeks.\n- Ferries run every 20 minutes.\n"
    spans = [(m.start(), m.end()) for m in re.finditer(r"[A-Z][^\n]*[.:]", text)]
    page = html(Document(text).render(sentence_marks(text, spans), marked_only=True))
    items = page.select("ul li")
    assert [li.get_text() for li in items] == [
        "The bridge closes on 4 March for six weeks.",
        "Ferries run every 20 minutes.",
    ]
    assert all(li.select_one(".s") for li in items)


def test_offsets_survive_windows_line_ends_escapes_and_entities():
    text = "The **vote** was 7\\*2 &amp; close.\r\n\r\nThe mayor left.\r\n"
    second = text.index("The mayor")
    spans = [(0, text.index("\r")), (second, second + len("The mayor left."))]
    page = html(Document(text).render(sentence_marks(text, spans), marked_only=True))
    assert shown(page, 0) == "The vote was 7*2 & close."
    assert shown(page, 1) == "The mayor left."


def test_unmarked_text_between_marks_is_left_out_but_words_stay_apart():
    text = "The council voted. Advertisement Subscribe now. The mayor left."
    spans = [(0, 18), (text.index("The mayor"), len(text))]
    page = html(Document(text).render(sentence_marks(text, spans), marked_only=True))
    assert page.get_text() == "The council voted. The mayor left."


TEXTS = st.text(alphabet=st.sampled_from(list('ab *_`[]()<>!#-+>\\&;\n\r1.:"/h')), max_size=120)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.lists(st.tuples(st.integers(0, 120), st.integers(0, 30)), max_size=6))
def test_any_text_renders_to_allowed_tags_with_marks_anywhere(text, raw_spans):
    spans, cursor = [], 0
    for start, length in sorted(raw_spans):
        start = max(start, cursor)
        end = min(len(text), start + length)
        if start < end:
            spans.append((start, end))
            cursor = end
    page = html(Document(text).render(sentence_marks(text, spans), marked_only=bool(spans)))
    assert {tag.name for tag in page.find_all(True)} <= ALLOWED_TAGS
    assert all(a["href"].startswith(("http://", "https://")) for a in page.select("a"))
    ids = [el["id"] for el in page.select("[id]")]
    assert len(ids) == len(set(ids))
    document = Document(text)
    for n, (start, end) in enumerate(spans):  # a mark shows exactly the visible words of its span
        assert "".join(shown(page, n).split()) == "".join(document.plain(start, end).split())
    assert "".join(html(render(text)).get_text().split()) == "".join(document.plain().split())


def test_the_article_page_shows_pasted_markdown_as_formatting(client):
    text = (
        "## The vote\n\nThe council voted **7-2** on [Tuesday](https://gazette.example/vote).\n\n"
        "- Ferries run every 20 minutes.\n- Repairs cost $4.2 million.\n"
    )
    created = client.post("/api/articles", json={"text": text, "outlet": "Harbour Gazette"}).json()
    body = html(client.get(f"/articles/{created['id']}").text).select_one(".article-text")
    assert body.select_one("h3").get_text() == "The vote"  # one level under the page title, as "##" is under "#"
    assert body.select_one("strong").get_text() == "7-2"
    assert body.select_one("a")["href"] == "https://gazette.example/vote"
    assert len(body.select("ul li")) == 2 and "**" not in body.get_text()
    assert client.get(f"/api/articles/{created['id']}").json()["text"] == text  # stored exactly as given
