"""/coopilote in the console, driven through a pipe: the console's community, its owner is admin."""

from __future__ import annotations

from pathlib import Path

from bot.core.errors import PermissionDenied
from tests.helpers import run_coopilote


def test_the_console_owner_configures_the_console_community(tmp_path: Path):
    data = tmp_path / "data"
    lines = [
        "/aide",
        "/coopilote",
        "/coopilote langue en",
        "/coopilote fuseau America/Toronto",
        "/coopilote distance entériner",
        "/coopilote distance reglements",
        "/coopilote role-ca Conseil",
        "/coopilote appui=non rappels=12h,30min",
        "/coopilote voir",
        "/en-tant-que Sophie",  # a board member (the configured board role), not an admin
        "/coopilote fuseau America/Vancouver",
        "/en-tant-que moi",
        "/coopilote timezone Mars/Olympus",
    ]
    out = run_coopilote(data_dir=data, stdin="\n".join(lines) + "\n", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Traceback" not in text + out.stderr
    # The help lists the command and how it is typed.
    assert "/coopilote [réglage valeur]" in text and "/coopilote langue fr|en" in text
    # First look: the defaults, and how to change them.
    first = text.split("Configuration de Coopilote", 1)[1]
    assert "Langue : fr" in first and "Fuseau horaire : America/Montreal" in first
    assert "Pour changer un réglage : /coopilote langue en" in first
    for saved in ("Langue", "Fuseau horaire", "Votes à distance", "Rôle du CA"):
        assert f"Enregistré : {saved}." in text
    assert "Enregistré : Appui requis, Rappels." in text
    # /coopilote voir, the last configuration shown before Sophie: everything as set.
    seen = _last_configuration(text)
    assert "Rôle du CA : Conseil" in seen
    assert "Langue : en" in seen and "Fuseau horaire : America/Toronto" in seen
    assert "permis par les règlements" in seen and "appui requis : non" in seen
    assert "rappels 12 h, 30 min avant l’échéance" in seen
    # Sophie takes the configured board role, and may not configure.
    assert "Conseil" in text.split("Sophie", 1)[1]
    assert PermissionDenied().message("fr") in text
    assert "Entrée invalide : Mars/Olympus" in text


def _last_configuration(text: str) -> str:
    """The last « Configuration de Coopilote » block shown."""
    return text.rsplit("Configuration de Coopilote", 1)[1]
