"""Console commands of good practices: /pratique … and /pratiques."""

from __future__ import annotations

from typing import Any

from bot.console.context import Context
from bot.console.registry import handles
from bot.console.render.practices import (
    render_content_fields,
    render_list,
    render_practice,
    render_search,
    render_version,
    render_versions,
)
from bot.core.errors import (
    CoopiloteError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StateConflict,
)
from bot.core.i18n import register, t
from bot.core.practices.inert import inert_plain
from bot.core.practices.records import SPECS, build_content, field_label, normalize_field
from bot.core.practices.syntax import parse_id, parse_search
from bot.core.text import fold

register(
    {
        "practices.useful_count": {
            "fr": "utile pour {count} membre(s)",
            "en": "useful to {count} member(s)",
        },
        "practices.from_community": {"fr": "partagée par {name}", "en": "shared by {name}"},
        "practices.shared_tag": {
            "fr": "partagée avec les autres communautés",
            "en": "shared with other communities",
        },
        "practices.withdrawn_tag": {"fr": "retirée", "en": "withdrawn"},
        "practices.corrected": {
            "fr": "« {wrong} » compris comme « {right} ».",
            "en": "“{wrong}” read as “{right}”.",
        },
        "practices.no_result": {
            "fr": "Aucune pratique ne correspond. Essayez d’autres mots, retirez un filtre, "
            "ou partagez la vôtre : /pratique partager",
            "en": "No practice matches. Try other words, drop a filter, or share yours: "
            "/pratique partager",
        },
        "practices.relaxed": {
            "fr": "Aucune pratique ne contient tous vos mots; voici celles qui en contiennent "
            "une partie.",
            "en": "No practice holds all your words; here are those holding some of them.",
        },
        "practices.results": {
            "fr": "{total} pratique(s) trouvée(s) — page {page} sur {pages}",
            "en": "{total} practice(s) found — page {page} of {pages}",
        },
        "practices.results_more": {
            "fr": "Plus de {total} pratiques trouvées — page {page} sur {pages}. "
            "Ajoutez un mot ou un filtre pour affiner.",
            "en": "More than {total} practices found — page {page} of {pages}. "
            "Add a word or a filter to narrow it down.",
        },
        "practices.page_empty": {
            "fr": "Cette page est vide : il y a {pages} page(s).",
            "en": "This page is empty: there are {pages} page(s).",
        },
        "practices.next_page": {
            "fr": "Page suivante : ajoutez page={page} à votre recherche.",
            "en": "Next page: add page={page} to your search.",
        },
        "practices.view_hint": {
            "fr": "Voir une pratique : /pratique voir <numéro>",
            "en": "See a practice: /pratique voir <number>",
        },
        "practices.list.recent": {
            "fr": "Pratiques récentes — page {page} sur {pages}",
            "en": "Recent practices — page {page} of {pages}",
        },
        "practices.list.useful": {
            "fr": "Pratiques les plus utiles — page {page} sur {pages}",
            "en": "Most useful practices — page {page} of {pages}",
        },
        "practices.list.withdrawn": {
            "fr": "Pratiques retirées (restaurables) — page {page} sur {pages}",
            "en": "Withdrawn practices (restorable) — page {page} of {pages}",
        },
        "practices.list.recent.empty": {
            "fr": "Aucune pratique pour l’instant. Partagez la première : /pratique partager",
            "en": "No practice yet. Share the first one: /pratique partager",
        },
        "practices.list.useful.empty": {
            "fr": "Aucune pratique pour l’instant. Partagez la première : /pratique partager",
            "en": "No practice yet. Share the first one: /pratique partager",
        },
        "practices.list.withdrawn.empty": {
            "fr": "Aucune pratique retirée que vous puissiez restaurer.",
            "en": "No withdrawn practice you could restore.",
        },
        "practices.list.next": {
            "fr": "Page suivante : /pratiques page={page}",
            "en": "Next page: /pratiques page={page}",
        },
        "practices.context": {"fr": "Contexte", "en": "Context"},
        "practices.by": {"fr": "par {author}", "en": "by {author}"},
        "practices.published_on": {"fr": "publiée le {date}", "en": "published on {date}"},
        "practices.edited_on": {
            "fr": "version {version} du {date}",
            "en": "version {version} of {date}",
        },
        "practices.withdrawn_notice": {
            "fr": "Retirée par {who} le {when}.",
            "en": "Withdrawn by {who} on {when}.",
        },
        "practices.withdrawn_by_moderation": {
            "fr": "Retirée par la modération ({who}) le {when}.",
            "en": "Withdrawn by the moderators ({who}) on {when}.",
        },
        "practices.reason": {"fr": "Motif : {reason}", "en": "Reason: {reason}"},
        "practices.restore_hint": {
            "fr": "Pour la remettre : /pratique restaurer {id}",
            "en": "To put it back: /pratique restaurer {id}",
        },
        "practices.imported_from": {"fr": "(importée de {name})", "en": "(imported from {name})"},
        "practices.versions.purged": {
            "fr": "version {number} purgée le {when} par {who} — motif : {reason}",
            "en": "version {number} purged on {when} by {who} — reason: {reason}",
        },
        "practices.ask.withdraw_reason": {
            "fr": "Motif du retrait (l’auteur·e le lira; « annuler » pour renoncer) :",
            "en": "Reason for the withdrawal (the author will read it; “annuler” to give up):",
        },
        "practices.ask.purge_reason": {
            "fr": "Motif de la purge (ex. : numéro de téléphone personnel; « annuler » pour "
            "renoncer) :",
            "en": "Reason for the purge (e.g. a personal phone number; “annuler” to give up):",
        },
        "practices.ask.confirm_purge": {
            "fr": "Purger définitivement le contenu de la version {number} de la pratique "
            "n° {id}? Personne ne pourra plus le lire. (oui/non)",
            "en": "Purge the content of version {number} of practice #{id} for good? Nobody "
            "will be able to read it again. (yes/no)",
        },
        "practices.purged": {
            "fr": "Version {number} de la pratique n° {id} purgée : l’historique garde la date, "
            "votre nom et le motif, jamais le texte.",
            "en": "Version {number} of practice #{id} purged: the history keeps the date, your "
            "name and the reason, never the text.",
        },
        "practices.purge_usage": {
            "fr": "/pratique purger <numéro> <version> [motif], ex. : /pratique purger 12 1 "
            "numéro de téléphone personnel",
            "en": "/pratique purger <number> <version> [reason], e.g. /pratique purger 12 1 "
            "personal phone number",
        },
        "practices.hint.mark": {
            "fr": "Cette pratique vous aide? /pratique utile {id}",
            "en": "Does this practice help you? /pratique utile {id}",
        },
        "practices.hint.unmark": {
            "fr": "Vous l’avez marquée utile (pour annuler : /pratique utile {id}).",
            "en": "You marked it useful (to undo: /pratique utile {id}).",
        },
        "practices.hint.versions": {
            "fr": "Versions précédentes : /pratique versions {id}",
            "en": "Earlier versions: /pratique versions {id}",
        },
        "practices.hint.edit": {
            "fr": "Modifier : /pratique modifier {id} · Retirer : /pratique retirer {id}",
            "en": "Edit: /pratique modifier {id} · Withdraw: /pratique retirer {id}",
        },
        "practices.versions.none": {"fr": "Aucune version.", "en": "No version."},
        "practices.versions.title": {
            "fr": "Versions de la pratique n° {id}",
            "en": "Versions of practice #{id}",
        },
        "practices.versions.created": {"fr": "publication", "en": "first post"},
        "practices.versions.changed": {"fr": "modifié : {fields}", "en": "changed: {fields}"},
        "practices.versions.current": {"fr": "(actuelle)", "en": "(current)"},
        "practices.versions.hint": {
            "fr": "Lire une version : /pratique versions {id} <numéro de version>",
            "en": "Read a version: /pratique versions {id} <version number>",
        },
        "practices.versions.one": {
            "fr": "Pratique n° {id}, version {number} — {editor}, {date}",
            "en": "Practice #{id}, version {number} — {editor}, {date}",
        },
        "practices.versions.unknown": {
            "fr": "la version {number} de la pratique n° {id}",
            "en": "version {number} of practice #{id}",
        },
        "practices.need_id": {
            "fr": "Donnez le numéro de la pratique, par exemple : {usage}",
            "en": "Give the practice’s number, for example: {usage}",
        },
        "practices.ask.intro": {
            "fr": "Partageons votre pratique, un champ à la fois. Entrée pour passer un champ "
            "facultatif, « fin » pour aller au résumé, « annuler » pour tout abandonner.",
            "en": "Let’s share your practice, one field at a time. Enter skips an optional "
            "field, “fin” jumps to the summary, “annuler” cancels everything.",
        },
        "practices.ask.edit_intro": {
            "fr": "Modification de la pratique n° {id}. Entrée garde la valeur actuelle, « - » "
            "l’efface (champs facultatifs), « fin » va au résumé, « annuler » abandonne.",
            "en": "Editing practice #{id}. Enter keeps the current value, “-” clears it "
            "(optional fields), “fin” jumps to the summary, “annuler” cancels.",
        },
        "practices.ask.required": {"fr": "obligatoire", "en": "required"},
        "practices.ask.optional": {"fr": "facultatif", "en": "optional"},
        "practices.ask.current": {"fr": "actuellement : {value}", "en": "now: {value}"},
        "practices.ask.still_required": {
            "fr": "Ce champ est obligatoire.",
            "en": "This field is required.",
        },
        "practices.ask.suggested": {
            "fr": "Suggestions d’après votre texte : {names}. Entrée pour les accepter, « - » "
            "pour aucune, ou tapez les vôtres (séparées par des virgules).",
            "en": "Suggested from your text: {names}. Enter accepts them, “-” for none, or "
            "type yours (comma-separated).",
        },
        "practices.ask.shared": {
            "fr": "Montrer aussi cette pratique aux autres communautés? (oui/non, non par défaut)",
            "en": "Show this practice to other communities too? (yes/no, no by default)",
        },
        "practices.ask.confirm": {
            "fr": "Publier cette pratique? (oui/non)",
            "en": "Publish this practice? (yes/no)",
        },
        "practices.ask.confirm_edit": {
            "fr": "Enregistrer ces changements ({fields})? (oui/non)",
            "en": "Save these changes ({fields})? (yes/no)",
        },
        "practices.ask.cancelled": {
            "fr": "Abandonné : rien n’a été enregistré.",
            "en": "Cancelled: nothing was saved.",
        },
        "practices.ask.nothing_changed": {
            "fr": "Aucun changement : la pratique reste telle quelle.",
            "en": "No change: the practice stays as it is.",
        },
        "practices.ask.preview": {"fr": "Résumé de votre pratique :", "en": "Your practice:"},
        "practices.posted": {
            "fr": "Merci! Votre pratique est publiée sous le n° {id}.",
            "en": "Thank you! Your practice is published as #{id}.",
        },
        "practices.edited": {
            "fr": "Pratique n° {id} modifiée (version {version}). Les versions précédentes "
            "restent consultables : /pratique versions {id}",
            "en": "Practice #{id} edited (version {version}). Earlier versions stay readable: "
            "/pratique versions {id}",
        },
        "practices.marked": {
            "fr": "Merci! « {title} » est marquée utile ({count} au total). Pour annuler : "
            "/pratique utile {id}",
            "en": "Thanks! “{title}” is marked useful ({count} in all). To undo: "
            "/pratique utile {id}",
        },
        "practices.unmarked": {
            "fr": "Votre marque « utile » sur « {title} » est retirée ({count} au total).",
            "en": "Your “useful” mark on “{title}” is removed ({count} in all).",
        },
        "practices.withdrawn_done": {
            "fr": "Pratique n° {id} retirée : elle n’apparaît plus nulle part. Rien n’est "
            "perdu : /pratique restaurer {id}",
            "en": "Practice #{id} withdrawn: it no longer shows anywhere. Nothing is lost: "
            "/pratique restaurer {id}",
        },
        "practices.restored": {
            "fr": "Pratique n° {id} restaurée : elle est de nouveau visible.",
            "en": "Practice #{id} restored: it is visible again.",
        },
        "practices.shared_on": {
            "fr": "La pratique n° {id} est maintenant visible par les autres communautés.",
            "en": "Practice #{id} is now visible to other communities.",
        },
        "practices.shared_off": {
            "fr": "La pratique n° {id} n’est plus visible que par votre communauté.",
            "en": "Practice #{id} is now visible to your community only.",
        },
    }
)

# The guided form's order: the story first, its context after; required fields included.
FORM = (
    "title",
    "need",
    "actions",
    "results",
    "advice",
    "tools",
    "families",
    "tags",
    "organisation",
    "org_type",
    "sector",
    "size",
    "region",
    "period",
)
_YES = {"o", "oui", "y", "yes", "ok", "d'accord", "daccord", "1", "vrai", "true"}
_CANCEL = {"annuler", "cancel", "abandonner", "stop", "quitter"}
_DONE = {"fin", "done", "resume", "terminer"}
_CLEAR = {"-", "aucun", "aucune", "none", "effacer"}

FIELD_HINTS = {
    "title": ("ex. : Inscription en ligne à la popote roulante", "e.g. Online sign-up"),
    "need": ("le besoin ou le problème de départ", "the need or problem you started from"),
    "actions": ("ce que vous avez fait, concrètement", "what you did, concretely"),
    "results": ("les résultats et impacts observés", "the results and impacts"),
    "advice": ("vos conseils, les pièges à éviter", "your advice, pitfalls to avoid"),
    "tools": ("séparés par des virgules, ex. : Zoom, Loomio", "comma-separated"),
    "families": ("séparées par des virgules; voir /referentiel", "comma-separated"),
    "tags": ("mots-clés séparés par des virgules", "comma-separated tags"),
    "organisation": ("le nom de votre organisation", "your organisation's name"),
    "org_type": ("ex. : coopérative de solidarité, OBNL", "e.g. co-op, non-profit"),
    "sector": ("ex. : aide à domicile, culture, habitation", "e.g. home care, housing"),
    "size": ("ex. : 12 employés, 40 bénévoles", "e.g. 12 staff, 40 volunteers"),
    "region": ("ex. : Haute-Côte-Nord, Montréal", "e.g. Côte-Nord, Montréal"),
    "period": ("quand : ex. : automne 2025", "when: e.g. fall 2025"),
}


class _Cancelled(Exception):
    """The member typed « annuler » or input ended."""


def _id_or_fail(args: str, usage: str, lang: str) -> int:
    practice_id = parse_id(args)
    if practice_id is None:
        raise InvalidInput("error.invalid", detail=t("practices.need_id", lang, usage=usage))
    return practice_id


async def _ask_field(
    ctx: Context,
    name: str,
    *,
    current: Any = None,
    editing: bool = False,
    suggestions: tuple[str, ...] = (),
) -> tuple[bool, Any]:
    """Ask one field until its answer is valid: (done, value or None when skipped)."""
    spec = SPECS[name]
    label = field_label(name, ctx.lang)
    tag = t("practices.ask.required" if spec.required else "practices.ask.optional", ctx.lang)
    hint = FIELD_HINTS.get(name, ("", ""))[1 if ctx.lang == "en" else 0]
    prompt = f"{ctx.style.bold(label)} ({tag}; {hint})" if hint else f"{label} ({tag})"
    if editing and current:
        shown = "; ".join(current) if isinstance(current, tuple) else str(current)
        shown = shown if len(shown) <= 120 else shown[:117] + "…"
        prompt += "\n  " + ctx.style.dim(
            t("practices.ask.current", ctx.lang, value=inert_plain(shown))
        )
    if suggestions:
        ctx.write(
            ctx.style.dim(t("practices.ask.suggested", ctx.lang, names=", ".join(suggestions)))
        )
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
            if spec.required and not (editing and current):
                ctx.write(ctx.style.warn(t("practices.ask.still_required", ctx.lang)))
                continue
            return False, None
        if folded in _CLEAR:
            if spec.required:
                ctx.write(ctx.style.warn(t("practices.ask.still_required", ctx.lang)))
                continue
            return False, () if spec.kind == "list" else ""
        try:
            return False, normalize_field(name, answer)
        except CoopiloteError as exc:  # the core's rule, said right away
            ctx.write(ctx.style.error(exc.message(ctx.lang)))


async def _ask_reason(ctx: Context, key: str) -> str | None:
    """A reason asked for; None (and « cancelled » said) when none is given."""
    answer = await ctx.ask(t(key, ctx.lang))
    if answer is None or not answer.strip() or fold(answer.strip()) in _CANCEL:
        ctx.write(t("practices.ask.cancelled", ctx.lang))
        return None
    return answer


async def _confirm(ctx: Context, question: str) -> bool:
    answer = await ctx.ask(question)
    return answer is not None and fold(answer.strip()) in _YES


@handles("/pratique partager")
async def partager(ctx: Context, args: str) -> None:
    """The console's /pratique partager."""
    ctx.write(ctx.style.dim(t("practices.ask.intro", ctx.lang)))
    values: dict[str, Any] = {}
    done = False
    try:
        for name in FORM:
            if done and not SPECS[name].required:
                continue
            suggestions: tuple[str, ...] = ()
            if name == "families":
                text = " ".join(str(values.get(n, "")) for n in ("title", "need", "actions"))
                suggestions = ctx.services.practices.suggest_families(text)
            stop, value = await _ask_field(ctx, name, suggestions=suggestions)
            if stop:
                done = True
                if SPECS[name].required and name not in values:
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
        ctx.write(t("practices.ask.cancelled", ctx.lang))
        return
    ctx.write(ctx.style.title(t("practices.ask.preview", ctx.lang)))
    preview = build_content(values)
    ctx.write(ctx.style.bold(inert_plain(preview.title)))
    ctx.write("\n".join(render_content_fields(preview, ctx.lang, ctx.style)))
    if not await _confirm(ctx, t("practices.ask.confirm", ctx.lang)):
        ctx.write(t("practices.ask.cancelled", ctx.lang))
        return
    view = await ctx.services.practices.post(ctx.actor, values, shared=shared)
    ctx.write(ctx.style.good(t("practices.posted", ctx.lang, id=view.id)))


@handles("/pratique chercher")
async def chercher(ctx: Context, args: str) -> None:
    """The console's /pratique chercher."""
    request = parse_search(args)
    page = await ctx.services.practices.search(ctx.actor, request)
    ctx.write(render_search(page, ctx.lang, ctx.style))


@handles("/pratique voir")
async def voir(ctx: Context, args: str) -> None:
    """The console's /pratique voir."""
    practice_id = _id_or_fail(args, "/pratique voir 12", ctx.lang)
    view = await ctx.services.practices.view(ctx.actor, practice_id)
    ctx.write(render_practice(view, ctx.lang, ctx.style))


@handles("/pratique versions")
async def versions(ctx: Context, args: str) -> None:
    """The console's /pratique versions."""
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
        ctx.write(render_version(chosen[0], ctx.lang, ctx.style))
        return
    ctx.write(render_versions(history, ctx.lang, ctx.style))


@handles("/pratique utile")
async def utile(ctx: Context, args: str) -> None:
    """The console's /pratique utile."""
    practice_id = _id_or_fail(args, "/pratique utile 12", ctx.lang)
    result = await ctx.services.practices.toggle_useful(ctx.actor, practice_id)
    key = "practices.marked" if result.marked else "practices.unmarked"
    ctx.write(
        t(
            key,
            ctx.lang,
            id=result.practice_id,
            title=inert_plain(result.title),
            count=result.useful_count,
        )
    )


@handles("/pratique modifier")
async def modifier(ctx: Context, args: str) -> None:
    """The console's /pratique modifier."""
    practice_id = _id_or_fail(args, "/pratique modifier 12", ctx.lang)
    service = ctx.services.practices
    view = await service.view(ctx.actor, practice_id)
    # Said before the form, not after it: nobody fills fourteen fields for a refusal.
    if not view.can_edit:
        raise PermissionDenied("practices.error.not_author")
    if view.withdrawn:
        raise StateConflict("practices.error.withdrawn_edit", id=view.id)
    ctx.write(ctx.style.dim(t("practices.ask.edit_intro", ctx.lang, id=practice_id)))
    changes: dict[str, Any] = {}
    try:
        for name in FORM:
            current = getattr(view.content, name)
            stop, value = await _ask_field(ctx, name, current=current, editing=True)
            if stop:
                break
            if value is not None and value != current:
                changes[name] = value
    except _Cancelled:
        ctx.write(t("practices.ask.cancelled", ctx.lang))
        return
    if not changes:
        ctx.write(t("practices.ask.nothing_changed", ctx.lang))
        return
    fields = ", ".join(field_label(n, ctx.lang) for n in changes)
    if not await _confirm(ctx, t("practices.ask.confirm_edit", ctx.lang, fields=fields)):
        ctx.write(t("practices.ask.cancelled", ctx.lang))
        return
    edited = await service.edit(ctx.actor, practice_id, changes)
    if edited.version == view.version:
        ctx.write(t("practices.ask.nothing_changed", ctx.lang))
        return
    ctx.write(ctx.style.good(t("practices.edited", ctx.lang, id=edited.id, version=edited.version)))


@handles("/pratique retirer")
async def retirer(ctx: Context, args: str) -> None:
    """The console's /pratique retirer."""
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
    ctx.write(t("practices.withdrawn_done", ctx.lang, id=view.id))


@handles("/pratique purger")
async def purger(ctx: Context, args: str) -> None:
    """The console's /pratique purger."""
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
        ctx.write(t("practices.ask.cancelled", ctx.lang))
        return
    await ctx.services.practices.purge_version(ctx.actor, practice_id, number, reason)
    ctx.write(ctx.style.good(t("practices.purged", ctx.lang, id=practice_id, number=number)))


@handles("/pratique restaurer")
async def restaurer(ctx: Context, args: str) -> None:
    """The console's /pratique restaurer."""
    if parse_id(args) is None:
        page = await ctx.services.practices.withdrawn(ctx.actor)
        ctx.write(render_list(page, ctx.lang, ctx.style))
        return
    view = await ctx.services.practices.restore(ctx.actor, _id_or_fail(args, "", ctx.lang))
    ctx.write(ctx.style.good(t("practices.restored", ctx.lang, id=view.id)))


@handles("/pratique diffuser")
async def diffuser(ctx: Context, args: str) -> None:
    """The console's /pratique diffuser."""
    practice_id = _id_or_fail(args, "/pratique diffuser 12", ctx.lang)
    words = [fold(w) for w in args.split()[1:]]
    shared = not (words and words[0] in {"non", "no", "off", "arreter", "0"})
    view = await ctx.services.practices.set_shared(ctx.actor, practice_id, shared)
    key = "practices.shared_on" if view.shared else "practices.shared_off"
    ctx.write(t(key, ctx.lang, id=view.id))


@handles("/pratiques")
async def pratiques(ctx: Context, args: str) -> None:
    """The console's /pratiques."""
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
    ctx.write(render_list(await listing(ctx.actor, page), ctx.lang, ctx.style))


@handles("/pratique")
async def pratique(ctx: Context, args: str) -> None:
    """The console's /pratique."""
    if not args.strip():
        await pratiques(ctx, "")
    elif parse_id(args) is not None and len(args.split()) == 1:
        await voir(ctx, args)
    else:
        await chercher(ctx, args)
