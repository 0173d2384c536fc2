"""What every decision use case shares: the service's state, its helpers, its constants."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.actor import Actor
from bot.core.clock import Clock
from bot.core.communities import DEFAULT_SETTINGS, Communities
from bot.core.db import Database
from bot.core.decisions import (
    audit,
    messages,  # noqa: F401  (registers the texts)
    outbox,
    policy,
)
from bot.core.decisions import statements as sql
from bot.core.decisions.options import (
    parse_majority,
    parse_quorum,
)
from bot.core.decisions.pgwriter import PgWriter
from bot.core.decisions.results import (
    is_written,
    seats_of,
)
from bot.core.decisions.rules import (
    Majority,
    Outcome,
    Quorum,
    QuorumKind,
    Tally,
    decided,
)
from bot.core.decisions.secrecy import BallotKeys, VoteKey
from bot.core.decisions.viewing import build_view
from bot.core.decisions.views import (
    VoteDefaults,
    VoteView,
)
from bot.core.decisions.writer import SqliteWriter
from bot.core.errors import InvalidInput, NotFound
from bot.core.notifier import Notifier, PlatformNotifiers, combined
from bot.core.scheduler import Scheduler
from bot.core.text import clean_text
from bot.models import Community, Member
from bot.models.decisions import (
    AuditHead,
    Ballot,
    Vote,
    VoteConflict,
    VoteElector,
    VoteOption,
)

log = logging.getLogger(__name__)

MAX_TEXT = 4000
MAX_TITLE = 200
MAX_QUESTION = 1000
MAX_OPTION = 200
MAX_REASON = 500
MIN_OPTIONS = 2
MAX_OPTIONS = 20

JOB_DEADLINE = "vote.deadline"
JOB_REMINDER = "vote.reminder"

_votes = Vote.__table__
_options = VoteOption.__table__
_electors = VoteElector.__table__
_ballots = Ballot.__table__
_conflicts = VoteConflict.__table__
_members = Member.__table__
_communities = Community.__table__
_heads = AuditHead.__table__

_NUMBER = re.compile(r"^(?:n\s*[°o]?\s*|#|no\.?\s*)?(\d{1,9})$", re.IGNORECASE)
_RESOLUTION = re.compile(r"^(ca|ag)[-\s]?(\d{4})[-\s]?(\d{1,6})$", re.IGNORECASE)

# Community settings for the default rules (with the foundation's role names).
VOTE_DEFAULTS: dict[str, Any] = {
    "vote_deadline": "48h",
    "vote_majority": Majority.SIMPLE.value,
    # Board: a majority of the directors in office (Code Morin). Members: none unless the
    # bylaws set one (`/vote regles votants=membres quorum=…`).
    "vote_quorum": "majorite",
    "vote_quorum_members": "aucun",
    # Remote majority votes: « enteriner » (a consultation the next meeting ratifies) unless
    # the bylaws allow them (« reglements »). The safer reading of Québec law by default.
    "vote_distance": "enteriner",
    "vote_secret": False,
    "vote_seconder": True,
    "vote_early_close": False,
    "vote_reminders": [24 * 60, 60],
}


def parse_number(value: str | int) -> int:
    """« 3 », « n° 3 », « #3 » → 3; InvalidInput otherwise."""
    if isinstance(value, int):
        return value
    match = _NUMBER.match(str(value).strip())
    if not match:
        raise InvalidInput("decision.bad_number", value=str(value).strip()[:30])
    return int(match.group(1))


def _clean(value: str | None, limit: int, too_long: str, *, multiline: bool = True) -> str:
    text = clean_text(value, limit=10**7, multiline=multiline)
    if len(text) > limit:
        raise InvalidInput(too_long, length=len(text), limit=limit)
    return text


def _has_role(roles: Sequence[str], role: str) -> bool:
    """A stored member's roles include `role` (same test as `Actor.has_role`)."""
    wanted = role.casefold()
    return any(r.casefold() == wanted for r in roles)


def _excerpt(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _SlowPath(Exception):
    """The fast ballot path does not apply: roll back and take the full one."""


@dataclass(frozen=True, slots=True)
class Extract:
    """A minutes extract: the vote and its Markdown."""

    view: VoteView
    markdown: str


@dataclass(frozen=True, slots=True)
class RegisterExport:
    """The register of a period as Markdown."""

    markdown: str
    count: int
    period: str


class DecisionBase:
    """The state and helpers shared by the use cases (one module each)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        communities: Communities,
        notifier: Notifier,
        *,
        scheduler: Scheduler | None = None,
        keys: BallotKeys | None = None,
    ) -> None:
        self.db = db
        # Keys of secret votes, derived from a secret kept outside the database. Without one
        # (tests building the service by hand) a random secret lives in this process only.
        self.keys = keys or BallotKeys(__import__("secrets").token_bytes(32))
        self.clock = clock
        self.communities = communities
        self.notifier = notifier
        self.scheduler = scheduler or Scheduler(db, clock)
        self.scheduler.register(JOB_DEADLINE, self._job_deadline)
        self.scheduler.register(JOB_REMINDER, self._job_reminder)
        self.scheduler.add_drain(self.deliver_outbox)
        self.scheduler.add_drain(self.truncate_journal)
        self._secret_closed = False
        # Immutable once known: (community id, user id) -> member id; community key -> id.
        self._member_ids: dict[tuple[int, str], int] = {}
        self._community_ids: dict[str, int] = {}
        # (community id, number) -> id and secret key of a vote while it is open.
        self._open_votes: dict[tuple[int, int], VoteKey] = {}
        # SQLite: ballots go through a dedicated connection (see `writer`).
        self._writer = SqliteWriter(db) if SqliteWriter.supported(db) else None
        # PostgreSQL: ballots in one call each, on connections of their own (see `pgwriter`).
        self._pg = PgWriter(db) if PgWriter.supported(db) else None

    async def aclose(self) -> None:
        """Release the dedicated ballot connections."""
        if self._writer is not None:
            await self._writer.close()
        if self._pg is not None:
            await self._pg.close()

    def attach(self, notifier: Notifier) -> None:
        """An adapter's notifier (it names its platform) joins those of this process."""
        self.notifier = combined(self.notifier, notifier)

    async def deliver_outbox(self) -> int:
        """Send pending announcements and reminders, each once (claimed in the database)."""
        parts = (
            tuple(self.notifier.parts.values())
            if isinstance(self.notifier, PlatformNotifiers)
            else (self.notifier,)
        )
        sent = 0
        for notifier in parts:  # each platform's rows through its own adapter
            sent += await outbox.deliver(
                self.db, self.clock, notifier, self.scheduler.worker, self._view_by_id
            )
        return sent

    async def truncate_journal(self) -> None:
        """After a secret vote closed: empty SQLite's write-ahead journal, whose old page
        images would still hold its ballots and key; on PostgreSQL, vacuum the ballots
        table so that the deleted ballots leave it (README « Vote secret sur PostgreSQL »)."""
        if not self._secret_closed:
            return
        self._secret_closed = False
        if self._writer is not None:
            await self._writer.checkpoint()
        elif self._pg is not None:
            await self._pg.vacuum_ballots()

    # --- Helpers ---------------------------------------------------------------------------

    @staticmethod
    def _settings(community: Community) -> dict[str, Any]:
        return {**DEFAULT_SETTINGS, **VOTE_DEFAULTS, **(community.settings or {})}

    def _defaults(self, settings: dict[str, Any]) -> VoteDefaults:
        return VoteDefaults(
            deadline=str(settings["vote_deadline"]),
            majority=parse_majority(str(settings["vote_majority"])),
            quorum=parse_quorum(str(settings["vote_quorum"])),
            secret=bool(settings["vote_secret"]),
            seconder=bool(settings["vote_seconder"]),
            early_close=bool(settings["vote_early_close"]),
            reminders=tuple(int(m) for m in settings["vote_reminders"]),
            members_quorum=parse_quorum(str(settings["vote_quorum_members"])),
            distance=str(settings["vote_distance"]),
        )

    def _key(self, vote: Vote) -> VoteKey:
        return self.keys.of(vote.id, vote.secret, vote.kind)

    async def _vote(self, session: AsyncSession, community_id: int, number: int) -> Vote:
        vote = await session.scalar(
            select(Vote).where(Vote.community_id == community_id, Vote.number == number)
        )
        if vote is None:
            raise NotFound("decision.not_found", number=number)
        return vote

    async def _lock_vote(self, conn: AsyncConnection, community_id: int, number: int) -> None:
        """Serialise this unit of work with every other one on vote `number` (ballots, close,
        withdrawal) until it ends; SQLite's writers are serialised already."""
        if not self.db.is_sqlite:
            await conn.execute(sql.LOCK_VOTE, {"cid": community_id, "number": number})

    async def _scrub_deletes(self, session: AsyncSession) -> None:
        """SQLite: overwrite deleted and replaced content with zeros on this connection.

        Secret ballots and the key of a secret vote must not survive in free space once
        the vote is closed. Set once per pooled connection (the flag lives with it).
        """
        if self.db.dialect != "sqlite":
            return
        conn = await session.connection()
        info = (await conn.get_raw_connection()).info
        if not info.get("secure_delete"):
            await conn.exec_driver_sql("PRAGMA secure_delete = ON")
            info["secure_delete"] = True

    async def _audit(
        self,
        session: AsyncSession,
        community_id: int,
        kind: str,
        data: dict[str, Any],
        vote_id: int | None,
        now: datetime,
    ) -> tuple[int, str]:
        conn = await session.connection()
        event = await audit.append(conn, community_id, kind, now, data, vote_id)
        return event.seq, event.hash

    async def _body(self, conn: AsyncConnection, vote_id: int) -> str:
        return str(await conn.scalar(select(_votes.c.body).where(_votes.c.id == vote_id)))

    async def _tally(self, conn: AsyncConnection, vote_id: int) -> Tally:
        rows = await conn.execute(
            select(_ballots.c.choice, func.count())
            .where(_ballots.c.vote_id == vote_id)
            .group_by(_ballots.c.choice)
        )
        counts = dict(rows.all())
        return Tally(counts.get("pour", 0), counts.get("contre", 0), counts.get("abstention", 0))

    async def _decided(self, conn: AsyncConnection, vote: Vote) -> Outcome | None:
        """A motion's outcome if the ballots still to come can no longer change it."""
        tally = await self._tally(conn, vote.id)
        seats = seats_of(vote, vote.electorate_size)
        quorum = Quorum(QuorumKind(vote.quorum_kind), vote.quorum_value)
        return decided(tally, seats, quorum, Majority(vote.majority), written=is_written(vote))

    async def _view_by_id(self, session: AsyncSession, vote_id: int) -> VoteView:
        vote = await session.get(Vote, vote_id)
        assert vote is not None
        community = await session.get(Community, vote.community_id)
        assert community is not None
        return await self._view(session, vote, community, None, None, False)

    async def _view(
        self,
        session: AsyncSession,
        vote: Vote,
        community: Community,
        member: Member | None,
        actor: Actor | None,
        admin: bool,
    ) -> VoteView:
        """The frozen view of a vote, as `member` may see it."""
        in_body = actor is not None and policy.in_body(actor, vote.body, self._settings(community))
        return await build_view(
            session, vote, community, member, self._key(vote), in_body=in_body, admin=admin
        )
