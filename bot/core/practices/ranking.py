"""Ranking practice candidates by meaning: rare words weigh more, no word is required.

Engine-neutral: the engine (FTS5 now, PostgreSQL later) finds candidates and gives each
record's analysed columns (stems) and family tokens; this module scores them. A record's
score sums, for each query group, the rarity (idf) of the group times how it was matched
(the word itself or a synonym) and where (title above tags above text). Its coverage is the
share of the query's weight it answers; a search whose best record covers too little says it
found nothing relevant rather than showing weak matches.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.practices.concepts import Group

COLUMN_WEIGHTS = {"title": 1.0, "meta": 0.7, "body": 0.55}
FILLER_WEIGHT = 0.15
# Rare words decide the order: a record holding the query's rarest word comes before one
# holding two common ones.
RARITY_POWER = 1.5
# A word no visible record holds (and no correction found): it still says what the query is
# about, so it counts in the coverage, a bit less than a rare word that matched.
ABSENT_FACTOR = 0.85
# The best record must answer this share of the query's weight, or nothing is relevant.
MIN_COVERAGE = 0.53
# No record answering less than this is shown.
MIN_FLOOR = 0.25
# Other records are shown while they answer this share of what the best one answers.
RELATIVE_COVERAGE = 0.25
# The query's families (from the référentiel) vouch for a record filed under them.
FAMILY_SHARE = 0.35


@dataclass(frozen=True, slots=True)
class WeightedGroup:
    """A query group with its weight: rarity, lowered for filler words."""

    group: Group
    weight: float
    # Records holding its most frequent close alternative (0: none).
    frequency: int = 0


@dataclass(frozen=True, slots=True)
class Scored:
    """A record's score, its coverage of the query, and the stems it matched."""

    id: int
    score: float
    coverage: float
    matched: frozenset[str]
    # Whether every word of the query (filler words aside) was found in the record.
    complete: bool = True


def idf(documents: int, frequency: int) -> float:
    """Rarity of a term held by `frequency` of `documents` records (0 when none holds it)."""
    return math.log(1 + documents / frequency) if frequency else 0.0


def weigh(
    groups: Sequence[Group], frequency: Mapping[str, int], documents: int
) -> list[WeightedGroup]:
    """Weight each group by its rarity (its most frequent alternative, a floor of its union)."""
    out = []
    absent = math.log(1 + max(documents, 1)) * ABSENT_FACTOR
    for group in groups:
        df = 0
        for alt in group.alternatives:
            df = max(df, min((frequency.get(s, 0) for s in alt.stems), default=0))
        weight = idf(documents, df) if df else absent
        if group.filler:
            weight *= FILLER_WEIGHT
        out.append(WeightedGroup(group, weight, df))
    return out


def _count(tokens: Sequence[str], counts: Mapping[str, int], phrase: tuple[str, ...]) -> int:
    if not all(counts.get(s) for s in phrase):
        return 0
    n = len(phrase)
    return sum(1 for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n]) == phrase)


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A group ready to score many records: one-word alternatives by stem, phrases apart."""

    weighted: WeightedGroup
    parts: int
    singles: dict[str, tuple[tuple[float, int], ...]]
    phrases: tuple[tuple[str, ...], ...]
    phrase_info: tuple[tuple[float, int], ...]


def compile_groups(groups: Sequence[WeightedGroup]) -> list[_Compiled]:
    """Index each group's alternatives for `score` (once per search, not per record)."""
    out = []
    for weighted in groups:
        singles: dict[str, list[tuple[float, int]]] = {}
        phrases, info = [], []
        for alt in weighted.group.alternatives:
            if len(alt.stems) == 1:
                singles.setdefault(alt.stems[0], []).append((alt.weight, alt.part))
            else:
                phrases.append(alt.stems)
                info.append((alt.weight, alt.part))
        out.append(
            _Compiled(
                weighted,
                weighted.group.parts,
                {k: tuple(v) for k, v in singles.items()},
                tuple(phrases),
                tuple(info),
            )
        )
    return out


def score(
    record_id: int,
    columns: Mapping[str, Sequence[str]],
    families: Sequence[str],
    groups: Sequence[_Compiled],
    query_families: Mapping[str, float],
) -> Scored:
    """Score one record (columns: title, meta, body as lists of stems)."""
    total = sum(g.weighted.weight for g in groups) or 1.0
    most = sum(g.weighted.weight**RARITY_POWER for g in groups)
    points = 0.0
    covered = 0.0
    matched: set[str] = set()
    complete = True
    counted = {name: Counter(tokens) for name, tokens in columns.items()}
    for compiled in groups:
        weighted = compiled.weighted
        parts_count = compiled.parts
        # Per part (0: the whole expression), the best way it is said and where.
        best = [0.0] * (parts_count + 1)
        meaning = [0.0] * (parts_count + 1)
        hits = 0
        for name, column_weight in COLUMN_WEIGHTS.items():
            counts = counted.get(name)
            if not counts:
                continue
            for term in counts.keys() & compiled.singles.keys():
                hits += counts[term]
                matched.add(term)
                for weight, part in compiled.singles[term]:
                    best[part] = max(best[part], weight * column_weight)
                    meaning[part] = max(meaning[part], weight)
            for phrase, (weight, part) in zip(compiled.phrases, compiled.phrase_info, strict=True):
                found = _count(columns[name], counts, phrase)
                if found:
                    hits += found
                    matched.update(phrase)
                    best[part] = max(best[part], weight * column_weight)
                    meaning[part] = max(meaning[part], weight)
        strength = max(best[0], sum(best[1:]))
        if not strength and not weighted.group.filler:
            complete = False
        if strength:
            # Repetition helps a little, with saturation (a record is not better for
            # saying « bénévoles » ten times).
            points += weighted.weight**RARITY_POWER * strength * (1 + 0.1 * min(hits - 1, 4))
            # Coverage says whether the record is about the word, wherever it says it.
            # One word of an expression alone (« masse » of « courriels de masse ») is
            # weak evidence that the record is about the expression.
            parts = sum(meaning[1:]) * (1.0 if sum(1 for m in meaning[1:] if m) > 1 else 0.5)
            covered += weighted.weight * min(1.0, max(meaning[0], parts))
    family = max((query_families.get(f, 0.0) for f in families), default=0.0)
    if family:
        points += family * FAMILY_SHARE * most
        covered += family * FAMILY_SHARE * total
    return Scored(record_id, points, min(1.0, covered / total), frozenset(matched), complete)


def relevant(scored: Sequence[Scored]) -> list[Scored]:
    """The records worth showing, best first (none when even the best answers too little)."""
    if not scored:
        return []
    best = max(s.coverage for s in scored)
    if best < MIN_COVERAGE:
        return []
    floor = max(MIN_FLOOR, best * RELATIVE_COVERAGE)
    return [s for s in scored if s.coverage >= floor]
