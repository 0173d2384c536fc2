"""PostgreSQL for the tests: one database per test run on the local server, emptied per test.

The server is the one these machines run on 127.0.0.1:5432 (trust auth). A run creates
`coopilote_test_<random>`, migrates it once, empties its tables before each test that uses
it, and drops it at the end, so parallel runs (and other developers) never interfere.
Without a reachable server the PostgreSQL tests are skipped, with a plain message; with
`COOPILOTE_REQUIRE_POSTGRES=1` (CI) they fail instead.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest

T = TypeVar("T")

# Loopback only: no test may reach another address.
HOST = "127.0.0.1"
# Another port only to test what happens without a server (tests/core/test_postgres_fixture.py).
PORT = int(os.environ.get("COOPILOTE_TEST_POSTGRES_PORT", "5432"))
USER = "postgres"
# Where to connect to create and drop the run's database (the first that answers).
ADMIN_DATABASES = ("postgres", "test")
PREFIX = "coopilote_test_"
# Read once at import, before the tests' fixtures clear COOPILOTE_* from the environment.
REQUIRED = os.environ.get("COOPILOTE_REQUIRE_POSTGRES", "") == "1"

# Why the PostgreSQL tests were skipped in this run (None: they were not), for the summary.
skipped_because: str | None = None


def url(database: str, driver: str = "postgresql+asyncpg") -> str:
    """The URL of a database on the local test server."""
    return f"{driver}://{USER}@{HOST}:{PORT}/{database}"


def blocking(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to its end on a loop of its own, from sync or async code alike."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(factory())
        except BaseException as exc:  # handed over to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="tests-postgres")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


async def _admin_connection() -> Any:
    """A connection to one of the server's maintenance databases."""
    import asyncpg

    problem: BaseException | None = None
    for name in ADMIN_DATABASES:
        try:
            return await asyncpg.connect(host=HOST, port=PORT, user=USER, database=name, timeout=5)
        except Exception as exc:  # try the next one, report the last reason
            problem = exc
    assert problem is not None
    raise problem


async def _admin_async(statement: str) -> None:
    conn = await _admin_connection()
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _admin(statement: str) -> None:
    """Run CREATE or DROP DATABASE on the server."""
    blocking(lambda: _admin_async(statement))


class PostgresRun:
    """The database of one test run: created, migrated, emptied per test, dropped."""

    def __init__(self) -> None:
        self.name = PREFIX + secrets.token_hex(4)
        self.url = url(self.name)
        self._tables: list[str] = []
        self._extra = 0

    def create(self) -> None:
        """Create and migrate the run's database."""

        async def _create() -> None:
            await _admin_async(f'CREATE DATABASE "{self.name}"')
            from bot.core.db import Database
            from bot.core.migrate import upgrade

            db = Database(self.url)
            try:
                await upgrade(db)
            finally:
                await db.dispose()
            self._tables = await self._list_tables()

        blocking(_create)

    async def _list_tables(self) -> list[str]:
        import asyncpg

        conn = await asyncpg.connect(host=HOST, port=PORT, user=USER, database=self.name, timeout=5)
        try:
            rows = await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY tablename"
            )
        finally:
            await conn.close()
        return [r["tablename"] for r in rows]

    def reset(self) -> None:
        """Empty every table (ids start again at 1), keeping the schema and its revision."""

        async def _reset() -> None:
            import asyncpg

            conn = await asyncpg.connect(
                host=HOST, port=PORT, user=USER, database=self.name, timeout=5
            )
            try:
                # DELETE is ten times faster than TRUNCATE on small tables; replica mode
                # skips foreign keys and triggers, so the order does not matter.
                deletes = "".join(f'DELETE FROM "{t}";' for t in self._tables)
                await conn.execute(
                    "SET lock_timeout = '10s';"  # a lock a test leaked fails, never hangs
                    "SET session_replication_role = replica;"
                    f"BEGIN;{deletes}"
                    "SELECT setval(c.oid, 1, false) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'S' AND n.nspname = 'public';"
                    "COMMIT;"
                )
            finally:
                await conn.close()

        if self._tables:
            blocking(_reset)

    @contextmanager
    def empty_database(self) -> Iterator[str]:
        """A second, empty database for this test (no schema), dropped when the block ends."""
        self._extra += 1
        name = f"{self.name}_{self._extra}"
        _admin(f'CREATE DATABASE "{name}"')
        try:
            yield url(name)
        finally:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop(self) -> None:
        """Drop the run's database, closing whatever still uses it."""
        _admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def unreachable_reason() -> str | None:
    """Why the local PostgreSQL server cannot be used, or None when it can."""

    async def _probe() -> None:
        import asyncpg  # noqa: F401  (a missing driver is a reason too)

        conn = await _admin_connection()
        await conn.close()

    try:
        blocking(_probe)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def start_run() -> PostgresRun:
    """The run's database, or a skip (a failure under COOPILOTE_REQUIRE_POSTGRES=1)."""
    global skipped_because
    reason = unreachable_reason()
    if reason is not None:
        message = f"PostgreSQL injoignable sur {HOST}:{PORT} ({reason}) : tests PostgreSQL sautés"
        if REQUIRED:
            pytest.fail(message + " — COOPILOTE_REQUIRE_POSTGRES=1 l’exige", pytrace=False)
        skipped_because = message
        pytest.skip(message)
    run = PostgresRun()
    run.create()
    return run
