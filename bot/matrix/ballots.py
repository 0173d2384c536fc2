"""Secret ballots in direct chats: the room sees participation, never a choice.

When a secret vote opens, the room gets a notice (the vote, how to vote, participation
only) and each elector gets their ballot in a direct chat with the bot, which Element
encrypts (the bot creates it encrypted). The member answers there (« pour », « 2 »…),
the bot casts it through the decision service as that member and confirms in the same
chat; the choice is never echoed, logged or posted anywhere else. Reminders use the same
direct chats (`DirectChats`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nio import MatrixRoom, RoomCreateResponse, RoomMemberEvent, RoomMessageText, RoomPreset

from bot.chat.render.decisions import receipt, vote
from bot.chat.reply import Block, Heading, Items, Reply, Text
from bot.core.actor import Actor, CommunityRef
from bot.core.decisions.views import MEETING, MOTION, OPEN, VoteSummary, VoteView
from bot.core.errors import CoopiloteError
from bot.core.i18n import t
from bot.matrix.notifier import DeliveryFailed, reply_notice
from bot.matrix.pending import PendingDirect
from bot.matrix.polls import answers_of

if TYPE_CHECKING:
    from bot.matrix.client import MatrixBot

log = logging.getLogger(__name__)

ENCRYPTION = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}
# « pour #3 », « pour n° 3 », « 2 #3 »: an explicit vote number at the end.
_NUMBER = re.compile(r"^(?P<rest>.*?)\s*(?:#|n°\s*|no\s+)(?P<number>\d+)\s*$", re.IGNORECASE)
# Words asking for one's ballots again.
_ASK = {"bulletin", "bulletins", "ballot", "ballots", "vote", "votes"}


class DirectChats:
    """The bot's direct chat with each member, created (encrypted) when first needed.

    A message for someone who has not joined yet waits until they do: only then can the
    bot share the room's encryption key with their devices. It waits on disk (`pending`),
    so a restart before they join loses nothing.
    """

    def __init__(self, bot: MatrixBot) -> None:
        self.bot = bot
        self.pending = PendingDirect(bot.direct.path.parent / "pending.json")
        self._created: dict[str, str] = {}  # user -> room created, before the sync shows it
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def room_with(self, user_id: str) -> tuple[str, bool] | None:
        """(room id, joined) of a direct chat with `user_id`, a joined one first."""
        found: tuple[str, bool] | None = None
        for room_id, room in self.bot.client.rooms.items():
            if room_id not in self.bot.direct or user_id not in room.users:
                continue
            if len(room.users) > 2:
                continue  # not a one-to-one chat any more
            joined = user_id not in room.invited_users
            if joined:
                return room_id, True
            found = found or (room_id, False)
        created = self._created.get(user_id)
        if found is None and created is not None and created not in self.bot.client.rooms:
            return created, False  # created, not yet in a sync: the invite is on its way
        return found

    async def send(self, user_id: str, content: dict[str, Any]) -> None:
        """Send to the member privately: now if they are in the chat, else once they join."""
        async with self._locks[user_id]:
            found = self.room_with(user_id)
            if found is not None and found[1]:
                if await self.bot.send(found[0], content) is None:
                    raise DeliveryFailed(f"direct message to {found[0]} not sent")
                return
            room_id = found[0] if found is not None else await self._create(user_id)
            self.pending.add(room_id, content)

    async def _create(self, user_id: str) -> str:
        reply = await self.bot.client.room_create(
            is_direct=True,
            invite=[user_id],
            preset=RoomPreset.trusted_private_chat,
            initial_state=[ENCRYPTION],
        )
        if not isinstance(reply, RoomCreateResponse):
            raise DeliveryFailed(f"no direct chat with {user_id}: {reply}")
        room_id = str(reply.room_id)
        self.bot.direct.add(room_id)  # a direct chat, never mirrored as a community
        self._created[user_id] = room_id
        log.info("Matrix: direct chat %s opened", room_id)
        return room_id

    async def on_member(self, room: MatrixRoom, event: RoomMemberEvent) -> None:
        """Someone joined a direct chat: what waited for them goes now."""
        if event.membership != "join" or event.state_key == self.bot.user_id:
            return
        await self._deliver(room.room_id)

    async def flush(self) -> int:
        """At start: send what waited for members who joined while the bot was away (their
        join is in the skipped backlog) and forget rooms the bot is no longer in; how many
        were sent."""
        sent = 0
        for room_id in self.pending.rooms():
            room = self.bot.client.rooms.get(room_id)
            if room is None or room_id not in self.bot.direct:
                self.pending.forget(room_id)  # left or kicked: nobody to send to
                continue
            others = [u for u in room.users if u != self.bot.user_id]
            if any(u not in room.invited_users for u in others):
                sent += await self._deliver(room_id)
        return sent

    async def _deliver(self, room_id: str) -> int:
        """Send what waits in `room_id`, each dropped only once sent (a failure stays for
        the next join or start)."""
        sent = 0
        for content in self.pending.waiting(room_id):
            if await self.bot.send(room_id, content) is None:
                log.warning("Matrix: a direct message waiting in %s was not sent", room_id)
                continue
            self.pending.drop(room_id, content)
            sent += 1
        return sent


@dataclass(frozen=True, slots=True)
class Pending:
    """An open secret vote a member may vote on (or change), and where they belong."""

    room: MatrixRoom
    actor: Actor
    summary: VoteSummary


def ballot_reply(view: VoteView, lang: str) -> Reply:
    """The ballot sent privately: the question, the answers, how to answer."""
    kind = t(f"decision.kind.{view.kind}", lang)
    heading = t("matrix.secret.ballot_title", lang, kind=kind, number=view.number)
    if view.title:
        heading += f" — {view.title}"
    blocks: list[Block] = [Heading(heading)]
    if view.text and view.text != view.title:
        blocks.append(Text(view.text))
    blocks.append(Text(t("matrix.secret.community", lang, community=view.community), "dim"))
    if view.kind == MOTION:
        blocks.append(Text(t("matrix.secret.answer_motion", lang)))
    else:
        labels = tuple(label for _, label in answers_of(view, lang))
        blocks.append(Items(labels, ordered=True))
        key = (
            "matrix.secret.answer_meeting" if view.kind == MEETING else "matrix.secret.answer_poll"
        )
        blocks.append(Text(t(key, lang)))
    blocks.append(Text(t("matrix.secret.private", lang), "dim"))
    return Reply(tuple(blocks), ephemeral=True)


class SecretBallots:
    """Secret votes on Matrix: opened in the room, cast in direct chats."""

    def __init__(self, bot: MatrixBot) -> None:
        self.bot = bot

    async def opened(self, community: CommunityRef, room_id: str, view: VoteView) -> None:
        """Tell the room (participation only) and send each elector their ballot."""
        lang = view.language
        now = self.bot.services.clock.now()
        shown = vote(view, lang, now)
        blocks = (*shown.blocks, Text(t("matrix.secret.opened", lang), "good"))
        content = reply_notice(Reply(blocks))
        if await self.bot.send(room_id, content) is None:
            raise DeliveryFailed(f"opening of vote {view.number} not sent to {room_id}")
        ballot = reply_notice(ballot_reply(view, lang))
        for user_id in await self.bot.services.decisions.electors(community, view.number):
            if user_id != self.bot.user_id:
                await self.bot.dms.send(user_id, ballot)

    async def on_direct_text(self, room: MatrixRoom, event: RoomMessageText) -> bool:
        """A member's answer in a direct chat; False when it is about no secret vote."""
        text = event.body.strip()
        pending = await self._pending(event.sender)
        if not pending:
            return False
        lang = await self._language(pending[0].actor.community)
        if text.casefold() in _ASK:
            for item in pending:
                view = await self.bot.services.decisions.show(item.actor, item.summary.number)
                await self._say(room, ballot_reply(view, lang))
            return True
        choice, number = text, None
        explicit = _NUMBER.match(text)
        if explicit and explicit.group("rest"):
            choice, number = explicit.group("rest"), int(explicit.group("number"))
        elif len(pending) > 1 or pending[0].summary.kind == MOTION:
            # « pour 3 »: a motion's answer is a word, so a last number is the vote's.
            words = text.rsplit(None, 1)
            if len(words) == 2 and words[1].isdigit() and not words[0].isdigit():
                choice, number = words[0], int(words[1])
        chosen = [p for p in pending if number is None or p.summary.number == number]
        if len(chosen) != 1:
            numbers = ", ".join(f"#{p.summary.number}" for p in pending)
            await self._say(room, Reply((Text(t("matrix.secret.which", lang, numbers=numbers)),)))
            return True
        item = chosen[0]
        try:
            found = await self.bot.services.decisions.cast(item.actor, item.summary.number, choice)
        except CoopiloteError as exc:
            await self._say(room, Reply((Text(exc.message(lang), "error"),)))
            return True
        await self._say(room, receipt(found, lang))
        return True

    async def _pending(self, user_id: str) -> list[Pending]:
        """The open secret votes this member may vote on, in every community they share."""
        out: list[Pending] = []
        for room in list(self.bot.client.rooms.values()):
            if self.bot.is_direct_chat(room) or user_id not in room.users:
                continue
            if user_id in room.invited_users:
                continue
            actor = await self.bot.actor(room, user_id)
            for summary in await self.bot.services.decisions.list_open(actor):
                if summary.secret and summary.status == OPEN and (summary.to_do or summary.voted):
                    out.append(Pending(room, actor, summary))
        return out

    async def _language(self, ref: CommunityRef) -> str:
        return (await self.bot.services.communities.settings(ref)).language

    async def _say(self, room: MatrixRoom, reply: Reply) -> None:
        await self.bot.send(room.room_id, reply_notice(reply))
