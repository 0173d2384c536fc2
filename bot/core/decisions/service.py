"""The decision service: motions, polls and meeting polls of a community.

Each public method is one unit of work: it resolves the actor's community and member, checks
permissions and rules, writes, and returns frozen data (`views`). Bad input raises a typed
error before anything is committed, so it changes nothing. Two refinements: on SQLite a
common ballot is one unit of work on the dedicated writer (`writer`), and the announcements
a unit of work queues are delivered right after it commits (`outbox`).

Secret ballots: the `ballots` row of a secret vote is keyed by a keyed hash of the member id
whose key lives in the vote row only while voting is open. At close the counts are frozen,
the ballots are deleted and the key destroyed; participation (who voted, never when) is
kept apart in `vote_electors`. Nothing shown, logged, exported or audited carries a
voter's choice, and live counts stay hidden until the close.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, select, update
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
from bot.core.decisions import register as reg
from bot.core.decisions import statements as sql
from bot.core.decisions.deadlines import Deadline, parse_deadline, parse_meeting_date, parse_slot
from bot.core.decisions.export import vote_data
from bot.core.decisions.options import (
    BOARD,
    MEMBERS,
    RuleChoices,
    meeting_choice,
    motion_choice,
    parse_majority,
    parse_quorum,
    poll_choice,
)
from bot.core.decisions.results import (
    ballots_of,
    eligible_electors,
    is_written,
    result_data,
    result_from,
    seats_of,
)
from bot.core.decisions.rules import (
    Majority,
    Outcome,
    Quorum,
    QuorumKind,
    Tally,
    decided,
    encode_options,
)
from bot.core.decisions.secrecy import BallotKeys, VoteKey, voter_key
from bot.core.decisions.viewing import build_view, options_of
from bot.core.decisions.views import (
    CLOSED,
    CONSULTATION,
    LAPSED,
    MEETING,
    MOTION,
    OPEN,
    POLL,
    PROPOSED,
    RESOLUTION,
    WITHDRAWN,
    WRITTEN_RESOLUTION,
    BallotReceipt,
    MotionResult,
    RegisterEntry,
    Rules,
    VoteDefaults,
    VoteSummary,
    VoteView,
)
from bot.core.decisions.writer import SqliteWriter
from bot.core.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from bot.core.notifier import Notifier
from bot.core.scheduler import Job, Scheduler
from bot.core.text import clean_text, fold
from bot.core.timefmt import format_datetime, local
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


class DecisionService:
    """Motions, polls and meeting polls of a community."""

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

    async def aclose(self) -> None:
        """Release the dedicated ballot connection."""
        if self._writer is not None:
            await self._writer.close()

    async def deliver_outbox(self) -> int:
        """Send pending announcements and reminders, each once (claimed in the database)."""
        return await outbox.deliver(
            self.db, self.clock, self.notifier, self.scheduler.worker, self._view_by_id
        )

    async def truncate_journal(self) -> None:
        """After a secret vote closed: empty SQLite's write-ahead journal, whose old page
        images would still hold its ballots and key (nothing to do on other engines)."""
        if self._secret_closed and self._writer is not None:
            self._secret_closed = False
            await self._writer.checkpoint()

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

    # --- Rules resolution ------------------------------------------------------------------

    def _rules_for(
        self,
        kind: str,
        choices: RuleChoices,
        defaults: VoteDefaults,
        now: datetime,
        tz: str,
        body: str = BOARD,
    ) -> tuple[Rules, Deadline]:
        deadline = parse_deadline(choices.deadline or defaults.deadline, now, tz)
        if kind == MOTION:
            majority = choices.majority or defaults.majority
            written = body == BOARD and majority is Majority.UNANIMITY
            secret = choices.secret if choices.secret is not None else defaults.secret
            if written and choices.secret:
                # Every director signs a written resolution: it cannot be secret.
                raise InvalidInput("decision.written_not_secret")
            secret = secret and not written
            default_quorum = defaults.quorum if body == BOARD else defaults.members_quorum
            quorum = choices.quorum if choices.quorum is not None else default_quorum
            if written:
                quorum = Quorum()  # a written resolution is not a meeting: no quorum
            seconder = choices.seconder if choices.seconder is not None else defaults.seconder
            early = choices.early_close if choices.early_close is not None else False
            if choices.early_close is None and defaults.early_close and not secret:
                early = True
            if written:
                early = True  # it fails at once on one vote against or abstention
        else:
            secret = bool(choices.secret)
            majority, quorum, seconder = Majority.SIMPLE, Quorum(), False
            early = False
            if choices.early_close:
                raise InvalidInput("decision.option.bad_value", key="anticipé", value="oui")
        if secret and early:
            raise InvalidInput("decision.early_close_secret")
        if secret and choices.live:
            raise InvalidInput("decision.secret_live")
        live = not secret if choices.live is None else choices.live
        reminders = choices.reminders if choices.reminders is not None else defaults.reminders
        rules = Rules(
            majority=majority,
            quorum=quorum,
            secret=secret,
            require_seconder=seconder,
            early_close=early,
            live_results=live,
            max_choices=choices.max_choices or (MAX_OPTIONS if choices.multiple else 1),
            reminders=tuple(reminders),
            duration=deadline.duration,
        )
        return rules, deadline

    def _new_vote(
        self,
        community: Community,
        member: Member,
        number: int,
        kind: str,
        body: str,
        title: str,
        text: str,
        rules: Rules,
        deadline: Deadline,
        channel_id: str | None,
        now: datetime,
    ) -> Vote:
        return Vote(
            community_id=community.id,
            number=number,
            kind=kind,
            body=body,
            title=title,
            text=text,
            status=PROPOSED,
            proposer_id=member.id,
            seconder_id=None,
            channel_id=channel_id,
            secret=rules.secret,
            majority=rules.majority.value,
            quorum_kind=rules.quorum.kind.value,
            quorum_value=rules.quorum.value,
            early_close=rules.early_close,
            require_seconder=rules.require_seconder,
            live_results=rules.live_results,
            max_choices=rules.max_choices,
            reminders=list(rules.reminders),
            duration_seconds=(
                int(deadline.duration.total_seconds()) if deadline.duration is not None else None
            ),
            deadline_at=deadline.at,
            created_at=now,
            electorate_size=0,
        )

    # --- Creating votes --------------------------------------------------------------------

    async def propose(
        self,
        actor: Actor,
        text: str,
        *,
        title: str | None = None,
        choices: RuleChoices | None = None,
    ) -> VoteView:
        """Propose a motion; voting opens once another eligible member seconds it."""
        choices = choices or RuleChoices()
        body_text = _clean(text, MAX_TEXT, "decision.text_too_long")
        if not body_text:
            raise InvalidInput("decision.text_empty")
        heading = _clean(
            title or choices.title, MAX_TITLE, "decision.title_too_long", multiline=False
        )
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            body = choices.body or BOARD
            admin = policy.is_admin(actor, member, settings)
            policy.check_move(actor, body, settings)
            rules, deadline = self._rules_for(
                MOTION, choices, self._defaults(settings), now, community.timezone, body
            )
            conn = await session.connection()
            in_office = len(await self._holders(conn, community.id, policy.role_of(body, settings)))
            self._check_quorum(rules.quorum, in_office, in_office)
            number = await reg.next_number(conn, self.db.dialect, community.id, "vote", 0)
            vote = self._new_vote(
                community,
                member,
                number,
                MOTION,
                body,
                heading,
                body_text,
                rules,
                deadline,
                actor.channel_id,
                now,
            )
            session.add(vote)
            await session.flush()
            await self._audit(
                session,
                community.id,
                "vote.proposed",
                {
                    "number": number,
                    "kind": MOTION,
                    "body": body,
                    "title": heading,
                    "text": body_text,
                    "proposer": [member.id, member.display_name],
                    "rules": self._rules_data(rules, deadline),
                },
                vote.id,
                now,
            )
            if rules.require_seconder:
                # Unseconded by its deadline, the motion lapses.
                await self.scheduler.schedule(
                    session, JOB_DEADLINE, str(vote.id), deadline.resolve(now)
                )
            else:
                await self._open(session, vote, community, settings, now)
            view = await self._view(session, vote, community, member, actor, admin)
        self.scheduler.wake()
        return view

    @staticmethod
    def _rules_data(rules: Rules, deadline: Deadline) -> dict[str, Any]:
        return {
            "majority": rules.majority.value,
            "quorum": [rules.quorum.kind.value, rules.quorum.value],
            "secret": rules.secret,
            "seconder": rules.require_seconder,
            "early_close": rules.early_close,
            "live": rules.live_results,
            "max_choices": rules.max_choices,
            "reminders": list(rules.reminders),
            "duration": int(deadline.duration.total_seconds()) if deadline.duration else None,
            "deadline": deadline.at.isoformat() if deadline.at else None,
        }

    async def _option_votes(
        self,
        actor: Actor,
        kind: str,
        heading: str,
        question: str,
        labels_in: Callable[[str], list[tuple[str, datetime | None]]],
        choices: RuleChoices,
        default_body: str,
    ) -> VoteView:
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            # Options (dates, for a meeting poll) are read in the community's timezone.
            labels = labels_in(community.timezone)
            settings = self._settings(community)
            body = choices.body or default_body
            admin = policy.is_admin(actor, member, settings)
            policy.check_launch(actor, member, body, settings)
            rules, deadline = self._rules_for(
                kind, choices, self._defaults(settings), now, community.timezone, body
            )
            if rules.max_choices > len(labels):
                if choices.max_choices is not None:
                    raise InvalidInput(
                        "decision.poll.bad_max", max=rules.max_choices, count=len(labels)
                    )
                rules = replace(rules, max_choices=len(labels))
            if kind == MEETING:
                rules = replace(rules, max_choices=len(labels))
            conn = await session.connection()
            number = await reg.next_number(conn, self.db.dialect, community.id, "vote", 0)
            vote = self._new_vote(
                community,
                member,
                number,
                kind,
                body,
                heading,
                question,
                rules,
                deadline,
                actor.channel_id,
                now,
            )
            session.add(vote)
            await session.flush()
            await conn.execute(
                _options.insert(),
                [
                    {"vote_id": vote.id, "position": i + 1, "label": label, "starts_at": starts}
                    for i, (label, starts) in enumerate(labels)
                ],
            )
            await self._audit(
                session,
                community.id,
                "vote.proposed",
                {
                    "number": number,
                    "kind": kind,
                    "body": body,
                    "title": heading,
                    "text": question,
                    "options": [label for label, _ in labels],
                    "proposer": [member.id, member.display_name],
                    "rules": self._rules_data(rules, deadline),
                },
                vote.id,
                now,
            )
            await self._open(session, vote, community, settings, now)
            view = await self._view(session, vote, community, member, actor, admin)
        self.scheduler.wake()
        return view

    async def create_poll(
        self,
        actor: Actor,
        question: str,
        options: Sequence[str],
        *,
        choices: RuleChoices | None = None,
    ) -> VoteView:
        """Start a poll: a question and 2 to 20 distinct options (single or multiple choice)."""
        choices = choices or RuleChoices()
        text = _clean(question, MAX_QUESTION, "decision.text_too_long")
        if not text:
            raise InvalidInput("decision.poll.question_empty")
        heading = _clean(choices.title, MAX_TITLE, "decision.title_too_long", multiline=False)
        labels = self._labels(options)
        return await self._option_votes(
            actor, POLL, heading, text, lambda _tz: [(lb, None) for lb in labels], choices, MEMBERS
        )

    @staticmethod
    def _labels(options: Sequence[str]) -> list[str]:
        labels: list[str] = []
        seen: set[str] = set()
        for position, raw in enumerate(options, start=1):
            label = clean_text(raw, limit=10**6, multiline=False)
            if not label:
                raise InvalidInput("decision.poll.option_empty")
            if len(label) > MAX_OPTION:
                raise InvalidInput(
                    "decision.poll.option_too_long",
                    position=position,
                    length=len(label),
                    limit=MAX_OPTION,
                )
            folded = fold(label)
            if folded in seen:
                raise InvalidInput("decision.poll.duplicate", label=label[:60])
            seen.add(folded)
            labels.append(label)
        if len(labels) < MIN_OPTIONS:
            raise InvalidInput("decision.poll.too_few", count=len(labels))
        if len(labels) > MAX_OPTIONS:
            raise InvalidInput("decision.poll.too_many", count=len(labels))
        return labels

    async def create_meeting(
        self,
        actor: Actor,
        title: str,
        slots: Sequence[str],
        *,
        choices: RuleChoices | None = None,
    ) -> VoteView:
        """Start a meeting poll: 2 to 20 candidate dates, each answered yes / maybe / no."""
        choices = choices or RuleChoices()
        heading = _clean(
            title or choices.title, MAX_TITLE, "decision.title_too_long", multiline=False
        )
        if not heading:
            raise InvalidInput("decision.poll.question_empty")
        cleaned = [s.strip() for s in slots if s.strip()]
        if len(cleaned) < MIN_OPTIONS:
            raise InvalidInput("decision.meeting.too_few", count=len(cleaned))
        if len(cleaned) > MAX_OPTIONS:
            raise InvalidInput("decision.meeting.too_many", count=len(cleaned))
        now = self.clock.now()

        def dated(tz: str) -> list[tuple[str, datetime | None]]:
            moments: dict[datetime, str] = {}
            for raw in cleaned:
                moment = parse_slot(raw, now, tz)
                if moment in moments:
                    raise InvalidInput("decision.meeting.duplicate", label=raw[:60])
                label = _clean(raw, MAX_OPTION, "decision.title_too_long", multiline=False)
                moments[moment] = label
            return [(moments[m], m) for m in sorted(moments)]

        return await self._option_votes(actor, MEETING, heading, "", dated, choices, BOARD)

    # --- Opening ---------------------------------------------------------------------------

    async def _open(
        self,
        session: AsyncSession,
        vote: Vote,
        community: Community,
        settings: dict[str, Any],
        now: datetime,
    ) -> None:
        """Fix the electorate, set the deadline, schedule the close and the reminders."""
        conn = await session.connection()
        role = policy.role_of(vote.body, settings)
        excluded = set(
            (
                await conn.execute(
                    select(_conflicts.c.member_id).where(_conflicts.c.vote_id == vote.id)
                )
            ).scalars()
        )
        electors = await self._holders(conn, community.id, role)
        eligible = [e for e in electors if e[0] not in excluded]
        if not eligible:
            raise StateConflict("decision.no_electorate", role=role)
        quorum = Quorum(QuorumKind(vote.quorum_kind), vote.quorum_value)
        self._check_quorum(quorum, len(electors), len(eligible))
        await conn.execute(
            _electors.insert(),
            [
                {"vote_id": vote.id, "member_id": mid, "display_name": name, "eligible": True}
                for mid, name in eligible
            ],
        )
        if vote.duration_seconds is not None:
            deadline = now + timedelta(seconds=vote.duration_seconds)
        else:
            assert vote.deadline_at is not None
            deadline = vote.deadline_at
            if deadline <= now:
                raise StateConflict("decision.deadline_passed", number=vote.number)
        vote.status = OPEN
        vote.opened_at = now
        vote.deadline_at = deadline
        vote.electorate_size = len(eligible)
        # Directors in office, recused ones included: the quorum base never shrinks.
        vote.in_office = len(electors)
        if vote.secret:
            await self._scrub_deletes(session)
        await session.flush()
        # Checked against the vote row on every ballot, so a rolled-back opening is harmless.
        self._open_votes[(community.id, vote.number)] = self._key(vote)
        await self.scheduler.schedule(session, JOB_DEADLINE, str(vote.id), deadline)
        for minutes in vote.reminders or []:
            due = deadline - timedelta(minutes=int(minutes))
            if due > now:
                await self.scheduler.schedule(
                    session, JOB_REMINDER, f"{vote.id}:{int(minutes)}", due
                )
        await self._audit(
            session,
            community.id,
            "vote.opened",
            {
                "number": vote.number,
                "deadline": deadline.isoformat(),
                "electorate": [[mid, name] for mid, name in eligible],
                "in_office": len(electors),
            },
            vote.id,
            now,
        )

    async def _holders(
        self, conn: AsyncConnection, community_id: int, role: str
    ) -> list[tuple[int, str]]:
        """Active holders of `role` (id, name), in name order: those in office."""
        rows = (
            await conn.execute(
                select(
                    _members.c.id, _members.c.display_name, _members.c.roles, _members.c.user_id
                ).where(_members.c.community_id == community_id, _members.c.active.is_(True))
            )
        ).all()
        # Ids never change: remembered, a first ballot needs no extra query for its key.
        for mid, _name, _roles, uid in rows:
            self._member_ids[(community_id, uid)] = mid
        return sorted(
            ((mid, name) for mid, name, roles, _uid in rows if _has_role(roles or [], role)),
            key=lambda e: (fold(e[1]), e[0]),
        )

    @staticmethod
    def _check_quorum(quorum: Quorum, in_office: int, entitled: int) -> None:
        """An impossible quorum (7 of 6, or more than those entitled) is refused."""
        if not quorum.possible(in_office, entitled):
            raise InvalidInput(
                "decision.quorum_impossible",
                required=quorum.required(in_office),
                count=entitled,
            )

    async def second(self, actor: Actor, number: int | str) -> VoteView:
        """Second a motion (another eligible member than its proposer); voting opens."""
        number = parse_number(number)
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            vote = await self._vote(session, community.id, number)
            if vote.kind != MOTION or vote.status == OPEN:
                if vote.status == OPEN:
                    raise StateConflict("decision.not_proposed", number=number)
                raise StateConflict("decision.not_motion_second", number=number)
            if vote.status != PROPOSED:
                raise policy.state_error(vote.status, vote.number)
            policy.check_second(actor, member, vote, settings)
            if await session.scalar(
                select(func.count())
                .select_from(_conflicts)
                .where(_conflicts.c.vote_id == vote.id, _conflicts.c.member_id == member.id)
            ):
                raise StateConflict("decision.in_conflict", number=number)
            vote.seconder_id = member.id
            await self._audit(
                session,
                community.id,
                "vote.seconded",
                {"number": number, "seconder": [member.id, member.display_name]},
                vote.id,
                now,
            )
            await self._open(session, vote, community, settings, now)
            view = await self._view(
                session, vote, community, member, actor, policy.is_admin(actor, member, settings)
            )
        self.scheduler.wake()
        return view

    # --- Ballots (the hot path) ------------------------------------------------------------

    async def _community_id(self, session: AsyncSession, actor: Actor) -> int:
        key = actor.community.key
        cid = self._community_ids.get(key)
        if cid is None:
            cid = (await self.communities.community(session, actor.community)).id
            self._community_ids[key] = cid
        return cid

    def _known_voter(self, cid: int, number: int, user_id: str) -> str:
        """The voter key when both the member and the open vote are known, else ''."""
        known = self._open_votes.get((cid, number))
        mid = self._member_ids.get((cid, user_id))
        return voter_key(known, mid) if known is not None and mid is not None else ""

    async def cast(self, actor: Actor, number: int | str, choice: str) -> BallotReceipt:
        """Cast or change a ballot: Pour/Contre/Abstention, poll options, or date answers."""
        number = parse_number(number)
        if self._writer is not None:
            try:
                return await self._cast_fast(actor, number, choice)
            except _SlowPath:
                pass  # rolled back: the full path below decides (and explains any refusal)
        return await self._cast_full(actor, number, choice)

    async def _cast_fast(self, actor: Actor, number: int, choice: str) -> BallotReceipt:
        """The common ballot (known member, open motion, not the last voter) in one round
        trip to the writer's thread: the upsert returning what it must be checked against,
        the checks, the audit entry, the commit; any failed check rolls it all back."""
        assert self._writer is not None
        cid = self._community_ids.get(actor.community.key)
        known = self._open_votes.get((cid, number)) if cid is not None else None
        mid = self._member_ids.get((cid, actor.user_id)) if cid is not None else None
        if cid is None or known is None or mid is None or known.kind != MOTION:
            raise _SlowPath
        value = motion_choice(choice)
        now = self.clock.now()
        params = {
            "vote_id": known.vote_id,
            "voter": voter_key(known, mid),
            "choice": value,
            "number": number,
            "cid": cid,
            "mid": mid,
            "uid": actor.user_id,
        }
        upsert = sql.fast_ballot_upsert(self.db.dialect)
        wanted = (
            (actor.display_name or actor.user_id)[:200],
            sorted(actor.roles),
            actor.is_admin,
            True,
        )

        def body(tx: Any) -> tuple[Any, ...]:
            # Runs on the writer's thread: only its arguments and immutable values here.
            row = tx.first(upsert, params)
            (
                revisions, status, secret, deadline, electorate, early, kind, title,
                eligible, cast_count, name, roles, is_admin, active, tz, head_seq, head_hash,
            ) = row  # fmt: skip
            if (
                status != OPEN
                or (bool(secret), kind) != (known.secret, known.kind)
                or early
                or not eligible
                or (deadline is not None and now >= deadline)
                or head_seq is None
                or (name, roles or [], bool(is_admin), bool(active)) != wanted
            ):
                raise _SlowPath  # rolled back: the full path refuses or handles it
            mine = revisions > 0
            if not mine and cast_count >= electorate:
                raise _SlowPath  # the last ballot closes the vote: the full path does it
            tx.run(
                audit.INSERT_EVENT,
                audit.event_values(
                    cid,
                    head_seq,
                    head_hash,
                    "ballot.changed" if mine else "ballot.cast",
                    now,
                    self._ballot_event(number, bool(secret), mid, name, value),
                    known.vote_id,
                ),
            )
            return mine, kind, title, bool(secret), deadline, tz

        mine, kind, title, secret, deadline, tz = await self._writer.call(body)
        self._log_ballot(number, mine)
        return BallotReceipt(
            number=number,
            kind=kind,
            title=title,
            secret=secret,
            changed=mine,
            choice=None if secret else value,
            deadline=deadline,
            timezone=tz,
        )

    @staticmethod
    def _ballot_event(number: int, secret: bool, mid: int, name: str, value: str) -> dict[str, Any]:
        """The audit data of a ballot: who and what when nominal; neither when secret."""
        if secret:
            return {"number": number}
        return {"number": number, "member": [mid, name], "choice": value}

    @staticmethod
    def _log_ballot(number: int, changed: bool) -> None:
        # Never the voter with the choice: a ballot is logged with neither.
        if log.isEnabledFor(logging.DEBUG):
            log.debug("ballot recorded on vote %s (changed=%s)", number, changed)

    @staticmethod
    def _member_unchanged(
        actor: Actor, name: str, roles: list[str] | None, is_admin: bool, active: bool
    ) -> bool:
        """The stored member is what the platform says now (else the upsert must write)."""
        return (name, roles or [], bool(is_admin), bool(active)) == (
            (actor.display_name or actor.user_id)[:200],
            sorted(actor.roles),
            actor.is_admin,
            True,
        )

    async def _cast_full(self, actor: Actor, number: int, choice: str) -> BallotReceipt:
        """Any ballot, through the engine: new members, polls, the last ballot, refusals."""
        now = self.clock.now()
        closed = False
        async with self.db.transaction() as session:
            await self._scrub_deletes(session)
            conn = await session.connection()
            cid = await self._community_id(session, actor)
            voter = self._known_voter(cid, number, actor.user_id)
            params = {"cid": cid, "uid": actor.user_id, "number": number, "voter": voter}
            row = (await conn.execute(sql.STATE, params)).first()
            if row is None:
                # First command of this member: the full upsert, then the same query.
                await self.communities.member(session, actor)
                row = (await conn.execute(sql.STATE, params)).first()
                assert row is not None
            (
                mid, name, roles, is_admin, active, vote_id, kind, status, secret,
                deadline, electorate, max_choices, early, title, eligible, cast_count, mine,
                tz, _seq, _hash,
            ) = row  # fmt: skip
            self._member_ids[(cid, actor.user_id)] = mid
            if not self._member_unchanged(actor, name, roles, is_admin, active):
                await self.communities.member(session, actor)
            if vote_id is None:
                raise NotFound("decision.not_found", number=number)
            if status != OPEN:
                raise policy.state_error(status, number)
            if deadline is not None and now >= deadline:
                self.scheduler.wake()  # the close is due: let the scheduler do it now
                raise StateConflict("decision.deadline_passed", number=number)
            if eligible is None:
                if await conn.scalar(
                    select(func.count())
                    .select_from(_conflicts)
                    .where(_conflicts.c.vote_id == vote_id, _conflicts.c.member_id == mid)
                ):
                    raise StateConflict("decision.in_conflict", number=number)
                community = await self.communities.community(session, actor.community)
                body = await self._body(conn, vote_id)
                role = policy.role_of(body, self._settings(community))
                raise PermissionDenied("decision.not_elector", number=number, role=role)
            if not eligible:
                raise StateConflict("decision.in_conflict", number=number)
            vkey = self.keys.of(vote_id, bool(secret), kind)
            if voter and self._open_votes.get((cid, number)) != vkey:
                voter = ""  # the remembered vote is not this one: compute again
            if not voter:
                voter = voter_key(vkey, mid)
                mine = (await conn.execute(sql.MINE, {"vote_id": vote_id, "voter": voter})).scalar()
            labels: tuple[str, ...] = ()
            if kind == MOTION:
                value = motion_choice(choice)
            else:
                options = await options_of(conn, vote_id)
                if kind == POLL:
                    positions = poll_choice(choice, options, max_choices)
                    value = encode_options(positions)
                    labels = tuple(options[p - 1].label for p in positions)
                else:
                    value = meeting_choice(choice, options)
            await conn.execute(
                sql.ballot_upsert(self.db.dialect),
                {"vote_id": vote_id, "voter": voter, "choice": value},
            )
            await audit.append(
                conn,
                cid,
                "ballot.changed" if mine else "ballot.cast",
                now,
                self._ballot_event(number, bool(secret), mid, name, value),
                vote_id,
            )
            if not mine and cast_count + 1 >= electorate:
                closed = await self._close(session, vote_id, now, "all_voted")
            elif early and kind == MOTION and not secret:
                vote = await session.get(Vote, vote_id)
                assert vote is not None
                if await self._decided(conn, vote) is not None:
                    closed = await self._close(session, vote_id, now, "decided")
            if not closed:
                self._open_votes[(cid, number)] = vkey
        self._log_ballot(number, bool(mine))
        if closed:
            await self.deliver_outbox()
            await self.truncate_journal()
        return BallotReceipt(
            number=number,
            kind=kind,
            title=title,
            secret=bool(secret),
            changed=bool(mine),
            choice=None if secret else value,
            deadline=deadline,
            timezone=tz,
            closed=closed,
            labels=() if secret else labels,
        )

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

    # --- Conflicts, withdrawal, closing ----------------------------------------------------

    async def declare_conflict(self, actor: Actor, number: int | str, reason: str = "") -> VoteView:
        """Declare a conflict of interest: out of this vote's electorate (recorded)."""
        number = parse_number(number)
        why = _clean(reason, MAX_REASON, "decision.reason_too_long", multiline=False)
        now = self.clock.now()
        closed = False
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            vote = await self._vote(session, community.id, number)
            await self._scrub_deletes(session)
            conn = await session.connection()
            if vote.status not in (PROPOSED, OPEN):
                raise policy.state_error(vote.status, vote.number)
            already = await conn.scalar(
                select(func.count())
                .select_from(_conflicts)
                .where(_conflicts.c.vote_id == vote.id, _conflicts.c.member_id == member.id)
            )
            if already:
                raise StateConflict("decision.conflict_already", number=number)
            role = policy.role_of(vote.body, settings)
            if vote.status == OPEN:
                eligible = await conn.scalar(
                    select(_electors.c.eligible).where(
                        _electors.c.vote_id == vote.id, _electors.c.member_id == member.id
                    )
                )
                if eligible is None:
                    raise PermissionDenied("decision.not_elector", number=number, role=role)
                key = self._key(vote)
                await conn.execute(
                    delete(_ballots).where(
                        _ballots.c.vote_id == vote.id,
                        _ballots.c.voter == voter_key(key, member.id),
                    )
                )
                await conn.execute(
                    update(_electors)
                    .where(_electors.c.vote_id == vote.id, _electors.c.member_id == member.id)
                    .values(eligible=False)
                )
                vote.electorate_size -= 1
            elif not actor.has_role(role):
                raise PermissionDenied("decision.need_role.conflict", role=role)
            await conn.execute(
                _conflicts.insert().values(
                    vote_id=vote.id,
                    member_id=member.id,
                    display_name=member.display_name,
                    reason=why,
                    declared_at=now,
                )
            )
            await session.flush()
            await self._audit(
                session,
                community.id,
                "conflict.declared",
                {"number": number, "member": [member.id, member.display_name], "reason": why},
                vote.id,
                now,
            )
            if vote.status == OPEN:
                cast_count = await conn.scalar(
                    select(func.count()).select_from(_ballots).where(_ballots.c.vote_id == vote.id)
                )
                if (cast_count or 0) >= vote.electorate_size:
                    closed = await self._close(session, vote.id, now, "all_voted")
            view = await self._view(
                session, vote, community, member, actor, policy.is_admin(actor, member, settings)
            )
        if closed:
            await self.deliver_outbox()
            await self.truncate_journal()
        return view

    async def withdraw(self, actor: Actor, number: int | str) -> VoteView:
        """Withdraw a vote before any ballot (its proposer or an admin)."""
        number = parse_number(number)
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member, vote, admin = await self._managed(session, actor, number, "withdraw")
            if vote.status not in (PROPOSED, OPEN):
                raise policy.state_error(vote.status, vote.number)
            await self._scrub_deletes(session)
            conn = await session.connection()
            cast_count = await conn.scalar(
                select(func.count()).select_from(_ballots).where(_ballots.c.vote_id == vote.id)
            )
            if cast_count:
                raise StateConflict("decision.has_ballots", number=number)
            moved = await conn.execute(
                update(_votes)
                .where(_votes.c.id == vote.id, _votes.c.status.in_((PROPOSED, OPEN)))
                .values(status=WITHDRAWN, closed_at=now, close_reason="withdrawn")
            )
            if moved.rowcount != 1:
                raise policy.state_error(vote.status, vote.number)
            await session.refresh(vote)
            await self.scheduler.cancel(session, (JOB_DEADLINE, JOB_REMINDER), str(vote.id))
            await self._audit(
                session,
                community.id,
                "vote.withdrawn",
                {"number": number, "by": [member.id, member.display_name]},
                vote.id,
                now,
            )
            self._open_votes.pop((community.id, number), None)
            view = await self._view(session, vote, community, member, actor, admin)
        return view

    async def _managed(
        self, session: AsyncSession, actor: Actor, number: int, action: str
    ) -> tuple[Community, Member, Vote, bool]:
        """The vote `number` if the actor may manage it (its proposer or an admin)."""
        community, member = await self.communities.member(session, actor)
        vote = await self._vote(session, community.id, number)
        admin = policy.check_manage(actor, member, vote, self._settings(community), action)
        return community, member, vote, admin

    async def close(self, actor: Actor, number: int | str) -> VoteView:
        """Close a vote now (its proposer or an admin); the result is announced."""
        number = parse_number(number)
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member, vote, admin = await self._managed(session, actor, number, "close")
            if vote.status != OPEN:
                raise policy.state_error(vote.status, vote.number)
            if vote.kind == MOTION:
                await self._check_early_close(session, vote, community)
            if not await self._close(session, vote.id, now, "manual"):
                raise policy.state_error(vote.status, vote.number)
            await session.refresh(vote)
            view = await self._view(session, vote, community, member, actor, admin)
        await self.deliver_outbox()
        await self.truncate_journal()
        return view

    async def _check_early_close(
        self, session: AsyncSession, vote: Vote, community: Community
    ) -> None:
        """A motion closes before its deadline only once its outcome can no longer change."""
        conn = await session.connection()
        if await self._decided(conn, vote) is not None:
            return
        tally = await self._tally(conn, vote.id)
        assert vote.deadline_at is not None
        raise StateConflict(
            "decision.close_too_early",
            number=vote.number,
            cast=tally.cast,
            entitled=vote.electorate_size,
            deadline=format_datetime(vote.deadline_at, community.timezone, community.language),
        )

    async def _close(self, session: AsyncSession, vote_id: int, now: datetime, reason: str) -> bool:
        """Close an open vote in the caller's transaction; False when it was not open.

        The conditional UPDATE is the claim: of two closers (deadline job, last ballot, a
        manual close, another process), only the one whose UPDATE changed the row goes on.
        """
        conn = await session.connection()
        # Closed by its deadline, a vote closed at the deadline, even if the bot was down then.
        closed_at = _votes.c.deadline_at if reason == "deadline" else now
        moved = await conn.execute(
            update(_votes)
            .where(_votes.c.id == vote_id, _votes.c.status == OPEN)
            .values(status=CLOSED, closed_at=closed_at, close_reason=reason)
        )
        if moved.rowcount != 1:
            return False
        vote = await session.get(Vote, vote_id, populate_existing=True)
        assert vote is not None and vote.closed_at is not None
        now = vote.closed_at
        if vote.secret:
            await self._scrub_deletes(session)
        community = await session.get(Community, vote.community_id)
        assert community is not None
        key = self._key(vote)
        electors = await eligible_electors(conn, vote.id)
        choice_of, choices, voted_ids = await ballots_of(conn, vote, key, electors)
        options = await options_of(conn, vote.id) if vote.kind != MOTION else ()
        result = result_data(vote, electors, voted_ids, choices, choice_of, options)
        resolution = None
        binding = None
        if vote.kind == MOTION:
            binding = self._binding(vote, community)
            result["binding"] = binding
        if result.get("outcome") == Outcome.ADOPTED.value and binding != CONSULTATION:
            resolution = await self._number_resolution(conn, community, vote.body, now)
        voted = sorted(voted_ids)
        if voted:
            await conn.execute(
                update(_electors)
                .where(_electors.c.vote_id == vote.id, _electors.c.member_id.in_(voted))
                .values(voted=True)
            )
        await conn.execute(
            update(_electors)
            .where(_electors.c.vote_id == vote.id, _electors.c.voted.is_(None))
            .values(voted=False)
        )
        if vote.secret:
            await conn.execute(delete(_ballots).where(_ballots.c.vote_id == vote.id))
            self._secret_closed = True  # the journal is truncated once this commits
        await self.scheduler.cancel(session, (JOB_DEADLINE, JOB_REMINDER), str(vote.id))
        seq, digest = await self._audit(
            session,
            community.id,
            "vote.closed",
            {
                "number": vote.number,
                "reason": reason,
                "resolution": resolution,
                "result": result,
            },
            vote.id,
            now,
        )
        vote.outcome = result.get("outcome")
        vote.resolution = resolution
        vote.binding = binding
        vote.result = {**result, "audit": [seq, digest]}
        await session.flush()
        await outbox.announce_close(conn, vote, now)
        self._open_votes.pop((community.id, vote.number), None)
        return True

    def _binding(self, vote: Vote, community: Community) -> str:
        """The legal value of a motion's vote: a written resolution (every director for),
        a resolution where the bylaws allow remote votes, else a consultation to ratify."""
        if is_written(vote):
            return WRITTEN_RESOLUTION
        distance = self._settings(community).get("vote_distance", "enteriner")
        return RESOLUTION if distance == "reglements" else CONSULTATION

    async def _number_resolution(
        self, conn: AsyncConnection, community: Community, body: str, when: datetime
    ) -> str:
        """The next resolution number of `body` for the year of `when` (local time)."""
        year = local(when, community.timezone).year
        series = reg.SERIES.get(body, "CA")
        n = await reg.next_number(conn, self.db.dialect, community.id, series, year)
        return reg.resolution_ref(body, year, n)

    async def _job_deadline(self, session: AsyncSession, job: Job) -> None:
        """Close (or lapse, if never seconded) a vote whose deadline came."""
        vote_id = int(job.key)
        now = self.clock.now()
        status = await session.scalar(select(Vote.status).where(Vote.id == vote_id))
        if status == OPEN:
            await self._close(session, vote_id, now, "deadline")
        elif status == PROPOSED:
            await self._lapse(session, vote_id, now)

    async def _lapse(self, session: AsyncSession, vote_id: int, now: datetime) -> None:
        conn = await session.connection()
        moved = await conn.execute(
            update(_votes)
            .where(_votes.c.id == vote_id, _votes.c.status == PROPOSED)
            .values(status=LAPSED, closed_at=now, close_reason="lapsed")
        )
        if moved.rowcount != 1:
            return
        vote = await session.get(Vote, vote_id, populate_existing=True)
        assert vote is not None
        await self._audit(
            session, vote.community_id, "vote.lapsed", {"number": vote.number}, vote.id, now
        )
        await outbox.announce_close(conn, vote, now)

    async def _job_reminder(self, session: AsyncSession, job: Job) -> None:
        """Queue a reminder for each eligible member who has not voted yet."""
        vote_id = int(job.key.split(":")[0])
        now = self.clock.now()
        vote = await session.get(Vote, vote_id)
        if vote is None or vote.status != OPEN or vote.deadline_at is None:
            return
        if now >= vote.deadline_at:
            return  # late (the bot was down): the close comes next, not a reminder
        minutes = int(job.key.split(":")[1])
        if any(
            m < minutes and vote.deadline_at - timedelta(minutes=m) <= now
            for m in vote.reminders or ()
        ):
            return  # a later reminder is due too: send only that one
        conn = await session.connection()
        key = self._key(vote)
        voters = set(
            (
                await conn.execute(select(_ballots.c.voter).where(_ballots.c.vote_id == vote.id))
            ).scalars()
        )
        rows = (
            await conn.execute(
                select(_electors.c.member_id, _members.c.user_id)
                .join(_members, _members.c.id == _electors.c.member_id)
                .where(_electors.c.vote_id == vote.id, _electors.c.eligible.is_(True))
                .order_by(_electors.c.member_id)
            )
        ).all()
        pending = [uid for mid, uid in rows if voter_key(key, mid) not in voters]
        await outbox.queue_reminders(conn, vote, pending, now)

    # --- Reading ---------------------------------------------------------------------------

    async def show(self, actor: Actor, number: int | str) -> VoteView:
        """One vote: text, rules, deadline, participation, results when visible."""
        number = parse_number(number)
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            vote = await self._vote(session, community.id, number)
            return await self._view(
                session, vote, community, member, actor, policy.is_admin(actor, member, settings)
            )

    async def list_open(self, actor: Actor) -> tuple[VoteSummary, ...]:
        """Votes awaiting a seconder or open, soonest deadline first."""
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            conn = await session.connection()
            votes = (
                await session.scalars(
                    select(Vote)
                    .where(Vote.community_id == community.id, Vote.status.in_((PROPOSED, OPEN)))
                    .order_by(Vote.number)
                )
            ).all()
            out: list[VoteSummary] = []
            for vote in votes:
                key = self._key(vote)
                cast_count = int(
                    await conn.scalar(
                        select(func.count())
                        .select_from(_ballots)
                        .where(_ballots.c.vote_id == vote.id)
                    )
                    or 0
                )
                voted = False
                can = False
                if vote.status == OPEN:
                    eligible = await conn.scalar(
                        select(_electors.c.eligible).where(
                            _electors.c.vote_id == vote.id, _electors.c.member_id == member.id
                        )
                    )
                    voted = bool(
                        await conn.scalar(
                            select(
                                exists().where(
                                    _ballots.c.vote_id == vote.id,
                                    _ballots.c.voter == voter_key(key, member.id),
                                )
                            )
                        )
                    )
                    can = bool(eligible) and not voted
                else:
                    can = vote.proposer_id != member.id and policy.in_body(
                        actor, vote.body, settings
                    )
                out.append(
                    VoteSummary(
                        number=vote.number,
                        kind=vote.kind,
                        body=vote.body,
                        title=vote.title or _excerpt(vote.text),
                        status=vote.status,
                        deadline=vote.deadline_at,
                        electorate_size=vote.electorate_size,
                        voted_count=cast_count,
                        secret=vote.secret,
                        timezone=community.timezone,
                        to_do=can,
                        voted=voted,
                    )
                )
            out.sort(key=lambda s: (s.deadline is None, s.deadline or datetime.max, s.number))
            return tuple(out)

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

    # --- Register --------------------------------------------------------------------------

    @staticmethod
    async def _decided_motions(
        session: AsyncSession, community_id: int, *, newest_first: bool
    ) -> Sequence[Vote]:
        """The community's closed motions, in closing order."""
        order = (
            (Vote.closed_at.desc(), Vote.number.desc())
            if newest_first
            else (Vote.closed_at, Vote.number)
        )
        query = select(Vote).where(
            Vote.community_id == community_id, Vote.kind == MOTION, Vote.status == CLOSED
        )
        return (await session.scalars(query.order_by(*order))).all()

    async def register(
        self,
        actor: Actor,
        *,
        query: str = "",
        year: int | None = None,
        outcome: str | None = None,
        limit: int = 100,
    ) -> tuple[RegisterEntry, ...]:
        """Decided motions, newest first, filtered by words, year (local) or outcome."""
        async with self.db.transaction() as session:
            community, _member = await self.communities.member(session, actor)
            votes = await self._decided_motions(session, community.id, newest_first=True)
        tz = community.timezone
        words = fold(query).split()
        out: list[RegisterEntry] = []
        for vote in votes:
            assert vote.closed_at is not None
            if year is not None and local(vote.closed_at, tz).year != year:
                continue
            if outcome is not None and vote.outcome != outcome:
                continue
            haystack = fold(f"{vote.resolution or ''} n{vote.number} {vote.title} {vote.text}")
            if any(word not in haystack for word in words):
                continue
            result = result_from(vote, vote.result, ()) if vote.result else None
            assert result is None or isinstance(result, MotionResult)
            out.append(
                RegisterEntry(
                    number=vote.number,
                    resolution=vote.resolution,
                    body=vote.body,
                    title=vote.title or _excerpt(vote.text),
                    text=vote.text,
                    outcome=Outcome(vote.outcome or Outcome.REJECTED.value),
                    closed_at=vote.closed_at,
                    secret=vote.secret,
                    tally=result.tally if result is not None else Tally(),
                    timezone=tz,
                    result=result,
                    binding=vote.binding,
                    ratified_on=vote.ratified_on,
                    majority=Majority(vote.majority),
                )
            )
            if len(out) >= limit:
                break
        return tuple(out)

    async def extract(self, actor: Actor, ref: str | int, lang: str | None = None) -> Extract:
        """The Markdown minutes extract of a decided motion (« CA-2026-001 » or its number)."""
        text = str(ref).strip()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            match = _RESOLUTION.match(text.replace(" ", ""))
            if match:
                wanted = f"{match[1].upper()}-{match[2]}-{int(match[3]):03d}"
                vote = await session.scalar(
                    select(Vote).where(Vote.community_id == community.id, Vote.resolution == wanted)
                )
                if vote is None:
                    raise NotFound("decision.extract.not_found", ref=text[:40])
            else:
                vote = await self._vote(session, community.id, parse_number(text))
            if vote.kind != MOTION:
                raise StateConflict("decision.extract.not_motion", number=vote.number)
            if vote.status != CLOSED:
                raise StateConflict("decision.extract.undecided", number=vote.number)
            view = await self._view(
                session, vote, community, member, actor, policy.is_admin(actor, member, settings)
            )
        language = lang or actor.language or community.language
        return Extract(view, reg.extract(view, language))

    async def export_register(
        self, actor: Actor, *, year: int | None = None, lang: str | None = None
    ) -> RegisterExport:
        """Every decided motion of a year (all years when None) as one Markdown document."""
        async with self.db.transaction() as session:
            community, _member = await self.communities.member(session, actor)
            votes = await self._decided_motions(session, community.id, newest_first=False)
            views: list[VoteView] = []
            for vote in votes:
                assert vote.closed_at is not None
                if year is not None and local(vote.closed_at, community.timezone).year != year:
                    continue
                views.append(await self._view(session, vote, community, None, None, False))
        language = lang or actor.language or community.language
        period = str(year) if year is not None else "—"
        markdown = reg.export(views, community.name or community.external_id, period, language)
        return RegisterExport(markdown, len(views), period)

    async def ratify(self, actor: Actor, number: int | str, meeting: str) -> VoteView:
        """Record that a meeting ratified an adopted consultation: it gets its resolution
        number, in the year of that meeting (admins only)."""
        number = parse_number(number)
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            policy.check_configure(actor, member, settings)
            vote = await self._vote(session, community.id, number)
            if (
                vote.kind != MOTION
                or vote.status != CLOSED
                or vote.binding != CONSULTATION
                or vote.outcome != Outcome.ADOPTED.value
                or vote.ratified_on is not None
            ):
                raise StateConflict("decision.ratify.not_consultation", number=number)
            held = parse_meeting_date(meeting, now, community.timezone)
            assert vote.closed_at is not None
            if held < vote.closed_at.replace(hour=0, minute=0, second=0, microsecond=0):
                raise InvalidInput(
                    "decision.ratify.before_close",
                    closed=format_datetime(vote.closed_at, community.timezone, community.language),
                )
            conn = await session.connection()
            resolution = await self._number_resolution(conn, community, vote.body, held)
            vote.resolution = resolution
            vote.binding = RESOLUTION
            vote.ratified_on = held
            vote.ratified_at = now
            await session.flush()
            await self._audit(
                session,
                community.id,
                "vote.ratified",
                {
                    "number": number,
                    "meeting": held.isoformat(),
                    "resolution": resolution,
                    "by": [member.id, member.display_name],
                },
                vote.id,
                now,
            )
            return await self._view(session, vote, community, member, actor, True)

    async def export_data(self, platform: str, external_id: str) -> dict[str, Any]:
        """Every vote of a community as the JSON contract (`decisions export --json`)."""
        async with self.db.reading() as session:
            community = await session.scalar(
                select(Community).where(
                    Community.platform == platform, Community.external_id == external_id
                )
            )
            if community is None:
                return {"votes": []}
            votes = (
                await session.scalars(
                    select(Vote).where(Vote.community_id == community.id).order_by(Vote.number)
                )
            ).all()
            views = [await self._view(session, v, community, None, None, False) for v in votes]
        return {"votes": [vote_data(v) for v in views]}

    # --- Community defaults ----------------------------------------------------------------

    async def defaults(self, actor: Actor) -> VoteDefaults:
        """The community's default rules for new votes."""
        async with self.db.transaction() as session:
            community, _member = await self.communities.member(session, actor)
            return self._defaults(self._settings(community))

    async def set_defaults(self, actor: Actor, choices: RuleChoices) -> VoteDefaults:
        """Change the community's default rules (admins only)."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            settings = self._settings(community)
            policy.check_configure(actor, member, settings)
            changes: dict[str, Any] = {}
            if choices.deadline is not None:
                parse_deadline(choices.deadline, now, community.timezone)
                changes["vote_deadline"] = choices.deadline
            if choices.majority is not None:
                changes["vote_majority"] = choices.majority.value
            if choices.quorum is not None:
                q = choices.quorum
                key = "vote_quorum_members" if choices.body == MEMBERS else "vote_quorum"
                changes[key] = {
                    QuorumKind.NONE: "aucun",
                    QuorumKind.COUNT: str(q.value),
                    QuorumKind.PERCENT: f"{q.value}%",
                    QuorumKind.MAJORITY: "majorite",
                }[q.kind]
            if choices.distance is not None:
                changes["vote_distance"] = choices.distance
            if choices.secret is not None:
                changes["vote_secret"] = choices.secret
            if choices.seconder is not None:
                changes["vote_seconder"] = choices.seconder
            if choices.early_close is not None:
                changes["vote_early_close"] = choices.early_close
            if choices.reminders is not None:
                changes["vote_reminders"] = list(choices.reminders)
            if changes:
                community.settings = {**(community.settings or {}), **changes}
                await self._audit(session, community.id, "settings.changed", changes, None, now)
            return self._defaults({**settings, **changes})
