"""The stored index stories are matched with: each article's terms, written once, and a lock.

An article's story terms (app.analysis.stories.story_terms) are computed when it is stored and
kept twice: as postings (article_term: term, article, weight; clustered by term) and packed in
one row with their term-frequency length (article_vector), while term_count keeps, per term, how
many articles use it (the empty term counts the articles). Finding the stories a new article
may join then reads a bounded number of rows whatever the size of the archive: the postings of
its most telling terms (at most ``POSTINGS_PER_TERM`` each, newest first, summed per article in
the database) and the packed terms of the few best candidates (at most ``SCORED_PER_STORY`` per
story), which are then scored. No window of recent articles: a story of thousands of articles
is found by the words it is about.

Deciding an article's story and starting a new one happen under one lock (:func:`story_lock`),
so articles about one event sent at once end in one story: PostgreSQL takes a transaction-level
advisory lock, SQLite a write transaction from the start (BEGIN IMMEDIATE), which every other
writer waits for.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from app.analysis import stories as matcher
from app.db import SQLITE_BUSY_TIMEOUT_MS
from app.models import Article, ArticleTerm, ArticleVector, TermCount

# Rows read per looked-up term, newest first: enough to reach every story that uses the term
# recently, few enough that a word thousands of articles share costs the same as a rare one.
POSTINGS_PER_TERM = 100
# Candidates ranked by their shared terms (cheap); the best of them, a few per story, are scored.
RANKED_CANDIDATES = 200
SCORED_CANDIDATES = 15
SCORED_PER_STORY = 5
ARTICLES_TERM = ""  # the term_count row counting indexed articles
CHUNK = 500  # bound parameters per statement, well under SQLite's and PostgreSQL's limits
# Any number unique to Parallax: the PostgreSQL advisory lock taken while deciding a story.
STORY_LOCK_KEY = 0x5041_5258  # "PARX"


@dataclass(frozen=True)
class Candidate:
    article_id: int
    story_id: int
    published_at: datetime | None


_SQLITE_WRITERS = threading.Lock()


@contextmanager
def story_lock(session: Session) -> Iterator[None]:
    """One transaction that only one writer at a time is in: committed on exit, rolled back on error.

    Whatever the session had pending is committed first: the lock must start the transaction."""
    session.commit()
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORY_LOCK_KEY})
        with _committed(session):
            yield
        return
    # Threads of this process queue on a lock of their own, handed over at once, before SQLite's:
    # a writer waiting in SQLite's busy handler polls, sleeping up to 100 ms between tries, so
    # eight concurrent uploads spent most of their time asleep (p99 near 2 s).
    queued = _SQLITE_WRITERS.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, waiting up to busy_timeout
        with _committed(session):
            yield
    finally:
        if queued:
            _SQLITE_WRITERS.release()


@contextmanager
def _committed(session: Session) -> Iterator[None]:
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


# --- writing ---------------------------------------------------------------------------------


@dataclass
class Batch:
    """What the articles of one transaction (a bulk import's batch) share: the stored terms of the
    candidates already read, and their own term counts, written once at the batch's end
    (:meth:`write`) instead of an upsert of 150 rows an article. :func:`term_counts` adds the
    counts not yet written, so each article is matched as if they were."""

    terms: dict[int, matcher.Terms] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)

    def write(self, session: Session) -> None:
        add_counts(session, self.counts)
        self.counts.clear()


def index_article(session: Session, article: Article, batch: Batch | None = None) -> matcher.Terms:
    """Store the article's story terms and count them (in ``batch`` when given); returns them. Call it under the lock."""
    assert article.id is not None
    terms = matcher.story_terms(article.title, article.text)
    index_many(session, [(article.id, terms)], batch)
    return terms


# Plain SQL for the statements run on every upload: the ORM's bulk paths and a freshly compiled
# multi-row upsert cost more than matching itself.
_INSERT_POSTING = text("INSERT INTO article_term (term, article_id, weight) VALUES (:term, :article_id, :weight)")
_INSERT_VECTOR = text("INSERT INTO article_vector (article_id, tf_norm, terms) VALUES (:article_id, :tf_norm, :terms)")
_ADD_COUNT = text(
    "INSERT INTO term_count (term, articles) VALUES (:term, :articles) "
    "ON CONFLICT (term) DO UPDATE SET articles = term_count.articles + excluded.articles"
)
# PostgreSQL takes the rows of one statement as arrays: one round trip and one statement for an
# article's 150 words, where a statement a row cost it 6 ms an article. SQLite runs in-process,
# where a statement a row costs no more.
_PG_INSERT_POSTINGS = text(
    "INSERT INTO article_term (term, article_id, weight) SELECT * FROM unnest(CAST(:terms AS varchar[]), "
    "CAST(:article_ids AS integer[]), CAST(:weights AS double precision[]))"
)
_PG_ADD_COUNTS = text(
    "INSERT INTO term_count (term, articles) SELECT * FROM unnest(CAST(:terms AS varchar[]), "
    "CAST(:articles AS integer[])) ON CONFLICT (term) DO UPDATE SET articles = term_count.articles + excluded.articles"
)


def index_many(session: Session, articles: Sequence[tuple[int, matcher.Terms]], batch: Batch | None = None) -> None:
    """Postings, lengths and counts of many articles in a few statements; the counts are left in
    ``batch`` when one is given."""
    if not articles:
        return
    connection = session.connection()
    postings = [(t, a, w) for a, terms in articles for t, w in terms]
    if postings and _postgres(connection):
        terms, ids, weights = map(list, zip(*postings, strict=True))
        connection.execute(_PG_INSERT_POSTINGS, {"terms": terms, "article_ids": ids, "weights": weights})
    elif postings:
        connection.execute(_INSERT_POSTING, [{"term": t, "article_id": a, "weight": w} for t, a, w in postings])
    vectors = [{"article_id": a, "tf_norm": matcher.tf_norm(t), "terms": pack(t)} for a, t in articles]
    connection.execute(_INSERT_VECTOR, vectors)
    counts = Counter(t for _, terms in articles for t, _ in terms)
    counts[ARTICLES_TERM] = len(articles)
    if batch is not None:
        batch.counts.update(counts)
    else:
        add_counts(session, counts)


def pack(terms: matcher.Terms) -> str:
    """An article's terms as stored in article_vector.terms: JSON pairs, in term order."""
    return json.dumps(sorted(terms), ensure_ascii=False, separators=(",", ":"))


def unpack(packed: str) -> matcher.Terms:
    """The pairs back, as lists (read like the tuples they were: term, weight)."""
    terms: matcher.Terms = json.loads(packed)
    return terms


def add_counts(session: Session, counts: Counter) -> None:
    """term_count += counts, inserting new terms, in term order (concurrent writers never deadlock)."""
    rows = sorted(counts.items())
    connection = session.connection()
    if rows and _postgres(connection):
        terms, articles = map(list, zip(*rows, strict=True))
        connection.execute(_PG_ADD_COUNTS, {"terms": terms, "articles": articles})
    elif rows:
        connection.execute(_ADD_COUNT, [{"term": t, "articles": n} for t, n in rows])


def _postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def forget_article(session: Session, article_id: int) -> None:
    """Take a deleted article's terms out of the counts and drop its postings. Call it under the lock."""
    terms = list(
        session.execute(select(col(ArticleTerm.term)).where(col(ArticleTerm.article_id) == article_id)).scalars()
    )
    indexed = session.execute(
        select(col(ArticleVector.article_id)).where(col(ArticleVector.article_id) == article_id)
    ).first()
    if indexed is None:
        return
    for start in range(0, len(terms), CHUNK):
        chunk = terms[start : start + CHUNK]
        session.execute(update(TermCount).where(col(TermCount.term).in_(chunk)).values(articles=TermCount.articles - 1))
    session.execute(
        update(TermCount).where(col(TermCount.term) == ARTICLES_TERM).values(articles=TermCount.articles - 1)
    )
    session.execute(delete(ArticleTerm).where(col(ArticleTerm.article_id) == article_id))
    session.execute(delete(ArticleVector).where(col(ArticleVector.article_id) == article_id))


# --- reading ---------------------------------------------------------------------------------


_TERM_COUNTS = text("SELECT term, articles FROM term_count WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)
_PG_TERM_COUNTS = text("SELECT term, articles FROM term_count WHERE term = ANY(CAST(:terms AS varchar[]))")


def term_counts(session: Session, terms: Iterable[str], batch: Batch | None = None) -> tuple[dict[str, int], int]:
    """How many articles use each term, and how many articles are indexed (``batch``'s unwritten counts added)."""
    wanted = sorted({*terms, ARTICLES_TERM})
    connection = session.connection()
    df: dict[str, int] = {}
    if _postgres(connection):  # one array parameter: one statement text, prepared once
        df.update(connection.execute(_PG_TERM_COUNTS, {"terms": wanted}).all())
    else:
        for start in range(0, len(wanted), CHUNK):
            df.update(connection.execute(_TERM_COUNTS, {"terms": wanted[start : start + CHUNK]}).all())
    if batch is not None and batch.counts:
        for term in wanted:
            if batch.counts[term]:
                df[term] = df.get(term, 0) + batch.counts[term]
    return df, df.pop(ARTICLES_TERM, 0)


def ranked_candidates(
    session: Session, weights: Mapping[str, float], exclude_id: int | None
) -> list[tuple[Candidate, float, float]]:
    """The articles in a story sharing the most weight with a new one: (candidate, tf length, shared).

    ``weights``: the looked-up terms with the weight of each in the new article. One statement
    reads, per term, a bounded index range of its postings (at most POSTINGS_PER_TERM, newest
    first), sums the shared weight per article in the database and returns the best
    RANKED_CANDIDATES: a few hundred rows cross to Python, not the thousands of postings."""
    if not weights:
        return []
    terms = list(weights)
    one = (
        "SELECT * FROM (SELECT article_id, weight * :w{i} AS shared FROM article_term "
        "WHERE term = :t{i} AND article_id <> :exclude ORDER BY article_id DESC LIMIT :limit) AS p{i}"
    )
    postings = " UNION ALL ".join(one.format(i=i) for i in range(len(terms)))
    query = text(
        "SELECT a.id, a.story_id, a.published_at, v.tf_norm, g.shared "
        f"FROM (SELECT article_id, sum(shared) AS shared FROM ({postings}) AS p GROUP BY article_id "
        "ORDER BY shared DESC, article_id DESC LIMIT :ranked) AS g "
        "JOIN article a ON a.id = g.article_id JOIN article_vector v ON v.article_id = g.article_id "
        "WHERE a.story_id IS NOT NULL ORDER BY g.shared DESC, g.article_id DESC"
    )
    values: dict[str, object] = {"exclude": exclude_id or -1, "limit": POSTINGS_PER_TERM, "ranked": RANKED_CANDIDATES}
    for i, term in enumerate(terms):
        values[f"t{i}"], values[f"w{i}"] = term, float(weights[term])
    found = []
    for article_id, story_id, published_at, norm, shared in session.connection().execute(query, values):
        if isinstance(published_at, str):  # SQLite through plain SQL: the stored ISO text
            published_at = datetime.fromisoformat(published_at)
        found.append((Candidate(article_id, story_id, published_at), norm, shared))
    return found


_STORED_TERMS = text("SELECT article_id, terms FROM article_vector WHERE article_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


def stored_terms(session: Session, ids: Sequence[int]) -> dict[int, matcher.Terms]:
    """Each article's stored story terms: one packed row each (an article not indexed has none)."""
    found: dict[int, matcher.Terms] = {i: [] for i in ids}
    if ids:
        for article_id, packed in session.connection().execute(_STORED_TERMS, {"ids": list(ids)}):
            found[article_id] = unpack(packed)
    return found


def indexed_articles(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(ArticleVector)).scalar_one())
