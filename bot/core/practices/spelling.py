"""Spelling correction of practice search: the index's surface words, for typos.

Every indexing appends the surface words (folded) of a record to a table (`WORDS_TABLE` of
the engine: id, word, stem). A word of a query that no record holds is corrected against
them (rapidfuzz), keeping only a correction a record the member may read holds
(`_visible_word`), within a time budget (`CORRECTION_BUDGET`).

The vocabulary can reach hundreds of thousands of words (every name and typo ever written),
so it is kept compact and out of the garbage collector's way: words are grouped in buckets
by their first two letters and length, and by their last two letters and length (a typo
rarely hits both ends, and changes the length by at most two), each bucket one string of
words separated by newlines. 380,000 words take about 10 MB (a set and lists of them took 45)
and no Python object per word, and correcting a word reads ten buckets, whatever the
size of the vocabulary. It is read from the table in chunks, each chunk one string
aggregated by the database (no row object per word), in a background task once it is
larger than a chunk; meanwhile corrections ask the table directly (`_db_candidates`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Row
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.text import stem, words

log = logging.getLogger(__name__)

MIN_TYPO_LENGTH = 4  # shorter words are too ambiguous to correct
# Spelling correction of one search: at most this many words and this much time (seconds),
# so that no search holds the process long, whatever the size of the vocabulary.
MAX_CORRECTIONS = 4
CORRECTION_BUDGET = 0.025
VOCABULARY_CHUNK = 5_000
LOAD_PAUSE = 0.005
# Words read from the table for one correction while the vocabulary is loading.
DB_CANDIDATES = 5_000
# A vocabulary this large is searched in a worker thread (the loop stays free meanwhile).
THREAD_FROM = 20_000
# A chunk of this many words is added to the vocabulary in a worker thread.
THREAD_CHUNK = 500
# Lengths a correction may differ by.
LENGTH_SLACK = 2


def _keys(word: str, n: int) -> tuple[str, str]:
    """The two buckets a word of length `n` sits in (first letters, last letters)."""
    return f"^{word[:2]}{n}", f"{n}{word[-2:]}$"


class Vocabulary:
    """The surface words of the index (folded), loaded incrementally, for typo correction.

    Buckets of words sharing their first two letters and length, and their last two
    letters and length, each a newline-separated string (« \\nword\\nother\\n »); stems stay
    in the database (read for the few candidates a correction considers).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.last_id = 0
        self.size = 0
        self._buckets: dict[str, str] = {}
        # Whether every word of the table up to `last_id` is here; until then a background
        # task (`loader`) reads the rest, and corrections also ask the table directly.
        self.complete = False
        self.loader: asyncio.Task[None] | None = None

    def clear(self) -> None:
        """Forget every word (as a process that just started)."""
        with self._lock:
            self.last_id = self.size = 0
            self._buckets = {}
            self.complete = False

    def add(self, rows: Iterable[tuple[int, str]]) -> None:
        """Add (id, word) rows of the table."""
        rows = list(rows)
        if rows:
            self.add_chunk(max(r[0] for r in rows), [r[1] for r in rows], min(r[0] for r in rows))

    def add_chunk(self, last_id: int, chunk: Sequence[str], first_id: int | None = None) -> None:
        """Add the words of the table read up to id `last_id` (from `first_id` on).

        A chunk read from an id this vocabulary has already passed (two readers at once)
        is left out: the table's words are unique and only ever appended.
        """
        groups: dict[str, list[str]] = {}
        size = 0
        for word in chunk:
            if word:
                n = len(word)
                groups.setdefault(f"^{word[:2]}{n}", []).append(word)
                groups.setdefault(f"{n}{word[-2:]}$", []).append(word)
                size += 1
        with self._lock:
            if first_id is not None and first_id <= self.last_id:
                return
            if last_id <= self.last_id:
                return
            buckets = self._buckets
            for key, found in groups.items():
                buckets[key] = buckets.get(key, "\n") + "\n".join(found) + "\n"
            self.size += size
            self.last_id = last_id

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        return f"\n{word}\n" in self._buckets.get(_keys(word, len(word))[0], "")

    def __len__(self) -> int:
        return self.size

    def candidates(self, word: str) -> list[str]:
        """The words a typo of `word` may be: same first (or last) two letters, length ±2."""
        n = len(word)
        buckets = self._buckets
        heads, tails = [], []
        for m in range(max(1, n - LENGTH_SLACK), n + LENGTH_SLACK + 1):
            head, tail = _keys(word, m)
            heads.append(buckets.get(head, ""))
            tails.append(buckets.get(tail, ""))
        found = dict.fromkeys("".join(heads + tails).split("\n"))
        found.pop("", None)
        return list(found)

    def nbytes(self) -> int:
        """Memory held by the structure (buckets and their keys), in bytes."""
        buckets = self._buckets
        return sys.getsizeof(buckets) + sum(
            sys.getsizeof(k) + sys.getsizeof(v) for k, v in buckets.items()
        )


_VOCABULARIES: dict[str, Vocabulary] = {}


def vocabulary_for(key: str) -> Vocabulary:
    """The vocabulary of one database, shared by the services of a process."""
    return _VOCABULARIES.setdefault(key, Vocabulary())


def forget(key: str) -> None:
    """Forget a database's vocabulary (stopping its loading)."""
    vocabulary = _VOCABULARIES.pop(key, None)
    if vocabulary is not None and vocabulary.loader is not None:
        vocabulary.loader.cancel()


def closest(word: str, choices: Sequence[str]) -> list[str]:
    """Words of `choices` that `word` was most likely meant to be, closest first."""
    if not choices:
        return []
    # One edit in a short word, about two in a long one.
    cutoff = 80.0 if len(word) <= 5 else 84.0 if len(word) <= 8 else 80.0
    found = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
    return [f[0] for f in found]


def json_list(value: object) -> list[str]:
    import json

    try:
        out = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return []
    return out if isinstance(out, list) else []


class Speller:
    """Typo correction for an index (mixed into `AnalysedIndex`).

    Expects `WORDS_TABLE`, `WORDS_AGGREGATE` (the engine's SQL aggregate joining `word` with
    newlines, in id order), `vocabulary` and `_holder` (a visible record holding a term).
    """

    WORDS_TABLE = "practices_fts_words"
    WORDS_AGGREGATE = "group_concat(word, char(10))"
    vocabulary: Vocabulary

    async def _holder(self, session: AsyncSession, term: str, community_id: int) -> Row | None:
        raise NotImplementedError

    def _vocabulary_query(self) -> Any:
        return sql(
            f"SELECT min(id), max(id), count(*), {self.WORDS_AGGREGATE} FROM "
            f"(SELECT id, word FROM {self.WORDS_TABLE} WHERE id > :last ORDER BY id LIMIT :n) AS w"
        )

    @staticmethod
    async def _read_chunk(vocabulary: Vocabulary, row: Any) -> int:
        """Add a chunk read by `_vocabulary_query`; how many words it held.

        A large chunk is sorted into the buckets in a worker thread (tens of milliseconds
        of CPU for 5,000 words): the event loop serves others meanwhile.
        """
        first, last, count, text = row
        if count:
            chunk = text.split("\n")
            if count >= THREAD_CHUNK:
                await asyncio.to_thread(vocabulary.add_chunk, int(last), chunk, int(first))
            else:
                vocabulary.add_chunk(int(last), chunk, int(first))
        return int(count or 0)

    async def _refresh_vocabulary(self, session: AsyncSession) -> bool:
        """Catch up with the words added since (by any process); whether all are here.

        Words are only ever appended. A few new ones are read at once; more than a chunk
        (the first search after start, a large import) are left to a background task, so
        that no search waits for 380,000 words: meanwhile `_db_candidates` stands in.
        """
        vocabulary = self.vocabulary
        if vocabulary.complete or vocabulary.loader is None:
            # A vocabulary of one chunk (a new community, the tests) is read at once.
            row = (
                await session.execute(
                    self._vocabulary_query(), {"last": vocabulary.last_id, "n": VOCABULARY_CHUNK}
                )
            ).one()
            if await self._read_chunk(vocabulary, row) < VOCABULARY_CHUNK:
                vocabulary.complete = True
                return True
            vocabulary.complete = False
        if vocabulary.loader is None or vocabulary.loader.done():
            engine = session.bind
            vocabulary.loader = asyncio.get_running_loop().create_task(
                self._load_vocabulary(engine)
            )
        return False

    async def _load_vocabulary(self, engine: Any) -> None:
        """Read the vocabulary in chunks, off any search (one connection, held while it reads)."""
        vocabulary = self.vocabulary
        try:
            async with engine.connect() as conn:
                while True:
                    row = (
                        await conn.execute(
                            self._vocabulary_query(),
                            {"last": vocabulary.last_id, "n": VOCABULARY_CHUNK},
                        )
                    ).one()
                    await conn.rollback()  # no snapshot held between chunks
                    if await self._read_chunk(vocabulary, row) < VOCABULARY_CHUNK:
                        vocabulary.complete = True
                        return
                    # Searches first: a chunk now and then, a few milliseconds apart.
                    await asyncio.sleep(LOAD_PAUSE)
        except asyncio.CancelledError:
            raise
        except Exception:  # the database went away (closing): a later search starts again
            log.debug("vocabulary load stopped", exc_info=True)

    async def _db_candidates(self, session: AsyncSession, word: str) -> list[str]:
        """Words sharing the first three letters of `word`, read from the table (by its
        unique index): corrections while the vocabulary is still loading."""
        head = word[:3]
        found = await session.scalar(
            sql(
                f"SELECT {self.WORDS_AGGREGATE.replace('ORDER BY id', '')} FROM "
                f"(SELECT word FROM {self.WORDS_TABLE} WHERE word >= :lo AND word < :hi "
                "AND length(word) BETWEEN :short AND :long LIMIT :n) AS w"
            ),
            {
                "lo": head,
                "hi": head[:-1] + chr(ord(head[-1]) + 1),
                "short": len(word) - LENGTH_SLACK,
                "long": len(word) + LENGTH_SLACK,
                "n": DB_CANDIDATES,
            },
        )
        return found.split("\n") if found else []

    async def aclose(self) -> None:
        """Stop loading the vocabulary (the database is closing)."""
        loader = self.vocabulary.loader
        if loader is not None and not loader.done():
            loader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await loader

    def _corrections(self, word: str, more: Sequence[str] = ()) -> list[str]:
        """Indexed words `word` was most likely meant to be, closest first."""
        choices = self.vocabulary.candidates(word)
        if more:
            choices = list(dict.fromkeys([*choices, *more]))
        return closest(word, choices)

    async def _visible_word(
        self, session: AsyncSession, community_id: int, typed: str, candidates: Sequence[str]
    ) -> str | None:
        """The first candidate a visible record holds, as that record writes it (folded).

        The vocabulary is shared by every community and keeps the words of withdrawn
        records: a correction must never reveal a word the member cannot read.
        """
        if not candidates:
            return None
        marks = ", ".join(f":w{i}" for i in range(len(candidates)))
        stems = dict(
            (
                await session.execute(
                    sql(f"SELECT word, stem FROM {self.WORDS_TABLE} WHERE word IN ({marks})"),
                    {f"w{i}": c for i, c in enumerate(candidates)},
                )
            ).all()
        )
        for candidate in candidates:
            term = stems.get(candidate)
            if term is None:
                continue
            row = await self._holder(session, term, community_id)
            if row is None:
                continue
            lang = row[-1]
            *fields, tools, families, tags = row[:-1]
            # The lists come back as JSON text on SQLite (with \u escapes): read them as lists.
            for value in (tools, families, tags):
                fields += value if isinstance(value, list) else json_list(value)
            forms = {w for w in words(" ".join(map(str, fields))) if stem(w, lang) == term}
            if forms:
                # The form the record writes that is closest to what was typed.
                return max(sorted(forms), key=lambda w: fuzz.ratio(typed, w))
        return None

    async def _correct(
        self, session: AsyncSession, community_id: int, typed: Sequence[str]
    ) -> dict[str, str]:
        """Corrections of the misspelled words `typed` (in query order): typed → fixed.

        At most MAX_CORRECTIONS words and CORRECTION_BUDGET seconds of trying. On a large
        vocabulary the candidates of every word are ranked in a worker thread (the event
        loop serves others meanwhile); each correction is then checked against what the
        member may read.
        """
        typed = list(dict.fromkeys(typed))
        if not typed:
            return {}
        deadline = time.perf_counter() + CORRECTION_BUDGET
        # Words are appended by every indexing, here or in another process: catch up.
        ready = await self._refresh_vocabulary(session)
        ranked: dict[str, list[str]] = {}
        if ready and len(self.vocabulary) >= THREAD_FROM:
            ranked = await asyncio.to_thread(lambda: {w: self._corrections(w) for w in typed})
        elif ready:
            ranked = {w: self._corrections(w) for w in typed}
        fixed_words: dict[str, str] = {}
        for i, word in enumerate(typed):
            # The first word is always tried, however long its candidates took to rank.
            if len(fixed_words) >= MAX_CORRECTIONS or (i and time.perf_counter() > deadline):
                break
            if ready:
                candidates = ranked[word]
            else:
                candidates = self._corrections(word, await self._db_candidates(session, word))
            fixed = await self._visible_word(session, community_id, word, candidates)
            if fixed is not None:
                fixed_words[word] = fixed
        return fixed_words
