"""Bring a database to the latest schema with the project's Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.core.db import Database

# The migrations folder sits at the top of the source tree (the design's layout); the bot
# runs from that tree (editable install, or the Docker image that copies it).
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
# PostgreSQL advisory lock key held while migrating (any constant the bot uses for nothing else).
MIGRATION_LOCK = 0x636F6F70  # "coop"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at the project's migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str | None:
    """The newest migration of the project."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(db: Database, revision: str = "head") -> str | None:
    """Apply every pending migration in one transaction; return the revision reached."""
    cfg = alembic_config()

    def _upgrade(sync_conn) -> str | None:  # type: ignore[no-untyped-def]
        if sync_conn.dialect.name == "postgresql":
            # Several bot processes may start at once: one migrates, the others wait for
            # its commit and then find nothing to do. (SQLite: BEGIN IMMEDIATE already.)
            sync_conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg.attributes["connection"] = sync_conn
        command.upgrade(cfg, revision)
        return MigrationContext.configure(sync_conn).get_current_revision()

    async with db.engine.begin() as conn:
        return await conn.run_sync(_upgrade)


async def current_revision(db: Database) -> str | None:
    """The revision the database is at (None when empty)."""

    def _current(sync_conn) -> str | None:  # type: ignore[no-untyped-def]
        return MigrationContext.configure(sync_conn).get_current_revision()

    async with db.engine.connect() as conn:
        return await conn.run_sync(_current)
