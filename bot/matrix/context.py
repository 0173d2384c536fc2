"""The Matrix `ChatContext`: one member's command in one room, answered in its thread."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

from nio import MatrixRoom, UploadResponse

from bot.chat.context import ChatContext
from bot.chat.reply import Attachment, Reply, Text, reply
from bot.core.actor import Actor
from bot.core.i18n import t
from bot.matrix.forms import CANCEL_WORDS, SKIP
from bot.matrix.render import notice, render, reply_notice

if TYPE_CHECKING:
    from bot.matrix.client import MatrixBot

log = logging.getLogger(__name__)


class MatrixContext(ChatContext):
    """A command from `actor` in `room`; replies go in the thread of `thread` (or as replies)."""

    platform = "matrix"
    can_ask = True

    def __init__(
        self,
        bot: MatrixBot,
        room: MatrixRoom,
        actor: Actor,
        lang: str,
        *,
        thread: str,
        reply_to: str,
        tz: str | None = None,
    ) -> None:
        self.bot = bot
        self.services = bot.services
        self.room = room
        self.actor = actor
        self.lang = lang
        self.thread = thread
        self.reply_to = reply_to  # the latest message of the user in this conversation
        self._tz = tz
        self.sent: list[str] = []  # event ids of what the bot said here
        self._asked = False

    @property
    def tz(self) -> str:
        """The community timezone dates are shown in."""
        return self._tz or self.services.settings.timezone

    @property
    def direct(self) -> bool:
        """Whether this is a direct chat with the bot."""
        return self.bot.is_direct_chat(self.room)

    def where(self) -> dict[str, str | None]:
        """Where a reply goes: the thread (or a plain reply where threads are off)."""
        if self.bot.settings.matrix_threads and not self.direct:
            return {"thread": self.thread, "reply_to": self.reply_to}
        return {"thread": None, "reply_to": self.reply_to}

    async def show(self, reply: Reply) -> None:
        """One notice in the thread; files uploaded after it.

        Matrix has no message only one member sees: a private reply that carries a file
        (personal data) goes to the member's direct chat with the bot instead of the room.
        """
        if reply.ephemeral and reply.attachments and not self.direct:
            await self.bot.dms.send(self.actor.user_id, reply_notice(reply))
            for attachment in reply.attachments:
                content = await self._upload(attachment, encrypted=True)
                if content is not None:
                    await self.bot.dms.send(self.actor.user_id, content)
            privately = Reply((Text(t("matrix.sent_privately", self.lang)),))
            await self._send(reply_notice(privately, **self.where()))
            return
        await self._send(reply_notice(reply, **self.where()))
        for attachment in reply.attachments:
            content = await self._upload(attachment, encrypted=self._encrypted())
            if content is not None:
                await self._send(content)

    async def say(self, text: str) -> None:
        """One plain notice here (the form's own messages)."""
        plain, rich = render(reply(text))
        await self._send(notice(plain, rich, **self.where()))

    async def ask(self, prompt: str) -> str | None:
        """Ask in the thread and wait for the member's next message there (None: stopped)."""
        conversations = self.bot.conversations
        waiting = conversations.open(
            self.room.room_id, self.actor.user_id, self.thread, direct=self.direct
        )
        # The first question says how to answer here (« . » skips, « !annuler » cancels).
        text = prompt if self._asked else f"{prompt}\n{t('matrix.form.how', self.lang)}"
        self._asked = True
        event_id = await self._send(reply_notice(reply(text), **self.where()))
        if event_id:
            waiting.asked.update(self.sent)
        answer, timed_out = await conversations.wait(waiting)
        if timed_out:
            minutes = max(1, round(conversations.timeout / 60))
            await self.say(t("matrix.form.timeout", self.lang, minutes=minutes))
            return None
        if answer is None or answer.strip().casefold() in CANCEL_WORDS:
            return None
        # Matrix sends no empty message: « . » is the empty answer (skip, keep, defaults).
        return "" if answer.strip() == SKIP else answer

    def _encrypted(self) -> bool:
        return bool(getattr(self.room, "encrypted", False))

    async def _send(self, content: dict[str, Any]) -> str | None:
        event_id = await self.bot.send(self.room.room_id, content)
        if event_id:
            self.sent.append(event_id)
        return event_id

    async def _upload(self, attachment: Attachment, *, encrypted: bool) -> dict[str, Any] | None:
        """Upload a file; the m.file content that shows it (None when the upload failed)."""
        data = attachment.data
        result = await self.bot.client.upload(
            lambda *_: io.BytesIO(data),
            content_type=attachment.mime,
            filename=attachment.filename,
            encrypt=encrypted,
            filesize=len(data),
        )
        uploaded, keys = result if isinstance(result, tuple) else (result, None)
        if not isinstance(uploaded, UploadResponse):
            log.warning("Matrix: upload of %s failed: %s", attachment.filename, uploaded)
            return None
        content: dict[str, Any] = {
            "msgtype": "m.file",
            "body": attachment.filename,
            "filename": attachment.filename,
            "info": {"mimetype": attachment.mime, "size": len(data)},
        }
        if keys:
            content["file"] = {**keys, "url": uploaded.content_uri}
        else:
            content["url"] = uploaded.content_uri
        return content
