"""The advisor: quality on the dev set, explanations, tools order, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.advisor.engine import (
    Advisor,
    ToolPreferences,
    default_advisor,
    rank_tools,
    shortlist,
)
from bot.core.advisor.evaluation import evaluate, read_tsv
from bot.core.advisor.referentiel import FIELDS, load

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def advisor() -> Advisor:
    return default_advisor()


def test_referentiel_has_39_families_in_4_sections_with_fields():
    ref = load()
    assert len(ref.families) == 39
    assert len(ref.sections) == 4
    assert all(f.fields for f in ref.families)
    assert {f.key for f in FIELDS} >= {k for fam in ref.families for k in fam.fields}
    assert all(f.description_fr and f.description_en for f in ref.families)


def test_catalog_covers_every_family_with_real_attributes():
    ref = load()
    assert len(ref.tools) >= 120
    for family in ref.families:
        assert len(ref.tools_for(family.name)) >= 2, family.name
    for tool in ref.tools:
        assert tool.website.startswith("https://") or tool.website.startswith("http://")
        assert tool.cost in ("gratuit", "freemium", "payant", "tarif_osbl")
        assert tool.hosting in ("infonuagique", "auto_heberge", "les_deux")
        assert tool.description_fr and tool.description_en
    assert len({t.name for t in ref.tools}) == len(ref.tools)


def test_dev_set_quality_bar(advisor: Advisor):
    """Issue 2 bar: top-1 ≥ 90 %, top-3 ≥ 97 %, every NONE row answered with nothing."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-dev.tsv"))
    misses = "\n".join(f"{m.query!r}: expected {m.expected}, got {m.got}" for m in result.misses)
    assert result.top1_rate >= 0.90, misses
    assert result.top3_rate >= 0.97, misses
    assert result.none_empty == result.none_rows, misses


def test_extra_set_generalises(advisor: Advisor):
    """Needs phrased unlike the dev set (written blind to the vocabulary) still land."""
    result = evaluate(advisor, read_tsv(DATA / "advisor-extra.tsv"))
    misses = "\n".join(f"{m.query!r}: expected {m.expected}, got {m.got}" for m in result.misses)
    assert result.top1_rate >= 0.85, misses
    assert result.top3_rate >= 0.95, misses
    assert result.none_empty == result.none_rows, misses


@pytest.mark.parametrize(
    ("need", "family"),
    [
        ("Réseaux SOCIAUX", "Médias sociaux"),
        ("reseaux sociaux", "Médias sociaux"),
        ("infolettres", "Infolettre"),
        ("campagne de finacement participatif", "Production participative (crowdsourcing)"),
        ("send a newsletter to our members", "Infolettre"),
        ("le CA doit adopter une résolution avant vendredi", "Vote en ligne"),
    ],
)
def test_accents_case_typos_english_and_abbreviations(advisor: Advisor, need: str, family: str):
    advice = advisor.advise(need)
    assert advice.matches, need
    assert advice.matches[0].family.name == family


def test_answer_explains_itself(advisor: Advisor):
    match = advisor.advise("envoyer une infolettre aux membres").matches[0]
    assert match.family.name == "Infolettre"
    assert "infolettre" in match.matched
    assert set(match.family.fields) == {
        "relation_client",
        "gestion_democratique",
        "mobilisation_ancrages",
    }
    assert match.tools and all("Infolettre" in t.families for t in match.tools)


def test_scores_are_ordered_and_top_is_respected(advisor: Advisor):
    advice = advisor.advise("formation en ligne et webconférence pour nos bénévoles", top=2)
    assert 1 <= len(advice.matches) <= 2
    scores = [m.score for m in advice.matches]
    assert scores == sorted(scores, reverse=True)


def test_libre_and_french_tools_come_first_by_default(advisor: Advisor):
    tools = advisor.advise("webconférence").matches[0].tools
    first_proprietary = next(i for i, t in enumerate(tools) if not t.libre)
    assert all(t.libre for t in tools[:first_proprietary])
    assert tools[0].libre and tools[0].french_ui


def test_a_need_can_ask_for_free_or_self_hosted_tools():
    ref = load()
    tools = ref.tools_for("Infolettre")
    free_first = rank_tools(tools, ToolPreferences(free=True))
    assert free_first[0].cost in ("gratuit", "tarif_osbl")
    hosted_first = rank_tools(tools, ToolPreferences(self_hosted=True))
    assert hosted_first[0].hosting != "infonuagique"


@pytest.mark.parametrize(
    "need",
    [
        "",
        "   ",
        "🙂🎉🔥",
        "x" * 10_000,
        "vote " * 2_000,
        "\x00\x07\x1b[31m infolettre \x7f",
        "'; DROP TABLE practices; --",
        "**gras** [lien](http://example.org) <script>alert(1)</script> @everyone",
        "ـ؟ 中文 русский",
    ],
)
def test_bad_input_never_raises(advisor: Advisor, need: str):
    advice = advisor.advise(need)
    assert len(advice.matches) <= 3
    if not advice.matches:
        assert advice.reason in ("empty", "no_match")


def test_long_need_is_cut_and_says_so(advisor: Advisor):
    advice = advisor.advise("envoyer une infolettre " + "bla " * 3000)
    assert advice.truncated
    assert advice.matches[0].family.name == "Infolettre"


@pytest.mark.parametrize("query", ["vote en ligne", "VOTE-EN-LIGNE", "vote", "vote en lign"])
def test_family_lookup_forgives(query: str):
    family = load().family(query)
    assert family is not None and family.name == "Vote en ligne"


def test_field_lookup_by_name_or_part():
    ref = load()
    field = ref.field("gestion démocratique")
    assert field is not None and field.key == "gestion_democratique"
    assert ref.field("démocratique") == field
    assert ref.field("n'importe quoi") is None
    assert "Vote en ligne" in {f.name for f in ref.families_of_field(field.key)}


@pytest.mark.parametrize(
    "message",
    [
        "c'est quoi le pointage du match de hockey",
        "va-tu pleuvoir demain à Québec",
        "une bonne recette de tourtière",
        "mon ordi perso est lent, je fais quoi",
        "my personal credit card was charged twice",
        "merci beaucoup, bonne journée",
        "qwertyuiop asdf",
    ],
)
def test_messages_that_are_not_needs_get_no_answer(advisor: Advisor, message: str):
    advice = advisor.advise(message)
    assert advice.matches == ()
    assert advice.reason in ("no_match", "empty")


@pytest.mark.parametrize(
    ("need", "family"),
    [
        ("je cherche un outil pour faire un sondage à nos membres", "Sondages en ligne"),
        (
            "on veut diffuser en direct le match de soccer de nos jeunes",
            "Diffusion vidéo en direct",
        ),
        ("calendrier partagé pour les vacances des employés", "Calendriers collaboratifs"),
    ],
)
def test_organisation_needs_survive_personal_or_sports_words(
    advisor: Advisor, need: str, family: str
):
    advice = advisor.advise(need)
    assert advice.matches and advice.matches[0].family.name == family


def test_tools_prefer_no_install_among_libre_and_shortlist_has_a_ready_option(advisor: Advisor):
    tools = advisor.advise("webconférence").matches[0].tools
    libre_french = [t for t in tools if t.libre and t.french_ui]
    ready = [t.hosting != "auto_heberge" for t in libre_french]
    assert ready == sorted(ready, reverse=True)  # usable-now tools before install-only ones
    for family in load().families:
        listed = rank_tools(load().tools_for(family.name), ToolPreferences())
        short = shortlist(listed)
        if any(t.hosting != "auto_heberge" for t in listed):
            assert any(t.hosting != "auto_heberge" for t in short), family.name
