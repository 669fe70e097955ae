"""The alembic history is the only way the schema is made: it must match the models and keep rows."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.migrate import alembic_config, include_object, upgrade


def test_head_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'head.db'}"
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object}),
            SQLModel.metadata,
        )
    engine.dispose()
    assert diff == []


def test_upgrading_from_the_first_revision_keeps_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO outlet (id, name, name_key, created_at) VALUES (1, 'Wire', 'wire', '2025-01-01')")
        )
        conn.execute(text("INSERT INTO story (id, title, created_at) VALUES (1, 'Floods', '2025-01-01')"))
        conn.execute(
            text(
                "INSERT INTO article (id, outlet_id, story_id, text, content_hash, created_at) "
                "VALUES (1, 1, 1, 'Rivers rose overnight.', 'abc', '2025-01-01')"
            )
        )
    upgrade(url, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO comparison (id, slug, title, article_ids, fingerprint, analysis_version, status, created_at) "
                "VALUES (1, 'abcdefabcdef', 'Floods', '[1]', '', '', 'pending', '2025-01-01')"
            )
        )
    upgrade(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT text, story_id FROM article")).one() == ("Rivers rose overnight.", 1)
        assert "comparison" in inspect(conn).get_table_names()
        # 0006: the article keeps its row and gains an empty canonical URL; imports have their tables.
        assert conn.execute(text("SELECT canonical_url FROM article")).one() == (None,)
        assert {"import_job", "import_item"} <= set(inspect(conn).get_table_names())
        # 0011: outlets and comparisons keep their rows with zeroed counters; labels and corrections have tables.
        assert conn.execute(text("SELECT name, labels_rev FROM outlet")).one() == ("Wire", 0)
        assert conn.execute(text("SELECT slug, corrections_rev FROM comparison")).one() == ("abcdefabcdef", 0)
        assert {"label_set", "label_value", "outlet_label", "correction"} <= set(inspect(conn).get_table_names())
        # 0009: rows older than languages keep NULL (no pass over the archive): it is detected when needed.
        assert conn.execute(text("SELECT language FROM article")).one() == (None,)
        # Adding the column did not copy the table, which would have dropped its search triggers.
        triggers = {name for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        assert {"article_fts_insert", "article_fts_update", "article_fts_delete"} <= triggers
        # 0013: the stored article is indexed for story matching, and counted.
        terms = {t for (t,) in conn.execute(text("SELECT term FROM article_term WHERE article_id = 1"))}
        assert terms == {"rivers", "rose", "overnight"}
        counts = dict(conn.execute(text("SELECT term, articles FROM term_count")).all())
        assert counts == {"": 1, "rivers": 1, "rose": 1, "overnight": 1}
    engine.dispose()


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_with_foreign_keys(session):
    assert session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_0012_rekeys_names_with_invisible_marks_and_cleans_metadata(tmp_path):
    url = f"sqlite:///{tmp_path / 'marks.db'}"
    upgrade(url, "0009")
    engine = create_engine(url)
    with engine.begin() as conn:
        for id_, name, key in [
            (1, "Reuters", "reuters"),
            (2, "Reuters\u200b", "reuters\u200b"),
            (3, "AP\u202e", "ap\u202e"),
        ]:
            conn.execute(
                text(
                    "INSERT INTO outlet (id, name, name_key, created_at, labels_rev) VALUES (:i, :n, :k, '2025-01-01', 0)"
                ),
                {"i": id_, "n": name, "k": key},
            )
        conn.execute(
            text(
                "INSERT INTO article (id, outlet_id, title, author, text, content_hash, created_at) VALUES "
                "(1, 3, :title, 'Ann\u200b Lee', :body, 'abc', '2025-01-01')"
            ),
            {"title": "Vote\u202e passed", "body": "Text \u202bkept\u202c as given."},
        )
    upgrade(url)
    with engine.connect() as conn:
        outlets = conn.execute(text("SELECT id, name, name_key FROM outlet ORDER BY id")).all()
        # 2 would collide with 1: left for the admin to merge; 3 is cleaned and re-keyed.
        assert [tuple(o) for o in outlets] == [
            (1, "Reuters", "reuters"),
            (2, "Reuters\u200b", "reuters\u200b"),
            (3, "AP", "ap"),
        ]
        article = conn.execute(text("SELECT title, author, text FROM article")).one()
        assert tuple(article) == ("Vote passed", "Ann Lee", "Text \u202bkept\u202c as given.")
    engine.dispose()


def test_0016_clusters_the_postings_and_goes_back(tmp_path):
    """SQLite keeps the postings WITHOUT ROWID from 0016 on (a look-up reads them in key order), and
    going down to 0015 and up again keeps every posting."""
    url = f"sqlite:///{tmp_path / 'terms.db'}"
    upgrade(url)
    engine = create_engine(url)

    def storage() -> tuple[str, int]:
        with engine.connect() as conn:
            ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'article_term'")).scalar_one()
            return ddl, conn.execute(text("SELECT count(*) FROM article_term")).scalar_one()

    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO outlet (id, name, name_key, created_at) VALUES (1, 'Dawn', 'dawn', '2025-01-01')")
        )
        conn.execute(
            text(
                "INSERT INTO article (id, outlet_id, text, content_hash, created_at) VALUES (1, 1, 'x', 'h', '2025-01-01')"
            )
        )
        conn.execute(text("INSERT INTO article_term VALUES ('talks', 1, 1.5), ('rome', 1, 1.0)"))
    assert storage()[0].endswith("WITHOUT ROWID") and storage()[1] == 2
    command.downgrade(alembic_config(url), "0015")
    assert not storage()[0].endswith("WITHOUT ROWID") and storage()[1] == 2
    upgrade(url)
    assert storage()[0].endswith("WITHOUT ROWID") and storage()[1] == 2
    engine.dispose()
