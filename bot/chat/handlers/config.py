"""/coopilote: a community's configuration, shown and changed through the core, on every platform.

Text platforms type a setting and its value (« /coopilote langue en », « !coopilote
fuseau America/Toronto », several as « langue=en fuseau=America/Toronto »); Discord gives the
same settings as typed options (role and channel pickers) and calls `configure` with
`Changes` directly, roles and channels given by id and name. Who may configure, which timezone
exists and which vote settings are valid are the core's decisions (`Communities.update_settings`,
`DecisionService.set_defaults`): nothing here decides them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from bot.chat import commands as chat
from bot.chat.commands import CommandSpec
from bot.chat.context import ChatContext
from bot.chat.handlers import Handler, handles
from bot.chat.messages import config as _messages  # noqa: F401  (registers the texts)
from bot.chat.render import decisions as render_decisions
from bot.chat.reply import Block, Field, Fields, Heading, Items, Reply, Text
from bot.core.actor import Actor
from bot.core.app import Services
from bot.core.communities import CommunityView
from bot.core.decisions.options import RuleChoices, split_options
from bot.core.errors import InvalidInput
from bot.core.i18n import t
from bot.core.text import fold

# Option (a `Changes` field, a message « config.<option> ») → the core's setting of the role's
# name (what members are matched by); « <setting>_id » holds the platform's id when it has one
# (a configured role then follows renames: `Communities.follow_role`).
ROLE_SETTINGS = {
    "role_ca": "board_role",
    "role_membres": "member_role",
    "role_moderation": "practices_moderator_role",
    "role_admin": "admin_role",
}
# Where results and announcements go (default: the channel where a vote was launched).
ANNOUNCE_SETTING = "announce_channel_id"
ANNOUNCE_NAME = "announce_channel"  # its name as the admin gave it, for text platforms
ROLE_NAME_MAX = 100

# (kind « role » | « channel », platform id) → its live name (Discord: « #annonces »), or None.
Names = Callable[[str, str], str | None]


@dataclass(frozen=True, slots=True)
class Pick:
    """A role or a channel as a platform gives it: a name, and its id where the platform has one."""

    name: str
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Changes:
    """What an admin asked to change; None: unchanged. Field names are the options' keys."""

    role_ca: Pick | None = None
    role_membres: Pick | None = None
    role_moderation: Pick | None = None
    role_admin: Pick | None = None
    annonces: Pick | None = None  # Pick("") : back to the default
    langue: str | None = None
    fuseau: str | None = None
    distance: str | None = None  # « enteriner » | « reglements » (or a word the core reads)
    appui: bool | None = None
    rappels: str | None = None  # « 48h,2h », « aucun »

    def named(self) -> list[str]:
        """The options given, in declared order."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


def language(value: str) -> str:
    """« fr », « français », « English »… → 'fr' | 'en'; InvalidInput otherwise."""
    word = fold(value.strip())
    for choice in chat.spec("/coopilote langue").options[0].choices:
        if word in {choice.value, fold(choice.fr), fold(choice.en)}:
            return choice.value
    raise InvalidInput("config.bad_language", value=value.strip()[:40])


def _option(key: str, value: str) -> RuleChoices:
    """One vote setting read by the core's option reader (the same words as /vote regles)."""
    rest, parsed = split_options(f". {key}={value}")
    if rest != ".":  # more than one word where one value was expected
        raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
    return parsed


def rule_choices(changes: Changes) -> RuleChoices:
    """The vote settings asked for, read (and refused when unreadable) before anything changes."""
    reminders = None
    if changes.rappels is not None:
        parsed = _option("rappels", re.sub(r"\s+", "", changes.rappels))
        reminders = parsed.reminders if parsed.reminders is not None else ()
    distance = None
    if changes.distance is not None:
        distance = _option("distance", changes.distance.strip()).distance
    return RuleChoices(distance=distance, seconder=changes.appui, reminders=reminders)


def settings_changes(changes: Changes) -> dict[str, Any]:
    """The community settings to write for `changes` (language and timezone checked by the core)."""
    out: dict[str, Any] = {}
    for option, key in ROLE_SETTINGS.items():
        pick: Pick | None = getattr(changes, option)
        if pick is not None:
            out[key] = pick.name.strip()[:ROLE_NAME_MAX]
            # Given by name only: an id chosen before no longer names it.
            out[f"{key}_id"] = pick.id
    if changes.annonces is not None:
        out[ANNOUNCE_SETTING] = changes.annonces.id
        out[ANNOUNCE_NAME] = changes.annonces.name.strip()[:ROLE_NAME_MAX] or None
    if changes.langue is not None:
        out["language"] = language(changes.langue)
    if changes.fuseau is not None:
        out["timezone"] = changes.fuseau.strip()
    return out


def _role_shown(view: CommunityView, key: str, lang: str, names: Names | None) -> str:
    name = str(view.settings.get(key) or "")
    if names is None:  # a text platform: roles are names
        return name or "—"
    role_id = view.settings.get(f"{key}_id")
    live = names("role", str(role_id)) if role_id else None
    return live or t("config.by_name", lang, name=name or "—")


def _announce_shown(view: CommunityView, lang: str, names: Names | None) -> str:
    channel_id = view.settings.get(ANNOUNCE_SETTING)
    if not channel_id:
        return t("config.announce_default", lang)
    if names is not None:
        return names("channel", str(channel_id)) or t("config.announce_default", lang)
    return str(view.settings.get(ANNOUNCE_NAME) or channel_id)


def summary(view: CommunityView, rules: Reply, lang: str, names: Names | None = None) -> Reply:
    """The community's configuration as an admin reads it (`names`: the platform's live names)."""
    shown = [
        Field(t(f"config.{option}", lang), _role_shown(view, key, lang, names))
        for option, key in ROLE_SETTINGS.items()
    ]
    shown += [
        Field(t("config.annonces", lang), _announce_shown(view, lang, names)),
        Field(t("config.langue", lang), view.language),
        Field(t("config.fuseau", lang), view.timezone),
    ]
    items = [b for b in rules.blocks if isinstance(b, Items)]
    blocks: list[Block] = [
        Heading(t("config.title", lang)),
        Fields(tuple(shown)),
        Heading(t("config.vote_rules", lang)),
        *items,
    ]
    return Reply(tuple(blocks), ephemeral=True)


async def configure(
    services: Services,
    actor: Actor,
    changes: Changes,
    lang: str | None,
    *,
    names: Names | None = None,
    hint: str = "config.hint",
) -> Reply:
    """Apply `changes` through the core and return the configuration as it now is.

    `lang` None: the community's language (after the change). `hint` is shown when nothing
    changed (each platform says how to change a setting its own way). Domain errors propagate:
    the platform's dispatch turns them into one message.
    """
    # Read everything first: an unreadable value changes nothing.
    rules = rule_choices(changes)
    written = settings_changes(changes)
    # The core says who may configure (the platform's admins or the admin role); asked even
    # when nothing changes, so that only admins read the configuration.
    view = await services.communities.update_settings(actor, **written)
    if rules.is_empty():
        defaults = await services.decisions.defaults(actor)
    else:
        defaults = await services.decisions.set_defaults(actor, rules)
    lang = lang or view.language
    shown = summary(view, render_decisions.defaults(defaults, lang), lang, names)
    given = changes.named()
    note = (
        Text(
            t("config.saved", lang, names=", ".join(t(f"config.{k}", lang) for k in given)),
            "good",
        )
        if given
        else Text(t(hint, lang), "dim")
    )
    return Reply((*shown.blocks, note), ephemeral=True)


# --- Text platforms: « /coopilote <réglage> <valeur> » -----------------------------------------

SHOW = "voir"
_SHOW_WORDS = {"voir", "show", "afficher", "config", "configuration"}
# Words that read well beyond the subcommands' and options' own names.
_MORE_WORDS = {"announcements": "annonces", "salon": "annonces", "channel": "annonces"}


def _subcommands() -> list[CommandSpec]:
    """The declared « /coopilote <réglage> » commands, in declared order."""
    return [s for s in chat.COMMANDS if s.path[0] == "coopilote" and len(s.path) == 2]


def _setting_words() -> dict[str, str]:
    """Folded word (French subcommand, option names in both languages) → subcommand."""
    out = dict.fromkeys(_SHOW_WORDS, SHOW) | _MORE_WORDS
    for one in _subcommands():
        sub = one.path[1]
        out[sub] = sub
        for option in one.options:
            out[fold(option.name)] = sub
            out[fold(option.name_en)] = sub
    return out


def _unknown(word: str) -> InvalidInput:
    known = ", ".join(s.path[1] for s in _subcommands() if s.path[1] != SHOW)
    return InvalidInput("config.unknown_setting", name=word[:40], known=known)


_PAIR = re.compile(r"""([^\s=]+)=("[^"]*"|«[^»]*»|“[^”]*”|\S*)""")


def _unquote(value: str) -> str:
    value = value.strip()
    for left, right in (('"', '"'), ("«", "»"), ("“", "”")):
        if len(value) >= 2 and value.startswith(left) and value.endswith(right):
            return value[1:-1].strip()
    return value


def _value(sub: str, raw: str, here: str | None) -> tuple[str, Any]:
    """(the `Changes` field, its value) for one typed setting."""
    value = _unquote(raw)
    if not value:
        usage = chat.spec(f"/coopilote {sub}").usage
        raise InvalidInput("config.missing_value", usage=usage)
    option = sub.replace("-", "_")
    if option in ROLE_SETTINGS:
        return option, Pick(value)
    if sub == "annonces":
        word = fold(value)
        if word in {"ici", "here"}:
            return option, Pick("", here)
        if word in {"defaut", "default", "aucun", "none"}:
            return option, Pick("")
        return option, Pick(value, value)
    if sub == "appui":
        return option, _option("appui", value).seconder
    return option, value


def parse(line: str, here: str | None = None) -> Changes:
    """A typed line (« langue en », « langue=en fuseau=America/Toronto ») as `Changes`.

    `here`: the channel the line was typed in (« annonces ici »).
    """
    line = line.strip()
    if not line:
        return Changes()
    words = _setting_words()
    first = line.split(maxsplit=1)[0]
    if "=" in first:
        pairs = [(m.group(1), m.group(2)) for m in _PAIR.finditer(line)]
        left = _PAIR.sub(" ", line).split()
        if left:  # a word outside « réglage=valeur » (an unquoted name with spaces)
            raise _unknown(left[0])
    else:
        rest = line[len(first) :]
        pairs = [(first, rest)]
    values: dict[str, Any] = {}
    for word, raw in pairs:
        sub = words.get(fold(word))
        if sub is None:
            raise _unknown(word)
        if sub == SHOW:
            continue
        option, value = _value(sub, raw, here)
        values[option] = value
    return Changes(**values)


async def show_changes(ctx: ChatContext, changes: Changes) -> None:
    """Apply `changes` for the context's actor and show the configuration."""
    await ctx.show(await configure(ctx.services, ctx.actor, changes, ctx.lang))


@handles("/coopilote")
async def coopilote(ctx: ChatContext, args: str) -> None:
    """/coopilote [réglage valeur]: the configuration, or one (or more) settings changed."""
    await show_changes(ctx, parse(args, ctx.actor.channel_id))


def _subcommand(sub: str) -> Handler:
    async def run(ctx: ChatContext, args: str) -> None:
        if sub == SHOW:
            await show_changes(ctx, Changes())
            return
        option, value = _value(sub, args, ctx.actor.channel_id)
        await show_changes(ctx, Changes(**{option: value}))

    run.__doc__ = f"/coopilote {sub}."
    return run


for _spec in _subcommands():
    handles(_spec.name)(_subcommand(_spec.path[1]))
