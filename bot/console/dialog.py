"""A form's field as a terminal prompt (the forms themselves are declared in `bot.chat.forms`)."""

from __future__ import annotations

from bot.chat.context import prompt_parts
from bot.chat.forms import FormField
from bot.console.style import Style


def field_prompt(field: FormField, lang: str, style: Style) -> str:
    """« **Titre** (obligatoire; ex. : …) »: the label in bold, required or not, the hint."""
    label, rest = prompt_parts(field, lang)
    # Bold only when a hint follows, as the console always did.
    return f"{style.bold(label)}{rest}" if field.hint(lang) else label + rest
