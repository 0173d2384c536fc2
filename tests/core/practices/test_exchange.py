"""JSON export and import (lossless, all or nothing), Markdown export, and the demo content."""

from __future__ import annotations

import json

import pytest

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.errors import InvalidInput, PermissionDenied
from bot.core.practices.demo import demo_records
from bot.core.practices.exchange import MAX_IMPORT_BYTES, MAX_RECORDS
from tests.conftest import OTHER_COMMUNITY, actor
from tests.core.practices.helpers import record, snapshot

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")
ADMIN = actor("Adèle", admin=True)
OTHER_ADMIN = actor("Xena", community=OTHER_COMMUNITY, admin=True)


def _without_envelope(text: str) -> list[dict]:
    return json.loads(text)["practices"]


async def _rich_history(services: Services, clock: FakeClock) -> None:
    first = await services.practices.post(ANA, record(title="Première « pratique » <b>"))
    clock.advance(hours=2)
    await services.practices.edit(ANA, first.id, {"results": "Nouveaux résultats\n\nsur 2 lignes"})
    await services.practices.toggle_useful(BOB, first.id)
    clock.advance(hours=2)
    second = await services.practices.post(
        ANA, record(title="Second", tools=["Outil maison"], language="en"), shared=True
    )
    await services.practices.withdraw(ANA, second.id)
    clock.advance(days=1)


async def test_import_into_another_community_says_where_it_comes_from(
    services: Services, clock: FakeClock
):
    await _rich_history(services, clock)
    exported = await services.practices.export_json(ADMIN)
    report = await services.practices.import_json(OTHER_ADMIN, exported)
    assert (report.imported, report.skipped) == (2, 0)
    again = _without_envelope(await services.practices.export_json(OTHER_ADMIN))
    assert [len(r["versions"]) for r in again] == [2, 1]
    assert again[1]["status"] == "withdrawn"
    assert again[0]["results"] == "Nouveaux résultats\n\nsur 2 lignes"
    # Authorship is explicit, and nobody there is taken for Ana or for Bob who marked it.
    assert [r["imported_from"] for r in again] == ["Coop de test"] * 2
    assert again[0]["author"] == "Ana" and again[0]["author_account"] is None
    assert again[0]["useful_count"] == 0 and again[0]["useful_marks"] == []
    ana_there = actor("Ana", community=OTHER_COMMUNITY)
    view = await services.practices.view(ana_there, report.ids[0])
    assert view.imported_from == "Coop de test" and not view.can_edit
    # Imported records are searchable (the withdrawn one is not).
    stranger = actor("Xavier", community=OTHER_COMMUNITY)
    assert (await services.practices.search(stranger, "première pratique")).total == 1
    assert (await services.practices.search(stranger, "second")).total == 0


async def test_importing_twice_skips_what_is_already_there(services: Services, clock: FakeClock):
    await _rich_history(services, clock)
    exported = await services.practices.export_json(ADMIN)
    await services.practices.import_json(OTHER_ADMIN, exported)
    before = await snapshot(services)
    report = await services.practices.import_json(OTHER_ADMIN, exported)
    assert (report.imported, report.skipped) == (0, 2)
    assert await snapshot(services) == before


async def test_only_moderators_import_and_export_json(services: Services):
    await services.practices.post(ANA, record())
    with pytest.raises(PermissionDenied):
        await services.practices.export_json(ANA)
    before = await snapshot(services)
    with pytest.raises(PermissionDenied):
        await services.practices.import_json(ANA, json.dumps({"practices": [record()]}))
    assert await snapshot(services) == before


def _doc(*records: object) -> str:
    return json.dumps({"format": "coopilote-practices", "version": 1, "practices": list(records)})


HOSTILE = [
    ("not json at all {", "n’est pas du JSON valide"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    ("[" * 100_000 + "]" * 100_000, "trop profondément"),
    ('{"practices": [], "practices": []}', "répète la clé « practices »"),
    ('{"practices": [{"title": NaN}]}', "« NaN », qui n’est pas un nombre JSON"),
    ('{"format": "autre", "practices": []}', "pas un export"),
    ('{"practices": {"title": "x"}}', "liste « practices »"),
    ('"juste une chaîne"', "liste « practices »"),
    ('{"hack": 1, "practices": []}', "Clé inconnue"),
    (_doc(record(), "pas un objet"), "Fiche n° 2"),
    (_doc(record(), record(title="x" * 201)), "Fiche n° 2"),
    (_doc(record(families=["Famille imaginaire"])), "Famille inconnue"),
    (_doc(record(title=["liste"])), "Titre"),
    (_doc(record(tags="pas une liste")), "Mots-clés"),
    (_doc(record(useful_count=-3)), "Nombre de marques"),
    (_doc(record(useful_count=True)), "Nombre de marques"),
    (_doc(record(shared="oui")), "Partagée"),
    (_doc(record(created_at="hier")), "Date de publication"),
    (_doc(record(status="deleted")), "Statut"),
    (_doc(record(uid="../../etc/passwd")), "Identifiant"),
    (_doc(record(uid="a"), record(uid="a")), "Fiche n° 2"),
    (_doc(record(admin=True)), "admin"),
    (_doc({"actions": "sans titre"}), "Titre"),
    (_doc(record(versions=[{"number": 1, "content": {"title": "x"}}])), "Version n° 1"),
    (_doc(record(versions=[{"number": 1, "content": record(title="autre")}])), "Version n° 1"),
    (_doc(record(versions=[{"number": 1, "content": {"title": {"a": {"b": [1]}}}}])), "Titre"),
    (_doc(*[record(uid=f"r{i}") for i in range(5_001)]), "Trop de fiches"),
]


@pytest.mark.parametrize(("data", "expected"), HOSTILE, ids=range(len(HOSTILE)))
async def test_hostile_imports_are_rejected_whole_with_the_record_and_field(
    services: Services, data: str | bytes, expected: str
):
    await services.practices.post(ANA, record())
    before = await snapshot(services)
    with pytest.raises(InvalidInput) as caught:
        await services.practices.import_json(ADMIN, data)
    message = caught.value.message("fr")
    assert expected in message, message
    assert "Rien n’a été importé" in message or "Fiche" not in message
    assert await snapshot(services) == before


async def test_the_record_error_names_index_title_and_field(services: Services):
    data = _doc(record(), record(title="Ma fiche", need="x" * 5000))
    with pytest.raises(InvalidInput) as caught:
        await services.practices.import_json(ADMIN, data)
    fr = caught.value.message("fr")
    assert fr.startswith("Fiche n° 2 (« Ma fiche »), champ « Besoin ou problème »")
    assert "trop long" in fr and "Rien n’a été importé" in fr
    assert "Record #2" in caught.value.message("en")


async def test_files_over_the_limit_are_refused_before_parsing(services: Services):
    big = b'{"practices": [' + b" " * (10 * 1024 * 1024) + b"]}"
    assert len(big) > MAX_IMPORT_BYTES
    with pytest.raises(InvalidInput) as caught:
        await services.practices.import_json(ADMIN, big)
    assert "trop gros" in caught.value.message("fr")


async def test_a_file_holds_a_bounded_number_of_records(services: Services):
    """An import is one unit of work (all or nothing): its size is bounded in records too,
    so what it holds in memory is; larger collections are split into several files."""
    few = [{"title": f"Fiche {i}", "actions": "A."} for i in range(MAX_RECORDS + 1)]
    with pytest.raises(InvalidInput) as caught:
        await services.practices.import_json(ADMIN, json.dumps(few))
    assert caught.value.message("fr") == (
        f"Trop de fiches ({MAX_RECORDS + 1}; maximum {MAX_RECORDS} par fichier). "
        "Rien n’a été importé."
    )
    assert await services.practices.count_own(ADMIN) == 0


async def test_html_and_mentions_survive_import_as_text(services: Services):
    evil = "<script>alert(1)</script> @everyone [x](javascript:y)"
    await services.practices.import_json(ADMIN, _doc(record(title="Titre", actions=evil)))
    page = await services.practices.recent(ANA)
    assert (await services.practices.view(ANA, page.items[0].id)).content.actions == evil
    md = await services.practices.export_markdown(ANA)
    assert "\\<script\\>" in md and "@everyone" not in md and "\\[x\\]" in md


async def test_markdown_export_is_readable(services: Services, clock: FakeClock):
    await _rich_history(services, clock)
    md = await services.practices.export_markdown(ANA)
    assert md.startswith("# Bonnes pratiques — Coop de test")
    assert "## 1. Première « pratique » \\<b\\>" in md
    assert "### Ce qui a été fait" in md and "### Résultats et impacts" in md
    assert "Second" not in md  # withdrawn
    assert "Good practices" in await services.practices.export_markdown(ANA, "en")


def test_demo_records_are_the_source_documents_cases():
    records = demo_records()
    organisations = " ".join(r.content.organisation for r in records)
    for name in (
        "Sercovie",
        "Haute-Côte-Nord",
        "Groupe TAQ",
        "L’Itinéraire",
        "L’Euguélionne",
        "La Remise",
        "Le Grand Costumier",
        "SODER",
        "UTILE",
    ):
        assert name in organisations
    assert all(r.content.language == "fr" and r.content.families for r in records)
    euguelionne = next(r for r in records if r.content.organisation == "L’Euguélionne")
    assert "32 000 dollars" in euguelionne.content.results  # the figure the report gives


async def test_demo_loads_once_and_is_searchable(services: Services):
    first = await services.practices.ensure_demo(ADMIN)
    assert first is not None and first.imported == len(demo_records())
    assert await services.practices.ensure_demo(ADMIN) is None
    page = await services.practices.search(ANA, "tablettes horaires")
    assert "Haute-Côte-Nord" in page.hits[0].organisation
    answer = await services.practices.for_families(
        ANA, ["Production participative (crowdsourcing)"], 3
    )
    assert len(answer) == 3


async def test_markdown_keeps_numbered_steps_and_line_breaks(services: Services):
    steps = "1. Créer le formulaire\n2. L’essayer\n\nPuis l’annoncer."
    await services.practices.post(ANA, record(actions=steps))
    md = await services.practices.export_markdown(ANA)
    # « 1\. » reads as « 1. » once rendered; « \1. » would show its backslash.
    assert "1\\. Créer le formulaire\\\n2\\. L’essayer\n\nPuis l’annoncer." in md
    assert "\\1." not in md
