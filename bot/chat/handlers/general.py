"""General commands: help, language; a member's personal data (Loi 25)."""

from __future__ import annotations

import re

from bot.chat import commands as chat
from bot.chat.context import ChatContext
from bot.chat.handlers import Missing, dim, error, good, handles, say
from bot.chat.messages import general as _messages  # noqa: F401  (registers the texts)
from bot.chat.reply import Attachment, Heading, reply
from bot.core.i18n import has, t
from bot.core.privacy import PrivacyService, as_json
from bot.core.text import fold


def _privacy(ctx: ChatContext) -> PrivacyService:
    s = ctx.services
    return PrivacyService(s.db, s.clock, s.communities, s.practices)


@handles("/moi donnees")
async def moi_donnees(ctx: ChatContext, args: str) -> None:
    """/moi donnees: everything kept about the member, as a JSON file."""
    data = await _privacy(ctx).personal_data(ctx.actor)
    who = re.sub(r"[^0-9a-z_-]+", "-", fold(ctx.actor.user_id)).strip("-") or "membre"
    stamp = ctx.services.clock.now().strftime("%Y%m%d-%H%M%S")
    name = f"{who}-{stamp}.json"
    file = Attachment(name, as_json(data).encode("utf-8"), "application/json", kind="personal_data")
    text = t(
        "chat.data.written",
        ctx.lang,
        path=name,
        practices=len(data["practices"]),
        marks=len(data["useful_marks"]),
        ballots=len(data["decisions"]["nominal_ballots"]),
        audit=len(data["audit_entries"]),
    )
    # Personal information: for the asker only.
    await ctx.show(reply(text, attachments=(file,), ephemeral=True))


@handles("/moi effacer")
async def moi_effacer(ctx: ChatContext, args: str) -> None:
    """/moi effacer: erase what can be erased, after a confirmation."""
    privacy = _privacy(ctx)
    await ctx.show(reply(t("privacy.explain", ctx.lang), ephemeral=True))
    if not ctx.can_ask:
        raise Missing(
            t("chat.missing.answer", ctx.lang, question=t("chat.erase.confirm", ctx.lang))
        )
    data = await privacy.personal_data(ctx.actor)
    delete_practices = False
    if data["practices"]:
        answer = await ctx.ask(t("chat.erase.practices", ctx.lang, count=len(data["practices"])))
        if answer is None:
            await say(ctx, t("chat.erase.cancelled", ctx.lang))
            return
        delete_practices = fold(answer.strip()) in {"o", "oui", "y", "yes"}
    answer = await ctx.ask(t("chat.erase.confirm", ctx.lang))
    if answer is None or answer.strip().upper() not in {"EFFACER", "ERASE"}:
        await say(ctx, t("chat.erase.cancelled", ctx.lang))
        return
    report = await privacy.erase(ctx.actor, delete_practices=delete_practices)
    await say(
        ctx,
        good(
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
        ),
    )


@handles("/aide")
async def aide(ctx: ChatContext, args: str) -> None:
    """/aide: the commands of this platform, or the details of one group."""
    specs = ctx.command_specs()
    if args.strip():
        wanted = args.strip()
        path, _ = chat.find(wanted, {s.path: s for s in specs}, chat.alias_table(specs))
        if path is None:
            await say(ctx, error(t("chat.unknown_command", ctx.lang, name=wanted)))
            return
        related = [s for s in specs if s.path[0] == path[0]]
        await ctx.show(reply(*(f"{one.usage}\n    {one.help(ctx.lang)}" for one in related)))
        return
    # Grouped by first word, as the commands were declared.
    groups = chat.groups(specs)
    if ctx.compact_help:
        lines = [_group_line(name, group, ctx.lang) for name, group in groups.items()]
    else:
        lines = [f"  {one.usage:<40} {one.help(ctx.lang)}" for g in groups.values() for one in g]
    await ctx.show(
        reply(
            Heading(t("chat.help_title", ctx.lang)),
            *lines,
            dim(t(_footer(ctx.platform), ctx.lang)),
        )
    )


def _footer(platform: str) -> str:
    """The help's last line: how to ask for details and for a tool, on this platform."""
    key = f"chat.help_footer.{platform}"
    return key if has(key) else "chat.help_footer"


def _group_line(name: str, group: list[chat.CommandSpec], lang: str) -> str:
    """« /vote : help of the group (proposer · appuyer · pour …) » for a short help."""
    root = next((one for one in group if len(one.path) == 1), group[0])
    subs = [one.path[1] for one in group if len(one.path) > 1]
    return f"/{name} : {root.help(lang)}" + (f" ({' · '.join(subs)})" if subs else "")


@handles("/langue")
async def langue(ctx: ChatContext, args: str) -> None:
    """/langue fr|en: the language of replies."""
    choice = args.strip().lower()[:2]
    if choice not in ("fr", "en"):
        await say(ctx, error(t("chat.language_usage", ctx.lang)))
        return
    ctx.lang = choice
    await say(ctx, t("chat.language_set", ctx.lang))
