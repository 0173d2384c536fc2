"""Decisions in the console: one person runs a whole board vote; and the real process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.console.notifier import ConsoleNotifier
from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.mentions import has_mentions
from bot.settings import Settings
from tests.conftest import make_settings
from tests.helpers import Console, run_coopilote


@pytest.fixture
async def cservices(settings: Settings, clock: FakeClock) -> AsyncIterator[Services]:
    svc = await open_services(settings, clock=clock, notifier=ConsoleNotifier())
    try:
        yield svc
    finally:
        await svc.close()


@pytest.fixture
async def console(cservices: Services) -> Console:
    session = Console(cservices)
    await session.run("/demo")
    return session


async def test_one_person_runs_a_board_vote_alone(console: Console, clock: FakeClock):
    out = await console.run(
        "/vote proposer",
        "Que le conseil adopte le budget 2027 tel que présenté.",  # text
        "Budget 2027",  # title
        "délai=72h quorum=3",  # rules
    )
    assert "Proposition n° 1 — Budget 2027" in out and "en attente d’appui" in out
    assert "3 jours après l’appui" in out
    assert "Règles par défaut des votes" in out  # shown before asking for other rules
    assert len(console.reader.prompts) == 3

    assert "Sophie Tremblay" in await console.run("/en-tant-que Sophie")
    out = await console.run("/vote appuyer 1")
    assert "vote ouvert" in out and "Participation : 0 sur 6" in out
    assert "Vote enregistré au n° 1 : Pour." in await console.run("/vote pour 1")
    await console.run("/en-tant-que Marc")
    # The only vote waiting for Marc: no number needed.
    assert "Contre" in await console.run("/vote contre")
    assert "Vote modifié au n° 1 : Abstention." in await console.run("/vote abstention 1")
    out = await console.run("/vote voir 1")
    assert "En direct : Pour : 1 · Contre : 0 · Abstentions : 1" in out
    assert "Vous avez voté : Abstention" in out
    await console.run("/en-tant-que Amina")
    await console.run("/vote for 1")  # English alias
    out = await console.run("/demo avancer 72h")
    assert "Annonce — résultat du vote n° 1" in out
    assert "Horloge de la console avancée de 3 jours" in out
    assert (
        "Adoptée à la majorité des voix exprimées (2 pour, 0 contre) — Résolution CA-2026-001"
        in out
    )
    assert "Tête du journal d’audit à la lecture : événement n° " in out
    out = await console.run("/registre")
    assert "CA-2026-001" in out and "Budget 2027" in out
    out = await console.run("/registre extrait CA-2026-001")
    assert out.startswith("### Résolution CA-2026-001 — Budget 2027")
    assert "**Se sont abstenus** : Marc Gagnon" in out
    out = await console.run("/registre exporter 2026")
    exported = _read(Path(out.split(" : ", 1)[1].strip()))
    assert exported.startswith("# Registre des résolutions") and "CA-2026-001" in exported


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


async def test_reminders_and_early_close_show_in_the_console(console: Console, clock: FakeClock):
    await console.run("/vote proposer Que le CA renouvelle l’assurance. délai=48h sans-appui")
    clock.advance(hours=24)
    out = await console.tick()
    # Everyone on the board who has not voted gets a reminder (the console plays them all).
    assert out.count("Rappel pour") == 6 and "ferme dans 1 jour" in out
    for name in ("Sophie", "Marc", "Amina", "Jean-François", "Isabelle"):
        await console.run(f"/en-tant-que {name}")
        await console.run("/vote pour 1")
    await console.run("/en-tant-que moi")
    out = await console.run("/vote pour 1")
    assert "C’était le dernier vote attendu" in out
    assert "Adoptée à l’unanimité" in out and "tout le monde a voté" in out


async def test_polls_and_meeting_polls(console: Console):
    out = await console.run(
        "/sondage", "Quel traiteur ?", "Chez Ginette", "La Coop du coin", "", ""
    )
    assert "Sondage n° 1" in out and "1. Chez Ginette" in out
    await console.run("/repondre 1 2")
    out = await console.run("/vote voir 1")
    assert "1 vote(s)" in out
    out = await console.run(
        "/reunion CA de décembre | 2026-12-03 19:00 | 2026-12-04 12h | 4 décembre 19 h"
    )
    assert "jeudi 3 décembre 2026 à 19 h 00" in out
    await console.run("/repondre 2 oui non peut-être")
    await console.run("/en-tant-que Sophie")
    await console.run("/repondre 2 1 3")
    assert "administrateurs" in await console.run("/vote fermer 2")  # not hers to close
    await console.run("/en-tant-que moi")
    out = await console.run("/vote fermer 2")
    assert "Sondage de date n° 2" in out and "oui 2 · peut-être 0 · non 0 ← meilleure date" in out


async def test_errors_are_clear_french_sentences(console: Console):
    assert "Aucun vote n° 99" in await console.run("/vote pour 99")
    out = await console.run("/sondage Une seule option ? | Oui")
    assert "de 2 à 20 choix" in out
    out = await console.run("/vote proposer Texte. délai=2020-01-01")
    assert "déjà passée" in out
    await console.run("/vote proposer Une proposition.")
    assert "propre proposition" in await console.run("/vote appuyer 1")
    out = await console.run("/vote proposer " + "x" * 4001)
    assert "4001 caractères" in out and "Traceback" not in out
    await console.run("/en-tant-que Luc")
    assert "Il faut le rôle « CA »" in await console.run("/vote proposer Texte.")


async def test_mentions_never_ping_in_the_console(console: Console):
    out = await console.run("/vote proposer @everyone doit lire ceci : <@&42> @here. sans-appui")
    assert "everyone" in out and not has_mentions(out)


async def test_english(console: Console):
    await console.run("/langue en")
    out = await console.run("/vote propose That the board adopt the 2027 budget.")
    assert "Motion #1" in out and "awaiting a seconder" in out
    await console.run("/as Sophie")
    out = await console.run("/vote second 1")
    assert "Your vote:" in out


async def _secret_transcript(folder: Path, choices: list[str]) -> str:
    clock = FakeClock()
    services = await open_services(make_settings(folder), clock=clock, notifier=ConsoleNotifier())
    try:
        c = Console(services)
        await c.run("/demo")
        await c.run("/vote proposer Que les salaires soient gelés. secret sans-appui")
        for name, choice in zip(("Sophie", "Marc", "Amina"), choices, strict=True):
            await c.run(f"/en-tant-que {name}")
            await c.run(f"/vote {choice} 1")
            await c.run("/vote voir 1")
            await c.run("/votes")
        clock.advance(hours=24)
        await c.tick()
        clock.advance(hours=24)
        c.transcript.append(await c.tick())
        await c.run("/registre")
        await c.run("/registre extrait 1")
        return "\n".join(c.transcript)
    finally:
        await services.close()


async def test_a_secret_vote_shows_the_same_whoever_chose_what(tmp_path: Path):
    a = await _secret_transcript(tmp_path / "a", ["pour", "contre", "pour"])
    b = await _secret_transcript(tmp_path / "b", ["contre", "pour", "pour"])
    assert a == b
    assert "Pour : 2 · Contre : 1 · Abstentions : 0" in a
    assert "Votre vote secret est enregistré" in a and "Résultats cachés" in a


def test_the_real_console_with_piped_input(tmp_path: Path):
    script = "\n".join(
        [
            "/demo",
            "/vote proposer Que le conseil adopte le plan d’action. sans-appui",
            "/en-tant-que Sophie",
            "/vote pour 1",
            "/en-tant-que moi",
            "/vote fermer 1",
            "/demo avancer 3j",
            "/registre",
            "/quitter",
        ]
    )
    done = run_coopilote("console", data_dir=tmp_path / "data", stdin=script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Conseil de démonstration créé : 6 administrateurs" in out
    assert "règlements permettent le vote à distance" in out
    # One ballot of six cannot close a vote: the outcome can still change.
    assert "ne peut pas encore être fermé : 1 bulletin(s) sur 6" in out
    assert "Annonce — résultat du vote n° 1" in out
    # The board's quorum is a majority of the 6 directors in office: 4 ballots.
    assert "Aucune décision : quorum non atteint (1 bulletin(s), 4 requis)" in out
    assert "Traceback" not in out + done.stderr


async def test_the_option_grammar_is_strict_in_the_console(console: Console):
    out = await console.run("/vote proposer Que le CA destitue la présidente secret")
    assert "scrutin secret" in out and "présidente secret" not in out
    out = await console.run("/vote proposer Que le CA vende l’auto (vote secret)")
    assert "scrutin secret" in out and "(vote secret)" not in out
    out = await console.run("/vote proposer Que le CA adopte X. majorité = 2/3 délai=48 h")
    assert "deux tiers des voix exprimées" in out and "majorité =" not in out
    out = await console.run("/vote proposer Que le CA adopte Y. majorité=deux tiers quorum=50 %")
    assert "deux tiers des voix exprimées" in out and "quorum de 50 %" in out
    out = await console.run("/vote proposer Que le CA adopte Z. délai=2026-12-05 17:00")
    assert "samedi 5 décembre 2026 à 17 h 00" in out
    # Unreadable or contradictory: refused, named, nothing created.
    out = await console.run("/vote proposer Que le CA adopte W. majorité=beaucoup")
    assert "« beaucoup »" in out and "2/3" in out
    out = await console.run("/vote proposer Que le CA adopte W. secret nominal")
    assert "contradictoires" in out and "secret / nominal" in out
    out = await console.run("/vote proposer Que le CA adopte W. quorum=7")
    assert "Quorum impossible" in out
    assert "Proposition n° 6" not in await console.run("/votes")
    out = await console.run("/sondage Quel thème ? | Climat | Logement | Emploi anonyme")
    assert "3. Emploi" in out and "Emploi anonyme" not in out


async def test_small_console_defects(console: Console):
    assert "6 administrateurs" in (await console.run("/demo"))
    out = await console.run("/vote appuyer abc")
    assert "« abc »" in out and "Annulé" not in out
    out = await console.run("/registre exporter 0000")
    assert "Année illisible" in out
    out = await console.run("/registre exporter 2026")
    assert "aucun fichier écrit" in out
    out = await console.run("/en-tant-que Ève\x1b[31m\x07 Rouge")
    assert "\x1b" not in out and "\x07" not in out
    await console.run("/sondage Combien ? | 2 | 4 | 6")
    out = await console.run("/repondre 1 2")
    assert "Vote enregistré au n° 1 : 4." in out  # position 2, labelled « 4 »


async def test_a_consultation_is_ratified_at_a_meeting(console: Console):
    await console.run("/vote regles distance=enteriner")
    await console.run("/vote proposer Que le CA achète un local. sans-appui délai=24h")
    for name in ("Sophie", "Marc", "Amina", "Isabelle"):
        await console.run(f"/en-tant-que {name}")
        await console.run("/vote pour 1")
    await console.run("/en-tant-que moi")
    out = await console.run("/demo avancer 1j")
    assert "consultation à entériner" in out
    assert "à entériner" in await console.run("/registre")
    out = await console.run("/vote enteriner 1 2026-12-10")
    assert "Résolution CA-2026-001" in out
    assert "entérinée en réunion le 10 décembre 2026" in await console.run(
        "/registre extrait CA-2026-001"
    )
