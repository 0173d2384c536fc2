"""The ballot hot path on PostgreSQL: one round trip per ballot, on connections of its own.

Through the engine a ballot is a conversation: the pool's checkout (and its ping), BEGIN,
the vote's row lock, the state query, the upsert, the audit head's lock, the event, COMMIT.
Every ballot of a vote waits for the vote's row, and every ballot of a community for the
audit head's row, so those round trips are paid one ballot after another. Here a ballot is
one call of `coopilote_cast_ballot` (migration 0009p) in its own implicit transaction: the
locks are held for one statement and its commit.

A few connections of its own, outside the engine's pool: asyncpg's raw `fetchrow` (its
prepared statement cached per connection), no reset or ping between ballots. Past a few
connections, more only queue on the same rows inside PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import asyncpg

from bot.core.db import Database

CONNECTIONS = 4

CAST = (
    "SELECT outcome, mine, title, deadline, tz FROM coopilote_cast_ballot("
    "$1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15)"
)
MEMBER_ID = "SELECT id FROM members WHERE community_id = $1 AND user_id = $2"


class PgWriter:
    """A handful of asyncpg connections that cast ballots (and look up member ids)."""

    def __init__(self, db: Database, size: int = CONNECTIONS) -> None:
        self._dsn = db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._idle: asyncio.Queue[asyncpg.Connection] = asyncio.Queue()
        self._free = asyncio.Semaphore(size)
        self._open: set[asyncpg.Connection] = set()

    @staticmethod
    def supported(db: Database) -> bool:
        """PostgreSQL through asyncpg."""
        return db.dialect == "postgresql" and db.url.get_driver_name() == "asyncpg"

    async def _run(self, method: str, query: str, *args: Any) -> Any:
        async with self._free:
            conn = self._idle.get_nowait() if not self._idle.empty() else None
            if conn is None:
                conn = await asyncpg.connect(
                    self._dsn, server_settings={"application_name": "coopilote-ballots"}
                )
                self._open.add(conn)
            try:
                result = await getattr(conn, method)(query, *args)
            except asyncpg.PostgresError:
                self._idle.put_nowait(conn)  # the server refused the statement: still usable
                raise
            except BaseException:
                # Broken or cancelled mid-statement: never hand that connection out again.
                self._open.discard(conn)
                conn.terminate()
                raise
            self._idle.put_nowait(conn)
            return result

    async def cast(self, *args: Any) -> asyncpg.Record:
        """One ballot: ('ok' | 'slow', mine, title, deadline, timezone)."""
        return await self._run("fetchrow", CAST, *args)

    async def member_id(self, community_id: int, user_id: str) -> int | None:
        """A member's id (ids never change), or None for someone never seen."""
        return await self._run("fetchval", MEMBER_ID, community_id, user_id)

    async def vacuum_ballots(self) -> None:
        """VACUUM the ballots table (outside any transaction, as VACUUM must be): the rows
        a secret vote's close deleted leave the table and its index. It neither blocks
        ballots nor waits for anyone; rows an older transaction may still see stay for the
        next vacuum (autovacuum's)."""
        await self._run("execute", "VACUUM (INDEX_CLEANUP ON) ballots")

    async def close(self) -> None:
        """Close every connection."""
        for conn in list(self._open):
            with contextlib.suppress(Exception):
                await conn.close(timeout=5)
        self._open.clear()
