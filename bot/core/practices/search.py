"""Full-text search over practices: one interface, and its SQLite FTS5 implementation.

FTS5 knows no French stemming, so the text is analysed here, in Python, the same way on
both sides: folded (accents and case), split (elisions off), stop words dropped, Snowball
stems (French, or English for English records). The FTS5 table stores those stems in
columns (title, body, meta), plus filter tokens (family, tag, sector, tool, community scope)
so that filtering is an index lookup, not a scan.

A search by words: the query becomes groups of alternatives (concepts.py: synonyms, Québec
terms, English, word forms); a word no record holds is first corrected against the surface
words seen so far (spelling.py: `practices_fts_words`, rapidfuzz), keeping only corrections
a record the member may read holds; FTS5 finds candidates tier by tier, the most relevant
kind of match first (`_tiers`), and ranking.py scores them by the rarity of the words they
answer, with no word required, and says « nothing relevant » when even the best answers too
little. Records
sharing the best ones' tags, tools and families are then looked up to fill the first page
(pseudo-relevance feedback, ranking.with_feedback).

The spelling vocabulary is read in a background task once it is larger than a chunk (the
first misspelled search after start does not wait for it: meanwhile the word table is asked
by prefix; see spelling.py), and concepts.toml and the advisor's référentiel load in a
thread when the index is made (`warm_up`).

`AnalysedIndex` holds all of that; an engine only stores the analysed columns, finds the
candidates of a `Tier` and counts a term's records: `SqliteFtsIndex` here, `PostgresIndex`
(tsvector, unaccent, GIN) in search_pg.py. Nothing outside these modules knows either.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import itertools
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Row
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.practices import catalog, ranking, spelling
from bot.core.practices.concepts import (
    FILLER,
    Group,
    default_concepts,
    expand_acronyms,
)
from bot.core.practices.records import PracticeContent
from bot.core.practices.spelling import MIN_TYPO_LENGTH, Speller
from bot.core.practices.spelling import json_list as _json_list
from bot.core.text import STOPWORDS, stem, words


@dataclass(frozen=True, slots=True)
class IndexDocument:
    """What the index needs of a published practice."""

    id: int
    community_id: int
    shared: bool
    content: PracticeContent


@dataclass(frozen=True, slots=True)
class IndexQuery:
    """A search in one community's view: words, filters, and the page wanted."""

    community_id: int
    text: str = ""
    families: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    offset: int = 0
    limit: int = 10


@dataclass(frozen=True, slots=True)
class IndexResult:
    """Matching practice ids for the page, best first, and what was searched."""

    ids: tuple[int, ...]
    total: int
    # Stems to highlight in the records' text.
    terms: frozenset[str] = frozenset()
    corrections: tuple[tuple[str, str], ...] = ()
    relaxed: bool = False
    # The query had no word that can be searched (only stop words, or nothing).
    empty: bool = False
    # True when there are more matches than `total` says (counting stops early).
    more: bool = False
    # The relevance of each id of the page (same order).
    scores: tuple[float, ...] = ()


class PracticeIndex(Protocol):
    """The search engine behind practices (SQLite FTS5, PostgreSQL tsvector)."""

    async def add(self, session: AsyncSession, doc: IndexDocument) -> None:
        """Index a published practice (replacing what was indexed for it)."""
        ...

    async def remove(self, session: AsyncSession, practice_id: int) -> None:
        """Forget a practice (withdrawn)."""
        ...

    async def search(self, session: AsyncSession, query: IndexQuery) -> IndexResult:
        """Visible practices matching the query, ranked: relevance, usefulness, recency."""
        ...

    async def by_families(
        self, session: AsyncSession, community_id: int, families: Sequence[str], limit: int
    ) -> tuple[int, ...]:
        """Visible practices for these families (first ones weigh more), most relevant first."""
        ...

    async def rebuild(self, session: AsyncSession) -> int:
        """Re-index every published practice; returns how many."""
        ...

    async def aclose(self) -> None:
        """Stop any background work (the database is closing)."""
        ...


# ----------------------------------------------------------------------------- analysis

_FILTER_CHARS = re.compile(r"[^0-9a-z]+")
MAX_QUERY_WORDS = 12  # a pasted paragraph is cut: the first words carry the need
LANGS = ("fr", "en")
CORRECTED_WEIGHT = 0.8
# Candidates ranked in Python per search (see _tiers for how they are chosen).
CANDIDATES = 60
SMALL_INDEX = 20_000
# Subject tokens of the best records looked up for more candidates (the weightiest).
FEEDBACK_TIERS = 12
TITLE_TIER_LIMIT = 5_000
AND_TIER_LIMIT = 20_000


def analyse(text: str, lang: str = "fr") -> list[str]:
    """The stems of the content words of `text`."""
    return [stem(w, lang) for w in words(text) if w not in STOPWORDS]


def _token(prefix: str, value: str) -> str:
    return prefix + "_" + _FILTER_CHARS.sub("_", value).strip("_")


def family_token(name: str) -> str:
    """Filter token of a family."""
    return _token("fam", catalog.family_slug(name))


def word_tokens(prefix: str, value: str) -> list[str]:
    """Filter tokens for the words of a tag, sector or tool (stemmed: plurals meet)."""
    return [_token(prefix, stem(w, "fr")) for w in words(value) if w not in STOPWORDS] or [
        _token(prefix, stem(w, "fr")) for w in words(value)
    ]


def tool_tokens(name: str) -> list[str]:
    """Filter tokens of a tool: its whole key and its words."""
    key = catalog.tool_key(catalog.resolve_tool(name))
    return [_token("tool", key.replace("-", "")), *word_tokens("toolw", name)]


def scope_tokens(community_id: int, shared: bool) -> list[str]:
    """Who may see a document: its community, and everyone when shared."""
    return [f"scope_c{community_id}"] + (["scope_shared"] if shared else [])


def document_columns(doc: IndexDocument) -> tuple[str, str, str, str]:
    """The four indexed columns of a practice: title, body, meta, filters."""
    c = doc.content
    lang = c.language
    # « CA », « AGA » in capitals are indexed as what they stand for (folding would make
    # « CA » the stop word « ça »).
    title = " ".join(analyse(expand_acronyms(c.title), lang))
    body_text = "\n".join((c.need, c.actions, c.results, c.advice))
    body = " ".join(analyse(expand_acronyms(body_text), lang))
    context = (c.org_type, c.sector, c.size, c.region, c.organisation, c.period)
    meta_text = " ".join((*context, *c.tools, *c.families, *c.tags))
    meta = " ".join(analyse(meta_text, lang))
    filters: list[str] = scope_tokens(doc.community_id, doc.shared)
    filters += [family_token(f) for f in c.families]
    for tag in c.tags:
        filters += word_tokens("tag", tag)
    filters += word_tokens("sec", c.sector)
    for tool in c.tools:
        filters += tool_tokens(tool)
    return title, body, meta, " ".join(dict.fromkeys(filters))


def _phrase(stems: Sequence[str]) -> str:
    return '"' + " ".join(s.replace('"', "") for s in stems) + '"'


# ----------------------------------------------------------------------------- word pairs

# Each pair of consecutive terms of a record is indexed as a term of its own (« mobilis__membr »),
# so that a two-word phrase is one term's list to read, as a word is: asked as a phrase, an
# engine reads the positions of every record holding both words (« mobiliser les membres »:
# 6 ms on SQLite, 175 ms on PostgreSQL at 100,000 records, for no match at all). Terms are
# the engines' own tokens (FTS5 and PostgreSQL's parser both split stems on anything but
# letters and digits, « super-utilis » is two), and « __ » never occurs in a stem or a
# filter token, so a pair term means exactly « these two tokens next to each other ».
PAIR = "__"
_TOKEN = re.compile(r"\w+")
_PLAIN = re.compile(r"[0-9a-z]+")


def tokens(text: str) -> list[str]:
    """The terms an engine reads in analysed text (stems split as FTS5 splits them)."""
    return _TOKEN.findall(text)


def pairs(terms: Sequence[str]) -> list[str]:
    """The pair terms of consecutive `terms` (those made of plain letters and digits)."""
    return [
        a + PAIR + b
        for a, b in itertools.pairwise(terms)
        if _PLAIN.fullmatch(a) and _PLAIN.fullmatch(b)
    ]


def pair_term(stems: Sequence[str]) -> str | None:
    """The pair term standing for a phrase of exactly two tokens, if it has one."""
    terms = tokens(" ".join(stems))
    found = pairs(terms) if len(terms) == 2 else []
    return found[0] if found else None


def pair_columns(title: str, body: str, meta: str) -> tuple[str, str]:
    """The pair terms of a record's title, and of each of its columns (SQLite: a phrase
    does not run from one column into the next)."""
    in_title = pairs(tokens(title))
    every = in_title + pairs(tokens(body)) + pairs(tokens(meta))
    return " ".join(dict.fromkeys(in_title)), " ".join(dict.fromkeys(every))


def narrowest(clause: Sequence[Phrase]) -> list[Phrase]:
    """A clause's phrases without those holding another of them: a record holding
    « assemble general annuel » holds « assemble general », so the longer one finds
    nothing more (and costs a phrase's reading)."""
    return list(_narrowest(tuple(clause)))


@functools.lru_cache(maxsize=4096)
def _narrowest(clause: tuple[Phrase, ...]) -> tuple[Phrase, ...]:
    # Quadratic in a clause's phrases (an expanded word has dozens), and asked again for
    # the same clauses by each tier and each search of the same words: kept per process
    # (a pure function of the clause; 4,096 clauses are a few megabytes at most).
    said = {p: tuple(tokens(" ".join(p))) for p in clause}
    # Phrases by their terms, to look up each contiguous part of a phrase's terms.
    by_terms: dict[tuple[str, ...], list[Phrase]] = {}
    for p, terms in said.items():
        by_terms.setdefault(terms, []).append(p)
    out: list[Phrase] = []
    kept: set[Phrase] = set()
    for phrase, terms in said.items():
        n = len(terms)
        # Another phrase whose terms are a part of these: shorter, or as long and kept.
        longer = any(
            other != phrase and (j - i < n or other in kept)
            for i in range(n)
            for j in range(i + 1, n + 1)
            for other in by_terms.get(terms[i:j], ())
        )
        if not longer:
            out.append(phrase)
            kept.add(phrase)
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def _subjects(filters: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A record's families and subject tokens, from its filter tokens (space-separated)."""
    # Records come back search after search (the newest, the common words'): their subject
    # tokens, read through the concepts, are kept by filter string (about 1 KB each).
    held = filters.split()
    return tuple(t for t in held if t.startswith("fam_")), ranking.subject_tokens(held)


def _varint(blob: bytes) -> int:
    """The first SQLite varint of a blob (FTS5 stores its row count so)."""
    value = 0
    for i, byte in enumerate(blob[:9]):
        if i == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value
    return value


_WARM_LOCK = threading.Lock()
_warm = False


def warm_up() -> None:
    """Load what a search reads (the concepts, the advisor's référentiel) once per process.

    Started in a thread when an index is made, so that the first search after start does
    not pay for it; a search that comes earlier waits for it in a thread, off the loop.
    """
    global _warm
    with _WARM_LOCK:
        if _warm:
            return
        try:
            default_concepts()
            from bot.core.advisor.engine import default_advisor

            default_advisor()
        except Exception:  # the advisor's data may be mid-edit: a search loads it again
            log.debug("warm-up failed", exc_info=True)
        # What is loaded now (the référentiel, the concepts, the modules: about 100,000
        # objects) lives as long as the process: out of the garbage collector's reach, a
        # full collection no longer walks it again and again, each time holding the event
        # loop 40 to 160 ms on a busy machine (bench/practices.py, spelling correction).
        gc.freeze()
        _warm = True


def _start_warm_up() -> None:
    if not _warm and not _WARM_LOCK.locked():
        threading.Thread(target=warm_up, name="practices-warm-up", daemon=True).start()


# The families of recent queries, with the advisor that read them (a new référentiel
# makes a new advisor): reading a query costs a millisecond, and the same query comes back
# page after page.
_FAMILIES: OrderedDict[str, tuple[object, dict[str, float]]] = OrderedDict()
FAMILIES_CACHE = 1024


def query_families(text: str) -> dict[str, float]:
    """The référentiel families a query is about (weight 1 for the first), if clear."""
    text = text[:500]
    try:
        from bot.core.advisor.engine import default_advisor

        advisor = default_advisor()
        known = _FAMILIES.get(text)
        if known is not None and known[0] is advisor:
            _FAMILIES.move_to_end(text)
            return dict(known[1])
        advice = advisor.advise(text, top=3)
    except Exception:  # the advisor's data may be mid-edit: families only add to a search
        return {}
    found: dict[str, float] = {}
    if advice.matches:
        best = advice.matches[0].score
        found = {
            m.family.name: round(m.score / best, 2)
            for m in advice.matches
            if m.score >= FAMILY_MIN_SCORE and m.score >= best * 0.5
        }
    _FAMILIES[text] = (advisor, found)
    if len(_FAMILIES) > FAMILIES_CACHE:
        _FAMILIES.popitem(last=False)
    return dict(found)


FAMILY_MIN_SCORE = 1.5


def _quote(term: str) -> str:
    # Terms are [0-9a-z_]+ by construction; quoting keeps FTS5 from reading NOT/AND/OR.
    return '"' + term.replace('"', "") + '"'


# What a record holding a term is read for, to write the term as the record does: every field
# indexed (the term may be in the title as well as only in the sector or a family).
HOLDER_FIELDS = ", ".join(
    f"p.{name}"
    for name in (
        "title", "need", "actions", "results", "advice", "org_type", "sector", "size",
        "region", "organisation", "period", "tools", "families", "tags",  # lists last
    )
)  # fmt: skip


@dataclass
class _Frequencies:
    """How many records held each term when the index held `documents` records."""

    documents: int = -1
    counts: dict[str, int] = field(default_factory=dict)


_FREQUENCIES: dict[str, _Frequencies] = {}


def forget_database(key: str) -> None:
    """Forget what this process remembers of a database's index (it was emptied under it)."""
    spelling.forget(key)
    _FREQUENCIES.pop(key, None)


log = logging.getLogger(__name__)


# ------------------------------------------------------------------------ both engines

# Scores are rounded so that near-equal relevance is a tie that usefulness and recency break.
SCORE_DECIMALS = 2
FAMILY_WEIGHTS = (1.0, 0.6, 0.4, 0.3, 0.2)
# Matches ranked per query (the most recent ones when there are more); also the count's cap.
WINDOW = 1000

# A phrase: the stems of consecutive words.
Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tier:
    """One way of finding candidates: records holding every clause (any of its phrases),
    in their title only when `title`; or, when `family` is set, records filed under it."""

    clauses: tuple[tuple[Phrase, ...], ...] = ()
    title: bool = False
    family: str = ""
    # So few records may hold it that an engine had better look them up in its index at
    # once than among the newest records (search_pg.py); never changes which are found.
    sparse: bool = False


class AnalysedIndex(Speller):
    """What every engine shares: analysis, typo correction, concepts, tiers and ranking.

    An engine (SQLite FTS5, PostgreSQL tsvector) only stores the analysed columns, finds
    candidates for a `Tier` and filter tokens, and counts the records holding a term.
    """

    # The index table and its key (the practice's id).
    INDEX_TABLE = "practices_fts"
    INDEX_KEY = "rowid"
    # The table of surface words seen (id, word, stem), for typo correction (spelling.py).
    WORDS_TABLE = "practices_fts_words"

    def __init__(self, key: str = "default") -> None:
        # One vocabulary per database, shared by the services of a process.
        self.vocabulary = spelling.vocabulary_for(key)
        self.frequencies = _FREQUENCIES.setdefault(key, _Frequencies())
        _start_warm_up()

    # --- what each engine writes

    async def add_many(self, session: AsyncSession, docs: Sequence[IndexDocument]) -> None:
        """Index new practices in one go (imports)."""
        raise NotImplementedError

    async def remove(self, session: AsyncSession, practice_id: int) -> None:
        """Forget a practice."""
        await session.execute(
            sql(f"DELETE FROM {self.INDEX_TABLE} WHERE {self.INDEX_KEY} = :id"), {"id": practice_id}
        )

    async def _clear(self, session: AsyncSession) -> None:
        await session.execute(sql(f"DELETE FROM {self.INDEX_TABLE}"))

    async def _insert_words(self, session: AsyncSession, rows: list[dict[str, str]]) -> None:
        raise NotImplementedError

    # --- what each engine reads

    async def _state(self, session: AsyncSession, community_id: int) -> tuple[int, bool]:
        """How many records the index holds; whether a query must filter by community."""
        raise NotImplementedError

    async def _term_counts(self, session: AsyncSession, terms: Sequence[str]) -> dict[str, int]:
        """How many records hold each of `terms` (absent terms may be left out)."""
        raise NotImplementedError

    async def _holder(self, session: AsyncSession, term: str, community_id: int) -> Row | None:
        """A visible record holding `term`: its indexed fields (HOLDER_FIELDS), its language."""
        raise NotImplementedError

    async def _tier_ids(
        self, session: AsyncSession, tier: Tier, filters: Sequence[str], scope: int | None, n: int
    ) -> list[int]:
        """The `n` newest records of a tier holding every filter token (and in scope)."""
        raise NotImplementedError

    async def _rows(self, session: AsyncSession, ids: Sequence[int], community_id: int) -> Any:
        """For visible ids: id, title, body, meta, filters, useful count, creation time."""
        raise NotImplementedError

    async def _recent(
        self, session: AsyncSession, filters: Sequence[str], scope: int | None
    ) -> list[int]:
        """The ids of the (at most WINDOW) most recent matches of filters, newest first."""
        raise NotImplementedError

    async def _page(
        self, session: AsyncSession, filters: Sequence[str], lo: int, query: IndexQuery
    ) -> tuple[int, ...]:
        """One page of a search by filters only, among ids from `lo` on (see _recent)."""
        raise NotImplementedError

    async def _filtered(
        self, session: AsyncSession, filters: Sequence[str], scope: int | None, query: IndexQuery
    ) -> tuple[tuple[int, ...], int]:
        """One page of a search by filters only, and the count of its (at most WINDOW
        most recent) matches; an engine may do both in one round trip."""
        recent = await self._recent(session, filters, scope)
        if not recent:
            return (), 0
        return await self._page(session, filters, recent[-1], query), len(recent)

    async def _family_rows(
        self, session: AsyncSession, community_id: int, tokens: Sequence[str]
    ) -> Any:
        """The WINDOW most recent visible records filed under any of the family tokens:
        id, families, useful count, creation time, community."""
        raise NotImplementedError

    # --- shared

    async def add(self, session: AsyncSession, doc: IndexDocument) -> None:
        """Index (or re-index) a published practice, and remember its words."""
        await self.remove(session, doc.id)
        await self.add_many(session, [doc])

    async def _remember_words(self, session: AsyncSession, docs: Sequence[IndexDocument]) -> None:
        new: dict[str, str] = {}
        for doc in docs:
            c = doc.content
            lang = c.language
            text = " ".join(
                (c.title, c.need, c.actions, c.results, c.advice, c.org_type, c.sector, c.region)
            )
            text += " " + " ".join(c.tools + c.tags + c.families)
            for w in words(text):
                if (
                    len(w) >= MIN_TYPO_LENGTH
                    and w.isalpha()
                    and w not in STOPWORDS
                    and w not in self.vocabulary
                ):
                    new.setdefault(w, stem(w, lang))
        if new:
            # In one order, so that concurrent writers of the same words never deadlock.
            await self._insert_words(session, [{"w": w, "s": new[w]} for w in sorted(new)])

    async def rebuild(self, session: AsyncSession) -> int:
        """Re-index every published practice from the records."""
        from sqlalchemy import select

        from bot.models.practices import Practice

        await self._clear(session)
        count = 0
        rows = await session.stream_scalars(select(Practice).where(Practice.status == "published"))
        batch: list[IndexDocument] = []
        async for row in rows:
            batch.append(document_of(row))
            if len(batch) >= 500:
                await self.add_many(session, batch)
                count += len(batch)
                batch = []
        await self.add_many(session, batch)
        return count + len(batch)

    async def _groups(
        self, session: AsyncSession, text: str, community_id: int, documents: int
    ) -> tuple[list[Group], dict[str, int]]:
        """The query's groups, reduced to what the index holds, and each stem's frequency.

        Misspelled words are corrected first (against what the member may read), so that
        a corrected word joins its concept: « hameconage » finds « phishing » too.
        """
        concepts = default_concepts()
        tokens = concepts.tokens(text)[:MAX_QUERY_WORDS]
        if not tokens:
            return [], {}
        frequency = await self._frequencies(
            session, {stem(w, g) for w in tokens for g in LANGS}, documents
        )
        misspelled = [
            word
            for word in tokens
            if not (
                any(frequency.get(stem(word, g)) for g in LANGS)
                or concepts.known(word)
                or word in FILLER
                or len(word) < MIN_TYPO_LENGTH
                or not word.isalpha()
            )
        ]
        corrected = await self._correct(session, community_id, misspelled)
        fixed_words = {fixed: typed for typed, fixed in corrected.items()}
        tokens = [corrected.get(word, word) for word in tokens]
        groups = concepts.groups(tokens)
        # A subject's phrases are not counted (counting a common word's records costs
        # milliseconds, and they weigh nothing in a word's rarity): they are all kept.
        stems = {s for g in groups for a in g.alternatives if not a.broad for s in a.stems}
        frequency.update(await self._frequencies(session, stems - frequency.keys(), documents))
        for group in groups:
            # A phrase no record holds only costs time: drop it.
            present = [
                a for a in group.alternatives if a.broad or all(frequency.get(s) for s in a.stems)
            ]
            fixed = [w for w in group.word.split() if w in fixed_words]
            if fixed:
                present = [replace(a, weight=a.weight * CORRECTED_WEIGHT) for a in present]
                group.corrected = fixed[0]
                group.word = fixed_words[fixed[0]]
            group.alternatives = present
        return groups, frequency

    @staticmethod
    @staticmethod
    def _filters(query: IndexQuery) -> list[str]:
        """The filter tokens a record must all hold."""
        tokens: list[str] = [family_token(f) for f in query.families]
        for tag in query.tags:
            tokens += word_tokens("tag", tag)
        for sector in query.sectors:
            tokens += word_tokens("sec", sector)
        for tool in query.tools:
            resolved = catalog.resolve_tool(tool)
            if catalog.is_catalog_tool(resolved):
                tokens.append(_token("tool", catalog.tool_key(resolved).replace("-", "")))
            else:
                tokens += word_tokens("toolw", tool)
        return list(dict.fromkeys(tokens))

    async def search(self, session: AsyncSession, query: IndexQuery) -> IndexResult:
        """Ranked ids for one page, the total, and the terms to highlight."""
        filters = self._filters(query)
        if not _warm:
            await asyncio.to_thread(warm_up)
        documents, scoped = await self._state(session, query.community_id)
        scope = query.community_id if scoped else None
        groups, frequency = await self._groups(session, query.text, query.community_id, documents)
        if not groups and not filters:
            return IndexResult(ids=(), total=0, empty=True)
        if not groups:
            ids, count = await self._filtered(session, filters, scope, query)
            if not count:
                return IndexResult((), 0)
            return IndexResult(ids, count, more=count >= WINDOW)
        corrections = tuple((g.word, g.corrected) for g in groups if g.corrected)
        weighted = ranking.weigh(groups, frequency, documents)
        families = query_families(query.text)
        tiers = self._tiers(weighted, families)
        if not tiers:
            return IndexResult((), 0, frozenset(), corrections)
        # A small index affords ranking more candidates (its weak matches fill the page); a
        # large one has enough strong ones among the first tiers.
        many = CANDIDATES if documents <= SMALL_INDEX else CANDIDATES // 2
        wanted = max(many, query.offset + query.limit + 1)
        tiers = await self._bounded(session, tiers, documents, wanted)
        pool, cut = await self._pool(session, tiers, filters, scope, wanted)
        family_tokens = {family_token(f): w for f, w in families.items()}
        compiled = ranking.compile_groups(weighted)
        scored, order, tokens = await self._score_rows(
            session, pool, query.community_id, compiled, family_tokens
        )
        if not scored or max(s.coverage for s in scored) < ranking.MIN_COVERAGE:
            return IndexResult((), 0, frozenset(), corrections)
        # Records like the best ones (same tags, tools, families) are likely about the same
        # thing even when they say it in other words: they fill the page after the records
        # that answer the query's words (pseudo-relevance feedback, see ranking.feedback).
        seeds = ranking.seeds(scored)
        bag = ranking.feedback_bag([tokens[s.id] for s in seeds])
        if bag and not cut:
            # A concept's or subject's tags: only those some record holds are looked up.
            held = await self._frequencies(session, ranking.feedback_stems(bag), documents)
            more = await self._pool(
                session,
                [Tier(family=t) for t in ranking.feedback_filters(bag, FEEDBACK_TIERS, held)],
                filters,
                scope,
                wanted,
            )
            extra = [i for i in more[0] if i not in order]
            if extra:
                s2, o2, t2 = await self._score_rows(
                    session, extra, query.community_id, compiled, family_tokens
                )
                scored += s2
                order.update(o2)
                tokens.update(t2)
        scored = ranking.with_feedback(scored, seeds, bag, tokens)
        kept = ranking.relevant(scored)
        # Relevance, then usefulness, then the newest: every key descending.
        kept.sort(key=lambda s: (round(s.score, SCORE_DECIMALS), *order[s.id], s.id), reverse=True)
        page = kept[query.offset : query.offset + query.limit]
        terms = frozenset(t for s in page for t in s.matched)
        relaxed = bool(page) and not page[0].complete
        return IndexResult(
            tuple(s.id for s in page),
            len(kept),
            terms,
            corrections,
            relaxed,
            more=cut,
            scores=tuple(round(s.score, 3) for s in page),
        )

    async def _score_rows(
        self,
        session: AsyncSession,
        ids: Sequence[int],
        community_id: int,
        compiled: Sequence[Any],
        family_tokens: dict[str, float],
    ) -> tuple[list[ranking.Scored], dict[int, tuple[int, str]], dict[int, frozenset[str]]]:
        """Score visible records: their scores, tie-break keys and subject tokens."""
        scored, order, tokens = [], {}, {}
        rows = await self._rows(session, ids, community_id) if ids else []
        for rid, title, body, meta, flt, useful, created in rows:
            columns = {"title": title.split(), "body": body.split(), "meta": meta.split()}
            fams, tokens[rid] = _subjects(flt)
            scored.append(ranking.score(rid, columns, fams, compiled, family_tokens))
            order[rid] = (int(useful), _instant(created))
        return scored, order, tokens

    @staticmethod
    def _tiers(weighted: Sequence[ranking.WeightedGroup], families: dict[str, float]) -> list[Tier]:
        """Ways of finding candidates, the most relevant kind of match first.

        Records holding every word (in their title, then anywhere) come first; then, for
        each word from the rarest, records holding it in their title, then anywhere; then
        records filed under the query's families. Each tier is a class of records the
        ranking puts above the next, so taking tiers in order until there are enough
        candidates cuts by relevance; within a tier, the newest are taken first, as the
        ranking breaks ties. No tier asks the engine to rank (bm25 costs microseconds a row).
        """
        useful = [w for w in weighted if w.group.alternatives and not w.group.filler]
        useful = useful or [w for w in weighted if w.group.alternatives]
        useful.sort(key=lambda w: -w.weight)
        clauses = [
            # The words of an expression alone count in the score, not in finding
            # candidates: « social » alone would walk half the index for « médias sociaux ».
            tuple(
                dict.fromkeys(
                    tuple(a.stems)
                    for a in w.group.alternatives
                    if not a.broad
                    and (not a.part or not any(not b.part for b in w.group.alternatives))
                )
            )
            for w in useful
        ]
        # A word said only through its subject finds no candidate of its own.
        kept = [(w, c) for w, c in zip(useful, clauses, strict=True) if c]
        tiers: list[Tier] = []
        if len(kept) > 1:
            # Intersecting walks the rarest word's list (and checking titles reads positions):
            # when even the rarest word is common, the per-word tiers below find the same
            # records' best representatives at a fraction of the cost.
            every = tuple(c for _, c in kept)
            if kept[0][0].frequency <= TITLE_TIER_LIMIT:
                tiers.append(Tier(every, title=True))
            if kept[0][0].frequency <= AND_TIER_LIMIT:
                tiers.append(Tier(every))
        bounds = []
        for w, clause in kept:
            bounds.append((w.weight**ranking.RARITY_POWER, Tier((clause,), title=True)))
            bounds.append((w.weight**ranking.RARITY_POWER * 0.7, Tier((clause,))))
        tiers += [t for _, t in sorted(bounds, key=lambda b: -b[0])]
        # Then the words of an expression alone, when the expression itself is rare: they
        # are weaker evidence, reached only when the tiers above found too few records.
        parts = []
        for w in useful:
            for n in range(1, w.group.parts + 1):
                clause = tuple(
                    dict.fromkeys(tuple(a.stems) for a in w.group.alternatives if a.part == n)
                )
                if clause:
                    parts.append(Tier((clause,), title=False))
        tiers += parts
        # Then records about the same subject (read in titles and tags, see ranking.score).
        for w in useful:
            clause = tuple(dict.fromkeys(tuple(a.stems) for a in w.group.alternatives if a.broad))
            if clause:
                tiers.append(Tier((clause,), title=False))
        tiers += [Tier(family=family_token(name)) for name in families]
        return tiers

    async def _pool(
        self,
        session: AsyncSession,
        tiers: Sequence[Tier],
        filters: Sequence[str],
        scope: int | None,
        wanted: int,
    ) -> tuple[list[int], bool]:
        """Candidate ids, tier after tier until there are `wanted`; and whether some were cut."""
        pool: dict[int, None] = {}
        for tier in tiers:
            pool.update(dict.fromkeys(await self._tier_ids(session, tier, filters, scope, wanted)))
            if len(pool) >= wanted:
                return list(pool)[:wanted], True
        return list(pool), False

    async def _bounded(
        self, session: AsyncSession, tiers: list[Tier], documents: int, wanted: int
    ) -> list[Tier]:
        """The tiers, marked `sparse` when the engine needs to know it."""
        return tiers

    async def _frequencies(
        self, session: AsyncSession, stems: Iterable[str], documents: int
    ) -> dict[str, int]:
        """How many records hold each stem (any community: rarity is not shown to anyone).

        Engines count a term's records by walking its list (milliseconds for a word most
        records hold), so counts are kept per process and read again once the index has
        grown or shrunk by more than a few records in a thousand: rarity needs no more.
        """
        cache = self.frequencies
        if abs(documents - cache.documents) > documents // 200:
            cache.documents, cache.counts = documents, {}
        stems = set(stems)
        missing = sorted(stems - cache.counts.keys())
        if missing:
            found = await self._term_counts(session, missing)
            for term in missing:
                cache.counts[term] = found.get(term, 0)
        return {t: cache.counts[t] for t in stems}

    async def by_families(
        self, session: AsyncSession, community_id: int, families: Sequence[str], limit: int
    ) -> tuple[int, ...]:
        """Practices for the advisor: more (and earlier) matching families first."""
        if not families or limit <= 0:
            return ()
        rows = await self._family_rows(session, community_id, [family_token(f) for f in families])
        weight = {
            name: FAMILY_WEIGHTS[min(i, len(FAMILY_WEIGHTS) - 1)] for i, name in enumerate(families)
        }
        scored = []
        for pid, fams, useful, created, owner in rows:
            fams = fams if isinstance(fams, list) else _json_list(fams)
            score = sum(weight.get(f, 0.0) for f in fams)
            # The community's own practices before those shared by others, on equal merit.
            scored.append(
                (-score, -int(useful), owner != community_id, _instant(created), -pid, pid)
            )
        scored.sort()
        return tuple(s[-1] for s in scored[:limit])


def _instant(value: object) -> str:
    """A creation time as text that sorts the same on both engines (naive UTC ISO)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    return str(value)


# ----------------------------------------------------------------------------- SQLite FTS5


class SqliteFtsIndex(AnalysedIndex):
    """`PracticeIndex` on an FTS5 table fed with Python-stemmed text."""

    async def add_many(self, session: AsyncSession, docs: Sequence[IndexDocument]) -> None:
        """Index new practices in one go (imports)."""
        rows = []
        for doc in docs:
            title, body, meta, filters = document_columns(doc)
            tpairs, every = pair_columns(title, body, meta)
            rows.append(
                {
                    "id": doc.id,
                    "title": title,
                    "body": body,
                    "meta": meta,
                    "filters": filters,
                    "tpairs": tpairs,
                    "pairs": every,
                }
            )
        if rows:
            await session.execute(
                sql(
                    "INSERT INTO practices_fts (rowid, title, body, meta, filters, tpairs, pairs) "
                    "VALUES (:id, :title, :body, :meta, :filters, :tpairs, :pairs)"
                ),
                rows,
            )
            await self._remember_words(session, docs)

    async def _insert_words(self, session: AsyncSession, rows: list[dict[str, str]]) -> None:
        await session.execute(
            sql("INSERT OR IGNORE INTO practices_fts_words (word, stem) VALUES (:w, :s)"), rows
        )

    async def _holder(self, session: AsyncSession, term: str, community_id: int) -> Row | None:
        return (
            await session.execute(
                sql(
                    f"SELECT {HOLDER_FIELDS}, p.language "
                    "FROM practices_fts AS f JOIN practices AS p "
                    "ON p.id = f.rowid WHERE practices_fts MATCH :q "
                    "AND p.status = 'published' AND (p.community_id = :c OR p.shared) "
                    "LIMIT 1"
                ),
                {"q": _quote(term), "c": community_id},
            )
        ).first()

    async def _state(self, session: AsyncSession, community_id: int) -> tuple[int, bool]:
        """How many records the index holds, and whether a query must filter by community.

        The count is FTS5's own total (not counted). No filter when everything indexed is
        visible: on a database that serves one community (the usual case), it would only
        make FTS5 walk the longest list of the index for nothing. One round trip for both.
        """
        row = (
            await session.execute(
                sql(
                    "SELECT (SELECT block FROM practices_fts_data WHERE id = 1), "
                    "EXISTS (SELECT 1 FROM practices WHERE status = 'published' "
                    "AND (community_id < :c OR community_id > :c) AND NOT shared)"
                ),
                {"c": community_id},
            )
        ).one()
        return (_varint(row[0]) if row[0] else 0), bool(row[1])

    @staticmethod
    def _scope(community_id: int | None) -> str:
        if community_id is None:
            return ""
        return f' AND filters : ({_quote(f"scope_c{community_id}")} OR "scope_shared")'

    @staticmethod
    def _expression(tier: Tier) -> str:
        """The FTS5 expression of a tier."""
        if tier.family:
            return f"filters : {_quote(tier.family)}"

        def said(phrase: Phrase) -> str:
            pair = pair_term(phrase)
            if pair is not None:
                return f"{'tpairs' if tier.title else 'pairs'} : {_quote(pair)}"
            return f"title : {_phrase(phrase)}" if tier.title else _phrase(phrase)

        return " AND ".join(
            "(" + " OR ".join(said(p) for p in narrowest(clause)) + ")" for clause in tier.clauses
        )

    @staticmethod
    def _matching(filters: Sequence[str]) -> str:
        return " AND ".join(f"filters : {_quote(t)}" for t in filters)

    async def _tier_ids(
        self, session: AsyncSession, tier: Tier, filters: Sequence[str], scope: int | None, n: int
    ) -> list[int]:
        extra = "".join(f" AND filters : {_quote(t)}" for t in filters) + self._scope(scope)
        rows = await session.execute(
            sql(
                "SELECT rowid FROM practices_fts WHERE practices_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :n"
            ),
            {"q": f"({self._expression(tier)}){extra}", "n": n},
        )
        return [r[0] for r in rows]

    async def _rows(self, session: AsyncSession, ids: Sequence[int], community_id: int) -> Any:
        return await session.execute(
            sql(
                "SELECT f.rowid, f.title, f.body, f.meta, f.filters, p.useful_count, "
                "p.created_at FROM practices_fts AS f JOIN practices AS p ON p.id = f.rowid "
                f"WHERE f.rowid IN ({', '.join(str(int(i)) for i in ids)}) "
                "AND p.status = 'published' AND (p.community_id = :c OR p.shared)"
            ),
            {"c": community_id},
        )

    async def _term_counts(self, session: AsyncSession, terms: Sequence[str]) -> dict[str, int]:
        marks = ", ".join(f":t{i}" for i in range(len(terms)))
        rows = await session.execute(
            sql(f"SELECT term, doc FROM practices_fts_terms WHERE term IN ({marks})"),
            {f"t{i}": t for i, t in enumerate(terms)},
        )
        return {r[0]: int(r[1]) for r in rows}

    async def _recent(
        self, session: AsyncSession, filters: Sequence[str], scope: int | None
    ) -> list[int]:
        """The ids of the (at most WINDOW) most recent matches, newest first.

        Their number is the count shown (past WINDOW the exact number helps nobody and
        costs a scan), and the last one bounds the range that is ranked (see _page).
        """
        rows = await session.execute(
            sql(
                "SELECT rowid FROM practices_fts WHERE practices_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :cap"
            ),
            {"q": self._matching(filters) + self._scope(scope), "cap": WINDOW},
        )
        return [r[0] for r in rows]

    async def _page(
        self, session: AsyncSession, filters: Sequence[str], lo: int, query: IndexQuery
    ) -> tuple[int, ...]:
        """One page of a search by filters only: the most useful first, then the newest.

        Among the matches from rowid `lo` on (the WINDOW most recent, see _recent); FTS5
        seeks to a rowid cheaply, and the join checks the community scope.
        """
        rows = await session.execute(
            sql(
                "SELECT p.id FROM (SELECT rowid AS id FROM practices_fts "
                "WHERE practices_fts MATCH :q AND rowid >= :lo) AS w "
                "JOIN practices AS p ON p.id = w.id "
                "WHERE p.status = 'published' AND (p.community_id = :community OR p.shared) "
                "ORDER BY p.useful_count DESC, p.created_at DESC, p.id DESC "
                "LIMIT :limit OFFSET :offset"
            ),
            {
                "q": self._matching(filters),
                "lo": lo,
                "community": query.community_id,
                "limit": query.limit,
                "offset": query.offset,
            },
        )
        return tuple(r[0] for r in rows)

    async def _family_rows(
        self, session: AsyncSession, community_id: int, tokens: Sequence[str]
    ) -> Any:
        expression = "filters : (" + " OR ".join(_quote(t) for t in tokens) + ")"
        # The most recent candidates only (see _page): the advisor needs a few good ones.
        return await session.execute(
            sql(
                "SELECT p.id, p.families, p.useful_count, p.created_at, p.community_id "
                "FROM (SELECT rowid AS id FROM practices_fts WHERE practices_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :cap) AS w JOIN practices AS p ON p.id = w.id "
                "WHERE p.status = 'published' AND (p.community_id = :community OR p.shared)"
            ),
            {
                "q": f"{expression}{self._scope(community_id)}",
                "community": community_id,
                "cap": WINDOW,
            },
        )


def document_of(row: object) -> IndexDocument:
    """The index document of a Practice row."""
    from bot.models.practices import Practice

    assert isinstance(row, Practice)
    return IndexDocument(
        id=row.id,
        community_id=row.community_id,
        shared=row.shared,
        content=PracticeContent.from_dict({n: getattr(row, n) for n in _CONTENT_NAMES}),
    )


_CONTENT_NAMES = tuple(PracticeContent.__dataclass_fields__)


def index_for(dialect: str, key: str) -> PracticeIndex:
    """The search implementation for a database dialect."""
    if dialect == "sqlite":
        return SqliteFtsIndex(key)
    from bot.core.practices.search_pg import PostgresIndex

    return PostgresIndex(key)
