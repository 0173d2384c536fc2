"""Full-text search over practices: one interface, and its SQLite FTS5 implementation.

FTS5 knows no French stemming, so the text is analysed here, in Python, the same way on
both sides: folded (accents and case), split (elisions off), stop words dropped, Snowball
stems (French, or English for English records). The FTS5 table stores those stems, in
columns weighted for bm25 (the title counts most), plus filter tokens (family, tag, sector,
tool, community scope) so that filtering is an index lookup, not a scan.

Typos: a query word none of whose stems is in the index is corrected against the surface
words seen so far (`practices_fts_words`) with rapidfuzz, and searched as that word too.

A PostgreSQL implementation (tsvector, unaccent, french configuration) will sit behind the
same `PracticeIndex` protocol; nothing outside this module knows about FTS5.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import fuzz, process
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import StateConflict
from bot.core.practices import catalog
from bot.core.practices.records import PracticeContent
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


class PracticeIndex(Protocol):
    """The search engine behind practices (SQLite FTS5 now, PostgreSQL later)."""

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


# ----------------------------------------------------------------------------- analysis

_FILTER_CHARS = re.compile(r"[^0-9a-z]+")
MIN_TYPO_LENGTH = 4  # shorter words are too ambiguous to correct
MAX_QUERY_WORDS = 12  # a pasted paragraph is cut: the first words carry the need


def analyse(text: str, lang: str = "fr") -> list[str]:
    """The stems of the content words of `text`."""
    return [stem(w, lang) for w in words(text) if w not in STOPWORDS]


def query_stems(word: str) -> tuple[str, ...]:
    """Stems a query word may take in the index (French first, English records too)."""
    fr, en = stem(word, "fr"), stem(word, "en")
    return (fr,) if fr == en else (fr, en)


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
    title = " ".join(analyse(c.title, lang))
    body = " ".join(analyse("\n".join((c.need, c.actions, c.results, c.advice)), lang))
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


def _quote(term: str) -> str:
    # Terms are [0-9a-z_]+ by construction; quoting keeps FTS5 from reading NOT/AND/OR.
    return '"' + term.replace('"', "") + '"'


# ----------------------------------------------------------------------------- vocabulary


class _Vocabulary:
    """The surface words of the index (folded), loaded incrementally, for typo correction."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.last_id = 0
        self.stems: set[str] = set()
        self.word_stem: dict[str, str] = {}
        # Words by length, for candidate lists of about the right size.
        self.by_length: dict[int, list[str]] = {}

    def add(self, rows: Iterable[tuple[int, str, str]]) -> None:
        with self._lock:
            for row_id, word, stem_ in rows:
                self.last_id = max(self.last_id, row_id)
                if word in self.word_stem:
                    continue
                self.word_stem[word] = stem_
                self.stems.add(stem_)
                self.by_length.setdefault(len(word), []).append(word)

    def candidates(self, word: str) -> list[str]:
        n = len(word)
        out: list[str] = []
        for length in range(n - 2, n + 3):
            out.extend(self.by_length.get(length, ()))
        return out


_VOCABULARIES: dict[str, _Vocabulary] = {}


# ----------------------------------------------------------------------------- SQLite FTS5

# bm25 column weights: title, body, meta (context, tools, families, tags), filters.
WEIGHTS = (5.0, 1.0, 2.0, 0.0)
# bm25 is rounded so that near-equal relevance counts as a tie usefulness and recency break.
SCORE_DECIMALS = 2
FAMILY_WEIGHTS = (1.0, 0.6, 0.4, 0.3, 0.2)
# Matches ranked per query (the most recent ones when there are more); also the count's cap.
WINDOW = 1000


@dataclass
class _Group:
    """One query word and the index terms it may match."""

    word: str
    terms: list[str] = field(default_factory=list)
    corrected: str | None = None


class SqliteFtsIndex:
    """`PracticeIndex` on an FTS5 table fed with Python-stemmed text."""

    def __init__(self, key: str = "default") -> None:
        # One vocabulary per database file, shared by the services of a process.
        self.vocabulary = _VOCABULARIES.setdefault(key, _Vocabulary())

    async def add(self, session: AsyncSession, doc: IndexDocument) -> None:
        """Index (or re-index) a published practice, and remember its words."""
        title, body, meta, filters = document_columns(doc)
        await session.execute(sql("DELETE FROM practices_fts WHERE rowid = :id"), {"id": doc.id})
        await session.execute(
            sql(
                "INSERT INTO practices_fts (rowid, title, body, meta, filters) "
                "VALUES (:id, :title, :body, :meta, :filters)"
            ),
            {"id": doc.id, "title": title, "body": body, "meta": meta, "filters": filters},
        )
        await self._remember_words(session, [doc])

    async def add_many(self, session: AsyncSession, docs: Sequence[IndexDocument]) -> None:
        """Index new practices in one go (imports)."""
        rows = []
        for doc in docs:
            title, body, meta, filters = document_columns(doc)
            rows.append(
                {"id": doc.id, "title": title, "body": body, "meta": meta, "filters": filters}
            )
        if rows:
            await session.execute(
                sql(
                    "INSERT INTO practices_fts (rowid, title, body, meta, filters) "
                    "VALUES (:id, :title, :body, :meta, :filters)"
                ),
                rows,
            )
            await self._remember_words(session, docs)

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
                    and w not in self.vocabulary.word_stem
                ):
                    new.setdefault(w, stem(w, lang))
        if new:
            await session.execute(
                sql("INSERT OR IGNORE INTO practices_fts_words (word, stem) VALUES (:w, :s)"),
                [{"w": w, "s": s} for w, s in new.items()],
            )

    async def remove(self, session: AsyncSession, practice_id: int) -> None:
        """Forget a practice."""
        await session.execute(
            sql("DELETE FROM practices_fts WHERE rowid = :id"), {"id": practice_id}
        )

    async def rebuild(self, session: AsyncSession) -> int:
        """Re-index every published practice from the records."""
        from sqlalchemy import select

        from bot.models.practices import Practice

        await session.execute(sql("DELETE FROM practices_fts"))
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

    async def _refresh_vocabulary(self, session: AsyncSession) -> None:
        # Words are only ever appended: read those added since last time (by any process).
        rows = await session.execute(
            sql("SELECT id, word, stem FROM practices_fts_words WHERE id > :last ORDER BY id"),
            {"last": self.vocabulary.last_id},
        )
        self.vocabulary.add((r[0], r[1], r[2]) for r in rows)

    def _correct(self, word: str) -> str | None:
        """The indexed word `word` was most likely meant to be, if one is close enough."""
        vocab = self.vocabulary
        choices = vocab.candidates(word)
        if not choices:
            return None
        # One edit in a short word, about two in a long one.
        cutoff = 80.0 if len(word) <= 5 else 84.0 if len(word) <= 8 else 80.0
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return best[0] if best else None

    async def _groups(self, session: AsyncSession, text: str) -> list[_Group]:
        content = [w for w in words(text) if w not in STOPWORDS]
        if not content:
            return []
        # Words are appended by every indexing, here or in another process: catch up.
        await self._refresh_vocabulary(session)
        known = self.vocabulary.stems
        seen: set[str] = set()
        groups: list[_Group] = []
        for word in content:
            if word in seen:
                continue
            seen.add(word)
            stems = list(query_stems(word))
            present = [t for t in stems if t in known]
            # A stem no record has only costs time (bm25 scans each term's list): drop it.
            group = _Group(word, present or stems)
            if not present and len(word) >= MIN_TYPO_LENGTH and word.isalpha():
                fixed = self._correct(word)
                if fixed is not None:
                    group.corrected = fixed
                    group.terms.append(self.vocabulary.word_stem[fixed])
            groups.append(group)
            if len(groups) >= MAX_QUERY_WORDS:
                break
        return groups

    @staticmethod
    async def _scope_clause(session: AsyncSession, community_id: int) -> str:
        """The community filter to AND to a query; none when everything indexed is visible.

        On a database that serves one community (the usual case), the filter would only
        make FTS5 walk the longest list of the index for nothing.
        """
        hidden = await session.scalar(
            sql(
                "SELECT EXISTS (SELECT 1 FROM practices WHERE status = 'published' "
                "AND (community_id < :c OR community_id > :c) AND NOT shared)"
            ),
            {"c": community_id},
        )
        return f" AND {SqliteFtsIndex._scope(community_id)}" if hidden else ""

    @staticmethod
    def _scope(community_id: int) -> str:
        return f'filters : ({_quote(f"scope_c{community_id}")} OR "scope_shared")'

    @staticmethod
    def _filters(query: IndexQuery) -> list[str]:
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
        return [f"filters : {_quote(t)}" for t in dict.fromkeys(tokens)]

    async def search(self, session: AsyncSession, query: IndexQuery) -> IndexResult:
        """Ranked ids for one page, the total, and the terms to highlight."""
        groups = await self._groups(session, query.text)
        filters = self._filters(query)
        if not groups and not filters:
            return IndexResult(ids=(), total=0, empty=True)
        terms = frozenset(t for g in groups for t in g.terms)
        corrections = tuple((g.word, g.corrected) for g in groups if g.corrected)
        clauses = [
            "(" + " OR ".join(_quote(t) for t in dict.fromkeys(g.terms)) + ")" for g in groups
        ]
        scope = await self._scope_clause(session, query.community_id)
        relaxed = False
        expression = " AND ".join(clauses + filters)
        recent = await self._recent(session, f"{expression}{scope}")
        if not recent and len(clauses) > 1:
            # Nothing holds every word: show what holds some of them, best first.
            relaxed = True
            expression = " AND ".join(["(" + " OR ".join(clauses) + ")", *filters])
            recent = await self._recent(session, f"{expression}{scope}")
        if not recent:
            return IndexResult((), 0, terms, (), relaxed)
        total = len(recent)
        ids = await self._page(session, expression, recent[-1], query, ranked=bool(groups))
        return IndexResult(ids, total, terms, corrections, relaxed, more=total >= WINDOW)

    @staticmethod
    async def _recent(session: AsyncSession, expression: str) -> list[int]:
        """The ids of the (at most WINDOW) most recent matches, newest first.

        Their number is the count shown (past WINDOW the exact number helps nobody and
        costs a scan), and the last one bounds the range that is ranked (see _page).
        """
        rows = await session.execute(
            sql(
                "SELECT rowid FROM practices_fts WHERE practices_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :cap"
            ),
            {"q": expression, "cap": WINDOW},
        )
        return [r[0] for r in rows]

    @staticmethod
    async def _page(
        session: AsyncSession, expression: str, lo: int, query: IndexQuery, *, ranked: bool
    ) -> tuple[int, ...]:
        """One page of ids, ranked among the matches from rowid `lo` on.

        bm25 costs a few microseconds per matching row, so ranking 75,000 matches of a word
        as common as « bénévoles » would take far too long: ranking covers every match when
        there are fewer than WINDOW of them (nearly always), else the WINDOW most recent.
        FTS5 seeks to a rowid cheaply. The community scope stays out of this query (bm25
        would scan its token's list, every visible record, for an IDF): the join checks it.
        """
        visible = "p.status = 'published' AND (p.community_id = :community OR p.shared)"
        params: dict[str, object] = {
            "q": expression,
            "lo": lo,
            "community": query.community_id,
            "limit": query.limit,
            "offset": query.offset,
        }
        bound = "AND rowid >= :lo"
        if ranked:
            weights = ", ".join(str(w) for w in WEIGHTS)
            score = f"bm25(practices_fts, {weights})"
            order = f"round(w.score, {SCORE_DECIMALS}), "
        else:  # filters only: the most useful first, then the newest
            score, order = "0", ""
        rows = await session.execute(
            sql(
                f"SELECT p.id FROM (SELECT rowid AS id, {score} AS score FROM practices_fts "
                f"WHERE practices_fts MATCH :q {bound}) AS w "
                f"JOIN practices AS p ON p.id = w.id WHERE {visible} "
                f"ORDER BY {order}p.useful_count DESC, p.created_at DESC, p.id DESC "
                "LIMIT :limit OFFSET :offset"
            ),
            params,
        )
        return tuple(r[0] for r in rows)

    async def by_families(
        self, session: AsyncSession, community_id: int, families: Sequence[str], limit: int
    ) -> tuple[int, ...]:
        """Practices for the advisor: more (and earlier) matching families first."""
        if not families or limit <= 0:
            return ()
        tokens = [family_token(f) for f in families]
        expression = "filters : (" + " OR ".join(_quote(t) for t in tokens) + ")"
        # The most recent candidates only (see _page): the advisor needs a few good ones.
        rows = await session.execute(
            sql(
                "SELECT p.id, p.families, p.useful_count, p.created_at, p.community_id "
                "FROM (SELECT rowid AS id FROM practices_fts WHERE practices_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :cap) AS w JOIN practices AS p ON p.id = w.id "
                "WHERE p.status = 'published' AND (p.community_id = :community OR p.shared)"
            ),
            {
                "q": f"{expression} AND {self._scope(community_id)}",
                "community": community_id,
                "cap": WINDOW,
            },
        )
        weight = {
            name: FAMILY_WEIGHTS[min(i, len(FAMILY_WEIGHTS) - 1)] for i, name in enumerate(families)
        }
        scored = []
        for pid, fams, useful, created, owner in rows:
            fams = fams if isinstance(fams, list) else _json_list(fams)
            score = sum(weight.get(f, 0.0) for f in fams)
            # The community's own practices before those shared by others, on equal merit.
            scored.append((-score, -int(useful), owner != community_id, str(created), -pid, pid))
        scored.sort()
        return tuple(s[-1] for s in scored[:limit])


def _json_list(value: object) -> list[str]:
    import json

    try:
        out = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return []
    return out if isinstance(out, list) else []


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


class UnavailableIndex:
    """Stands in on databases whose search engine is not written yet (PostgreSQL for now)."""

    async def add(self, session: AsyncSession, doc: IndexDocument) -> None:
        """Nothing to do: `rebuild()` will index everything once the engine exists."""

    async def add_many(self, session: AsyncSession, docs: Sequence[IndexDocument]) -> None:
        """Nothing to do."""

    async def remove(self, session: AsyncSession, practice_id: int) -> None:
        """Nothing to do."""

    async def search(self, session: AsyncSession, query: IndexQuery) -> IndexResult:
        """Search is not available on this database yet."""
        raise StateConflict("practices.error.search_unavailable")

    async def by_families(
        self, session: AsyncSession, community_id: int, families: Sequence[str], limit: int
    ) -> tuple[int, ...]:
        """No practices to suggest."""
        return ()

    async def rebuild(self, session: AsyncSession) -> int:
        """Nothing indexed."""
        return 0


def index_for(dialect: str, key: str) -> PracticeIndex:
    """The search implementation for a database dialect."""
    if dialect == "sqlite":
        return SqliteFtsIndex(key)
    return UnavailableIndex()
