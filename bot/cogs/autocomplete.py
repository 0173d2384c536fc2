"""Suggestions while a member types an option: families, fields, open votes, practices,
register numbers — read from the services, filtered by what was typed (accents and case
ignored, any word of the name may match), at most 25 as Discord allows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable

import discord
from discord import app_commands

from bot.chat.commands import CommandSpec, Option
from bot.core.actor import Actor
from bot.core.advisor.referentiel import FIELDS
from bot.core.app import Services
from bot.core.errors import CoopiloteError
from bot.core.text import fold

log = logging.getLogger(__name__)

MAX_CHOICES = 25  # Discord's limit
NAME_MAX = 100  # a choice's shown name
# How many of the newest practices (the core's page limit) and decisions are filtered.
RECENT_PRACTICES = 50
RECENT = 100

Suggest = Callable[[Services, Actor, str, str], Awaitable[list[tuple[str, str | int]]]]


def matches(typed: str, *names: str) -> bool:
    """`typed` begins one of `names` or one of their words (accents and case ignored)."""
    wanted = " ".join(fold(typed).split())
    if not wanted:
        return True
    for name in names:
        folded = " ".join(re.split(r"[\s\-’'/,.:()«»]+", fold(name)))
        if folded.startswith(wanted) or f" {wanted}" in f" {folded}":
            return True
    return False


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NAME_MAX else text[: NAME_MAX - 1] + "…"


def _first(found: Iterable[tuple[str, str | int]]) -> list[tuple[str, str | int]]:
    out: list[tuple[str, str | int]] = []
    for item in found:
        out.append((_shown(item[0]), item[1]))
        if len(out) == MAX_CHOICES:
            break
    return out


async def families(
    services: Services, actor: Actor, typed: str, lang: str
) -> list[tuple[str, str | int]]:
    """Families of the référentiel whose name (or slug) the typed text begins."""
    ref = services.advisor.referentiel
    return _first((f.name, f.name) for f in ref.families if matches(typed, f.name, f.slug))


async def fields(
    services: Services, actor: Actor, typed: str, lang: str
) -> list[tuple[str, str | int]]:
    """Fields of application, in the member's language."""
    return _first(
        ((f.name_en if lang == "en" else f.name_fr), f.key)
        for f in FIELDS
        if matches(typed, f.name_fr, f.name_en, f.key)
    )


async def open_votes(
    services: Services, actor: Actor, typed: str, lang: str
) -> list[tuple[str, str | int]]:
    """The community's current votes, by number or words of their title."""
    votes = await services.decisions.list_open(actor)
    return _first(
        (f"{v.number} — {v.title}", v.number)
        for v in votes
        if str(v.number).startswith(typed.strip().lstrip("#")) or matches(typed, v.title)
    )


async def practices(
    services: Services, actor: Actor, typed: str, lang: str
) -> list[tuple[str, str | int]]:
    """Practices the community can see, newest first, by number or words of their title."""
    page = await services.practices.recent(actor, per_page=RECENT_PRACTICES)
    number = typed.strip().lstrip("#")
    found = [
        (f"{p.id} — {p.title}", p.id)
        for p in page.items
        if (number.isdigit() and str(p.id).startswith(number)) or matches(typed, p.title)
    ]
    if not found and len(number) >= 3 and not number.isdigit():
        # Older practices: the search finds them by whole words.
        hits = await services.practices.search(actor, typed, per_page=RECENT_PRACTICES)
        found = [(f"{p.id} — {p.title}", p.id) for p in hits.hits]
    return _first(found)


async def register_numbers(
    services: Services, actor: Actor, typed: str, lang: str
) -> list[tuple[str, str | int]]:
    """Decisions of the register, by resolution number (CA-2026-001), vote number or title."""
    entries = await services.decisions.register(actor, limit=RECENT)
    out = []
    for e in entries:
        ref = e.resolution or str(e.number)
        if matches(typed, ref, e.title) or ref.casefold().startswith(typed.strip().casefold()):
            out.append((f"{ref} — {e.title}", ref))
    return _first(out)


def source(spec: CommandSpec, option: Option) -> Suggest | None:
    """What suggests values for `option` of `spec` (None: free text, or choices)."""
    if option.choices:
        return None
    top = spec.path[0]
    if option.name == "numero" and top in ("vote", "repondre"):
        return open_votes
    if option.name == "numero" and top == "pratique":
        return practices
    if spec.path == ("registre", "extrait") and option.name == "reference":
        return register_numbers
    if option.name == "famille" or spec.path == ("referentiel", "famille"):
        return families
    if spec.path == ("outil",):
        # A need is free text; a family's name is offered as it is typed, for who knows it.
        return families
    if spec.path == ("referentiel", "champ"):
        return fields
    return None


def callback(
    services: Services,
    suggest: Suggest,
    integer: bool,
    actor_and_lang: Callable[[discord.Interaction], Awaitable[tuple[Actor, str] | None]],
) -> Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str | int]]]]:
    """The autocomplete callback discord.py calls with what the member typed so far."""

    async def complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str | int]]:
        found = await actor_and_lang(interaction)
        if found is None:
            return []
        actor, lang = found
        typed = str(current or "")[:100]
        try:
            suggestions = await suggest(services, actor, typed, lang)
        except CoopiloteError:
            return []  # nothing to suggest here (a closed community, a search refused…)
        except Exception:
            log.error("interaction %s: autocomplete failed", interaction.id, exc_info=True)
            return []
        return [
            app_commands.Choice(name=name, value=int(value) if integer else str(value))
            for name, value in suggestions
        ]

    return complete
