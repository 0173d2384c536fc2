"""Coalesced live edits, driven by hand: time is the core's FakeClock, sleeping moves it."""

from __future__ import annotations

import asyncio
import itertools

from bot.cogs.live import Coalescer
from bot.core.clock import FakeClock


class Timeline:
    """Monotonic time read from a FakeClock; a sleep lasts until the test moves the clock."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.start = self.clock.now()
        self.slept: list[float] = []
        self._moved = asyncio.Event()

    def now(self) -> float:
        return (self.clock.now() - self.start).total_seconds()

    async def sleep(self, delay: float) -> None:
        self.slept.append(delay)
        until = self.now() + delay
        while self.now() < until:
            self._moved.clear()
            await self._moved.wait()

    async def advance(self, seconds: float) -> None:
        """Move time on and let whatever was waiting for it run."""
        self.clock.advance(seconds=seconds)
        self._moved.set()
        for _ in range(5):
            await asyncio.sleep(0)


class Message:
    """The message being edited: the state each write put in it, and when."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.state = 0  # the vote's state (ballots so far)
        self.shown: list[tuple[float, int]] = []
        self.gate: asyncio.Event | None = None  # holds a write in flight when set

    async def write(self, key: str) -> None:
        seen = self.state  # read when the edit is made: the newest state
        if self.gate is not None:
            await self.gate.wait()
        self.shown.append((self.timeline.now(), seen))


def setup() -> tuple[Timeline, Message, Coalescer[str]]:
    timeline = Timeline()
    message = Message(timeline)
    return (
        timeline,
        message,
        Coalescer(message.write, 2.0, monotonic=timeline.now, sleep=timeline.sleep),
    )


async def test_the_first_change_is_written_at_once():
    timeline, message, edits = setup()
    message.state = 1
    edits.touch("vote 1")
    await edits.drain()
    assert message.shown == [(0.0, 1)]
    assert timeline.slept == []


async def test_a_burst_of_500_changes_is_two_edits_and_the_last_state_is_shown():
    timeline, message, edits = setup()
    for ballot in range(1, 501):
        message.state = ballot
        edits.touch("vote 1")
        await asyncio.sleep(0)  # each ballot arrives in its own interaction
    await timeline.advance(2.0)
    await edits.drain()
    # One edit at once (state 1), then one after the interval with the last state.
    assert message.shown == [(0.0, 1), (2.0, 500)]
    assert edits.writes == 2


async def test_edits_are_at_least_two_seconds_apart_over_a_long_stream():
    timeline, message, edits = setup()
    for ballot in range(1, 101):
        message.state = ballot
        edits.touch("vote 1")
        await asyncio.sleep(0)  # let the coalescer run between ballots
        await timeline.advance(0.3)  # a ballot every 0.3 s, 30 s in all
    await timeline.advance(2.0)
    await edits.drain()
    times = [at for at, _ in message.shown]
    assert all(b - a >= 2.0 for a, b in itertools.pairwise(times))
    assert message.shown[-1][1] == 100  # nothing lost: the final count is shown
    assert len(times) <= 30 / 2 + 1


async def test_a_change_during_an_edit_is_written_after_it():
    timeline, message, edits = setup()
    message.gate = asyncio.Event()
    message.state = 1
    edits.touch("vote 1")
    await asyncio.sleep(0)  # the first edit is in flight (it read state 1)
    message.state = 2
    edits.touch("vote 1")  # arrives while the edit is in flight
    message.gate.set()
    await timeline.advance(0.0)  # the first edit ends
    assert edits.pending()  # the second waits for the interval, counted from that end
    await timeline.advance(2.0)
    await edits.drain()
    assert [state for _, state in message.shown] == [1, 2]


async def test_votes_are_coalesced_separately():
    timeline, message, edits = setup()
    edits.touch("vote 1")
    edits.touch("vote 2")
    await edits.drain()
    assert len(message.shown) == 2 and timeline.slept == []


async def test_a_failed_edit_does_not_stop_the_next_ones(caplog):
    timeline = Timeline()
    shown: list[int] = []
    failures = iter([True, False])

    async def write(key: str) -> None:
        if next(failures):
            raise RuntimeError("message deleted")
        shown.append(1)

    edits = Coalescer(write, 2.0, monotonic=timeline.now, sleep=timeline.sleep)
    edits.touch("vote 1")
    await edits.drain()
    await timeline.advance(2.0)
    edits.touch("vote 1")
    await edits.drain()
    assert shown == [1]
    assert "live update of vote 1 failed" in caplog.text
