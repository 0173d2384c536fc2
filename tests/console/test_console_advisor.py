"""The console as a user drives it: commands piped in, answers read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import run_coopilote


def console(tmp_path: Path, *lines: str) -> subprocess.CompletedProcess[str]:
    return run_coopilote(data_dir=tmp_path / "data", stdin="\n".join(lines) + "\n", cwd=tmp_path)


def test_no_platform_starts_the_console_on_sqlite(tmp_path: Path):
    out = console(tmp_path, "/aide")
    assert out.returncode == 0, out.stderr
    assert "/outil" in out.stdout and "/referentiel" in out.stdout
    assert (tmp_path / "data" / "coopilote.db").exists()


def test_outil_and_plain_text_ask_the_advisor(tmp_path: Path):
    out = console(tmp_path, "/outil envoyer une infolettre", "réunion vidéo avec les régions")
    assert "1. Infolettre" in out.stdout
    assert "1. Webconférence" in out.stdout
    assert "Outils suggérés" in out.stdout


def test_referentiel_browsing(tmp_path: Path):
    out = console(
        tmp_path,
        "/referentiel",
        "/referentiel champ gestion démocratique",
        "/referentiel famille infolettre",
        "/referentiel famille rien du tout qui existe",
        "/referentiel champ inexistant",
    )
    text = out.stdout
    assert "Opérations financières" in text  # a section
    assert "Champ d’application : Gestion démocratique" in text
    assert "Section : Communications" in text
    assert "Famille inconnue" in text
    assert "Champ d’application inconnu" in text


def test_english_on_request(tmp_path: Path):
    out = console(tmp_path, "/langue en", "/outil send a newsletter")
    assert "Suggested tools" in out.stdout


def test_bad_input_gets_a_message_never_a_traceback(tmp_path: Path):
    out = console(
        tmp_path,
        "/commande-inconnue",
        "/outil",
        "/outil " + "x" * 10_000,
        "/outil 🙂🙂",
        "/outil \x01\x02\x1b[2J",
        "/outil '; DROP TABLE communities; --",
        "/outil horaire du match de hockey ce soir",
        "x" * 30_000,
        "/quitter",
        "/outil jamais lu",
    )
    assert out.returncode == 0
    assert "Traceback" not in out.stdout + out.stderr
    assert "Commande inconnue" in out.stdout
    assert "Décrivez votre besoin" in out.stdout
    assert "Je n’ai rien trouvé" in out.stdout
    assert "Ligne trop longue" in out.stdout
    assert "jamais lu" not in out.stdout  # stopped at /quitter


def test_plain_text_that_is_not_a_need_gets_no_families(tmp_path: Path):
    """A message that is not a need (news naming a family's words) shows no family."""
    out = console(tmp_path, "notre comptable a trouvé une erreur dans le rapport financier")
    assert out.returncode == 0, out.stderr
    assert "Je n’ai rien trouvé" in out.stdout
    assert "Outils suggérés" not in out.stdout and "1. " not in out.stdout
