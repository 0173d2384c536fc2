"""Console commands of the advisor: /outil and /referentiel."""

from __future__ import annotations

from typing import TypeVar

from bot.chat.context import ChatContext
from bot.chat.handlers import handles
from bot.chat.render import advisor as render
from bot.core.errors import NotFound

T = TypeVar("T")


def _named(found: T | None, unknown: str, args: str) -> T:
    """What the user named, or NotFound (message `unknown`) quoting what they typed."""
    if found is None:
        raise NotFound(unknown, name=args.strip() or "?")
    return found


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
    field = _named(ctx.services.advisor.field(args), "advisor.unknown_field", args)
    await ctx.show(render.field(ctx.services.advisor.referentiel, field, ctx.lang))


@handles("/referentiel famille")
async def famille(ctx: ChatContext, args: str) -> None:
    """/referentiel famille."""
    family = _named(ctx.services.advisor.family(args), "advisor.unknown_family", args)
    await ctx.show(render.family(ctx.services.advisor.referentiel, family, ctx.lang))
