"""Member text made inert for each medium: stored as typed, never interpreted when shown.

A practice may contain « <script> », « **gras** », « [lien](javascript:…) » or « @everyone »:
the record keeps it as text, and every adapter shows it through one of these helpers so it
reads as text, pings nobody and runs nothing.
"""

from __future__ import annotations

import html
import re

from bot.core.text import strip_invisible

# Inline Markdown (CommonMark, Discord, Matrix) and HTML starters. CommonMark lets any ASCII
# punctuation be backslash-escaped, Discord too, so one escaping serves every renderer.
_INLINE = re.compile(r"([\\`*_~|<>\[\]&])")
# Block markers only matter at the start of a line: headings, quotes, lists, rules, tables.
_LINE_START = re.compile(r"(?m)^(\s*)([#>+=-]|\d+(?=[.)]))")
# « @everyone », « @here », « @room », « @user:server », Discord's « <@123> »: a zero-width
# space after the @ keeps the text readable and breaks the mention.
_MENTION = re.compile(r"@(?=[\w&!#])")
_ZWSP = "\u200b"


def strip_controls(text: str) -> str:
    """Remove control and invisible characters (terminal escapes, bidi overrides)."""
    return strip_invisible(text)


def defuse_mentions(text: str) -> str:
    """Break every @mention so that no platform pings anyone."""
    return _MENTION.sub("@" + _ZWSP, text)


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would interpret (and raw HTML, which it passes on)."""
    text = _INLINE.sub(r"\\\1", strip_controls(text))
    # « 1. » starts a list: CommonMark escapes its punctuation (« 1\\. »); a backslash
    # before the digit would be shown as is.
    return _LINE_START.sub(
        lambda m: (
            m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2))
        ),
        text,
    )


def inert_markdown(text: str) -> str:
    """Text safe to embed in Markdown (Discord, Matrix, exported .md): escaped, no mentions."""
    return defuse_mentions(escape_markdown(text))


def inert_html(text: str) -> str:
    """Text safe to embed in HTML (Matrix formatted bodies): escaped, no mentions."""
    return defuse_mentions(html.escape(strip_controls(text), quote=True))


def inert_plain(text: str) -> str:
    """Text safe for a terminal or a plain-text chat body: no control characters, no mentions."""
    return defuse_mentions(strip_controls(text))
