"""General console commands: help, language, quit."""

from __future__ import annotations

from bot.console.context import Context
from bot.console.registry import COMMANDS, command, groups, resolve
from bot.core.i18n import register, t

register(
    {
        "console.welcome": {
            "fr": "Bienvenue dans Coopilote! Décrivez un besoin en mots simples, ou tapez /aide.",
            "en": "Welcome to Coopilote! Describe a need in plain words, or type /aide.",
        },
        "console.unknown_command": {
            "fr": "Commande inconnue : {name}. Tapez /aide pour la liste.",
            "en": "Unknown command: {name}. Type /aide for the list.",
        },
        "console.line_too_long": {
            "fr": "Ligne trop longue (maximum {limit} caractères). Rien n’a été fait.",
            "en": "Line too long (at most {limit} characters). Nothing was done.",
        },
        "console.help_title": {"fr": "Commandes de Coopilote", "en": "Coopilote commands"},
        "console.help_footer": {
            "fr": "Détails d’une commande : /aide <commande>. Sans « / », votre texte est "
            "un besoin pour le conseiller d’outils.",
            "en": "Details of a command: /aide <command>. Without “/”, your text is a need for "
            "the tool advisor.",
        },
        "console.language_set": {
            "fr": "Langue : français.",
            "en": "Language: English.",
        },
        "console.language_usage": {
            "fr": "Utilisation : /langue fr ou /langue en",
            "en": "Usage: /langue fr or /langue en",
        },
        "console.bye": {"fr": "Au revoir!", "en": "Goodbye!"},
    }
)


@command(
    "/aide", en="List the commands, or explain one", usage="/aide [commande]", aliases=("/help",)
)
async def aide(ctx: Context, args: str) -> None:
    """Lister les commandes, ou expliquer l’une d’elles."""
    s = ctx.style
    if args.strip():
        wanted = args.strip()
        cmd, _ = resolve(wanted if wanted.startswith("/") else "/" + wanted)
        if cmd is None:
            ctx.write(s.error(t("console.unknown_command", ctx.lang, name=wanted)))
            return
        related = [c for c in COMMANDS.values() if c.path[0] == cmd.path[0]]
        for c in related:
            ctx.write(f"{s.bold(c.usage)}\n    {c.help(ctx.lang)}")
        return
    lines = [s.title(t("console.help_title", ctx.lang))]
    for cmds in groups().values():
        for c in cmds:
            lines.append(f"  {s.bold(c.usage):<40} {c.help(ctx.lang)}")
    lines.append(s.dim(t("console.help_footer", ctx.lang)))
    ctx.write("\n".join(lines))


@command(
    "/langue", en="Switch the language (fr, en)", usage="/langue fr|en", aliases=("/language",)
)
async def langue(ctx: Context, args: str) -> None:
    """Changer la langue des réponses (fr, en)."""
    choice = args.strip().lower()[:2]
    if choice not in ("fr", "en"):
        ctx.write(ctx.style.error(t("console.language_usage", ctx.lang)))
        return
    ctx.lang = choice
    ctx.write(t("console.language_set", ctx.lang))


@command("/quitter", en="Leave the console", aliases=("/quit", "/exit"))
async def quitter(ctx: Context, args: str) -> None:
    """Quitter la console."""
    ctx.running = False
    ctx.write(t("console.bye", ctx.lang))
