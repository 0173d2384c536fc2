"""Console commands of decisions: motions, polls, meeting polls, the register, identities.

Short French commands with English aliases; a missing part is asked for (guided prompts).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from bot.chat.forms import MOTION
from bot.chat.messages import decisions as _messages  # noqa: F401  (registers the texts)
from bot.chat.render import decisions as render
from bot.console.actor import CONSOLE_COMMUNITY, console_actor
from bot.console.context import Context
from bot.console.dialog import field_prompt
from bot.console.registry import console_only, handles
from bot.core.actor import Actor
from bot.core.communities import MemberInfo
from bot.core.decisions.deadlines import parse_duration
from bot.core.decisions.options import RuleChoices, split_options
from bot.core.errors import InvalidInput
from bot.core.i18n import register, t
from bot.core.mentions import inert
from bot.core.text import clean_text, fold
from bot.core.timefmt import format_datetime, format_duration

register(
    {
        "console.ask.name": {
            "fr": "Nom du membre à incarner (ex. : Sophie) :",
            "en": "Name of the member to act as (e.g. Sophie):",
        },
        "console.identity.now": {
            "fr": "Vous agissez maintenant comme {name} (rôles : {roles}).",
            "en": "You now act as {name} (roles: {roles}).",
        },
        "console.identity.back": {
            "fr": "Vous êtes de nouveau vous-même : {name}.",
            "en": "You are yourself again: {name}.",
        },
        "console.me.others": {
            "fr": "Identités prises : {names}. Changer : /en-tant-que <nom> · revenir : "
            "/en-tant-que moi",
            "en": "Identities taken: {names}. Switch: /en-tant-que <name> · back: /en-tant-que moi",
        },
        "console.demo.done": {
            "fr": "Conseil de démonstration créé : {count} administrateurs, {board} et vous. "
            "Membres : {members}.\nSes règlements permettent le vote à distance à la majorité "
            "(distance=reglements) : une proposition adoptée est une résolution numérotée.\n"
            "Essayez : /vote proposer Que le conseil adopte le budget 2027. — puis "
            "/en-tant-que Sophie, /vote appuyer 1, /vote pour 1, /en-tant-que Marc, "
            "/vote contre 1… et /votes, /registre.",
            "en": "Demo board created: {count} directors, {board} and you. Members: {members}.\n"
            "Its bylaws allow remote majority votes (distance=reglements): an adopted motion "
            "is a numbered resolution.\n"
            "Try: /vote proposer That the board adopt the 2027 budget. — then "
            "/en-tant-que Sophie, /vote appuyer 1, /vote pour 1, /en-tant-que Marc, "
            "/vote contre 1… and /votes, /registre.",
        },
        "console.advance.done": {
            "fr": "Horloge de la console avancée de {duration} : nous sommes le {now}. "
            "Travail échu exécuté : {count} tâche(s).",
            "en": "Console clock moved forward by {duration}: it is now {now}. Work that came "
            "due has run: {count} job(s).",
        },
        "console.advance.usage": {
            "fr": "Utilisation : /demo avancer <durée> (ex. : 3j, 72h, 90min). Rien n’a été fait.",
            "en": "Usage: /demo avancer <duration> (e.g. 3j, 72h, 90min). Nothing was done.",
        },
        "console.advance.unsupported": {
            "fr": "L’horloge de cette session ne peut pas être avancée.",
            "en": "This session's clock cannot be moved.",
        },
        "console.export.empty": {
            "fr": "Aucune décision pour {period} : aucun fichier écrit.",
            "en": "No decision for {period}: no file written.",
        },
        "console.export.done": {
            "fr": "Registre exporté ({count} décision(s)) : {path}",
            "en": "Register exported ({count} decision(s)): {path}",
        },
    }
)

DEMO_BOARD = (
    "Sophie Tremblay",
    "Marc Gagnon",
    "Amina Diallo",
    "Jean-François Roy",
    "Isabelle Côté",
)
DEMO_MEMBERS = ("Luc Bergeron", "Nadia Haddad", "Chloé Pelletier")

_NUMBER = re.compile(
    r"^\s*(?:n\s*[°o]\s*|no\.?\s*|#)?(\d{1,9})\b\s*(.*)$", re.IGNORECASE | re.DOTALL
)


def _take_number(args: str) -> tuple[int | None, str]:
    """« 3 pour », « n° 3 », « #3 » → (3, rest); (None, args) when it does not start so."""
    match = _NUMBER.match(args)
    if not match:
        return None, args.strip()
    return int(match.group(1)), match.group(2).strip()


async def _ask(ctx: Context, key: str, **params: object) -> str | None:
    answer = await ctx.ask(t(key, ctx.lang, **params))
    return None if answer is None else answer.strip()


async def _ask_field(ctx: Context, name: str) -> str | None:
    """One field of the motion form, asked as the form declares it."""
    prompt = field_prompt(MOTION.field(name), ctx.lang, ctx.style)
    answer = await ctx.ask(prompt + " :")
    return None if answer is None else answer.strip()


def _cancel(ctx: Context) -> None:
    ctx.write(t("chat.cancelled", ctx.lang))


async def _number(ctx: Context, args: str, kinds: tuple[str, ...] = ()) -> tuple[int | None, str]:
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
    ctx.show(render.listing(votes, ctx.lang, ctx.services.clock.now()))
    if not votes:
        return None, rest
    answer = await _ask(ctx, "chat.ask.number")
    if not answer:
        return None, rest
    number, extra = _take_number(answer)
    if number is None:
        raise InvalidInput("decision.bad_number", value=answer[:30])
    return number, (rest + " " + extra).strip()


def _show(ctx: Context, view) -> None:  # type: ignore[no-untyped-def]
    ctx.show(render.vote(view, ctx.lang, ctx.services.clock.now()))


# --- /vote -----------------------------------------------------------------------------------


@handles("/vote")
async def vote(ctx: Context, args: str) -> None:
    """The console's /vote."""
    words = args.split(maxsplit=1)
    if not words:
        await votes(ctx, "")
        ctx.write(ctx.style.dim(t("chat.vote.usage", ctx.lang)))
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
            ctx.show(render.receipt(receipt, ctx.lang))
        else:
            await voir(ctx, str(number))
        return
    ctx.write(ctx.style.error(t("chat.unknown_command", ctx.lang, name=f"/vote {words[0]}")))
    ctx.write(ctx.style.dim(t("chat.vote.usage", ctx.lang)))


@handles("/vote proposer")
async def proposer(ctx: Context, args: str) -> None:
    """The console's /vote proposer."""
    text, choices = split_options(args)
    if not text:
        answer = await _ask_field(ctx, "text")
        if not answer:
            _cancel(ctx)
            return
        text, more = split_options(answer)
        choices = choices.merged(more)
        if choices.title is None:
            title = await _ask_field(ctx, "title")
            if title is None:
                _cancel(ctx)
                return
            if title:
                choices = replace(choices, title=title)
        if choices.is_empty() or set(_chosen(choices)) <= {"title"}:
            defaults = await ctx.services.decisions.defaults(ctx.actor)
            ctx.show(render.defaults(defaults, ctx.lang))
            extra = await _ask_field(ctx, "rules")
            if extra is None:
                _cancel(ctx)
                return
            choices = choices.merged(_options_only(extra))
    view = await ctx.services.decisions.propose(
        ctx.actor, text, title=choices.title, choices=choices
    )
    _show(ctx, view)


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
async def appuyer(ctx: Context, args: str) -> None:
    """The console's /vote appuyer."""
    number, _ = await _number(ctx, args, ("motion",))
    if number is None:
        _cancel(ctx)
        return
    _show(ctx, await ctx.services.decisions.second(ctx.actor, number))


async def _cast(ctx: Context, args: str, choice: str) -> None:
    number, _ = await _number(ctx, args, ("motion",))
    if number is None:
        _cancel(ctx)
        return
    receipt = await ctx.services.decisions.cast(ctx.actor, number, choice)
    ctx.show(render.receipt(receipt, ctx.lang))


@handles("/vote pour")
async def pour(ctx: Context, args: str) -> None:
    """The console's /vote pour."""
    await _cast(ctx, args, "pour")


@handles("/vote contre")
async def contre(ctx: Context, args: str) -> None:
    """The console's /vote contre."""
    await _cast(ctx, args, "contre")


@handles("/vote abstention")
async def abstention(ctx: Context, args: str) -> None:
    """The console's /vote abstention."""
    await _cast(ctx, args, "abstention")


@handles("/vote conflit")
async def conflit(ctx: Context, args: str) -> None:
    """The console's /vote conflit."""
    number, reason = await _number(ctx, args)
    if number is None:
        _cancel(ctx)
        return
    view = await ctx.services.decisions.declare_conflict(ctx.actor, number, reason)
    ctx.write(ctx.style.good(t("chat.conflict", ctx.lang, number=number)))
    _show(ctx, view)


@handles("/vote retirer")
async def retirer(ctx: Context, args: str) -> None:
    """The console's /vote retirer."""
    number, _ = await _number(ctx, args)
    if number is None:
        _cancel(ctx)
        return
    await ctx.services.decisions.withdraw(ctx.actor, number)
    ctx.write(ctx.style.good(t("chat.withdrawn", ctx.lang, number=number)))


@handles("/vote fermer")
async def fermer(ctx: Context, args: str) -> None:
    """The console's /vote fermer."""
    number, _ = await _number(ctx, args)
    if number is None:
        _cancel(ctx)
        return
    await ctx.services.decisions.close(ctx.actor, number)
    ctx.write(ctx.style.good(t("chat.closed", ctx.lang, number=number)))


@handles("/vote voir")
async def voir(ctx: Context, args: str) -> None:
    """The console's /vote voir."""
    number, _ = await _number(ctx, args)
    if number is None:
        _cancel(ctx)
        return
    _show(ctx, await ctx.services.decisions.show(ctx.actor, number))


@handles("/vote regles")
async def regles(ctx: Context, args: str) -> None:
    """The console's /vote regles."""
    if args.strip():
        defaults = await ctx.services.decisions.set_defaults(ctx.actor, _options_only(args))
    else:
        defaults = await ctx.services.decisions.defaults(ctx.actor)
    ctx.show(render.defaults(defaults, ctx.lang))


@handles("/vote enteriner")
async def enteriner(ctx: Context, args: str) -> None:
    """The console's /vote enteriner."""
    number, meeting = await _number(ctx, args)
    if number is None:
        _cancel(ctx)
        return
    if not meeting:
        meeting = await _ask(ctx, "chat.ask.meeting_date") or ""
        if not meeting:
            _cancel(ctx)
            return
    _show(ctx, await ctx.services.decisions.ratify(ctx.actor, number, meeting))


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
async def votes(ctx: Context, args: str) -> None:
    """The console's /votes."""
    found = await ctx.services.decisions.list_open(ctx.actor)
    ctx.show(render.listing(found, ctx.lang, ctx.services.clock.now()))


@handles("/repondre")
async def repondre(ctx: Context, args: str) -> None:
    """The console's /repondre."""
    number, answer = await _number(ctx, args, ("poll", "meeting"))
    if number is None:
        _cancel(ctx)
        return
    if not answer:
        _show(ctx, await ctx.services.decisions.show(ctx.actor, number))
        answer = await _ask(ctx, "chat.ask.choice") or ""
        if not answer:
            _cancel(ctx)
            return
    receipt = await ctx.services.decisions.cast(ctx.actor, number, answer)
    ctx.show(render.receipt(receipt, ctx.lang))


# --- Polls ----------------------------------------------------------------------------------


async def _collect(ctx: Context, key: str) -> list[str] | None:
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
    ctx: Context, args: str, head_key: str, item_key: str
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
            _cancel(ctx)
            return None
    guided = "|" not in text
    if guided:
        collected = await _collect(ctx, item_key)
        if collected is None:
            _cancel(ctx)
            return None
        items = collected
    return head, items, choices, guided


@handles("/sondage")
async def sondage(ctx: Context, args: str) -> None:
    """The console's /sondage."""
    parsed = await _head_and_items(ctx, args, "chat.ask.question", "chat.ask.option")
    if parsed is None:
        return
    question, options, choices, guided = parsed
    if guided:
        extra = await _ask(ctx, "chat.ask.poll_options")
        if extra is None:
            _cancel(ctx)
            return
        choices = choices.merged(_options_only(extra))
    view = await ctx.services.decisions.create_poll(ctx.actor, question, options, choices=choices)
    _show(ctx, view)


@handles("/reunion")
async def reunion(ctx: Context, args: str) -> None:
    """The console's /reunion."""
    parsed = await _head_and_items(ctx, args, "chat.ask.meeting_title", "chat.ask.slot")
    if parsed is None:
        return
    title, slots, choices, _ = parsed
    view = await ctx.services.decisions.create_meeting(ctx.actor, title, slots, choices=choices)
    _show(ctx, view)


# --- Register -------------------------------------------------------------------------------

_OUTCOMES = {
    **dict.fromkeys(("adoptees", "adoptee", "adopted", "adoptes"), "adopted"),
    **dict.fromkeys(("rejetees", "rejetee", "rejected", "rejetes"), "rejected"),
    **dict.fromkeys(("sans-quorum", "quorum", "no-quorum"), "no_quorum"),
}


@handles("/registre")
async def registre(ctx: Context, args: str) -> None:
    """The console's /registre."""
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
    ctx.show(render.register(entries, ctx.lang))


@handles("/registre extrait")
async def extrait(ctx: Context, args: str) -> None:
    """The console's /registre extrait."""
    ref = args.strip()
    if not ref:
        await registre(ctx, "")
        ref = await _ask(ctx, "chat.ask.number") or ""
        if not ref:
            _cancel(ctx)
            return
    found = await ctx.services.decisions.extract(ctx.actor, ref, lang=ctx.lang)
    ctx.write(found.markdown.rstrip("\n"))


@handles("/registre exporter")
async def exporter(ctx: Context, args: str) -> None:
    """The console's /registre exporter."""
    value = args.strip()
    year = int(value) if re.fullmatch(r"\d{4}", value) else None
    if value and (year is None or not 1900 <= year <= 2999):
        raise InvalidInput("chat.export.bad_year", value=value[:20])
    export = await ctx.services.decisions.export_register(ctx.actor, year=year, lang=ctx.lang)
    if export.count == 0:
        # Never overwrite an earlier export with an empty register.
        ctx.write(t("console.export.empty", ctx.lang, period=export.period))
        return
    folder = Path(ctx.services.settings.data_dir) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"registre-{year or 'complet'}.md"
    path.write_text(export.markdown, encoding="utf-8")
    ctx.write(ctx.style.good(t("console.export.done", ctx.lang, count=export.count, path=path)))


# --- Identities -----------------------------------------------------------------------------

_ROLE_WORDS = {"ca": "board", "conseil": "board", "board": "board", "membre": "member"}
_ROLE_WORDS.update({"membres": "member", "member": "member", "admin": "admin"})


async def _role_names(ctx: Context) -> dict[str, str]:
    view = await ctx.services.communities.settings(CONSOLE_COMMUNITY)
    s = view.settings
    return {"board": s["board_role"], "member": s["member_role"], "admin": s["admin_role"]}


def _roles_text(actor: Actor, lang: str) -> str:
    return ", ".join(sorted(actor.roles)) or t("chat.identity.none", lang)


@console_only(
    "/en-tant-que",
    en="Act as another member to try a vote alone (« moi » to come back)",
    usage="/en-tant-que <nom> [ca|membre|admin]",
    aliases=("/as", "/entantque"),
)
async def en_tant_que(ctx: Context, args: str) -> None:
    """Agir comme un autre membre pour essayer un vote seul (« moi » pour revenir)."""
    # Control characters never reach the terminal, the register or an extract.
    tokens = clean_text(args, limit=200, multiline=False).split()
    roles: list[str] = []
    while tokens and fold(tokens[-1]) in _ROLE_WORDS and len(tokens) > 1:
        roles.insert(0, _ROLE_WORDS[fold(tokens.pop())])
    name = " ".join(tokens)
    if not name:
        name = await _ask(ctx, "console.ask.name") or ""
        if not name:
            _cancel(ctx)
            return
    if fold(name) in ("moi", "me", "myself", "proprietaire", "owner"):
        ctx.actor = console_actor()
        ctx.write(t("console.identity.back", ctx.lang, name=ctx.actor.display_name))
        return
    names = await _role_names(ctx)
    key = fold(name)
    actor = ctx.identities.get(key)
    if actor is None or roles:
        wanted = frozenset(names[r] for r in roles) if roles else None
        if actor is None:
            actor = console_actor(name, wanted or frozenset({names["board"], names["member"]}))
        elif wanted is not None:
            actor = replace(actor, roles=wanted, is_admin="admin" in roles)
        ctx.identities[key] = actor
    ctx.actor = actor
    ctx.write(
        t(
            "console.identity.now",
            ctx.lang,
            name=inert(actor.display_name),
            roles=_roles_text(actor, ctx.lang),
        )
    )


@handles("/moi")
async def moi(ctx: Context, args: str) -> None:
    """The console's /moi."""
    found = await ctx.services.decisions.list_open(ctx.actor)
    todo = sum(1 for v in found if v.to_do)
    admin = ", " + t("chat.identity.admin", ctx.lang) if ctx.actor.is_admin else ""
    ctx.write(
        t(
            "chat.me",
            ctx.lang,
            name=inert(ctx.actor.display_name),
            roles=_roles_text(ctx.actor, ctx.lang),
            admin=admin,
            todo=todo,
        )
    )
    others = sorted({a.display_name for a in ctx.identities.values()})
    if others:
        ctx.write(ctx.style.dim(t("console.me.others", ctx.lang, names=", ".join(others))))


@console_only(
    "/demo",
    en="Create a small demo board to try a vote alone",
)
async def demo(ctx: Context, args: str) -> None:
    """Créer un CA de démonstration (6 administrateurs avec vous, 3 membres) pour essayer seul."""
    names = await _role_names(ctx)
    board = [console_actor(n, frozenset({names["board"], names["member"]})) for n in DEMO_BOARD]
    members = [console_actor(n, frozenset({names["member"]})) for n in DEMO_MEMBERS]
    owner = console_actor()
    everyone = {a.user_id: a for a in [owner, *ctx.identities.values(), *board, *members]}
    await ctx.services.communities.sync_members(
        CONSOLE_COMMUNITY,
        [MemberInfo(a.user_id, a.display_name, a.roles, a.is_admin) for a in everyone.values()],
    )
    # The demo board's bylaws allow remote majority votes (said in the answer).
    await ctx.services.communities.update_settings(owner, vote_distance="reglements")
    for person in board + members:
        ctx.identities[fold(person.display_name)] = person
        ctx.identities.setdefault(fold(person.display_name.split()[0]), person)
    ctx.write(
        t(
            "console.demo.done",
            ctx.lang,
            count=len(DEMO_BOARD) + 1,
            board=", ".join(DEMO_BOARD),
            members=", ".join(DEMO_MEMBERS),
        )
    )


@console_only(
    "/demo avancer",
    en="Move the console's clock forward and run what came due: /demo avancer 3j",
    usage="/demo avancer <durée>",
)
async def demo_avancer(ctx: Context, args: str) -> None:
    """Avancer l’horloge de la console (3j, 72h, 90min) et exécuter ce qui arrive à échéance."""
    delta = parse_duration(args.strip()) if args.strip() else None
    if delta is None or delta.total_seconds() <= 0:
        ctx.write(ctx.style.error(t("console.advance.usage", ctx.lang)))
        return
    clock = ctx.services.clock
    advance = getattr(clock, "advance", None)
    if advance is None:
        ctx.write(ctx.style.error(t("console.advance.unsupported", ctx.lang)))
        return
    ran = 0
    scheduler = ctx.services.scheduler
    # The background loop is paused meanwhile, so that everything that came due has run
    # (and been announced) here, before the answer.
    looping = scheduler is not None and scheduler.running
    if scheduler is not None:
        await scheduler.stop()
    advance(delta)
    if scheduler is not None:
        # Closings, lapses, reminders, until nothing due is left.
        while (count := await scheduler.run_due()) > 0:
            ran += count
        if looping:
            scheduler.start()
    ctx.write(
        ctx.style.good(
            t(
                "console.advance.done",
                ctx.lang,
                duration=format_duration(delta, ctx.lang),
                now=format_datetime(clock.now(), ctx.tz, ctx.lang),
                count=ran,
            )
        )
    )
