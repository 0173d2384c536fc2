"""/moi donnees and /moi effacer in the console (Loi 25)."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

from bot.core.app import Services
from tests.helpers import Console


def _read(path: Path) -> tuple[int, dict]:
    return stat.S_IMODE(path.stat().st_mode), json.loads(path.read_text(encoding="utf-8"))


async def test_my_data_is_written_to_a_file_only_i_can_read(services: Services):
    console = Console(services)
    await services.practices.post(console.app.ctx.actor, {"title": "Ma fiche", "actions": "Fait."})
    out = await console.run("/moi donnees")
    found = re.search(r"fichier (\S+\.json)", out)
    assert found, out
    mode, data = _read(Path(found.group(1)))
    assert mode == 0o600
    assert data["profile"]["user_id"] == "console:owner"
    assert [p["title"] for p in data["practices"]] == ["Ma fiche"]
    assert "1 pratique(s)" in out and "/moi effacer" in out


async def test_erasing_explains_what_the_law_keeps_and_asks_first(services: Services):
    console = Console(services)
    owner = console.app.ctx.actor
    await services.practices.post(owner, {"title": "Ma fiche", "actions": "Fait."})
    out = await console.run("/moi effacer", "non", "peut-être")
    assert "registre des décisions" in out and "journal d’audit" in out
    assert "Rien n’a été effacé." in out
    assert (await services.practices.view(owner, 1)).author != "ancien·ne membre"
    out = await console.run("/moi effacer", "oui", "EFFACER")
    assert "C’est fait." in out and "1 pratique(s)." in out
    assert (await services.practices.recent(owner)).total == 0
