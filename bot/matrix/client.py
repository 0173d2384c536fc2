"""The Matrix client: log in, sync, accept invites, mirror rooms, answer what it knows.

A good citizen of the homeserver: it skips the backlog at start (commands sent while it was
away are not answered twice), ignores its own messages, keeps its sync token and device,
retries on 429 after the delay the server asks for and reconnects by itself after an outage
(both inside nio's request loop, see `session.make_client`).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import replace
from typing import Any

from nio import (
    AsyncClient,
    Event,
    InviteMemberEvent,
    JoinResponse,
    LocalProtocolError,
    MatrixRoom,
    MegolmEvent,
    PowerLevelsEvent,
    RoomCreateEvent,
    RoomGetStateResponse,
    RoomMemberEvent,
    RoomMessageText,
    RoomNameEvent,
    RoomSendResponse,
    RoomSpaceChildEvent,
    RoomSpaceParentEvent,
    SendRetryError,
    SyncResponse,
    UnknownEvent,
)

from bot.core.actor import Actor, CommunityRef
from bot.core.advisor.engine import default_advisor
from bot.core.app import Services
from bot.core.communities import MemberInfo
from bot.matrix.ballots import DirectChats, SecretBallots
from bot.matrix.commands import MatrixCommands
from bot.matrix.direct import DirectRooms
from bot.matrix.forms import Conversations
from bot.matrix.notifier import MatrixNotifier
from bot.matrix.polls import RESPONSES, NativePolls
from bot.matrix.roles import (
    CommunityRooms,
    RolePolicy,
    community_members,
    community_ref_of,
    community_rooms,
)
from bot.matrix.session import log_in, make_client, store_dir
from bot.settings import Settings

log = logging.getLogger(__name__)

# Long-poll duration of each sync: the server answers at once when something happens.
SYNC_TIMEOUT_MS = 30_000
# Connection attempts before giving up when the homeserver does not answer at start.
STARTUP_ATTEMPTS = 3
# State events that change who is in a community or what they may do.
# A room put in a space (or taken out) changes community too.
_MEMBERSHIP_EVENTS = (
    RoomMemberEvent,
    PowerLevelsEvent,
    RoomCreateEvent,
    RoomNameEvent,
    RoomSpaceChildEvent,
    RoomSpaceParentEvent,
)


def invite_allowed(inviter: str, allowed: frozenset[str]) -> bool:
    """Whether an invite sent by `inviter` is accepted (an empty list allows everyone)."""
    if not allowed:
        return True
    server = inviter.split(":", 1)[1] if ":" in inviter else ""
    return inviter in allowed or server in allowed


class MatrixBot:
    """One Matrix account serving every room it is in; each room is a community."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        self.client: AsyncClient = make_client(settings)
        self._creators: dict[str, frozenset[str]] = {}
        self.direct = DirectRooms(store_dir(settings) / "direct.json")
        # One mirror at a time per room: a full mirror must not overwrite a newer one.
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.ready = asyncio.Event()
        self._advisor: asyncio.Future[Any] | None = None
        # Decisions: native polls, secret ballots and reminders in direct chats.
        self.polls = NativePolls(self, store_dir(settings) / "polls.json")
        self.dms = DirectChats(self)
        self.ballots = SecretBallots(self)
        # Text: commands, the advisor, guided forms waiting for an answer.
        self.conversations = Conversations(settings.matrix_form_timeout)
        self.commands = MatrixCommands(self)
        # The outbox's Matrix rows are ours (Discord's, if it runs in this process, its own).
        services.decisions.attach(MatrixNotifier(self))

    @property
    def user_id(self) -> str:
        """The bot's own Matrix id."""
        return str(self.client.user_id)

    async def advisor_ready(self) -> None:
        """Wait for the advisor's model, loading in the background since the start."""
        if self._advisor is not None:
            await asyncio.shield(self._advisor)

    def community_ref(self, room: MatrixRoom) -> CommunityRef:
        """The community a room belongs to (its space's, when it is in one)."""
        return community_ref_of(self.community_of(room))

    def is_direct_chat(self, room: MatrixRoom) -> bool:
        """A direct chat with the bot (Element's `is_direct` invite), not a community."""
        return room.room_id in self.direct

    async def run(self) -> None:
        """Log in, skip the backlog, then sync until cancelled."""
        # A server unreachable at start is a configuration error, said at once; later
        # outages are retried forever (the homeserver restarting).
        patient = self.client.config
        self.client.config = replace(patient, max_timeouts=STARTUP_ATTEMPTS)
        try:
            await log_in(self.client, self.settings)
        finally:
            self.client.config = patient
        # The advisor's model loads once per process: in the background, before the first need.
        self._advisor = asyncio.get_running_loop().run_in_executor(None, default_advisor)
        first = await self._sync(timeout_ms=0, full_state=True)
        # The first sync's timeline is the backlog: its state counts, its messages do not.
        await self._handle(first, live=False)
        for room in list(self.client.rooms.values()):
            if not self.is_direct_chat(room):
                await self.mirror_room(room)
        # Ballots are not commands: answers given to a poll while away still count.
        await self.polls.catch_up()
        await self.dms.flush()  # direct messages for members who joined while it was away
        self.ready.set()
        log.info("Matrix connected: %d room(s)", len(self.client.rooms))
        while True:
            sync = await self._sync(timeout_ms=SYNC_TIMEOUT_MS)
            try:
                await self._handle(sync, live=True)
            except Exception:
                # One event the bot could not handle must not stop it for every room.
                log.exception("Matrix: a sync's events could not all be handled")

    async def close(self) -> None:
        """Stop the commands still running, close the HTTP session (the store is saved as it
        goes)."""
        await self.commands.close()
        await self.client.close()

    async def _sync(self, *, timeout_ms: int, full_state: bool = False) -> SyncResponse:
        """One sync; a server error is retried after a pause (outages are retried by nio)."""
        while True:
            reply = await self.client.sync(timeout=timeout_ms, full_state=full_state)
            if isinstance(reply, SyncResponse):
                await self._keys()
                return reply
            log.warning("Matrix sync failed: %s", getattr(reply, "status_code", reply))
            await asyncio.sleep(2)  # a 5xx from a proxy during a homeserver restart

    async def _keys(self) -> None:
        """What sync_forever does between syncs: publish, learn and claim encryption keys."""
        c = self.client
        await c.send_to_device_messages()
        if c.should_upload_keys:
            await c.keys_upload()
        if c.should_query_keys:
            await c.keys_query()
        if c.should_claim_keys:
            await c.keys_claim(c.get_users_for_key_claiming())

    async def _handle(self, sync: SyncResponse, *, live: bool) -> None:
        for room_id, info in sync.rooms.invite.items():
            await self._on_invite(room_id, info.invite_state)
        for room_id, info in sync.rooms.leave.items():
            self._on_leave(room_id, info.timeline.events)
        for room_id, info in sync.rooms.join.items():
            room = self.client.rooms.get(room_id)
            if room is None:
                continue
            events = [*info.state, *info.timeline.events]
            for event in events:
                if isinstance(event, RoomCreateEvent):
                    self._creators[room_id] = _creators_of(event.source)
                    if event.sender == self.user_id:
                        # The bot creates no community, only direct chats (ballots,
                        # reminders): never mirrored, even when this sync comes before the
                        # creation's own reply.
                        self.direct.add(room_id)
            changed = any(isinstance(e, _MEMBERSHIP_EVENTS) for e in events)
            if live and changed and not self.is_direct_chat(room):
                await self.mirror_room(room)
            if live:
                for event in self._since_joined(info.timeline.events):
                    try:
                        await self._on_event(room, event)
                    except Exception:
                        # One event the bot could not handle must not drop the others.
                        log.exception("Matrix: an event in %s could not be handled", room_id)
                if info.timeline.limited:
                    # A gap (more events than one sync carries): poll answers in it still count.
                    await self.polls.catch_up(room_id)

    def _since_joined(self, timeline: list[Event]) -> list[Event]:
        """The timeline after the bot's own join, if it is in it: what came before is the
        room's history (a command sent before the bot was invited is not for it)."""
        for index in range(len(timeline) - 1, -1, -1):
            event = timeline[index]
            if (
                isinstance(event, RoomMemberEvent)
                and event.state_key == self.user_id
                and event.membership == "join"
                and (event.prev_membership or "") != "join"  # not a name or avatar change
            ):
                return timeline[index + 1 :]
        return timeline

    async def _on_invite(self, room_id: str, invite_state: list[Event]) -> None:
        invite = next(
            (
                e
                for e in invite_state
                if isinstance(e, InviteMemberEvent)
                and e.state_key == self.user_id
                and e.membership == "invite"
            ),
            None,
        )
        inviter = invite.sender if invite is not None else ""
        if not invite_allowed(inviter, self.settings.matrix_invite_allowed):
            log.info("Matrix: invite to %s from %s declined (not allowed)", room_id, inviter)
            await self.client.room_leave(room_id)
            return
        if invite is not None and invite.content.get("is_direct"):
            self.direct.add(room_id)  # before joining: the join's sync must not mirror it
        reply = await self.client.join(room_id)
        if isinstance(reply, JoinResponse):
            log.info("Matrix: joined %s (invited by %s)", room_id, inviter)
        else:
            log.warning("Matrix: could not join %s: %s", room_id, reply)

    def _on_leave(self, room_id: str, events: list[Event]) -> None:
        for event in events:
            if (
                isinstance(event, RoomMemberEvent)
                and event.state_key == self.user_id
                and event.membership in ("leave", "ban")
                and event.sender != self.user_id
            ):
                # Kicked or banned: out of the room, nothing more to send there.
                log.info("Matrix: removed from %s by %s", room_id, event.sender)
                self._creators.pop(room_id, None)
                self.direct.discard(room_id)

    async def _on_event(self, room: MatrixRoom, event: Event) -> None:
        if event.sender == self.user_id:
            return
        if isinstance(event, UnknownEvent) and event.type in RESPONSES:
            await self.polls.on_response(room, event)
            return
        if isinstance(event, RoomMemberEvent) and self.is_direct_chat(room):
            await self.dms.on_member(room, event)
            return
        if isinstance(event, MegolmEvent):
            # Not decrypted: never asked for again, said once (and how to fix it).
            await self.commands.cannot_decrypt(room, event)
            return
        if isinstance(event, RoomMessageText):
            await self.commands.on_text(room, event)

    async def send(
        self, room_id: str, content: dict[str, Any], *, event_type: str = "m.room.message"
    ) -> str | None:
        """Send an event (encrypted in an encrypted room); its event id, None on failure."""
        if self.client.should_query_keys:
            await self.client.keys_query()
        try:
            reply: Any = await self.client.room_send(
                room_id, event_type, content, ignore_unverified_devices=True
            )
        except (LocalProtocolError, SendRetryError) as exc:  # a room it is not in any more
            reply = exc
        if isinstance(reply, RoomSendResponse):
            return str(reply.event_id)
        log.warning("Matrix: could not send to %s: %s", room_id, reply)
        return None

    def community_of(self, room: MatrixRoom) -> CommunityRooms:
        """The rooms of the community `room` belongs to (a room alone, or a space's rooms)."""
        rooms = {k: r for k, r in self.client.rooms.items() if not self.is_direct_chat(r)}
        return community_rooms(room, rooms, self.settings.matrix_space_reference)

    async def _policy(self, ref: CommunityRef) -> RolePolicy:
        community = await self.services.communities.settings(ref)
        return RolePolicy(
            board_level=self.settings.matrix_board_power_level,
            board_users=self.settings.matrix_board,
            board_role=str(community.settings["board_role"]),
            member_role=str(community.settings["member_role"]),
            admin_role=str(community.settings["admin_role"]),
        )

    async def _members(self, found: CommunityRooms, ref: CommunityRef) -> list[MemberInfo]:
        creators = await self._room_creators(found.reference.room_id)
        policy = await self._policy(ref)
        return community_members(found, creators, policy, self.user_id)

    async def actor(self, room: MatrixRoom, user_id: str) -> Actor:
        """A room member as the core's actor, with the roles their community gives them now
        (in a space: the reference room's power levels)."""
        found = self.community_of(room)
        ref = community_ref_of(found)
        joined = user_id in room.users and user_id not in room.invited_users
        info = next((m for m in await self._members(found, ref) if m.user_id == user_id), None)
        if info is None or not joined:  # not a joined member: no role at all
            user = room.users.get(user_id)
            name = (user.display_name if user else None) or user_id
            return Actor(ref, user_id, name, channel_id=room.room_id)
        return Actor(
            community=ref,
            user_id=user_id,
            display_name=info.display_name,
            roles=info.roles,
            is_admin=info.is_admin,
            channel_id=room.room_id,
        )

    async def mirror_room(self, room: MatrixRoom) -> int:
        """Replace the community's members with the joined members of its rooms and roles."""
        found = self.community_of(room)
        ref = community_ref_of(found)
        async with self._locks[ref.external_id]:
            people = await self._members(found, ref)
            count = await self.services.communities.mirror_members(ref, people)
        log.info("Matrix: room %s: %d member(s) mirrored", ref.external_id, count)
        return count

    async def _room_creators(self, room_id: str) -> frozenset[str]:
        known = self._creators.get(room_id)
        if known is None:
            reply = await self.client.room_get_state(room_id)
            events = reply.events if isinstance(reply, RoomGetStateResponse) else []
            create = next((e for e in events if e.get("type") == "m.room.create"), None)
            known = _creators_of(create) if create else frozenset()
            self._creators[room_id] = known
        return known


def _creators_of(create_event: dict[str, Any]) -> frozenset[str]:
    """The creator and, from room version 12, the additional creators of a room."""
    content = create_event.get("content") or {}
    extra = content.get("additional_creators") or []
    sender = create_event.get("sender")
    return frozenset([*([sender] if sender else []), *(u for u in extra if isinstance(u, str))])
