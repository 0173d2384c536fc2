"""A search by filters only: the most useful first, then the newest, page by page, counted."""

from __future__ import annotations

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.practices.records import SearchRequest
from tests.conftest import OTHER_COMMUNITY, actor
from tests.core.practices.helpers import record

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")
XAVIER = actor("Xavier", "Membre", community=OTHER_COMMUNITY)


async def test_a_search_by_tag_ranks_pages_and_counts_what_the_member_may_read(
    services: Services, clock: FakeClock
):
    ids = []
    for i in range(5):
        values = record(title=f"Horaires {i}", actions="Un tableau partagé.", tags=["horaires"])
        ids.append((await services.practices.post(ANA, values)).id)
        clock.advance(minutes=1)
    # Another community's record with the same tag, not shared: neither shown nor counted.
    await services.practices.post(
        XAVIER, record(title="Nos horaires", actions="Un tableau.", tags=["horaires"])
    )
    await services.practices.toggle_useful(BOB, ids[1])
    request = SearchRequest(tags=("horaires",))
    first = await services.practices.search(BOB, request, per_page=2)
    second = await services.practices.search(BOB, request.with_page(2), per_page=2)
    third = await services.practices.search(BOB, request.with_page(3), per_page=2)
    assert first.total == second.total == third.total == 5
    # The useful one first, then the newest.
    shown = [h.id for page in (first, second, third) for h in page.hits]
    assert shown == [ids[1], ids[4], ids[3], ids[2], ids[0]]
