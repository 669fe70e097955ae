"""Cleaning what pages say about themselves: site names, titles, bylines, dates and addresses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.services.metadata import (
    canonical_url,
    clean_authors,
    clean_outlet,
    clean_title,
    page_date,
    read_html,
    split_authors,
)
from tests.fetch_server import article_html


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        ("© Spox 2022", "Spox"),
        ("Copyright © 2024 The Associated Press. All rights reserved.", "The Associated Press"),
        ("(c) 2019–2024 Nordlicht Zeitung GmbH", "Nordlicht Zeitung"),
        ("Harbour Gazette Ltd.", "Harbour Gazette"),
        ("Valley Courier, Inc.", "Valley Courier"),
        ("Gazzetta del Porto S.p.A.", "Gazzetta del Porto"),
        ("Le Petit Quotidien SA", "Le Petit Quotidien"),
        ("Tagesblatt | Nachrichten aus der Region", "Tagesblatt"),
        ("The Evening Post – Breaking news, sport and weather", "The Evening Post"),
        ("Al-Monitor", "Al-Monitor"),  # a hyphen inside a name is no separator
        ("Reuters", "Reuters"),
        ("Kansas City Star", "Kansas City Star"),
        ("© 2023", None),
        ("", None),
        (None, None),
    ],
)
def test_outlet_names(given, cleaned):
    assert clean_outlet(given) == cleaned


@pytest.mark.parametrize(
    ("title", "outlet", "domain", "cleaned"),
    [
        (
            "Council closes the swing bridge | Harbour Gazette",
            "Harbour Gazette",
            None,
            "Council closes the swing bridge",
        ),
        ("Strike hits the port - CBS News", "CBS News", "cbsnews.com", "Strike hits the port"),
        ("Valley Courier: Floods | Valley Courier Inc.", "Valley Courier", None, "Valley Courier: Floods"),
        ("Tagesblatt – Brücke gesperrt", "Tagesblatt", None, "Brücke gesperrt"),
        ("Ferry talks stall | harbourgazette.example", None, "harbourgazette.example", "Ferry talks stall"),
        # Only the site's own name is dropped: a dash inside the headline stays.
        ("Mayor - council talks collapse", "Harbour Gazette", None, "Mayor - council talks collapse"),
        (None, "Harbour Gazette", None, None),
    ],
)
def test_titles_lose_the_site_name(title, outlet, domain, cleaned):
    assert clean_title(title, outlet, domain) == cleaned


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Mira Holt; Tomas Berg", ["Mira Holt", "Tomas Berg"]),
        ("Mira Holt and Tomas Berg", ["Mira Holt", "Tomas Berg"]),
        ("Mira Holt, Tomas Berg and Ana Ruiz", ["Mira Holt", "Tomas Berg", "Ana Ruiz"]),
        ("Holt, Mira", ["Holt, Mira"]),  # surname first is one person
        ("Sandra Anderson", ["Sandra Anderson"]),  # "and" inside a name is no separator
        ("", []),
    ],
)
def test_authors_are_split(byline, names):
    assert split_authors(byline) == names


@pytest.mark.parametrize(
    ("byline", "outlet", "cleaned"),
    [
        ("CBS News February", "CBS News", None),  # a date line run into the outlet's name
        ("By Harbour Gazette staff 21 March 2025 / 5:30 PM", "Harbour Gazette staff", None),
        ("By Mira Holt and Tomas Berg", "Harbour Gazette", "Mira Holt; Tomas Berg"),
        ("By Mira Holt, mira@gazette.example, @miraholt", None, "Mira Holt"),
        ("April Ryan & Theresa May", "CBS News", "April Ryan; Theresa May"),  # month names as names stay
        ("Ursula von der Leyen", None, "Ursula von der Leyen"),
        ("Mira Holt; mira holt", None, "Mira Holt"),
        ("Reuters", "Reuters", None),
        ("Reuters", "Harbour Gazette", "Reuters"),
        ("Harbourgazette", None, None),
    ],
)
def test_bylines_are_cleaned(byline, outlet, cleaned):
    assert clean_authors(byline, outlet, "harbourgazette.example") == cleaned


def test_dates_keep_their_zone():
    assert page_date("2025-03-04T09:30:00+0200") == datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert page_date("2025-03-04T09:30:00+0200").utcoffset() == timedelta(hours=2)
    assert page_date("2025-03-04T00:00:00") == datetime(2025, 3, 4, tzinfo=UTC)  # no zone: UTC, as typed dates
    assert page_date("2025-03-04T23:30:00Z") == datetime(2025, 3, 4, 23, 30, tzinfo=UTC)
    assert page_date("3 March") is None
    assert page_date("0999-01-01T00:00:00") is None


def test_canonical_addresses():
    base = "https://harbourgazette.example/amp/bridge?utm=x"
    assert canonical_url("/news/bridge", base) == "https://harbourgazette.example/news/bridge"
    assert canonical_url(None, base) == base
    assert canonical_url("javascript:alert(1)", base) is None
    assert canonical_url(None, None) is None


def test_a_page_is_read_with_cleaned_metadata():
    meta = read_html(article_html("spring"), "http://news.test:8080/article/spring")
    assert meta.title == "Council closes the swing bridge for spring repairs"
    assert meta.outlet == "Harbour Gazette"  # from "© Harbour Gazette Ltd 2025"
    assert meta.author == "Mira Holt; Tomas Berg"
    assert meta.published == datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert meta.canonical_url == "https://harbourgazette.example/news/spring"
    assert "seven to two on Tuesday" in meta.text
    assert "All rights reserved" not in meta.text  # the footer is not the article


def test_a_byline_that_runs_into_the_date_line_gives_no_author():
    html = """<!doctype html><html><head><title>Storm closes the port - Coast Radio</title>
    <meta property="og:site_name" content="Coast Radio">
    <meta property="article:published_time" content="2024-11-02T17:05:00-05:00"></head><body><article>
    <h1>Storm closes the port</h1><div class="byline">By <span class="author">Coast Radio</span>
    November 2, 2024 / 5:05 PM</div><p>The harbour master closed the port to all traffic on Saturday evening as
    winds reached 110 kilometres an hour along the northern coast.</p><p>Ferries to the islands will stay in
    port until Monday at the earliest, the operator said in a message to passengers.</p></article></body></html>"""
    meta = read_html(html, "https://www.coastradio.example/news/storm")
    assert meta.outlet == "Coast Radio"
    assert meta.title == "Storm closes the port"
    assert meta.author is None
    assert meta.published == datetime(2024, 11, 2, 22, 5, tzinfo=UTC)  # the same instant
    assert meta.published.utcoffset() == timedelta(hours=-5)
