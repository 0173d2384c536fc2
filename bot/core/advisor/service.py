"""The advisor as a service: the answer, plus the practices peers logged for its families."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.actor import Actor
from bot.core.advisor.engine import Advice, default_advisor
from bot.core.advisor.referentiel import Family, Field, Referentiel, load
from bot.core.communities import Communities


class PracticeFinder(Protocol):
    """Finds the practices a community can see for some référentiel families."""

    async def for_families(
        self, actor: Actor, families: Sequence[str], limit: int
    ) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class AdviceWithPractices:
    """The advisor's answer and, per family name, the most relevant practices."""

    advice: Advice
    practices: tuple[Any, ...] = ()


class AdvisorService:
    """`/outil` and `/referentiel`: answers from the référentiel and the catalog."""

    def __init__(self, communities: Communities) -> None:
        self.communities = communities
        self.practices: PracticeFinder | None = None  # set when the practices job is wired

    @property
    def referentiel(self) -> Referentiel:
        """The shipped référentiel."""
        return load()

    async def advise(self, actor: Actor, need: str, *, top: int = 3) -> AdviceWithPractices:
        """Rank families for `need`, with the practices this community can see for them."""
        advice = default_advisor().advise(need, top=top)
        practices: tuple[Any, ...] = ()
        if self.practices is not None and advice.matches:
            names = [m.family.name for m in advice.matches]
            practices = tuple(await self.practices.for_families(actor, names, 3))
        return AdviceWithPractices(advice, practices)

    def family(self, name: str) -> Family | None:
        """One family by name or slug (accents and case folded)."""
        return self.referentiel.family(name)

    def field(self, name: str) -> Field | None:
        """One field of application by key or name."""
        return self.referentiel.field(name)
