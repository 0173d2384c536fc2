"""After a secret vote closes by its deadline, the next vote takes ballots as usual.

Reported on SQLite: closing a secret vote empties the write-ahead journal through the
ballot writer's connection; the next vote's first ballot then failed with « cannot commit
transaction - SQL statements in progress ». The console's steps: /demo, a secret vote with
a 24 h deadline, seconded, one ballot, /demo avancer 25h, another vote, seconded, a ballot.
"""

from __future__ import annotations

import pytest

from bot.core.actor import Actor
from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.settings import Settings
from tests.core.decisions.conftest import open_motion


@pytest.fixture
def settings(engine_settings: Settings) -> Settings:
    """On SQLite and on PostgreSQL."""
    return engine_settings


async def test_the_next_vote_takes_ballots_after_a_secret_vote_closed(
    dservices: Services, board: dict[str, Actor], clock: FakeClock
):
    d = dservices.decisions
    first = await open_motion(dservices, board, "Vote secret.", secret=True, deadline="24h")
    await d.cast(board["Amina"], first, "pour")
    clock.advance(hours=25)
    while await dservices.scheduler.run_due():
        pass
    assert (await d.show(board["Sophie"], first)).status == "closed"
    second = await open_motion(dservices, board, "Vote suivant.", secret=True, deadline="24h")
    receipt = await d.cast(board["Amina"], second, "contre")
    assert receipt.number == second and not receipt.changed
    # And again, a change of mind and another voter: the writer is still usable.
    assert (await d.cast(board["Amina"], second, "pour")).changed
    await d.cast(board["Jean"], second, "pour")
    assert (await d.show(board["Sophie"], second)).voted_count == 2
