"""Which rooms are direct chats with the bot (not communities), kept across restarts.

Element marks a direct chat on the invite (`is_direct`); once joined, the room itself no
longer says so, so the bot remembers it in `direct.json` (0600) beside its session.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


class DirectRooms:
    """A set of room ids saved to a small owner-only file on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._rooms: set[str] = (
            set(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else set()
        )

    def __contains__(self, room_id: object) -> bool:
        return room_id in self._rooms

    def add(self, room_id: str) -> None:
        """Remember a direct chat."""
        if room_id not in self._rooms:
            self._rooms.add(room_id)
            self._save()

    def discard(self, room_id: str) -> None:
        """Forget a room the bot is no longer in."""
        if room_id in self._rooms:
            self._rooms.remove(room_id)
            self._save()

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(sorted(self._rooms), handle)
        os.replace(tmp, self.path)  # never a half-written list after a crash
