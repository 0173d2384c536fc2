"""Database access: engines, units of work, and the SQLite settings that make them safe."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# A busy SQLite file (another process writing) is waited for, not failed on.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _configure_sqlite(engine: AsyncEngine, *, immediate: bool) -> None:
    """Take transaction control from the driver so writers lock the file up front.

    pysqlite/aiosqlite open transactions lazily and as DEFERRED; two writers then deadlock
    when both try to upgrade their read lock. BEGIN IMMEDIATE takes the write lock at the
    start, so concurrent units of work queue instead of failing.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers never block the writer. synchronous=NORMAL in WAL mode: no fsync per
        # commit (only at checkpoints), yet a committed transaction survives a crash of the
        # process; on power loss or an OS crash at most the last transactions are lost, and
        # the file is never corrupted. FULL would cost an fsync on every ballot.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# The asyncio driver of each engine: `sqlite:///…` and `postgresql://…` (as operators and
# `pg_dump` write them) are accepted as they are.
ASYNC_DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg"}


def async_url(url: URL) -> URL:
    """`url` with its engine's asyncio driver."""
    driver = ASYNC_DRIVERS.get(url.get_backend_name())
    if driver and url.get_driver_name() != driver:
        return url.set(drivername=f"{url.get_backend_name()}+{driver}")
    return url


class Database:
    """Engines and sessions for one database; `transaction()` is one unit of work.

    Statement parameters are never logged, even at DEBUG: they may hold a secret ballot.
    """

    def __init__(self, url: str | URL, *, echo: bool = False) -> None:
        self.url = async_url(make_url(url))
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            # One writer connection: SQLite serialises writes anyway, and queuing them in
            # the pool is fairer and cheaper than spinning on the file lock.
            self.engine = create_async_engine(
                self.url,
                echo=echo,
                hide_parameters=True,
                pool_size=1,
                max_overflow=0,
                pool_timeout=600,
            )
            _configure_sqlite(self.engine, immediate=True)
            # Readers run beside the writer thanks to WAL.
            self.read_engine = create_async_engine(
                self.url,
                echo=echo,
                hide_parameters=True,
                pool_size=4,
                max_overflow=4,
                pool_timeout=600,
            )
            _configure_sqlite(self.read_engine, immediate=False)
        else:
            # READ COMMITTED: each statement sees what was committed before it, and a writer
            # that must not race another says so with a row lock (`SELECT … FOR UPDATE`) or
            # an upsert (`INSERT … ON CONFLICT`); no serialisation failures to retry.
            self.engine = create_async_engine(
                self.url,
                echo=echo,
                hide_parameters=True,
                pool_size=10,
                max_overflow=20,
                pool_pre_ping=True,
                isolation_level="READ COMMITTED",
                # Named in pg_stat_activity, so an operator sees which connections are ours.
                connect_args={"server_settings": {"application_name": "coopilote"}},
            )
            # Readers get one snapshot for their whole unit of work, as SQLite's WAL readers
            # do; a read-only REPEATABLE READ transaction never fails on a concurrent write.
            self.read_engine = self.engine.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.url.get_backend_name()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A write unit of work: committed when the block ends, rolled back on error."""
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A read-only unit of work (never blocks writers on SQLite)."""
        async with self._read_sessions() as session, session.begin():
            yield session

    def safe_url(self) -> str:
        """The URL with its password hidden, fit for logs and messages."""
        return self.url.render_as_string(hide_password=True)

    async def dispose(self) -> None:
        """Close every connection."""
        await self.engine.dispose()
        if self.is_sqlite:
            await self.read_engine.dispose()
