"""Terminal styling: ANSI colours when writing to a terminal, plain text otherwise."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TextIO


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
