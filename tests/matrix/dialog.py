"""A member talking with the bot in a thread, as an Element user does (tests only)."""

from __future__ import annotations

from typing import Any

from nio import RoomMessageNotice, RoomSendResponse

from tests.matrix.conftest import Member, must
from tests.matrix.decisions_helpers import Watch


class Dialog:
    """A command sent by `member` and the bot's notices in its thread, read in order."""

    def __init__(self, member: Member, room_id: str, watch: Watch | None = None) -> None:
        self.member = member
        self.room_id = room_id
        self.watch = watch or Watch(member)
        self.root: str | None = None
        self.read = 0  # notices of the thread already returned
        self.sent: set[str] = set()  # what the member said (replies to it count, in a DM)

    async def send(self, body: str, *, threaded: bool = True) -> str:
        """A message: the command (the thread's root) or an answer in the thread."""
        content: dict[str, Any] = {"msgtype": "m.text", "body": body}
        if self.root is not None and threaded:
            content["m.relates_to"] = {"rel_type": "m.thread", "event_id": self.root}
        reply = await self.member.client.room_send(
            self.room_id, "m.room.message", content, ignore_unverified_devices=True
        )
        event_id = str(must(reply, RoomSendResponse).event_id)
        self.sent.add(event_id)
        if self.root is None:
            self.root = event_id
        return event_id

    def notices(self) -> list[RoomMessageNotice]:
        """The bot's notices in the thread (or replying to the member) so far."""
        out = []
        for e in self.watch.events[self.room_id]:
            if not isinstance(e, RoomMessageNotice):
                continue
            relates = e.source["content"].get("m.relates_to") or {}
            replied = (relates.get("m.in_reply_to") or {}).get("event_id")
            if relates.get("event_id") == self.root or replied in self.sent | {self.root}:
                out.append(e)
        return out

    async def until(self, text: str, within: float = 15.0) -> RoomMessageNotice:
        """The next notice of the thread that contains `text` (the ones before it are read)."""

        def found(_events: list[Any]) -> bool:
            return any(text in n.body for n in self.notices()[self.read :])

        await self.watch.until(self.room_id, found, within)
        fresh = self.notices()
        for index in range(self.read, len(fresh)):
            if text in fresh[index].body:
                self.read = index + 1
                return fresh[index]
        raise AssertionError(text)
