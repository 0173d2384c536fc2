"""Practice search on PostgreSQL: the analysed columns in a tsvector with a GIN index.

The text is analysed in Python exactly as for SQLite (search.py: folded, Snowball stems,
concepts), so both engines hold the same terms and rank alike. PostgreSQL stores them in
`practices_search`: the columns as text (for the ranking), a tsvector built with the
`simple` configuration over `unaccent`-ed text (title weighted A, body B, meta C), the
title's part alone (`title_doc`, generated: a tier asking for the title reads its own
index, whose statistics the planner sees) and the filter tokens as a text array; all three
have a GIN index. Candidates are the newest records matching a tsquery, as FTS5's are. How
many records hold a term is kept in `practices_search_terms` by triggers (migration 0009p).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Row
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.practices.search import (
    HOLDER_FIELDS,
    WINDOW,
    AnalysedIndex,
    IndexDocument,
    IndexQuery,
    Phrase,
    Tier,
    document_columns,
    narrowest,
    pair_term,
    pairs,
)

# FTS5's tokenizer splits terms on anything but letters, digits and « _ »; the same split
# is made here before PostgreSQL's parser sees them, so both engines hold the same lexemes.
_SPLIT = re.compile(r"[^0-9a-z]+")
# A lexeme, or a pair of them (search.py, `pairs`).
_LEXEME = re.compile(r"[0-9a-z]+(?:__[0-9a-z]+)?")
# Above this many records, the planner's estimate of the row count is close enough for
# rarity, and counting exactly would cost milliseconds a search.
ESTIMATE_FROM = 10_000
# A tier's newest matches are first looked for among this many newest records (a few
# milliseconds of reading at most), then through the GIN index (see `_tier_ids`).
RECENT = 3_000
# Reading a record among the newest costs about twice as much as taking one from the GIN
# index (its tsvector is decompressed to be matched): a tier that at most `bound` records
# hold is looked up in the GIN index at once when bound² ≤ DIRECT · n · records, that is
# when its n newest matches would lie deeper among the newest records than it has matches.
DIRECT = 2

_VECTOR = (
    "setweight(to_tsvector('simple', unaccent(:vt)), 'A') || "
    "setweight(to_tsvector('simple', unaccent(:vb)), 'B') || "
    "setweight(to_tsvector('simple', unaccent(:vm)), 'C') || CAST(:vp AS tsvector)"
)
# The columns of a batch insert, one array each: id, title, body, meta, filters, and the
# three texts of the tsvector.
_BATCH = ("id", "t", "b", "m", "f", "vt", "vb", "vm", "vp")
_VISIBLE = "p.status = 'published' AND (p.community_id = :c OR p.shared)"


def lexemes(text: str) -> str:
    """`text` as PostgreSQL's parser should read it: the words FTS5 reads, spaced."""
    return _SPLIT.sub(" ", text).strip()


def pair_vector(title: str, body: str, meta: str) -> str:
    """A record's pair terms (search.py, `pairs`) as a tsvector literal, the title's with
    weight A (`title_doc` then holds them). PostgreSQL concatenates the columns into one list
    of positions, so a phrase runs from the title into the body: so do these pairs."""
    in_title = lexemes(title).split()
    terms = in_title + lexemes(body).split() + lexemes(meta).split()
    titled = set(pairs(in_title))
    return " ".join(f"'{p}':1{'A' if p in titled else 'B'}" for p in dict.fromkeys(pairs(terms)))


def _phrase(stems: Phrase, weight: str) -> str:
    # Lexemes quoted as the tsquery type reads them: to_tsquery('simple', …) leaves letters
    # and digits as they are, and would split a pair term at its « __ ».
    pair = pair_term(stems)
    if pair is not None:
        return f"'{pair}'{weight}"
    parts = [f"'{lx}'{weight}" for s in stems for lx in _SPLIT.split(s) if lx]
    return "(" + " <-> ".join(parts) + ")" if parts else ""


def tsquery(tier: Tier) -> str:
    """The tsquery text of a words tier (CAST(… AS tsquery)); a title tier's is asked of the
    title's own tsvector (`title_doc`), so it needs no weight."""
    clauses = []
    for clause in tier.clauses:
        phrases = [p for p in (_phrase(s, "") for s in narrowest(clause)) if p]
        if phrases:
            clauses.append("(" + " | ".join(phrases) + ")")
    return " & ".join(clauses)


def _terms(phrase: Phrase) -> tuple[str, ...]:
    """The terms whose records a phrase's are among: its pair terms, or its one lexeme."""
    pair = pair_term(phrase)
    if pair is not None:
        return (pair,)
    parts = [lx for s in phrase for lx in _SPLIT.split(s) if lx]
    return tuple(pairs(parts)) or tuple(parts)


class PostgresIndex(AnalysedIndex):
    """`PracticeIndex` on PostgreSQL: tsvector and text[] filters, both GIN-indexed."""

    INDEX_TABLE = "practices_search"
    INDEX_KEY = "id"
    WORDS_TABLE = "practices_search_words"
    WORDS_AGGREGATE = "string_agg(word, chr(10) ORDER BY id)"

    async def add_many(self, session: AsyncSession, docs: Sequence[IndexDocument]) -> None:
        """Index new practices in one go (imports): one statement for the whole batch, so
        that the term counts' trigger (migration 0009p) runs once per batch, not per row."""
        columns: dict[str, list[Any]] = {k: [] for k in _BATCH}
        for doc in docs:
            title, body, meta, filters = document_columns(doc)
            for key, value in zip(
                columns,
                (
                    doc.id,
                    title,
                    body,
                    meta,
                    filters,
                    lexemes(title),
                    lexemes(body),
                    lexemes(meta),
                    pair_vector(title, body, meta),
                ),
                strict=True,
            ):
                columns[key].append(value)
        if docs:
            await session.execute(
                sql(
                    "INSERT INTO practices_search (id, title, body, meta, filters, document) "
                    "SELECT r.id, r.t, r.b, r.m, array_remove(string_to_array(r.f, ' '), ''), "
                    f"{_VECTOR.replace(':v', 'r.v')} FROM unnest(CAST(:id AS integer[]), "
                    "CAST(:t AS text[]), CAST(:b AS text[]), CAST(:m AS text[]), "
                    "CAST(:f AS text[]), CAST(:vt AS text[]), CAST(:vb AS text[]), "
                    "CAST(:vm AS text[]), CAST(:vp AS text[])) AS r(id, t, b, m, f, vt, vb, vm, vp)"
                ),
                columns,
            )
            await self._remember_words(session, docs)

    async def _insert_words(self, session: AsyncSession, rows: list[dict[str, str]]) -> None:
        await session.execute(
            sql(
                "INSERT INTO practices_search_words (word, stem) VALUES (:w, :s) "
                "ON CONFLICT (word) DO NOTHING"
            ),
            rows,
        )

    async def _holder(self, session: AsyncSession, term: str, community_id: int) -> Row | None:
        query = _phrase((term,), "")
        if not query:
            return None
        return (
            await session.execute(
                sql(
                    f"SELECT {HOLDER_FIELDS}, p.language "
                    "FROM practices_search AS f JOIN practices AS p ON p.id = f.id "
                    "WHERE f.document @@ CAST(:q AS tsquery) "
                    f"AND {_VISIBLE} LIMIT 1"
                ),
                {"q": query, "c": community_id},
            )
        ).first()

    async def _state(self, session: AsyncSession, community_id: int) -> tuple[int, bool]:
        """How many records the index holds (estimated when large); whether to scope.

        The first statement of every search, so it also asks PostgreSQL to plan the rest of
        this transaction's statements for their actual words (`plan_cache_mode`): asyncpg
        prepares each statement, and after five runs PostgreSQL may keep one generic plan
        for all words, as slow for a rare word as for a common one. This statement itself
        has no parameter (the community id is an integer written in it), so its own plan
        always knows the community: a generic plan of « community_id < $1 OR … » read
        every record.
        """
        c = int(community_id)
        row = (
            await session.execute(
                sql(
                    f"SELECT CASE WHEN c.reltuples >= {ESTIMATE_FROM} THEN c.reltuples::bigint "
                    "ELSE (SELECT count(*) FROM practices_search) END, "
                    # Two ranges of the (community, status) index, as on SQLite: « <> »
                    # would read every record of the index.
                    "EXISTS (SELECT 1 FROM practices WHERE status = 'published' "
                    f"AND (community_id < {c} OR community_id > {c}) AND NOT shared), "
                    "set_config('plan_cache_mode', 'force_custom_plan', true) "
                    "FROM pg_class AS c WHERE c.oid = 'practices_search'::regclass"
                )
            )
        ).one()
        return int(row[0]), bool(row[1])

    @staticmethod
    def _where(filters: Sequence[str], scope: int | None) -> tuple[str, dict[str, Any]]:
        """Conditions on the filter tokens (all of `filters`; the scope's, when given)."""
        where, params = "", {}
        if filters:
            where += " AND filters @> CAST(:f AS text[])"
            params["f"] = list(filters)
        if scope is not None:
            where += " AND filters && CAST(:s AS text[])"
            params["s"] = [f"scope_c{scope}", "scope_shared"]
        return where, params

    async def _bounded(
        self, session: AsyncSession, tiers: list[Tier], documents: int, wanted: int
    ) -> list[Tier]:
        """Words tiers few records may hold marked `sparse` (see DIRECT), from the term
        counts: a clause is held by at most the sum of its phrases' counts."""
        said = {
            phrase: _terms(phrase)
            for tier in tiers
            for clause in tier.clauses
            for phrase in narrowest(clause)
        }
        if not said:
            return tiers
        counts = await self._frequencies(
            session, {t for terms in said.values() for t in terms}, documents
        )
        records = max(documents, 1)
        out = []
        for tier in tiers:
            if tier.clauses:
                # Clauses taken as independent: an estimate, good enough to choose a path.
                expected = float(records)
                for clause in tier.clauses:
                    held = sum(
                        min((counts[t] for t in said[p]), default=0) for p in narrowest(clause)
                    )
                    expected *= min(1.0, held / records)
                tier = replace(tier, sparse=expected**2 <= DIRECT * wanted * records)
            out.append(tier)
        return out

    async def _tier_ids(
        self, session: AsyncSession, tier: Tier, filters: Sequence[str], scope: int | None, n: int
    ) -> list[int]:
        where, params = self._where(filters, scope)
        if tier.family:
            rows = await session.execute(
                sql(
                    "SELECT id FROM practices_search WHERE filters @> CAST(:fam AS text[])"
                    f"{where} ORDER BY id DESC LIMIT :n"
                ),
                {**params, "fam": [tier.family], "n": n},
            )
            return [r[0] for r in rows]
        query = tsquery(tier)
        if not query:
            return []
        # A title tier on the title's own tsvector: its index and statistics are the title's,
        # so the planner sees how rare a word is in titles (a weight is invisible to it).
        column = "title_doc" if tier.title else "document"
        # The filters first: PostgreSQL checks conditions of equal cost in the order written,
        # and a record's small filter array is read at once, while its tsvector must be
        # decompressed (reading the newest records for a rare tool cost 22 ms the other way).
        match = f"{where.removeprefix(' AND ')}{' AND ' if where else ''}"
        match += f"{column} @@ CAST(:q AS tsquery)"
        values = {**params, "q": query, "n": n, "recent": RECENT}
        # The newest matches, in two bounded steps. Walking ids backwards finds a common
        # word's newest records at once, but the planner cannot tell a phrase or words that
        # rarely meet from common ones, and then walked (and decompressed) every record.
        # So: first among the RECENT newest records only; when fewer than n match there,
        # matches are sparse, and the GIN index finds them all (« id + 0 » keeps the planner
        # off the backwards walk), sorted after. The same ids either way. A tier the term
        # counts say is sparse (`_bounded`) goes to the GIN index at once.
        if where:
            # With filters, the planner intersects both GIN indexes even for a common word
            # (tens of milliseconds for one with 40,000 records), estimating a few matches:
            # the newest records are read first (OFFSET 0 keeps it from merging the two
            # steps), which costs the same whatever the words.
            recent = (
                "SELECT id FROM (SELECT id, filters, document, title_doc FROM practices_search "
                "WHERE id > (SELECT max(id) FROM practices_search) - :recent "
                f"ORDER BY id DESC OFFSET 0) AS r WHERE {match} ORDER BY id DESC LIMIT :n"
            )
        else:
            recent = (
                "SELECT id FROM practices_search WHERE id > "
                f"(SELECT max(id) FROM practices_search) - :recent AND {match} "
                "ORDER BY id DESC LIMIT :n"
            )
        ids: list[int] = []
        if not tier.sparse:
            rows = await session.execute(sql(recent), values)
            ids = [r[0] for r in rows]
        if len(ids) < n:
            rows = await session.execute(
                sql(f"SELECT id FROM practices_search WHERE {match} ORDER BY id + 0 DESC LIMIT :n"),
                values,
            )
            ids = [r[0] for r in rows]
        return ids

    async def _rows(self, session: AsyncSession, ids: Sequence[int], community_id: int) -> Any:
        return await session.execute(
            sql(
                # From the ids: the planner then looks each one up by primary key.
                "SELECT f.id, f.title, f.body, f.meta, array_to_string(f.filters, ' '), "
                "p.useful_count, p.created_at FROM unnest(CAST(:ids AS integer[])) AS i(id) "
                "JOIN practices_search AS f ON f.id = i.id JOIN practices AS p ON p.id = i.id "
                f"WHERE {_VISIBLE}"
            ),
            {"ids": list(ids), "c": community_id},
        )

    async def _term_counts(self, session: AsyncSession, terms: Sequence[str]) -> dict[str, int]:
        # Kept by a trigger (migration 0009p), as fts5vocab keeps SQLite's. FTS5 holds no
        # term with a hyphen or an apostrophe (it splits them): neither here.
        single = [t for t in terms if _LEXEME.fullmatch(t)]
        if not single:
            return {}
        rows = await session.execute(
            sql(
                "SELECT term, docs FROM practices_search_terms "
                "WHERE term = ANY(CAST(:terms AS text[]))"
            ),
            {"terms": single},
        )
        return {r[0]: int(r[1]) for r in rows}

    async def _recent(
        self, session: AsyncSession, filters: Sequence[str], scope: int | None
    ) -> list[int]:
        where, params = self._where(filters, scope)
        rows = await session.execute(
            sql(f"SELECT id FROM practices_search WHERE TRUE{where} ORDER BY id DESC LIMIT :cap"),
            {**params, "cap": WINDOW},
        )
        return [r[0] for r in rows]

    async def _page(
        self, session: AsyncSession, filters: Sequence[str], lo: int, query: IndexQuery
    ) -> tuple[int, ...]:
        where, params = self._where(filters, None)
        rows = await session.execute(
            sql(
                "SELECT p.id FROM practices_search AS f JOIN practices AS p ON p.id = f.id "
                f"WHERE f.id >= :lo{where.replace('filters', 'f.filters')} AND {_VISIBLE} "
                "ORDER BY p.useful_count DESC, p.created_at DESC, p.id DESC "
                "LIMIT :limit OFFSET :offset"
            ),
            {
                **params,
                "lo": lo,
                "c": query.community_id,
                "limit": query.limit,
                "offset": query.offset,
            },
        )
        return tuple(r[0] for r in rows)

    async def _filtered(
        self, session: AsyncSession, filters: Sequence[str], scope: int | None, query: IndexQuery
    ) -> tuple[tuple[int, ...], int]:
        """`_recent` and `_page` in one statement: the page is ranked among the WINDOW most
        recent matches already found (the same records `_page` finds from the last one on),
        not looked up again."""
        where, params = self._where(filters, scope)
        row = (
            await session.execute(
                sql(
                    "WITH w AS MATERIALIZED (SELECT id FROM practices_search "
                    f"WHERE TRUE{where} ORDER BY id DESC LIMIT :cap) "
                    "SELECT (SELECT count(*) FROM w), ARRAY(SELECT p.id FROM w "
                    f"JOIN practices AS p ON p.id = w.id WHERE {_VISIBLE} "
                    "ORDER BY p.useful_count DESC, p.created_at DESC, p.id DESC "
                    "LIMIT :limit OFFSET :offset)"
                ),
                {
                    **params,
                    "cap": WINDOW,
                    "c": query.community_id,
                    "limit": query.limit,
                    "offset": query.offset,
                },
            )
        ).one()
        return tuple(row[1]), int(row[0])

    async def _family_rows(
        self, session: AsyncSession, community_id: int, tokens: Sequence[str]
    ) -> Any:
        where, params = self._where((), community_id)
        return await session.execute(
            sql(
                "SELECT p.id, p.families, p.useful_count, p.created_at, p.community_id "
                "FROM (SELECT id FROM practices_search WHERE filters && CAST(:fam AS text[])"
                f"{where} ORDER BY id DESC LIMIT :cap) AS w JOIN practices AS p ON p.id = w.id "
                f"WHERE {_VISIBLE}"
            ),
            {**params, "fam": list(tokens), "c": community_id, "cap": WINDOW},
        )
