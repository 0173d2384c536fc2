"""`coopilote audit verify` as an operator runs it: a real process on a real database."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from bot.core.app import open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from tests.conftest import COMMUNITY, actor, make_settings
from tests.helpers import run_coopilote


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_coopilote(*args, data_dir=data_dir)


async def test_audit_verify_ok_then_tampering_detected(tmp_path: Path):
    data = tmp_path / "data"
    services = await open_services(make_settings(data), clock=FakeClock())
    try:
        await services.communities.sync_members(
            COMMUNITY, [MemberInfo(f"u-{n}", n, frozenset({"CA"})) for n in ("a", "b", "c")]
        )
        view = await services.decisions.propose(
            actor("a", "CA"), "Texte.", choices=RuleChoices(seconder=False)
        )
        await services.decisions.cast(actor("b", "CA"), view.number, "pour")
    finally:
        await services.close()

    ok = run(data, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("OK : journal d’audit intact (3 événements")

    with sqlite3.connect(data / "coopilote.db") as db:
        db.execute(
            'UPDATE audit_events SET data = \'{"number": 1, "choice": "contre"}\' WHERE seq = 3'
        )
    bad = run(data, "audit", "verify")
    assert bad.returncode == 1
    assert "ALTÉRATION DÉTECTÉE" in bad.stdout
    assert "console:test-coop : modifié — événement 3" in bad.stdout

    with sqlite3.connect(data / "coopilote.db") as db:
        db.execute("DELETE FROM audit_events WHERE seq = 3")
    gone = run(data, "--lang", "en", "audit", "verify")
    assert gone.returncode == 1 and "deleted — event 3" in gone.stdout


async def test_audit_verify_names_a_tampered_vote_and_checks_a_published_head(tmp_path: Path):
    data = tmp_path / "data"
    services = await open_services(make_settings(data), clock=FakeClock())
    try:
        await services.communities.sync_members(
            COMMUNITY, [MemberInfo(f"u-{n}", n, frozenset({"CA"})) for n in ("a", "b", "c")]
        )
        view = await services.decisions.propose(
            actor("a", "CA"), "Texte.", choices=RuleChoices(seconder=False)
        )
        for name in ("a", "b", "c"):
            await services.decisions.cast(actor(name, "CA"), view.number, "pour")
        closed = await services.decisions.show(actor("a", "CA"), view.number)
        assert closed.head is not None
        head = f"{closed.head[0]}:{closed.head[1][:16]}"
    finally:
        await services.close()

    assert run(data, "audit", "verify", "--expect", head).returncode == 0
    with sqlite3.connect(data / "coopilote.db") as db:
        db.execute("UPDATE votes SET text = 'Texte falsifié.'")
    bad = run(data, "audit", "verify", "--expect", head)
    assert bad.returncode == 1
    assert "vote différent du journal — vote n° 1 [text]" in bad.stdout
    unknown = run(data, "audit", "verify", "--expect", "99:0123456789abcdef")
    assert unknown.returncode == 1 and "tête publiée introuvable" in unknown.stdout
    assert run(data, "audit", "verify", "--expect", "n'importe").returncode == 2


def test_audit_verify_help_says_usage_once(tmp_path: Path):
    done = run(tmp_path / "data", "audit", "verify", "--help")
    assert done.returncode == 0
    assert done.stdout.count("utilisation :") == 1 and "--expect" in done.stdout
