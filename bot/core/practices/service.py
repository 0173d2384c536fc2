"""The practice service: every use case of practice records, one unit of work each."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.actor import Actor
from bot.core.clock import Clock
from bot.core.communities import DEFAULT_SETTINGS, Communities
from bot.core.db import Database
from bot.core.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from bot.core.practices import exchange
from bot.core.practices.records import (
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
from bot.core.text import fold
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
        """Admins and holders of the community's moderator role moderate practices."""
        if member.is_admin or actor.is_admin:
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
        )

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
                author_name=member.display_name,
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
                    editor_name=member.display_name,
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
                    editor_name=member.display_name,
                    created_at=now,
                    content=after.as_dict(),
                )
            )
            await self.index.add(
                session, IndexDocument(row.id, row.community_id, row.shared, after)
            )
            return await self._view(session, row, community, member, actor)

    async def withdraw(self, actor: Actor, practice_id: int) -> PracticeView:
        """Withdraw a practice (author or moderator): hidden everywhere, restorable."""
        async with self.db.transaction() as session:
            community, member, row = await self._editable(session, actor, practice_id)
            if row.status == "withdrawn":
                raise StateConflict("practices.error.already_withdrawn", id=row.id)
            row.status = "withdrawn"
            row.withdrawn_at = self.clock.now()
            row.withdrawn_by = member.display_name
            await self.index.remove(session, row.id)
            return await self._view(session, row, community, member, actor)

    async def restore(self, actor: Actor, practice_id: int) -> PracticeView:
        """Put a withdrawn practice back (author or moderator)."""
        async with self.db.transaction() as session:
            community, member, row = await self._editable(session, actor, practice_id)
            if row.status != "withdrawn":
                raise StateConflict("practices.error.not_withdrawn", id=row.id)
            row.status = "published"
            row.withdrawn_at = None
            row.withdrawn_by = ""
            await self.index.add(
                session, IndexDocument(row.id, row.community_id, row.shared, content_of(row))
            )
            return await self._view(session, row, community, member, actor)

    async def set_shared(self, actor: Actor, practice_id: int, shared: bool) -> PracticeView:
        """Show a practice to other communities too, or to this one only (author or moderator)."""
        async with self.db.transaction() as session:
            community, member, row = await self._editable(session, actor, practice_id)
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
                row.useful_count += 1
            elif not wanted and mark is not None:
                await session.delete(mark)
                row.useful_count = max(row.useful_imported, row.useful_count - 1)
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
                content = PracticeContent.from_dict(v.content)
                changed = content.changed_fields(previous) if previous is not None else ()
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
                    )
                )
                previous = content
            return tuple(out)

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
        async with self.db.transaction() as session:
            community, _ = await self._moderator(session, actor)
            rows, versions = await self._own_records(session, community, include_withdrawn=True)
            return exchange.to_json(rows, versions, community.name, self.clock.now())

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

    async def import_json(self, actor: Actor, data: bytes | str) -> ImportReport:
        """Import a JSON export (moderators): all records or none; known ones are skipped."""
        records = exchange.parse_document(data)
        return await self._store(actor, records)

    async def import_records(
        self, actor: Actor, records: Sequence[Mapping[str, Any]]
    ) -> ImportReport:
        """Import records already decoded from JSON (moderators; bulk loads use this)."""
        return await self._store(actor, exchange.parse_records(records))

    async def _store(self, actor: Actor, records: Sequence[exchange.ImportRecord]) -> ImportReport:
        now = self.clock.now()
        async with self.db.transaction() as session:
            community, member = await self._moderator(session, actor)
            uids = [r.uid for r in records if r.uid]
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
            fresh = [r for r in records if r.uid not in existing]
            rows: list[Practice] = []
            for rec in fresh:
                created = rec.created_at or now
                row = Practice(
                    community_id=community.id,
                    uid=rec.uid or uuid.uuid4().hex,
                    author_id=None,
                    author_name=rec.author or member.display_name,
                    status=rec.status,
                    shared=rec.shared,
                    version=len(rec.versions) or 1,
                    useful_count=rec.useful_count,
                    useful_imported=rec.useful_count,
                    created_at=created,
                    updated_at=rec.updated_at or created,
                    withdrawn_at=(rec.withdrawn_at or now) if rec.status == "withdrawn" else None,
                    withdrawn_by=rec.withdrawn_by if rec.status == "withdrawn" else "",
                )
                _apply(row, rec.content)
                rows.append(row)
            session.add_all(rows)
            await session.flush()
            for row, rec in zip(rows, fresh, strict=True):
                history = rec.versions or (
                    exchange.ImportVersion(1, row.author_name, row.created_at, rec.content),
                )
                session.add_all(
                    PracticeVersion(
                        practice_id=row.id,
                        number=v.number,
                        editor_id=None,
                        editor_name=v.editor,
                        created_at=v.created_at or row.created_at,
                        content=v.content.as_dict(),
                    )
                    for v in history
                )
            docs = [
                IndexDocument(row.id, community.id, row.shared, rec.content)
                for row, rec in zip(rows, fresh, strict=True)
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
