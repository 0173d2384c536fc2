"""Mention syntax in user text: kept as typed in the core, made inert when shown.

Members' texts (motions, poll options) may contain « @everyone », « @here », Discord role or
user mentions (« <@&123> », « <@456> ») or Matrix's « @room ». The core stores them as text.
Adapters must never let such text ping anyone: Discord sends with no allowed mentions, and
every adapter can also pass shown text through `inert()`, which breaks the syntax with a
zero-width space so that it reads the same but no client parses it as a mention.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"

# @everyone, @here (Discord), @room (Matrix), as whole words.
_BROADCAST = re.compile(r"@(everyone|here|room)\b", re.IGNORECASE)
# <@123>, <@!123>, <@&123> (Discord users and roles), <#123> channels are harmless.
_DISCORD = re.compile(r"<@([!&]?\d+)>")
# Matrix user ids in text: @name:server.
_MATRIX_USER = re.compile(r"(?<![\w@])@([a-z0-9._=/+-]+:[a-z0-9.-]+)", re.IGNORECASE)


def has_mentions(text: str) -> bool:
    """Whether `text` contains anything a platform could treat as a mention."""
    return bool(_BROADCAST.search(text) or _DISCORD.search(text) or _MATRIX_USER.search(text))


def inert(text: str) -> str:
    """`text` with every mention broken by a zero-width space (looks the same, pings nobody)."""
    text = _BROADCAST.sub(lambda m: "@" + ZWSP + m.group(1), text)
    text = _DISCORD.sub(lambda m: "<@" + ZWSP + m.group(1) + ">", text)
    return _MATRIX_USER.sub(lambda m: "@" + ZWSP + m.group(1), text)
