"""The concept layer of practice search: a query's words and the other words that mean them.

Two sources, both bilingual and folded like the index: `bot/data/concepts.toml` (synonyms,
Québec terms, word forms a stem does not join, such as perdre/perdu) and the référentiel's
families (the advisor's vocabulary), which say what a query is about even when no word of
it is in a record: a record filed under « Infolettre » answers « newsletter ».

A query becomes groups: one per word, or per expression of a concept (« conseil
d'administration »), each with the alternatives that may stand for it in a record, as
sequences of stems (a phrase) with a weight (1 for the word itself or its forms, less for a
synonym). Acronyms that fold into a stop word (« CA ») are read case-sensitively, in
queries and in records alike.
"""

from __future__ import annotations

import re
import tomllib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.core.text import STOPWORDS, stem, words

# A record's tag filter token starts so (search.word_tokens), and holds only these characters.
SUBJECT_TAG = "tag_"
_TAG_SAFE = re.compile(r"[0-9a-z_]+")
CONCEPTS_FILE = Path(__file__).resolve().parents[2] / "data" / "concepts.toml"
# The domain's thesaurus, then the everyday ways of saying its things (verbs, idioms, Québec and
# France French, English), read after concepts.toml in the same format: they all add up.
CONCEPTS_FILES = (
    CONCEPTS_FILE,
    CONCEPTS_FILE.with_name("concepts_more.toml"),
    CONCEPTS_FILE.with_name("concepts_lexique.toml"),
)
# The files that say how people ask, not what records are about: their groups widen a query,
# never the subjects a record's tags stand for (pseudo-relevance feedback, ranking.py), so
# that a tag's meaning is not diluted among the many ways of saying it.
PARAPHRASE_FILES = frozenset({"concepts_lexique.toml"})
SYNONYM_WEIGHT = 0.8
TRANSLATION_WEIGHT = 0.9
# Queries whose groups are kept (each a few kilobytes: a few megabytes at most).
GROUPS_CACHE = 1024
FORM_WEIGHT = 1.0
# Each word of a multi-word expression, alone: they add up (both words ≈ the expression).
PART_WEIGHT = 0.4
# A record about the same subject (« rançongiciel » → a record tagged « piratage »): weak
# evidence, enough to fill a page after the records that answer the words themselves.
TOPIC_WEIGHT = 0.5
# Words that say how someone asks, not what about: they count little (no strict AND, but
# « comment trouver des bénévoles » is about bénévoles). Folded.
FILLER = frozenset(
    """
    trouver trouve cherche chercher recherche outil outils idee idees moyen moyens facon facons
    meilleur meilleure meilleurs meilleures mieux bon bonne bons bonnes eviter utiliser utilise
    aide aider exemple exemples astuce astuces solution solutions truc trucs gens chose choses
    quelqu quelque quelques fonctionne marche marcher avoir organisme organismes organisation
    notre nos coop cooperative obnl pratique pratiques comment pourquoi possible faut falloir
    plusieurs beaucoup vraiment simple simplement facile facilement nouveau nouvelle nouveaux
    find finding tool tools way ways best good better use using used help tips tip idea ideas
    get getting make making how organization organisation nonprofit non-profit our practice
    practices easy easier new work works recommend recommande conseils suggestion suggestions
    contre selon afin lors parmi malgre trop assez encore deja toujours jamais souvent peu
    premier premiers premiere premieres dernier derniere derniers etc ok svp merci
    quand veux voulons voulez vouloir puissent puisse dois devrait devraient quelqu quoi
    logiciel logiciels plateforme plateformes software platform platforms app apps appli
    run running set setting start starting create creating do doing done go going someone
    anyone something thing things stuff really lot lots much many well please thanks
    """.split()
)
# Verbs that say what one wants done in general terms (« rejoindre les jeunes », « améliorer
# la participation »): a record is about what they apply to more than about them. Rare in
# records, they would otherwise weigh the most. Folded.
SOFT = frozenset(
    """
    rejoindre joindre atteindre aider gerer organiser ameliorer augmenter reduire obtenir
    recevoir creer lancer demarrer commencer mettre prendre choisir rendre permettre devenir
    rester passer arriver savoir connaitre voir montrer expliquer parler dire demander
    repondre ete fonctionner reussir essayer tenter pouvons devrions faudrait mieux gerer
    reach manage handle improve increase reduce receive launch begin put take choose pick
    become stay know show explain talk ask answer try able should
    """.split()
)
# Their stems, to tell an expression that stands only when said as such (« trouver des
# bénévoles ») from one whose words may be apart (« recruter … bénévoles »).
FILLER_STEMS = frozenset(stem(w, lang) for w in FILLER for lang in ("fr", "en"))
# Acronyms written in capitals that folding would lose among stop words, and what they mean.
_ACRONYM = re.compile(r"\b(C\.\s?A\.?|CA|AGA|AGE)(?![\w'])")
_ACRONYMS = {
    "CA": "conseil d'administration",
    "AGA": "assemblée générale annuelle",
    "AGE": "assemblée générale extraordinaire",
}


def expand_acronyms(text: str) -> str:
    """« le CA a voté » → « le conseil d'administration a voté » (capitals only)."""

    def spell(match: re.Match[str]) -> str:
        key = match.group(1).replace(".", "").replace(" ", "")
        return _ACRONYMS.get(key, match.group(0))

    return _ACRONYM.sub(spell, text)


# A French stem shorter than this, from a word's other gender, is more likely another word
# (« données » → « donnes » → « don »).
MIN_VARIANT_STEM = 5


def gender_stem(word: str) -> str | None:
    """The stem of a folded French word's other gender, when Snowball keeps them apart.

    Folding strips the accent Snowball reads in « -ée »: « automatisée » stems to
    « automatise », « automatisé » to « automatis ». The feminine's masculine, and the
    masculine's feminine, are the same word to a reader: None when the stem is the same,
    too short to be sure of (« données » is no « dons »), or the word not such a form.
    """
    if word.endswith("ees"):
        other = word[:-3] + "es"
    elif word.endswith("ee"):
        other = word[:-1]
    elif word.endswith("es"):
        other = word[:-1] + "es"
    elif word.endswith("e"):
        other = word + "e"
    else:
        return None
    found = stem(other, "fr")
    if found == stem(word, "fr") or len(found) < MIN_VARIANT_STEM:
        return None
    return found


def _other_gender(span: Sequence[str]) -> tuple[str, ...]:
    """The French stems of a span's words, each in its other gender where that differs."""
    return tuple(gender_stem(w) or stem(w, "fr") for w in span)


def content_stems(text: str, lang: str = "fr") -> tuple[str, ...]:
    """The stems of the content words of a phrase, in order."""
    return tuple(stem(w, lang) for w in words(text) if _content(w))


def _content(word: str) -> bool:
    # A lone letter (the « e » of « e-mail ») says nothing; a lone digit may (« 2 » in 2FA).
    return word not in STOPWORDS and (len(word) > 1 or word.isdigit())


@dataclass(frozen=True, slots=True)
class Alternative:
    """A way a record may say a query word: a phrase of stems, and how much it counts.

    `part` numbers the word of an expression this alternative stands for (0 when it
    stands for the whole group): parts add up, whole alternatives do not.
    """

    stems: tuple[str, ...]
    weight: float
    part: int = 0
    # Said of the query word's subject, not of the word: counted in a record's title and
    # tags only, and never used to find the first candidates.
    broad: bool = False


@dataclass(slots=True)
class Group:
    """One query word (or expression) and its alternatives."""

    word: str
    alternatives: list[Alternative] = field(default_factory=list)
    filler: bool = False
    soft: bool = False
    corrected: str | None = None

    def add(self, stems: tuple[str, ...], weight: float, part: int = 0) -> None:
        """Add an alternative, keeping the best weight of a repeated phrase."""
        if not stems:
            return
        for i, alt in enumerate(self.alternatives):
            if alt.stems == stems and alt.part == part:
                if weight > alt.weight or alt.broad:
                    self.alternatives[i] = Alternative(stems, max(weight, alt.weight), part)
                return
        self.alternatives.append(Alternative(stems, weight, part))

    def add_broad(self, stems: tuple[str, ...], weight: float) -> None:
        """Add a phrase of the word's subject, unless the group already says it."""
        if stems and not any(a.stems == stems for a in self.alternatives):
            self.alternatives.append(Alternative(stems, weight, 0, broad=True))

    @property
    def parts(self) -> int:
        """How many words of an expression stand on their own (0 for a lone word)."""
        return max((a.part for a in self.alternatives), default=0)


@dataclass(frozen=True, slots=True)
class Concept:
    """Words that mean the same: `forms` of one word, or synonyms (`terms`)."""

    phrases: tuple[tuple[str, ...], ...]  # every term, French and English stems
    weight: float
    # A way of asking (PARAPHRASE_FILES): not one of the subjects of a record's tags.
    paraphrase: bool = False


# A group as kept between searches: word, alternatives, filler, soft, corrected.
_Frozen = tuple[str, tuple[Alternative, ...], bool, bool, "str | None"]


class Concepts:
    """Looks up the concepts a sequence of query words starts with."""

    def __init__(
        self, concepts: list[Concept], topics: list[tuple[tuple[str, ...], ...]] | None = None
    ) -> None:
        self.concepts = concepts
        self.by_phrase: dict[tuple[str, ...], list[int]] = {}
        # The same, without the ways of asking: what a record's tag means.
        self.subjects_of: dict[tuple[str, ...], list[int]] = {}
        for i, concept in enumerate(concepts):
            for phrase in concept.phrases:
                self.by_phrase.setdefault(phrase, []).append(i)
                if not concept.paraphrase:
                    self.subjects_of.setdefault(phrase, []).append(i)
        self.longest = max((len(p) for p in self.by_phrase), default=1)
        # Subjects (cybersécurité, bénévolat…): phrases of stems, and the subjects of each.
        self.topics = topics or []
        self.topics_of: dict[tuple[str, ...], list[int]] = {}
        for i, phrases in enumerate(self.topics):
            for phrase in phrases:
                self.topics_of.setdefault(phrase, []).append(i)
        self._subjects: dict[str, tuple[str, ...]] = {}
        # The groups of recent queries' words (expanding a word walks its concepts and
        # subjects; the same words come back as a member pages or refines a search).
        self._groups: OrderedDict[tuple[str, ...], tuple[_Frozen, ...]] = OrderedDict()

    def subjects(self, token: str) -> tuple[str, ...]:
        """The meanings of a record's tag token (« tag_benevol »): its concepts (`con_N`) and
        subjects (`top_N`), so that records tagged « bénévoles » and « volunteers », or
        « piratage » and « hameçonnage », are seen to be about the same thing."""
        found = self._subjects.get(token)
        if found is None:
            key = (token[len(SUBJECT_TAG) :],) if token.startswith(SUBJECT_TAG) else ()
            found = tuple(
                [f"con_{i}" for i in self.subjects_of.get(key, ())]
                + [f"top_{i}" for i in self.topics_of.get(key, ())]
            )
            self._subjects[token] = found
        return found

    def subject_tags(self, token: str) -> tuple[str, ...]:
        """The tag tokens a concept or subject token (`con_N`, `top_N`) stands for."""
        kind, _, number = token.partition("_")
        if not number.isdigit():
            return ()
        index = int(number)
        if kind == "con" and index < len(self.concepts):
            phrases: Sequence[tuple[str, ...]] = self.concepts[index].phrases
        elif kind == "top" and index < len(self.topics):
            phrases = self.topics[index]
        else:
            return ()
        return tuple(
            dict.fromkeys(
                SUBJECT_TAG + p[0] for p in phrases if len(p) == 1 and _TAG_SAFE.fullmatch(p[0])
            )
        )

    def _add_topics(self, group: Group) -> None:
        """Add the phrases of the subjects the group's word (or its meaning) belongs to."""
        if group.filler:
            return
        found: dict[int, None] = {}
        for alt in group.alternatives:
            if alt.weight >= SYNONYM_WEIGHT * PART_WEIGHT:
                found.update(dict.fromkeys(self.topics_of.get(alt.stems, ())))
        for index in found:
            for phrase in self.topics[index]:
                group.add_broad(phrase, TOPIC_WEIGHT)

    def _longest(self, tokens: list[str], i: int) -> tuple[int, list[int], set[tuple[str, ...]]]:
        """The longest expression of a concept at `i` (or the lone word), its concepts, stems."""
        for size in range(min(self.longest, len(tokens) - i), 0, -1):
            span = tokens[i : i + size]
            hits: list[int] = []
            own: set[tuple[str, ...]] = set()
            for lang in ("fr", "en"):
                key = tuple(stem(w, lang) for w in span)
                own.add(key)
                hits += self.by_phrase.get(key, [])
            other = _other_gender(span)
            if other not in own:
                hits += self.by_phrase.get(other, [])
            if hits or size == 1:
                return size, hits, own
        return 1, [], set()

    def tokens(self, text: str) -> list[str]:
        """The content words of a query, acronyms spelled out."""
        return [w for w in words(expand_acronyms(text)) if _content(w)]

    def known(self, word: str) -> bool:
        """Whether a word (folded) belongs to a concept: never « corrected »."""
        return any((stem(word, lang),) in self.by_phrase for lang in ("fr", "en")) or (
            (gender_stem(word),) in self.by_phrase
        )

    def _expand(self, group: Group, span: list[str], hits: list[int], part: int) -> None:
        weight = PART_WEIGHT if part else 1.0
        for lang in ("fr", "en"):
            group.add(tuple(stem(w, lang) for w in span), weight, part)
        # « automatisée » is « automatisé »: the same word, whichever gender a record uses.
        other = _other_gender(span)
        group.add(other, weight * FORM_WEIGHT, part)
        for index in dict.fromkeys(hits):
            concept = self.concepts[index]
            for phrase in concept.phrases:
                group.add(phrase, concept.weight * weight, part)

    def groups(self, text: str | list[str]) -> list[Group]:
        """The groups of a query: concept expressions first matched, longest first."""
        tokens = tuple(self.tokens(text) if isinstance(text, str) else text)
        frozen = self._groups.get(tokens)
        if frozen is None:
            frozen = tuple(
                (g.word, tuple(g.alternatives), g.filler, g.soft, g.corrected)
                for g in self._expanded(list(tokens))
            )
            self._groups[tokens] = frozen
            if len(self._groups) > GROUPS_CACHE:
                self._groups.popitem(last=False)
        else:
            self._groups.move_to_end(tokens)
        # New groups each time: a search changes its own (corrections, dropped phrases).
        return [Group(w, list(alts), filler, soft, c) for w, alts, filler, soft, c in frozen]

    def _expanded(self, tokens: list[str]) -> list[Group]:
        out: list[Group] = []
        i = 0
        while i < len(tokens):
            size, hits, _own = self._longest(tokens, i)
            span = tokens[i : i + size]
            group = Group(
                " ".join(span),
                filler=size == 1 and span[0] in FILLER,
                soft=size == 1 and span[0] in SOFT,
            )
            self._expand(group, span, hits, 0)
            if size > 1:
                # Each word of an expression, and what it means alone, says part of it.
                for n, w in enumerate(span, start=1):
                    if w not in FILLER:
                        self._expand(group, [w], self._longest([w], 0)[1], n)
            self._add_topics(group)
            out.append(group)
            i += size
        return out


def _phrases(term: str) -> set[tuple[str, ...]]:
    return {content_stems(term, "fr"), content_stems(term, "en")} - {()}


@lru_cache(maxsize=1)
def default_concepts() -> Concepts:
    """The concepts of the CONCEPTS_FILES (read once)."""
    data: dict[str, Any] = {"concept": [], "bilingual": {}, "topic": []}
    for path in CONCEPTS_FILES:
        with path.open("rb") as handle:
            part = tomllib.load(handle)
        paraphrase = path.name in PARAPHRASE_FILES
        data["concept"] += [
            {**entry, "paraphrase": paraphrase} for entry in part.get("concept", [])
        ]
        data["topic"] += part.get("topic", [])
        for french, english in part.get("bilingual", {}).items():
            data["bilingual"][french] = [*data["bilingual"].get(french, []), *english]
    concepts = []
    for entry in data.get("concept", []):
        forms, terms = entry.get("forms", []), entry.get("terms", [])
        phrases: set[tuple[str, ...]] = set()
        for term in (*forms, *terms):
            phrases |= _phrases(expand_acronyms(term))
        weight = FORM_WEIGHT if forms else SYNONYM_WEIGHT
        concepts.append(Concept(tuple(sorted(phrases)), weight, entry["paraphrase"]))
    for french, english in data.get("bilingual", {}).items():
        phrases = set()
        for term in (french, *english):
            phrases |= _phrases(term)
        concepts.append(Concept(tuple(sorted(phrases)), TRANSLATION_WEIGHT))
    topics = []
    for entry in data.get("topic", []):
        phrases = set()
        for term in entry.get("terms", []):
            phrases |= _phrases(expand_acronyms(term))
        topics.append(tuple(sorted(phrases)))
    return Concepts(concepts, topics)
