"""`coopilote practices search --json` as a script runs it: a real process, the console's base."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_coopilote

CORPUS = Path(__file__).resolve().parents[1] / "core" / "practices" / "data" / "dev_corpus.json"


def test_search_json_contract(tmp_path: Path):
    data = tmp_path / "data"
    loaded = run_coopilote("practices", "import", str(CORPUS), data_dir=data)
    assert loaded.returncode == 0, loaded.stderr

    found = run_coopilote(
        "practices", "search", "--json", "--top", "2", "crowdfunding", data_dir=data
    )
    assert found.returncode == 0, found.stderr
    answer = json.loads(found.stdout)
    assert set(answer) == {"query", "results", "relaxed"}
    assert answer["query"] == "crowdfunding" and answer["relaxed"] is False
    assert len(answer["results"]) == 2
    first = answer["results"][0]
    assert set(first) == {"id", "title", "score"}
    assert isinstance(first["id"], int) and isinstance(first["score"], float)
    titles = {r["title"] for r in answer["results"]}
    assert titles == {
        "Une campagne de sociofinancement pour la nouvelle cuisine",
        "Crowdfunding our community bakery",
    }
    assert answer["results"][0]["score"] >= answer["results"][1]["score"]

    # Nothing relevant: an empty list, not weak matches.
    none = run_coopilote("practices", "search", "--json", "recette de tarte", data_dir=data)
    assert json.loads(none.stdout)["results"] == []
    text = run_coopilote("practices", "search", "recette de tarte", data_dir=data)
    assert text.stdout.strip() == "Rien de pertinent trouvé."


def test_search_refuses_bad_arguments_clearly(tmp_path: Path):
    data = tmp_path / "data"
    bad = run_coopilote("practices", "search", "--top", "0", "vote", data_dir=data)
    assert bad.returncode == 1 and "--top doit être entre 1 et 50." in bad.stderr
    empty = run_coopilote("practices", "search", "--json", "le la les", data_dir=data)
    assert empty.returncode == 1 and empty.stdout == ""
