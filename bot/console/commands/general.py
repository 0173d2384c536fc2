"""General console commands: help, language, quit; a member's personal data."""

from __future__ import annotations

import os
import re
from pathlib import Path

from bot.chat.messages import general as _messages  # noqa: F401  (registers the texts)
from bot.console.context import Context
from bot.console.registry import COMMANDS, console_only, groups, handles, resolve
from bot.core.i18n import register, t
from bot.core.privacy import PrivacyService, as_json
from bot.core.text import fold

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
        "console.data.written": {
            "fr": "Tout ce que Coopilote garde à votre sujet dans cette communauté est dans "
            "le fichier {path} (JSON, lisible par vous seul·e sur cet ordinateur) : profil, "
            "{practices} pratique(s), {marks} marque(s) « utile », {ballots} vote(s) "
            "nominal(aux), {audit} entrée(s) du journal d’audit. Pour le faire effacer : "
            "/moi effacer",
            "en": "Everything Coopilote keeps about you in this community is in the file "
            "{path} (JSON, readable by you only on this computer): profile, {practices} "
            "practice(s), {marks} useful mark(s), {ballots} nominal ballot(s), {audit} audit "
            "log entr(y/ies). To have it erased: /moi effacer",
        },
        "console.data.failed": {
            "fr": "Impossible d’écrire le fichier {path} : {error}",
            "en": "Could not write the file {path}: {error}",
        },
    }
)


def _privacy(ctx: Context) -> PrivacyService:
    s = ctx.services
    return PrivacyService(s.db, s.clock, s.communities, s.practices)


@handles("/moi donnees")
async def moi_donnees(ctx: Context, args: str) -> None:
    """The console's /moi donnees."""
    data = await _privacy(ctx).personal_data(ctx.actor)
    folder = Path(ctx.services.settings.data_dir) / "donnees-personnelles"
    who = re.sub(r"[^0-9a-z_-]+", "-", fold(ctx.actor.user_id)).strip("-") or "membre"
    stamp = ctx.services.clock.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{who}-{stamp}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Personal information: readable by the owner of the file only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(as_json(data))
    except OSError as exc:
        ctx.write(ctx.style.error(t("console.data.failed", ctx.lang, path=path, error=exc)))
        return
    ctx.write(
        t(
            "console.data.written",
            ctx.lang,
            path=path,
            practices=len(data["practices"]),
            marks=len(data["useful_marks"]),
            ballots=len(data["decisions"]["nominal_ballots"]),
            audit=len(data["audit_entries"]),
        )
    )


@handles("/moi effacer")
async def moi_effacer(ctx: Context, args: str) -> None:
    """The console's /moi effacer."""
    privacy = _privacy(ctx)
    ctx.write(t("privacy.explain", ctx.lang))
    data = await privacy.personal_data(ctx.actor)
    delete_practices = False
    if data["practices"]:
        answer = await ctx.ask(t("chat.erase.practices", ctx.lang, count=len(data["practices"])))
        if answer is None:
            ctx.write(t("chat.erase.cancelled", ctx.lang))
            return
        delete_practices = fold(answer.strip()) in {"o", "oui", "y", "yes"}
    answer = await ctx.ask(t("chat.erase.confirm", ctx.lang))
    if answer is None or answer.strip().upper() not in {"EFFACER", "ERASE"}:
        ctx.write(t("chat.erase.cancelled", ctx.lang))
        return
    report = await privacy.erase(ctx.actor, delete_practices=delete_practices)
    ctx.write(
        ctx.style.good(
            t(
                "privacy.erased",
                ctx.lang,
                marks=report.marks_removed,
                deleted=report.practices_deleted,
                anonymised=report.practices_anonymised,
                versions=report.versions_anonymised,
                moderation=report.moderation_anonymised,
                ballots=report.ballots_kept,
                votes=report.votes_kept,
                audit=report.audit_entries_kept,
            )
        )
    )


@handles("/aide")
async def aide(ctx: Context, args: str) -> None:
    """The console's /aide."""
    s = ctx.style
    if args.strip():
        wanted = args.strip()
        cmd, _ = resolve(wanted if wanted.startswith("/") else "/" + wanted)
        if cmd is None:
            ctx.write(s.error(t("chat.unknown_command", ctx.lang, name=wanted)))
            return
        related = [c for c in COMMANDS.values() if c.path[0] == cmd.path[0]]
        for c in related:
            ctx.write(f"{s.bold(c.usage)}\n    {c.help(ctx.lang)}")
        return
    lines = [s.title(t("chat.help_title", ctx.lang))]
    for cmds in groups().values():
        for c in cmds:
            lines.append(f"  {s.bold(c.usage):<40} {c.help(ctx.lang)}")
    lines.append(s.dim(t("chat.help_footer", ctx.lang)))
    ctx.write("\n".join(lines))


@handles("/langue")
async def langue(ctx: Context, args: str) -> None:
    """The console's /langue."""
    choice = args.strip().lower()[:2]
    if choice not in ("fr", "en"):
        ctx.write(ctx.style.error(t("chat.language_usage", ctx.lang)))
        return
    ctx.lang = choice
    ctx.write(t("chat.language_set", ctx.lang))


@console_only(
    "/quitter",
    en="Leave the console",
    aliases=("/quit", "/exit"),
)
async def quitter(ctx: Context, args: str) -> None:
    """Quitter la console."""
    ctx.running = False
    ctx.write(t("console.bye", ctx.lang))
