"""Errors of slash commands: a clear ephemeral message in the user's language, logged once.

Domain errors are the user's to fix and are only answered; anything else is logged with the
interaction's id and command name (never the options the user typed, which may be a ballot).
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.chat.handlers import error_reply
from bot.cogs.actor import reply_language
from bot.cogs.render import respond
from bot.core.communities import Communities
from bot.core.errors import CoopiloteError

log = logging.getLogger(__name__)


async def answer_error(
    communities: Communities, interaction: discord.Interaction, error: Exception
) -> None:
    """Tell the user what went wrong, privately; log what is not theirs to fix."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    lang = await reply_language(communities, interaction)
    if not isinstance(original, CoopiloteError):
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("interaction %s (/%s) failed", interaction.id, command, exc_info=original)
    # The same translation as every platform's (bot.chat.handlers.dispatch).
    await respond(interaction, error_reply(original, lang))
