"""Platform-neutral command handlers: one per declared chat command, and their dispatch.

A handler gets a `ChatContext` and the rest of the line after the command; it answers only
through `ctx.show(Reply)`. `dispatch` turns domain errors into one error reply in ctx.lang.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.chat import commands as chat
from bot.chat.commands import CommandSpec
from bot.chat.context import ChatContext
from bot.chat.reply import Reply, Text, reply
from bot.core.errors import CoopiloteError
from bot.core.i18n import t

log = logging.getLogger(__name__)

Handler = Callable[[ChatContext, str], Awaitable[None]]

_HANDLERS: dict[tuple[str, ...], Handler] = {}


class Missing(Exception):
    """A part the platform cannot ask for (`ctx.can_ask` False): shown as a hint, nothing done."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def handles(name: str) -> Callable[[Handler], Handler]:
    """Bind a handler to the declared chat command `name` ('/outil', '/referentiel champ')."""
    path = chat.spec(name).path

    def decorate(fn: Handler) -> Handler:
        if path in _HANDLERS:
            raise ValueError(f"chat handler registered twice: {name}")
        _HANDLERS[path] = fn
        return fn

    return decorate


def handler(path: tuple[str, ...]) -> Handler | None:
    """The handler of a declared command: ('vote', 'proposer') -> its handler."""
    _load()
    return _HANDLERS.get(tuple(path))


def error_text(error: BaseException, lang: str) -> str:
    """What the user reads for an error: a domain error's own message, else a generic one."""
    if isinstance(error, CoopiloteError):
        return error.message(lang)
    return t("error.generic", lang)


def error_reply(error: BaseException, lang: str) -> Reply:
    """An error as one ephemeral reply in `lang`."""
    return reply(Text(error_text(error, lang), tone="error"), ephemeral=True)


async def dispatch(ctx: ChatContext, spec: CommandSpec, args: str) -> None:
    """Run the command's handler; any error becomes one error reply (logged when not the user's)."""
    fn = handler(spec.path)
    if fn is None:
        await ctx.show(
            reply(Text(t("chat.unknown_command", ctx.lang, name=spec.name), tone="error"))
        )
        return
    await run(ctx, fn, spec.name, args)


async def run(ctx: ChatContext, fn: Handler, name: str, args: str) -> None:
    """Run one handler (a declared command's or a platform's own) with the errors translated."""
    try:
        await fn(ctx, args)
    except Missing as exc:
        await ctx.show(reply(Text(exc.text, tone="dim"), ephemeral=True))
    except CoopiloteError as exc:
        await ctx.show(error_reply(exc, ctx.lang))
    except Exception as exc:
        # Never the arguments in the log: they may hold a ballot.
        log.exception("chat command failed: %s", name)
        await ctx.show(error_reply(exc, ctx.lang))


def _load() -> None:
    # Importing the modules registers their handlers (lazily: they import this package).
    from bot.chat.handlers import advisor, config, decisions, general, practices  # noqa: F401


__all__ = [
    "Handler",
    "Missing",
    "dispatch",
    "error_reply",
    "error_text",
    "handler",
    "handles",
    "run",
]


def good(text: str) -> Text:
    """A success paragraph."""
    return Text(text, tone="good")


def warn(text: str) -> Text:
    """A warning paragraph."""
    return Text(text, tone="warn")


def error(text: str) -> Text:
    """An error paragraph."""
    return Text(text, tone="error")


def dim(text: str) -> Text:
    """A hint or a secondary detail."""
    return Text(text, tone="dim")


async def say(ctx: ChatContext, text: Text | str) -> None:
    """Show one paragraph (a plain string or a toned Text)."""
    await ctx.show(reply(text))
