"""Statement executors for the ballot hot path: a dedicated SQLite writer, or SQLAlchemy.

A ballot is a short unit of work of three statements. Through SQLAlchemy's asyncio adapter
each statement costs three or four hops to the driver's thread (cursor, execute, fetch,
close), plus the pool's checkout, BEGIN, COMMIT and reset: a ballot then costs ten times a
bare upsert. On SQLite the decision service therefore writes ballots through its own
aiosqlite connection to the same file, one hop per statement, in `BEGIN IMMEDIATE`
transactions serialised by an asyncio lock (SQLite serialises writers anyway; this writer
and the engine's queue on the file lock like two bot processes would).

The statements stay SQLAlchemy Core, compiled once for the engine's dialect, with the
columns' own bind and result processing: no hand-written SQL in the service. Other
engines run the same statements through SQLAlchemy (`SqlaExecutor`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import aiosqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement

from bot.core.db import SQLITE_BUSY_TIMEOUT_MS, Database


class Executor(Protocol):
    """Runs Core statements inside one transaction."""

    async def first(self, stmt: ClauseElement, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row (processed like SQLAlchemy would), or None."""
        ...

    async def run(self, stmt: ClauseElement, params: dict[str, Any]) -> int:
        """Execute; the number of rows changed."""
        ...


class SqlaExecutor:
    """Statements through a SQLAlchemy connection (any engine)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def first(self, stmt: ClauseElement, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row, or None."""
        row = (await self.conn.execute(stmt, params)).first()
        return tuple(row) if row is not None else None

    async def run(self, stmt: ClauseElement, params: dict[str, Any]) -> int:
        """Execute; rows changed."""
        return int((await self.conn.execute(stmt, params)).rowcount)


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
        columns = list(getattr(stmt, "selected_columns", ()) or ())
        self.result: list[Callable[[Any], Any] | None] = [
            col.type.dialect_impl(dialect).result_processor(dialect, None) for col in columns
        ]

    def parameters(self, values: dict[str, Any]) -> tuple[Any, ...]:
        merged = self.compiled.construct_params(values)
        out = []
        for name in self.order:
            value = merged[name]
            process = self.bind[name]
            out.append(process(value) if process is not None and value is not None else value)
        return _Hidden(out)

    def row(self, raw: tuple[Any, ...]) -> tuple[Any, ...]:
        if not self.result:
            return tuple(raw)
        return tuple(p(v) if p is not None else v for p, v in zip(self.result, raw, strict=False))


class _DriverExecutor:
    """Statements on the dedicated aiosqlite connection, one thread hop each."""

    def __init__(self, conn: aiosqlite.Connection, writer: SqliteWriter) -> None:
        self.conn = conn
        self.writer = writer

    async def first(self, stmt: ClauseElement, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row, processed by the columns' types, or None."""
        compiled = self.writer.compiled(stmt)
        rows = await self.conn.execute_fetchall(compiled.sql, compiled.parameters(params))
        for raw in rows:
            return compiled.row(tuple(raw))
        return None

    async def run(self, stmt: ClauseElement, params: dict[str, Any]) -> int:
        """Execute; rows changed."""
        compiled = self.writer.compiled(stmt)
        cursor = await self.conn.execute(compiled.sql, compiled.parameters(params))
        return int(cursor.rowcount)


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
        """A file-backed SQLite database (not in memory)."""
        path = db.url.database or ""
        return db.is_sqlite and bool(path) and path != ":memory:" and "mode=memory" not in path

    def compiled(self, stmt: ClauseElement) -> _Compiled:
        """`stmt` compiled for SQLite (cached by statement object)."""
        found = self._compiled.get(id(stmt))
        if found is None or found[0] is not stmt:
            found = (stmt, _Compiled(stmt, self.db.engine.dialect))
            self._compiled[id(stmt)] = found
        return found[1]

    async def _connection(self) -> aiosqlite.Connection:
        if self._conn is None:
            conn = await aiosqlite.connect(self.path, isolation_level=None)
            # The same settings as the engine's connections (bot.core.db).
            for pragma in (
                "journal_mode=WAL",
                "synchronous=NORMAL",
                "foreign_keys=ON",
                f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
            ):
                await conn.execute(f"PRAGMA {pragma}")
            self._conn = conn
        return self._conn

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[_DriverExecutor]:
        """One unit of work: committed at the end of the block, rolled back on any error."""
        async with self._lock:
            conn = await self._connection()
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield _DriverExecutor(conn, self)
                await conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    await asyncio.shield(self._rollback(conn))
                raise

    @staticmethod
    async def _rollback(conn: aiosqlite.Connection) -> None:
        await conn.execute("ROLLBACK")

    async def close(self) -> None:
        """Close the connection (waits for a running unit of work)."""
        async with self._lock:
            if self._conn is not None:
                await self._conn.close()
                self._conn = None
