"""Vote messages kept live: edited after ballots, at most once per vote every 2 seconds.

500 directors voting in 10 seconds must not cause 500 edits (Discord would rate-limit the
channel and the message would lag behind): changes are coalesced per vote. The first change
after a quiet spell is written at once; changes that come sooner wait for the interval, and
only the newest state is written then. A change that arrives while an edit is in flight is
written after it: the last state always reaches the message.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

import discord

from bot.core.decisions.views import VoteView

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)

# Discord allows about 5 edits of a message per 5 seconds; one per vote per 2 s leaves room.
INTERVAL = 2.0


class Coalescer(Generic[K]):
    """At most one `write(key)` per key per `interval`; the last change is always written.

    `monotonic` and `sleep` are injectable so that tests drive time by hand.
    """

    def __init__(
        self,
        write: Callable[[K], Awaitable[None]],
        interval: float = INTERVAL,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._write = write
        self.interval = interval
        self._now = monotonic
        self._sleep = sleep
        self._dirty: set[K] = set()
        self._last: dict[K, float] = {}
        self._tasks: dict[K, asyncio.Task[None]] = {}
        self.writes = 0  # how many writes were made (the benchmark reports it)

    def touch(self, key: K) -> None:
        """`key` changed: write it soon (now, or when its interval has passed)."""
        self._dirty.add(key)
        if key not in self._tasks:
            self._tasks[key] = asyncio.get_running_loop().create_task(self._run(key))

    def pending(self) -> bool:
        """Some key still waits for its write."""
        return bool(self._tasks)

    async def drain(self) -> None:
        """Wait until every change so far is written."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def aclose(self) -> None:
        """Drop what is pending (the client is closing)."""
        for task in list(self._tasks.values()):
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()
        self._dirty.clear()

    async def _run(self, key: K) -> None:
        try:
            while key in self._dirty:
                wait = self._last.get(key, -math.inf) + self.interval - self._now()
                if wait > 0:
                    await self._sleep(wait)
                # Taken before the write: a change during the write makes one more round.
                self._dirty.discard(key)
                self.writes += 1
                try:
                    await self._write(key)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    # One failed edit (message deleted, permission lost) must not stop others.
                    log.exception("live update of %s failed", key)
                # Counted from the end of the write: however long the next one takes to read
                # the state, two edits reach Discord at least `interval` apart.
                self._last[key] = self._now()
        finally:
            # No await between the loop's last check and this: a touch() after it starts anew.
            self._tasks.pop(key, None)


_VOTE_ID = re.compile(r"vote:(\d+):")
# The chat layer's heading of one vote: « Sondage n° 4 — … », « Poll #4 — … ».
_HEADING = re.compile(r"(?:n°\s*|#)(\d+)")


def votes_shown(message: discord.Message) -> set[int]:
    """The votes a message shows: by its ballot components, or by its heading (a vote shown
    by a command, a poll just started: its buttons come with the first live edit)."""
    found = {
        int(m[1])
        for row in message.components
        for child in getattr(row, "children", ())
        if (m := _VOTE_ID.match(getattr(child, "custom_id", None) or ""))
    }
    if not found and message.embeds and message.embeds[0].title:
        heading = _HEADING.search(message.embeds[0].title)
        if heading:
            found.add(int(heading[1]))
    return found


# (guild id, vote number)
VoteKey = tuple[int, int]
Reader = Callable[[], Awaitable[VoteView]]
Render = Callable[[VoteView], dict[str, Any]]


@dataclass
class _Place:
    channel_id: int
    message_id: int


class LiveVotes:
    """Where each vote's message is, and its coalesced edits to the vote's current state."""

    def __init__(
        self,
        client: discord.Client,
        render: Render,
        interval: float = INTERVAL,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.render = render
        self.places: dict[VoteKey, _Place] = {}
        self._readers: dict[VoteKey, Reader] = {}
        self.edits = Coalescer(self._edit, interval, monotonic=monotonic, sleep=sleep)

    def track(self, guild_id: int, number: int, channel_id: int, message_id: int) -> None:
        """The message of vote `number` is `message_id` in `channel_id` (posted, or clicked)."""
        self.places[(guild_id, number)] = _Place(channel_id, message_id)

    def place(self, guild_id: int, number: int) -> _Place | None:
        """Where the vote's message is, if known."""
        return self.places.get((guild_id, number))

    async def find(self, guild_id: int, number: int, channel_id: int, limit: int = 50) -> bool:
        """Look for the vote's message among the channel's latest: the bot's own message
        that carries this vote's components or names it in its heading (after a restart with
        nobody clicking since, or a vote posted in answer to a form)."""
        if (guild_id, number) in self.places:
            return True
        me = self.client.user
        channel = self.client.get_partial_messageable(channel_id, guild_id=guild_id)
        try:
            async for message in channel.history(limit=limit):
                if me is not None and message.author.id == me.id and number in votes_shown(message):
                    self.track(guild_id, number, channel_id, message.id)
                    return True
        except discord.HTTPException:
            log.info("channel %s: its history cannot be read", channel_id)
        return False

    def changed(self, guild_id: int, number: int, read: Reader) -> None:
        """Vote `number` changed; `read` returns its state when the edit is made."""
        key = (guild_id, number)
        if key not in self.places:
            return  # no message to keep live (posted before a restart and not clicked since)
        self._readers[key] = read  # the newest reader wins: it reads the newest state
        self.edits.touch(key)

    def settled(self, guild_id: int, number: int, view: VoteView) -> None:
        """Show the vote as `view` (its opening, or its final state: then no buttons)."""

        async def final() -> VoteView:
            return view

        self.changed(guild_id, number, final)

    async def _edit(self, key: VoteKey) -> None:
        place = self.places.get(key)
        read = self._readers.pop(key, None)
        if place is None or read is None or self.client.is_closed():
            return
        view = replace(await read(), viewer=None)  # the channel's message is nobody's view
        channel = self.client.get_partial_messageable(place.channel_id)
        try:
            await channel.get_partial_message(place.message_id).edit(**self.render(view))
        except discord.NotFound:
            log.info("vote message %s is gone: no more live updates", place.message_id)
            self.places.pop(key, None)
