"""Terminal styling: ANSI colours when writing to a terminal, plain text otherwise."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import ANSI

# The only escape sequences the console writes itself: colours and weights (SGR).
_SGR = re.compile(r"(\x1b\[[0-9;]*m)")
# Every other control character (tab and newline aside) is dropped before the terminal sees it,
# so a typed « \x1b[2J » or a \001…\002 pair can neither move the cursor nor pass through raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Style:
    """Wraps text in ANSI codes when `color` is on; identity functions otherwise."""

    color: bool = False

    @classmethod
    def for_stream(cls, stream: TextIO) -> Style:
        """Colour when `stream` is a terminal and NO_COLOR is not set."""
        isatty = getattr(stream, "isatty", lambda: False)()
        return cls(color=bool(isatty) and "NO_COLOR" not in os.environ)

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def bold(self, text: str) -> str:
        """Bold."""
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        """Faint, for secondary details."""
        return self._wrap("2", text)

    def title(self, text: str) -> str:
        """Headings."""
        return self._wrap("1;36", text)

    def good(self, text: str) -> str:
        """Success."""
        return self._wrap("32", text)

    def warn(self, text: str) -> str:
        """Warnings."""
        return self._wrap("33", text)

    def error(self, text: str) -> str:
        """Errors."""
        return self._wrap("31", text)

    def link(self, text: str) -> str:
        """Addresses."""
        return self._wrap("4;34", text)


def safe_ansi(text: str) -> str:
    """`text` with our colour codes kept and every other control character removed."""
    parts = _SGR.split(text)
    # split() with a capturing group puts the colour codes at the odd positions.
    return "".join(part if i % 2 else _CONTROL.sub("", part) for i, part in enumerate(parts))


def formatted(text: str) -> ANSI:
    """`text` as prompt_toolkit formatted text: its colours rendered, not printed as « ?[1m »."""
    from prompt_toolkit.formatted_text import ANSI

    return ANSI(safe_ansi(text))
