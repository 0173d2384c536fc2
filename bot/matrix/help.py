"""`!aide` / `!help`: what the bot does on Matrix today, as a notice in a thread."""

from __future__ import annotations

import html
from typing import Any

from bot.core.i18n import t
from bot.matrix import messages as _messages  # noqa: F401  (registers the texts)

# Command word -> language of the answer.
HELP_COMMANDS = {"!aide": "fr", "!help": "en"}


def help_language(body: str) -> str | None:
    """« fr » or « en » when the message is a help command, else None."""
    words = body.strip().split()
    return HELP_COMMANDS.get(words[0].lower()) if words else None


def help_notice(lang: str) -> tuple[str, str]:
    """(plain body, HTML body) of the help notice."""
    title, intro = t("matrix.help.title", lang), t("matrix.help.intro", lang)
    items = t("matrix.help.items", lang).splitlines()
    soon = t("matrix.help.soon", lang)
    plain = "\n".join([title, "", intro, *(f"• {item}" for item in items), "", soon])
    esc = html.escape
    rich = (
        f"<h4>{esc(title)}</h4><p>{esc(intro)}</p><ul>"
        + "".join(f"<li>{esc(item)}</li>" for item in items)
        + f"</ul><p><em>{esc(soon)}</em></p>"
    )
    return plain, rich


def notice_content(plain: str, rich: str, thread_root: str, reply_to: str) -> dict[str, Any]:
    """An m.notice with HTML and a plain body, in the thread of `thread_root`.

    `is_falling_back` with `m.in_reply_to` shows it as a reply in clients without threads.
    """
    return {
        "msgtype": "m.notice",
        "body": plain,
        "format": "org.matrix.custom.html",
        "formatted_body": rich,
        "m.relates_to": {
            "rel_type": "m.thread",
            "event_id": thread_root,
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": reply_to},
        },
    }
