"""Communities and members: resolved from the Actor on every unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.actor import Actor, CommunityRef
from bot.core.clock import Clock
from bot.core.db import Database
from bot.core.errors import InvalidInput, PermissionDenied
from bot.core.i18n import normalize_language
from bot.core.sql import upsert
from bot.models import Community, Member

R = TypeVar("R", Community, Member)

# Role names a community uses unless it chose others (Québec usage: CA, membres).
DEFAULT_SETTINGS: dict[str, Any] = {
    "board_role": "CA",
    "member_role": "Membre",
    "admin_role": "Admin",
}


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """A member as the platform reports it (for a bulk sync)."""

    user_id: str
    display_name: str
    roles: frozenset[str] = frozenset()
    is_admin: bool = False


@dataclass(frozen=True, slots=True)
class CommunityView:
    """A community's public facts, returned by the service."""

    id: int
    key: str
    name: str
    language: str
    timezone: str
    settings: dict[str, Any]


def is_admin(actor: Actor, member: Member, settings: dict[str, Any]) -> bool:
    """An administrator of the community: the platform's flag or the community's admin role."""
    return bool(member.is_admin or actor.has_role(str(settings["admin_role"])))


def _view(c: Community) -> CommunityView:
    return CommunityView(
        id=c.id,
        key=f"{c.platform}:{c.external_id}",
        name=c.name,
        language=c.language,
        timezone=c.timezone,
        settings={**DEFAULT_SETTINGS, **(c.settings or {})},
    )


def _new_member(community: Community, info: MemberInfo, now: datetime) -> Member:
    """A member row for a bulk mirror (one flush for all; see `Communities.mirror_members`)."""
    return Member(
        community_id=community.id,
        user_id=info.user_id,
        display_name=(info.display_name or info.user_id)[:200],
        roles=sorted(info.roles),
        is_admin=info.is_admin,
        active=True,
        first_seen=now,
        last_seen=now,
    )


class Communities:
    """Finds or creates communities and members; holds per-community settings."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        language: str = "fr",
        timezone: str = "America/Montreal",
    ) -> None:
        self.db = db
        self.clock = clock
        self.default_language = language
        self.default_timezone = timezone
        # (platform, external_id) -> id never changes once created: safe to remember.
        self._ids: dict[tuple[str, str], int] = {}

    async def community(self, session: AsyncSession, ref: CommunityRef) -> Community:
        """The community row for `ref`, created on first use."""
        name = ref.name[:200]
        known = self._ids.get((ref.platform, ref.external_id))
        row = await session.get(Community, known) if known is not None else None
        if row is None:
            row = await self._first_contact(
                session,
                Community,
                ("platform", "external_id"),
                {
                    "platform": ref.platform,
                    "external_id": ref.external_id,
                    "name": name,
                    "language": self.default_language,
                    "timezone": self.default_timezone,
                    "settings": {},
                    "created_at": self.clock.now(),
                },
            )
        if ref.name and row.name != name:
            row.name = name
        self._ids[(ref.platform, ref.external_id)] = row.id
        return row

    async def member(self, session: AsyncSession, actor: Actor) -> tuple[Community, Member]:
        """The actor's community and member rows, roles refreshed from the actor."""
        community = await self.community(session, actor.community)
        member = await self._upsert_member(
            session,
            community,
            MemberInfo(actor.user_id, actor.display_name, actor.roles, actor.is_admin),
            self.clock.now(),
        )
        return community, member

    async def _upsert_member(
        self, session: AsyncSession, community: Community, info: MemberInfo, now: datetime
    ) -> Member:
        member = await session.scalar(
            select(Member).where(
                Member.community_id == community.id, Member.user_id == info.user_id
            )
        )
        roles = sorted(info.roles)
        name = (info.display_name or info.user_id)[:200]
        if member is None:
            member = await self._first_contact(
                session,
                Member,
                ("community_id", "user_id"),
                {
                    "community_id": community.id,
                    "user_id": info.user_id,
                    "display_name": name,
                    "roles": roles,
                    "is_admin": info.is_admin,
                    "active": True,
                    "first_seen": now,
                    "last_seen": now,
                },
            )
        # Only write when something changed: this runs on every command.
        if (member.display_name, member.roles, member.is_admin, member.active) != (
            name,
            roles,
            info.is_admin,
            True,
        ):
            member.display_name = name
            member.roles = roles
            member.is_admin = info.is_admin
            member.active = True
            member.last_seen = now
        return member

    async def _first_contact(
        self, session: AsyncSession, model: type[R], key: tuple[str, ...], values: dict[str, Any]
    ) -> R:
        """Insert the row unless its key exists, then read it.

        Two first commands at once (two processes, or two tasks on PostgreSQL) then both
        get the one row instead of a duplicate-key error: the database settles the race.
        """
        table = model.__table__  # type: ignore[attr-defined]
        await session.execute(upsert(self.db.dialect, table, key, values=values))
        row = await session.scalar(select(model).filter_by(**{k: values[k] for k in key}))
        assert row is not None  # inserted above, or by a unit of work that committed
        return row

    async def sync_members(self, ref: CommunityRef, members: Iterable[MemberInfo]) -> int:
        """Replace the known member list with the platform's (absent ones become inactive)."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            community = await self.community(session, ref)
            seen: set[str] = set()
            for info in members:
                await self._upsert_member(session, community, info, now)
                seen.add(info.user_id)
            rows = await session.scalars(
                select(Member).where(Member.community_id == community.id, Member.active)
            )
            for row in rows:
                if row.user_id not in seen:
                    row.active = False
            return len(seen)

    async def mirror_members(self, ref: CommunityRef, members: Iterable[MemberInfo]) -> int:
        """`sync_members` for large guilds: one read of the known members, then writes only
        for those who are new or changed (a restart over 5,000 unchanged members is one query).
        """
        now = self.clock.now()
        async with self.db.transaction() as session:
            community = await self.community(session, ref)
            rows = await session.scalars(select(Member).where(Member.community_id == community.id))
            known = {row.user_id: row for row in rows}
            seen: set[str] = set()
            for info in members:
                seen.add(info.user_id)
                row = known.get(info.user_id)
                if row is None:
                    session.add(_new_member(community, info, now))  # flushed once, at commit
                    continue
                wanted = ((info.display_name or info.user_id)[:200], sorted(info.roles))
                if (row.display_name, row.roles, row.is_admin, row.active) != (
                    *wanted,
                    info.is_admin,
                    True,
                ):
                    await self._upsert_member(session, community, info, now)
            for user_id, row in known.items():
                if row.active and user_id not in seen:
                    row.active = False
            return len(seen)

    async def mirror_member(self, ref: CommunityRef, info: MemberInfo) -> None:
        """One member as the platform now reports them (joined, or roles or name changed)."""
        async with self.db.transaction() as session:
            community = await self.community(session, ref)
            await self._upsert_member(session, community, info, self.clock.now())

    async def member_left(self, ref: CommunityRef, user_id: str) -> bool:
        """Mark a member who left as inactive (kept for the register's history)."""
        async with self.db.transaction() as session:
            community = await self.community(session, ref)
            row = await session.scalar(
                select(Member).where(Member.community_id == community.id, Member.user_id == user_id)
            )
            if row is None or not row.active:
                return False
            row.active = False
            row.last_seen = self.clock.now()
            return True

    async def settings(self, ref: CommunityRef) -> CommunityView:
        """The community's settings with defaults filled in."""
        async with self.db.transaction() as session:
            return _view(await self.community(session, ref))

    async def update_settings(self, actor: Actor, **changes: Any) -> CommunityView:
        """Change community settings (admins only): language, timezone or feature keys."""
        async with self.db.transaction() as session:
            community, member = await self.member(session, actor)
            if not is_admin(actor, member, _view(community).settings):
                raise PermissionDenied()
            if "language" in changes:
                community.language = normalize_language(changes.pop("language"))
            if "timezone" in changes:
                from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

                tz = str(changes.pop("timezone"))
                try:
                    ZoneInfo(tz)
                except (ZoneInfoNotFoundError, ValueError) as exc:
                    raise InvalidInput("error.invalid", detail=tz) from exc
                community.timezone = tz
            if changes:
                community.settings = {**(community.settings or {}), **changes}
            return _view(community)

    async def follow_role(self, ref: CommunityRef, role_id: str, name: str) -> list[str]:
        """A platform role was renamed: settings that chose it by id (« board_role_id ») take
        its new name, so that a configured role is matched by id, not by its old name.

        Returns the settings changed. No permission check: the platform reports a fact.
        """
        async with self.db.transaction() as session:
            community = await self.community(session, ref)
            settings = dict(community.settings or {})
            changed = [
                key[: -len("_id")]
                for key, value in settings.items()
                if key.endswith("_role_id") and str(value) == role_id
            ]
            if changed:
                community.settings = {**settings, **dict.fromkeys(changed, name[:100])}
            return changed
