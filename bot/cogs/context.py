"""A slash command's context for the chat layer's handlers (`ChatContext` on Discord).

A handler shows replies, fills forms and never asks a follow-up line (`can_ask` is False):
on Discord, a form is a modal (or several), and every step of it is a new interaction, which
becomes the one the next reply answers. The first reply is the interaction's response, later
ones are follow-ups; public replies are remembered so that a thread can be opened on them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import discord

from bot.chat.commands import CommandSpec, for_platform, spec
from bot.chat.context import ChatContext
from bot.chat.reply import Reply, Text, reply
from bot.cogs.render import message_kwargs
from bot.cogs.threads import bot_permissions, missing_message
from bot.core.actor import Actor

if TYPE_CHECKING:
    from bot.chat.forms import Form
    from bot.core.app import Services

log = logging.getLogger(__name__)

# What a reply in a channel needs from the bot, the likeliest missing first.
SEND_NEEDS = ("view_channel", "send_messages", "embed_links", "attach_files")


class DiscordContext(ChatContext):
    """What a handler gets for one slash command: the services, the member, replies, forms."""

    can_ask = False  # a slash command cannot read one more line: forms are modals
    compact_help = True  # an embed holds 4,096 characters: /aide lists the groups
    platform = "discord"

    def __init__(
        self,
        services: Services,
        interaction: discord.Interaction,
        actor: Actor,
        lang: str,
        timezone: str,
    ) -> None:
        self.services = services
        self.actor = actor
        self.lang = lang
        self.timezone = timezone
        # The interaction the next reply answers: the command's, then each form step's.
        self.interaction = interaction
        self.posted: list[tuple[discord.Message, Reply]] = []  # public replies, in order
        self.shown: list[Reply] = []  # every reply shown, in order
        self.filled: dict[str, str] = {}  # the last form's values, once confirmed
        # A form dismissed or cancelled was the member's own: what follows stays private.
        self._private = False
        self._lock = asyncio.Lock()
        # After defer(): whether the « thinking » message is ephemeral, and still unfilled.
        self._thinking: bool | None = None
        self.since = asyncio.get_running_loop().time()  # when the current interaction came

    @property
    def tz(self) -> str:
        """The community's timezone, for dates."""
        return self.timezone

    # --- answering -------------------------------------------------------------------------
    async def defer(self, *, ephemeral: bool) -> None:
        """Acknowledge now (Discord waits 3 s) when the answer may take longer."""
        async with self._lock:
            if self.interaction.response.is_done():
                return
            thinking = self.interaction.type in (
                discord.InteractionType.application_command,
                discord.InteractionType.modal_submit,
            )
            await self.interaction.response.defer(ephemeral=ephemeral, thinking=thinking)
            if thinking:
                self._thinking = ephemeral

    def use(self, interaction: discord.Interaction) -> None:
        """Answer `interaction` from now on (a modal submit, a button click)."""
        self.interaction = interaction
        self._thinking = None
        self.since = asyncio.get_running_loop().time()

    async def open_modal(self, modal: discord.ui.Modal) -> bool:
        """Open `modal` as the answer to the current interaction (False: already answered)."""
        async with self._lock:
            # Discord opens no modal in answer to a modal's submission.
            if (
                self.interaction.response.is_done()
                or self.interaction.type is discord.InteractionType.modal_submit
            ):
                return False
            await self.interaction.response.send_modal(modal)
            return True

    @property
    def waiting(self) -> bool:
        """The current interaction has no answer yet."""
        return not self.interaction.response.is_done()

    async def show(self, shown: Reply) -> None:
        """One reply to the member: public in the channel, or seen by them only."""
        if self._private and not shown.ephemeral:
            shown = replace(shown, ephemeral=True)
        async with self._lock:
            self.shown.append(shown)
            try:
                message = await self._send(shown)
            except discord.Forbidden:
                # Where the reply could not go, say what the bot lacks, privately.
                channel = self.interaction.channel
                granted = bot_permissions(channel, self.interaction)
                text = missing_message(SEND_NEEDS, granted, channel, self.lang)
                log.warning("interaction %s: reply refused (403)", self.interaction.id)
                await self._send(reply(Text(text, tone="error"), ephemeral=True))
                return
            except discord.NotFound:
                # The interaction expired (a form left open past Discord's 15 minutes).
                log.info("interaction %s: expired, reply dropped", self.interaction.id)
                return
            if message is not None and not shown.ephemeral:
                self.posted.append((message, shown))

    async def _send(
        self, shown: Reply, view: discord.ui.View | None = None
    ) -> discord.Message | None:
        inter = self.interaction
        kwargs = message_kwargs(shown)
        if view is not None:
            kwargs["view"] = view
        if not inter.response.is_done():
            await inter.response.send_message(ephemeral=shown.ephemeral, **kwargs)
            return None if shown.ephemeral else await inter.original_response()
        if self._thinking is not None:
            # The « thinking… » message of a deferred command is filled by the first reply
            # when both are public or both private; else it gives way to the reply.
            thinking, self._thinking = self._thinking, None
            if thinking == shown.ephemeral:
                files = kwargs.pop("files", None)
                if files:
                    kwargs["attachments"] = files
                return await inter.edit_original_response(**kwargs)
            await inter.delete_original_response()
        return await inter.followup.send(ephemeral=shown.ephemeral, wait=True, **kwargs)

    async def send_view(self, shown: Reply, view: discord.ui.View) -> None:
        """A reply with the adapter's own buttons (a form's « Continuer », « Publier »)."""
        async with self._lock:
            await self._send(shown, view)

    # --- the chat layer's questions -----------------------------------------------------------
    def command_specs(self) -> tuple[CommandSpec, ...]:
        """Discord's commands for /aide, with /coopilote, which bot/cogs/config.py builds itself
        (role and channel pickers) from the same declaration."""
        return (*for_platform("discord"), spec("/coopilote"))

    async def ask(self, prompt: str) -> str | None:
        """A slash command cannot ask one more line: None (handlers use forms instead)."""
        return None

    async def fill(self, form: Form, known: Mapping[str, str]) -> dict[str, str] | None:
        """The form as modals of at most five inputs, then a preview to confirm."""
        from bot.cogs.modals import run_form  # modals import this module

        values = await run_form(self, form, known)
        self.filled = dict(values or {})
        self._private = values is None
        return values
