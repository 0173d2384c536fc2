"""Commands declared once: complete, unambiguous, and buildable on every platform."""

from __future__ import annotations

import inspect
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.chat import commands as chat
from bot.chat.commands import CommandSpec
from bot.console import commands as _console_commands  # noqa: F401  (binds the handlers)
from bot.console.registry import COMMANDS as CONSOLE
from bot.console.registry import resolve
from bot.core.advisor.service import AdvisorService
from bot.core.decisions.service import DecisionService
from bot.core.practices.service import PracticeService
from bot.core.privacy import PrivacyService
from bot.core.text import fold

CONSOLE_ONLY = {("en-tant-que",), ("demo",), ("demo", "avancer"), ("quitter",)}
JOBS = {
    "advisor": AdvisorService,
    "decisions": DecisionService,
    "practices": PracticeService,
    "privacy": PrivacyService,
}


def test_every_declared_command_has_its_console_handler_and_nothing_else_is_console_only():
    declared = {spec.path for spec in chat.for_platform("console")}
    bound = set(CONSOLE)
    assert declared <= bound, f"declared without a console handler: {declared - bound}"
    assert bound - declared == CONSOLE_ONLY
    # The console's help and usage are the declared ones, not a copy.
    for spec in chat.COMMANDS:
        if "console" in spec.platforms:
            assert CONSOLE[spec.path].spec is spec


def test_no_two_commands_share_a_name_or_an_alias():
    every = [cmd.spec for cmd in CONSOLE.values()] + list(chat.COMMANDS)
    specs = {id(s): s for s in every}.values()
    roots = [s.path[0] for s in specs if len(s.path) == 1]
    assert len(roots) == len(set(roots)), roots
    names = roots + [fold(a.lstrip("/")) for s in specs for a in s.aliases]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    paths = [s.path for s in chat.COMMANDS]
    assert len(paths) == len(set(paths))


def test_every_command_names_a_service_method_that_exists():
    for spec in chat.COMMANDS:
        if spec.calls is None:
            continue
        job, method = spec.calls.split(".")
        assert hasattr(JOBS[job], method), spec.calls


def test_every_command_has_help_in_both_languages_and_typed_options():
    for spec in chat.COMMANDS:
        assert spec.help_fr and spec.help_en, spec.name
        assert spec.help("en") == spec.help_en and spec.help("fr") == spec.help_fr
        for option in spec.options:
            assert option.help_fr and option.help_en, (spec.name, option.name)
            assert (option.kind == "choice") == bool(option.choices), (spec.name, option.name)
        required = [o.required for o in spec.options]
        assert required == sorted(required, reverse=True), f"{spec.name}: required ones first"


@pytest.mark.parametrize(
    ("line", "path", "rest"),
    [
        ("/vote pour 3", ("vote", "pour"), "3"),
        ("!vote pour 3", ("vote", "pour"), "3"),  # Matrix
        ("!tool infolettre", ("outil",), "infolettre"),
        ("/Référentiel Champ gestion", ("referentiel", "champ"), "gestion"),
        ("/referentiel vote en ligne", ("referentiel",), "vote en ligne"),
        ("/inconnue x", None, "x"),
    ],
)
def test_a_typed_line_finds_its_command_on_text_platforms(line, path, rest):
    specs = {spec.path: spec for spec in chat.COMMANDS}
    assert chat.find(line, specs, chat.alias_table(chat.COMMANDS)) == (path, rest)
    found, console_rest = resolve(line)
    assert (found.path if found else None, console_rest) == (path, rest)


# --- Discord: the app-command tree built from the same list -----------------------------------

_TYPES = {"text": str, "integer": int, "choice": str}


def _text(fr: str, en: str, limit: int = 100) -> app_commands.locale_str:
    assert len(fr) <= limit and len(en) <= limit, (fr, en)
    return app_commands.locale_str(fr, en=en)


def _discord_command(spec: CommandSpec, name: str) -> app_commands.Command[Any, ..., Any]:
    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        """Not wired yet: the cogs will call the declared job here."""

    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + [
        inspect.Parameter(
            o.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=_TYPES[o.kind] if o.required else _TYPES[o.kind] | None,
            default=inspect.Parameter.empty if o.required else None,
        )
        for o in spec.options
    ]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    described = app_commands.describe(
        **{o.name: _text(o.help_fr, o.help_en) for o in spec.options}
    )(callback)
    choices = {
        o.name: [app_commands.Choice(name=c.fr, value=c.value) for c in o.choices]
        for o in spec.options
        if o.choices
    }
    if choices:
        described = app_commands.choices(**choices)(described)
    return app_commands.Command(
        name=name, description=_text(spec.help_fr, spec.help_en), callback=described
    )


def discord_tree(specs: tuple[CommandSpec, ...]) -> list[app_commands.Command | app_commands.Group]:
    """Top-level commands, and a group for each command that has subcommands."""
    out: list[app_commands.Command | app_commands.Group] = []
    for root, members in chat.groups(specs).items():
        if len(members) == 1 and len(members[0].path) == 1:
            out.append(_discord_command(members[0], root))
            continue
        head = next((m for m in members if len(m.path) == 1), None)
        about = head or members[0]
        group = app_commands.Group(name=root, description=_text(about.help_fr, about.help_en))
        for member in members:
            if len(member.path) == 1:
                assert member.root_as, f"{member.name} needs a subcommand name on Discord"
                group.add_command(_discord_command(member, member.root_as))
            else:
                group.add_command(_discord_command(member, member.path[1]))
        out.append(group)
    return out


class _English(app_commands.Translator):
    async def translate(self, string, locale, context):  # type: ignore[no-untyped-def]
        return string.extras.get("en") if locale.value.startswith("en") else None


async def test_the_discord_command_tree_is_built_from_the_list():
    client = discord.Client(intents=discord.Intents.none())
    tree = app_commands.CommandTree(client)
    for command in discord_tree(chat.for_platform("discord")):
        tree.add_command(command)
    translator = _English()
    payload = {
        c.name: await c.get_translated_payload(tree, translator) for c in tree.get_commands()
    }
    assert len(payload) <= 100
    assert "langue" not in payload and "quitter" not in payload and "demo" not in payload
    vote = payload["vote"]
    subs = {s["name"]: s for s in vote["options"]}
    assert {"proposer", "appuyer", "pour", "contre", "voir", "fermer", "retirer", "regles"} <= set(
        subs
    )
    assert subs["liste"]["description"].startswith("Propositions")
    pour = subs["pour"]
    assert pour["type"] == discord.AppCommandOptionType.subcommand.value
    assert pour["description_localizations"]["en-US"] == "Vote for a motion"
    (number,) = pour["options"]
    assert number["name"] == "numero" and number["required"] is True
    assert number["type"] == discord.AppCommandOptionType.integer.value
    assert number["description_localizations"]["en-US"] == "Vote number"
    registre = {s["name"]: s for s in payload["registre"]["options"]}
    outcome = {o["name"]: o for o in registre["chercher"]["options"]}["issue"]
    assert [c["value"] for c in outcome["choices"]] == ["adoptees", "rejetees", "sans-quorum"]
    pratique = {s["name"] for s in payload["pratique"]["options"]}
    assert {"partager", "chercher", "voir", "utile", "modifier", "retirer", "restaurer"} <= pratique
    assert payload["outil"]["options"][0]["name"] == "besoin"
    for group in payload.values():
        assert len(group.get("options", [])) <= 25
    await client.close()
