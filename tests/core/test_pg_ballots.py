"""PostgreSQL's one-call ballot (migration 0009p): same receipts, same audit chain, same law."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions import audit
from bot.core.decisions.options import RuleChoices
from bot.core.errors import PermissionDenied
from bot.settings import Settings
from tests.conftest import COMMUNITY, actor

# Names whose JSON needs escaping: the event text hashed on the server must be the one the
# client would have hashed.
BOARD = ("Zoé « l’amie »", 'Marc "le Grand"', "Amina\\Ali", "Jean 🌲", "Isabelle")


@pytest.fixture
async def pg(pg_settings: Settings, clock: FakeClock) -> AsyncIterator[Services]:
    """The services on the run's PostgreSQL database, a board of five and one member."""
    svc = await open_services(pg_settings, clock=clock)
    infos = [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA"})) for n in BOARD]
    infos.append(MemberInfo("u-luc", "Luc", frozenset({"Membre"})))
    await svc.communities.sync_members(COMMUNITY, infos)
    try:
        yield svc
    finally:
        await svc.close()


async def _motion(svc: Services, secret: bool) -> int:
    view = await svc.decisions.propose(
        actor(BOARD[0], "CA"),
        "Que le conseil adopte le budget.",
        choices=RuleChoices(deadline="1 semaine", seconder=False, secret=secret),
    )
    return view.number


async def _events(svc: Services, number: int) -> list[tuple[str, str]]:
    async with svc.db.reading() as session:
        rows = await session.execute(
            text(
                "SELECT e.kind, e.data FROM audit_events e JOIN votes v ON v.id = e.vote_id "
                "WHERE v.number = :n AND e.kind LIKE 'ballot.%' ORDER BY e.seq"
            ),
            {"n": number},
        )
        return [(r[0], r[1]) for r in rows]


@pytest.mark.parametrize("secret", [False, True])
async def test_ballots_in_one_call_keep_receipts_and_chain(pg: Services, secret: bool) -> None:
    number = await _motion(pg, secret)
    first = await pg.decisions.cast(actor(BOARD[0], "CA"), number, "pour")  # the full path
    receipts = [await pg.decisions.cast(actor(n, "CA"), number, "contre") for n in BOARD[1:4]]
    changed = await pg.decisions.cast(actor(BOARD[1], "CA"), number, "abstention")
    # The one-call path ran: its own connections are open.
    assert pg.decisions._pg is not None and pg.decisions._pg._open
    assert not first.changed and [r.changed for r in receipts] == [False] * 3 and changed.changed
    for receipt in [*receipts, changed]:
        assert receipt.title == first.title and receipt.deadline == first.deadline
        assert receipt.timezone == first.timezone and not receipt.closed
        assert receipt.choice == (None if secret else "abstention" if receipt.changed else "contre")
    events = await _events(pg, number)
    assert [k for k, _ in events] == ["ballot.cast"] * 4 + ["ballot.changed"]
    if secret:
        # Nothing per voter in the log, and only keyed hashes in the ballots table.
        assert all(data == f'{{"number":{number}}}' for _, data in events)
    else:
        assert 'Marc \\"le Grand\\"' in events[-1][1] and "abstention" in events[-1][1]
    report = await audit.verify(pg.db)
    assert report.ok, report.problems
    # The last elector's ballot closes the vote (the full path), once.
    last = await pg.decisions.cast(actor(BOARD[4], "CA"), number, "pour")
    assert last.closed
    assert (await audit.verify(pg.db)).ok


async def test_refusals_still_explained(pg: Services) -> None:
    number = await _motion(pg, False)
    await pg.decisions.cast(actor(BOARD[0], "CA"), number, "pour")
    with pytest.raises(PermissionDenied):
        await pg.decisions.cast(actor("Luc", "Membre"), number, "pour")
    # A member whose roles changed on the platform goes through the full path, which
    # records them (the electorate stays the one fixed at the opening).
    await pg.decisions.cast(actor(BOARD[2], "CA"), number, "pour")
    await pg.decisions.cast(actor(BOARD[2], "CA", "Trésorier"), number, "contre")
    async with pg.db.reading() as session:
        roles = await session.scalar(
            text("SELECT roles::jsonb::text FROM members WHERE user_id = :u"), {"u": "u-amina\\ali"}
        )
    assert "Trésorier" in roles
    assert [k for k, _ in await _events(pg, number)][-1] == "ballot.changed"
    assert (await audit.verify(pg.db)).ok
