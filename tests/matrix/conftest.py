"""A real Synapse for the session, and real matrix-nio clients that play the members."""

from __future__ import annotations

import asyncio
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
    SyncResponse,
)

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
