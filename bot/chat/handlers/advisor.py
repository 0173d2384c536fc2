"""Console commands of the advisor: /outil and /referentiel."""

from __future__ import annotations

from bot.chat.context import ChatContext
from bot.chat.handlers import handles
from bot.chat.render import advisor as render
from bot.core.errors import NotFound


@handles("/outil")
async def outil(ctx: ChatContext, args: str) -> None:
    """/outil."""
    answer = await ctx.services.advisor.advise(ctx.actor, args)
    await ctx.show(render.advice(answer, ctx.lang))


@handles("/referentiel")
async def referentiel(ctx: ChatContext, args: str) -> None:
    """/referentiel."""
    if args.strip():
        # « /referentiel vote en ligne » is read as « /referentiel famille vote en ligne ».
        await famille(ctx, args)
        return
    await ctx.show(render.overview(ctx.services.advisor.referentiel, ctx.lang))


@handles("/referentiel champ")
async def champ(ctx: ChatContext, args: str) -> None:
    """/referentiel champ."""
    field = ctx.services.advisor.field(args)
    if field is None:
        raise NotFound("advisor.unknown_field", name=args.strip() or "?")
    await ctx.show(render.field(ctx.services.advisor.referentiel, field, ctx.lang))


@handles("/referentiel famille")
async def famille(ctx: ChatContext, args: str) -> None:
    """/referentiel famille."""
    family = ctx.services.advisor.family(args)
    if family is None:
        raise NotFound("advisor.unknown_family", name=args.strip() or "?")
    await ctx.show(render.family(ctx.services.advisor.referentiel, family, ctx.lang))
