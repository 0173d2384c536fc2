"""Direct messages waiting for a member to join their direct chat, kept across restarts.

The bot can share a direct chat's encryption key only with someone who has joined it, so a
ballot invitation or a reminder for a member who has not joined yet waits. It waits in
`pending.json` (0600) beside the bot's session, not in memory: a restart before the member
joins must lose nothing. What waits is the notice as sent (the vote's question and how to
answer, or a reminder): never a choice, so nothing secret is written here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class PendingDirect:
    """Messages per direct-chat room, saved atomically to an owner-only file on change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self._by_room: dict[str, list[dict[str, Any]]] = {
            room: list(items) for room, items in raw.items() if items
        }

    def rooms(self) -> list[str]:
        """Rooms with something waiting."""
        return list(self._by_room)

    def waiting(self, room_id: str) -> list[dict[str, Any]]:
        """What waits for the member of `room_id`, oldest first."""
        return list(self._by_room.get(room_id, []))

    def add(self, room_id: str, content: dict[str, Any]) -> None:
        """Keep a message until the member joins (the same one only once)."""
        items = self._by_room.setdefault(room_id, [])
        if content not in items:  # delivered twice by the outbox: wait once
            items.append(content)
            self._save()

    def drop(self, room_id: str, content: dict[str, Any]) -> None:
        """The message was sent: forget it."""
        items = self._by_room.get(room_id)
        if items and content in items:
            items.remove(content)
            if not items:
                del self._by_room[room_id]
            self._save()

    def forget(self, room_id: str) -> None:
        """The room is gone (the bot left it): nothing can be sent there any more."""
        if self._by_room.pop(room_id, None) is not None:
            self._save()

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self._by_room, handle)
        os.replace(tmp, self.path)  # never a half-written file after a crash
