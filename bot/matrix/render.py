"""A neutral `Reply` as a Matrix notice: HTML and a plain body, command hints as `!…`.

User text is escaped once, here. The chat layer writes command hints with « / » (the console's
prefix); on Matrix a slash starts a client command (Element's own `/me`, `/invite`), so every
hint naming a declared command is shown with « ! », in texts and in actions alike.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.chat.commands import COMMANDS, alias_table
from bot.chat.reply import Fields, Heading, Items, Reply, Text

PREFIX = "!"

# First words of every declared command and of their aliases (« vote », « motion », « aide »).
_WORDS = sorted(
    {one.path[0] for one in COMMANDS} | set(alias_table(COMMANDS)) | {"coopilote", "annuler"},
    key=len,
    reverse=True,
)
# « /vote voir 3 » → « !vote voir 3 »; not inside a URL or a path (« a/vote », « //vote »).
_HINT = re.compile(r"(?<![\w/:.])/(" + "|".join(map(re.escape, _WORDS)) + r")\b")


def commands_for_matrix(text: str) -> str:
    """The text with every command hint written with Matrix's prefix."""
    return _HINT.sub(PREFIX + r"\1", text)


def render(reply: Reply) -> tuple[str, str]:
    """A neutral reply as (plain body, HTML body)."""
    plain: list[str] = []
    rich: list[str] = []
    fix = commands_for_matrix

    def esc(text: str) -> str:
        return html.escape(fix(text)).replace("\n", "<br>")

    for block in reply.blocks:
        if isinstance(block, Heading):
            plain.append(fix(block.text))
            rich.append(f"<h4>{esc(block.text)}</h4>")
        elif isinstance(block, Text):
            plain.append(fix(block.text))
            shown = esc(block.text)
            if block.tone == "dim":
                shown = f"<em>{shown}</em>"
            elif block.tone in ("warn", "error"):
                shown = f"<strong>{shown}</strong>"
            rich.append(f"<p>{shown}</p>")
        elif isinstance(block, Fields):
            for f in block.fields:
                plain.append(f"{fix(f.name)} : {fix(f.value)}")
            rich.append(
                "<ul>"
                + "".join(f"<li><b>{esc(f.name)}</b> : {esc(f.value)}</li>" for f in block.fields)
                + "</ul>"
            )
        elif isinstance(block, Items):
            tag = "ol" if block.ordered else "ul"
            for n, item in enumerate(block.items, start=1):
                plain.append(f"{n}. {fix(item)}" if block.ordered else f"• {fix(item)}")
            rich.append(
                f"<{tag}>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + f"</{tag}>"
            )
    if reply.actions:
        # Matrix has no buttons: each action is the command to type (« !vote pour 3 »).
        hints = " · ".join(f"{a.label} : {PREFIX}{a.command.lstrip('/!')}" for a in reply.actions)
        plain.append(hints)
        rich.append(f"<p><em>{html.escape(hints)}</em></p>")
    return "\n".join(plain), "".join(rich)


def notice(
    plain: str, rich: str, *, thread: str | None = None, reply_to: str | None = None
) -> dict[str, Any]:
    """An m.notice with HTML: in the thread of `thread`, else a reply to `reply_to`, if given.

    `is_falling_back` with `m.in_reply_to` shows a thread message as a reply in clients
    without threads.
    """
    content: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": plain,
        "format": "org.matrix.custom.html",
        "formatted_body": rich,
    }
    if thread is not None:
        content["m.relates_to"] = {
            "rel_type": "m.thread",
            "event_id": thread,
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": reply_to or thread},
        }
    elif reply_to is not None:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content


def reply_notice(reply: Reply, **where: str | None) -> dict[str, Any]:
    """A neutral reply as an m.notice."""
    plain, rich = render(reply)
    return notice(plain, rich, **where)
