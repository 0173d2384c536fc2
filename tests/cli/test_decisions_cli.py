"""The two contracts automated checks use: `/demo avancer` and `decisions export --json`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_coopilote


def test_a_whole_vote_alone_then_the_register_as_json(tmp_path: Path):
    data = tmp_path / "data"
    script = "\n".join(
        [
            "/demo",
            "/vote proposer Que le conseil adopte le budget 2027. titre=Budget délai=72h",
            "/en-tant-que Sophie",
            "/vote appuyer 1",
            "/vote pour 1",
            "/en-tant-que Marc",
            "/vote pour 1",
            "/en-tant-que Amina",
            "/vote contre 1",
            "/en-tant-que Jean-François",
            "/vote pour 1",
            "/en-tant-que moi",
            "/vote proposer Que le CA fixe les salaires. secret sans-appui",
            "/vote pour 2",
            "/sondage Quel traiteur ? | Chez Ginette | La Coop du coin",
            "/repondre 3 2",
            "/demo avancer 3j",
            "/quitter",
        ]
    )
    console = run_coopilote("console", data_dir=data, stdin=script)
    assert console.returncode == 0, console.stderr
    assert "Horloge de la console avancée de 3 jours" in console.stdout
    # The motion, the secret vote and the poll (48 h by default) all closed.
    assert console.stdout.count("Annonce — résultat du vote") == 3

    done = run_coopilote("decisions", "export", "--json", data_dir=data)
    assert done.returncode == 0, done.stderr
    votes = {v["number"]: v for v in json.loads(done.stdout)["votes"]}
    motion = votes[1]
    assert motion["kind"] == "motion" and motion["body"] == "ca" and motion["title"] == "Budget"
    assert motion["text"] == "Que le conseil adopte le budget 2027."
    assert (motion["status"], motion["outcome"], motion["binding"]) == (
        "closed",
        "adopted",
        "resolution",
    )
    assert motion["resolution"] == "CA-2026-001" or motion["resolution"].startswith("CA-")
    assert (motion["electorate"], motion["recused"], motion["ballots"]) == (6, 0, 4)
    assert motion["counts"] == {"pour": 3, "contre": 1, "abstention": 0}
    assert motion["opened_at"] and motion["closes_at"] and motion["closed_at"]
    # The secret vote with one ballot: no decision (quorum), and no counts below 3 ballots.
    secret = votes[2]
    assert secret["secret"] is True and secret["counts"] is None
    assert secret["outcome"] == "no_quorum" and secret["ballots"] == 1
    poll = votes[3]
    assert poll["kind"] == "poll" and poll["body"] == "membres" and poll["status"] == "closed"
    assert poll["counts"] == {"Chez Ginette": 0, "La Coop du coin": 1}
    assert poll["outcome"] is None and poll["binding"] is None and poll["closed_at"]
    # Never a voter's name anywhere in the export.
    for name in ("Sophie", "Marc", "Amina", "Jean-François"):
        assert name not in done.stdout
    assert set(motion) == {
        "number", "kind", "body", "text", "title", "secret", "status", "outcome", "binding",
        "resolution", "electorate", "recused", "ballots", "counts", "opened_at", "closes_at",
        "closed_at",
    }  # fmt: skip


def test_export_of_an_empty_folder(tmp_path: Path):
    done = run_coopilote("decisions", "export", "--json", data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"votes": []}
