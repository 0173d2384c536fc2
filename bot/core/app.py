"""The composition root: every service, wired once, shared by all adapters."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.advisor.service import AdvisorService
from bot.core.clock import Clock, SystemClock
from bot.core.communities import Communities
from bot.core.db import Database
from bot.core.decisions.service import DecisionService
from bot.core.migrate import upgrade
from bot.core.notifier import Notifier, NullNotifier
from bot.core.practices.service import PracticeService
from bot.settings import Settings


@dataclass
class Services:
    """What an adapter calls: one attribute per job of the bot."""

    settings: Settings
    db: Database
    clock: Clock
    communities: Communities
    advisor: AdvisorService
    decisions: DecisionService
    practices: PracticeService

    async def close(self) -> None:
        """Release the database connections."""
        await self.db.dispose()


async def open_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    notifier: Notifier | None = None,
    migrate: bool = True,
) -> Services:
    """Connect to the database (upgraded to the latest schema) and build every service."""
    db = Database(settings.resolved_database_url())
    if migrate:
        await upgrade(db)
    clock = clock or SystemClock()
    communities = Communities(db, clock, language=settings.language, timezone=settings.timezone)
    practices = PracticeService(db, clock, communities)
    advisor = AdvisorService(communities)
    advisor.practices = practices
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        communities=communities,
        advisor=advisor,
        decisions=DecisionService(db, clock, communities, notifier or NullNotifier()),
        practices=practices,
    )
