"""Ranking practice candidates by meaning: rare words weigh more, no word is required.

Engine-neutral: the engine (FTS5 now, PostgreSQL later) finds candidates and gives each
record's analysed columns (stems) and family tokens; this module scores them. A record's
score sums, for each query group, the rarity (idf) of the group times how it was matched
(the word itself or a synonym) and where (title above tags above text). Its coverage is the
share of the query's weight it answers; a search whose best record covers too little says it
found nothing relevant rather than showing weak matches.

Weaker evidence fills the rest of the first page: an expression's words apart in a record
(SCATTERED, or NEAR when close together), the query word's subject (concepts.py topics:
TOPIC_WEIGHT, read in titles and tags), the advisor's families for the query, and how much a
record shares the tags, tools and families of the best ones (pseudo-relevance feedback:
`seeds`, `feedback_bag`, `with_feedback`), each adding only to what the words leave unsaid.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import zip_longest

from bot.core.practices.concepts import FILLER_STEMS, SUBJECT_TAG, Group, default_concepts

COLUMN_WEIGHTS = {"title": 1.0, "meta": 0.7, "body": 0.55}
FILLER_WEIGHT = 0.15
SOFT_WEIGHT = 0.5
# Rare words decide the order: a record holding the query's rarest word comes before one
# holding two common ones.
RARITY_POWER = 1.5
# A word no visible record holds (and no correction found): it still says what the query is
# about, so it counts in the coverage, a bit less than a rare word that matched.
ABSENT_FACTOR = 1.1
# The best record must answer this share of the query's weight, or nothing is relevant.
MIN_COVERAGE = 0.6
# No record answering less than this is shown.
MIN_FLOOR = 0.21
# Other records are shown while they answer this share of what the best one answers.
RELATIVE_COVERAGE = 0.05
# An expression whose words are all in a record, but apart, counts this much of it together.
SCATTERED = 0.75
# A subject's words in a record's text count this share of them in its title or tags.
TOPIC_IN_BODY = 0.3
# …and its words within a few words of each other in one field.
NEAR = 0.95
NEAR_SLACK = 3
# The query's families (from the référentiel) vouch for a record filed under them.
FAMILY_SHARE = 0.35
FAMILY_GATE = 0.3


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
        # The whole expression's ways of being said: one of its words alone (« bénévoles »
        # of « garder nos bénévoles ») says little of how specific the expression is.
        whole = [a for a in group.alternatives if not a.part and not a.broad]
        whole = whole or [a for a in group.alternatives if not a.broad]
        for alt in whole:
            df = max(df, min((frequency.get(s, 0) for s in alt.stems), default=0))
        weight = idf(documents, df) if df else absent
        if group.filler:
            weight *= FILLER_WEIGHT
        elif group.soft:
            weight *= SOFT_WEIGHT
        out.append(WeightedGroup(group, weight, df))
    return out


def _count(tokens: Sequence[str], counts: Mapping[str, int], phrase: tuple[str, ...]) -> int:
    if not all(counts.get(s) for s in phrase):
        return 0
    n = len(phrase)
    last = len(tokens) - n
    first = phrase[0]
    found = 0
    i = -1
    # From one occurrence of the first stem to the next (`index` walks in C), not every
    # window of the column: phrases overlapping themselves count as before.
    while True:
        try:
            i = tokens.index(first, i + 1, last + 1)
        except ValueError:
            return found
        if tuple(tokens[i : i + n]) == phrase:
            found += 1


def _near(tokens: Sequence[str], phrase: tuple[str, ...]) -> bool:
    """Whether every stem of `phrase` is in `tokens` within a window a bit wider than it."""
    wanted = set(phrase)
    if not wanted.issubset(tokens):
        return False
    width = len(phrase) + NEAR_SLACK
    last: dict[str, int] = {}
    for i, token in enumerate(tokens):
        if token in wanted:
            last[token] = i
            if len(last) == len(wanted) and i - min(last.values()) < width:
                return True
    return False


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A group ready to score many records: one-word alternatives by stem, phrases apart."""

    weighted: WeightedGroup
    parts: int
    singles: dict[str, tuple[tuple[float, int, bool], ...]]
    phrases: tuple[tuple[str, ...], ...]
    phrase_info: tuple[tuple[float, int, bool], ...]
    # Each phrase's stems as a set, to ask whether a record holds them all at once.
    phrase_stems: tuple[frozenset[str], ...] = ()


def compile_groups(groups: Sequence[WeightedGroup]) -> list[_Compiled]:
    """Index each group's alternatives for `score` (once per search, not per record)."""
    out = []
    for weighted in groups:
        singles: dict[str, list[tuple[float, int, bool]]] = {}
        phrases, info = [], []
        for alt in weighted.group.alternatives:
            if len(alt.stems) == 1:
                singles.setdefault(alt.stems[0], []).append((alt.weight, alt.part, alt.broad))
            else:
                phrases.append(alt.stems)
                info.append((alt.weight, alt.part, alt.broad))
        out.append(
            _Compiled(
                weighted,
                weighted.group.parts,
                {k: tuple(v) for k, v in singles.items()},
                tuple(phrases),
                tuple(info),
                tuple(frozenset(p) for p in phrases),
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
    # Every stem the record holds, and the best column each is in (for expressions apart).
    place: dict[str, float] = {}
    for name, column_weight in reversed(COLUMN_WEIGHTS.items()):
        counts = counted.get(name)
        if counts:
            place.update(dict.fromkeys(counts, column_weight))
    held_stems = place.keys()
    for compiled in groups:
        # The phrases of the group whose every stem the record holds (most hold none).
        held = [i for i, stems in enumerate(compiled.phrase_stems) if stems <= held_stems]
        weighted = compiled.weighted
        parts_count = compiled.parts
        # Per part (0: the whole expression), the best way it is said and where.
        best = [0.0] * (parts_count + 1)
        meaning = [0.0] * (parts_count + 1)
        # The subject only (broad alternatives): weak evidence that adds to the rest.
        topic = topic_meaning = 0.0
        hits = 0
        found_phrases: set[int] = set()
        for name, column_weight in COLUMN_WEIGHTS.items():
            counts = counted.get(name)
            if not counts:
                continue
            for term in counts.keys() & compiled.singles.keys():
                for weight, part, broad in compiled.singles[term]:
                    if broad:
                        # A subject is read in titles and tags; in passing, much less.
                        factor = TOPIC_IN_BODY if name == "body" else 1.0
                        if factor:
                            matched.add(term)
                            topic = max(topic, weight * column_weight * factor)
                            topic_meaning = max(topic_meaning, weight * factor)
                        continue
                    hits += counts[term]
                    matched.add(term)
                    # Comparisons, not max(): the innermost loop of a search (same values).
                    said = weight * column_weight
                    if said > best[part]:
                        best[part] = said
                    if weight > meaning[part]:
                        meaning[part] = weight
            for i in held:
                phrase = compiled.phrases[i]
                weight, part, broad = compiled.phrase_info[i]
                if broad and name == "body":
                    continue
                found = _count(columns[name], counts, phrase)
                if found:
                    found_phrases.add(i)
                    matched.update(phrase)
                    if broad:
                        topic = max(topic, weight * column_weight)
                        topic_meaning = max(topic_meaning, weight)
                        continue
                    hits += found
                    best[part] = max(best[part], weight * column_weight)
                    meaning[part] = max(meaning[part], weight)
        # An expression's words apart (« recrutement » and « bénévoles » as two tags) say
        # it less surely than the words together.
        for i in held:
            phrase = compiled.phrases[i]
            weight, part, broad = compiled.phrase_info[i]
            if i in found_phrases or broad or not FILLER_STEMS.isdisjoint(phrase):
                continue
            where = [place[s] for s in phrase]
            if min(where) > 0:
                # Close together in one field (« recruté vingt bénévoles »), almost the
                # expression; apart in the record, less.
                near = max(
                    (w for n, w in COLUMN_WEIGHTS.items() if _near(columns.get(n, ()), phrase)),
                    default=0.0,
                )
                said = max(NEAR * near, SCATTERED * min(where))
                hits += 1
                matched.update(phrase)
                best[part] = max(best[part], weight * said)
                meaning[part] = max(meaning[part], weight * (NEAR if near else SCATTERED))
        direct = max(best[0], sum(best[1:]))
        strength = direct + topic * (1 - min(direct, 1.0))
        if not direct and not weighted.group.filler:
            complete = False
        if strength:
            # Repetition helps a little, with saturation (a record is not better for
            # saying « bénévoles » ten times).
            points += (
                weighted.weight**RARITY_POWER * strength * (1 + 0.1 * min(max(hits - 1, 0), 4))
            )
            # Coverage says whether the record is about the word, wherever it says it.
            # One word of an expression alone (« masse » of « courriels de masse ») is
            # weak evidence that the record is about the expression.
            parts = sum(meaning[1:]) * (1.0 if sum(1 for m in meaning[1:] if m) > 1 else 0.5)
            said = min(1.0, max(meaning[0], parts))
            covered += weighted.weight * (said + topic_meaning * (1 - said))
    family = max((query_families.get(f, 0.0) for f in families), default=0.0)
    # The advisor reads a query's families from its words alone, and is sometimes wrong
    # (« escroquerie par e-mail » → Infolettre): a family vouches less for a record that
    # says little of what was asked.
    family *= min(1.0, FAMILY_GATE + covered / total)
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


# ----------------------------------------------------------------- pseudo-relevance feedback

# Filter tokens that say what a record is about (its tags, tools, families), and how much
# sharing one with the best records counts.
SUBJECT_PREFIXES = ("tag_", "tool_", "fam_")
# A tag's meaning (concepts.py): its concept (« bénévoles » = « volunteers »), then its
# subject (« piratage » and « hameçonnage » are both about cybersecurity).
SUBJECT_WEIGHTS = {"tag_": 1.0, "tool_": 0.7, "fam_": 0.5, "con_": 0.8, "top_": 0.8}
# The records the feedback starts from: the first few, when they answer the query well.
SEED_COUNT = 2
SEED_COVERAGE = 0.75
# How much being like the best records adds, as a share of the best record's score and
# coverage.
FEEDBACK_SHARE = 0.8


def seeds(scored: Sequence[Scored]) -> list[Scored]:
    """The best records, when they answer well enough to say what the query is about."""
    ranked = sorted(scored, key=lambda s: (-s.score, s.id))[:SEED_COUNT]
    if not ranked:
        return []
    best = ranked[0].coverage
    return [s for s in ranked if s.coverage >= SEED_COVERAGE and s.coverage >= best * 0.9]


def subject_tokens(held: Iterable[str]) -> frozenset[str]:
    """A record's subject tokens (tags, tools, families) and the meanings of its tags."""
    concepts = default_concepts()
    out: set[str] = set()
    for token in held:
        if token.startswith(SUBJECT_PREFIXES):
            out.add(token)
            out.update(concepts.subjects(token))
    return frozenset(out)


def feedback_stems(bag: Mapping[str, float]) -> set[str]:
    """The stems of the tags the bag's concepts and subjects stand for (to count them)."""
    concepts = default_concepts()
    return {
        tag[len(SUBJECT_TAG) :]
        for token in bag
        if not token.startswith(SUBJECT_PREFIXES)
        for tag in concepts.subject_tags(token)
    }


def feedback_filters(
    bag: Mapping[str, float], limit: int, frequency: Mapping[str, int] | None = None
) -> list[str]:
    """The filter tokens to look up for more records like the seeds, the weightiest first.

    A tag's concept or subject stands for the tags that say it, those whose word more records
    hold first (`frequency`, by stem: an English record's tag is not counted under its
    French stem, so the others still come, after); each concept or subject gives one in
    turn, so that one long list does not take every look-up.
    """
    concepts = default_concepts()
    ranked = sorted(bag, key=lambda t: (-bag[t], t))
    out: dict[str, None] = dict.fromkeys(t for t in ranked if t.startswith(SUBJECT_PREFIXES))
    lists = []
    for token in ranked:
        if token.startswith(SUBJECT_PREFIXES):
            continue
        tags = concepts.subject_tags(token)
        if frequency is not None:
            # Python's sort is stable: tags of no record keep their order, last.
            tags = tuple(sorted(tags, key=lambda t: -frequency.get(t[len(SUBJECT_TAG) :], 0)))
        lists.append(tags)
    for row in zip_longest(*lists):
        out.update(dict.fromkeys(t for t in row if t))
        if len(out) >= limit:
            break
    return list(out)[:limit]


def _subject_weight(token: str) -> float:
    for prefix, weight in SUBJECT_WEIGHTS.items():
        if token.startswith(prefix):
            return weight
    return 0.0


def feedback_bag(held: Sequence[frozenset[str]]) -> dict[str, float]:
    """The subject tokens of the seeds, weighted (by kind, and by how many seeds hold them)."""
    bag: dict[str, float] = {}
    for tokens in held:
        tags = sum(1 for t in tokens if t.startswith(SUBJECT_TAG)) or 1
        # A word listed in several concept groups (concepts.toml and concepts_more.toml say
        # « hameçonnage » twice) must not weigh more than one that is listed once: a
        # record's meanings of each kind share the weight of its tags.
        share = {
            kind: tags / (sum(1 for t in tokens if t.startswith(kind)) or 1)
            for kind in ("con_", "top_")
        }
        for token in tokens:
            weight = _subject_weight(token) * share.get(token[:4], 1.0)
            bag[token] = bag.get(token, 0.0) + min(weight, _subject_weight(token)) / len(held)
    return bag


def with_feedback(
    scored: Sequence[Scored],
    seed_list: Sequence[Scored],
    bag: Mapping[str, float],
    tokens: Mapping[int, frozenset[str]],
) -> list[Scored]:
    """Scores raised by how much each record shares the seeds' subjects."""
    if not seed_list or not bag:
        return list(scored)
    total = sum(bag.values())
    top = max(s.score for s in seed_list)
    seed_ids = {s.id for s in seed_list}
    out = []
    for s in scored:
        if s.id in seed_ids:
            out.append(s)
            continue
        # Only what the record's words leave unsaid: records that answer the whole query
        # keep their order.
        like = sum(bag.get(t, 0.0) for t in tokens.get(s.id, ())) / total * (1 - s.coverage)
        if not like:
            out.append(s)
            continue
        out.append(
            Scored(
                s.id,
                s.score + FEEDBACK_SHARE * like * top,
                min(1.0, s.coverage + FEEDBACK_SHARE * like),
                s.matched,
                s.complete,
            )
        )
    return out
