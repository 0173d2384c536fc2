"""PostgreSQL: the term counts the search weighs words by (migration 0009p's table, kept by
triggers) equal the index's own counts after posts, imports, edits, withdrawals, restores."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.settings import Settings
from tests.conftest import actor
from tests.core.practices.helpers import record


@pytest.fixture
async def pg(pg_settings: Settings, clock: FakeClock) -> AsyncIterator[Services]:
    """The services on the run's PostgreSQL database."""
    svc = await open_services(pg_settings, clock=clock)
    try:
        yield svc
    finally:
        await svc.close()


async def _kept_and_actual(svc: Services) -> tuple[dict[str, int], dict[str, int]]:
    async with svc.db.reading() as session:
        kept = dict(
            (await session.execute(text("SELECT term, docs FROM practices_search_terms"))).all()
        )
        actual = dict(
            (
                await session.execute(
                    text(
                        "SELECT v.lexeme, count(*) FROM practices_search, "
                        "unnest(practices_search.document) AS v GROUP BY v.lexeme"
                    )
                )
            ).all()
        )
    return {t: n for t, n in kept.items() if n}, actual


async def test_term_counts_follow_every_change(pg: Services) -> None:
    moderator = actor("Mod", admin=True)
    ana = actor("Ana", "Membre")
    first = await pg.practices.post(ana, record())
    second = await pg.practices.post(ana, record(title="Infolettre mensuelle des bénévoles"))
    await pg.practices.import_records(
        moderator,
        [record(title=f"Sociofinancement de la coop n° {i}", tags=["dons"]) for i in range(30)],
    )
    kept, actual = await _kept_and_actual(pg)
    assert kept == actual
    await pg.practices.edit(ana, first.id, {"title": "Formulaire d’inscription pour les aînés"})
    await pg.practices.withdraw(ana, second.id)
    kept, actual = await _kept_and_actual(pg)
    assert kept == actual
    await pg.practices.restore(ana, second.id)
    kept, actual = await _kept_and_actual(pg)
    assert kept == actual and len(kept) > 20
