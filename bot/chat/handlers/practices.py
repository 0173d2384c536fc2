"""Commands of good practices: /pratique … and /pratiques."""

from __future__ import annotations

from typing import Any

from bot.chat.context import ChatContext
from bot.chat.forms import PRACTICE
from bot.chat.handlers import Missing, dim, error, good, handles, say, warn
from bot.chat.messages import practices as _messages  # noqa: F401  (registers the texts)
from bot.chat.render import practices as render
from bot.core.errors import (
    CoopiloteError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StateConflict,
)
from bot.core.i18n import t
from bot.core.practices.inert import inert_plain
from bot.core.practices.records import build_content, field_label, normalize_field
from bot.core.practices.syntax import parse_id, parse_search
from bot.core.text import fold

_YES = {"o", "oui", "y", "yes", "ok", "d'accord", "daccord", "1", "vrai", "true"}
_CANCEL = {"annuler", "cancel", "abandonner", "stop", "quitter"}
_DONE = {"fin", "done", "resume", "terminer"}
_CLEAR = {"-", "aucun", "aucune", "none", "effacer"}


class _Cancelled(Exception):
    """The member typed « annuler » or input ended."""


def _id_or_fail(args: str, usage: str, lang: str) -> int:
    practice_id = parse_id(args)
    if practice_id is None:
        raise InvalidInput("error.invalid", detail=t("practices.need_id", lang, usage=usage))
    return practice_id


async def _ask_field(
    ctx: ChatContext,
    name: str,
    *,
    current: Any = None,
    editing: bool = False,
    suggestions: tuple[str, ...] = (),
) -> tuple[bool, Any]:
    """Ask one field until its answer is valid: (done, value or None when skipped)."""
    field = PRACTICE.field(name)
    note = None
    if editing and current:
        shown = "; ".join(current) if isinstance(current, tuple) else str(current)
        shown = shown if len(shown) <= 120 else shown[:117] + "…"
        note = t("practices.ask.current", ctx.lang, value=inert_plain(shown))
    prompt = ctx.field_prompt(field, note)
    if suggestions:
        await say(ctx, dim(t("practices.ask.suggested", ctx.lang, names=", ".join(suggestions))))
    while True:
        answer = await ctx.ask(prompt + " :")
        if answer is None or fold(answer.strip()) in _CANCEL:
            raise _Cancelled
        answer = answer.strip()
        folded = fold(answer)
        if folded in _DONE:
            return True, None
        if not answer:
            if suggestions:
                return False, suggestions
            if field.required and not (editing and current):
                await say(ctx, warn(t("practices.ask.still_required", ctx.lang)))
                continue
            return False, None
        if folded in _CLEAR:
            if field.required:
                await say(ctx, warn(t("practices.ask.still_required", ctx.lang)))
                continue
            return False, () if field.kind == "list" else ""
        try:
            return False, normalize_field(name, answer)
        except CoopiloteError as exc:  # the core's rule, said right away
            await say(ctx, error(exc.message(ctx.lang)))


async def _ask_reason(ctx: ChatContext, key: str) -> str | None:
    """A reason asked for; None (and « cancelled » said) when none is given."""
    if not ctx.can_ask:
        raise Missing(t("chat.missing.answer", ctx.lang, question=t(key, ctx.lang)))
    answer = await ctx.ask(t(key, ctx.lang))
    if answer is None or not answer.strip() or fold(answer.strip()) in _CANCEL:
        await say(ctx, t("practices.ask.cancelled", ctx.lang))
        return None
    return answer


async def _confirm(ctx: ChatContext, question: str) -> bool:
    if not ctx.can_ask:
        raise Missing(t("chat.missing.answer", ctx.lang, question=question))
    answer = await ctx.ask(question)
    return answer is not None and fold(answer.strip()) in _YES


async def _share_form(ctx: ChatContext) -> None:
    """The whole form at once (a modal where nothing can be asked line by line)."""
    answers = await ctx.fill(PRACTICE, {})
    if answers is None:
        await say(ctx, t("practices.ask.cancelled", ctx.lang))
        return
    values: dict[str, Any] = {}
    for name, answer in answers.items():
        if answer.strip():
            values[name] = normalize_field(name, answer.strip())
    view = await ctx.services.practices.post(ctx.actor, values, shared=False)
    await say(ctx, good(t("practices.posted", ctx.lang, id=view.id)))


@handles("/pratique partager")
async def partager(ctx: ChatContext, args: str) -> None:
    """/pratique partager."""
    if not ctx.can_ask:
        await _share_form(ctx)
        return
    await say(ctx, dim(t("practices.ask.intro", ctx.lang)))
    values: dict[str, Any] = {}
    done = False
    try:
        for field in PRACTICE.fields:
            name = field.name
            if done and not field.required:
                continue
            suggestions: tuple[str, ...] = ()
            if name == "families":
                text = " ".join(str(values.get(n, "")) for n in ("title", "need", "actions"))
                suggestions = ctx.services.practices.suggest_families(text)
            stop, value = await _ask_field(ctx, name, suggestions=suggestions)
            if stop:
                done = True
                if field.required and name not in values:
                    # « fin » on a required field: it is still needed.
                    stop, value = await _ask_field(ctx, name)
            if value is not None:
                values[name] = value
        shared = False
        if not done:
            answer = await ctx.ask(t("practices.ask.shared", ctx.lang))
            if answer is None:
                raise _Cancelled
            shared = fold(answer.strip()) in _YES
    except _Cancelled:
        await say(ctx, t("practices.ask.cancelled", ctx.lang))
        return
    await ctx.show(render.preview(build_content(values), ctx.lang))
    if not await _confirm(ctx, t("practices.ask.confirm", ctx.lang)):
        await say(ctx, t("practices.ask.cancelled", ctx.lang))
        return
    view = await ctx.services.practices.post(ctx.actor, values, shared=shared)
    await say(ctx, good(t("practices.posted", ctx.lang, id=view.id)))


@handles("/pratique chercher")
async def chercher(ctx: ChatContext, args: str) -> None:
    """/pratique chercher."""
    request = parse_search(args)
    page = await ctx.services.practices.search(ctx.actor, request)
    await ctx.show(render.search(page, ctx.lang))


@handles("/pratique voir")
async def voir(ctx: ChatContext, args: str) -> None:
    """/pratique voir."""
    practice_id = _id_or_fail(args, "/pratique voir 12", ctx.lang)
    view = await ctx.services.practices.view(ctx.actor, practice_id)
    await ctx.show(render.practice(view, ctx.lang))


@handles("/pratique versions")
async def versions(ctx: ChatContext, args: str) -> None:
    """/pratique versions."""
    practice_id = _id_or_fail(args, "/pratique versions 12", ctx.lang)
    rest = args.split()[1:] if args.split() else []
    history = await ctx.services.practices.versions(ctx.actor, practice_id)
    if rest:
        number = parse_id(rest[0].lstrip("vV"))
        chosen = [v for v in history if v.number == number]
        if not chosen:
            raise NotFound(
                "error.not_found",
                what=t(
                    "practices.versions.unknown",
                    ctx.lang,
                    id=practice_id,
                    number=inert_plain(rest[0])[:20],
                ),
            )
        await ctx.show(render.version(chosen[0], ctx.lang))
        return
    await ctx.show(render.versions(history, ctx.lang))


@handles("/pratique utile")
async def utile(ctx: ChatContext, args: str) -> None:
    """/pratique utile."""
    practice_id = _id_or_fail(args, "/pratique utile 12", ctx.lang)
    result = await ctx.services.practices.toggle_useful(ctx.actor, practice_id)
    key = "practices.marked" if result.marked else "practices.unmarked"
    await say(
        ctx,
        t(
            key,
            ctx.lang,
            id=result.practice_id,
            title=inert_plain(result.title),
            count=result.useful_count,
        ),
    )


@handles("/pratique modifier")
async def modifier(ctx: ChatContext, args: str) -> None:
    """/pratique modifier."""
    practice_id = _id_or_fail(args, "/pratique modifier 12", ctx.lang)
    service = ctx.services.practices
    view = await service.view(ctx.actor, practice_id)
    # Said before the form, not after it: nobody fills fourteen fields for a refusal.
    if not view.can_edit:
        raise PermissionDenied("practices.error.not_author")
    if view.withdrawn:
        raise StateConflict("practices.error.withdrawn_edit", id=view.id)
    if not ctx.can_ask:
        await _edit_in_form(ctx, view)
        return
    await say(ctx, dim(t("practices.ask.edit_intro", ctx.lang, id=practice_id)))
    changes: dict[str, Any] = {}
    try:
        for field in PRACTICE.fields:
            name = field.name
            current = getattr(view.content, name)
            stop, value = await _ask_field(ctx, name, current=current, editing=True)
            if stop:
                break
            if value is not None and value != current:
                changes[name] = value
    except _Cancelled:
        await say(ctx, t("practices.ask.cancelled", ctx.lang))
        return
    if not changes:
        await say(ctx, t("practices.ask.nothing_changed", ctx.lang))
        return
    fields = ", ".join(field_label(n, ctx.lang) for n in changes)
    if not await _confirm(ctx, t("practices.ask.confirm_edit", ctx.lang, fields=fields)):
        await say(ctx, t("practices.ask.cancelled", ctx.lang))
        return
    edited = await service.edit(ctx.actor, practice_id, changes)
    if edited.version == view.version:
        await say(ctx, t("practices.ask.nothing_changed", ctx.lang))
        return
    await say(ctx, good(t("practices.edited", ctx.lang, id=edited.id, version=edited.version)))


def _as_text(value: Any) -> str:
    """A field's stored value as a form shows it (lists joined by « ; »)."""
    if isinstance(value, tuple):
        return "; ".join(value)
    return "" if value is None else str(value)


async def _edit_in_form(ctx: ChatContext, view: Any) -> None:
    """Where a platform cannot ask field by field (Discord): the whole form, filled with the
    current values; what the member changed becomes the new version."""
    current = {f.name: _as_text(getattr(view.content, f.name)) for f in PRACTICE.fields}
    values = await ctx.fill(PRACTICE, {k: v for k, v in current.items() if v})
    if values is None:
        await say(ctx, t("practices.ask.cancelled", ctx.lang))
        return
    changes: dict[str, Any] = {}
    for field in PRACTICE.fields:
        new = (values.get(field.name) or "").strip()
        if new == current[field.name]:
            continue
        empty: Any = () if field.kind == "list" else ""
        changes[field.name] = normalize_field(field.name, new) if new else empty
    if not changes:
        await say(ctx, t("practices.ask.nothing_changed", ctx.lang))
        return
    edited = await ctx.services.practices.edit(ctx.actor, view.id, changes)
    if edited.version == view.version:
        await say(ctx, t("practices.ask.nothing_changed", ctx.lang))
        return
    await say(ctx, good(t("practices.edited", ctx.lang, id=edited.id, version=edited.version)))


@handles("/pratique retirer")
async def retirer(ctx: ChatContext, args: str) -> None:
    """/pratique retirer."""
    practice_id = _id_or_fail(args, "/pratique retirer 12", ctx.lang)
    reason = args.split(maxsplit=1)[1] if len(args.split()) > 1 else ""
    service = ctx.services.practices
    try:
        view = await service.withdraw(ctx.actor, practice_id, reason)
    except InvalidInput as exc:
        if exc.code != "practices.error.reason_required" or reason:
            raise
        # The moderator withdraws someone else's record: the author will read why.
        answer = await _ask_reason(ctx, "practices.ask.withdraw_reason")
        if answer is None:
            return
        view = await service.withdraw(ctx.actor, practice_id, answer)
    await say(ctx, t("practices.withdrawn_done", ctx.lang, id=view.id))


@handles("/pratique purger")
async def purger(ctx: ChatContext, args: str) -> None:
    """/pratique purger."""
    parts = args.split(maxsplit=2)
    usage = t("practices.purge_usage", ctx.lang)
    practice_id = _id_or_fail(parts[0] if parts else "", usage, ctx.lang)
    number = parse_id(parts[1].lstrip("vV")) if len(parts) > 1 else None
    if number is None:
        raise InvalidInput("error.invalid", detail=t("practices.need_id", ctx.lang, usage=usage))
    reason = parts[2] if len(parts) > 2 else ""
    if not reason.strip():
        answer = await _ask_reason(ctx, "practices.ask.purge_reason")
        if answer is None:
            return
        reason = answer
    question = t("practices.ask.confirm_purge", ctx.lang, id=practice_id, number=number)
    if not await _confirm(ctx, question):
        await say(ctx, t("practices.ask.cancelled", ctx.lang))
        return
    await ctx.services.practices.purge_version(ctx.actor, practice_id, number, reason)
    await say(ctx, good(t("practices.purged", ctx.lang, id=practice_id, number=number)))


@handles("/pratique restaurer")
async def restaurer(ctx: ChatContext, args: str) -> None:
    """/pratique restaurer."""
    if parse_id(args) is None:
        page = await ctx.services.practices.withdrawn(ctx.actor)
        await ctx.show(render.listing(page, ctx.lang))
        return
    view = await ctx.services.practices.restore(ctx.actor, _id_or_fail(args, "", ctx.lang))
    await say(ctx, good(t("practices.restored", ctx.lang, id=view.id)))


@handles("/pratique diffuser")
async def diffuser(ctx: ChatContext, args: str) -> None:
    """/pratique diffuser."""
    practice_id = _id_or_fail(args, "/pratique diffuser 12", ctx.lang)
    words = [fold(w) for w in args.split()[1:]]
    shared = not (words and words[0] in {"non", "no", "off", "arreter", "0"})
    view = await ctx.services.practices.set_shared(ctx.actor, practice_id, shared)
    key = "practices.shared_on" if view.shared else "practices.shared_off"
    await say(ctx, t(key, ctx.lang, id=view.id))


@handles("/pratiques")
async def pratiques(ctx: ChatContext, args: str) -> None:
    """/pratiques."""
    page = 1
    order = "recent"
    for word in args.replace("=", " ").split():
        folded = fold(word)
        if folded in {"page", "p"}:
            continue
        if folded.lstrip("+-").isdigit():
            # « page=-1 » or « page=0 » is refused, not read as page 1.
            page = int(folded[:6]) if folded.isdigit() else 0
            if not 1 <= page <= 1000:
                raise InvalidInput("practices.error.page", limit=1000)
        elif folded in {"populaires", "populaire", "utiles", "utile", "popular", "useful"}:
            order = "useful"
        elif folded in {"retirees", "retiree", "retirer", "withdrawn"}:
            order = "withdrawn"
    service = ctx.services.practices
    listing = {
        "recent": service.recent,
        "useful": service.most_useful,
        "withdrawn": service.withdrawn,
    }[order]
    await ctx.show(render.listing(await listing(ctx.actor, page), ctx.lang))


@handles("/pratique")
async def pratique(ctx: ChatContext, args: str) -> None:
    """/pratique."""
    if not args.strip():
        await pratiques(ctx, "")
    elif parse_id(args) is not None and len(args.split()) == 1:
        await voir(ctx, args)
    else:
        await chercher(ctx, args)
