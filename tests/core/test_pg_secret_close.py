"""PostgreSQL: what a secret vote leaves in the ballots table once closed (README « Vote
secret sur PostgreSQL »): no row, and the table vacuumed so that the deleted rows are gone
from its pages' live data and its index."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from bot.settings import Settings
from tests.conftest import COMMUNITY, actor

BOARD = ("Sophie", "Marc", "Amina", "Jean", "Isabelle")


@pytest.fixture
async def pg(pg_settings: Settings, clock: FakeClock) -> AsyncIterator[Services]:
    """The services on the run's PostgreSQL database, with a board of five."""
    svc = await open_services(pg_settings, clock=clock)
    await svc.communities.sync_members(
        COMMUNITY, [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA"})) for n in BOARD]
    )
    try:
        yield svc
    finally:
        await svc.close()


async def _ballots_table(svc: Services, number: int) -> tuple[int, int, object]:
    async with svc.db.engine.connect() as conn:
        rows = await conn.scalar(
            text(
                "SELECT count(*) FROM ballots b JOIN votes v ON v.id = b.vote_id "
                "WHERE v.number = :n"
            ),
            {"n": number},
        )
        # Statistics are flushed by each backend: read them fresh.
        await conn.execute(text("SELECT pg_stat_clear_snapshot()"))
        dead, vacuumed = (
            await conn.execute(
                text(
                    "SELECT n_dead_tup, last_vacuum FROM pg_stat_user_tables "
                    "WHERE relname = 'ballots'"
                )
            )
        ).one()
        return int(rows), int(dead), vacuumed


async def test_a_closed_secret_vote_leaves_no_ballot_and_is_vacuumed(
    pg: Services, clock: FakeClock
) -> None:
    view = await pg.decisions.propose(
        actor("Sophie", "CA"),
        "Que le conseil élise sa présidence.",
        choices=RuleChoices(deadline="24h", seconder=False, secret=True),
    )
    for name, choice in zip(BOARD[:4], ("pour", "contre", "pour", "pour"), strict=True):
        await pg.decisions.cast(actor(name, "CA"), view.number, choice)
    await pg.decisions.cast(actor("Marc", "CA"), view.number, "pour")  # a change of mind
    rows, _dead, _ = await _ballots_table(pg, view.number)
    assert rows == 4
    clock.advance(hours=25)
    while await pg.scheduler.run_due():
        pass
    closed = await pg.decisions.show(actor("Sophie", "CA"), view.number)
    assert closed.status == "closed" and closed.voted_count == 4
    rows, dead, vacuumed = await _ballots_table(pg, view.number)
    assert rows == 0
    assert vacuumed is not None, "the close did not vacuum the ballots table"
    assert dead == 0
