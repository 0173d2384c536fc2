"""The practice commands in the console: guided prompts, search, view, rights; and the CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bot.console.actor import console_actor
from bot.core.app import Services
from tests.helpers import Console, run_coopilote


@pytest.fixture
def console(services: Services) -> Console:
    return Console(services)


GUIDED = [
    "",  # title skipped: required, asked again
    "Inscription en ligne à la popote",  # title
    "",  # need skipped
    "Un formulaire en ligne remplace les journées d’inscription.",  # actions
    "Moins de stress pour les bénévoles.",  # results
    "",  # advice
    "Framaforms, Outil maison",  # tools
    "famille imaginaire",  # refused: unknown family, asked again
    "inscription en ligne",  # families
    "bénévoles, aînés",  # tags
    "fin",  # the rest is optional: straight to the summary
    "oui",  # publish
]


async def test_guided_sharing_one_field_at_a_time(console: Console, services: Services):
    out = await console.run("/pratique partager", *GUIDED)
    assert "obligatoire" in out and "Famille inconnue" in out
    assert "publiée sous le n° 1" in out
    view = await services.practices.view(console.app.ctx.actor, 1)
    assert view.content.title == "Inscription en ligne à la popote"
    assert view.content.families == ("Inscription en ligne",)
    assert view.content.tools[1] == "Outil maison" and view.content.tags == ("bénévoles", "aînés")
    assert view.content.need == "" and not view.shared


@pytest.mark.parametrize("stop", ["annuler", None])
async def test_cancel_or_end_of_input_saves_nothing(
    console: Console, services: Services, stop: str | None
):
    out = await console.run("/pratique partager", "Un titre", "", stop)
    assert "rien n’a été enregistré" in out
    assert (await services.practices.recent(console.app.ctx.actor)).total == 0


async def test_refusing_the_confirmation_saves_nothing(console: Console, services: Services):
    await console.run("/pratique partager", *GUIDED[:-1], "non")
    assert (await services.practices.recent(console.app.ctx.actor)).total == 0


async def test_search_view_useful_versions_withdraw_restore(console: Console, services: Services):
    await console.run("/pratique partager", *GUIDED)
    out = await console.run("/pratique chercher finacement inscription")
    assert "1 pratique(s) trouvée(s)" in out or "« finacement » compris" in out
    out = await console.run(
        "/pratique chercher inscriptions famille=inscription en ligne tag=aînés"
    )
    assert "#1 «Inscription»" in out and "page 1 sur 1" in out
    out = await console.run("/pratique chercher tablettes")
    assert "Aucune pratique ne correspond" in out
    out = await console.run("/pratique voir 1")
    assert "Ce qui a été fait" in out and "Framaforms" in out and "2026" in out
    out = await console.run("/pratique 1")  # the short form
    assert "#1 Inscription en ligne à la popote" in out
    # Marking one's own practice is refused; another member may, and undo.
    out = await console.run("/pratique utile 1")
    assert "propre pratique" in out
    console.app.ctx.actor = console_actor("Bob", frozenset({"Membre"}))
    assert "marquée utile (1 au total)" in await console.run("/pratique utile 1")
    assert "est retirée (0 au total)" in await console.run("/pratique utile #1")
    out = await console.run("/pratique modifier 1")
    assert "Seuls l’auteur·e" in out
    assert "Seuls l’auteur·e" in await console.run("/pratique retirer 1")
    # Back to the author: edit, versions, withdraw, restore.
    console.app.ctx.actor = console_actor()
    out = await console.run(
        "/pratique modifier 1", "Inscription en ligne, deux ans après", "fin", "oui"
    )
    assert "modifiée (version 2)" in out
    out = await console.run("/pratique versions 1")
    assert "v1" in out and "v2" in out and "modifié : Titre" in out
    out = await console.run("/pratique versions 1 1")
    assert "Inscription en ligne à la popote" in out
    assert "rien n’a été enregistré" in await console.run("/pratique modifier 1", "annuler")
    out = await console.run("/pratique retirer 1")
    assert "restaurer 1" in out
    assert "Aucune pratique" in await console.run("/pratiques")
    assert "#1" in await console.run("/pratiques retirees")
    assert "restaurée" in await console.run("/pratique restaurer 1")
    assert "#1" in await console.run("/pratiques populaires")
    assert "autres communautés" in await console.run("/pratique diffuser 1")
    assert "que par votre communauté" in await console.run("/pratique diffuser 1 non")


async def test_bad_input_gets_a_clear_french_message(console: Console):
    assert "numéro de la pratique" in await console.run("/pratique voir")
    assert "Aucune pratique n° 42" in await console.run("/pratique voir 42")
    assert "Que cherchez-vous" in await console.run("/pratique chercher le la les")
    assert "Famille inconnue" in await console.run("/pratique chercher x famille=Télépathie")
    assert "page" in await console.run("/pratique chercher vote page=zéro")


async def test_injection_is_shown_as_plain_text(console: Console, services: Services):
    await services.practices.post(
        console.app.ctx.actor,
        {"title": "Titre \x1b[2J<script>", "actions": "**gras** @everyone"},
    )
    out = await console.run("/pratique voir 1")
    assert "\x1b" not in out and "<script>" in out and "@everyone" not in out


async def test_help_lists_the_practice_commands(console: Console):
    out = await console.run("/aide pratique")
    for name in ("partager", "chercher", "voir", "versions", "utile", "modifier", "retirer"):
        assert f"/pratique {name}" in out


# ----------------------------------------------------------------------------- real processes


def _run(args: list[str], data: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_coopilote(*args, data_dir=data, stdin=stdin)


def test_console_default_database_holds_the_demo(tmp_path: Path):
    out = _run(
        ["console"], tmp_path, "/pratiques\n/pratique chercher tablettes horraires\n/quitter\n"
    )
    assert out.returncode == 0, out.stderr
    assert "Pratiques récentes" in out.stdout and "page 1 sur 3" in out.stdout
    assert "« horraires » compris comme « horaires »" in out.stdout
    assert "Haute-Côte-Nord" in out.stdout
    # Seeded once: a second session does not load it again.
    again = _run(["console"], tmp_path, "/pratiques\n")
    assert "page 1 sur 3" in again.stdout


def test_cli_demo_export_import(tmp_path: Path):
    first = tmp_path / "a"
    out = _run(["demo"], first)
    assert out.returncode == 0 and "15 pratique(s) chargée(s)" in out.stdout
    assert "0 pratique(s) chargée(s), 15 déjà présente(s)" in _run(["demo"], first).stdout
    export = tmp_path / "export.json"
    assert _run(["practices", "export", str(export)], first).returncode == 0
    md = _run(["practices", "export", "--format", "markdown"], first)
    assert md.stdout.startswith("# Bonnes pratiques")
    second = tmp_path / "b"
    out = _run(["practices", "import", "--community", "discord:42", str(export)], second)
    assert out.returncode == 0 and "15 pratique(s) importée(s)" in out.stdout, out.stderr
    again = tmp_path / "again.json"
    _run(["practices", "export", "--community", "discord:42", str(again)], second)
    records = [json.loads(p.read_text())["practices"] for p in (export, again)]
    assert records[0] == records[1]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"practices": [{"title": "x", "actions": "y"}, {"title": 3}]}))
    out = _run(["practices", "import", str(bad)], second)
    assert out.returncode == 1
    assert "Fiche n° 2, champ « Titre »" in out.stderr and "Rien n’a été importé" in out.stderr
    assert (
        _run(["practices", "import", "--community", "nulle-part", str(bad)], second).returncode == 2
    )


# ----------------------------------------------------------------------------- trust


async def test_a_command_typed_at_a_guided_prompt_runs_as_a_command(
    console: Console, services: Services
):
    out = await console.run("/pratique partager", "Un titre", "/pratiques")
    assert "Abandonné : rien n’a été enregistré." in out
    assert "Pratiques récentes" in out  # the command ran, right after
    assert (await services.practices.recent(console.app.ctx.actor)).total == 0


async def test_a_withdrawn_record_is_refused_before_any_form(console: Console, services: Services):
    await console.run("/pratique partager", *GUIDED)
    await console.run("/pratique retirer 1")
    console.reader.prompts.clear()
    out = await console.run("/pratique modifier 1", "Nouveau titre", "fin", "oui")
    assert "est retirée : restaurez-la d’abord" in out
    assert console.reader.prompts == []  # not one field was asked
    assert "ne peut pas être diffusée" in await console.run("/pratique diffuser 1")


async def test_a_moderators_withdrawal_gives_its_reason_to_the_author(
    console: Console, services: Services
):
    bob = console_actor("Bob", frozenset({"Membre"}))
    await services.practices.post(bob, {"title": "Ma fiche", "actions": "Fait."})
    out = await console.run("/pratique retirer 1", "Coordonnées d’un tiers")
    assert "Pratique n° 1 retirée" in out
    console.app.ctx.actor = bob
    out = await console.run("/pratique voir 1")
    assert "Retirée par la modération" in out and "Motif : Coordonnées d’un tiers" in out
    assert "/pratique restaurer 1" not in out
    assert "seule la modération" in await console.run("/pratique restaurer 1")


async def test_purging_a_version_in_the_console(console: Console, services: Services):
    owner = console.app.ctx.actor
    await services.practices.post(owner, {"title": "Fiche", "actions": "Appelez 418 555-0199."})
    await services.practices.edit(owner, 1, {"actions": "Appelez la coop."})
    out = await console.run("/pratique purger 1 1 numéro de téléphone personnel", "oui")
    assert "Version 1 de la pratique n° 1 purgée" in out
    console.app.ctx.actor = console_actor("Bob", frozenset({"Membre"}))
    one = await console.run("/pratique versions 1 1")
    listing = await console.run("/pratique versions 1")
    for out in (one, listing):
        assert "version 1 purgée le" in out and "motif : numéro de téléphone personnel" in out
        assert "555-0199" not in out
    assert "Seuls l’auteur·e" in await console.run("/pratique purger 1 2 x", "oui")


def test_cli_says_the_real_size_of_a_big_file(tmp_path: Path):
    big = tmp_path / "big.json"
    big.write_bytes(b'{"practices": [' + b" " * (10 * 1024 * 1024 + 512 * 1024) + b"]}")
    out = _run(["practices", "import", str(big)], tmp_path / "data")
    assert out.returncode == 1
    assert "Fichier trop gros (10,5 Mo; maximum 5 Mo)" in out.stderr


async def test_list_pages_out_of_bounds_are_said(console: Console, services: Services):
    for n in range(3):
        await services.practices.post(console.app.ctx.actor, {"title": f"F{n}", "actions": "A."})
    assert "Il n’y a pas de page 1000 : la liste a 1 page(s)." in await console.run(
        "/pratiques page=1000"
    )
    for bad in ("page=-1", "page=0", "-1"):
        assert "entre 1 et 1000" in await console.run(f"/pratiques {bad}")
    assert "Pratiques récentes — page 1 sur 1" in await console.run("/pratiques page=1")


async def test_console_lines_are_cleaned_before_anything_echoes_them(console: Console):
    out = await console.run("/pratique voir \udcff")  # undecodable bytes read from a pipe
    assert "caractères invalides" in out
    out = await console.run("/inconnue\x1b[2J\u202e")
    out.encode("utf-8")
    assert "Commande inconnue : /inconnue[2J" in out and "\x1b" not in out


async def test_a_record_with_broken_text_stored_earlier_still_shows(
    console: Console, services: Services
):
    from sqlalchemy import text

    await services.practices.post(console.app.ctx.actor, {"title": "Fiche", "actions": "A."})
    async with services.db.transaction() as session:
        await session.execute(text("UPDATE practices SET tags = '[\"\\udfff\"]' WHERE id = 1"))
    out = await console.run("/pratique voir 1")
    out.encode("utf-8")  # printable: the review got « Une erreur est survenue »
    assert "Mots-clés : \ufffd" in out
