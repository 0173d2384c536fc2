"""`coopilote db copy`: a whole database from SQLite to PostgreSQL and back, without loss."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.console.notifier import ConsoleNotifier
from bot.core.app import open_services
from bot.core.clock import FakeClock
from bot.core.copying import copy_order
from bot.core.db import Database
from tests.conftest import make_settings
from tests.helpers import Console, run_coopilote
from tests.pg import PostgresRun


async def _rows(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every model table, in primary key order."""
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            found: dict[str, list[dict[str, Any]]] = {}
            for table in copy_order():
                result = await conn.execute(select(table).order_by(*table.primary_key.columns))
                found[table.name] = [dict(r) for r in result.mappings()]
            return found
    finally:
        await db.dispose()


async def _fill(data: Path, clock: FakeClock) -> None:
    """A board with a closed secret vote, an open nominal one, and the demo practices."""
    services = await open_services(make_settings(data), clock=clock, notifier=ConsoleNotifier())
    try:
        console = Console(services)
        await console.run("/demo")
        await console.run("/vote proposer Que le CA adopte le budget. délai=24h secret")
        await console.run("/en-tant-que Sophie")
        await console.run("/vote appuyer 1")
        await console.run("/vote pour 1")
        await console.run("/en-tant-que Marc")
        await console.run("/vote contre 1")
        await console.run("/vote proposer Que le CA tienne son AGA en juin. délai=48h")
        await console.run("/en-tant-que Amina")
        await console.run("/vote appuyer 2")
        await console.run("/vote pour 2")
        clock.advance(hours=25)
        await console.tick()  # the secret vote closes, the other stays open
    finally:
        await services.close()
    done = run_coopilote("demo", data_dir=data)
    assert done.returncode == 0, done.stderr


async def test_copy_sqlite_to_postgresql_and_back(postgres: PostgresRun, tmp_path: Path):
    source = tmp_path / "source"
    await _fill(source, FakeClock())
    source_url = f"sqlite:///{source / 'coopilote.db'}"
    before = await _rows(source_url)
    for table in ("communities", "members", "votes", "ballots", "audit_events", "practices"):
        assert before[table], f"the source has no {table}"
    # A closed secret vote keeps no ballot; the open nominal one does.
    assert {b["vote_id"] for b in before["ballots"]} == {2}

    back = tmp_path / "back" / "coopilote.db"
    back.parent.mkdir()
    with postgres.empty_database() as pg_url:
        pg_plain = pg_url.replace("+asyncpg", "")
        done = run_coopilote("db", "copy", "--from", source_url, "--to", pg_plain)
        assert done.returncode == 0, done.stderr
        assert "Journal d’audit vérifié sur la copie" in done.stdout
        assert await _rows(pg_url) == before

        # A non-empty target is refused, and left as it was.
        again = run_coopilote("db", "copy", "--from", source_url, "--to", pg_plain)
        assert again.returncode == 1
        assert "Copie refusée : la base cible n’est pas vide" in again.stderr
        assert await _rows(pg_url) == before

        # The copy works as a database: new rows get new ids, the chain goes on.
        services = await open_services(
            make_settings(tmp_path / "pg", database_url=pg_url),
            clock=FakeClock(),
            notifier=ConsoleNotifier(),
        )
        try:
            console = Console(services)
            await console.run("/en-tant-que Sophie")
            out = await console.run("/vote proposer Que le CA adopte le plan. délai=48h")
            assert "n° 3" in out
        finally:
            await services.close()
        (tmp_path / ".env").write_text(f"COOPILOTE_DATABASE_URL={pg_plain}\n")
        verify = run_coopilote("audit", "verify", cwd=tmp_path)
        assert verify.returncode == 0, verify.stdout + verify.stderr

        # And back to a new SQLite file: the same rows as after the new proposal.
        after = await _rows(pg_url)
        done = run_coopilote(
            "--lang", "en", "db", "copy", "--from", pg_plain, "--to", f"sqlite:///{back}"
        )
        assert done.returncode == 0, done.stderr
        assert "Audit log verified on the copy" in done.stdout
        # The search index is derived data: the SQLite copy's is rebuilt, and searchable.
        published = sum(p["status"] == "published" for p in after["practices"])
        assert f"Search index rebuilt: {published} practices." in done.stdout
    assert await _rows(f"sqlite:///{back}") == after
    assert len(after["votes"]) == len(before["votes"]) + 1
