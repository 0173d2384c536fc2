"""`coopilote export` and `coopilote import` as an operator runs them: real processes."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

from bot.core.actor import CommunityRef
from bot.core.app import open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from tests.conftest import COMMUNITY, OTHER_COMMUNITY, make_settings
from tests.core.archive_data import fill_db, people
from tests.helpers import run_coopilote
from tests.pg import PostgresRun

# Another community with the same name as the test one, on another platform.
NAMESAKE = CommunityRef("discord", "1234", "Coop de test")


def _counts(data: Path) -> dict[str, int]:
    with sqlite3.connect(data / "coopilote.db") as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


async def test_export_then_import_into_a_new_database(tmp_path: Path):
    source = tmp_path / "source"
    await fill_db(make_settings(source), FakeClock(), COMMUNITY, OTHER_COMMUNITY)
    services = await open_services(make_settings(source), clock=FakeClock())
    try:
        await services.communities.sync_members(NAMESAKE, [MemberInfo("u-x", "X", frozenset())])
    finally:
        await services.close()

    listed = run_coopilote("export", "--liste", data_dir=source)
    assert listed.returncode == 0, listed.stderr
    assert "console:test-coop" in listed.stdout and "discord:1234" in listed.stdout

    archive = tmp_path / "sauvegardes" / "coop.json"
    archive.parent.mkdir()
    ambiguous = run_coopilote("export", "Coop de test", str(archive), data_dir=source)
    assert ambiguous.returncode == 1
    assert "Plusieurs communautés portent ce nom" in ambiguous.stderr
    assert "discord:1234" in ambiguous.stderr and not archive.exists()
    unknown = run_coopilote("export", "Personne", str(archive), data_dir=source)
    assert unknown.returncode == 1 and "Communauté inconnue : Personne" in unknown.stderr

    done = run_coopilote("export", "console:test-coop", str(archive), data_dir=source)
    assert done.returncode == 0, done.stderr
    assert "Communauté console:test-coop (Coop de test) sauvegardée" in done.stdout
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    document = json.loads(archive.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("coopilote-community", 1)
    assert [p.name for p in archive.parent.iterdir()] == ["coop.json"]
    again = run_coopilote("export", "console:test-coop", str(archive), data_dir=source)
    assert again.returncode == 1 and "le fichier existe déjà" in again.stderr
    by_number = run_coopilote("export", "1", str(archive), "--remplacer", data_dir=source)
    assert by_number.returncode == 0, by_number.stderr

    target = tmp_path / "target"
    restored = run_coopilote("import", str(archive), data_dir=target)
    assert restored.returncode == 0, restored.stderr
    assert "Communauté console:test-coop importée" in restored.stdout
    assert "Identifiants conservés" in restored.stdout
    assert "Journal d’audit vérifié" in restored.stdout
    assert run_coopilote("audit", "verify", data_dir=target).returncode == 0
    before = _counts(target)

    twice = run_coopilote("import", str(archive), data_dir=target)
    assert twice.returncode == 1
    assert twice.stderr.strip() == (
        "Refusé : la communauté console:test-coop existe déjà dans cette base : "
        "rien n’a été importé"
    )
    english = run_coopilote("--lang", "en", "import", str(archive), data_dir=target)
    assert "Refused: community console:test-coop already exists" in english.stderr
    assert _counts(target) == before

    corrupt = tmp_path / "corrompue.json"
    corrupt.write_text(archive.read_text(encoding="utf-8")[:500], encoding="utf-8")
    bad = run_coopilote("import", str(corrupt), data_dir=target)
    assert bad.returncode == 1
    assert "ce fichier n’est pas une archive Coopilote (JSON illisible ou tronqué)" in bad.stderr
    practices = tmp_path / "pratiques.json"
    practices.write_text('{"format": "coopilote-practices", "version": 2}', encoding="utf-8")
    wrong = run_coopilote("import", str(practices), data_dir=target)
    assert wrong.returncode == 1 and "format attendu : coopilote-community" in wrong.stderr
    assert _counts(target) == before


async def test_import_beside_other_communities_then_on_postgresql(
    postgres: PostgresRun, tmp_path: Path
):
    source, target = tmp_path / "source", tmp_path / "target"
    await fill_db(make_settings(source), FakeClock(), COMMUNITY)
    await fill_db(make_settings(target), FakeClock(), OTHER_COMMUNITY)
    archive = tmp_path / "coop.json"
    done = run_coopilote("export", "console:test-coop", str(archive), data_dir=source)
    assert done.returncode == 0, done.stderr

    # A head published by the source (printed with each result) is checked on the archive.
    exported = json.loads(archive.read_text(encoding="utf-8"))
    seq, digest = exported["tables"]["votes"][0]["result"]["audit"]
    head = f"{seq}:{digest[:16]}"
    checked = run_coopilote("import", str(archive), "--verifier", "--attendu", head)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("OK : archive de console:test-coop intacte (")
    assert "Tête publiée trouvée." in checked.stdout
    missing = run_coopilote("import", str(archive), "--verifier", "--attendu", f"{seq}:00000000")
    assert missing.returncode == 1 and "n’est pas dans le journal de l’archive" in missing.stderr

    beside = run_coopilote("--lang", "en", "import", str(archive), data_dir=target)
    assert beside.returncode == 0, beside.stderr
    assert "New ids in this database: the audit chain was sealed again" in beside.stdout
    assert "Audit log verified" in beside.stdout
    assert run_coopilote("audit", "verify", data_dir=target).returncode == 0

    with postgres.empty_database() as url:
        (tmp_path / ".env").write_text(f"COOPILOTE_DATABASE_URL={url}\n")
        on_pg = run_coopilote("import", str(archive), cwd=tmp_path)
        assert on_pg.returncode == 0, on_pg.stderr
        assert "Identifiants conservés" in on_pg.stdout
        verify = run_coopilote("audit", "verify", cwd=tmp_path)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        back = tmp_path / "back.json"
        out = run_coopilote("export", "Coop de test", str(back), cwd=tmp_path)
        assert out.returncode == 0, out.stderr
    assert json.loads(back.read_text(encoding="utf-8"))["tables"] == exported["tables"]


async def test_export_refused_while_a_secret_vote_is_open(tmp_path: Path):
    data = tmp_path / "data"
    clock = FakeClock()
    await fill_db(make_settings(data), clock, COMMUNITY)
    services = await open_services(make_settings(data), clock=clock)
    try:
        p = people(COMMUNITY)
        vote = await services.decisions.propose(
            p["Sophie"], "Que le CA fixe un salaire.", choices=RuleChoices(secret=True)
        )
        await services.decisions.second(p["Marc"], vote.number)
        await services.decisions.cast(p["Luc"], vote.number, "pour")
    finally:
        await services.close()
    archive = tmp_path / "coop.json"
    refused = run_coopilote("export", "console:test-coop", str(archive), data_dir=data)
    assert refused.returncode == 1
    assert "Refusé : un vote secret est ouvert dans cette communauté" in refused.stderr
    assert not archive.exists()
