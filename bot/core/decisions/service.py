"""Decision services (to be written: see issue 3)."""

from __future__ import annotations

from bot.core.clock import Clock
from bot.core.communities import Communities
from bot.core.db import Database
from bot.core.notifier import Notifier


class DecisionService:
    """Motions, polls and meeting polls of a community."""

    def __init__(
        self, db: Database, clock: Clock, communities: Communities, notifier: Notifier
    ) -> None:
        self.db = db
        self.clock = clock
        self.communities = communities
        self.notifier = notifier
