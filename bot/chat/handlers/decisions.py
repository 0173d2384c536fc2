"""Commands of decisions: motions, polls, meeting polls, the register, /moi.

Short French commands with English aliases; a missing part is asked for (guided prompts) where
the platform can ask, else what is missing is shown (never a wait that cannot end).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.chat.context import ChatContext
from bot.chat.forms import MOTION
from bot.chat.handlers import Missing, dim, error, good, handles, say
from bot.chat.messages import decisions as _messages  # noqa: F401  (registers the texts)
from bot.chat.render import decisions as render
from bot.chat.reply import Attachment, reply
from bot.core.actor import Actor
from bot.core.decisions.options import RuleChoices, split_options
from bot.core.errors import InvalidInput
from bot.core.i18n import t
from bot.core.mentions import inert
from bot.core.text import fold

_NUMBER = re.compile(
    r"^\s*(?:n\s*[°o]\s*|no\.?\s*|#)?(\d{1,9})\b\s*(.*)$", re.IGNORECASE | re.DOTALL
)


def _take_number(args: str) -> tuple[int | None, str]:
    """« 3 pour », « n° 3 », « #3 » → (3, rest); (None, args) when it does not start so."""
    match = _NUMBER.match(args)
    if not match:
        return None, args.strip()
    return int(match.group(1)), match.group(2).strip()


async def _ask(ctx: ChatContext, key: str, **params: object) -> str | None:
    if not ctx.can_ask:
        raise Missing(t(key, ctx.lang, **params))
    answer = await ctx.ask(t(key, ctx.lang, **params))
    return None if answer is None else answer.strip()


async def _ask_field(ctx: ChatContext, name: str) -> str | None:
    """One field of the motion form, asked as the form declares it."""
    known = {f.name: "" for f in MOTION.fields if f.name != name}
    values = await ctx.fill(MOTION, known)
    return None if values is None else values.get(name, "").strip()


async def _cancel(ctx: ChatContext) -> None:
    await say(ctx, t("chat.cancelled", ctx.lang))


async def _missing(ctx: ChatContext, key: str) -> None:
    """Where nothing can be asked: say what is missing instead of waiting."""
    await say(ctx, dim(t(key, ctx.lang)))


async def _number(
    ctx: ChatContext, args: str, kinds: tuple[str, ...] = ()
) -> tuple[int | None, str]:
    """The number at the start of `args`, else the only vote waiting for the actor, else asked."""
    number, rest = _take_number(args)
    if number is not None:
        return number, rest
    if rest:
        # « /vote appuyer abc »: say the number is unreadable, never « cancelled ».
        raise InvalidInput("decision.bad_number", value=rest[:30])
    votes = await ctx.services.decisions.list_open(ctx.actor)
    mine = [v for v in votes if v.to_do and (not kinds or v.kind in kinds)]
    if len(mine) == 1 and not rest:
        return mine[0].number, rest
    await ctx.show(render.listing(votes, ctx.lang, ctx.services.clock.now()))
    if not votes:
        return None, rest
    if not ctx.can_ask:
        # « précisez le numéro »: the list above says which.
        raise Missing(t("chat.missing.number", ctx.lang))
    answer = await _ask(ctx, "chat.ask.number")
    if not answer:
        return None, rest
    number, extra = _take_number(answer)
    if number is None:
        raise InvalidInput("decision.bad_number", value=answer[:30])
    return number, (rest + " " + extra).strip()


async def _show(ctx: ChatContext, view) -> None:  # type: ignore[no-untyped-def]
    await ctx.show(render.vote(view, ctx.lang, ctx.services.clock.now()))


# --- /vote -----------------------------------------------------------------------------------


@handles("/vote")
async def vote(ctx: ChatContext, args: str) -> None:
    """/vote."""
    words = args.split(maxsplit=1)
    if not words:
        await votes(ctx, "")
        await say(ctx, dim(t("chat.vote.usage", ctx.lang)))
        return
    head, rest = fold(words[0]), words[1] if len(words) > 1 else ""
    english = _ENGLISH.get(head)
    if english is not None:
        await english(ctx, rest)
        return
    number, tail = _take_number(args)
    if number is not None:
        if tail:  # « /vote 3 pour »
            receipt = await ctx.services.decisions.cast(ctx.actor, number, tail)
            await ctx.show(render.receipt(receipt, ctx.lang))
        else:
            await voir(ctx, str(number))
        return
    await say(ctx, error(t("chat.unknown_command", ctx.lang, name=f"/vote {words[0]}")))
    await say(ctx, dim(t("chat.vote.usage", ctx.lang)))


@handles("/vote proposer")
async def proposer(ctx: ChatContext, args: str) -> None:
    """/vote proposer."""
    text, choices = split_options(args)
    if not text and not ctx.can_ask:
        # One whole form (a modal on Discord) instead of three questions.
        values = await ctx.fill(MOTION, {})
        if values is None or not values.get("text", "").strip():
            await _cancel(ctx)
            return
        text, more = split_options(values["text"])
        choices = choices.merged(more)
        if values.get("title", "").strip():
            choices = replace(choices, title=values["title"].strip())
        choices = choices.merged(_options_only(values.get("rules", "")))
    elif not text:
        answer = await _ask_field(ctx, "text")
        if not answer:
            await _cancel(ctx)
            return
        text, more = split_options(answer)
        choices = choices.merged(more)
        if choices.title is None:
            title = await _ask_field(ctx, "title")
            if title is None:
                await _cancel(ctx)
                return
            if title:
                choices = replace(choices, title=title)
        if choices.is_empty() or set(_chosen(choices)) <= {"title"}:
            defaults = await ctx.services.decisions.defaults(ctx.actor)
            await ctx.show(render.defaults(defaults, ctx.lang))
            extra = await _ask_field(ctx, "rules")
            if extra is None:
                await _cancel(ctx)
                return
            choices = choices.merged(_options_only(extra))
    view = await ctx.services.decisions.propose(
        ctx.actor, text, title=choices.title, choices=choices
    )
    await _show(ctx, view)


def _chosen(choices: RuleChoices) -> list[str]:
    return [k for k in choices.__slots__ if getattr(choices, k) is not None]


def _options_only(text: str) -> RuleChoices:
    """A line of options only; anything else is an error (nothing is guessed)."""
    if not text.strip():
        return RuleChoices()
    rest, choices = split_options(". " + text)
    if rest.strip(" .|"):
        raise InvalidInput("chat.ask.options_unread", text=rest.strip(" .")[:60])
    return choices


@handles("/vote appuyer")
async def appuyer(ctx: ChatContext, args: str) -> None:
    """/vote appuyer."""
    number, _ = await _number(ctx, args, ("motion",))
    if number is None:
        await _cancel(ctx)
        return
    await _show(ctx, await ctx.services.decisions.second(ctx.actor, number))


async def _cast(ctx: ChatContext, args: str, choice: str) -> None:
    number, _ = await _number(ctx, args, ("motion",))
    if number is None:
        await _cancel(ctx)
        return
    receipt = await ctx.services.decisions.cast(ctx.actor, number, choice)
    await ctx.show(render.receipt(receipt, ctx.lang))


@handles("/vote pour")
async def pour(ctx: ChatContext, args: str) -> None:
    """/vote pour."""
    await _cast(ctx, args, "pour")


@handles("/vote contre")
async def contre(ctx: ChatContext, args: str) -> None:
    """/vote contre."""
    await _cast(ctx, args, "contre")


@handles("/vote abstention")
async def abstention(ctx: ChatContext, args: str) -> None:
    """/vote abstention."""
    await _cast(ctx, args, "abstention")


@handles("/vote conflit")
async def conflit(ctx: ChatContext, args: str) -> None:
    """/vote conflit."""
    number, reason = await _number(ctx, args)
    if number is None:
        await _cancel(ctx)
        return
    view = await ctx.services.decisions.declare_conflict(ctx.actor, number, reason)
    await say(ctx, good(t("chat.conflict", ctx.lang, number=number)))
    await _show(ctx, view)


@handles("/vote retirer")
async def retirer(ctx: ChatContext, args: str) -> None:
    """/vote retirer."""
    number, _ = await _number(ctx, args)
    if number is None:
        await _cancel(ctx)
        return
    await ctx.services.decisions.withdraw(ctx.actor, number)
    await say(ctx, good(t("chat.withdrawn", ctx.lang, number=number)))


@handles("/vote fermer")
async def fermer(ctx: ChatContext, args: str) -> None:
    """/vote fermer."""
    number, _ = await _number(ctx, args)
    if number is None:
        await _cancel(ctx)
        return
    await ctx.services.decisions.close(ctx.actor, number)
    await say(ctx, good(t("chat.closed", ctx.lang, number=number)))


@handles("/vote voir")
async def voir(ctx: ChatContext, args: str) -> None:
    """/vote voir."""
    number, _ = await _number(ctx, args)
    if number is None:
        await _cancel(ctx)
        return
    await _show(ctx, await ctx.services.decisions.show(ctx.actor, number))


@handles("/vote regles")
async def regles(ctx: ChatContext, args: str) -> None:
    """/vote regles."""
    if args.strip():
        defaults = await ctx.services.decisions.set_defaults(ctx.actor, _options_only(args))
    else:
        defaults = await ctx.services.decisions.defaults(ctx.actor)
    await ctx.show(render.defaults(defaults, ctx.lang))


@handles("/vote enteriner")
async def enteriner(ctx: ChatContext, args: str) -> None:
    """/vote enteriner."""
    number, meeting = await _number(ctx, args)
    if number is None:
        await _cancel(ctx)
        return
    if not meeting:
        meeting = await _ask(ctx, "chat.ask.meeting_date") or ""
        if not meeting:
            await _cancel(ctx)
            return
    await _show(ctx, await ctx.services.decisions.ratify(ctx.actor, number, meeting))


_ENGLISH = {
    "propose": proposer,
    "ratify": enteriner,
    "second": appuyer,
    "for": pour,
    "yes": pour,
    "against": contre,
    "no": contre,
    "abstain": abstention,
    "conflict": conflit,
    "withdraw": retirer,
    "close": fermer,
    "show": voir,
    "view": voir,
    "see": voir,
    "rules": regles,
    "regle": regles,
    "reglages": regles,
}


@handles("/votes")
async def votes(ctx: ChatContext, args: str) -> None:
    """/votes."""
    found = await ctx.services.decisions.list_open(ctx.actor)
    await ctx.show(render.listing(found, ctx.lang, ctx.services.clock.now()))


@handles("/repondre")
async def repondre(ctx: ChatContext, args: str) -> None:
    """/repondre."""
    number, answer = await _number(ctx, args, ("poll", "meeting"))
    if number is None:
        await _cancel(ctx)
        return
    if not answer:
        await _show(ctx, await ctx.services.decisions.show(ctx.actor, number))
        answer = await _ask(ctx, "chat.ask.choice") or ""
        if not answer:
            await _cancel(ctx)
            return
    receipt = await ctx.services.decisions.cast(ctx.actor, number, answer)
    await ctx.show(render.receipt(receipt, ctx.lang))


# --- Polls ----------------------------------------------------------------------------------


async def _collect(ctx: ChatContext, key: str) -> list[str] | None:
    """Lines until an empty one (None at end of input)."""
    items: list[str] = []
    while len(items) < 21:
        answer = await _ask(ctx, key, n=len(items) + 1)
        if answer is None:
            return None
        if not answer:
            break
        items.append(answer)
    return items


async def _head_and_items(
    ctx: ChatContext, args: str, head_key: str, item_key: str
) -> tuple[str, list[str], RuleChoices, bool] | None:
    """« Question | a | b [options] » → (question, items, options, asked one by one).

    What is missing is asked for; None when the person cancels (already told).
    """
    text, choices = split_options(args, segments=True)
    parts = [p.strip() for p in text.split("|")]
    head, items = parts[0], [p for p in parts[1:] if p]
    if not head:
        head = await _ask(ctx, head_key) or ""
        if not head:
            await _cancel(ctx)
            return None
    guided = "|" not in text
    if guided:
        collected = await _collect(ctx, item_key)
        if collected is None:
            await _cancel(ctx)
            return None
        items = collected
    return head, items, choices, guided


@handles("/sondage")
async def sondage(ctx: ChatContext, args: str) -> None:
    """/sondage."""
    parsed = await _head_and_items(ctx, args, "chat.ask.question", "chat.ask.option")
    if parsed is None:
        return
    question, options, choices, guided = parsed
    if guided:
        extra = await _ask(ctx, "chat.ask.poll_options")
        if extra is None:
            await _cancel(ctx)
            return
        choices = choices.merged(_options_only(extra))
    view = await ctx.services.decisions.create_poll(ctx.actor, question, options, choices=choices)
    await _show(ctx, view)


@handles("/reunion")
async def reunion(ctx: ChatContext, args: str) -> None:
    """/reunion."""
    parsed = await _head_and_items(ctx, args, "chat.ask.meeting_title", "chat.ask.slot")
    if parsed is None:
        return
    title, slots, choices, _ = parsed
    view = await ctx.services.decisions.create_meeting(ctx.actor, title, slots, choices=choices)
    await _show(ctx, view)


# --- Register -------------------------------------------------------------------------------

_OUTCOMES = {
    **dict.fromkeys(("adoptees", "adoptee", "adopted", "adoptes"), "adopted"),
    **dict.fromkeys(("rejetees", "rejetee", "rejected", "rejetes"), "rejected"),
    **dict.fromkeys(("sans-quorum", "quorum", "no-quorum"), "no_quorum"),
}


@handles("/registre")
async def registre(ctx: ChatContext, args: str) -> None:
    """/registre."""
    year = None
    outcome = None
    words: list[str] = []
    for token in args.split():
        folded = fold(token)
        if re.fullmatch(r"(annee=|year=)?\d{4}", folded):
            year = int(folded[-4:])
        elif folded in _OUTCOMES:
            outcome = _OUTCOMES[folded]
        else:
            words.append(token)
    entries = await ctx.services.decisions.register(
        ctx.actor, query=" ".join(words), year=year, outcome=outcome
    )
    await ctx.show(render.register(entries, ctx.lang))


@handles("/registre extrait")
async def extrait(ctx: ChatContext, args: str) -> None:
    """/registre extrait."""
    ref = args.strip()
    if not ref:
        await registre(ctx, "")
        ref = await _ask(ctx, "chat.ask.number") or ""
        if not ref:
            await _cancel(ctx)
            return
    found = await ctx.services.decisions.extract(ctx.actor, ref, lang=ctx.lang)
    file = Attachment("extrait.md", found.markdown.encode("utf-8"), "text/markdown", kind="extract")
    await ctx.show(reply(found.markdown.rstrip("\n"), attachments=(file,)))


@handles("/registre exporter")
async def exporter(ctx: ChatContext, args: str) -> None:
    """/registre exporter."""
    value = args.strip()
    year = int(value) if re.fullmatch(r"\d{4}", value) else None
    if value and (year is None or not 1900 <= year <= 2999):
        raise InvalidInput("chat.export.bad_year", value=value[:20])
    export = await ctx.services.decisions.export_register(ctx.actor, year=year, lang=ctx.lang)
    if export.count == 0:
        # Never overwrite an earlier export with an empty register.
        await say(ctx, t("chat.export.empty", ctx.lang, period=export.period))
        return
    name = f"registre-{year or 'complet'}.md"
    file = Attachment(name, export.markdown.encode("utf-8"), "text/markdown", kind="export")
    text = good(t("chat.export.done", ctx.lang, count=export.count, path=name))
    await ctx.show(reply(text, attachments=(file,)))


# --- Identities -----------------------------------------------------------------------------


def _roles_text(actor: Actor, lang: str) -> str:
    return ", ".join(sorted(actor.roles)) or t("chat.identity.none", lang)


@handles("/moi")
async def moi(ctx: ChatContext, args: str) -> None:
    """/moi."""
    found = await ctx.services.decisions.list_open(ctx.actor)
    todo = sum(1 for v in found if v.to_do)
    admin = ", " + t("chat.identity.admin", ctx.lang) if ctx.actor.is_admin else ""
    await say(
        ctx,
        t(
            "chat.me",
            ctx.lang,
            name=inert(ctx.actor.display_name),
            roles=_roles_text(ctx.actor, ctx.lang),
            admin=admin,
            todo=todo,
        ),
    )
