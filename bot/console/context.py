"""What a console command handler gets: the services, who is acting, and the terminal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.chat.reply import Reply
from bot.console.render.reply import as_text
from bot.console.style import Style
from bot.core.actor import Actor
from bot.core.app import Services


@dataclass
class Context:
    """The console session's state, passed to every handler."""

    services: Services
    actor: Actor
    lang: str
    style: Style
    write: Callable[[str], None]
    # Asks one more line (guided prompts); None at end of input.
    ask: Callable[[str], Awaitable[str | None]]
    # Identities taken with /en-tant-que, by folded name.
    identities: dict[str, Actor] = field(default_factory=dict)
    running: bool = True

    @property
    def tz(self) -> str:
        """The timezone dates are shown in."""
        return self.services.settings.timezone

    def show(self, reply: Reply) -> None:
        """Write a neutral reply as terminal text."""
        self.write(as_text(reply, self.style))
