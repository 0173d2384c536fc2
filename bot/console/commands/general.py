"""Console-only texts and commands: welcome, line errors, /quitter."""

from __future__ import annotations

from bot.chat.messages import general as _messages  # noqa: F401  (registers the texts)
from bot.console.context import Context
from bot.console.registry import console_only
from bot.core.i18n import register, t

register(
    {
        "console.welcome": {
            "fr": "Bienvenue dans Coopilote! Décrivez un besoin en mots simples, ou tapez /aide.",
            "en": "Welcome to Coopilote! Describe a need in plain words, or type /aide.",
        },
        "console.line_too_long": {
            "fr": "Ligne trop longue (maximum {limit} caractères). Rien n’a été fait.",
            "en": "Line too long (at most {limit} characters). Nothing was done.",
        },
        "console.bye": {"fr": "Au revoir!", "en": "Goodbye!"},
        "console.invalid_unicode": {
            "fr": "Votre ligne contient des caractères invalides (texte Unicode mal formé). "
            "Rien n’a été fait.",
            "en": "Your line holds invalid characters (malformed Unicode text). Nothing was done.",
        },
    }
)


@console_only(
    "/quitter",
    en="Leave the console",
    aliases=("/quit", "/exit"),
)
async def quitter(ctx: Context, args: str) -> None:
    """Quitter la console."""
    ctx.running = False
    ctx.write(t("console.bye", ctx.lang))
