"""Work due at a given time (closing votes, reminders), kept in the database.

A job is claimed and done in one unit of work: a conditional UPDATE moves it from `pending`
to `done` (skipping, on PostgreSQL, a job another process holds), and only the unit of work
whose UPDATE changed the row runs the handler, in the same transaction. Two bot processes
on the same database therefore never run a job twice, and a crash before commit leaves the
job pending for the next run. Nothing lives only in memory: at start, overdue jobs run at
once and the loop sleeps until the next due one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.db import Database
from bot.core.sql import upsert
from bot.models.decisions import ScheduledJob

log = logging.getLogger(__name__)

_jobs = ScheduledJob.__table__

# A job that keeps failing is retried later, then given up (and logged) after this many tries.
MAX_ATTEMPTS = 8


def _free(*where: Any) -> Any:
    """Ids of the jobs matching `where` that no other unit of work holds: `FOR UPDATE SKIP
    LOCKED` on PostgreSQL; on SQLite (one writer at a time) the plain rows."""
    return select(_jobs.c.id).where(*where).with_for_update(skip_locked=True).scalar_subquery()


@dataclass(frozen=True, slots=True)
class Job:
    """A due job, as its handler sees it."""

    id: int
    kind: str
    key: str
    due_at: datetime
    attempts: int


JobHandler = Callable[[AsyncSession, Job], Awaitable[None]]
Drain = Callable[[], Awaitable[Any]]


class Scheduler:
    """Runs due jobs exactly once across processes; `run_forever()` is the production loop."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        poll_interval: float = 30.0,
        worker: str | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        # Bounds how late work added by another process is noticed.
        self.poll_interval = poll_interval
        self.worker = worker or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._handlers: dict[str, JobHandler] = {}
        self._drains: list[Drain] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def register(self, kind: str, handler: JobHandler) -> None:
        """Run `handler(session, job)` for due jobs of `kind`, inside the claiming transaction."""
        self._handlers[kind] = handler

    def add_drain(self, drain: Drain) -> None:
        """Call `drain()` after each run (e.g. deliver pending announcements)."""
        self._drains.append(drain)

    async def schedule(self, session: AsyncSession, kind: str, key: str, due_at: datetime) -> None:
        """Add (or move) the job `kind`/`key`, pending at `due_at`, in the caller's transaction."""
        stmt = upsert(
            self.db.dialect,
            _jobs,
            ["kind", "key"],
            {"due_at": "due_at", "status": "status", "attempts": "attempts"},
            values={"kind": kind, "key": key, "due_at": due_at, "status": "pending", "attempts": 0},
        )
        await session.execute(stmt)

    async def cancel(self, session: AsyncSession, kinds: tuple[str, ...], prefix: str) -> None:
        """Drop pending jobs of `kinds` whose key is `prefix` or starts with `prefix:`."""
        # A job another process is running right now is skipped, not waited for: its handler
        # sees what this transaction did once it commits (a closed vote) and does nothing.
        # Waiting could deadlock: that handler may be waiting for a row this one holds.
        await session.execute(
            update(_jobs)
            .where(
                _jobs.c.id.in_(
                    _free(
                        _jobs.c.kind.in_(kinds),
                        _jobs.c.status == "pending",
                        or_(_jobs.c.key == prefix, _jobs.c.key.startswith(prefix + ":")),
                    )
                )
            )
            .values(status="cancelled")
        )

    def wake(self) -> None:
        """New work was added: let the loop look again now."""
        self._wake.set()

    async def run_due(self, limit: int = 200) -> int:
        """Run every job due now (each exactly once across processes); return how many ran."""
        now = self.clock.now()
        kinds = tuple(self._handlers)
        ran = 0
        if kinds:
            async with self.db.reading() as session:
                rows = (
                    await session.execute(
                        select(
                            _jobs.c.id,
                            _jobs.c.kind,
                            _jobs.c.key,
                            _jobs.c.due_at,
                            _jobs.c.attempts,
                        )
                        .where(
                            _jobs.c.status == "pending",
                            _jobs.c.due_at <= now,
                            _jobs.c.kind.in_(kinds),
                        )
                        .order_by(_jobs.c.due_at, _jobs.c.id)
                        .limit(limit)
                    )
                ).all()
            for row in rows:
                if await self._run_one(Job(*row), now):
                    ran += 1
        for drain in self._drains:
            try:
                await drain()
            except Exception:
                log.exception("scheduler drain failed")
        return ran

    async def _run_one(self, job: Job, now: datetime) -> bool:
        handler = self._handlers[job.kind]
        try:
            async with self.db.transaction() as session:
                # Held by another process (PostgreSQL): skipped at once, not waited for.
                claimed = await session.execute(
                    update(_jobs)
                    .where(
                        _jobs.c.id.in_(
                            _free(
                                _jobs.c.id == job.id,
                                _jobs.c.status == "pending",
                                _jobs.c.due_at <= now,
                            )
                        )
                    )
                    .values(status="done", done_at=now, done_by=self.worker)
                )
                if claimed.rowcount != 1:
                    return False  # another process (or an earlier run) took it
                await handler(session, job)
            return True
        except Exception as exc:
            log.exception("scheduled job %s %s failed", job.kind, job.key)
            await self._retry_later(job, now, exc)
            return False

    async def _retry_later(self, job: Job, now: datetime, exc: Exception) -> None:
        attempts = job.attempts + 1
        status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
        async with self.db.transaction() as session:
            await session.execute(
                update(_jobs)
                .where(_jobs.c.id == job.id, _jobs.c.status == "pending")
                .values(
                    attempts=attempts,
                    status=status,
                    due_at=now + timedelta(seconds=min(3600, 15 * 2**attempts)),
                    last_error=f"{type(exc).__name__}: {exc}"[:500],
                )
            )

    async def next_due(self) -> datetime | None:
        """When the next pending job is due (None when there is none)."""
        kinds = tuple(self._handlers)
        if not kinds:
            return None
        async with self.db.reading() as session:
            return await session.scalar(
                select(func.min(_jobs.c.due_at)).where(
                    _jobs.c.status == "pending", _jobs.c.kind.in_(kinds)
                )
            )

    async def pending(self) -> int:
        """Number of jobs still to run (for status displays and tests)."""
        async with self.db.reading() as session:
            return int(
                await session.scalar(
                    select(func.count()).select_from(_jobs).where(_jobs.c.status == "pending")
                )
                or 0
            )

    async def run_forever(self) -> None:
        """Run due jobs, then sleep until the next one, the poll interval, or `wake()`."""
        while not self._stopping:
            self._wake.clear()
            try:
                await self.run_due()
                due = await self.next_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("scheduler run failed")
                due = None
            delay = self.poll_interval
            if due is not None:
                delay = min(delay, max(0.0, (due - self.clock.now()).total_seconds()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)

    def start(self) -> None:
        """Start the loop in the background (idempotent)."""
        if self._task is None or self._task.done():
            self._stopping = False
            self._task = asyncio.create_task(self.run_forever(), name="coopilote-scheduler")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop the loop and wait for it: the round in progress ends first.

        Cancelling the task in the middle of a database call can leave the driver's connection
        waiting forever (and `close()` with it), so the loop is asked to stop at its next wait
        and is cancelled only if a round outlasts `grace` seconds.
        """
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=grace)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def running(self) -> bool:
        """Whether the background loop runs."""
        return self._task is not None and not self._task.done()
