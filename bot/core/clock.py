"""Time as a dependency: the system clock in production, a clock tests move by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Source of the current time (always timezone-aware, UTC)."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        """Current UTC time."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told: `advance()` or `set()`."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")

    def now(self) -> datetime:
        """The frozen current time."""
        return self._now

    def advance(self, delta: timedelta | None = None, /, **kwargs: float) -> datetime:
        """Move forward by `delta` (or timedelta(**kwargs)) and return the new time."""
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, when: datetime) -> None:
        """Jump to `when` (aware)."""
        if when.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = when


class OffsetClock:
    """The real time, moved forward on request (the console's `/demo avancer 3j`)."""

    def __init__(self) -> None:
        self._offset = timedelta()

    def now(self) -> datetime:
        """Current UTC time plus what was advanced."""
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta | None = None, /, **kwargs: float) -> datetime:
        """Move forward by `delta` (or timedelta(**kwargs)) and return the new time."""
        self._offset += delta if delta is not None else timedelta(**kwargs)
        return self.now()
