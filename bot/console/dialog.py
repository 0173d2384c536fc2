"""A form's field as a terminal prompt (the forms themselves are declared in `bot.chat.forms`)."""

from __future__ import annotations

from bot.chat.forms import FormField
from bot.console.style import Style
from bot.core.i18n import t


def field_prompt(field: FormField, lang: str, style: Style) -> str:
    """« **Titre** (obligatoire; ex. : …) »: the label in bold, required or not, the hint."""
    tag = t("practices.ask.required" if field.required else "practices.ask.optional", lang)
    hint = field.hint(lang)
    return (
        f"{style.bold(field.label(lang))} ({tag}; {hint})"
        if hint
        else f"{field.label(lang)} ({tag})"
    )
