"""A community archived on one engine and restored on the other: SQLite → PostgreSQL → SQLite."""

from __future__ import annotations

from pathlib import Path

from bot.core.app import open_services
from bot.core.archive import export_community, find, import_community, read_archive, write_archive
from bot.core.clock import FakeClock
from bot.core.decisions.audit import verify
from tests.conftest import COMMUNITY, OTHER_COMMUNITY, make_settings
from tests.core.archive_data import all_rows, fill, fill_db, natural, people
from tests.pg import PostgresRun


async def _export_to(settings, clock: FakeClock, path: Path, key: str) -> dict:  # type: ignore[no-untyped-def]
    services = await open_services(settings, clock=clock)
    try:
        [community] = await find(services.db, key)
        document = await export_community(services.db, community.id, clock.now())
    finally:
        await services.close()
    write_archive(path, document, replace=True)
    return document


async def test_sqlite_to_postgresql_and_back(postgres: PostgresRun, tmp_path: Path):
    clock = FakeClock()
    source = make_settings(tmp_path / "source")
    await fill_db(source, clock)
    source_services = await open_services(source, clock=clock)
    try:
        before = await all_rows(source_services.db)
    finally:
        await source_services.close()
    archive = tmp_path / "coop.json"
    await _export_to(source, clock, archive, "console:test-coop")

    back = make_settings(tmp_path / "back")
    with postgres.empty_database() as url:
        on_pg = make_settings(tmp_path / "pg", database_url=url)
        services = await open_services(on_pg, clock=clock)
        try:
            report = await import_community(services.db, read_archive(archive), clock.now())
            assert report.ids_kept
            assert await all_rows(services.db) == before
            assert (await verify(services.db)).ok
            # Life goes on on PostgreSQL before the way back.
            p = people(COMMUNITY)
            await services.decisions.cast(p["Amina"], 3, "pour")
            after = await all_rows(services.db)
        finally:
            await services.close()
        await _export_to(on_pg, clock, archive, "console:test-coop")

    services = await open_services(back, clock=clock)
    try:
        await import_community(services.db, read_archive(archive), clock.now())
        assert await all_rows(services.db) == after
        audit = await verify(services.db)
        assert audit.ok and audit.events == len(after["audit_events"])
    finally:
        await services.close()


async def test_postgresql_to_a_sqlite_file_with_another_community(
    postgres: PostgresRun, tmp_path: Path
):
    clock = FakeClock()
    archive = tmp_path / "coop.json"
    with postgres.empty_database() as url:
        on_pg = make_settings(tmp_path / "pg", database_url=url)
        await fill_db(on_pg, clock, OTHER_COMMUNITY, COMMUNITY)  # ours has the higher ids
        document = await _export_to(on_pg, clock, archive, "console:test-coop")
    target = make_settings(tmp_path / "target")
    services = await open_services(target, clock=clock)
    try:
        await fill(services, clock, OTHER_COMMUNITY)
        report = await import_community(services.db, read_archive(archive), clock.now())
        # Our ids were free here (the other community took only the low ones): kept.
        assert report.ids_kept
        assert (await verify(services.db)).ok
        [ours] = await find(services.db, "console:test-coop")
        again = await export_community(services.db, ours.id, clock.now())
        assert again["tables"] == document["tables"]
        assert natural(again) == natural(document)
    finally:
        await services.close()
