"""What a platform-neutral command handler gets: services, who acts, and a way to answer/ask."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

from bot.chat.commands import CommandSpec, for_platform
from bot.chat.forms import Form, FormField
from bot.chat.reply import Reply
from bot.core.actor import Actor
from bot.core.app import Services
from bot.core.i18n import t


def prompt_parts(field: FormField, lang: str) -> tuple[str, str]:
    """A field's prompt as (label, « (obligatoire; ex. : …) »): platforms may style the label."""
    tag = t("practices.ask.required" if field.required else "practices.ask.optional", lang)
    hint = field.hint(lang)
    return field.label(lang), f" ({tag}; {hint})" if hint else f" ({tag})"


class ChatContext(ABC):
    """One user's turn on one platform; adapters implement `show` and `ask` (and maybe `fill`)."""

    services: Services
    actor: Actor
    lang: str
    # False where the platform cannot ask a follow-up (Discord slash commands): handlers then
    # show what is missing instead of waiting.
    can_ask: bool = True
    # Which declared commands this platform offers (the help lists them).
    platform: str = "console"
    # True where a reply must stay short (a Discord embed): /aide lists groups, not every usage.
    compact_help: bool = False

    @property
    def tz(self) -> str:
        """The community timezone dates are shown in."""
        return self.services.settings.timezone

    @abstractmethod
    async def show(self, reply: Reply) -> None:
        """One reply to the user (Reply.ephemeral honoured where possible)."""

    @abstractmethod
    async def ask(self, prompt: str) -> str | None:
        """One more line from the same user; None = cannot ask / cancelled / timed out."""

    def field_prompt(self, field: FormField, note: str | None = None) -> str:
        """A form field as a prompt: « Titre (obligatoire; ex. : …) » and an optional note."""
        label, rest = prompt_parts(field, self.lang)
        return label + rest + (f"\n  {note}" if note else "")

    async def fill(self, form: Form, known: Mapping[str, str]) -> dict[str, str] | None:
        """A whole guided form; by default one field at a time with `ask`; None = cancelled."""
        if not self.can_ask:
            return None  # a platform without follow-ups overrides this (Discord: modals)
        values = dict(known)
        for field in form.fields:
            if field.name in values:
                continue
            answer = await self.ask(self.field_prompt(field) + " :")
            if answer is None:
                return None
            values[field.name] = answer.strip()
        return values

    def command_specs(self) -> tuple[CommandSpec, ...]:
        """The commands offered here, in help order."""
        return for_platform(self.platform)  # type: ignore[arg-type]
