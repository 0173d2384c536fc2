"""Tools that fit the need: use, constraints, and the quality bars on our own narrow needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.advisor.engine import Advisor, default_advisor
from bot.core.advisor.evaluation import evaluate, evaluate_tools, read_narrow_tsv, read_tsv

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def advisor() -> Advisor:
    return default_advisor()


def shown(advisor: Advisor, need: str) -> list:
    advice = advisor.advise(need)
    assert advice.matches, need
    return list(advice.matches[0].tools[:3])


def names(advisor: Advisor, need: str) -> set[str]:
    return {t.name for t in shown(advisor, need)}


@pytest.mark.parametrize(
    ("need", "fitting", "never"),
    [
        (
            "une campagne de sociofinancement pour notre coop",
            {"La Ruche", "Ulule", "KissKissBankBank", "GoFundMe", "Zeffy"},
            {"uMap", "OpenStreetMap", "GoGoCarto"},
        ),
        (
            "vendre des billets pour notre spectacle-bénéfice",
            {"Lepointdevente.com", "Zeffy", "Simplyk", "Eventbrite", "Billetweb"},
            {"Mobilizon", "Framaforms", "Odoo"},
        ),
        (
            "programmer nos publications Facebook",
            {"Meta Business Suite", "Buffer", "Hootsuite", "Later", "Metricool", "Agorapulse"},
            {"Mastodon", "Bluesky"},
        ),
    ],
)
def test_a_familys_tools_follow_the_need(advisor: Advisor, need: str, fitting: set, never: set):
    got = names(advisor, need)
    assert got & fitting, got
    assert not got & never, got


@pytest.mark.parametrize(
    ("need", "meets"),
    [
        (
            "envoyer une infolettre sans rien installer, on n'a pas d'informaticien",
            lambda t: t.hosting != "auto_heberge",
        ),
        (
            "une messagerie d'équipe, on a un serveur chez nous",
            lambda t: t.hosting != "infonuagique",
        ),
        ("un outil de sondage gratuit pour nos membres", lambda t: t.cost != "payant"),
        ("un intranet pour nos 6 employés", lambda t: t.team != "grande"),
    ],
    ids=["nothing-to-install", "own-server", "free", "small-team"],
)
def test_every_tool_shown_meets_the_needs_constraint(advisor: Advisor, need: str, meets):
    tools = shown(advisor, need)
    assert all(meets(t) for t in tools), [t.name for t in tools]


def test_data_in_canada_is_a_requirement(advisor: Advisor):
    tools = shown(advisor, "une infolettre dont les données sont hébergées au Canada (Loi 25)")
    first = tools[0]
    assert first.data_canada is True or first.hosting != "infonuagique", first.name


def test_libre_and_french_stay_preferred_among_equal_fits(advisor: Advisor):
    tools = shown(advisor, "sondage en ligne")
    assert tools[0].libre and tools[0].french_ui


def test_own_narrow_needs_bar(advisor: Advisor):
    """Issue 8 bar (on our own set): a fitting tool among the three shown for ≥ 85 %."""
    rows = [
        *read_narrow_tsv(DATA / "advisor-tools-dev.tsv"),
        *read_narrow_tsv(DATA / "advisor-tools-dev2.tsv"),
    ]
    result = evaluate_tools(advisor, rows)
    assert result.rate >= 0.85, result.misses


def test_own_non_needs_are_answered_with_nothing(advisor: Advisor):
    """Issue 8 bar (on our own set): non-needs answered with nothing ≥ 95 %."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-none-dev.tsv"))
    assert result.none_empty / result.none_rows >= 0.95, result.misses


def test_own_needs_told_by_their_problem(advisor: Advisor):
    """Issue 8 bar (on our own set): needs told by their problem ≥ 85 % top-1."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-problem-dev.tsv"))
    assert result.top1_rate >= 0.85, result.misses
    mixed = evaluate(advisor, read_tsv(DATA / "advisor-kinds-dev.tsv"))
    assert mixed.top1_rate >= 0.85 and mixed.none_empty == mixed.none_rows, mixed.misses


@pytest.mark.parametrize(
    "message",
    [
        "est-ce que notre OBNL doit charger la TPS sur les billets?",
        "notre comptable a trouvé une erreur",
        "le chat de ma collègue a encore renversé son café, haha",
        "is it legal for us to pay volunteers a stipend?",
    ],
)
def test_questions_and_news_that_are_not_needs_get_nothing(advisor: Advisor, message: str):
    assert advisor.advise(message).matches == ()


@pytest.mark.parametrize(
    ("need", "family"),
    [
        ("quel logiciel pour calculer la TPS et la TVQ de nos ventes?", "Comptabilité"),
        ("notre comptable veut un logiciel en ligne au lieu de ses cahiers", "Comptabilité"),
    ],
)
def test_a_tool_word_keeps_a_rules_question_a_need(advisor: Advisor, need: str, family: str):
    advice = advisor.advise(need)
    assert advice.matches and advice.matches[0].family.name == family


def test_a_nonprofit_rate_is_a_constraint(advisor: Advisor):
    """« avec un rabais pour OBNL »: no tool shown that only sells at full price."""
    tools = shown(advisor, "créer des visuels pour nos réseaux sociaux avec un rabais pour OBNL")
    assert all(t.cost != "payant" for t in tools), [t.name for t in tools]
    assert advisor.advise("un outil avec un tarif OBNL").preferences.nonprofit_pricing


@pytest.mark.parametrize(
    ("need", "fitting"),
    [
        ("corriger les fautes dans nos communiqués", {"Antidote", "Grammarly"}),
        ("résumer de longs rapports pour le conseil", {"ChatGPT", "Claude", "NotebookLM"}),
        ("optimiser les trajets des livreurs de la popote roulante", {"Routific", "OptimoRoute"}),
        ("un capteur de température pour la chambre froide", {"Arduino", "Raspberry Pi"}),
    ],
)
def test_a_tools_everyday_uses_bring_its_family(advisor: Advisor, need: str, fitting: set):
    """A narrow need named only through what one tool does still finds that tool."""
    assert names(advisor, need) & fitting


def test_own_later_narrow_needs_bar(advisor: Advisor):
    """The bar on narrow needs written later (dev3, dev6), across every family."""
    rows = [
        *read_narrow_tsv(DATA / "advisor-tools-dev3.tsv"),
        *read_narrow_tsv(DATA / "advisor-tools-dev6.tsv"),
    ]
    result = evaluate_tools(advisor, rows)
    assert result.rate >= 0.85, result.misses
