"""Search: each pair of consecutive terms of a record indexed as a term of its own.

A two-word phrase (« mobiliser les membres ») is then one term's list to read instead of the
positions of every record holding both words (bot/core/practices/search.py, `pairs`).
SQLite: the FTS5 table gets two columns, `tpairs` (the title's pairs) and `pairs` (each
column's), filled from the analysed text it already holds. PostgreSQL: the pairs join each
record's tsvector (weight A for the title's, so that `title_doc` holds them too).

Revision ID: 0010
Revises: 0009p
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009p"
branch_labels = None
depends_on = None

# The rule of bot/core/practices/search.py (`tokens`, `pairs`) as of this revision, copied so
# that this migration does the same whatever the code becomes.
PAIR = "__"
_TOKEN = re.compile(r"\w+")
_PLAIN = re.compile(r"[0-9a-z]+")
_SPLIT = re.compile(r"[^0-9a-z]+")
TOKENIZE = "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\""
BATCH = 2_000


def _pairs(terms: Sequence[str]) -> list[str]:
    return [
        a + PAIR + b
        for a, b in itertools.pairwise(terms)
        if _PLAIN.fullmatch(a) and _PLAIN.fullmatch(b)
    ]


def _sqlite_pairs(title: str, body: str, meta: str) -> tuple[str, str]:
    in_title = _pairs(_TOKEN.findall(title))
    every = in_title + _pairs(_TOKEN.findall(body)) + _pairs(_TOKEN.findall(meta))
    return " ".join(dict.fromkeys(in_title)), " ".join(dict.fromkeys(every))


def _pg_pairs(title: str, body: str, meta: str) -> str:
    """The pairs as a tsvector literal: PostgreSQL concatenates a record's columns into one
    list of positions, so a phrase runs from the title into the body there."""
    in_title = _SPLIT.split(title)
    terms = [t for t in in_title + _SPLIT.split(body) + _SPLIT.split(meta) if t]
    titled = set(_pairs([t for t in in_title if t]))
    return " ".join(f"'{p}':1{'A' if p in titled else 'B'}" for p in dict.fromkeys(_pairs(terms)))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS practices_fts_terms")
        op.execute(
            "CREATE VIRTUAL TABLE practices_fts_new USING fts5("
            f"title, body, meta, filters, tpairs, pairs, {TOKENIZE})"
        )
        last = -1
        while True:
            rows = bind.execute(
                sa.text(
                    "SELECT rowid, title, body, meta, filters FROM practices_fts "
                    "WHERE rowid > :last ORDER BY rowid LIMIT :n"
                ),
                {"last": last, "n": BATCH},
            ).all()
            if not rows:
                break
            values = []
            for rowid, title, body, meta, filters in rows:
                tpairs, every = _sqlite_pairs(title, body, meta)
                values.append(
                    {"id": rowid, "t": title, "b": body, "m": meta, "f": filters}
                    | {"tp": tpairs, "p": every}
                )
            bind.execute(
                sa.text(
                    "INSERT INTO practices_fts_new (rowid, title, body, meta, filters, tpairs, "
                    "pairs) VALUES (:id, :t, :b, :m, :f, :tp, :p)"
                ),
                values,
            )
            last = rows[-1][0]
        op.execute("DROP TABLE practices_fts")
        op.execute("ALTER TABLE practices_fts_new RENAME TO practices_fts")
        op.execute("CREATE VIRTUAL TABLE practices_fts_terms USING fts5vocab(practices_fts, 'row')")
        return
    last = -1
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, title, body, meta FROM practices_search "
                "WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        # One statement a batch: the term counts' trigger (0009p) runs once for it.
        bind.execute(
            sa.text(
                "UPDATE practices_search AS s SET document = s.document || CAST(r.p AS tsvector) "
                "FROM unnest(CAST(:ids AS integer[]), CAST(:p AS text[])) AS r(id, p) "
                "WHERE s.id = r.id"
            ),
            {"ids": [r[0] for r in rows], "p": [_pg_pairs(r[1], r[2], r[3]) for r in rows]},
        )
        last = rows[-1][0]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS practices_fts_terms")
        op.execute(
            f"CREATE VIRTUAL TABLE practices_fts_old USING fts5(title, body, meta, filters, "
            f"{TOKENIZE})"
        )
        op.execute(
            "INSERT INTO practices_fts_old (rowid, title, body, meta, filters) "
            "SELECT rowid, title, body, meta, filters FROM practices_fts"
        )
        op.execute("DROP TABLE practices_fts")
        op.execute("ALTER TABLE practices_fts_old RENAME TO practices_fts")
        op.execute("CREATE VIRTUAL TABLE practices_fts_terms USING fts5vocab(practices_fts, 'row')")
        return
    # Pair terms are the only lexemes holding « __ » (stems never do).
    op.execute(
        "UPDATE practices_search SET document = ts_delete(document, ARRAY(SELECT v.lexeme "
        "FROM unnest(document) AS v WHERE strpos(v.lexeme, '__') > 0)) "
        "WHERE document::text LIKE '%\\_\\_%'"
    )
