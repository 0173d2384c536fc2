"""Console commands of the advisor: /outil and /referentiel."""

from __future__ import annotations

from bot.chat.render import advisor as render
from bot.console.context import Context
from bot.console.registry import handles
from bot.core.errors import NotFound


@handles("/outil")
async def outil(ctx: Context, args: str) -> None:
    """The console's /outil."""
    answer = await ctx.services.advisor.advise(ctx.actor, args)
    ctx.show(render.advice(answer, ctx.lang))


@handles("/referentiel")
async def referentiel(ctx: Context, args: str) -> None:
    """The console's /referentiel."""
    if args.strip():
        # « /referentiel vote en ligne » is read as « /referentiel famille vote en ligne ».
        await famille(ctx, args)
        return
    ctx.show(render.overview(ctx.services.advisor.referentiel, ctx.lang))


@handles("/referentiel champ")
async def champ(ctx: Context, args: str) -> None:
    """The console's /referentiel champ."""
    field = ctx.services.advisor.field(args)
    if field is None:
        raise NotFound("advisor.unknown_field", name=args.strip() or "?")
    ctx.show(render.field(ctx.services.advisor.referentiel, field, ctx.lang))


@handles("/referentiel famille")
async def famille(ctx: Context, args: str) -> None:
    """The console's /referentiel famille."""
    family = ctx.services.advisor.family(args)
    if family is None:
        raise NotFound("advisor.unknown_family", name=args.strip() or "?")
    ctx.show(render.family(ctx.services.advisor.referentiel, family, ctx.lang))
