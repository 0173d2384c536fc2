"""Console-only texts and commands: welcome, line errors, /quitter."""

from __future__ import annotations

from bot.chat.messages import general as _messages  # noqa: F401  (registers the texts)
from bot.console.context import Context
from bot.console.registry import console_only
from bot.core.i18n import register, t

register(
    {
        "console.welcome": (
            "Bienvenue dans Coopilote! Décrivez un besoin en mots simples, ou tapez /aide."
        ),
        "console.line_too_long": (
            "Ligne trop longue (maximum {limit} caractères). Rien n’a été fait."
        ),
        "console.bye": "Au revoir!",
        "console.invalid_unicode": (
            "Votre ligne contient des caractères invalides (texte Unicode mal formé). "
            "Rien n’a été fait."
        ),
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
