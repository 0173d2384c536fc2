"""Hidden means hidden: nothing of a record a member may not read comes back from a search.

Spelling correction, counts and snippets draw only on what the asking member may see; one
test per way a record is hidden (withdrawn, another community's, private again).
"""

from __future__ import annotations

from bot.core.app import Services
from tests.conftest import OTHER_COMMUNITY, actor
from tests.core.practices.helpers import record

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")
XAVIER = actor("Xavier", "Membre", community=OTHER_COMMUNITY)
SECRET = "zanzibarique"
TYPO = "zanzibarik"


def _secret_record() -> dict[str, object]:
    return record(
        title="Une recette maison",
        actions=f"Notre méthode {SECRET} pour classer les dons.",
        tags=["classement"],
    )


async def _visible_neighbour(services: Services) -> int:
    """A readable record sharing a word with the query, so that the search has results."""
    return (
        await services.practices.post(
            BOB, record(title="Classer les dons reçus", actions="Un tableur pour les dons.")
        )
    ).id


async def _nothing_leaks(services: Services, neighbour: int) -> None:
    for query in (TYPO, SECRET, f"{TYPO} dons", f"{SECRET} dons"):
        page = await services.practices.search(BOB, query)
        assert page.corrections == (), query
        assert {h.id for h in page.hits} <= {neighbour}, query
        assert SECRET not in repr((page.hits, page.corrections, page.total)), query


async def test_a_visible_word_is_corrected(services: Services):
    # The control: the same search finds and corrects when the record is readable.
    await services.practices.post(ANA, _secret_record())
    page = await services.practices.search(BOB, TYPO)
    assert page.total == 1 and page.corrections == ((TYPO, SECRET),)


async def test_a_withdrawn_records_words_never_come_back(services: Services):
    neighbour = await _visible_neighbour(services)
    secret = (await services.practices.post(ANA, _secret_record())).id
    await services.practices.withdraw(ANA, secret)
    await _nothing_leaks(services, neighbour)


async def test_another_communitys_words_never_come_back(services: Services):
    neighbour = await _visible_neighbour(services)
    await services.practices.post(XAVIER, _secret_record())
    await _nothing_leaks(services, neighbour)
    # Its own community still finds it.
    assert (await services.practices.search(XAVIER, TYPO)).total == 1


async def test_a_record_made_private_again_stops_answering(services: Services):
    shared = (await services.practices.post(XAVIER, _secret_record(), shared=True)).id
    assert (await services.practices.search(BOB, TYPO)).total == 1
    await services.practices.set_shared(XAVIER, shared, False)
    await _nothing_leaks(services, await _visible_neighbour(services))


async def test_a_correction_quotes_the_visible_record_not_a_hidden_one(services: Services):
    # A hidden record holds the word itself; the visible one only another form of it: the
    # correction shows the visible form.
    hidden = (await services.practices.post(ANA, _secret_record())).id
    await services.practices.withdraw(ANA, hidden)
    await services.practices.post(
        ANA, record(title="Des méthodes zanzibariques", actions="Classer les dons.")
    )
    page = await services.practices.search(BOB, TYPO)
    assert page.total == 1
    assert page.corrections == ((TYPO, "zanzibariques"),)
