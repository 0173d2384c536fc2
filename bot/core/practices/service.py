"""The practice service: every use case of practice records, one unit of work each."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.actor import Actor
from bot.core.clock import Clock
from bot.core.communities import DEFAULT_SETTINGS, Communities
from bot.core.db import Database
from bot.core.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from bot.core.practices import exchange
from bot.core.practices.records import (
    AUTHOR_LIMIT,
    CONTENT_FIELDS,
    ImportReport,
    PracticeContent,
    PracticePage,
    PracticeSummary,
    PracticeView,
    SearchPage,
    SearchRequest,
    UsefulResult,
    VersionView,
    build_content,
)
from bot.core.practices.search import IndexDocument, IndexQuery, PracticeIndex, index_for
from bot.core.practices.snippets import highlight, snippet
from bot.core.text import clean_text, fold
from bot.models import Community, Member
from bot.models.practices import Practice, PracticeVersion, UsefulMark

# Who may edit, withdraw or restore anyone's practice, besides admins (community setting).
MODERATOR_SETTING = "practices_moderator_role"
DEFAULT_MODERATOR_ROLE = "Modération"
PER_PAGE = 5
MAX_PER_PAGE = 50
MAX_PAGE = 1000  # deeper pages mean a better query is needed, not more scrolling


def content_of(row: Practice) -> PracticeContent:
    """The current content of a Practice row."""
    return PracticeContent.from_dict({n: getattr(row, n) for n in CONTENT_FIELDS})


def _apply(row: Practice, content: PracticeContent) -> None:
    for name, value in content.as_dict().items():
        setattr(row, name, value)


def display_name(member: Member) -> str:
    """A member's name as stored on what they write: the platform's name, cleaned (never
    refused: a platform name with an invisible or broken character still names them)."""
    name = clean_text(member.display_name, limit=AUTHOR_LIMIT, multiline=False, lenient=True)
    return name or member.user_id[:AUTHOR_LIMIT]


def clean_reason(reason: str | None) -> str:
    """A withdrawal's or a purge's reason: one line, 500 characters at most."""
    return clean_text(reason, limit=500, multiline=False, field="withdrawn_reason")


def content_uid(content: PracticeContent) -> str:
    """The identity of a record that came without one: its content's digest, so that
    importing the same file twice matches the records instead of copying them."""
    canonical = json.dumps(content.as_dict(), sort_keys=True, ensure_ascii=False)
    return "c" + hashlib.sha256(canonical.encode("utf-8", "replace")).hexdigest()[:31]


async def count_marks(session: AsyncSession, practice_id: int) -> int:
    """How many members marked a practice useful: the count is always the marks' number."""
    return int(
        await session.scalar(
            select(func.count(UsefulMark.id)).where(UsefulMark.practice_id == practice_id)
        )
        or 0
    )


@dataclass(frozen=True, slots=True)
class JsonExport:
    """A JSON export and the records whose broken text was written with « � »."""

    text: str
    repairs: tuple[exchange.ExportRepair, ...] = ()


def _check_page(page: int, per_page: int) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput("practices.error.page", limit=MAX_PAGE)
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput("practices.error.per_page", limit=MAX_PER_PAGE)


def _check_beyond(page: int, total: int, per_page: int) -> None:
    # « page 1000 sur 200 » is a mistake to say, not an empty page to show.
    pages = max(1, -(-total // per_page))
    if page > pages:
        raise InvalidInput("practices.error.page_beyond", page=page, pages=pages)


class PracticeService:
    """Post, edit, withdraw, mark useful, search, export and import practice records."""

    def __init__(self, db: Database, clock: Clock, communities: Communities) -> None:
        self.db = db
        self.clock = clock
        self.communities = communities
        self.index: PracticeIndex = index_for(db.dialect, db.safe_url())

    # ------------------------------------------------------------------ permissions

    @staticmethod
    def is_moderator(community: Community, member: Member, actor: Actor) -> bool:
        """Admins and holders of the community's moderator role moderate practices.

        Authority comes from the actor, which the platform builds for this very request;
        the member row's flags date from the last write and may be stale (a demoted admin).
        """
        if actor.is_admin:
            return True
        settings = {**DEFAULT_SETTINGS, **(community.settings or {})}
        wanted = {
            fold(str(settings.get("admin_role", ""))),
            fold(str(settings.get(MODERATOR_SETTING, DEFAULT_MODERATOR_ROLE))),
        } - {""}
        return any(fold(role) in wanted for role in actor.roles)

    def _may_edit(self, row: Practice, community: Community, member: Member, actor: Actor) -> bool:
        if row.community_id != community.id:
            return False
        return row.author_id == member.id or self.is_moderator(community, member, actor)

    async def _get(
        self,
        session: AsyncSession,
        practice_id: int,
        community: Community,
        member: Member,
        actor: Actor,
        *,
        allow_withdrawn: bool = False,
    ) -> Practice:
        """A practice the actor may see; NotFound otherwise (never reveal others' records)."""
        if not isinstance(practice_id, int) or practice_id <= 0:
            raise NotFound("practices.error.not_found", id=str(practice_id)[:20])
        row = await session.get(Practice, practice_id)
        if row is None:
            raise NotFound("practices.error.not_found", id=practice_id)
        own = row.community_id == community.id
        if not own and not row.shared:
            raise NotFound("practices.error.not_found", id=practice_id)
        if row.status == "withdrawn" and not (
            allow_withdrawn and self._may_edit(row, community, member, actor)
        ):
            raise NotFound("practices.error.not_found", id=practice_id)
        return row

    # ------------------------------------------------------------------ views

    async def _view(
        self,
        session: AsyncSession,
        row: Practice,
        community: Community,
        member: Member,
        actor: Actor,
    ) -> PracticeView:
        marked = await session.scalar(
            select(UsefulMark.id).where(
                UsefulMark.practice_id == row.id, UsefulMark.member_id == member.id
            )
        )
        owner_name = community.name
        if row.community_id != community.id:
            owner = await session.get(Community, row.community_id)
            owner_name = owner.name if owner is not None else ""
        return PracticeView(
            id=row.id,
            uid=row.uid,
            content=content_of(row),
            author=row.author_name,
            status=row.status,
            shared=row.shared,
            version=row.version,
            useful_count=row.useful_count,
            marked_useful=marked is not None,
            can_edit=self._may_edit(row, community, member, actor),
            own=row.community_id == community.id,
            community=owner_name,
            created_at=row.created_at,
            updated_at=row.updated_at,
            withdrawn_at=row.withdrawn_at,
            withdrawn_by=row.withdrawn_by,
            tz=community.timezone,
            withdrawn_as=row.withdrawn_as,
            withdrawn_reason=row.withdrawn_reason,
            imported_from=row.imported_from,
            can_restore=row.status == "withdrawn"
            and self._may_restore(row, community, member, actor),
        )

    def _may_restore(
        self, row: Practice, community: Community, member: Member, actor: Actor
    ) -> bool:
        # A moderator's withdrawal sticks: only a moderator undoes it.
        if row.withdrawn_as == "moderator":
            return row.community_id == community.id and self.is_moderator(community, member, actor)
        return self._may_edit(row, community, member, actor)

    async def _summaries(
        self,
        session: AsyncSession,
        rows: Sequence[Practice],
        community: Community,
        terms: frozenset[str] = frozenset(),
        *,
        with_snippet: bool = False,
    ) -> tuple[PracticeSummary, ...]:
        foreign = {r.community_id for r in rows if r.community_id != community.id}
        names = {community.id: community.name}
        if foreign:
            for c in await session.scalars(select(Community).where(Community.id.in_(foreign))):
                names[c.id] = c.name
        out = []
        for r in rows:
            content = content_of(r)
            out.append(
                PracticeSummary(
                    id=r.id,
                    title=r.title,
                    useful_count=r.useful_count,
                    author=r.author_name,
                    organisation=r.organisation,
                    families=tuple(r.families or ()),
                    tags=tuple(r.tags or ()),
                    created_at=r.created_at,
                    status=r.status,
                    shared=r.shared,
                    own=r.community_id == community.id,
                    community=names.get(r.community_id, ""),
                    title_marked=highlight(r.title, terms, content.language, "title")
                    if terms
                    else None,
                    snippet=snippet(content, terms) if with_snippet else None,
                )
            )
        return tuple(out)

    # ------------------------------------------------------------------ writing

    async def post(
        self, actor: Actor, values: Mapping[str, Any], *, shared: bool = False
    ) -> PracticeView:
        """Publish a new practice record; the actor is its author."""
        content = build_content(values)  # before any write: bad input changes nothing
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            row = Practice(
                community_id=community.id,
                uid=uuid.uuid4().hex,
                author_id=member.id,
                author_name=display_name(member),
                status="published",
                shared=bool(shared),
                version=1,
                useful_count=0,
                useful_imported=0,
                created_at=now,
                updated_at=now,
                withdrawn_at=None,
                withdrawn_by="",
            )
            _apply(row, content)
            session.add(row)
            await session.flush()
            session.add(
                PracticeVersion(
                    practice_id=row.id,
                    number=1,
                    editor_id=member.id,
                    editor_name=display_name(member),
                    created_at=now,
                    content=content.as_dict(),
                )
            )
            await self.index.add(session, IndexDocument(row.id, community.id, row.shared, content))
            return await self._view(session, row, community, member, actor)

    async def _editable(
        self, session: AsyncSession, actor: Actor, practice_id: int
    ) -> tuple[Community, Member, Practice]:
        """The practice if the actor may change it (its author or a moderator)."""
        community, member = await self.communities.member(session, actor)
        row = await self._get(session, practice_id, community, member, actor, allow_withdrawn=True)
        if not self._may_edit(row, community, member, actor):
            raise PermissionDenied("practices.error.not_author")
        return community, member, row

    async def edit(
        self, actor: Actor, practice_id: int, changes: Mapping[str, Any]
    ) -> PracticeView:
        """Change some fields (author or moderator); the previous version stays viewable."""
        async with self.db.transaction() as session:
            community, member, row = await self._editable(session, actor, practice_id)
            if row.status == "withdrawn":
                raise StateConflict("practices.error.withdrawn_edit", id=row.id)
            before = content_of(row)
            after = build_content(changes, base=before)
            if after == before:
                return await self._view(session, row, community, member, actor)
            now = self.clock.now()
            row.version += 1
            row.updated_at = now
            _apply(row, after)
            session.add(
                PracticeVersion(
                    practice_id=row.id,
                    number=row.version,
                    editor_id=member.id,
                    editor_name=display_name(member),
                    created_at=now,
                    content=after.as_dict(),
                )
            )
            await self.index.add(
                session, IndexDocument(row.id, row.community_id, row.shared, after)
            )
            return await self._view(session, row, community, member, actor)

    async def withdraw(self, actor: Actor, practice_id: int, reason: str = "") -> PracticeView:
        """Withdraw a practice (author or moderator): hidden everywhere, restorable.

        A moderator withdrawing someone else's record gives a reason; the author reads it,
        and only a moderator can restore the record.
        """
        why = clean_reason(reason)
        async with self.db.transaction() as session:
            community, member, row = await self._editable(session, actor, practice_id)
            if row.status == "withdrawn":
                raise StateConflict("practices.error.already_withdrawn", id=row.id)
            as_moderator = row.author_id is None or row.author_id != member.id
            if as_moderator and not why:
                raise InvalidInput("practices.error.reason_required", id=row.id)
            row.status = "withdrawn"
            row.withdrawn_at = self.clock.now()
            row.withdrawn_by = display_name(member)
            row.withdrawn_by_id = member.id
            row.withdrawn_as = "moderator" if as_moderator else "author"
            row.withdrawn_reason = why
            await self.index.remove(session, row.id)
            return await self._view(session, row, community, member, actor)

    async def restore(self, actor: Actor, practice_id: int) -> PracticeView:
        """Put a withdrawn practice back (author or moderator; a moderator's withdrawal:
        moderators only)."""
        async with self.db.transaction() as session:
            community, member, row = await self._editable(session, actor, practice_id)
            if row.status != "withdrawn":
                raise StateConflict("practices.error.not_withdrawn", id=row.id)
            if not self._may_restore(row, community, member, actor):
                raise PermissionDenied("practices.error.moderator_withdrawal", id=row.id)
            row.status = "published"
            row.withdrawn_at = None
            row.withdrawn_by = ""
            row.withdrawn_by_id = None
            row.withdrawn_as = ""
            row.withdrawn_reason = ""
            await self.index.add(
                session, IndexDocument(row.id, row.community_id, row.shared, content_of(row))
            )
            return await self._view(session, row, community, member, actor)

    async def set_shared(self, actor: Actor, practice_id: int, shared: bool) -> PracticeView:
        """Show a practice to other communities too, or to this one only (author or moderator)."""
        async with self.db.transaction() as session:
            community, member, row = await self._editable(session, actor, practice_id)
            if row.status == "withdrawn":
                raise StateConflict("practices.error.withdrawn_share", id=row.id)
            if row.shared != bool(shared):
                row.shared = bool(shared)
                row.updated_at = self.clock.now()
                if row.status == "published":
                    await self.index.add(
                        session,
                        IndexDocument(row.id, row.community_id, row.shared, content_of(row)),
                    )
            return await self._view(session, row, community, member, actor)

    async def set_useful(
        self, actor: Actor, practice_id: int, useful: bool | None = None
    ) -> UsefulResult:
        """Mark a practice useful, or undo the mark (`useful=None` toggles); one per member."""
        async with self.db.transaction() as session:
            community, member = await self.communities.member(session, actor)
            row = await self._get(session, practice_id, community, member, actor)
            if row.author_id is not None and row.author_id == member.id:
                raise StateConflict("practices.error.own_useful")
            mark = await session.scalar(
                select(UsefulMark).where(
                    UsefulMark.practice_id == row.id, UsefulMark.member_id == member.id
                )
            )
            wanted = mark is None if useful is None else useful
            if wanted and mark is None:
                session.add(
                    UsefulMark(practice_id=row.id, member_id=member.id, created_at=self.clock.now())
                )
            elif not wanted and mark is not None:
                await session.delete(mark)
            await session.flush()
            row.useful_count = await count_marks(session, row.id)
            return UsefulResult(row.id, row.title, wanted, row.useful_count)

    async def toggle_useful(self, actor: Actor, practice_id: int) -> UsefulResult:
        """Mark as useful, or undo one's mark."""
        return await self.set_useful(actor, practice_id, None)

    # ------------------------------------------------------------------ reading

    async def view(self, actor: Actor, practice_id: int) -> PracticeView:
        """One practice in full (withdrawn ones only for their author and moderators)."""
        async with self.db.reading() as session:
            community, member = await self._member_for_read(session, actor)
            row = await self._get(
                session, practice_id, community, member, actor, allow_withdrawn=True
            )
            return await self._view(session, row, community, member, actor)

    async def _member_for_read(
        self, session: AsyncSession, actor: Actor
    ) -> tuple[Community, Member]:
        """The actor's rows without writing (a reader on SQLite must not take the write lock)."""
        # One statement for both rows: this runs before every read.
        found = (
            await session.execute(
                select(Community, Member)
                .join(Member, Member.community_id == Community.id)
                .where(
                    Community.platform == actor.community.platform,
                    Community.external_id == actor.community.external_id,
                    Member.user_id == actor.user_id,
                )
            )
        ).first()
        row, member = (found[0], found[1]) if found is not None else (None, None)
        if row is None or member is None:
            # First contact: create them in a write unit of work. This read transaction's
            # snapshot predates that write, so the rows created are used as they are.
            async with self.db.transaction() as write:
                return await self.communities.member(write, actor)
        return row, member

    async def versions(self, actor: Actor, practice_id: int) -> tuple[VersionView, ...]:
        """Every version of a practice, oldest first, with the fields each one changed."""
        async with self.db.reading() as session:
            community, member = await self._member_for_read(session, actor)
            row = await self._get(
                session, practice_id, community, member, actor, allow_withdrawn=True
            )
            return await self._versions(session, row, community)

    async def _versions(
        self, session: AsyncSession, row: Practice, community: Community
    ) -> tuple[VersionView, ...]:
        rows = (
            await session.scalars(
                select(PracticeVersion)
                .where(PracticeVersion.practice_id == row.id)
                .order_by(PracticeVersion.number)
            )
        ).all()
        out: list[VersionView] = []
        previous: PracticeContent | None = None
        for v in rows:
            purged = v.purged_at is not None
            content = (
                PracticeContent(title="", actions="")
                if purged
                else (PracticeContent.from_dict(v.content))
            )
            # Next to a purged version, what changed is unknown: saying it would hint at
            # the purged text.
            changed = (
                content.changed_fields(previous) if previous is not None and not purged else ()
            )
            out.append(
                VersionView(
                    practice_id=row.id,
                    number=v.number,
                    editor=v.editor_name,
                    created_at=v.created_at,
                    content=content,
                    changed=changed,
                    current=v.number == row.version,
                    tz=community.timezone,
                    purged_at=v.purged_at,
                    purged_by=v.purged_by,
                    purge_reason=v.purge_reason,
                )
            )
            previous = None if purged else content
        return tuple(out)

    async def purge_version(
        self, actor: Actor, practice_id: int, number: int, reason: str
    ) -> tuple[VersionView, ...]:
        """Erase a past version's content for good (author or moderator), e.g. a phone
        number edited out; the history keeps who purged it, when and why, never the text."""
        why = clean_reason(reason)
        if not why:
            raise InvalidInput("practices.error.purge_reason")
        async with self.db.transaction() as session:
            await self.secure_delete(session)
            community, member, row = await self._editable(session, actor, practice_id)
            version = await session.scalar(
                select(PracticeVersion).where(
                    PracticeVersion.practice_id == row.id, PracticeVersion.number == number
                )
            )
            if version is None:
                raise NotFound("practices.error.no_version", id=row.id, number=number)
            if number == row.version:
                raise StateConflict("practices.error.purge_current", id=row.id, number=number)
            if version.purged_at is not None:
                raise StateConflict("practices.error.already_purged", id=row.id, number=number)
            version.content = {}
            version.purged_at = self.clock.now()
            version.purged_by = display_name(member)
            version.purged_by_id = member.id
            version.purge_reason = why
            await session.flush()
            return await self._versions(session, row, community)

    async def secure_delete(self, session: AsyncSession) -> None:
        """SQLite: overwrite what this unit of work deletes, so purged text does not stay
        readable in the file's free pages."""
        if self.db.dialect == "sqlite":
            await session.execute(text("PRAGMA secure_delete = ON"))

    def _visible(self, community: Community):  # type: ignore[no-untyped-def]
        return (Practice.status == "published") & or_(
            Practice.community_id == community.id, Practice.shared.is_(True)
        )

    async def _list(self, actor: Actor, order: str, page: int, per_page: int) -> PracticePage:
        _check_page(page, per_page)
        async with self.db.reading() as session:
            community, member = await self._member_for_read(session, actor)
            if order == "withdrawn":
                where = (Practice.community_id == community.id) & (Practice.status == "withdrawn")
                if not self.is_moderator(community, member, actor):
                    where = where & (Practice.author_id == member.id)
                sort = (Practice.withdrawn_at.desc(), Practice.id.desc())
            else:
                where = self._visible(community)
                if order == "useful":
                    sort = (
                        Practice.useful_count.desc(),
                        Practice.created_at.desc(),
                        Practice.id.desc(),
                    )
                else:
                    sort = (Practice.created_at.desc(), Practice.id.desc())
            total = await session.scalar(select(func.count(Practice.id)).where(where)) or 0
            pages = max(1, -(-int(total) // per_page))
            if page > pages:
                # Never « page 1000 sur 3 »: say where the list ends.
                raise InvalidInput("practices.error.list_page", page=page, pages=pages)
            rows = (
                await session.scalars(
                    select(Practice)
                    .where(where)
                    .order_by(*sort)
                    .limit(per_page)
                    .offset((page - 1) * per_page)
                )
            ).all()
            items = await self._summaries(session, rows, community)
            return PracticePage(items, int(total), page, per_page, order, community.timezone)

    async def recent(self, actor: Actor, page: int = 1, per_page: int = PER_PAGE) -> PracticePage:
        """The newest practices the actor's community can see."""
        return await self._list(actor, "recent", page, per_page)

    async def most_useful(
        self, actor: Actor, page: int = 1, per_page: int = PER_PAGE
    ) -> PracticePage:
        """The practices marked useful most often."""
        return await self._list(actor, "useful", page, per_page)

    async def withdrawn(
        self, actor: Actor, page: int = 1, per_page: int = PER_PAGE
    ) -> PracticePage:
        """Withdrawn practices the actor may restore (their own; all for moderators)."""
        return await self._list(actor, "withdrawn", page, per_page)

    async def search(
        self, actor: Actor, request: SearchRequest | str, *, per_page: int = PER_PAGE
    ) -> SearchPage:
        """Search the practices the community can see: words, filters, one page."""
        if isinstance(request, str):
            request = SearchRequest(text=request)
        _check_page(request.page, per_page)
        text = request.text or ""
        if len(text) > 500:
            raise InvalidInput("error.text_too_long", length=len(text), limit=500)
        families = []
        for name in request.families:
            from bot.core.practices.catalog import resolve_family

            resolved = resolve_family(name)
            if resolved is None:
                raise InvalidInput("practices.error.unknown_family", name=name[:80])
            families.append(resolved)
        async with self.db.reading() as session:
            community, _member = await self._member_for_read(session, actor)
            result = await self.index.search(
                session,
                IndexQuery(
                    community_id=community.id,
                    text=text,
                    families=tuple(families),
                    tags=request.tags,
                    sectors=request.sectors,
                    tools=request.tools,
                    offset=(request.page - 1) * per_page,
                    limit=per_page,
                ),
            )
            if result.empty:
                raise InvalidInput("practices.error.search_empty")
            _check_beyond(request.page, result.total, per_page)
            rows = (
                await session.scalars(select(Practice).where(Practice.id.in_(result.ids)))
            ).all()
            by_id = {r.id: r for r in rows}
            ordered = [by_id[i] for i in result.ids if i in by_id]
            hits = await self._summaries(
                session, ordered, community, result.terms, with_snippet=True
            )
            return SearchPage(
                request=request,
                hits=hits,
                total=result.total,
                page=request.page,
                per_page=per_page,
                corrections=result.corrections if result.total else (),
                relaxed=result.relaxed,
                tz=community.timezone,
                more=result.more,
                scores=result.scores,
            )

    async def for_families(
        self, actor: Actor, families: Sequence[str], limit: int
    ) -> tuple[PracticeSummary, ...]:
        """The practices the actor's community can see for these families, most relevant first."""
        if not families or limit <= 0:
            return ()
        async with self.db.reading() as session:
            community, _member = await self._member_for_read(session, actor)
            ids = await self.index.by_families(session, community.id, list(families), limit)
            if not ids:
                return ()
            rows = (await session.scalars(select(Practice).where(Practice.id.in_(ids)))).all()
            by_id = {r.id: r for r in rows}
            return await self._summaries(session, [by_id[i] for i in ids if i in by_id], community)

    def suggest_families(self, text: str, top: int = 3) -> tuple[str, ...]:
        """Families the advisor would pick for a practice's text (empty if it cannot tell)."""
        try:
            from bot.core.advisor.engine import default_advisor

            advice = default_advisor().advise(text[:2000], top=top)
        except Exception:  # the advisor's data may be mid-edit; suggestions are optional
            return ()
        return tuple(m.family.name for m in advice.matches)

    # ------------------------------------------------------------------ exchange

    async def _moderator(self, session: AsyncSession, actor: Actor) -> tuple[Community, Member]:
        community, member = await self.communities.member(session, actor)
        if not self.is_moderator(community, member, actor):
            raise PermissionDenied("practices.error.moderators_only")
        return community, member

    async def export_json(self, actor: Actor) -> str:
        """Every practice of the community (withdrawn ones and all versions too) as JSON."""
        return (await self.export_json_report(actor)).text

    async def export_json_report(self, actor: Actor) -> JsonExport:
        """The JSON export, and the records whose broken stored text was replaced."""
        async with self.db.transaction() as session:
            community, _ = await self._moderator(session, actor)
            rows, versions = await self._own_records(session, community, include_withdrawn=True)
            accounts = {
                m.id: {
                    "platform": community.platform,
                    "user_id": m.user_id,
                    "name": display_name(m),
                }
                for m in await session.scalars(
                    select(Member).where(Member.community_id == community.id)
                )
            }
            marks: dict[int, list[tuple[int, datetime]]] = {}
            for practice_id, member_id, at in await session.execute(
                select(UsefulMark.practice_id, UsefulMark.member_id, UsefulMark.created_at)
                .join(Practice, Practice.id == UsefulMark.practice_id)
                .where(Practice.community_id == community.id)
            ):
                marks.setdefault(practice_id, []).append((member_id, at))
            repairs: list[exchange.ExportRepair] = []
            document = exchange.to_json(
                rows,
                versions,
                community.name,
                self.clock.now(),
                community_key=f"{community.platform}:{community.external_id}",
                accounts=accounts,
                marks=marks,
                repairs=repairs,
            )
            return JsonExport(document, tuple(repairs))

    async def export_markdown(self, actor: Actor, lang: str | None = None) -> str:
        """The community's published practices as a readable Markdown document."""
        async with self.db.reading() as session:
            community, _ = await self._member_for_read(session, actor)
            rows, _ = await self._own_records(session, community, include_withdrawn=False)
            return exchange.to_markdown(
                [(r, content_of(r)) for r in rows],
                community.name,
                lang or community.language,
                community.timezone,
                self.clock.now(),
            )

    async def _own_records(
        self, session: AsyncSession, community: Community, *, include_withdrawn: bool
    ) -> tuple[list[Practice], dict[int, list[PracticeVersion]]]:
        where = Practice.community_id == community.id
        if not include_withdrawn:
            where = where & (Practice.status == "published")
        rows = list(await session.scalars(select(Practice).where(where).order_by(Practice.id)))
        versions: dict[int, list[PracticeVersion]] = {r.id: [] for r in rows}
        if include_withdrawn and rows:
            for v in await session.scalars(
                select(PracticeVersion)
                .join(Practice, Practice.id == PracticeVersion.practice_id)
                .where(Practice.community_id == community.id)
                .order_by(PracticeVersion.practice_id, PracticeVersion.number)
            ):
                versions[v.practice_id].append(v)
        return rows, versions

    async def import_json(
        self, actor: Actor, data: bytes | str, *, size: int | None = None
    ) -> ImportReport:
        """Import a JSON export (moderators): all records or none; known ones are skipped.

        Into the community it was exported from (a restore), authors, useful marks and
        moderation come back as they were; into another, authorship says « importée de … »
        and nobody here is taken for the author. `size`: the whole file's size when only
        its beginning was read.
        """
        document = exchange.read_document(data, now=self.clock.now(), size=size)
        return await self._store(actor, document)

    async def import_records(
        self, actor: Actor, records: Sequence[Mapping[str, Any]]
    ) -> ImportReport:
        """Import records already decoded from JSON (moderators; bulk loads use this)."""
        parsed = exchange.parse_records(records, now=self.clock.now())
        return await self._store(actor, exchange.ImportDocument(parsed))

    async def _members_for(
        self,
        session: AsyncSession,
        community: Community,
        accounts: Sequence[exchange.Account],
        now: datetime,
    ) -> dict[tuple[str, str], int]:
        """Member ids for the accounts of a restore, created (inactive) when unknown here."""
        wanted = {a.user_id: a for a in accounts if a.platform == community.platform}
        found: dict[tuple[str, str], int] = {}
        ids = list(wanted)
        for start in range(0, len(ids), 500):
            for m in await session.scalars(
                select(Member).where(
                    Member.community_id == community.id,
                    Member.user_id.in_(ids[start : start + 500]),
                )
            ):
                found[(community.platform, m.user_id)] = m.id
        for user_id, account in wanted.items():
            if account.key not in found:
                # Known from the backup only: no role, inactive until they come back.
                created = Member(
                    community_id=community.id,
                    user_id=user_id,
                    display_name=account.name,
                    roles=[],
                    is_admin=False,
                    active=False,
                    first_seen=now,
                    last_seen=now,
                )
                session.add(created)
                await session.flush()
                found[account.key] = created.id
        return found

    async def _store(self, actor: Actor, document: exchange.ImportDocument) -> ImportReport:
        now = self.clock.now()
        records = document.records
        async with self.db.transaction() as session:
            community, member = await self._moderator(session, actor)
            restore = bool(document.community_key) and document.community_key == (
                f"{community.platform}:{community.external_id}"
            )
            origin = "" if restore or document.community == community.name else document.community
            # Records without an identity get their content's: the same file twice matches.
            uids = [r.uid or content_uid(r.content) for r in records]
            existing: set[str] = set()
            for start in range(0, len(uids), 500):
                existing.update(
                    await session.scalars(
                        select(Practice.uid).where(
                            Practice.community_id == community.id,
                            Practice.uid.in_(uids[start : start + 500]),
                        )
                    )
                )
            anonymous = [r.content for r in records if not r.uid]
            columns = [getattr(Practice, n) for n in CONTENT_FIELDS]
            for start in range(0, len(anonymous), 500):
                # …and a record posted here with the very same content is that record. Only
                # rows with one of these titles AND one of these actions can be: a title alone
                # is shared by many records (« Assemblée générale »), and reading every row
                # holding one made each batch of a large import read (and decode) nearly the
                # whole community again, its time and memory growing with the table.
                chunk = anonymous[start : start + 500]
                for values in await session.execute(
                    select(*columns).where(
                        Practice.community_id == community.id,
                        Practice.title.in_(sorted({c.title for c in chunk})),
                        Practice.actions.in_(sorted({c.actions for c in chunk})),
                    )
                ):
                    stored = dict(zip(CONTENT_FIELDS, values, strict=True))
                    existing.add(content_uid(PracticeContent.from_dict(stored)))
            fresh: list[tuple[str, exchange.ImportRecord]] = []
            for uid, rec in zip(uids, records, strict=True):
                if uid in existing:
                    continue
                existing.add(uid)  # a second copy in the same file is skipped too
                fresh.append((uid, rec))
            accounts: list[exchange.Account] = []
            if restore:
                for _, rec in fresh:
                    accounts += [a for a in (rec.author_account, rec.withdrawn_by_account) if a]
                    accounts += [m.account for m in rec.marks]
                    for v in rec.versions:
                        accounts += [a for a in (v.editor_account, v.purged_by_account) if a]
            members = await self._members_for(session, community, accounts, now)

            def member_id(account: exchange.Account | None) -> int | None:
                return members.get(account.key) if account is not None else None

            rows: list[Practice] = []
            for uid, rec in fresh:
                created = rec.created_at or now
                marks = [m for m in rec.marks if member_id(m.account) is not None]
                withdrawn = rec.status == "withdrawn"
                row = Practice(
                    community_id=community.id,
                    uid=uid,
                    author_id=member_id(rec.author_account),
                    author_name=rec.author or display_name(member),
                    imported_from=rec.imported_from or origin,
                    status=rec.status,
                    shared=rec.shared,
                    version=len(rec.versions) or 1,
                    useful_count=len(marks),
                    useful_imported=0,
                    created_at=created,
                    updated_at=rec.updated_at or created,
                    withdrawn_at=(rec.withdrawn_at or now) if withdrawn else None,
                    withdrawn_by=rec.withdrawn_by if withdrawn else "",
                    withdrawn_by_id=member_id(rec.withdrawn_by_account) if withdrawn else None,
                    withdrawn_as=rec.withdrawn_as if withdrawn else "",
                    withdrawn_reason=rec.withdrawn_reason if withdrawn else "",
                )
                _apply(row, rec.content)
                rows.append(row)
            session.add_all(rows)
            await session.flush()
            for row, (_, rec) in zip(rows, fresh, strict=True):
                history = rec.versions or (
                    exchange.ImportVersion(
                        1, row.author_name, row.created_at, rec.content, rec.author_account
                    ),
                )
                session.add_all(
                    PracticeVersion(
                        practice_id=row.id,
                        number=v.number,
                        editor_id=member_id(v.editor_account),
                        editor_name=v.editor,
                        created_at=v.created_at or row.created_at,
                        content=v.content.as_dict() if v.content is not None else {},
                        purged_at=v.purged_at,
                        purged_by=v.purged_by,
                        purged_by_id=member_id(v.purged_by_account),
                        purge_reason=v.purge_reason,
                    )
                    for v in history
                )
                session.add_all(
                    UsefulMark(
                        practice_id=row.id,
                        member_id=member_id(m.account),
                        created_at=m.at or now,
                    )
                    for m in rec.marks
                    if member_id(m.account) is not None
                )
            docs = [
                IndexDocument(row.id, community.id, row.shared, rec.content)
                for row, (_, rec) in zip(rows, fresh, strict=True)
                if row.status == "published"
            ]
            add_many = getattr(self.index, "add_many", None)
            if add_many is not None:
                await add_many(session, docs)
            else:
                for doc in docs:
                    await self.index.add(session, doc)
            return ImportReport(len(rows), len(records) - len(fresh), tuple(r.id for r in rows))

    async def count_own(self, actor: Actor) -> int:
        """How many practices (any status) the actor's community holds."""
        async with self.db.reading() as session:
            community, _ = await self._member_for_read(session, actor)
            return int(
                await session.scalar(
                    select(func.count(Practice.id)).where(Practice.community_id == community.id)
                )
                or 0
            )

    async def load_demo(self, actor: Actor) -> ImportReport:
        """Load the demo practices (cases of the source report) into the actor's community."""
        from bot.core.practices.demo import demo_document

        return await self.import_json(actor, demo_document())

    async def ensure_demo(self, actor: Actor) -> ImportReport | None:
        """Seed the demo practices once, into a community that has none yet."""
        if await self.count_own(actor):
            return None
        return await self.load_demo(actor)

    async def reindex(self, actor: Actor) -> int:
        """Rebuild the search index from the records (moderators)."""
        async with self.db.transaction() as session:
            await self._moderator(session, actor)
            return await self.index.rebuild(session)
