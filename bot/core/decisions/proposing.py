"""Proposing a motion, starting a poll or a meeting poll: authorize → validate → write → publish."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.actor import Actor
from bot.core.decisions import (
    messages,  # noqa: F401  (registers the texts)
    policy,
)
from bot.core.decisions import register as reg
from bot.core.decisions.base import (
    JOB_DEADLINE,
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_QUESTION,
    MAX_TEXT,
    MAX_TITLE,
    MIN_OPTIONS,
    DecisionBase,
    _clean,
    _options,
)
from bot.core.decisions.deadlines import Deadline, parse_deadline, parse_slot
from bot.core.decisions.options import (
    BOARD,
    MEMBERS,
    RuleChoices,
)
from bot.core.decisions.rules import (
    Majority,
    Quorum,
)
from bot.core.decisions.views import (
    MEETING,
    MOTION,
    POLL,
    PROPOSED,
    Rules,
    VoteDefaults,
    VoteView,
)
from bot.core.errors import InvalidInput
from bot.core.text import clean_text, fold
from bot.models import Community, Member
from bot.models.decisions import (
    Vote,
)


class Proposing(DecisionBase):
    """Motions, polls and meeting polls are created here (the rules resolved once)."""

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
            vote = await self._insert_vote(
                session, community, member, MOTION, body, heading, body_text, rules, deadline,
                actor.channel_id, now,
            )  # fmt: skip
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

    async def _insert_vote(
        self,
        session: AsyncSession,
        community: Community,
        member: Member,
        kind: str,
        body: str,
        heading: str,
        text: str,
        rules: Rules,
        deadline: Deadline,
        channel_id: str | None,
        now: datetime,
        labels: Sequence[tuple[str, datetime | None]] = (),
    ) -> Vote:
        """Write a new vote (its number, options and « proposed » audit event)."""
        conn = await session.connection()
        number = await reg.next_number(conn, self.db.dialect, community.id, "vote", 0)
        vote = self._new_vote(
            community, member, number, kind, body, heading, text, rules, deadline, channel_id, now
        )
        session.add(vote)
        await session.flush()
        if labels:
            await conn.execute(
                _options.insert(),
                [
                    {"vote_id": vote.id, "position": i + 1, "label": label, "starts_at": starts}
                    for i, (label, starts) in enumerate(labels)
                ],
            )
        data: dict[str, Any] = {
            "number": number,
            "kind": kind,
            "body": body,
            "title": heading,
            "text": text,
            "proposer": [member.id, member.display_name],
            "rules": self._rules_data(rules, deadline),
        }
        if kind != MOTION:
            data["options"] = [label for label, _ in labels]
        await self._audit(session, community.id, "vote.proposed", data, vote.id, now)
        return vote

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
            vote = await self._insert_vote(
                session, community, member, kind, body, heading, question, rules, deadline,
                actor.channel_id, now, labels,
            )  # fmt: skip
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
