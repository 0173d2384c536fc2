"""A dedicated SQLite writer for the ballot hot path.

A ballot is a short unit of work: an upsert that returns what it must be checked against,
an audit entry, a commit. Through SQLAlchemy's asyncio adapter each statement costs three
or four hops to the driver's thread (cursor, execute, fetch, close), plus the pool's
checkout, BEGIN, COMMIT and reset: a ballot then costs ten times a bare upsert. On SQLite
the decision service therefore writes ballots through its own aiosqlite connection to the
same file, and runs each ballot's whole unit of work as one call on that connection's
thread: one hop per ballot. SQLite serialises writers anyway; this connection and the
engine's queue on the file lock (BEGIN IMMEDIATE, busy timeout) like two bot processes.

The statements stay SQLAlchemy Core, compiled once for the engine's dialect, with the
columns' own bind and result processing: no hand-written SQL in the service. Without this
writer (another engine), ballots take the service's portable path through SQLAlchemy.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement

from bot.core.db import SQLITE_BUSY_TIMEOUT_MS, Database

T = TypeVar("T")


class _RedactStatements(logging.Filter):
    """aiosqlite logs each call to its thread with the call's arguments (SQL and
    parameters) at DEBUG level; keep the call, drop its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(getattr(a, "func", a) for a in args)
        return True


_REDACT = _RedactStatements()


def redact_driver_logs() -> None:
    """Never let the SQLite driver's DEBUG records show statement parameters (idempotent)."""
    driver = logging.getLogger("aiosqlite")
    if _REDACT not in driver.filters:
        driver.addFilter(_REDACT)


class _Hidden(tuple):  # type: ignore[type-arg]
    """Statement parameters that never print (a secret ballot's choice is one of them)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "(…)"


class _Compiled:
    """A Core statement compiled for one dialect, with its parameter and column processing."""

    def __init__(self, stmt: ClauseElement, dialect: Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.compiled = compiled
        self.sql = str(compiled)
        self.order: list[str] = list(compiled.positiontup or [])
        self.bind: dict[str, Callable[[Any], Any] | None] = {
            name: compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in set(self.order)
        }
        # Values written in the statement itself (literals become bound parameters).
        self.fixed: dict[str, Any] = {
            name: compiled.binds[name].value
            for name in set(self.order)
            if not compiled.binds[name].required
        }
        self.plan = [(name, self.bind[name]) for name in self.order]
        # The selected columns, or the RETURNING ones (each one labelled).
        columns = list(getattr(stmt, "exported_columns", None) or [])
        self.result: list[Callable[[Any], Any] | None] = [
            col.type.dialect_impl(dialect).result_processor(dialect, None) for col in columns
        ]

    def parameters(self, values: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        fixed = self.fixed
        for name, process in self.plan:
            value = values[name] if name in values else fixed[name]
            out.append(process(value) if process is not None and value is not None else value)
        return _Hidden(out)

    def row(self, raw: tuple[Any, ...]) -> tuple[Any, ...]:
        if not self.result:
            return tuple(raw)
        return tuple(p(v) if p is not None else v for p, v in zip(self.result, raw, strict=False))


class _SyncExecutor:
    """Statements on the writer's sqlite3 connection, from the writer's own thread."""

    def __init__(self, conn: sqlite3.Connection, writer: SqliteWriter) -> None:
        self.conn = conn
        self.writer = writer

    def first(self, stmt: ClauseElement, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row, processed by the columns' types, or None (all rows are read)."""
        compiled = self.writer.compiled(stmt)
        rows = self.conn.execute(compiled.sql, compiled.parameters(params)).fetchall()
        return compiled.row(tuple(rows[0])) if rows else None

    def run(self, stmt: ClauseElement, params: dict[str, Any]) -> int:
        """Execute; rows changed."""
        compiled = self.writer.compiled(stmt)
        return int(self.conn.execute(compiled.sql, compiled.parameters(params)).rowcount)


class SqliteWriter:
    """A dedicated write connection to the database's SQLite file (ballots only)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.path = db.url.database or ""
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._compiled: dict[int, tuple[ClauseElement, _Compiled]] = {}

    @staticmethod
    def supported(db: Database) -> bool:
        """A file-backed SQLite database, and an aiosqlite that runs calls on its thread."""
        path = db.url.database or ""
        return (
            db.is_sqlite
            and bool(path)
            and path != ":memory:"
            and "mode=memory" not in path
            # aiosqlite's own way to run a function on its thread (stable since 0.17).
            and callable(getattr(aiosqlite.Connection, "_execute", None))
            and isinstance(getattr(aiosqlite.Connection, "_conn", None), property)
        )

    def compiled(self, stmt: ClauseElement) -> _Compiled:
        """`stmt` compiled for SQLite (cached by statement object)."""
        found = self._compiled.get(id(stmt))
        if found is None or found[0] is not stmt:
            found = (stmt, _Compiled(stmt, self.db.engine.dialect))
            self._compiled[id(stmt)] = found
        return found[1]

    async def _connection(self) -> aiosqlite.Connection:
        if self._conn is not None:
            return self._conn
        # Many ballots may arrive before the connection exists: open it once.
        async with self._lock:
            if self._conn is None:
                # The driver begins the transaction itself, as BEGIN IMMEDIATE, with the first
                # statement that writes: a unit of work that starts by writing saves a trip.
                conn = await aiosqlite.connect(self.path, isolation_level="IMMEDIATE")
                # The same settings as the engine's connections (bot.core.db).
                for pragma in (
                    "journal_mode=WAL",
                    "synchronous=NORMAL",
                    "foreign_keys=ON",
                    f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
                    # A changed secret ballot leaves no old copy in the page's free space.
                    "secure_delete=ON",
                ):
                    await conn.execute(f"PRAGMA {pragma}")
                self._conn = conn
            return self._conn

    async def call(self, body: Callable[[_SyncExecutor], T]) -> T:
        """Run `body` as one unit of work on the connection's own thread, in one round trip.

        `body` runs synchronously there with an executor for Core statements; the unit of
        work begins (BEGIN IMMEDIATE) with its first writing statement, is committed when
        `body` returns and rolled back when it raises (the exception is raised here). It
        must touch nothing but its arguments: it runs on another thread.
        """
        conn = await self._connection()

        def unit(raw: sqlite3.Connection) -> T:
            try:
                result = body(_SyncExecutor(raw, self))
                if raw.in_transaction:
                    raw.commit()
                return result
            except BaseException:
                if raw.in_transaction:
                    raw.rollback()
                raise

        # aiosqlite runs calls one after the other on its thread: units of work never overlap.
        return await conn._execute(unit, conn._conn)

    async def checkpoint(self) -> None:
        """Copy the write-ahead journal into the database and truncate it to nothing."""
        conn = await self._connection()
        # The PRAGMA answers with a row: read it and close the cursor, or the statement stays
        # in progress and the next ballot's COMMIT fails (« SQL statements in progress »).
        async with conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
            await cursor.fetchall()

    async def close(self) -> None:
        """Close the connection (after the units of work already queued)."""
        async with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                await conn.close()
