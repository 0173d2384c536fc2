"""The tool advisor: a need in free text → ranked families, why, and the tools that fit.

How it ranks. Every family carries phrases (its name, examples, strong terms, product
names) and weak hints. A need is folded, split into words, stop words dropped, and each
word is compared by its French and English Snowball stems, so « infolettres », « newsletter »
and « bulletins » meet their family whatever the inflection. Unknown words get one chance
at a typo correction against the vocabulary (rapidfuzz). A family scores from

* phrase evidence: a phrase whose words are all in the need scores its weight, more for
  longer phrases (they are more specific); a long phrase mostly present scores part of it;
  phrases that reuse words already counted add little, so a large vocabulary does not win
  by repetition;
* word evidence: each word of the need also votes for the families whose vocabulary holds
  it, weighted by how rare that word is across families (an IDF), so a new phrasing of a
  known need still lands.

A need whose best family stays under a threshold gets no answer rather than a guess, and so
does a message better explained by a theme that is not an organisation's need (sport,
weather, cooking…: `bot/data/hors_sujet.toml`), matched with the same machinery.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from bot.core.advisor import messages as _messages  # noqa: F401  (registers the texts)
from bot.core.advisor.learned import (
    Gate,
    NaiveBayes,
    Perceptron,
    averaged_gate,
    averaged_perceptron,
    first_names,
    intent_features,
    load_training,
    stem,
    topic_features,
)
from bot.core.advisor.referentiel import Family, Referentiel, Tool, load
from bot.core.text import STOPWORDS as _TEXT_STOPWORDS
from bot.core.text import fold, words

MAX_NEED_LENGTH = 2_000  # a need longer than this is cut (the answer says so)
EXTRA_STOPWORDS = (
    *("dans", "quelque", "quelques", "vraiment", "encore"),
    *("am", "being", "cannot", "anyone", "everyone", "someone", "half", "really", "whose"),
    *("another", "many", "much", "lots", "even", "still", "too", "same", "such", "own"),
    *("less", "least", "once", "goes", "comes", "going", "make", "makes", "made"),
)
# Function words the shared list keeps (« dans » is a word of search queries) but that say
# nothing about which tool a need is for.
STOPWORDS = _TEXT_STOPWORDS | frozenset(EXTRA_STOPWORDS)

# Weights of each kind of vocabulary entry.
W_NAME = 1.2
W_TERM = 1.0
W_PRODUCT = 1.0
W_EXAMPLE = 0.8
W_HINT = 0.35
# A catalog tool's use (« recruter des bénévoles » for jebenevole.ca) speaks for its
# main family: the catalog knows narrow needs the families' vocabulary does not name.
W_TOOL_USE = 0.7
# A narrow need (« résumer de longs rapports ») often shares more of its rare words with the
# uses of one tool than with any family's vocabulary: the tool whose uses hold at least three
# of the need's words lends its main family this much of that match.
W_TOOL_EVIDENCE = 1.0
TOOL_EVIDENCE_MIN_WORDS = 3
# A need told by its problem: a whole phrase says a lot, its everyday words alone nothing.
W_SYMPTOM = 1.0
W_OFF_TOPIC = 1.3
# A family under this score is not an answer; one under RELATIVE × best is not shown.
THRESHOLD = 1.0
RELATIVE = 0.1
# Word evidence is scaled down: it breaks ties and carries unseen phrasings.
WORD_EVIDENCE = 1.0
WEAK_WORD_EVIDENCE = 0.5
WEAK_PHRASES = 1.0
# News of the day needs this many times the usual evidence to be read as a need.
NEWS_FACTOR = 4.5
# An off-topic theme scoring this share of the best family makes the answer "nothing fits".
OFF_TOPIC_RATIO = 0.6
# Learned evidence (`learned.py`): a family's learned probability (naive Bayes and perceptron
# together), times this, adds to its score; the gate's probability that a message is a need
# decides whether to answer. A need that names what it wants (phrase evidence of at least
# STRONG) is led by its phrases; one told by its problem leans on what was learned.
TOPIC_WEIGHT = 1.0
WEAK_TOPIC_WEIGHT = 4.0
TOPIC_TEMPERATURE = 2.0
# How much each source teaches the topic models (our examples of needs told by their
# problem count most: they are what the models are for).
W_LEARN_TERM = 0.5
W_LEARN_HINT = 0.25
W_LEARN_USE = 0.1
W_LEARN_TOOL = 0.2
W_LEARN_SYMPTOM = 1.0
W_LEARN_EXAMPLE = 2.0
TOPIC_MIN = 0.05
# The perceptron's share of the learned probability, and the temperature of its softmax.
LINEAR_SHARE = 0.5
LINEAR_TEMPERATURE = 1.0
# A family whose learned probability reaches CONFIDENT gets at least CONFIDENT_WEIGHT times
# it, even when everyday words of the need happen to be another family's phrase (a need told
# by its problem often does). Whether to answer at all is still decided without this lean.
# Tried beside or instead of the two models on 2026-11-30, and left out: a nearest-neighbour
# vote of the examples by BM25 (weaker alone than either model, no better in the mix), and a
# multinomial logistic regression in place of the perceptron (a little better as a classifier
# of needs told by their problem, 272-276 of 314 with naive Bayes vs 271, but no better once
# mixed with the phrases: 598 vs 601 of 651 first answers on the dev sets).
CONFIDENT = 0.6
CONFIDENT_WEIGHT = 4.0
CONFIDENT_NAMED = 3.0
# A word is shown as a reason for a family when it leans this much towards it (log-odds).
TOPIC_SHOWN = 2.0
# Additive smoothing of naive Bayes (small: our examples are few but chosen).
NB_ALPHA = 0.1
# Under GATE_MIN the message is not a need; a need naming its tool clearly (phrase evidence
# of at least STRONG) only needs GATE_STRONG.
GATE_MIN = 0.5
GATE_STRONG = 0.3
STRONG = 2.0
# What teaches the gate that a message is a need, besides our examples: the families' terms
# (short names of needs, weighed little: they are not sentences) and symptoms. Its L2 penalty
# and passes over the examples.
GATE_TERM_WEIGHT = 0.2
GATE_SYMPTOM_WEIGHT = 1.0
# The markers of rules and news (`hors_sujet.toml`) teach the gate too, as short non-needs,
# weighed little: they already decide by rule, and at 0.3 each new marker moved the gate enough
# to flip needs told by their problem (round two of issue 8; 0.1 changed no figure of A-F).
GATE_MARKER_WEIGHT = 0.1
GATE_L2 = 1e-3
GATE_EPOCHS = 12
# The perceptron and the gate learn from shuffled examples: each is trained on these seeds'
# shuffles and their weights averaged. One seed since 2026-11-30: three seeds cost three times
# the training (most of a cold start without the index cache) and were no better on our dev
# sets (599 vs 601 of 651 top-1; answers swing by a few rows from one seed to another anyway).
MODEL_SEEDS = (8,)
# An explicit request (« how can we… », « on cherche… ») with phrase evidence of at least this
# passes the gate (`hors_sujet.toml`, [demande]).
REQUEST_NAMED = 1.2
# A message of one word (« test », « allo », « parapluie ») is a need only when that word is
# itself a family's name, term or product (« podcast », « intranet »): a hint or a learned
# lean is a guess.
ONE_WORD_NAMED = 1.0
# A terse judgement of this many words at most (« budget pas clair », « site not great »)
# passes on the same terms as one word: it names no work to do, and asks for nothing.
TERSE_WORDS = 4
_NOT = frozenset("pas jamais not never".split())
# Words of a judgement: with a negation, the terse message is an opinion (« pas clair »), not a
# problem told in few words (« horaires jamais à jour », « dons pas traçables »).
_JUDGEMENT = frozenset(
    """
    clair claire clairs claires beau belle beaux belles bon bonne bons bonnes correct correcte
    balance balancee balances terrible terribles fameux fameuse joli jolie top
    great good nice clear pretty ok okay fine balanced
    """.split()
)
# Over this, the gate is sure the message is a need: the markers of news do not count.
GATE_SURE = 0.95
# A need without a strong phrase answers only when its score, weighed by the gate, reaches this.
NEED_SCORE = 0.8
# Typo correction of words the vocabulary does not know: only long enough words, close
# enough to a vocabulary word.
TYPO_MIN_LENGTH = 6
TYPO_MIN_SIMILARITY = 84
TYPO_MAX_LENGTH_GAP = 1
# A message about one's private life (« mon cell perso », « my Visa ») with no sign of an
# organisation needs this much more evidence before it gets an answer.
PERSONAL_FACTOR = 0.25
_PERSONAL = frozenset("mon ma mes moi my mine myself perso personnel personnelle personal".split())
# Relatives and partners: private life even with « our » (« our family group chat »).
_PRIVATE_LIFE = frozenset(
    """
    chum blonde conjoint conjointe mari wife husband boyfriend girlfriend maman papa mom dad
    tante oncle cousin cousine aunt uncle grand-mere grand-pere grandma grandpa family kids
    famille
    """.split()
)
# Openings of a question asking how to do the work (`_phrase`d, as `_expanded_words` spells
# them): the gate reads them as one word and not as a question. Not « comment » alone
# (« comment calcule-t-on la ristourne? » asks a rule) nor « comment faire » (tried: it moved
# needs of other sets through the training).
_HOW_TO = (
    " how do we ",
    " how can we ",
    " how could we ",
    " comment faire pour ",
    " comment pouvons nous ",
    " comment pourrait on ",
    " comment pourrions nous ",
)
# Nouns that name a kind of tool: a question holding one asks for a tool.
_TOOL_NOUNS = frozenset(
    """
    logiciel logiciels appli applis application applications plateforme plateformes outil outils
    software app apps platform platforms tool tools
    """.split()
)
_WE = frozenset("nous nos notre our we us ours".split())
_ORGANISATION = frozenset(
    """
    organisme organismes organisation organization coop coops cooperative obnl osbl
    entreprise association conseil administration membres members member employes employees
    equipe staff benevoles benevole volunteers volunteer clients customers usagers
    participants comite committee board nonprofit charity federation reseau network
    partenaires partners donateurs donors citoyens quartier community communaute collectif
    regroupement adherents reunions meetings assemblees projets subventions clientele
    """.split()
)

# Abbreviations whose capitals matter (« CA » is not « ça » once folded).
_EXPANSIONS = {
    "CA": "conseil d'administration",
    "AGA": "assemblée générale annuelle",
    "AGE": "assemblée générale extraordinaire",
    "AG": "assemblée générale",
    "AI": "intelligence artificielle",
    "IA": "intelligence artificielle",
}
_SURFACE = re.compile(r"[^\W_]+")
_ABBREVIATION = re.compile(r"\b(?:C\.A\.?|I\.A\.?|CA|AGA|AGE|AG|AI|IA)(?=\W|$)")

# Words in a need that change which tools come first, not which families (folded).
_PREFERENCES = {
    "free": (
        "gratuitement",
        "gratuit",
        "gratuite",
        "gratuits",
        "gratuites",
        "free",
        "gratis",
        "sans frais",
        "pas de budget",
        "aucun budget",
        "no budget",
        "sans budget",
        "pas d argent",
        "pas les moyens",
        "budget zero",
        "can t afford",
        "no cost",
        "free of charge",
        "at no cost",
        "sans payer",
        "sans couts",
        "cannot afford",
        "for free",
    ),
    "libre": (
        "libre",
        "libres",
        "open source",
        "opensource",
        "logiciel libre",
        "code ouvert",
        "source ouverte",
        "free software",
        "foss",
    ),
    "self_hosted": (
        "auto heberge",
        "autoheberge",
        "auto hebergement",
        "heberge chez nous",
        "nos serveurs",
        "notre serveur",
        "notre propre serveur",
        "on a un serveur",
        "un serveur chez nous",
        "self hosted",
        "self host",
        "self hosting",
        "on premise",
        "our own server",
        "our server",
        "heberger nous memes",
        "l installer nous memes",
        "host it ourselves",
        "host ourselves",
        "we host",
        "self host it",
        "on our own servers",
    ),
    "no_install": (
        "sans installer",
        "sans rien installer",
        "rien a installer",
        "pas d informaticien",
        "pas de serveur",
        "aucun serveur",
        "sans serveur",
        "pas de technicien",
        "pas d equipe technique",
        "pas de tech",
        "cle en main",
        "no install",
        "nothing to install",
        "without installing",
        "no server",
        "no it",
        "no it staff",
        "no tech",
        "pas a installer",
        "pas d informatique",
        "sans informaticien",
        "pas de service informatique",
        "pas de ti",
        "personne en ti",
        "no installation",
        "in the browser",
        "browser based",
        "nothing to download",
        "sans telechargement",
        "dans le navigateur",
        "rien a telecharger",
    ),
    "canada_data": (
        "heberge au canada",
        "hebergees au canada",
        "heberges au canada",
        "hebergee au canada",
        "donnees au canada",
        "donnees au quebec",
        "heberge au quebec",
        "hebergees au quebec",
        "serveurs au canada",
        "serveurs canadiens",
        "serveurs au quebec",
        "loi 25",
        "data in canada",
        "hosted in canada",
        "canadian servers",
        "canadian hosting",
        "souverainete des donnees",
        "data residency",
        "donnees restent au canada",
        "donnees restent au quebec",
        "rester au canada",
        "stay in canada",
    ),
    "local": (
        "quebecois",
        "quebecoise",
        "quebecoises",
        "quebec",
        "canadien",
        "canadienne",
        "local",
        "canadian",
        "d ici",
        "entreprise d ici",
        "achat local",
    ),
    "nonprofit_pricing": (
        "rabais pour obnl",
        "rabais pour osbl",
        "rabais obnl",
        "rabais osbl",
        "rabais pour les obnl",
        "rabais pour organismes",
        "rabais pour les organismes",
        "tarif obnl",
        "tarif osbl",
        "tarif pour obnl",
        "tarif pour les obnl",
        "tarif pour organismes",
        "prix pour obnl",
        "prix obnl",
        "programme pour obnl",
        "offre pour obnl",
        "nonprofit discount",
        "non profit discount",
        "nonprofit pricing",
        "non profit pricing",
        "charity discount",
        "discount for nonprofits",
        "discount for charities",
        "nonprofit plan",
        "nonprofit program",
    ),
    "french": ("en francais", "interface en francais", "in french", "french interface"),
    "english": ("in english", "en anglais", "english interface", "interface anglaise"),
    "proprietary_ok": ("proprietaire", "proprietary", "commercial"),
    "small_team": (
        "petite equipe",
        "petit organisme",
        "petite organisation",
        "small team",
        "small organisation",
        "small organization",
        "small nonprofit",
        "petite coop",
    ),
    "large_team": (
        "grande organisation",
        "grand organisme",
        "large organisation",
        "large organization",
        "centaines d employes",
        "hundreds of employees",
        "plusieurs succursales",
    ),
}
# « pour 5 personnes », « 12 employés », « a team of 8 »: a team size in numbers.
_TEAM_SIZE = re.compile(
    r"\b(\d{1,5})\s+(?:personnes|employes|employees|benevoles|volunteers|membres|members|"
    r"people|staff|utilisateurs|users|salaries|permanents|intervenants|persons)\b"
)
SMALL_TEAM = 15
LARGE_TEAM = 150

Keys = frozenset[str]

# The frame of a request (« je cherche un outil », « looking for an app »): in a message that
# asks for something, these words are the asking, not what it is about.
_FRAME = (
    *("cherche", "cherchons", "cherchez", "chercher", "outil", "outils", "logiciel", "logiciels"),
    *("application", "applications", "appli", "app", "apps", "plateforme", "plateformes"),
    *("solution", "solutions", "tool", "tools", "software", "platform", "platforms", "looking"),
    *("recommander", "recommandez", "suggerer", "suggerez", "recommend", "suggest", "trouver"),
    *("find", "besoin", "need", "want", "veut", "voudrait", "aimerait", "aimerions"),
)
_FRAME_KEYS = frozenset("=" + word for word in _FRAME)


def _keys(word: str) -> Keys:
    """The stems a word can meet others by, in French and in English, and the word itself."""
    return frozenset((stem(word, "fr"), stem(word, "en"), "=" + word))


def _exact(word: str) -> Keys:
    """Only the word itself (off-topic phrases: « tennis » must not meet « tenir »)."""
    return frozenset(("=" + word,))


@dataclass(frozen=True, slots=True)
class _Entry:
    family: int
    words: tuple[str, ...]
    keys: tuple[Keys, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class ToolPreferences:
    """What the need said about tools (free, self-hosted, local, English…)."""

    free: bool = False
    self_hosted: bool = False
    local: bool = False
    english: bool = False
    proprietary_ok: bool = False
    libre: bool = False
    no_install: bool = False
    canada_data: bool = False
    nonprofit_pricing: bool = False
    french: bool = False
    small_team: bool = False
    large_team: bool = False


@dataclass(frozen=True, slots=True)
class FamilyMatch:
    """One family in an answer: its score, why, and its best tools."""

    family: Family
    score: float
    matched: tuple[str, ...]
    tools: tuple[Tool, ...]


@dataclass(frozen=True, slots=True)
class Advice:
    """The advisor's answer to one need."""

    query: str
    matches: tuple[FamilyMatch, ...]
    preferences: ToolPreferences = field(default_factory=ToolPreferences)
    truncated: bool = False
    # "empty" (nothing to read) or "no_match" (nothing fits) when matches is empty.
    reason: str | None = None


class Advisor:
    """Ranks référentiel families for a need; build once, ask many times (no I/O)."""

    def __init__(self, referentiel: Referentiel) -> None:
        self.referentiel = referentiel
        self.families = referentiel.families
        # Labels 0…n-1 are the families, the next ones the off-topic themes.
        self._n_families = len(self.families)
        self._entries: list[_Entry] = []
        # Entries that count only as whole phrases (tool uses, symptoms): everyday words,
        # kept out of word votes and of the typo-correction vocabulary.
        self._phrase_only: set[int] = set()
        # Per stem key: (entry, which word of the entry's phrase) it stands for.
        self._slots: dict[str, list[tuple[int, int]]] = defaultdict(list)
        # Per stem key: which families' vocabularies hold it, and how strongly.
        self._word_weight: dict[str, dict[int, float]] = defaultdict(dict)
        for index, family in enumerate(self.families):
            self._add(index, family.name, W_NAME)
            for example in filter(None, (e.strip() for e in family.examples.split(","))):
                if fold(example) not in ("etc", "etc."):
                    self._add(index, example, W_EXAMPLE)
            for term in family.terms:
                self._add(index, term, W_TERM)
            for product in family.products:
                # Product names are names: « Excel » must not meet « excellent ».
                self._add(index, product, W_PRODUCT, exact=True)
            for hint in family.hints:
                self._add(index, hint, W_HINT)
            for symptom in family.symptoms:
                self._add(index, symptom, W_SYMPTOM, phrase_only=True)
        family_index = {family.name: index for index, family in enumerate(self.families)}
        seen_uses: set[tuple[int, str]] = set()
        for tool in referentiel.tools:
            main = family_index[tool.families[0]]
            for use in tool.uses:
                # One word (« assemblée », « dons ») is too vague to name a family alone.
                if len([w for w in words(use) if w not in STOPWORDS]) < 2:
                    continue
                if (main, fold(use)) not in seen_uses:
                    seen_uses.add((main, fold(use)))
                    self._add(main, use, W_TOOL_USE, phrase_only=True)
        for offset, (_, phrases) in enumerate(referentiel.off_topic):
            for phrase in phrases:
                self._add(self._n_families + offset, phrase, W_OFF_TOPIC, off_topic=True)
        n = self._n_families + len(referentiel.off_topic)
        self._idf = {
            key: math.log(1 + n / len(fams)) / math.log(1 + n)
            for key, fams in self._word_weight.items()
        }
        # Surface words of the families' vocabulary, for typo correction of unknown words
        # (never towards an off-topic word: « Gatineau » is not a misspelt « gâteau »).
        self._vocabulary = sorted(
            {
                w
                for index, entry in enumerate(self._entries)
                if entry.family < self._n_families and index not in self._phrase_only
                for w in entry.words
                if len(w) >= TYPO_MIN_LENGTH - 1
            }
        )
        self._known_keys = set(self._slots)
        self._corrections: dict[str, str | None] = {}  # typo → correction, per process
        self._rule_markers = tuple(_phrase(m) for m in referentiel.rule_markers)
        self._rule_question_markers = tuple(_phrase(m) for m in referentiel.rule_question_markers)
        self._tool_words = tuple(_phrase(m) for m in referentiel.tool_words) + tuple(
            _phrase(name) for tool in referentiel.tools for name in (tool.name, *tool.aliases)
        )
        # The same, split for speed: one-word names are looked up, longer ones searched.
        names = tuple(
            _phrase(name) for tool in referentiel.tools for name in (tool.name, *tool.aliases)
        )
        self._product_single = frozenset(w.strip() for w in names if w.count(" ") == 2)
        self._product_multi = tuple(w for w in names if w.count(" ") > 2)
        self._tool_single = frozenset(w.strip() for w in self._tool_words if w.count(" ") == 2)
        self._tool_multi = tuple(w for w in self._tool_words if w.count(" ") > 2)
        self._news_markers = tuple(_phrase(m) for m in referentiel.news_markers)
        self._praise_markers = tuple(_phrase(m) for m in referentiel.praise_markers)
        self._need_words = tuple(_phrase(m) for m in referentiel.need_words)
        self._bot_markers = tuple(_phrase(m) for m in referentiel.bot_markers)
        self._bot_sure_markers = tuple(_phrase(m) for m in referentiel.bot_sure_markers)
        self._chore_markers = tuple(_phrase(m) for m in referentiel.chore_markers)
        self._request_markers = tuple(_phrase(m) for m in referentiel.request_markers)
        self._person_markers = tuple(_phrase(m) for m in referentiel.person_markers)
        self._unaffordable = tuple(_phrase(m) for m in referentiel.unaffordable_markers)
        # Per stem: the tools whose card holds it, and how much it says (weight × IDF over
        # the cards: a word every card holds says nothing).
        cards = _index_tools(referentiel.tools)
        postings: dict[str, dict[str, float]] = defaultdict(dict)
        for name, weights in cards.items():
            for key, weight in weights.items():
                postings[key][name] = weight
        n_tools = max(1, len(cards))
        self._tool_postings = {
            key: {
                name: weight * math.log(1 + n_tools / len(names)) / math.log(1 + n_tools)
                for name, weight in names.items()
            }
            for key, names in postings.items()
        }
        self._family_tools = {f.name: referentiel.tools_for(f.name) for f in self.families}
        # Per stem: the (main family, tool) pairs whose uses hold it, and its IDF over tools.
        use_postings: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for t_index, tool in enumerate(referentiel.tools):
            main = family_index[tool.families[0]]
            for use in tool.uses:
                for word in words(use):
                    if word in STOPWORDS or len(word) < 3:
                        continue
                    for key in _keys(word):
                        use_postings[key].add((main, t_index))
        self._use_postings = {
            key: (
                math.log(1 + n_tools / len(pairs)) / math.log(1 + n_tools),
                tuple(sorted(pairs)),
            )
            for key, pairs in use_postings.items()
        }
        self._topic, self._linear, self._gate = _train(self, referentiel)

    def _asks_about_rules(self, folded: str, question: bool = False) -> bool:
        """A question about law, taxes or bylaws with no word of a tool in it (`_phrase`d)."""
        markers = self._rule_markers + (self._rule_question_markers if question else ())
        if not any(marker in folded for marker in markers):
            return False
        if not question and any(word in folded for word in self._need_words):
            return False
        return not any(word in folded for word in self._tool_words)

    def _tells_news(self, folded: str) -> bool:
        """News of the day (« le comptable a trouvé une erreur ») with no need word (`_phrase`d).

        A tool's word does not make news a need: « the grant application was approved »,
        « on a reçu le nouveau formulaire » tell what happened."""
        if not any(marker in folded for marker in self._news_markers):
            return False
        return not any(word in folded for word in self._need_words)

    def _praises(self, folded: str) -> bool:
        """Praise or thanks (« bravo pour l'affiche ») that asks for nothing (`_phrase`d): it
        names a family's work (a logo, a newsletter) because it is about that work, done."""
        if not any(marker in folded for marker in self._praise_markers):
            return False
        asks = self._need_words + self._request_markers
        return not any(word in folded for word in asks)

    def _about_someone(self, found: set[str], folded: str) -> bool:
        """A message that names a colleague (« Sylvie a encore oublié son lunch ») and asks
        for nothing: talk among people, read like news (`_phrase`d `folded`)."""
        if found.isdisjoint(first_names()):
            return False
        asks = self._request_markers + self._tool_words
        return not any(marker in folded for marker in asks)

    def _asks_for_a_person(self, folded: str) -> bool:
        """A request for a person to hire or to find (« on cherche un nouveau comptable », « we
        need a volunteer to drive ») with no word of a tool (`_phrase`d): the request's words
        (« on cherche », « we need ») do not make it a need for a tool."""
        if not any(marker in folded for marker in self._person_markers):
            return False
        # « pas de budget pour engager un graphiste »: the work is to be done in-house.
        if any(marker in folded for marker in self._unaffordable):
            return False
        return not any(word in folded for word in self._tool_words)

    def _about_the_bot(self, folded: str) -> bool:
        """A message about the bot itself with no need word (`_phrase`d), or one that asks the
        bot who it is or answers its last advice (« qui t'a créé? », « how do you decide what to
        recommend? », « l'outil que tu m'as suggéré ») without speaking of « we »."""
        sure = [m for m in self._bot_sure_markers if m in folded]
        if sure:
            # « tu nous as suggéré » speaks of « us » as the bot's audience, not as the
            # organisation telling a need: the marker's own words do not count.
            rest = folded
            for marker in sure:
                rest = rest.replace(marker, " ")
            if _WE.isdisjoint(rest.split()):
                return True
        if not any(marker in folded for marker in self._bot_markers):
            return False
        return not any(word in folded for word in self._need_words)

    def tool_fit(self, need: str, tools: tuple[Tool, ...]) -> dict[str, float]:
        """How well each tool's card (name, uses, description) matches the words of `need`."""
        return self._fit(self._query_tokens(need[:MAX_NEED_LENGTH]), tools)

    def _fit(
        self, tokens: list[tuple[str, Keys, bool]], tools: tuple[Tool, ...]
    ) -> dict[str, float]:
        wanted = {tool.name for tool in tools}
        fits = dict.fromkeys(wanted, 0.0)
        for keys in dict.fromkeys(keys for _, keys, stop in tokens if not stop):
            best: dict[str, float] = {}
            for key in keys:
                for name, value in self._tool_postings.get(key, {}).items():
                    if name in wanted and value > best.get(name, 0.0):
                        best[name] = value
            for name, value in best.items():
                fits[name] += value
        return fits

    def _tool_evidence(self, tokens: list[tuple[str, Keys, bool]]) -> dict[int, float]:
        """Per family: how well the uses of its best-matching tool match the need's words."""
        per_tool: dict[tuple[int, int], float] = defaultdict(float)
        count: dict[tuple[int, int], int] = defaultdict(int)
        for keys in dict.fromkeys(keys for _, keys, stop in tokens if not stop):
            best: dict[tuple[int, int], float] = {}
            for key in keys:
                found = self._use_postings.get(key)
                if found is None:
                    continue
                idf, pairs = found
                for pair in pairs:
                    if idf > best.get(pair, 0.0):
                        best[pair] = idf
            for pair, value in best.items():
                per_tool[pair] += value
                count[pair] += 1
        evidence: dict[int, float] = {}
        for pair, value in per_tool.items():
            if count[pair] >= TOOL_EVIDENCE_MIN_WORDS:
                evidence[pair[0]] = max(evidence.get(pair[0], 0.0), value)
        return evidence

    def _with_tool_evidence(
        self,
        ranked: list[tuple[int, float, tuple[str, ...]]],
        tokens: list[tuple[str, Keys, bool]],
    ) -> list[tuple[int, float, tuple[str, ...]]]:
        """`ranked` with each family's tool-use evidence added, best first again."""
        evidence = self._tool_evidence(tokens)
        if not evidence:
            return ranked
        scores = {index: (value, matched) for index, value, matched in ranked}
        for index, value in evidence.items():
            old, matched = scores.get(index, (0.0, ()))
            scores[index] = (old + W_TOOL_EVIDENCE * value, matched)
        return sorted(
            ((index, value, matched) for index, (value, matched) in scores.items()),
            key=lambda item: (-item[1], item[0]),
        )

    def _add(
        self,
        family: int,
        phrase: str,
        weight: float,
        *,
        exact: bool = False,
        off_topic: bool = False,
        phrase_only: bool = False,
    ) -> None:
        """Index a phrase; `exact` compares whole words, not stems (names, off-topic)."""
        every = tuple(words(phrase))
        # A lone off-topic word is compared whole (« tennis » must not meet « tenir »); in a
        # phrase, stems are safe and catch « perdu les clés » for « clés perdues ».
        exact = exact or (off_topic and len(every) == 1)
        # « qui fait quoi » is all function words: then they are the phrase. Off-topic
        # phrases keep theirs (« quelle heure est-il » is not just « heure »).
        tokens = every if off_topic else tuple(w for w in every if w not in STOPWORDS) or every
        if not tokens or (phrase_only and len(tokens) < 2):
            return  # a phrase-only entry of one word would be a word vote after all
        entry = _Entry(
            family, tokens, tuple((_exact if exact else _keys)(w) for w in tokens), weight
        )
        entry_id = len(self._entries)
        self._entries.append(entry)
        if phrase_only:
            self._phrase_only.add(entry_id)
        for slot, keyset in enumerate(entry.keys):
            for key in keyset:
                self._slots[key].append((entry_id, slot))
                if off_topic or phrase_only:
                    continue  # off-topic themes need their whole phrase, never one word
                # Single-word entries speak louder for their word than words in a phrase.
                strength = weight if len(tokens) == 1 else weight * 0.6
                current = self._word_weight[key].get(family, 0.0)
                self._word_weight[key][family] = max(current, strength)

    # ------------------------------------------------------------------ query side
    def _query_tokens(self, need: str) -> list[tuple[str, Keys, bool]]:
        """(word as shown, stems, is a stop word) for each word of the need.

        Abbreviations are read in full (« CA » → conseil d'administration) but shown as typed.
        """
        tokens: list[tuple[str, Keys, bool]] = []
        for piece, typed in _expand(need):
            # Folded word → the word as written, accents and all, to show back.
            written = {fold(w): w for w in _SURFACE.findall(piece.casefold())}
            for word in words(piece):
                shown = typed or written.get(word, word)
                if len(word) > 40:
                    continue
                if word in STOPWORDS:
                    tokens.append((shown, _keys(word), True))
                    continue
                keys = _keys(word)
                if not keys & self._known_keys and len(word) >= TYPO_MIN_LENGTH and word.isalpha():
                    corrected = self._correct(word)
                    if corrected:
                        keys = _keys(corrected)
                tokens.append((shown, keys, False))
        return tokens

    def _correct(self, word: str) -> str | None:
        """The vocabulary word this one is a typo of, if one is close enough."""
        if word in self._corrections:
            return self._corrections[word]
        if len(self._corrections) > 4096:
            self._corrections.clear()
        self._corrections[word] = corrected = self._find_correction(word)
        return corrected

    def _find_correction(self, word: str) -> str | None:
        found = process.extractOne(
            word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SIMILARITY
        )
        if found is None:
            return None
        candidate = found[0]
        # Typos keep the first letter and the length give or take a letter; further than
        # that, a real word (« ville », « Montréal ») was taken for a typo of another.
        if candidate[0] != word[0] or abs(len(candidate) - len(word)) > TYPO_MAX_LENGTH_GAP:
            return None
        return candidate

    def score(self, need: str) -> list[tuple[int, float, tuple[str, ...]]]:
        """(family index, score, matched words) for every family with evidence, best first."""
        return self._score(self._query_tokens(need))

    def _score(
        self, tokens: list[tuple[str, Keys, bool]]
    ) -> list[tuple[int, float, tuple[str, ...]]]:
        if all(stop for _, _, stop in tokens):
            return []
        positions: dict[str, list[int]] = defaultdict(list)
        for pos, (_, keys, _) in enumerate(tokens):
            for key in keys:
                positions[key].append(pos)

        # Phrase evidence, per family: (score, query positions used). First count which
        # words of each phrase the need holds; only phrases (nearly) whole go further.
        slots: dict[int, set[int]] = defaultdict(set)
        for key in positions:
            for entry_id, slot in self._slots.get(key, ()):
                slots[entry_id].add(slot)
        found: dict[int, list[tuple[float, frozenset[int]]]] = defaultdict(list)
        for entry_id, hit in slots.items():
            entry = self._entries[entry_id]
            n = len(entry.keys)
            matched = len(hit)
            if matched == n:
                value = entry.weight * (1 + 0.6 * (n - 1))
            elif n >= 3 and matched == n - 1:
                # A long phrase missing one word still says something, much less.
                value = entry.weight * (matched / n) ** 2 * (1 + 0.6 * (matched - 1)) * 0.5
            else:
                continue
            used = frozenset(
                p for slot in hit for key in entry.keys[slot] for p in positions.get(key, ())
            )
            found[entry.family].append((value, used))

        scores: dict[int, float] = defaultdict(float)
        why: dict[int, set[int]] = defaultdict(set)
        for family, items in found.items():
            covered: set[int] = set()
            total = 0.0
            for value, used in sorted(items, key=lambda item: -item[0]):
                new = used - covered
                total += value * (len(new) / len(used)) if new else value * 0.1
                covered |= used
            scores[family] = total
            why[family] |= covered

        # Word evidence: rare words vote for the families that own them. A need told by its
        # problem (no phrase of any family nearly whole in it) is read by the learned models
        # better than by the everyday words it shares with some family's vocabulary.
        phrases_best = max((v for f, v in scores.items() if f < self._n_families), default=0.0)
        word_factor = WORD_EVIDENCE if phrases_best >= WEAK_PHRASES else WEAK_WORD_EVIDENCE
        for pos, (_, keys, stop) in enumerate(tokens):
            if stop:
                continue
            best: dict[int, float] = {}
            for key in keys:
                idf = self._idf.get(key)
                if idf is None:
                    continue
                for family, strength in self._word_weight[key].items():
                    best[family] = max(best.get(family, 0.0), idf * strength)
            for family, value in best.items():
                scores[family] += word_factor * value
                why[family].add(pos)

        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [
            (family, value, tuple(dict.fromkeys(tokens[p][0] for p in sorted(why[family]))))
            for family, value in ranked
        ]

    def advise(self, need: str, top: int = 3) -> Advice:
        """The best `top` families for `need` with their tools; empty when nothing fits."""
        truncated = len(need) > MAX_NEED_LENGTH
        text = need[:MAX_NEED_LENGTH]
        plain = words(text)
        if not plain:
            return Advice(need, (), _preferences(" "), truncated, "empty")
        folded = " " + " ".join(plain) + " "
        preferences = _preferences(folded)
        tokens = self._query_tokens(text)
        ranked = self._score(tokens)
        off_topic = max((v for i, v, _ in ranked if i >= self._n_families), default=0.0)
        ranked = [r for r in ranked if r[0] < self._n_families]
        if W_TOOL_EVIDENCE:
            ranked = self._with_tool_evidence(ranked, tokens)
        # Phrase evidence alone: a need that names what it wants passes a looser gate.
        named = ranked[0][1] if ranked else 0.0
        request = any(marker in folded for marker in self._request_markers)
        # A chore told as a statement asks for a way out (« je passe mes soirées à recopier les
        # fiches »); asked (« …laquelle me conseilles-tu? ») it is a question like any other.
        chore = "?" not in text and any(marker in folded for marker in self._chore_markers)
        request = request or chore
        ranked, plain_best = self._with_topic(ranked, tokens, named, request)
        intent = self._intent(text)
        is_need = self._gate.probability(intent)
        # A question naming a catalog tool (« Stripe or Square for our café? ») asks for one.
        # So does one asking for a kind of software (« a simple accounting software for a
        # small non-profit? », « quelle appli de paie…? »): its noun says a tool is wanted.
        request = request or (
            "?" in text and (self._names_product(text) or not _TOOL_NOUNS.isdisjoint(plain))
        )
        if not ranked:
            return Advice(need, (), preferences, truncated, "no_match")
        best = plain_best
        found = set(plain)
        content = [shown for shown, _, stop in tokens if not stop]
        organisation = bool(found & _ORGANISATION)
        # « je passe mes soirées à recopier… »: the chore's « mes » is the job's time.
        personal = found & _PERSONAL and not found & _WE and not chore
        if not organisation and (found & _PRIVATE_LIFE or personal):
            best *= PERSONAL_FACTOR
        organisation = organisation or bool(found & _WE)
        # « le match de soccer de nos jeunes » is the organisation's: sport must then win outright.
        ratio = 1.0 if organisation else OFF_TOPIC_RATIO
        # The gate reads news better than markers do; they still count when it hesitates.
        news = is_need < GATE_SURE and (
            self._tells_news(folded) or self._about_someone(found, folded)
        )
        # Praise reads like a need to the gate when it names the work (« le nouveau logo »):
        # its markers count however sure the gate is.
        news = news or self._praises(folded)
        if news:
            best /= NEWS_FACTOR
        # News that names a family (« le comptable a trouvé une erreur dans les états
        # financiers ») is still news: it passes only the gate a need told in words does.
        strong = named >= STRONG and not news
        # A clear request for what a family names (« how can we run a survey? ») is a need
        # even when its style is one the gate learned from questions about rules (most of its
        # questions are: « ? » weighs against a need).
        if request and not news and named >= REQUEST_NAMED:
            is_need = max(is_need, GATE_STRONG if strong else GATE_MIN)
        if (
            best < THRESHOLD
            or is_need < (GATE_STRONG if strong else GATE_MIN)
            or (not strong and best * is_need < NEED_SCORE)
            or off_topic >= ratio * best
            or self._asks_about_rules(folded, "?" in text)
            or self._about_the_bot(folded)
            or self._asks_for_a_person(folded)
            or (len(set(content)) == 1 and named < ONE_WORD_NAMED)
            or (
                len(plain) <= TERSE_WORDS
                and named < ONE_WORD_NAMED
                and not found.isdisjoint(_NOT)
                and not found.isdisjoint(_JUDGEMENT)
            )
        ):
            return Advice(need, (), preferences, truncated, "no_match")
        matches = []
        for index, value, matched in ranked[: max(0, top)]:
            if value < max(THRESHOLD * 0.25, best * RELATIVE):
                continue
            tools = self._family_tools[self.families[index].name]
            ranked_tools = rank_tools(tools, preferences, self._fit(tokens, tools))
            matches.append(
                FamilyMatch(
                    family=self.families[index],
                    score=round(value, 3),
                    matched=matched,
                    tools=shown_order(ranked_tools),
                )
            )
        return Advice(need, tuple(matches), preferences, truncated)

    def _learned_reasons(self, content: list[tuple[str, Keys]], index: int) -> tuple[str, ...]:
        """The words of a need that spoke for a family in the learned model, as typed."""
        bonus = self._topic.bonus
        leaning: dict[str, float] = {}
        for shown, keys in content:
            value = max((bonus.get(k, {}).get(index, 0.0) for k in keys), default=0.0)
            if value > 0:
                leaning[shown] = max(leaning.get(shown, 0.0), value)
        return _strongest(leaning)

    def _names_product(self, text: str) -> bool:
        """Whether `text` names a catalog tool (not a generic word like « app »)."""
        expanded = _expanded_words(text)
        spaced = " " + " ".join(expanded) + " "
        return not self._product_single.isdisjoint(expanded) or any(
            phrase in spaced for phrase in self._product_multi
        )

    def _intent(self, text: str, training: bool = False) -> frozenset[str]:
        """What the gate reads of a message (`learned.intent_features`)."""
        expanded = _expanded_words(text)
        spaced = " " + " ".join(expanded) + " "
        tool = not self._tool_single.isdisjoint(expanded) or any(
            phrase in spaced for phrase in self._tool_multi
        )
        question = "?" in text
        for phrase in _HOW_TO:
            if phrase in spaced:
                # « how do we… ? » asks how to do the work: read as « we need to… ». Its « ? »
                # and its « do we » (« do we need to file…? ») teach the gate questions of rules.
                spaced = spaced.replace(phrase, " howto ")
                expanded = spaced.split()
                question = question and training
        return intent_features(expanded, question, tool)

    def _with_topic(
        self,
        ranked: list[tuple[int, float, tuple[str, ...]]],
        tokens: list[tuple[str, Keys, bool]],
        named: float,
        request: bool = False,
    ) -> tuple[list[tuple[int, float, tuple[str, ...]]], float]:
        """`ranked` with each family's learned probability added, best first again, and the
        best score without the confident lean.

        `named` is the best phrase evidence: a need that names nothing leans on what was
        learned more."""
        weight = TOPIC_WEIGHT if named >= STRONG else WEAK_TOPIC_WEIGHT
        content = [(shown, keys) for shown, keys, stop in tokens if not stop]
        if request:
            # In a request (« je cherche un outil pour… »), its frame says nothing of the topic.
            content = [(shown, keys) for shown, keys in content if keys.isdisjoint(_FRAME_KEYS)]
        # The word as read (typos corrected) is the key marked « = ».
        features = topic_features(k[1:] for _, keys in content for k in keys if k[0] == "=")
        if not features:
            return ranked, ranked[0][1] if ranked else 0.0
        bayes = self._topic.posterior(features, TOPIC_TEMPERATURE)
        linear = self._linear.posterior(features, LINEAR_TEMPERATURE)
        posterior = [
            (1 - LINEAR_SHARE) * b + LINEAR_SHARE * p for b, p in zip(bayes, linear, strict=True)
        ]
        scores = {index: (value, matched) for index, value, matched in ranked}
        # The best score without the confident lean below: whether to answer at all is
        # decided on it, so that a sure topic does not make a non-need look like one.
        plain = [value for _, value, _ in ranked]
        for index, probability in enumerate(posterior):
            if probability < TOPIC_MIN:
                continue
            value, matched = scores.get(index, (0.0, ()))
            if not matched:
                matched = self._learned_reasons(content, index)
            # A learned family the models are sure of outweighs everyday words that happen to
            # be some family's phrase (« points de service », « où sont nos membres »).
            sure = probability >= CONFIDENT and named < CONFIDENT_NAMED
            lean = max(weight, CONFIDENT_WEIGHT) if sure else weight
            scores[index] = (value + lean * probability, matched)
            plain.append(value + weight * probability)
        ordered = sorted(
            ((index, value, matched) for index, (value, matched) in scores.items()),
            key=lambda item: (-item[1], item[0]),
        )
        return ordered, max(plain, default=0.0)


def _strongest(leaning: dict[str, float]) -> tuple[str, ...]:
    """The words that lean at least TOPIC_SHOWN towards a family, else the one that leans most."""
    strong = tuple(word for word, value in leaning.items() if value >= TOPIC_SHOWN)
    if strong or not leaning:
        return strong
    return (max(leaning, key=leaning.__getitem__),)


def _expanded_words(text: str) -> list[str]:
    """Folded words of `text`, abbreviations in full (« CA » → conseil d'administration)."""
    return words(" ".join(piece for piece, _ in _expand(text)))


def _phrase(text: str) -> str:
    """Folded words between spaces, to look for a phrase by whole words: « ␣tps␣ »."""
    return " " + " ".join(words(text)) + " "


def _index_tools(tools: tuple[Tool, ...]) -> dict[str, dict[str, float]]:
    """Per tool, the stems of its card and how much each says about what it is for."""
    index: dict[str, dict[str, float]] = {}
    for tool in tools:
        weights: dict[str, float] = {}
        parts = (
            (FIT_NAME, (tool.name, *tool.aliases)),
            (FIT_USE, tool.uses),
            (FIT_DESCRIPTION, (tool.description_fr, tool.description_en)),
        )
        for weight, texts in parts:
            for text in texts:
                for word in words(text):
                    if word in STOPWORDS or len(word) < 2:
                        continue
                    for key in _keys(word):
                        weights[key] = max(weights.get(key, 0.0), weight)
        index[tool.name] = weights
    return index


def _expand(need: str) -> list[tuple[str, str | None]]:
    """The need in pieces: plain text, and abbreviations in full with how they were typed."""
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for match in _ABBREVIATION.finditer(need):
        typed = match.group(0)
        pieces.append((need[last : match.start()], None))
        pieces.append((_EXPANSIONS[typed.replace(".", "")], typed))
        last = match.end()
    pieces.append((need[last:], None))
    return pieces


_FOLDED_PREFERENCES = {
    name: tuple(f" {fold(p).replace('-', ' ')} " for p in phrases)
    for name, phrases in _PREFERENCES.items()
}


def _preferences(text: str) -> ToolPreferences:
    """What the need says about tools; `text` is its folded words between spaces."""
    flags = {name: any(p in text for p in phrases) for name, phrases in _FOLDED_PREFERENCES.items()}
    for size in _TEAM_SIZE.findall(text):
        flags["small_team"] |= int(size) <= SMALL_TEAM
        flags["large_team"] |= int(size) >= LARGE_TEAM
    # « hébergé au Canada » is about where data lives; a need saying only that is not also
    # asking for a company from here, and « libre » in « logiciel libre » is not « free ».
    if flags["self_hosted"]:
        flags["no_install"] = False
    return ToolPreferences(**flags)


_COST_ORDER = {"gratuit": 0, "tarif_osbl": 1, "freemium": 2, "payant": 3}
# How much each part of a tool's card says about what it is for.
FIT_NAME = 1.5
FIT_USE = 1.0
FIT_DESCRIPTION = 0.35
# A fit under this is noise (one common word of a description), not a fit.
FIT_MIN = 0.35
# Fit tiers relative to the best-fitting tool of the family: (share of best, tier).
_FIT_TIERS = ((0.75, 3.0), (0.45, 2.0), (0.0, 1.0))
# What each unmet constraint of the need costs a tool, in fit tiers.
# A requirement the need states outright (free, nothing to install, own server, data in
# Canada, French) outweighs the gap between the best fit tier and the weakest: a tool that
# fits a little and meets it comes before the best-fitting one that does not.
_VIOLATION = {
    "free": 2.5,
    "no_install": 2.5,
    "self_hosted": 2.5,
    "canada_data": 2.5,
    "french": 2.5,
    "libre": 1.5,
    "nonprofit_pricing": 1.0,
    "team": 1.0,
    "local": 0.75,
}


def _violations(tool: Tool, prefs: ToolPreferences) -> float:
    """How badly a tool misses what the need asked for (0: it meets every constraint)."""
    cost = 0.0
    if prefs.free and tool.cost not in ("gratuit", "tarif_osbl"):
        # A free plan is a partial answer to « gratuit »; a paid tool is not one.
        cost += _VIOLATION["free"] * (0.4 if tool.cost == "freemium" else 1.0)
    if prefs.no_install and tool.hosting == "auto_heberge":
        cost += _VIOLATION["no_install"]
    if prefs.self_hosted and tool.hosting == "infonuagique":
        cost += _VIOLATION["self_hosted"]
    if prefs.canada_data and tool.data_canada is not True and tool.hosting == "infonuagique":
        # Unknown counts against: the need made it a requirement (Loi 25).
        cost += _VIOLATION["canada_data"] * (1.0 if tool.data_canada is False else 0.7)
    if prefs.nonprofit_pricing and tool.cost == "payant":
        # « avec un rabais pour OBNL »: a free plan or a non-profit rate answers it.
        cost += _VIOLATION["nonprofit_pricing"]
    if prefs.french and not tool.french_ui:
        cost += _VIOLATION["french"]
    if prefs.libre and not tool.libre:
        cost += _VIOLATION["libre"]
    if (prefs.small_team and tool.team == "grande") or (prefs.large_team and tool.team == "petite"):
        cost += _VIOLATION["team"]
    if prefs.local and not tool.quebec_canada:
        cost += _VIOLATION["local"]
    return cost


def _tier(fit: float, best: float) -> float:
    if fit < FIT_MIN or best <= 0:
        return 0.0
    share = fit / best
    return next(tier for floor, tier in _FIT_TIERS if share >= floor)


def rank_tools(
    tools: tuple[Tool, ...],
    prefs: ToolPreferences,
    fit: dict[str, float] | None = None,
) -> tuple[Tool, ...]:
    """Tools in the order to recommend them: those that fit the need and its constraints first.

    `fit` says how well each tool (by name) matches the words of the need. A tool that fits
    and meets the need's constraints (free, nothing to install, data in Canada, French, team
    size…) comes first; among tools that fit equally, libre and French first unless the need
    says else, then tools usable without installing anything (unless the need asks for
    self-hosting), then tools made in Québec or Canada, then the cheapest.
    """
    fit = fit or {}
    best = max(fit.values(), default=0.0)

    def key(item: tuple[int, Tool]) -> tuple[float, ...]:
        position, tool = item
        installs_only = tool.hosting == "auto_heberge"
        return (
            -(_tier(fit.get(tool.name, 0.0), best) - _violations(tool, prefs)),
            0 if tool.libre or prefs.proprietary_ok else 1,
            0 if tool.french_ui or prefs.english else 1,
            1 if installs_only and not prefs.self_hosted else 0,
            0 if tool.quebec_canada else 1,
            _COST_ORDER.get(tool.cost, 4),
            position,
        )

    return tuple(tool for _, tool in sorted(enumerate(tools), key=key))


def shortlist(tools: tuple[Tool, ...], size: int = 3) -> tuple[Tool, ...]:
    """The first `size` tools, one of them usable without installing anything if any is.

    A volunteer with no server must always see at least one option they can start today.
    """
    chosen = list(tools[:size])
    if chosen and all(t.hosting == "auto_heberge" for t in chosen):
        ready = next((t for t in tools[size:] if t.hosting != "auto_heberge"), None)
        if ready is not None:
            chosen[-1] = ready
    return tuple(chosen)


def shown_order(tools: tuple[Tool, ...], size: int = 3) -> tuple[Tool, ...]:
    """All tools, the shortlist of `size` first, then the others in rank order."""
    short = shortlist(tools, size)
    chosen = {id(t) for t in short}  # identity: comparing every field of each tool is slow
    return short + tuple(t for t in tools if id(t) not in chosen)


@cache
def default_advisor() -> Advisor:
    """The advisor over the shipped référentiel (built once, then read from the cache)."""
    from bot.core.advisor.index_cache import cached
    from bot.core.advisor.referentiel import TOOL_FILES

    return cached("advisor", TOOL_FILES, lambda: Advisor(load()))


def _train(advisor: Advisor, referentiel: Referentiel) -> tuple[NaiveBayes, Perceptron, Gate]:
    """The topic model (which family) and the gate (a need or not), from our own words."""
    families = referentiel.families
    index = {family.name: i for i, family in enumerate(families)}
    needs, requests, non_needs = load_training()
    topic_docs: list[tuple[int, tuple[str, ...], float]] = []
    gate_docs: list[tuple[bool, tuple[str, ...], float]] = []

    def topic(label: int, text: str, weight: float) -> None:
        features = topic_features(_expanded_words(text))
        if features and weight > 0:
            # Sorted: sums of floats in one fixed order, so a build never depends on the
            # process's hash seed (a near tie would otherwise go either way).
            topic_docs.append((label, tuple(sorted(features)), weight))

    def gate(label: bool, text: str, weight: float) -> None:
        gate_docs.append((label, tuple(sorted(advisor._intent(text, training=True))), weight))

    for i, family in enumerate(families):
        topic(i, f"{family.name} {family.examples}", 1.0)
        topic(i, family.description_fr, 1.0)
        topic(i, family.description_en, 1.0)
        for term in family.terms:
            topic(i, term, W_LEARN_TERM)
        for hint in family.hints:
            topic(i, hint, W_LEARN_HINT)
        for symptom in family.symptoms:
            topic(i, symptom, W_LEARN_SYMPTOM)
            gate(True, symptom, GATE_SYMPTOM_WEIGHT)
        for term in family.terms:
            gate(True, term, GATE_TERM_WEIGHT)
    for tool in referentiel.tools:
        main = index[tool.families[0]]
        for use in tool.uses:
            topic(main, use, W_LEARN_USE)
        topic(main, tool.description_fr, W_LEARN_TOOL)
        topic(main, tool.description_en, W_LEARN_TOOL)
    for name, examples in needs:
        for example in examples:
            topic(index[name], example, W_LEARN_EXAMPLE)
            gate(True, example, 1.0)
    for request in requests:
        gate(True, request, 1.0)
    for message in non_needs:
        gate(False, message, 1.0)
    for _, phrases in referentiel.off_topic:
        for phrase in phrases:
            gate(False, phrase, 0.3)
    for marker in (*referentiel.rule_markers, *referentiel.news_markers):
        gate(False, marker, GATE_MARKER_WEIGHT)
    return (
        NaiveBayes(topic_docs, len(families), NB_ALPHA),
        averaged_perceptron([Perceptron(topic_docs, len(families), seed=s) for s in MODEL_SEEDS]),
        averaged_gate(
            [Gate(gate_docs, l2=GATE_L2, epochs=GATE_EPOCHS, seed=s) for s in MODEL_SEEDS]
        ),
    )
