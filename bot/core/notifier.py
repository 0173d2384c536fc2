"""How the core speaks first (results, reminders): each adapter provides a Notifier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.actor import CommunityRef


@dataclass(frozen=True, slots=True)
class Announcement:
    """A message for a community's channel (where the vote was launched)."""

    community: CommunityRef
    channel_id: str | None
    kind: str  # e.g. "vote.opened", "vote.closed"
    payload: Any  # a frozen result of the service (rendered by the adapter)


@dataclass(frozen=True, slots=True)
class DirectMessage:
    """A message for one member, privately (reminders)."""

    community: CommunityRef
    user_id: str
    kind: str  # e.g. "vote.reminder"
    payload: Any


class Notifier(Protocol):
    """Delivers announcements and direct messages on one platform.

    A notifier may name the platform it serves in a `platform` attribute ("discord",
    "matrix"…): the outbox then claims only that platform's messages, so that each adapter's
    process delivers its own. Without it (None), every platform's messages are its own.
    A notifier with `announces_openings = True` also gets a « vote.opened » announcement
    when a vote of its platform opens (Matrix posts it as a native poll).
    """

    async def announce(self, announcement: Announcement) -> None: ...

    async def direct(self, message: DirectMessage) -> None: ...


class NullNotifier:
    """Drops everything (the CLI, which has nobody to talk to)."""

    async def announce(self, announcement: Announcement) -> None:
        """Nothing to do."""

    async def direct(self, message: DirectMessage) -> None:
        """Nothing to do."""


class RecordingNotifier:
    """Keeps what would have been sent, in order (tests, and the console's inbox)."""

    def __init__(self, platform: str | None = None) -> None:
        self.platform = platform
        self.sent: list[Announcement | DirectMessage] = []

    async def announce(self, announcement: Announcement) -> None:
        """Record an announcement."""
        self.sent.append(announcement)

    async def direct(self, message: DirectMessage) -> None:
        """Record a direct message."""
        self.sent.append(message)


class PlatformNotifiers:
    """The notifiers of the platforms one process serves (Discord and Matrix side by side).

    Each keeps its own platform: the outbox delivers through each in turn, so every adapter
    sends only its own communities' messages, and a platform served by another process is
    left to it.
    """

    def __init__(self, *parts: Notifier) -> None:
        self.parts: dict[str, Notifier] = {}
        for part in parts:
            self.add(part)

    def add(self, notifier: Notifier) -> None:
        """Serve `notifier`'s platform with it (replacing an earlier one of that platform)."""
        self.parts[notifier.platform] = notifier

    def for_platform(self, platform: str) -> Notifier | None:
        """The notifier serving `platform`, if this process serves it."""
        return self.parts.get(platform)


def combined(current: Notifier, new: Notifier) -> Notifier:
    """What serves both `current` and the adapter's `new` notifier (which names its platform).

    A notifier that serves every platform (the console's, a test's) or none (Null) gives way,
    and so does an earlier notifier of the same platform; two platforms are served together.
    """
    platform = getattr(new, "platform", None)
    if platform is None:
        return new
    if isinstance(current, PlatformNotifiers):
        current.add(new)
        return current
    served = getattr(current, "platform", None)
    if isinstance(current, NullNotifier) or served in (None, platform):
        return new
    return PlatformNotifiers(current, new)
