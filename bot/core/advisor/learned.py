"""Models learned at build time from our own words: which family a need is about, and
whether a message is a need for a digital tool at all.

Phrases (the families' vocabulary in `engine.py`) catch needs that name what they want. A need
told only by its problem (« les gens du CA habitent loin ») shares no phrase with any family;
what it shares are everyday words (« loin », « habitent », « déplacer ») that lean towards a
family without naming it. Two small models weigh such words from examples written for the
purpose (`bot/data/apprentissage.toml`), the families' descriptions and their vocabulary:

* `NaiveBayes`: a multinomial naive Bayes over word stems, with additive smoothing, that gives
  each family a probability (tempered: naive Bayes is over-confident);
* `Gate`: a logistic regression over stems, function words and word pairs that says how likely
  a message is a need for a digital tool rather than news, a rule question, a joke or thanks.
  Function words carry that signal (« on n'arrive pas à », « est-ce que … doit », « a été »).

Both are trained when the advisor's index is built (a fraction of a second, then kept in the
index cache): nothing is downloaded, and no third-party model is shipped.
"""

from __future__ import annotations

import math
import random
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from bot.core.text import STOPWORDS, words
from bot.core.text import stem as _snowball

Features = frozenset[str]
# Training examples give their features sorted (see `engine._train`).
Sorted = tuple[str, ...]
TRAINING_FILE = "apprentissage.toml"
# Whether the topic models read synonym groups (`synonym_groups`).
SYNONYMS = True
GATE_SYNONYMS = True
# Words whose Snowball stem is another word's: « paie » (payroll) and « paiement » (payment)
# both give « pai », so a payroll need met the payment tools; « par la poste » (mail) met
# « posts » on social media. These keep a stem of their own.
OWN_STEMS = {"paie": "paie", "paies": "paie", "poste": "poste", "postes": "poste"}


def stem(word: str, lang: str = "fr") -> str:
    """Snowball stem of a folded word, except the words that keep their own (`OWN_STEMS`)."""
    return OWN_STEMS.get(word) or _snowball(word, lang)


def load_training() -> tuple[list[tuple[str, list[str]]], list[str], list[str]]:
    """Our own examples: (family name, needs told by their problem), requests that name a
    tool, and messages that are not needs."""
    raw = resources.files("bot.data").joinpath(TRAINING_FILE).read_bytes()
    data = tomllib.loads(raw.decode())
    needs = [(f["nom"], list(f["besoins"])) for f in data.get("famille", ())]
    requests = list(data.get("demandes", {}).get("messages", ()))
    return needs, requests, list(data.get("non_besoins", {}).get("messages", ()))


@cache
def synonym_groups() -> dict[str, str]:
    """Per folded word and per stem (French, English): the synonym group it belongs to."""
    raw = resources.files("bot.data").joinpath(TRAINING_FILE).read_bytes()
    data = tomllib.loads(raw.decode())
    groups: dict[str, str] = {}
    for number, group in enumerate(data.get("synonymes", {}).get("groupes", ())):
        for entry in group:
            for word in words(entry):
                for key in (word, stem(word, "fr"), stem(word, "en")):
                    groups.setdefault(key, f"~{number}")
    return groups


def topic_features(tokens: Iterable[str]) -> Features:
    """Stems (French and English) of the content words of folded `tokens`, and the synonym
    group of each word that has one (`synonym_groups`).

    (Pairs of neighbouring words were tried: with this little data they made it worse.)
    """
    groups = synonym_groups() if SYNONYMS else {}
    out: set[str] = set()
    for word in tokens:
        if word.isdigit() or len(word) < 2:
            continue
        group = groups.get(word)
        if word in STOPWORDS:
            if group:
                out.add(group)
            continue
        fr, en = stem(word, "fr"), stem(word, "en")
        out.add(fr)
        out.add(en)
        group = group or groups.get(fr) or groups.get(en)
        if group:
            out.add(group)
    return frozenset(out)


# Words that place a message on the calendar (« jeudi », « demain », « à 19 h »): meeting
# logistics and news say when; a need says what is wrong or wanted. The gate weighs them
# together as one mark, learned from examples of both.
_WHEN = frozenset(
    """
    lundi mardi mercredi jeudi vendredi samedi dimanche demain hier soir matin
    monday tuesday wednesday thursday friday saturday sunday tomorrow tonight yesterday
    prochain prochaine next janvier fevrier mars avril mai juin juillet aout septembre octobre
    novembre decembre january february march april june july august september october
    november december
    """.split()
)


@cache
def first_names() -> frozenset[str]:
    """Folded first names (`hors_sujet.toml`, [prenoms]): the gate's @name mark."""
    raw = resources.files("bot.data").joinpath("hors_sujet.toml").read_bytes()
    data = tomllib.loads(raw.decode())
    return frozenset(w for name in data.get("prenoms", {}).get("noms", ()) for w in words(name))


def intent_features(tokens: Sequence[str], question: bool, tool: bool) -> Features:
    """Every word's stem, function words included, pairs of neighbouring words, and marks for
    a question and for a word of a tool: what tells a need from news, thanks or a question
    about rules. The first and last words are marked too (« merci … », « … ? »); our examples
    start both ways (« la … », « on … », « nos … ») so that their style is not what is learned."""
    out: set[str] = {"?"} if question else set()
    if tool:
        out.add("@tool")
    groups = synonym_groups() if GATE_SYNONYMS else {}
    names = first_names()
    previous = "^"
    for word in tokens:
        if word in _WHEN or (word == "h" and previous == "#"):
            out.add("@when")
        elif word.isdigit() and previous == "le":
            out.add("@when")  # « le 12 »: a date
        if word in names:
            out.add("@name")
        token = "#" if word.isdigit() else stem(word, "fr")
        out.add(token)
        group = groups.get(word) or groups.get(token)
        if group:
            out.add(group)
        out.add(previous + "_" + token)
        previous = token
    out.add(previous + "_$")
    return frozenset(out)


class NaiveBayes:
    """Multinomial naive Bayes over feature sets, uniform prior, additive smoothing."""

    def __init__(
        self, docs: Sequence[tuple[int, Sorted, float]], n_labels: int, alpha: float
    ) -> None:
        counts: list[Counter[str]] = [Counter() for _ in range(n_labels)]
        for label, features, weight in docs:
            for feature in features:
                counts[label][feature] += weight
        vocabulary = {f for c in counts for f in c}
        size = len(vocabulary)
        totals = [sum(c.values()) for c in counts]
        # log p(w|f) = base[f] + bonus[w][f]; a word never seen with f keeps only base[f].
        self.base = [math.log(alpha / (totals[f] + alpha * size)) for f in range(n_labels)]
        self.bonus: dict[str, dict[int, float]] = defaultdict(dict)
        for label, counter in enumerate(counts):
            for feature, count in counter.items():
                self.bonus[feature][label] = math.log((count + alpha) / alpha)
        self.bonus = dict(self.bonus)
        self.n_labels = n_labels

    def posterior(self, features: Features, temperature: float) -> list[float]:
        """p(label | features), all labels; uniform when no feature is known."""
        known = [f for f in sorted(features) if f in self.bonus]
        logs = [b * len(known) for b in self.base]
        for feature in known:
            for label, value in self.bonus[feature].items():
                logs[label] += value
        top = max(logs)
        exps = [math.exp((v - top) / temperature) for v in logs]
        total = sum(exps)
        return [e / total for e in exps]


class Gate:
    """Logistic regression: the probability that a message is a need for a digital tool."""

    def __init__(
        self,
        docs: Sequence[tuple[bool, Sorted, float]],
        *,
        epochs: int = 25,
        rate: float = 0.2,
        l2: float = 1e-4,
        seed: int = 8,
    ) -> None:
        positives = sum(w for label, _, w in docs if label) or 1.0
        negatives = sum(w for label, _, w in docs if not label) or 1.0
        total = positives + negatives
        # Both classes weigh the same in total, however many examples each has.
        balance = {True: total / (2 * positives), False: total / (2 * negatives)}
        self.weights: dict[str, float] = defaultdict(float)
        self.bias = 0.0
        order = list(docs)
        rng = random.Random(seed)  # a fixed seed: the same data always builds the same gate
        for epoch in range(epochs):
            rng.shuffle(order)
            step = rate / (1 + epoch * 0.2)
            for label, features, weight in order:
                p = self._probability(features)
                gradient = (p - (1.0 if label else 0.0)) * weight * balance[label]
                self.bias -= step * gradient
                for feature in features:
                    current = self.weights[feature]
                    self.weights[feature] = current - step * (gradient + l2 * current)
        self.weights = {f: w for f, w in self.weights.items() if abs(w) > 1e-3}

    def _probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, features: Features) -> float:
        """p(the message is a need for a digital tool)."""
        return self._probability(sorted(features))


class Perceptron:
    """Averaged multi-class perceptron: weights that tell families apart (discriminative, where
    naive Bayes only counts), learned in a few passes over the same examples."""

    def __init__(
        self,
        docs: Sequence[tuple[int, Sorted, float]],
        n_labels: int,
        *,
        epochs: int = 5,
        margin: float = 1.0,
        seed: int = 8,
    ) -> None:
        weights: dict[str, dict[int, float]] = {}
        # Averaging without touching every weight at each step: keep each weight's running
        # total and the step it was last updated at.
        totals: dict[tuple[str, int], float] = {}
        stamps: dict[tuple[str, int], int] = {}
        step = 1

        def update(feature: str, label: int, delta: float) -> None:
            row = weights.setdefault(feature, {})
            key = (feature, label)
            totals[key] = totals.get(key, 0.0) + (step - stamps.get(key, 0)) * row.get(label, 0.0)
            stamps[key] = step
            row[label] = row.get(label, 0.0) + delta

        order = list(docs)
        rng = random.Random(seed)  # a fixed seed: the same data always builds the same model
        for _ in range(epochs):
            rng.shuffle(order)
            for label, features, weight in order:
                scores = [0.0] * n_labels
                for feature in features:
                    for other, value in weights.get(feature, {}).items():
                        scores[other] += value
                scores[label] -= margin
                guess = max(range(n_labels), key=scores.__getitem__)
                if guess != label:
                    for feature in features:
                        update(feature, label, weight)
                        update(feature, guess, -weight)
                step += 1
        self.weights: dict[str, dict[int, float]] = {}
        for feature, row in weights.items():
            for label, value in row.items():
                key = (feature, label)
                average = (totals.get(key, 0.0) + (step - stamps.get(key, 0)) * value) / step
                if abs(average) > 1e-4:
                    self.weights.setdefault(feature, {})[label] = average
        self.n_labels = n_labels

    def posterior(self, features: Features, temperature: float) -> list[float]:
        """A softmax of the labels' scores, as a probability-like share per label."""
        scores = [0.0] * self.n_labels
        for feature in sorted(features):
            for label, value in self.weights.get(feature, {}).items():
                scores[label] += value
        top = max(scores)
        exps = [math.exp((v - top) / temperature) for v in scores]
        total = sum(exps)
        return [e / total for e in exps]


def averaged_gate(gates: Sequence[Gate]) -> Gate:
    """One gate whose weights are the mean of `gates`' (trained on other shuffles): less
    dependent on the order in which one pass met the examples."""
    first = gates[0]
    weights: dict[str, float] = defaultdict(float)
    for gate in gates:
        for feature, value in gate.weights.items():
            weights[feature] += value / len(gates)
    first.weights = {f: w for f, w in weights.items() if abs(w) > 1e-3}
    first.bias = sum(g.bias for g in gates) / len(gates)
    return first


def averaged_perceptron(models: Sequence[Perceptron]) -> Perceptron:
    """One perceptron whose weights are the mean of `models`' (see `averaged_gate`)."""
    first = models[0]
    weights: dict[str, dict[int, float]] = {}
    for model in models:
        for feature, row in model.weights.items():
            target = weights.setdefault(feature, {})
            for label, value in row.items():
                target[label] = target.get(label, 0.0) + value / len(models)
    first.weights = weights
    return first
