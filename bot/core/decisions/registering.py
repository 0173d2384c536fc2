"""The register: decided motions, minutes extracts, exports, ratifications."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.actor import Actor
from bot.core.decisions import (
    messages,  # noqa: F401  (registers the texts)
    policy,
)
from bot.core.decisions import register as reg
from bot.core.decisions.base import (
    _RESOLUTION,
    DecisionBase,
    Extract,
    RegisterExport,
    _excerpt,
    parse_number,
)
from bot.core.decisions.deadlines import parse_meeting_date
from bot.core.decisions.export import vote_data
from bot.core.decisions.results import (
    result_from,
)
from bot.core.decisions.rules import (
    Majority,
    Outcome,
    Tally,
)
from bot.core.decisions.views import (
    CLOSED,
    CONSULTATION,
    MOTION,
    RESOLUTION,
    MotionResult,
    RegisterEntry,
    VoteView,
)
from bot.core.errors import InvalidInput, NotFound, StateConflict
from bot.core.text import fold
from bot.core.timefmt import format_datetime, local
from bot.models import Community
from bot.models.decisions import (
    Vote,
)


class Registering(DecisionBase):
    """The register of resolutions and what it prints."""

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
