"""What the decision scenarios on Matrix share: a board room, polls, answers, direct chats."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from nio import (
    ErrorResponse,
    Event,
    InviteInfo,
    MegolmEvent,
    RoomMessageNotice,
    RoomSendResponse,
    UnknownEvent,
)

from bot.core.actor import Actor
from tests.matrix.conftest import Member, RunningBot, joined, must, room_with
from tests.matrix.test_roles import ADMIN, BOARD, MEMBER, until_mirrored


async def board_room(
    services: Any, member_factory: Any, bot: RunningBot, *, encrypted: bool = False
) -> tuple[str, Member, Member, Member, Member]:
    """A room where Ana (admin), Bruno and Chloé (power 50) are the board and Dave (0) a
    member; everyone joined and mirrored. (room id, ana, bruno, chloe, dave)"""
    ana, bruno, chloe, dave = [
        await member_factory(n, encrypted=encrypted) for n in ("ana", "bruno", "chloe", "dave")
    ]
    room_id = await room_with(
        ana,
        bot.user_id,
        bruno.user_id,
        chloe.user_id,
        dave.user_id,
        room_version="11",
        power_level_override={"users": {ana.user_id: 100, bruno.user_id: 50, chloe.user_id: 50}},
    )
    for person in (bruno, chloe, dave):
        await person.client.join(room_id)
    await joined(ana, room_id, bot.user_id)
    await until_mirrored(
        services,
        room_id,
        {
            ana.user_id: (ADMIN, True),
            bruno.user_id: (BOARD, False),
            chloe.user_id: (BOARD, False),
            dave.user_id: (MEMBER, False),
        },
    )
    return room_id, ana, bruno, chloe, dave


async def actor_of(bot: RunningBot, room_id: str, member: Member) -> Actor:
    """The member as the bot builds them (what a `!vote` command would act as)."""
    return await bot.bot.actor(bot.bot.client.rooms[room_id], member.user_id)


def polls_started(events: list[Event]) -> list[UnknownEvent]:
    """Poll starts seen, stable type."""
    return [e for e in events if isinstance(e, UnknownEvent) and e.type == "m.poll.start"]


def polls_ended(events: list[Event], start: str) -> list[UnknownEvent]:
    """Poll ends relating to `start`."""
    return [
        e
        for e in events
        if isinstance(e, UnknownEvent)
        and e.type == "m.poll.end"
        and e.source["content"]["m.relates_to"]["event_id"] == start
    ]


def notices(events: list[Event]) -> list[RoomMessageNotice]:
    """Every notice seen."""
    return [e for e in events if isinstance(e, RoomMessageNotice)]


async def answer(
    member: Member, room_id: str, start: str, *answers: str, unstable: bool = False
) -> str:
    """Answer a poll as Element does (stable or unstable event type)."""
    relates = {"rel_type": "m.reference", "event_id": start}
    if unstable:
        kind = "org.matrix.msc3381.poll.response"
        content = {"m.relates_to": relates, kind: {"answers": list(answers)}}
    else:
        kind = "m.poll.response"
        content = {"m.relates_to": relates, "m.selections": list(answers)}
    reply = await member.client.room_send(room_id, kind, content)
    return str(must(reply, RoomSendResponse).event_id)


class Watch:
    """Everything a member's client has seen, per room (decrypted when it can be), across
    syncs; direct chats the bot invites them to are joined, as Element users do."""

    def __init__(self, member: Member, inviter: str | None = None) -> None:
        self.member = member
        self.inviter = inviter
        self.events: defaultdict[str, list[Event]] = defaultdict(list)
        self.direct: list[str] = []  # direct chats joined, in order

    async def sync(self) -> None:
        """One sync: new events kept, invites from the bot accepted."""
        reply = await self.member.sync()
        for room_id, info in reply.rooms.invite.items():
            if room_id not in self.direct and _invited_by(info, self.inviter):
                await self.member.client.join(room_id)
                self.direct.append(room_id)
        for room_id, room in reply.rooms.join.items():
            self.events[room_id].extend(room.timeline.events)
        client = self.member.client
        for events in self.events.values():
            for i, event in enumerate(events):
                if isinstance(event, MegolmEvent) and client.olm:
                    decrypted = client.decrypt_event(event)
                    if not isinstance(decrypted, ErrorResponse):
                        events[i] = decrypted

    async def until(
        self, room_id: str, want: Callable[[list[Event]], bool], within: float = 15.0
    ) -> list[Event]:
        """Sync until `want(all events seen in room_id)` holds; those events."""
        deadline = time.monotonic() + within
        while not want(self.events[room_id]):
            assert time.monotonic() < deadline, f"timed out; saw {self.events[room_id]}"
            await self.sync()
        return self.events[room_id]

    async def direct_chat(self, within: float = 15.0) -> str:
        """Sync until the bot opened a direct chat with this member; its id."""
        deadline = time.monotonic() + within
        while not self.direct:
            assert time.monotonic() < deadline, f"{self.member.user_id} was never invited"
            await self.sync()
        return self.direct[0]


def _invited_by(info: InviteInfo, inviter: str | None) -> bool:
    return inviter is not None and any(
        getattr(e, "sender", None) == inviter for e in info.invite_state
    )


async def say(member: Member, room_id: str, body: str) -> str:
    """A text message (encrypted in an encrypted room)."""
    reply = await member.client.room_send(
        room_id,
        "m.room.message",
        {"msgtype": "m.text", "body": body},
        ignore_unverified_devices=True,
    )
    return str(must(reply, RoomSendResponse).event_id)


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    """Wait until `check()` holds (what the bot wrote in the database), with a deadline."""
    deadline = time.monotonic() + within
    while not await check():
        assert time.monotonic() < deadline, "the bot never got there"
        await asyncio.sleep(0.05)  # polling the bot's database, with a deadline
