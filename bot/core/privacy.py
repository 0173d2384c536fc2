"""Personal information about one member (Québec's Loi 25): all of it as a file, and erasure.

What is erased, anonymised or kept, and why:
- erased: the member's useful marks; their practices too when they ask for it (records,
  every version, the marks others gave them);
- anonymised: otherwise, their name on their practices and on the versions they wrote, and
  on the withdrawals and purges they made as a moderator (« ancien·ne membre »);
- kept: what the community must keep as its records — nominal ballots, motions proposed or
  seconded, conflicts of interest declared, electorates (the register of resolutions, under
  the member's name), and the decisions' audit log, whose entries hold the name inside the
  hashed data: changing one would break the chain that proves the register untampered.
  Secret ballots hold nothing per voter (a keyed hash, deleted at close). The member row
  (platform id, display name, roles) stays while they are a member: the platform sends it
  with every command and the register names people through it.

This module reads the decision tables; it never changes them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.actor import Actor
from bot.core.clock import Clock
from bot.core.communities import Communities
from bot.core.db import Database
from bot.core.i18n import register, t
from bot.core.practices.records import CONTENT_FIELDS, PracticeContent
from bot.core.practices.service import PracticeService
from bot.models import Community, Member
from bot.models.decisions import AuditEvent, Ballot, Vote, VoteConflict, VoteElector
from bot.models.practices import Practice, PracticeVersion, UsefulMark

FORMAT = "coopilote-personal-data"

register(
    {
        # The name that replaces an erased member's on what stays (practices, versions, moderation).
        "privacy.former_member": "ancien·ne membre",
        "privacy.explain": (
            "Ce que « /moi effacer » fait dans cette communauté :\n"
            "- effacé : vos marques « utile »; vos pratiques aussi si vous le demandez "
            "(toutes leurs versions avec elles);\n"
            "- rendu anonyme : sinon, votre nom sur vos pratiques et leurs versions, et sur les "
            "retraits et purges que vous avez faits en modération (« ancien·ne membre »);\n"
            "- gardé : vos votes nominaux, les propositions que vous avez faites ou appuyées, "
            "vos déclarations de conflit d’intérêts et votre place dans les électorats. Ils "
            "font partie du registre des décisions, que la communauté doit conserver : une "
            "résolution adoptée reste au registre avec le nom de chaque personne qui a voté. "
            "Le journal d’audit aussi garde votre nom : chaque entrée est scellée par "
            "l’empreinte de la précédente, et en changer une seule ferait perdre la preuve "
            "que le registre n’a pas été modifié. Les votes secrets ne gardent rien qui vous "
            "relie à votre choix. Votre fiche de membre (identifiant, nom, rôles) reste tant "
            "que vous êtes membre : la plateforme l’envoie à chaque commande."
        ),
        "privacy.erased": (
            "C’est fait. Effacé : {marks} marque(s) « utile », {deleted} pratique(s). "
            "Rendu anonyme : {anonymised} pratique(s), {versions} version(s), {moderation} "
            "acte(s) de modération. Gardé au registre : {ballots} vote(s) nominal(aux), "
            "{votes} proposition(s), appui(s) ou conflit(s) d’intérêts, {audit} entrée(s) "
            "du journal d’audit."
        ),
    }
)


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def as_json(data: dict[str, Any]) -> str:
    """A member's data as the file handed to them (UTF-8 JSON, indented)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _names_member(data: Any, member_id: int) -> bool:
    """Whether audit data names the member: the log writes people as [member id, name]."""
    if isinstance(data, list):
        if (
            len(data) == 2
            and type(data[0]) is int
            and data[0] == member_id
            and isinstance(data[1], str)
        ):
            return True
        return any(_names_member(item, member_id) for item in data)
    if isinstance(data, dict):
        return any(_names_member(value, member_id) for value in data.values())
    return False


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What `/moi effacer` did, and what it kept and why."""

    marks_removed: int
    practices_deleted: int
    practices_anonymised: int
    versions_anonymised: int
    moderation_anonymised: int
    # Kept: the register and its proof.
    ballots_kept: int
    votes_kept: int
    audit_entries_kept: int


class PrivacyService:
    """Everything the bot holds about a member, as a file; and the erasure of what may go."""

    def __init__(
        self, db: Database, clock: Clock, communities: Communities, practices: PracticeService
    ) -> None:
        self.db = db
        self.clock = clock
        self.communities = communities
        # Its search index forgets the practices erased.
        self.practices = practices

    # ------------------------------------------------------------------ access

    async def personal_data(self, actor: Actor) -> dict[str, Any]:
        """Every piece of information about the actor in their community, JSON-ready."""
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            return {
                "format": FORMAT,
                "version": 1,
                "produced_at": _iso(self.clock.now()),
                "community": {
                    "platform": community.platform,
                    "id": community.external_id,
                    "name": community.name,
                },
                "profile": {
                    "user_id": member.user_id,
                    "display_name": member.display_name,
                    "roles": list(member.roles or ()),
                    "is_admin": member.is_admin,
                    "active": member.active,
                    "first_seen": _iso(member.first_seen),
                    "last_seen": _iso(member.last_seen),
                },
                "practices": await self._practices(session, community, member),
                "versions_written": await self._versions(session, member),
                "moderation": await self._moderation(session, member),
                "useful_marks": await self._marks(session, member),
                "decisions": await self._decisions(session, community, member),
                "audit_entries": [e async for e in self._audit(session, community, member)],
            }

    async def personal_data_json(self, actor: Actor) -> str:
        """The same, as the file handed to the member (UTF-8 JSON)."""
        return as_json(await self.personal_data(actor))

    async def _practices(
        self, session: AsyncSession, community: Community, member: Member
    ) -> list[dict[str, Any]]:
        rows = await session.scalars(
            select(Practice)
            .where(Practice.community_id == community.id, Practice.author_id == member.id)
            .order_by(Practice.id)
        )
        out = []
        for row in rows:
            content = PracticeContent.from_dict({n: getattr(row, n) for n in CONTENT_FIELDS})
            out.append(
                {
                    "id": row.id,
                    "uid": row.uid,
                    "title": row.title,
                    "author": row.author_name,
                    "status": row.status,
                    "shared": row.shared,
                    "created_at": _iso(row.created_at),
                    "updated_at": _iso(row.updated_at),
                    "version": row.version,
                    "useful_count": row.useful_count,
                    "withdrawn_reason": row.withdrawn_reason,
                    "content": content.as_dict(),
                }
            )
        return out

    async def _versions(self, session: AsyncSession, member: Member) -> list[dict[str, Any]]:
        rows = await session.scalars(
            select(PracticeVersion)
            .where(PracticeVersion.editor_id == member.id)
            .order_by(PracticeVersion.practice_id, PracticeVersion.number)
        )
        return [
            {
                "practice_id": v.practice_id,
                "number": v.number,
                "editor": v.editor_name,
                "created_at": _iso(v.created_at),
                "purged_at": _iso(v.purged_at),
                "content": v.content or None,
            }
            for v in rows
        ]

    async def _moderation(self, session: AsyncSession, member: Member) -> dict[str, Any]:
        withdrawn = await session.scalars(
            select(Practice).where(Practice.withdrawn_by_id == member.id).order_by(Practice.id)
        )
        purged = await session.scalars(
            select(PracticeVersion)
            .where(PracticeVersion.purged_by_id == member.id)
            .order_by(PracticeVersion.practice_id, PracticeVersion.number)
        )
        return {
            "withdrawals": [
                {
                    "practice_id": r.id,
                    "title": r.title,
                    "at": _iso(r.withdrawn_at),
                    "as": r.withdrawn_as,
                    "reason": r.withdrawn_reason,
                }
                for r in withdrawn
            ],
            "purges": [
                {
                    "practice_id": v.practice_id,
                    "number": v.number,
                    "at": _iso(v.purged_at),
                    "reason": v.purge_reason,
                }
                for v in purged
            ],
        }

    async def _marks(self, session: AsyncSession, member: Member) -> list[dict[str, Any]]:
        rows = await session.execute(
            select(UsefulMark.practice_id, Practice.title, UsefulMark.created_at)
            .join(Practice, Practice.id == UsefulMark.practice_id)
            .where(UsefulMark.member_id == member.id)
            .order_by(UsefulMark.created_at, UsefulMark.practice_id)
        )
        return [{"practice_id": pid, "title": title, "at": _iso(at)} for pid, title, at in rows]

    async def _decisions(
        self, session: AsyncSession, community: Community, member: Member
    ) -> dict[str, Any]:
        def vote_ref(v: Vote) -> dict[str, Any]:
            return {
                "number": v.number,
                "kind": v.kind,
                "title": v.title,
                "status": v.status,
                "resolution": v.resolution,
                "secret": v.secret,
            }

        in_community = Vote.community_id == community.id
        proposed = await session.scalars(
            select(Vote)
            .where(in_community, or_(Vote.proposer_id == member.id, Vote.seconder_id == member.id))
            .order_by(Vote.number)
        )
        # Nominal ballots only: a secret ballot's voter is a keyed hash, unlinkable to anyone.
        ballots = await session.execute(
            select(Vote, Ballot.choice)
            .join(Ballot, Ballot.vote_id == Vote.id)
            .where(in_community, Vote.secret.is_(False), Ballot.voter == str(member.id))
            .order_by(Vote.number)
        )
        electorates = await session.execute(
            select(Vote, VoteElector.display_name, VoteElector.eligible, VoteElector.voted)
            .join(VoteElector, VoteElector.vote_id == Vote.id)
            .where(in_community, VoteElector.member_id == member.id)
            .order_by(Vote.number)
        )
        conflicts = await session.execute(
            select(Vote, VoteConflict.reason, VoteConflict.declared_at)
            .join(VoteConflict, VoteConflict.vote_id == Vote.id)
            .where(in_community, VoteConflict.member_id == member.id)
            .order_by(Vote.number)
        )
        return {
            "proposed_or_seconded": [
                {
                    **vote_ref(v),
                    "role": "proposer" if v.proposer_id == member.id else "seconder",
                }
                for v in proposed
            ],
            "nominal_ballots": [{**vote_ref(v), "choice": choice} for v, choice in ballots],
            "electorates": [
                {**vote_ref(v), "name": name, "eligible": eligible, "voted": voted}
                for v, name, eligible, voted in electorates
            ],
            "conflicts_of_interest": [
                {**vote_ref(v), "reason": reason, "declared_at": _iso(at)}
                for v, reason, at in conflicts
            ],
        }

    async def _audit(
        self, session: AsyncSession, community: Community, member: Member
    ) -> AsyncIterator[dict[str, Any]]:
        needle = f"[{member.id},"
        rows = await session.execute(
            select(AuditEvent.seq, AuditEvent.at, AuditEvent.kind, AuditEvent.data)
            .where(
                AuditEvent.community_id == community.id,
                AuditEvent.data.contains(needle),
            )
            .order_by(AuditEvent.seq)
        )
        for seq, at, kind, data in rows:
            parsed = json.loads(data)
            if _names_member(parsed, member.id):
                yield {"seq": seq, "at": _iso(at), "kind": kind, "data": parsed}

    # ------------------------------------------------------------------ erasure

    async def erase(self, actor: Actor, *, delete_practices: bool = False) -> ErasureReport:
        """Erase or anonymise what may go; keep the register and its audit log (see above)."""
        async with self.db.transaction() as session:
            await self.practices.secure_delete(session)
            community, member = await self.communities.member(session, actor)
            # What stays is read by everyone here: in the community's language.
            former = t("privacy.former_member", community.language)
            marked = list(
                await session.scalars(
                    select(UsefulMark.practice_id).where(UsefulMark.member_id == member.id)
                )
            )
            await session.execute(delete(UsefulMark).where(UsefulMark.member_id == member.id))
            mine = list(
                await session.scalars(
                    select(Practice.id).where(
                        Practice.community_id == community.id, Practice.author_id == member.id
                    )
                )
            )
            deleted = anonymised = 0
            if delete_practices and mine:
                for practice_id in mine:
                    await self.practices.index.remove(session, practice_id)
                await session.execute(delete(Practice).where(Practice.id.in_(mine)))
                deleted = len(mine)
            elif mine:
                await session.execute(
                    update(Practice)
                    .where(Practice.id.in_(mine))
                    .values(author_id=None, author_name=former)
                )
                anonymised = len(mine)
            versions = (
                await session.execute(
                    update(PracticeVersion)
                    .where(PracticeVersion.editor_id == member.id)
                    .values(editor_id=None, editor_name=former)
                )
            ).rowcount or 0
            moderation = (
                await session.execute(
                    update(Practice)
                    .where(Practice.withdrawn_by_id == member.id)
                    .values(withdrawn_by_id=None, withdrawn_by=former)
                )
            ).rowcount or 0
            moderation += (
                await session.execute(
                    update(PracticeVersion)
                    .where(PracticeVersion.purged_by_id == member.id)
                    .values(purged_by_id=None, purged_by=former)
                )
            ).rowcount or 0
            # The counts follow the marks removed.
            for practice_id in set(marked) - set(mine if deleted else ()):
                count = await session.scalar(
                    select(func.count(UsefulMark.id)).where(UsefulMark.practice_id == practice_id)
                )
                await session.execute(
                    update(Practice)
                    .where(Practice.id == practice_id)
                    .values(useful_count=int(count or 0))
                )
            decisions = await self._decisions(session, community, member)
            audit = [e async for e in self._audit(session, community, member)]
            return ErasureReport(
                marks_removed=len(marked),
                practices_deleted=deleted,
                practices_anonymised=anonymised,
                versions_anonymised=versions,
                moderation_anonymised=moderation,
                ballots_kept=len(decisions["nominal_ballots"]),
                votes_kept=len(decisions["proposed_or_seconded"])
                + len(decisions["conflicts_of_interest"]),
                audit_entries_kept=len(audit),
            )
