"""Console-only commands around decisions: identities (/en-tant-que), the demo board, its clock.

The decisions' commands themselves are the chat layer's (`bot.chat.handlers.decisions`).
"""

from __future__ import annotations

from dataclasses import replace

from bot.chat.handlers.decisions import moi as shared_moi
from bot.chat.messages import decisions as _messages  # noqa: F401  (registers the texts)
from bot.console.actor import CONSOLE_COMMUNITY, console_actor
from bot.console.context import Context
from bot.console.registry import console_only, extends
from bot.core.actor import Actor
from bot.core.communities import MemberInfo
from bot.core.decisions.deadlines import parse_duration
from bot.core.i18n import register, t
from bot.core.mentions import inert
from bot.core.text import clean_text, fold
from bot.core.timefmt import format_datetime, format_duration

register(
    {
        "console.ask.name": "Nom du membre à incarner (ex. : Sophie) :",
        "console.identity.now": "Vous agissez maintenant comme {name} (rôles : {roles}).",
        "console.identity.back": "Vous êtes de nouveau vous-même : {name}.",
        "console.me.others": (
            "Identités prises : {names}. Changer : /en-tant-que <nom> · revenir : /en-tant-que moi"
        ),
        "console.demo.done": (
            "Conseil de démonstration créé : {count} administrateurs, {board} et vous. "
            "Membres : {members}.\nSes règlements permettent le vote à distance à la majorité "
            "(distance=reglements) : une proposition adoptée est une résolution numérotée.\n"
            "Essayez : /vote proposer Que le conseil adopte le budget 2027. — puis "
            "/en-tant-que Sophie, /vote appuyer 1, /vote pour 1, /en-tant-que Marc, "
            "/vote contre 1… et /votes, /registre."
        ),
        "console.advance.done": (
            "Horloge de la console avancée de {duration} : nous sommes le {now}. "
            "Travail échu exécuté : {count} tâche(s)."
        ),
        "console.advance.usage": (
            "Utilisation : /demo avancer <durée> (ex. : 3j, 72h, 90min). Rien n’a été fait."
        ),
        "console.advance.unsupported": "L’horloge de cette session ne peut pas être avancée.",
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
        name = (await ctx.ask(t("console.ask.name", ctx.lang)) or "").strip()
        if not name:
            ctx.write(t("chat.cancelled", ctx.lang))
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


@extends("/moi")
async def moi(ctx: Context, args: str) -> None:
    """The shared /moi, then the identities taken in this session."""
    await shared_moi(ctx, args)
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
