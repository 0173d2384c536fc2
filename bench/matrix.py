"""The Matrix adapter against a local Synapse: command latency and a 100-member native poll.

Not a test: prints figures. Starts a throwaway Synapse on 127.0.0.1 (tests/matrix/synapse.py:
loopback only, no federation, test rate limits, its folder on /dev/shm), the bot over a
SQLite file in a temporary folder, and real matrix-nio clients for the members.

1. Command → reply: a member sends `!aide` and syncs until the bot's notice in the thread of
   that command arrives; the time between the send and the reply seen, over N commands
   one after the other (p50, p95, max). Synapse is included both ways.
2. One native poll (a members' poll) answered by M members at once: from the first answer
   sent to the moment the core has counted all of them, then checked: M ballots, each cast
   once (no « ballot.changed »), and the poll ended with the result at the close.

    .venv/bin/python bench/matrix.py [--commands 200] [--members 100]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nio import (
    AsyncClient,
    AsyncClientConfig,
    RoomCreateResponse,
    RoomMessageNotice,
    RoomSendResponse,
    SyncResponse,
)
from sqlalchemy import func, select

from bot.core.app import open_services
from bot.matrix.client import MatrixBot
from bot.models.decisions import AuditEvent
from bot.settings import Settings
from tests.matrix.synapse import Synapse, User


def must(reply, cls):  # type: ignore[no-untyped-def]
    """nio returns error objects: check every reply."""
    assert isinstance(reply, cls), reply
    return reply


def client_for(synapse: Synapse, user: User) -> AsyncClient:
    """A logged-in client without encryption (the bench's rooms are not encrypted)."""
    client = AsyncClient(
        synapse.base_url, user.user_id, config=AsyncClientConfig(encryption_enabled=False)
    )
    client.restore_login(user.user_id, user.device_id, user.access_token)
    return client


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def wait_for(check, within: float, what: str) -> None:  # type: ignore[no-untyped-def]
    """Poll what the bot wrote (the database, its client) with a deadline."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out: {what}")
        await asyncio.sleep(0.02)


async def commands(
    synapse: Synapse, bot: MatrixBot, ana: AsyncClient, room_id: str, n: int
) -> list[float]:
    """Send `!aide` n times, one after the other; seconds from send to the reply seen."""
    since = must(await ana.sync(timeout=0), SyncResponse).next_batch
    latencies: list[float] = []
    for _ in range(n):
        t0 = time.perf_counter()
        sent = must(
            await ana.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "!aide"}),
            RoomSendResponse,
        )
        answered = False
        while not answered:
            reply = must(await ana.sync(timeout=5000, since=since), SyncResponse)
            since = reply.next_batch
            room = reply.rooms.join.get(room_id)
            for event in room.timeline.events if room else []:
                relates = event.source.get("content", {}).get("m.relates_to") or {}
                if (
                    isinstance(event, RoomMessageNotice)
                    and relates.get("event_id") == sent.event_id
                ):
                    answered = True
        latencies.append(time.perf_counter() - t0)
    return latencies


async def poll(
    synapse: Synapse,
    services,
    bot: MatrixBot,
    owner: AsyncClient,
    room_id: str,
    members: list[AsyncClient],
) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """One members' poll answered by every member at once."""
    actor = await bot.actor(bot.client.rooms[room_id], str(owner.user_id))
    view = await services.decisions.create_poll(
        actor, "Quelle date pour l’AGA?", ["Mardi", "Jeudi"]
    )
    await services.decisions.deliver_outbox()
    record = bot.polls.store.of_vote(actor.community.key, view.number)
    assert record is not None
    t0 = time.perf_counter()

    async def answer(i: int, client: AsyncClient) -> None:
        content = {
            "m.relates_to": {"rel_type": "m.reference", "event_id": record.event_id},
            "m.selections": ["1" if i % 3 else "2"],
        }
        must(await client.room_send(room_id, "m.poll.response", content), RoomSendResponse)

    await asyncio.gather(*(answer(i, c) for i, c in enumerate(members)))
    sent = time.perf_counter() - t0

    async def counted() -> bool:
        return (await services.decisions.show(actor, view.number)).voted_count >= len(members)

    # The owner is a member too but does not answer: every answer but theirs is awaited.
    await wait_for(counted, 60, "the poll's answers")
    elapsed = time.perf_counter() - t0
    shown = await services.decisions.show(actor, view.number)
    async with services.db.reading() as session:
        cast = await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "ballot.cast")
        )
        changed = await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "ballot.changed")
        )
    closed = await services.decisions.close(actor, view.number)
    await wait_for(lambda: _ended(bot, record.event_id), 20, "the poll's end")
    return {
        "answers": len(members),
        "sent_s": sent,
        "counted_s": elapsed,
        "voted": shown.voted_count,
        "cast": int(cast or 0),
        "changed": int(changed or 0),
        "counts": closed.result.counts if closed.result is not None else None,  # type: ignore[union-attr]
    }


async def _ended(bot: MatrixBot, event_id: str) -> bool:
    record = bot.polls.store.get(event_id)
    return record is not None and record.ended


async def run(synapse: Synapse, data: Path, n_commands: int, n_members: int) -> None:
    bot_user = synapse.register("coopilote")
    owner_user = synapse.register("ana")
    t0 = time.perf_counter()
    users = [synapse.register(f"m{i}") for i in range(n_members)]
    print(f"registered {n_members + 2} users in {time.perf_counter() - t0:.1f} s", flush=True)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=data,
        language="fr",
        matrix_homeserver=synapse.base_url,
        matrix_user_id=bot_user.user_id,
        matrix_password=bot_user.password,
    )
    services = await open_services(settings)
    bot = MatrixBot(settings, services)
    task = asyncio.create_task(bot.run())
    owner = client_for(synapse, owner_user)
    members = [client_for(synapse, u) for u in users]
    try:
        await asyncio.wait_for(bot.ready.wait(), 30)
        # Two rooms: commands in a small one, the poll in the one with every member.
        small = must(await owner.room_create(invite=[bot_user.user_id]), RoomCreateResponse).room_id
        big = must(
            await owner.room_create(invite=[bot_user.user_id, *(u.user_id for u in users)]),
            RoomCreateResponse,
        ).room_id
        await wait_for(lambda: _in(bot, small, big), 30, "the bot in both rooms")
        await _joined(bot, small)
        latencies = await commands(synapse, bot, owner, small, n_commands)
        ms = [x * 1000 for x in latencies]
        print(
            f"command → reply ({len(ms)} × !aide): p50 {statistics.median(ms):.0f} ms, "
            f"p95 {percentile(ms, 95):.0f} ms, max {max(ms):.0f} ms, "
            f"mean {statistics.fmean(ms):.0f} ms",
            flush=True,
        )
        t0 = time.perf_counter()
        await asyncio.gather(*(m.join(big) for m in members))
        await wait_for(lambda: _members_in(bot, big, n_members + 2), 60, "every member joined")
        print(
            f"{n_members} members joined the poll's room in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        # The bot mirrors the room as members join: wait until the core knows all of them.
        await bot.mirror_room(bot.client.rooms[big])
        figures = await poll(synapse, services, bot, owner, big, members)
        print(
            f"native poll: {figures['answers']} answers sent in {figures['sent_s']:.2f} s, "
            f"all counted after {figures['counted_s']:.2f} s (target < 10 s); "
            f"voted {figures['voted']}, ballot.cast {figures['cast']}, ballot.changed "
            f"{figures['changed']}, result {figures['counts']}",
            flush=True,
        )
        ok = figures["voted"] == figures["cast"] == n_members and figures["changed"] == 0
        print("all counted once" if ok else "COUNT MISMATCH", flush=True)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await bot.close()
        await asyncio.gather(owner.close(), *(m.close() for m in members))
        await services.close()


async def _in(bot: MatrixBot, *rooms: str) -> bool:
    return all(r in bot.client.rooms for r in rooms)


async def _members_in(bot: MatrixBot, room_id: str, count: int) -> bool:
    room = bot.client.rooms.get(room_id)
    return room is not None and len(room.users) - len(room.invited_users) >= count


async def _joined(bot: MatrixBot, room_id: str) -> None:
    await wait_for(lambda: _members_in(bot, room_id, 2), 30, "the bot joined")


def main() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--members", type=int, default=100)
    args = parser.parse_args()
    synapse = Synapse()
    t0 = time.perf_counter()
    try:
        synapse.start()
        print(f"Synapse up on {synapse.base_url} in {time.perf_counter() - t0:.1f} s", flush=True)
        with tempfile.TemporaryDirectory(prefix="coopilote-bench-matrix-") as tmp:
            asyncio.run(run(synapse, Path(tmp) / "data", args.commands, args.members))
    finally:
        synapse.close()


if __name__ == "__main__":
    main()
