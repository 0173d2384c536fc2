"""Pairs of consecutive terms indexed as terms: a two-word phrase finds what it found before."""

from __future__ import annotations

from bot.core.app import Services
from bot.core.practices.concepts import default_concepts
from bot.core.practices.search import Tier, narrowest, pair_columns, pair_term
from bot.core.practices.search_pg import pair_vector
from tests.conftest import actor
from tests.core.practices.helpers import plain

ANA = actor("Ana", "Membre")


def test_a_phrase_of_two_tokens_has_a_pair_term():
    assert pair_term(("mobilis", "membr")) == "mobilis__membr"
    # A hyphenated stem is two tokens for the engines, so one stem can be a pair.
    assert pair_term(("super-utilis",)) == "super__utilis"
    assert pair_term(("membr",)) is None
    assert pair_term(("assembl", "general", "annuel")) is None


def test_a_phrase_holding_another_of_its_clause_is_not_looked_up():
    clause = (("assembl", "general", "annuel"), ("assembl", "general"), ("general", "meet"))
    assert narrowest(clause) == [("assembl", "general"), ("general", "meet")]
    # A word alone makes its phrases useless; the same tokens said twice count once.
    assert narrowest((("conseil", "administr"), ("administr",))) == [("administr",)]
    assert narrowest((("super-utilis",), ("super", "utilis"))) == [("super-utilis",)]


def test_sqlite_pairs_stay_in_their_column_and_postgresql_pairs_run_on():
    tpairs, every = pair_columns("vote electron", "membr mobilis", "tag")
    assert tpairs == "vote__electron"
    assert every.split() == ["vote__electron", "membr__mobilis"]
    # PostgreSQL numbers a record's columns as one text: « electron membr » is a phrase there.
    vector = pair_vector("vote electron", "membr mobilis", "tag")
    assert vector.split() == [
        "'vote__electron':1A",
        "'electron__membr':1B",
        "'membr__mobilis':1B",
        "'mobilis__tag':1B",
    ]


async def _tier(services: Services, tier: Tier) -> set[int]:
    index = services.practices.index
    async with services.db.reading() as session:
        return set(await index._tier_ids(session, tier, [], None, 50))  # type: ignore[attr-defined]


async def test_a_pair_finds_the_words_side_by_side_only(services: Services):
    """On both engines: in the title for a title tier, anywhere otherwise; gone once withdrawn."""
    post = services.practices.post
    titled = (await post(ANA, plain("Mobiliser les membres", "Un appel."))).id
    inside = (await post(ANA, plain("Un appel", "Pour mobiliser les membres du quartier."))).id
    apart = (await post(ANA, plain("Les membres", "Oui pour mobiliser, mais les autres."))).id
    both = (await post(ANA, plain("Membres", "Des membres à mobiliser."))).id
    phrase = ((("mobilis", "membr"),),)
    assert await _tier(services, Tier(phrase)) == {titled, inside}
    assert await _tier(services, Tier(phrase, title=True)) == {titled}
    assert await _tier(services, Tier(((("membr", "mobilis"),),))) == {both}
    # Both words, apart: found by the words, not by the phrase.
    assert apart in await _tier(services, Tier(((("mobilis",),), (("membr",),))))
    await services.practices.withdraw(ANA, inside, "doublon")
    assert await _tier(services, Tier(phrase)) == {titled}


def test_phrases_of_the_same_tokens_keep_the_first_and_a_kept_answer_is_a_copy():
    clause = (("vote", "electron"), ("vote electron",), ("electron",))
    assert narrowest(clause) == [("electron",)]
    assert narrowest((("vote", "electron"), ("vote electron",))) == [("vote", "electron")]
    # Asked again (now from the per-process cache): the same answer, and the caller's own list.
    again = narrowest(clause)
    again.append(("autre",))
    assert narrowest(clause) == [("electron",)]


def test_a_query_s_groups_are_new_objects_each_time():
    concepts = default_concepts()
    first = concepts.groups("bénévoles motivés")
    words = [(g.word, list(g.alternatives)) for g in first]
    # A search changes its own groups (corrections, phrases no record holds).
    first[0].alternatives = []
    first[0].corrected = "benevoles"
    second = concepts.groups("bénévoles motivés")
    assert [(g.word, list(g.alternatives)) for g in second] == words
    assert second[0].corrected is None and second[0].alternatives
