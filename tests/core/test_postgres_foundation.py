"""The foundation's database tests (tests/core/test_foundation.py) on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.app import Services
from bot.core.migrate import current_revision, head_revision
from bot.settings import Settings
from tests.core.test_foundation import (  # noqa: F401  (the same tests, once per engine)
    test_communities_are_separate,
    test_member_roles_follow_the_platform,
    test_migrations_match_the_models,
    test_only_admins_change_settings,
    test_sync_members_marks_departures_inactive,
)
from tests.helpers import run_coopilote
from tests.pg import PostgresRun


@pytest.fixture
def settings(engine_settings: Settings) -> Settings:
    """The suite's `settings`, once per engine (the `services` fixture is built on it)."""
    return engine_settings


async def test_database_is_migrated_to_head_on_each_engine(services: Services, settings: Settings):
    assert await current_revision(services.db) == head_revision()
    # The embedded file is only made when no database URL is set.
    sqlite_file = (settings.data_dir / "coopilote.db").exists()
    assert sqlite_file == (services.db.dialect == "sqlite")


async def test_postgres_units_of_work(pg_settings: Settings):
    """Writers see each statement's latest commit; readers keep one read-only snapshot."""
    from sqlalchemy import text

    from bot.core.db import Database

    db = Database(pg_settings.resolved_database_url().replace("+asyncpg", ""))
    try:
        assert db.url.drivername == "postgresql+asyncpg"
        async with db.transaction() as session:
            assert await session.scalar(text("SHOW transaction_isolation")) == "read committed"
        async with db.reading() as session:
            assert await session.scalar(text("SHOW transaction_isolation")) == "repeatable read"
            assert await session.scalar(text("SHOW transaction_read_only")) == "on"
            assert await session.scalar(text("SHOW application_name")) == "coopilote"
    finally:
        await db.dispose()


def test_db_upgrade_command_on_each_engine(postgres: PostgresRun, tmp_path: Path):
    """`coopilote db upgrade` builds the schema from nothing on SQLite and on PostgreSQL."""
    with postgres.empty_database() as url:
        # The operator's spelling, as in a .env file; the bot picks the asyncpg driver.
        (tmp_path / ".env").write_text(
            "COOPILOTE_DATABASE_URL=" + url.replace("+asyncpg", "") + "\n"
        )
        done = run_coopilote("db", "upgrade", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert f"révision {head_revision()}" in done.stdout
    (tmp_path / ".env").unlink()
    done = run_coopilote("db", "upgrade", data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert f"révision {head_revision()}" in done.stdout
    assert (tmp_path / "data" / "coopilote.db").exists()


def test_processes_starting_at_once_migrate_once(postgres: PostgresRun, tmp_path: Path):
    """Three bot processes starting together on an empty PostgreSQL: each one comes up."""
    import os
    import subprocess
    import sys

    with postgres.empty_database() as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COOPILOTE_")}
        env["COOPILOTE_DATABASE_URL"] = url
        starts = [
            subprocess.Popen(
                [sys.executable, "-m", "bot", "db", "upgrade"],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        outcomes = [p.communicate(timeout=120) for p in starts]
    for process, (out, err) in zip(starts, outcomes, strict=True):
        assert process.returncode == 0, err
        assert f"révision {head_revision()}" in out
