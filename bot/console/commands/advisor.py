"""Console commands of the advisor: /outil and /referentiel."""

from __future__ import annotations

from bot.console.context import Context
from bot.console.registry import command
from bot.console.render.advisor import (
    render_advice,
    render_family,
    render_field,
    render_overview,
)
from bot.core.errors import NotFound


@command("/outil", en="Find the tools that fit a need", usage="/outil <besoin>", aliases=("/tool",))
async def outil(ctx: Context, args: str) -> None:
    """Trouver les familles d’usages et les outils qui répondent à un besoin."""
    answer = await ctx.services.advisor.advise(ctx.actor, args)
    ctx.write(render_advice(answer, ctx.lang, ctx.style))


@command(
    "/referentiel", en="Browse the référentiel: sections and families", aliases=("/referential",)
)
async def referentiel(ctx: Context, args: str) -> None:
    """Parcourir le référentiel : sections et familles d’usages."""
    if args.strip():
        # « /referentiel vote en ligne » is read as « /referentiel famille vote en ligne ».
        await famille(ctx, args)
        return
    ctx.write(render_overview(ctx.services.advisor.referentiel, ctx.lang, ctx.style))


@command(
    "/referentiel champ",
    en="Families serving one field of application",
    usage="/referentiel champ <champ>",
)
async def champ(ctx: Context, args: str) -> None:
    """Les familles d’un champ d’application (ex. : gestion démocratique)."""
    field = ctx.services.advisor.field(args)
    if field is None:
        raise NotFound("advisor.unknown_field", name=args.strip() or "?")
    ctx.write(render_field(ctx.services.advisor.referentiel, field, ctx.lang, ctx.style))


@command(
    "/referentiel famille",
    en="One family with its tools",
    usage="/referentiel famille <nom>",
)
async def famille(ctx: Context, args: str) -> None:
    """Une famille d’usages et ses outils."""
    family = ctx.services.advisor.family(args)
    if family is None:
        raise NotFound("advisor.unknown_family", name=args.strip() or "?")
    ctx.write(render_family(ctx.services.advisor.referentiel, family, ctx.lang, ctx.style))
