"""The tool catalog: big enough, facts the review corrected, and a validator that catches errors."""

from __future__ import annotations

import pytest

from bot.core.advisor.catalog_check import _tool_problems, check_catalog, url_problem
from bot.core.advisor.referentiel import load

FAMILIES = {f.name for f in load().families}


def _tool(name: str):
    found = [t for t in load().tools if t.name == name or name in t.aliases]
    assert found, f"{name} is not in the catalog"
    return found[0]


def test_shipped_catalog_passes_the_check_and_holds_300_tools():
    report = check_catalog()
    assert report.ok, "\n".join(report.problems)
    assert report.tools >= 300
    assert report.families == 39
    for family in load().families:
        assert load().tools_for(family.name), family.name


@pytest.mark.parametrize(
    "name",
    [
        # Products the advisor recognised in needs but could never recommend (issue 8).
        "Virement Interac",
        "Yapla",
        "Prodon",
        "Nethris",
        "Employeur D",
        "Qidigo",
        "Agendrix",
        "jebenevole.ca",
        "Keela",
        "Better Impact",
        "ElectionBuddy",
        "MailerLite",
        "Microsoft Forms",
        "Jotform",
        # Québec and Canadian options.
        "Cyberimpact",
        "La Ruche",
        "Zeffy",
        "Lepointdevente",
        "Simplyk",
    ],
)
def test_products_named_in_needs_are_in_the_catalog(name: str):
    tool = _tool(name)
    assert tool.uses, f"{name} says what it is for"


def test_review_corrections_hold():
    for name in ("Calendly", "Node-RED", "Open Badge Factory", "Open Collective"):
        assert _tool(name).french_ui, name
    cyberimpact = _tool("Cyberimpact")
    assert cyberimpact.cost == "freemium" and "250" in cyberimpact.cost_note
    assert cyberimpact.data_canada is True
    jitsi = _tool("Jitsi Meet")
    assert "connexion" in jitsi.description_fr and "login" in jitsi.description_en


def test_every_tool_has_uses_and_checked_or_unknown_facts():
    for tool in load().tools:
        assert tool.uses, tool.name
        assert tool.team in ("toutes", "petite", "grande"), tool.name
        assert tool.data_canada in (True, False, None), tool.name


GOOD = {
    "nom": "Exemple",
    "site": "https://example.org",
    "description_fr": "Un outil.",
    "description_en": "A tool.",
    "familles": ["Infolettre"],
    "usages": ["infolettre"],
    "libre": True,
    "cout": "gratuit",
    "interface_fr": True,
    "hebergement": "infonuagique",
    "quebec_canada": False,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"site": "example.org"}, "https://"),
        ({"site": "https://exa mple.org"}, "espaces"),
        ({"site": "https://localhost"}, "domaine"),
        ({"cout": "cher"}, "cout"),
        ({"hebergement": "nuage"}, "hebergement"),
        ({"equipe": "moyenne"}, "equipe"),
        ({"familles": ["Famille inventée"]}, "famille inconnue"),
        ({"familles": []}, "aucune famille"),
        ({"libre": "oui"}, "libre"),
        ({"donnees_canada": "peut-être"}, "donnees_canada"),
        ({"usages": []}, "aucun usage"),
        ({"description_fr": "  "}, "vide"),
        ({"prix": 12}, "champ inconnu"),
    ],
)
def test_validator_catches_bad_entries(change: dict, expected: str):
    assert _tool_problems(GOOD, "tools.toml", FAMILIES) == []
    raw = {**GOOD, **change}
    problems = _tool_problems(raw, "tools.toml", FAMILIES)
    assert problems and any(expected in p for p in problems), problems


def test_validator_wants_every_required_field():
    raw = {k: v for k, v in GOOD.items() if k != "interface_fr"}
    assert any("interface_fr" in p for p in _tool_problems(raw, "tools.toml", FAMILIES))


@pytest.mark.parametrize(
    "url", ["https://www.cyberimpact.com", "https://laruchequebec.com/fr", "http://list.org"]
)
def test_well_formed_urls_pass(url: str):
    assert url_problem(url) is None
