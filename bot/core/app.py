"""The composition root: every service, wired once, shared by all adapters."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.advisor.service import AdvisorService
from bot.core.clock import Clock, OffsetClock
from bot.core.communities import Communities
from bot.core.db import Database
from bot.core.decisions.secrecy import BallotKeys
from bot.core.decisions.service import DecisionService
from bot.core.decisions.writer import redact_driver_logs
from bot.core.migrate import upgrade
from bot.core.notifier import Notifier, NullNotifier
from bot.core.practices.service import PracticeService
from bot.core.scheduler import Scheduler
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
    # Closes votes and sends reminders; its state is in the database (survives restarts).
    scheduler: Scheduler | None = None

    async def start(self) -> None:
        """Run overdue work (votes past their deadline) and start the scheduler loop."""
        if self.scheduler is not None:
            await self.scheduler.run_due()
            self.scheduler.start()

    async def close(self) -> None:
        """Stop the scheduler and release the database connections."""
        if self.scheduler is not None:
            await self.scheduler.stop()
        await self.decisions.aclose()
        # The practice search may be loading its spelling vocabulary in the background.
        await self.practices.index.aclose()
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
    # The driver's own DEBUG records carry parameters too (a secret ballot's choice).
    redact_driver_logs()
    if migrate:
        await upgrade(db)
    # The real time; only the console's `/demo avancer` ever moves it forward.
    clock = clock or OffsetClock()
    communities = Communities(db, clock, language=settings.language, timezone=settings.timezone)
    practices = PracticeService(db, clock, communities)
    advisor = AdvisorService(communities)
    advisor.practices = practices
    scheduler = Scheduler(db, clock)
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        communities=communities,
        advisor=advisor,
        decisions=DecisionService(
            db,
            clock,
            communities,
            notifier or NullNotifier(),
            scheduler=scheduler,
            keys=BallotKeys(settings.ballot_secret_bytes()),
        ),
        practices=practices,
        scheduler=scheduler,
    )
