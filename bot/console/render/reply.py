"""A neutral reply as terminal text: styles here only, user text made inert here, once."""

from __future__ import annotations

from bot.chat.reply import Action, Fields, Heading, Items, Reply, Text
from bot.console.style import Style
from bot.core.practices.inert import inert_plain

INDENT = "  "


def _tone(text: str, tone: str, s: Style) -> str:
    styles = {"dim": s.dim, "good": s.good, "warn": s.warn, "error": s.error}
    return styles[tone](text) if tone in styles else text


def _fields(block: Fields, s: Style) -> list[str]:
    lines: list[str] = []
    for field in block.fields:
        name, value = inert_plain(field.name), inert_plain(field.value)
        first, *more = value.splitlines() or [""]
        if field.inline and not more:
            lines.append(f"{s.bold(name)} : {value}")
            continue
        # A list entry: the name, its first line after a dash, the rest indented below.
        lines.append(f"{INDENT}• {s.bold(name)}" + (f" — {s.dim(first)}" if first else ""))
        lines.extend(f"{INDENT}  {line}" for line in more)
    return lines


def _items(block: Items) -> list[str]:
    lines: list[str] = []
    for n, item in enumerate(block.items, start=1):
        first, *more = inert_plain(item).splitlines() or [""]
        lines.append(f"{INDENT}{n}. {first}" if block.ordered else f"{INDENT}• {first}")
        lines.extend(f"{INDENT}  {line}" for line in more)
    return lines


def hint(action: Action) -> str:
    """An action as the console offers it: « Marquer utile : /pratique utile 3 »."""
    return f"{inert_plain(action.label)} : {action.command}"


def as_text(reply: Reply, s: Style) -> str:
    """The reply's blocks, one after the other, then its actions as hints."""
    lines: list[str] = []
    for block in reply.blocks:
        if isinstance(block, Heading):
            if lines:
                lines.append("")  # later headings open a part of the reply
            lines.append(s.title(inert_plain(block.text)))
        elif isinstance(block, Text):
            lines.extend(_tone(line, block.tone, s) for line in inert_plain(block.text).split("\n"))
        elif isinstance(block, Fields):
            lines.extend(_fields(block, s))
        elif isinstance(block, Items):
            lines.extend(_items(block))
    lines.extend(s.dim(hint(action)) for action in reply.actions)
    return "\n".join(lines)
