"""What the advisor learns at build time: needs told by their problem, and when to stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.advisor.engine import Advisor, default_advisor
from bot.core.advisor.evaluation import evaluate, read_tsv
from bot.core.advisor.learned import load_training
from bot.core.advisor.referentiel import load
from bot.core.text import words

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def advisor() -> Advisor:
    return default_advisor()


def _folded(text: str) -> str:
    return " ".join(words(text))


def test_training_examples_are_not_copied_from_any_evaluation_set():
    """The sets that measure the advisor must stay unseen by what it learns from."""
    needs, requests, non_needs = load_training()
    taught = {_folded(t) for _, examples in needs for t in examples}
    taught |= {_folded(t) for t in (*requests, *non_needs)}
    for path in sorted(DATA.glob("advisor-*.tsv")):
        rows = read_tsv(path) if "tools" not in path.name else []
        copied = [query for query, _ in rows if _folded(query) in taught]
        assert not copied, (path.name, copied)


def test_every_family_is_taught_by_examples_of_its_own():
    needs, requests, non_needs = load_training()
    names = [family.name for family in load().families]
    taught = dict(needs)
    assert sorted(taught) == sorted(names)  # names exactly as in the référentiel
    assert all(len(taught[name]) >= 5 for name in names), {
        name: len(taught[name]) for name in names if len(taught[name]) < 5
    }
    assert len(non_needs) >= 200 and len(requests) >= 20


def test_two_builds_answer_the_same():
    """Training is deterministic: the cached index never depends on the process that built it."""
    first, second = Advisor(load()), Advisor(load())
    for need in (
        "les gens du CA habitent loin et l'hiver les routes sont mauvaises",
        "personne ne sait où est la dernière version du budget",
        "la cafetière du deuxième est encore brisée",
    ):
        assert first.advise(need) == second.advise(need)
        assert first._gate.probability(first._intent(need)) == second._gate.probability(
            second._intent(need)
        )


@pytest.mark.parametrize(
    ("need", "family"),
    [
        ("les administrateurs habitent à des heures de route les uns des autres", "Webconférence"),
        ("on perd le fil de qui a payé l'inscription au tournoi", "Paiement en ligne"),
        ("chacun garde sa copie du document et on ne sait plus laquelle est bonne", None),
    ],
)
def test_a_need_told_only_by_its_problem_gets_families(advisor: Advisor, need: str, family):
    advice = advisor.advise(need)
    assert advice.matches, need
    if family:
        assert family in [m.family.name for m in advice.matches], advice.matches
    # The answer says which words it read the need by.
    assert all(m.matched for m in advice.matches)


@pytest.mark.parametrize(
    "message",
    [
        "notre trésorière part en vacances au Mexique la semaine prochaine",
        "bravo à toute l'équipe pour la soirée d'hier!",
        "peut-on exiger une cotisation des membres honoraires selon la loi?",
        "the photocopier is out of toner again",
    ],
)
def test_news_thanks_and_rule_questions_get_nothing(advisor: Advisor, message: str):
    assert advisor.advise(message).matches == ()


def test_own_second_sets_of_problem_needs_and_non_needs(advisor: Advisor):
    """Issue 8 bars on our second own sets (written before the learned models; tuned on since,
    so they guard against regressions rather than measure generalisation)."""
    problems = evaluate(advisor, read_tsv(DATA / "advisor-problem-dev2.tsv"))
    assert problems.top1_rate >= 0.65 and problems.top3_rate >= 0.85, problems.misses
    quiet = evaluate(advisor, read_tsv(DATA / "advisor-none-dev2.tsv"))
    assert quiet.none_empty / quiet.none_rows >= 0.85, quiet.misses


def test_synonym_groups_join_everyday_words_across_languages():
    """« avertir » learns from « prévenir », « volunteers » from « bénévoles »."""
    from bot.core.advisor.learned import synonym_groups, topic_features

    groups = synonym_groups()
    assert groups["avertir"] == groups["prevenir"] == groups["notify"]
    assert groups["benevoles"] == groups["volunteers"]
    shared = topic_features(["avertir"]) & topic_features(["prevenir"])
    assert any(feature.startswith("~") for feature in shared)


def test_own_later_sets(advisor: Advisor):
    """Sets written after the first tuning (dev3), measured before the changes they led to."""
    needs = evaluate(advisor, read_tsv(DATA / "advisor-problem-dev3.tsv"))
    assert needs.top1_rate >= 0.8, needs.misses
    quiet = evaluate(advisor, read_tsv(DATA / "advisor-none-dev3.tsv"))
    assert quiet.none_empty / quiet.none_rows >= 0.9, quiet.misses


def test_needs_told_by_their_problem_dev7(advisor: Advisor):
    """Needs told only by their problem, written before the change they measure (first run
    30/42 top-1, 36/42 top-3): what the learned models are sure of now outweighs stray
    phrases."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-problem-dev7.tsv"))
    assert result.top1_rate >= 0.78, result.misses
    assert result.top3_rate >= 0.88, result.misses


def test_a_sure_learned_family_outweighs_everyday_words_that_are_a_phrase(advisor: Advisor):
    """« points de service » is a phrase of the map families; the need is about people who never
    talk to each other, which the learned models are sure of."""
    need = "les intervenantes de nos cinq points de service ne se parlent jamais entre elles"
    first = advisor.advise(need).matches[0].family.name
    assert first in ("Clavardage d’entreprise", "Communauté de pratique virtuelle")
