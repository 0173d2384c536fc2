"""`coopilote advise`: the stable JSON contract, batches, and bad input, as a real process."""

from __future__ import annotations

import json
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from bot.core.advisor.referentiel import COSTS, HOSTINGS, load
from tests.helpers import run_coopilote

NAMES = {f.name for f in load().families}
TOOL_FIELDS = {
    "nom",
    "site",
    "libre",
    "cout",
    "interface_fr",
    "hebergement",
    "quebec_canada",
    "donnees_canada",
    "equipe",
}


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> CompletedProcess[str]:
    return run_coopilote(
        *args, data_dir=cwd / "data" if cwd is not None else None, stdin=stdin, cwd=cwd
    )


def test_json_contract():
    out = run("advise", "--json", "--top", "2", "organiser un vote électronique")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == {"query", "families"}
    assert data["query"] == "organiser un vote électronique"
    assert 1 <= len(data["families"]) <= 2
    assert data["families"][0]["famille"] == "Vote en ligne"
    for entry in data["families"]:
        assert set(entry) == {"famille", "score", "tools"}
        assert entry["famille"] in NAMES
        assert isinstance(entry["score"], int | float)
        catalog = {t.name for t in load().tools_for(entry["famille"])}
        assert {t["nom"] for t in entry["tools"]} == catalog  # every tool, once
        for tool in entry["tools"]:
            assert set(tool) == TOOL_FIELDS
            assert tool["site"].startswith("https://")
            assert isinstance(tool["libre"], bool) and isinstance(tool["interface_fr"], bool)
            assert tool["cout"] in COSTS and tool["hebergement"] in HOSTINGS
            assert tool["donnees_canada"] in (True, False, None)
    scores = [e["score"] for e in data["families"]]
    assert scores == sorted(scores, reverse=True)


def test_json_tools_are_in_the_order_the_console_shows(tmp_path: Path):
    need = "vendre des billets pour notre spectacle-bénéfice"
    data = json.loads(run("advise", "--json", "--top", "1", need).stdout)
    shortlist = [t["nom"] for t in data["families"][0]["tools"][:3]]
    text = run("advise", "--top", "1", need, cwd=tmp_path).stdout
    shown = [
        line.split("•", 1)[1].split(" — ")[0].strip() for line in text.splitlines() if "•" in line
    ]
    assert shown[:3] == shortlist
    # The shortlist fits the need: ticketing, not the family's other tools.
    assert set(shortlist) & {"Lepointdevente.com", "Zeffy", "Simplyk", "Eventbrite"}


def test_catalog_check_passes_on_the_shipped_catalog():
    out = run("catalog", "check")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("Catalogue valide : ")
    assert "39 familles" in out.stdout


def test_nothing_fits_gives_an_empty_list():
    out = run("advise", "--json", "--top", "3", "horaire du match de hockey ce soir")
    assert json.loads(out.stdout) == {"query": "horaire du match de hockey ce soir", "families": []}


def test_batch_keeps_order_and_count(tmp_path: Path):
    needs = ["envoyer une infolettre", "zzzz", "", "réunion vidéo", "chaîne de blocs"]
    batch = tmp_path / "needs.txt"
    batch.write_text("\n".join(needs) + "\n", encoding="utf-8")
    out = run("advise", "--json", "--top", "3", "--batch", str(batch))
    assert out.returncode == 0, out.stderr
    objects = [json.loads(line) for line in out.stdout.splitlines()]
    assert [o["query"] for o in objects] == needs
    assert objects[0]["families"][0]["famille"] == "Infolettre"
    assert objects[1]["families"] == [] and objects[2]["families"] == []
    assert objects[3]["families"][0]["famille"] == "Webconférence"


def test_batch_from_stdin():
    out = run("advise", "--json", "--batch", "-", stdin="podcast\nIA\n")
    families = [json.loads(line)["families"][0]["famille"] for line in out.stdout.splitlines()]
    assert families == ["Podcast et blogues vidéos", "Intelligence artificielle"]


@pytest.mark.parametrize(
    "need",
    ["", "🙂🙂🙂", "x" * 10_000, "\x01\x02\x1b[2J", "'; DROP TABLE x; --", "# Titre\n**gras**"],
)
def test_bad_input_gives_json_not_a_traceback(need: str):
    out = run("advise", "--json", "--top", "3", need)
    assert out.returncode == 0
    assert "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    assert data["query"] == need and len(data["families"]) <= 3


@pytest.mark.parametrize("need", ["", "🙂", "x" * 10_000, "\x01\x1b[2J infolettre"])
def test_bad_input_in_text_mode(need: str, tmp_path: Path):
    out = run("advise", need, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert out.stdout.strip()


def test_text_mode_is_the_console_answer(tmp_path: Path):
    out = run("advise", "envoyer une infolettre", cwd=tmp_path)
    assert "Infolettre" in out.stdout
    assert "Outils suggérés" in out.stdout


def test_clear_messages_for_wrong_options(tmp_path: Path):
    out = run("advise", "--json", "--top", "0", "vote")
    assert out.returncode == 2 and "--top" in out.stderr
    out = run("advise", "--json", "--batch", str(tmp_path / "absent.txt"))
    assert out.returncode == 2 and "Impossible de lire" in out.stderr
    assert "Traceback" not in out.stderr


def test_help_is_french():
    out = run("--help")
    assert out.returncode == 0
    assert "utilisation" in out.stdout and "commandes" in out.stdout
    out = run("advise", "--help")
    assert "BESOIN" in out.stdout and "afficher cette aide" in out.stdout


def test_a_message_that_is_not_a_need_gets_no_families():
    """News, logistics and talk about the bot: the CLI answers with no families (issue 8)."""
    messages = [
        "notre comptable a trouvé une erreur dans le rapport financier",
        "la rencontre du comité est déplacée à mercredi 18 h",
        "le bot m'a répondu n'importe quoi hier",
    ]
    out = run("advise", "--json", "--batch", "-", stdin="\n".join(messages) + "\n")
    assert out.returncode == 0, out.stderr
    objects = [json.loads(line) for line in out.stdout.splitlines()]
    assert [o["query"] for o in objects] == messages
    assert [o["families"] for o in objects] == [[], [], []]


def test_payroll_and_payments_part_ways():
    out = run("advise", "--json", "--batch", "-", stdin="logiciel de paie\npaiement en ligne\n")
    first = [json.loads(line)["families"][0]["famille"] for line in out.stdout.splitlines()]
    assert first == ["Comptabilité", "Paiement en ligne"]
