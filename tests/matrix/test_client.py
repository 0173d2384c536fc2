"""The bot's life on a real Synapse: login, device kept, backlog, invites, kicks, 429, outage."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from nio import Event, RoomMemberEvent, RoomMessageNotice, RoomSendResponse

from tests.matrix.conftest import Member, joined, must, room_with
from tests.matrix.synapse import Synapse


def notices_to(events: list[Event], event_id: str) -> list[RoomMessageNotice]:
    """The bot's notices in the thread (or in reply) of `event_id`."""
    return [
        e
        for e in events
        if isinstance(e, RoomMessageNotice)
        and (e.source["content"].get("m.relates_to") or {}).get("event_id") == event_id
    ]


async def say(member: Member, room_id: str, body: str) -> str:
    reply = await member.client.room_send(
        room_id, "m.room.message", {"msgtype": "m.text", "body": body}
    )
    return str(must(reply, RoomSendResponse).event_id)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_session_is_owner_only_and_a_restart_keeps_the_device(
    synapse: Synapse, bot_factory, tmp_path: Path
):
    first = await bot_factory()
    device = first.bot.client.device_id
    await first.stop()
    second = await bot_factory(first.user)
    assert second.bot.client.device_id == device
    # The registration's device and the bot's one: a restart created no other.
    assert synapse.devices(first.user) == sorted({first.user.device_id, device})
    folder = tmp_path / "data" / "matrix"
    assert mode(tmp_path / "data") == 0o700 and mode(folder) == 0o700
    files = [p for p in folder.iterdir() if p.is_file()]
    assert any(p.name == "session.json" for p in files) and len(files) >= 2  # + nio's store
    assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}


async def test_an_access_token_logs_in_on_its_own_device(synapse: Synapse, bot_factory):
    user = synapse.register(synapse.unique("coopilote"))
    bot = await bot_factory(user, matrix_password=None, matrix_access_token=user.access_token)
    assert bot.bot.client.device_id == user.device_id
    assert synapse.devices(user) == [user.device_id]


async def test_backlog_and_own_messages_are_not_answered(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id)
    await joined(ana, room_id, bot.user_id)
    await bot.stop()
    old = await say(ana, room_id, "!aide")  # sent while the bot was away
    bot = await bot_factory(bot.user)
    own = await bot.bot.send(room_id, {"msgtype": "m.text", "body": "!aide"})
    assert own is not None
    new = await say(ana, room_id, "!aide")
    seen = await ana.events_until(room_id, lambda evs: bool(notices_to(evs, new)))
    assert len(notices_to(seen, new)) == 1
    # Replies go out in order: had it answered the old command or itself, we would see it.
    assert not notices_to(seen, old) and not notices_to(seen, own)


async def test_invites_are_accepted_only_from_the_allowed(member_factory, bot_factory):
    friend, stranger = await member_factory("friend"), await member_factory("stranger")
    bot = await bot_factory(matrix_invite_allow=f"{friend.user_id},example.org")
    refused = await room_with(stranger, bot.user_id)
    accepted = await room_with(friend, bot.user_id)
    await joined(friend, accepted, bot.user_id)

    def declined(events: list[Event]) -> bool:
        return any(
            isinstance(e, RoomMemberEvent)
            and e.state_key == bot.user_id
            and e.membership == "leave"
            for e in events
        )

    await stranger.events_until(refused, declined)


async def test_a_kicked_bot_leaves_and_can_be_invited_back(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id)
    await joined(ana, room_id, bot.user_id)
    await ana.client.room_kick(room_id, bot.user_id, reason="test")
    await ana.client.room_invite(room_id, bot.user_id)

    def rejoined(events: list[Event]) -> bool:
        return any(
            isinstance(e, RoomMemberEvent)
            and e.state_key == bot.user_id
            and (e.prev_membership, e.membership) == ("invite", "join")
            for e in events
        )

    await ana.events_until(room_id, rejoined)
    command = await say(ana, room_id, "!aide")
    await ana.events_until(room_id, lambda evs: bool(notices_to(evs, command)))


async def test_a_429_is_retried_after_the_servers_delay(
    synapse: Synapse, member_factory, bot_factory, caplog
):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id)
    await joined(ana, room_id, bot.user_id)
    await bot.in_room(room_id)
    synapse.limit_messages(bot.user_id, per_second=5, burst=1)
    with caplog.at_level(logging.WARNING, logger="nio"):
        sent = [
            await bot.bot.send(room_id, {"msgtype": "m.notice", "body": f"n{i}"}) for i in range(3)
        ]
    assert all(sent), sent
    assert any("429" in r.getMessage() for r in caplog.records)
    seen = await ana.events_until(
        room_id, lambda evs: sum(isinstance(e, RoomMessageNotice) for e in evs) >= 3
    )
    assert [e.body for e in seen if isinstance(e, RoomMessageNotice)] == ["n0", "n1", "n2"]


async def test_a_room_history_before_the_invite_is_not_answered(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana)
    old = await say(ana, room_id, "!aide")  # before the bot was there
    await ana.client.room_invite(room_id, bot.user_id)
    await joined(ana, room_id, bot.user_id)
    new = await say(ana, room_id, "!aide")
    seen = await ana.events_until(room_id, lambda evs: bool(notices_to(evs, new)))
    assert not notices_to(seen, old)
