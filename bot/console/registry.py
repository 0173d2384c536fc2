"""Console commands: the chat layer's declared commands with their shared handlers.

Names, aliases, help, options and handlers are the chat layer's (`bot.chat.commands`,
`bot.chat.handlers`); the console adds only what is about a terminal session (`console_only`:
/en-tant-que, /demo, /quitter) and may extend a shared handler with terminal things (`extends`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.chat import commands as chat
from bot.chat.commands import CommandSpec
from bot.chat.handlers import handler as chat_handler

if TYPE_CHECKING:
    from bot.console.context import Context

Handler = Callable[["Context", str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Command:
    """One console command (or sub-command such as `/referentiel champ`) and its handler."""

    spec: CommandSpec
    handler: Handler

    @property
    def path(self) -> tuple[str, ...]:
        """Its words without the « / »: ('referentiel', 'champ')."""
        return self.spec.path

    @property
    def name(self) -> str:
        """The full command as typed, e.g. '/referentiel champ'."""
        return self.spec.name

    @property
    def usage(self) -> str:
        """How it is typed, with its arguments."""
        return self.spec.usage

    def help(self, lang: str) -> str:
        """The one-line help in `lang`."""
        return self.spec.help(lang)


COMMANDS: dict[tuple[str, ...], Command] = {}
_SPECS: dict[tuple[str, ...], CommandSpec] = {}
_ALIASES: dict[str, str] = {}


def _bind(spec: CommandSpec) -> Callable[[Handler], Handler]:
    def decorate(handler: Handler) -> Handler:
        if spec.path in COMMANDS:
            raise ValueError(f"console command registered twice: {spec.name}")
        COMMANDS[spec.path] = Command(spec, handler)
        _SPECS[spec.path] = spec
        _ALIASES.update(chat.alias_table((spec,)))
        return handler

    return decorate


def _bind_shared() -> None:
    """Every command declared for the console, bound to its shared handler."""
    for spec in chat.for_platform("console"):
        shared = chat_handler(spec.path)
        if shared is None:
            raise ValueError(f"declared command without a handler: {spec.name}")
        _bind(spec)(shared)  # type: ignore[arg-type]


def extends(name: str) -> Callable[[Handler], Handler]:
    """Replace a shared handler by a console one that calls it and adds terminal things."""

    def decorate(fn: Handler) -> Handler:
        spec = chat.spec(name)
        COMMANDS[spec.path] = Command(spec, fn)
        return fn

    return decorate


def console_only(
    name: str, *, en: str, usage: str = "", aliases: tuple[str, ...] = ()
) -> Callable[[Handler], Handler]:
    """Register a command that only makes sense in a terminal; its docstring is the French help."""

    def decorate(handler: Handler) -> Handler:
        fr = (handler.__doc__ or "").strip().splitlines()[0]
        spec = chat.declare(name, fr=fr, en=en, usage=usage, aliases=aliases, platforms={"console"})
        return _bind(spec)(handler)

    return decorate


def resolve(line: str) -> tuple[Command | None, str]:
    """The command a line calls and the rest of the line (its arguments)."""
    path, rest = chat.find(line, _SPECS, _ALIASES)
    return (COMMANDS[path] if path else None), rest


def groups() -> dict[str, list[Command]]:
    """Commands grouped by their first word, in registration order."""
    out: dict[str, list[Command]] = {}
    for cmd in COMMANDS.values():
        out.setdefault(cmd.path[0], []).append(cmd)
    return out


_bind_shared()
