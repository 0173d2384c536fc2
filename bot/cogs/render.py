"""A neutral reply on Discord: one embed, buttons for its actions, files; nobody is pinged.

User text is escaped here, once (Markdown), and every message goes with
`AllowedMentions.none()`: « @everyone » or a role mention in a motion never pings anyone.
"""

from __future__ import annotations

import io
from typing import Any

import discord
from discord.utils import escape_markdown

from bot.chat.reply import Action, Fields, Heading, Items, Reply, Text

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-limits).
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
EMBED_TOTAL_MAX = 6000
BUTTONS_MAX = 25  # 5 rows of 5
LABEL_MAX = 80

COLOURS = {
    "error": discord.Colour.red(),
    "warn": discord.Colour.orange(),
    "good": discord.Colour.green(),
}
STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis showing the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(block: Text) -> str:
    shown = escape_markdown(block.text)
    return f"*{shown}*" if block.tone == "dim" and shown else shown


def _items(block: Items) -> str:
    return "\n".join(
        f"{n}. {escape_markdown(item)}" if block.ordered else f"• {escape_markdown(item)}"
        for n, item in enumerate(block.items, start=1)
    )


def embed(reply: Reply) -> discord.Embed | None:
    """The reply's blocks as one embed (None when it has no block)."""
    if not reply.blocks:
        return None
    title: str | None = None
    lines: list[str] = []
    fields: list[tuple[str, str, bool]] = []
    colour: discord.Colour | None = None
    for block in reply.blocks:
        if isinstance(block, Heading):
            if title is None:
                title = clip(escape_markdown(block.text), TITLE_MAX)
            else:  # later headings head their part of the description
                lines.append(f"**{escape_markdown(block.text)}**")
        elif isinstance(block, Text):
            lines.append(_text(block))
            colour = colour or COLOURS.get(block.tone)
        elif isinstance(block, Items):
            lines.append(_items(block))
        elif isinstance(block, Fields):
            fields.extend(
                (
                    clip(escape_markdown(f.name), FIELD_NAME_MAX),
                    clip(escape_markdown(f.value), FIELD_VALUE_MAX),
                    f.inline,
                )
                for f in block.fields
            )
    description = clip("\n".join(lines), DESCRIPTION_MAX) if lines else None
    out = discord.Embed(title=title, description=description, colour=colour)
    budget = EMBED_TOTAL_MAX - len(title or "") - len(description or "")
    for name, value, inline in fields[:FIELDS_MAX]:
        budget -= len(name) + len(value)
        if budget < 0:
            break  # the whole embed would be refused: the last fields are left out
        out.add_field(name=name or "\u200b", value=value or "\u200b", inline=inline)
    return out


def view(actions: tuple[Action, ...]) -> discord.ui.View | None:
    """The actions as buttons with their stable ids (None when there is none)."""
    if not actions:
        return None
    buttons = discord.ui.View(timeout=None)
    for action in actions[:BUTTONS_MAX]:
        buttons.add_item(
            discord.ui.Button(
                label=clip(action.label, LABEL_MAX),
                custom_id=action.id,
                style=STYLES[action.style],
            )
        )
    return buttons


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for `send`/`send_message`: only what the reply has, mentions off."""
    kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
    shown = embed(reply)
    if shown is not None:
        kwargs["embed"] = shown
    buttons = view(reply.actions)
    if buttons is not None:
        kwargs["view"] = buttons
    if reply.attachments:
        kwargs["files"] = [
            discord.File(io.BytesIO(a.data), filename=a.filename) for a in reply.attachments
        ]
    return kwargs


async def respond(interaction: discord.Interaction, reply: Reply) -> None:
    """Answer an interaction (or follow up if it was deferred or answered)."""
    kwargs = message_kwargs(reply)
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=reply.ephemeral, **kwargs)
    else:
        await interaction.response.send_message(ephemeral=reply.ephemeral, **kwargs)


async def post(channel: discord.abc.Messageable, reply: Reply) -> discord.Message:
    """Post a reply in a channel or DM (an ephemeral flag means nothing there)."""
    return await channel.send(**message_kwargs(reply))
