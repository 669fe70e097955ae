"""The stored story index: a large old story is still found, upgraded archives keep matching, deletes are counted.

The large story is built by bulk SQL and the index service (not 3,000 uploads): what is under
test is how a new article finds it, through the real ingest path.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from app.analysis.stories import story_terms, tf_norm
from app.migrate import upgrade
from app.models import Article, ArticleCreate, ArticleTerm, ArticleVector, Outlet, Story, TermCount
from app.services import admin, story_index
from app.services.ingest import Upload, content_hash, ingest, ingest_batch
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "story_cases"
MANIFEST = json.loads((ROOT / "demo" / "manifest.json").read_text(encoding="utf-8"))
DEMO = [(ROOT / "demo" / e["file"]).read_text(encoding="utf-8") for e in MANIFEST["articles"]]
DAY = datetime(2025, 4, 18, tzinfo=UTC)
CASE_NAMES = {p.stem for p in CASES.glob("*.txt")}


def _bulk_story(session: Session, title: str, bases: list[str], count: int, outlet_id: int) -> int:
    """A story of ``count`` reports, each one of ``bases`` with its own closing line, stored and indexed in bulk SQL.

    A report's story terms are its base's (the closing line adds only a digit and a word every
    one shares), so the postings are copied from the bases' terms in one INSERT ... SELECT."""
    story = Story(title=title, created_at=DAY)
    session.add(story)
    session.flush()
    texts = [f"{bases[n % len(bases)]}\n\n(Update {n}.)" for n in range(count)]
    rows = [
        {"outlet_id": outlet_id, "story_id": story.id, "text": t, "content_hash": content_hash(t), "published_at": DAY}
        for t in texts
    ]
    session.execute(insert(Article), rows)
    ids = session.execute(select(Article.id).where(Article.story_id == story.id).order_by(Article.id)).scalars().all()
    base_terms = [story_terms(None, t) for t in texts[: len(bases)]]
    assert story_terms(None, texts[-1]) == base_terms[(count - 1) % len(bases)]
    session.execute(text("CREATE TEMPORARY TABLE base_term (base INTEGER, term VARCHAR(64), weight FLOAT)"))
    session.execute(
        text("INSERT INTO base_term VALUES (:base, :term, :weight)"),
        [{"base": b, "term": t, "weight": w} for b, terms in enumerate(base_terms) for t, w in terms],
    )
    session.execute(
        text(
            "INSERT INTO article_term (term, article_id, weight) SELECT b.term, a.id, b.weight FROM article a "
            "JOIN base_term b ON b.base = (a.id - :first) % :bases WHERE a.story_id = :story"
        ),
        {"first": ids[0], "bases": len(bases), "story": story.id},
    )
    session.execute(text("DROP TABLE base_term"))
    own = [base_terms[(i - ids[0]) % len(bases)] for i in ids]
    session.execute(
        insert(ArticleVector),
        [{"article_id": i, "tf_norm": tf_norm(t), "terms": story_index.pack(t)} for i, t in zip(ids, own, strict=True)],
    )
    counts: Counter = Counter({story_index.ARTICLES_TERM: count})
    for b, terms in enumerate(base_terms):
        reports = len(range(b, count, len(bases)))
        counts.update({t: reports for t, _ in terms})
    story_index.add_counts(session, counts)
    session.commit()
    assert story.id is not None
    return story.id


@pytest.mark.slow  # writes about half a million postings: 8 s on SQLite, 15 s on PostgreSQL
def test_a_story_of_three_thousand_old_articles_is_found_behind_hundreds_of_newer_ones(session, add_article):
    outlet = Outlet(name="Wire", name_key="wire")
    session.add(outlet)
    session.commit()
    assert outlet.id is not None
    leads = ["\n\n".join(text.split("\n\n")[:8]) for text in DEMO[:4]]  # short reports: fewer rows to write
    big = _bulk_story(session, "Talks", leads, 3000, outlet.id)
    # Then 480 newer articles on other events: more than the 400 newest the matcher used to read.
    for name in ("ukraine_easter_truce", "ukraine_sumy_strike", "congress_other_resignation"):
        case = (CASES / f"{name}.txt").read_text(encoding="utf-8")
        _bulk_story(session, name, [case], 160, outlet.id)
    assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 3480
    assert story_index.indexed_articles(session) == 3480

    article = add_article(DEMO[4], "The Washington Post", published="2025-04-18")  # its report of the talks
    assert article.story_id == big
    other = add_article((CASES / "congress_other_resignation_second_outlet.txt").read_text(), "The Hill")
    assert session.get(Story, other.story_id).title == "congress_other_resignation"


def test_an_upgraded_archive_is_indexed_and_keeps_matching(database_url):
    upgrade(database_url, "0009")
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO outlet (id, name, name_key, created_at) VALUES (1, 'Dawn', 'dawn', :d)"), {"d": DAY}
        )
        conn.execute(text("INSERT INTO story (id, title, created_at) VALUES (1, 'Talks', :d)"), {"d": DAY})
        for n, body in enumerate(DEMO[:4], start=1):
            conn.execute(
                text(
                    "INSERT INTO article (id, outlet_id, story_id, text, content_hash, published_at, created_at) "
                    "VALUES (:id, 1, 1, :text, :hash, :d, :d)"
                ),
                {"id": n, "text": body, "hash": content_hash(body), "d": DAY},
            )
        if engine.dialect.name == "postgresql":  # rows given their ids by hand: move the sequence past them
            for table, last in (("outlet", 1), ("story", 1), ("article", 4)):
                conn.execute(text(f"SELECT setval('{table}_id_seq', {last})"))
    upgrade(database_url)
    with Session(engine) as session:
        assert session.get(TermCount, story_index.ARTICLES_TERM).articles == 4
        said = session.execute(select(func.count()).where(ArticleTerm.term == "rubio")).scalar_one()
        assert said == session.get(TermCount, "rubio").articles > 0
        packed = story_index.stored_terms(session, [1, 2])  # the packed copy equals the postings (0016)
        assert sorted(map(tuple, packed[1])) == sorted(story_terms(None, DEMO[0]))
        assert sorted(map(tuple, packed[2])) == sorted(story_terms(None, DEMO[1]))
        settings = Settings(database_url=database_url, demo=False, _env_file=None)
        fifth = ingest(
            session, settings, ArticleCreate(text=DEMO[4], outlet="The Washington Post", published="2025-04-18")
        )
        assert fifth.story_id == 1
    engine.dispose()


def test_deleting_an_article_takes_its_terms_out_of_the_counts(session, add_article):
    first = add_article(DEMO[0], "Dawn", published="2025-04-18")
    second = add_article(DEMO[1], "Emerging Gulf", published="2025-04-18")
    assert second.story_id == first.story_id
    counts = dict(session.execute(select(TermCount.term, TermCount.articles)).all())
    assert counts[story_index.ARTICLES_TERM] == 2
    second_terms = {t for t, _ in story_terms(second.title, second.text)}
    admin.delete_article(session, second.id)
    after = dict(session.execute(select(TermCount.term, TermCount.articles)).all())
    assert after[story_index.ARTICLES_TERM] == 1
    assert all(after[t] == counts[t] - 1 for t in second_terms)
    assert session.execute(select(func.count()).where(ArticleTerm.article_id == second.id)).scalar_one() == 0
    assert story_index.indexed_articles(session) == 1


def test_a_batch_groups_and_counts_as_articles_stored_one_by_one(session, settings, tmp_path):
    """A bulk import's batch writes its term counts once, at its end, and reads candidates' terms once:
    its articles must end in the same stories, and the counts be the same, as when stored one by one."""
    texts = [*DEMO, *((CASES / f"{name}.txt").read_text(encoding="utf-8") for name in sorted(CASE_NAMES))]
    items = [
        (ArticleCreate(outlet=f"Outlet {n}", published="2025-04-18"), Upload(f"{n}.txt", t.encode()))
        for n, t in enumerate(texts)
    ]

    def grouping(articles) -> set[frozenset[int]]:
        stories: dict[int, set[int]] = {}
        for n, article in enumerate(articles):
            stories.setdefault(article.story_id, set()).add(n)
        return {frozenset(members) for members in stories.values()}

    batched = ingest_batch(session, settings, items)
    assert all(isinstance(a, Article) for a in batched)
    one_url = f"sqlite:///{tmp_path / 'one_by_one.db'}"
    upgrade(one_url)
    engine = create_engine(one_url, poolclass=NullPool)
    with Session(engine) as alone:
        single = grouping([ingest(alone, settings, given, body) for given, body in items])
        alone_counts = dict(alone.execute(select(TermCount.term, TermCount.articles)).all())
    engine.dispose()
    assert grouping(batched) == single
    assert len(single) >= 3  # the demo story and the cases' other events: not one lump
    assert dict(session.execute(select(TermCount.term, TermCount.articles)).all()) == alone_counts


def test_a_batch_counts_what_it_has_not_written_yet(session, add_article):
    """Matching inside a batch sees the batch's own articles in the term counts before they are written."""
    article = add_article(DEMO[0], "Dawn", published="2025-04-18")
    terms = story_terms(article.title, article.text)
    words = [t for t, _ in terms]
    story_index.forget_article(session, article.id)  # as if not indexed yet
    before = story_index.term_counts(session, words)
    batch = story_index.Batch()
    story_index.index_many(session, [(article.id, terms)], batch)
    during = story_index.term_counts(session, words, batch)
    assert story_index.term_counts(session, words) == before  # nothing written yet
    batch.write(session)
    after = story_index.term_counts(session, words)
    assert during == after != before
    assert after[1] == before[1] + 1 and all(after[0][t] == before[0].get(t, 0) + 1 for t in words)
