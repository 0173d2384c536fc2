"""Console commands: a table of names (as on Discord and Matrix) to handlers.

A handler's docstring is its French help line; `en=` gives the English one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.text import fold

if TYPE_CHECKING:
    from bot.console.context import Context

Handler = Callable[["Context", str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Command:
    """One console command (or sub-command such as `/referentiel champ`)."""

    path: tuple[str, ...]
    handler: Handler
    usage: str
    help_fr: str
    help_en: str
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The full command as typed, e.g. '/referentiel champ'."""
        return " ".join(self.path)

    def help(self, lang: str) -> str:
        """The one-line help in `lang`."""
        return self.help_en if lang == "en" and self.help_en else self.help_fr


COMMANDS: dict[tuple[str, ...], Command] = {}
_ALIASES: dict[str, str] = {}


def command(
    name: str, *, en: str, usage: str = "", aliases: tuple[str, ...] = ()
) -> Callable[[Handler], Handler]:
    """Register a handler under `name` ('/outil' or '/referentiel champ')."""
    path = tuple(fold(part) for part in name.split())

    def decorate(handler: Handler) -> Handler:
        help_fr = (handler.__doc__ or "").strip().splitlines()[0] if handler.__doc__ else ""
        if path in COMMANDS:
            raise ValueError(f"console command registered twice: {name}")
        COMMANDS[path] = Command(path, handler, usage or name, help_fr, en, aliases)
        for alias in aliases:
            _ALIASES[fold(alias)] = path[0]
        return handler

    return decorate


def resolve(line: str) -> tuple[Command | None, str]:
    """The command a line calls and the rest of the line (its arguments)."""
    parts = line.strip().split(maxsplit=2)
    if not parts:
        return None, ""
    head = fold(parts[0])
    head = _ALIASES.get(head, head)
    if len(parts) >= 2:
        sub = COMMANDS.get((head, fold(parts[1])))
        if sub is not None:
            return sub, parts[2] if len(parts) > 2 else ""
    found = COMMANDS.get((head,))
    rest = line.strip().split(maxsplit=1)
    return found, rest[1] if len(rest) > 1 else ""


def groups() -> dict[str, list[Command]]:
    """Commands grouped by their first word, in registration order."""
    out: dict[str, list[Command]] = {}
    for cmd in COMMANDS.values():
        out.setdefault(cmd.path[0], []).append(cmd)
    return out
