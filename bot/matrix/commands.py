"""Text on Matrix: `!commands` from the chat layer's list, the advisor, forms, and silence.

Every command declared for Matrix (`bot.chat.commands`, French names and English aliases) is
typed with « ! » and runs its one shared handler (`bot.chat.handlers.dispatch`), `!coopilote`
(the community's configuration, for admins) included. A message
that mentions the bot, or any text in a direct chat with it, is a need for the advisor
(`/outil`). Other chatter in a room is not for the bot: it stays quiet.

Handlers run in tasks of their own, so that a form waiting for an answer never holds the sync
loop that must deliver that answer.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any

from nio import MatrixRoom, MegolmEvent, RoomMessageText

from bot.chat import commands as chat
from bot.chat.commands import CommandSpec, for_platform
from bot.chat.handlers import dispatch
from bot.chat.reply import Text, reply
from bot.core.i18n import register, t
from bot.core.text import fold
from bot.matrix.context import MatrixContext
from bot.matrix.forms import CANCEL_WORDS
from bot.matrix.render import PREFIX, reply_notice

if TYPE_CHECKING:
    from bot.matrix.client import MatrixBot

log = logging.getLogger(__name__)

register(
    {
        "matrix.cannot_decrypt": (
            "Je ne peux pas lire les messages chiffrés de {user} dans ce salon : mon "
            "appareil n’a pas reçu leurs clés. Pour que je réponde, vérifiez l’appareil de "
            "Coopilote ou partagez-lui les clés du salon (Element : Paramètres › Sécurité), ou "
            "écrivez-moi dans un salon non chiffré."
        ),
        "matrix.sent_privately": "Envoyé dans votre conversation privée avec le bot.",
    }
)

# Commands answered by the advisor's model.
_ADVISOR = frozenset({"outil", "referentiel"})


def specs() -> tuple[CommandSpec, ...]:
    """Every command offered on Matrix, as the chat layer declares them."""
    return for_platform("matrix")


def thread_of(event: RoomMessageText) -> tuple[str | None, str | None]:
    """(thread root, replied-to event) of a message, when it has them."""
    relates: dict[str, Any] = event.source.get("content", {}).get("m.relates_to") or {}
    root = relates.get("event_id") if relates.get("rel_type") == "m.thread" else None
    reply_to = (relates.get("m.in_reply_to") or {}).get("event_id")
    return root, reply_to


class MatrixCommands:
    """Turns members' text into commands, advisor questions, form answers, or nothing."""

    def __init__(self, bot: MatrixBot) -> None:
        self.bot = bot
        offered = specs()
        self.by_path = {one.path: one for one in offered}
        self.aliases = chat.alias_table(offered)
        self.languages: dict[str, str] = {}  # a member's `!langue`, for this process
        self.tasks: set[asyncio.Task[None]] = set()
        self._told_undecryptable: set[tuple[str, str]] = set()

    def parse(self, body: str) -> tuple[CommandSpec, str, bool] | None:
        """(command, the rest of the line, typed in English?) of a `!…` line, else None."""
        text = body.strip()
        if not text.startswith(PREFIX) or len(text) == 1:
            return None
        path, args = chat.find(text, self.by_path, self.aliases)
        if path is None:
            return None
        head = fold(text[1:].split(maxsplit=1)[0])
        return self.by_path[path], args, head in self.aliases

    async def on_text(self, room: MatrixRoom, event: RoomMessageText) -> None:
        """One member's message: an answer, a command, a need, or nothing for the bot."""
        body, sender = event.body, event.sender
        root, reply_to = thread_of(event)
        forms = self.bot.conversations
        lowered = body.strip().casefold()
        if forms.answers(room.room_id, sender, root, reply_to):
            if lowered in CANCEL_WORDS or not body.strip().startswith(PREFIX):
                forms.give(room.room_id, sender, body)
                return
            forms.give(room.room_id, sender, None)  # another command ends the form
        direct = self.bot.is_direct_chat(room)
        thread = root or event.event_id
        if lowered in CANCEL_WORDS:
            if forms.give(room.room_id, sender, None):
                return  # a form of theirs in this room, cancelled from outside its thread
            lang = await self._language(room, sender)
            ctx = await self.context(room, event, lang, thread)
            await ctx.say(t("matrix.form.nothing", lang))
            return
        parsed = self.parse(body)
        if parsed is not None:
            spec, args, english = parsed
            lang = "en" if english else await self._language(room, sender)
            self._spawn(self._command(room, event, spec, args, lang, thread))
            return
        if body.strip().startswith(PREFIX):
            if direct:  # only the bot reads a direct chat: a typo is answered there
                lang = await self._language(room, sender)
                ctx = await self.context(room, event, lang, thread)
                word = body.strip().split()[0]
                await ctx.show(reply(Text(t("chat.unknown_command", lang, name=word), "error")))
            return  # in a room, another bot's command or a typo: not ours to answer
        if direct:
            if await self.bot.ballots.on_direct_text(room, event):
                return  # an answer to a secret ballot
            need = body
        else:
            need = self.need_in_mention(room, event)
            if need is None:
                return  # chatter between members: not for the bot
        lang = await self._language(room, sender)
        self._spawn(self._command(room, event, chat.spec("/outil"), need, lang, thread))

    def need_in_mention(self, room: MatrixRoom, event: RoomMessageText) -> str | None:
        """The text of a message that mentions the bot, without the mention; else None."""
        content: dict[str, Any] = event.source.get("content", {})
        me = self.bot.user_id
        localpart = me[1:].split(":", 1)[0]
        names = {me, localpart}
        display = room.user_name(me)
        if display:
            names.add(display)
        mentioned = me in ((content.get("m.mentions") or {}).get("user_ids") or [])
        mentioned = mentioned or me in (content.get("formatted_body") or "")
        body = event.body
        pattern = re.compile(
            r"^\s*@?("
            + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            + r")\b\s*[:,]?\s*",
            re.IGNORECASE,
        )
        stripped = pattern.sub("", body, count=1)
        if stripped != body:
            mentioned = True
        stripped = stripped.replace(me, " ").strip()
        return stripped if mentioned else None

    async def cannot_decrypt(self, room: MatrixRoom, event: MegolmEvent) -> None:
        """An event the bot cannot decrypt: said once per room and sender for this session."""
        key = (room.room_id, event.sender)
        if key in self._told_undecryptable:
            return
        self._told_undecryptable.add(key)
        try:
            await self.bot.client.request_room_key(event)  # it may come later
        except Exception:
            log.debug("Matrix: room key request for %s not sent", room.room_id)
        lang = await self._language(room, event.sender)
        name = room.user_name(event.sender) or event.sender
        text = t("matrix.cannot_decrypt", lang, user=name)
        await self.bot.send(
            room.room_id, reply_notice(reply(Text(text, "warn")), reply_to=event.event_id)
        )

    async def context(
        self, room: MatrixRoom, event: RoomMessageText, lang: str, thread: str
    ) -> MatrixContext:
        """The context of a member's message: who acts, in which community, where to answer."""
        home = self.home_room(room, event.sender)
        actor = await self.bot.actor(home, event.sender)
        community = await self.bot.services.communities.settings(actor.community)
        return MatrixContext(
            self.bot,
            room,
            actor,
            lang,
            thread=thread,
            reply_to=event.event_id,
            tz=community.timezone,
        )

    def home_room(self, room: MatrixRoom, user_id: str) -> MatrixRoom:
        """The community room a member acts in: this room, or from a direct chat the first
        community room they share with the bot."""
        if not self.bot.is_direct_chat(room):
            return room
        for other in self.bot.client.rooms.values():
            if self.bot.is_direct_chat(other):
                continue
            if user_id in other.users and user_id not in other.invited_users:
                return other
        return room

    async def _language(self, room: MatrixRoom, user_id: str) -> str:
        chosen = self.languages.get(user_id)
        if chosen:
            return chosen
        if self.bot.is_direct_chat(room) and self.home_room(room, user_id) is room:
            return self.bot.settings.language
        ref = self.bot.community_ref(self.home_room(room, user_id))
        return (await self.bot.services.communities.settings(ref)).language

    async def _command(
        self,
        room: MatrixRoom,
        event: RoomMessageText,
        spec: CommandSpec,
        args: str,
        lang: str,
        thread: str,
    ) -> None:
        ctx = await self.context(room, event, lang, thread)
        if spec.path[0] in _ADVISOR:
            await self.bot.advisor_ready()  # not a second load beside the one under way
        await dispatch(ctx, spec, args)
        if ctx.lang != lang and spec.path == ("langue",):
            self.languages[event.sender] = ctx.lang

    def _spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("Matrix: a command failed", exc_info=task.exception())

    async def close(self) -> None:
        """Cancel the commands still running (a form waiting for an answer)."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
