"""Practice services (to be written: see issue 4)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.actor import Actor
from bot.core.clock import Clock
from bot.core.communities import Communities
from bot.core.db import Database


class PracticeService:
    """Post, edit, withdraw, mark useful, search, export and import practice records."""

    def __init__(self, db: Database, clock: Clock, communities: Communities) -> None:
        self.db = db
        self.clock = clock
        self.communities = communities

    async def for_families(
        self, actor: Actor, families: Sequence[str], limit: int
    ) -> Sequence[Any]:
        """The practices the actor's community can see for these families, most relevant first."""
        return ()
