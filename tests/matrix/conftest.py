"""A real Synapse for the session, and real matrix-nio clients that play the members."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from nio import (
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    Event,
    MegolmEvent,
    RoomCreateResponse,
    SyncResponse,
)

from bot.core.app import Services
from bot.matrix.client import MatrixBot
from tests.conftest import make_settings
from tests.matrix.synapse import Synapse, User


@pytest.fixture(scope="session")
def synapse() -> Iterator[Synapse]:
    """One homeserver for the whole session, on a free loopback port; removed at the end."""
    server = Synapse()
    try:
        server.start()
        yield server
    finally:
        server.close()


def must(reply: Any, cls: type) -> Any:
    """nio returns error objects instead of raising: check every reply."""
    assert isinstance(reply, cls), reply
    return reply


class Member:
    """A person on Matrix: a nio client logged in as a registered user, with its own sync."""

    def __init__(self, client: AsyncClient, user: User) -> None:
        self.client = client
        self.user = user
        self.since: str | None = None

    @property
    def user_id(self) -> str:
        return self.user.user_id

    async def sync(self, timeout_ms: int = 500) -> SyncResponse:
        """One sync from where this member left off (keys uploaded and queried as Element does)."""
        reply = await self.client.sync(timeout=timeout_ms, since=self.since, full_state=True)
        reply = must(reply, SyncResponse)
        self.since = reply.next_batch
        if self.client.olm:
            if self.client.should_upload_keys:
                await self.client.keys_upload()
            if self.client.should_query_keys:
                await self.client.keys_query()
        return reply

    async def events_until(
        self, room_id: str, want: Callable[[list[Event]], bool], within: float = 10.0
    ) -> list[Event]:
        """Sync until `want(events seen in room_id)` holds; all of them (decrypted if needed)."""
        seen: list[Event] = []
        deadline = time.monotonic() + within
        while not want(seen):
            assert time.monotonic() < deadline, f"timed out; saw {seen}"
            reply = await self.sync()
            room = reply.rooms.join.get(room_id)
            if room is None:
                continue
            for event in room.timeline.events:
                if isinstance(event, MegolmEvent):
                    decrypted = self.client.decrypt_event(event)
                    event = decrypted if not isinstance(decrypted, ErrorResponse) else event
                seen.append(event)
        return seen


@pytest.fixture
async def member_factory(
    synapse: Synapse, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[Member]]]:
    """make(name, encrypted=False): a new user logged in with nio; closed after the test."""
    clients: list[AsyncClient] = []

    async def make(name: str = "member", *, encrypted: bool = False) -> Member:
        user = synapse.register(synapse.unique(name))
        store = tmp_path / f"nio-{user.localpart}"
        store.mkdir()
        client = AsyncClient(
            synapse.base_url,
            user.user_id,
            store_path=str(store),
            config=AsyncClientConfig(encryption_enabled=encrypted, store_sync_tokens=True),
        )
        clients.append(client)
        client.restore_login(user.user_id, user.device_id, user.access_token)
        member = Member(client, user)
        await member.sync(timeout_ms=0)  # uploads its device keys when encrypted
        return member

    try:
        yield make
    finally:
        await asyncio.gather(*(c.close() for c in clients))


class RunningBot:
    """The Matrix bot running in this event loop against the test Synapse."""

    def __init__(self, bot: MatrixBot, task: asyncio.Task[None], user: User) -> None:
        self.bot = bot
        self.task = task
        self.user = user

    @property
    def user_id(self) -> str:
        return self.user.user_id

    async def in_room(self, room_id: str, within: float = 10.0) -> None:
        """Wait until the bot's own sync has shown it the room."""
        deadline = time.monotonic() + within
        while room_id not in self.bot.client.rooms:
            assert time.monotonic() < deadline, f"the bot never saw {room_id}"
            await asyncio.sleep(0.02)  # polling the bot's state, with a deadline

    async def stop(self) -> None:
        """Stop syncing and close the client (as `coopilote run` does on SIGTERM)."""
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.bot.close()


@pytest.fixture
async def bot_factory(
    synapse: Synapse, services: Services, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[RunningBot]]]:
    """start(user=None, **settings): the bot logged in and past its first sync."""
    running: list[RunningBot] = []

    async def start(user: User | None = None, **overrides: Any) -> RunningBot:
        user = user or synapse.register(synapse.unique("coopilote"))
        values: dict[str, Any] = {
            "matrix_homeserver": synapse.base_url,
            "matrix_user_id": user.user_id,
            "matrix_password": user.password,
        }
        values.update(overrides)
        settings = make_settings(tmp_path / "data", **values)
        bot = MatrixBot(settings, services)
        task = asyncio.create_task(bot.run())
        ready = asyncio.create_task(bot.ready.wait())
        await asyncio.wait({task, ready}, timeout=20, return_when=asyncio.FIRST_COMPLETED)
        if not bot.ready.is_set():
            ready.cancel()
            task.cancel()
            await bot.close()
            raise AssertionError(f"the bot did not start: {task}")
        handle = RunningBot(bot, task, user)
        running.append(handle)
        return handle

    try:
        yield start
    finally:
        for handle in running:
            await handle.stop()


async def room_with(owner: Member, *guests: str, **options: Any) -> str:
    """A room created by `owner` with `guests` invited; its id."""
    reply = await owner.client.room_create(invite=list(guests), **options)
    return str(must(reply, RoomCreateResponse).room_id)


async def joined(member: Member, room_id: str, user_id: str, within: float = 10.0) -> None:
    """Wait until `member` sees `user_id` joined in the room."""

    def has_joined(events: list[Event]) -> bool:
        room = member.client.rooms.get(room_id)
        return room is not None and user_id in room.users and user_id not in room.invited_users

    await member.events_until(room_id, has_joined, within)
