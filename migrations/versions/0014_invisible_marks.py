"""names keyed without invisible marks; bidi controls out of metadata

Outlet, label set and label value names are now keyed after removing zero-width characters,
bidi controls and control characters (app/models.py ``name_key``), so "Reuters" followed by a
zero-width space is Reuters. Rows stored before keep the key of the old rule, which differs
only for names holding such characters or full-width letters: this revision re-keys them, and
removes bidi controls, zero-width and control characters from outlet names and article titles
and authors (never from article text, which is kept as given). A row whose new key is another
row's is left as it is (logged): the admin merges the pair on the outlet page.

The cleaning rule is copied here as it was at this revision, so later changes to the app's
rule do not change what this revision did.

Revision ID: 0014
Revises: 0009
Create Date: 2026-12-01
"""

import logging
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0009"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_DROPPED = re.compile(
    "[\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff]+"
)
_JOINERS = re.compile("[\u200c\u200d\u034f]+")


def clean_line(value: str) -> str:
    return " ".join(_DROPPED.sub("", _CONTROL.sub(" ", value)).split())


def name_key(name: str) -> str:
    return " ".join(_JOINERS.sub("", clean_line(unicodedata.normalize("NFKC", name))).split()).casefold()


def _rekey(conn, table: str, scope: str | None = None, clean_names: bool = False) -> None:
    """New keys (and, for outlets, cleaned names) where they change and collide with no other row."""
    columns = f"id, name, name_key{', ' + scope if scope else ''}"
    rows = conn.execute(sa.text(f"SELECT {columns} FROM {table}")).all()
    taken = {(getattr(r, scope) if scope else None, r.name_key): r.id for r in rows}
    for row in rows:
        group = getattr(row, scope) if scope else None
        name = clean_line(row.name) if clean_names else row.name
        key = name_key(name)
        if (key == row.name_key and name == row.name) or not key:
            continue
        if taken.get((group, key), row.id) != row.id:
            log.warning(
                "%s %s (%r) is now spelled like %s %s: merge them", table, row.id, row.name, table, taken[(group, key)]
            )
            continue
        conn.execute(
            sa.text(f"UPDATE {table} SET name = :name, name_key = :key WHERE id = :id"),
            {"name": name, "key": key, "id": row.id},
        )
        taken.pop((group, row.name_key), None)
        taken[(group, key)] = row.id


def upgrade() -> None:
    conn = op.get_bind()
    _rekey(conn, "outlet", clean_names=True)
    _rekey(conn, "label_set")
    _rekey(conn, "label_value", scope="label_set_id")
    # Titles and authors: only the columns read, never the text.
    for row in conn.execute(sa.text("SELECT id, title, author FROM article")).all():
        title = clean_line(row.title) or None if row.title else row.title
        author = clean_line(row.author) or None if row.author else row.author
        if (title, author) != (row.title, row.author):
            conn.execute(
                sa.text("UPDATE article SET title = :title, author = :author WHERE id = :id"),
                {"title": title, "author": author, "id": row.id},
            )


def downgrade() -> None:
    # The old keys and the removed marks are not kept: nothing to undo (the new keys work with the old code).
    pass
