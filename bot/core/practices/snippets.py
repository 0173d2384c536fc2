"""Snippets and highlights: where the searched words are in a record's original text.

Engine-neutral: works from the stems the search engine matched, on the text as written
(accents and case kept), so every search implementation can share it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from bot.core.practices.records import Highlighted, PracticeContent
from bot.core.text import fold, stem

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
SNIPPET_LENGTH = 180
# Fields a snippet may come from, in the order preferred on equal evidence.
SNIPPET_FIELDS = ("need", "actions", "results", "advice", "organisation", "sector", "region")


@lru_cache(maxsize=65536)
def _stems(word: str, lang: str) -> frozenset[str]:
    folded = fold(word)
    if lang == "fr":
        return frozenset((stem(folded, "fr"),))
    return frozenset((stem(folded, lang), stem(folded, "fr")))


def matches(text: str, terms: Collection[str], lang: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) of every word of `text` whose stem is one of `terms`."""
    found: list[tuple[int, int, str]] = []
    if not terms:
        return found
    wanted = terms if isinstance(terms, frozenset | set) else frozenset(terms)
    for m in _TOKEN.finditer(text):
        hit = _stems(m.group(0), lang) & wanted
        if hit:
            found.append((m.start(), m.end(), min(hit)))
    return found


def highlight(text: str, terms: Collection[str], lang: str, field: str = "") -> Highlighted:
    """The whole text with its matched words marked."""
    spans = tuple((s, e) for s, e, _ in matches(text, terms, lang))
    return Highlighted(text=text, spans=spans, field=field)


def _window(text: str, hits: Sequence[tuple[int, int, str]], length: int) -> Highlighted:
    """The stretch of `text` (about `length` characters) holding the most distinct terms."""
    best_start, best_score = 0, -1
    for i, (start, _, _) in enumerate(hits):
        distinct = {h[2] for h in hits[i:] if h[0] < start + length}
        if len(distinct) > best_score:
            best_start, best_score = start, len(distinct)
    # Begin a little before the first word, on a word boundary.
    start = max(0, best_start - length // 4)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best_start else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = text[start:end]
    spans = tuple((s - start, e - start) for s, e, _ in hits if s >= start and e <= end)
    return Highlighted(
        text=piece.replace("\n", " "),
        spans=spans,
        cut_start=start > 0,
        cut_end=end < len(text),
    )


def snippet(
    content: PracticeContent, terms: Collection[str], length: int = SNIPPET_LENGTH
) -> Highlighted:
    """The best passage of a record for these terms (its opening when none matches)."""
    lang = content.language
    best: tuple[int, str, list[tuple[int, int, str]]] | None = None
    for name in SNIPPET_FIELDS:
        text = getattr(content, name)
        if not text:
            continue
        hits = matches(text, terms, lang)
        score = len({h[2] for h in hits})
        if score and (best is None or score > best[0]):
            best = (score, name, hits)
    if best is None:
        name = "need" if content.need else "actions"
        text = getattr(content, name)
        cut = _window(text, [(0, 0, "")], length)
        return Highlighted(cut.text, (), name, False, cut.cut_end)
    _, name, hits = best
    piece = _window(getattr(content, name), hits, length)
    return Highlighted(piece.text, piece.spans, name, piece.cut_start, piece.cut_end)
