"""The first page holds what is relevant: subjects, expressions said apart, records like the
best ones; a misspelling right after start is corrected without waiting for the vocabulary."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.practices import spelling
from tests.conftest import actor
from tests.core.practices.helpers import hit_ids, plain

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")


async def _post(services: Services, title: str, actions: str, **more: object) -> int:
    return (await services.practices.post(ANA, plain(title, actions, **more))).id


async def test_a_record_on_the_same_subject_comes_after_those_that_say_the_words(
    services: Services, clock: FakeClock
):
    said = await _post(services, "Après un rançongiciel", "Nos fichiers chiffrés, restaurés.")
    clock.advance(minutes=1)
    # Tagged « piratage »: the same subject (cybersécurité), in other words.
    subject = await _post(
        services, "Un compte repris", "Nous avons changé l’accès.", tags=["piratage"]
    )
    clock.advance(minutes=1)
    other = await _post(services, "Une soirée de gala", "Les billets se sont vendus.")
    assert await hit_ids(services, BOB, "rançongiciel") == [said, subject]
    assert other not in await hit_ids(services, BOB, "rançongiciel")


async def test_an_expression_said_apart_still_counts(services: Services, clock: FakeClock):
    apart = await _post(
        services, "Une page d’appel", "Le recrutement a fonctionné.", tags=["bénévoles"]
    )
    clock.advance(minutes=1)
    together = await _post(services, "Recruter des bénévoles", "Une affiche à l’épicerie.")
    assert await hit_ids(services, BOB, "recruter des bénévoles") == [together, apart]


async def test_a_filler_word_near_another_is_not_the_expression(
    services: Services, clock: FakeClock
):
    # « trouver » next to « bénévoles » is not « trouver des bénévoles » (recruiting).
    recruiting = await _post(services, "Une campagne d’appel", "Nous avons recruté 20 bénévoles.")
    clock.advance(minutes=1)
    await _post(services, "Un horaire", "Chaque bénévole peut trouver son quart en ligne.")
    assert (await hit_ids(services, BOB, "comment trouver des bénévoles?"))[:1] == [recruiting]


async def test_records_like_the_best_ones_fill_the_page(services: Services, clock: FakeClock):
    best = await _post(
        services, "Notre infolettre mensuelle", "Un envoi.", tags=["communication", "membres"]
    )
    clock.advance(minutes=1)
    # Says none of the query's words, but shares the best record's tags.
    alike = await _post(
        services, "Un envoi aux membres", "Chaque premier lundi.", tags=["communication", "membres"]
    )
    clock.advance(minutes=1)
    unrelated = await _post(services, "Un jardin", "Des légumes pour tous.", tags=["jardin"])
    assert await hit_ids(services, BOB, "infolettre mensuelle") == [best, alike]
    assert unrelated


async def test_an_english_query_finds_the_french_words_of_the_domain(
    services: Services, clock: FakeClock
):
    privacy = await _post(services, "Notre politique de confidentialité", "Adoptée par le CA.")
    clock.advance(minutes=1)
    fraud = await _post(services, "Le faux courriel", "On nous demandait des cartes-cadeaux.")
    assert (await hit_ids(services, BOB, "privacy policy"))[:1] == [privacy]
    assert (await hit_ids(services, BOB, "gift cards scam"))[:1] == [fraud]


async def test_a_query_with_one_unknown_main_word_finds_nothing(
    services: Services, clock: FakeClock
):
    await _post(services, "Un contrat de service", "Le travail d’équipe avec un fournisseur.")
    for i in range(5):
        await _post(services, f"Atelier {i}", "Un travail de longue haleine.")
    # « syndical » is in no record: what is left (contrat, travail) is not what was asked.
    page = await services.practices.search(BOB, "contrat de travail syndical")
    assert page.hits == () and page.total == 0


async def test_the_first_misspelling_after_start_is_corrected_without_waiting(
    services: Services, monkeypatch: pytest.MonkeyPatch
):
    await _post(services, "Le sociofinancement", "Une campagne de financement participatif.")
    index = services.practices.index
    vocabulary = index.vocabulary  # type: ignore[attr-defined]
    # As a process that just started on a large vocabulary (more than a chunk): nothing of
    # it is in memory yet, and it is read in the background.
    monkeypatch.setattr(spelling, "VOCABULARY_CHUNK", 1)
    vocabulary.clear()
    vocabulary.loader = None
    page = await services.practices.search(BOB, "sociofinacement")
    assert page.total == 1 and page.corrections == (("sociofinacement", "sociofinancement"),)
    # The vocabulary is read in the background meanwhile, and then serves the corrections.
    assert vocabulary.loader is not None
    await asyncio.wait_for(vocabulary.loader, 10)
    assert vocabulary.complete and "sociofinancement" in vocabulary
    page = await services.practices.search(BOB, "ociofinancement")
    assert page.total == 1


async def test_a_record_tagged_in_other_words_fills_the_page(services: Services, clock: FakeClock):
    # The best record is tagged « bénévoles »; another, in English, « volunteers »: the same
    # concept, so it comes after it although it says none of the query's words.
    best = await _post(
        services, "Le compostage communautaire", "Un bac par rue.", tags=["bénévoles"]
    )
    clock.advance(minutes=1)
    like = await _post(
        services, "Garden day", "Neighbours sort food scraps.", tags=["volunteers"], language="en"
    )
    clock.advance(minutes=1)
    await _post(services, "Une soirée de gala", "Les billets vendus.", tags=["financement"])
    assert await hit_ids(services, BOB, "compostage") == [best, like]


async def test_a_record_tagged_with_the_same_subject_fills_the_page(
    services: Services, clock: FakeClock
):
    # « hameçonnage » and « rançongiciel » are both about cybersecurity (a subject, weaker).
    best = await _post(
        services, "Des courriels de la direction", "Un faux message.", tags=["hameçonnage"]
    )
    clock.advance(minutes=1)
    like = await _post(services, "Un lundi noir", "Tout était bloqué.", tags=["rançongiciel"])
    clock.advance(minutes=1)
    await _post(services, "Une soirée de gala", "Les billets vendus.", tags=["financement"])
    assert await hit_ids(services, BOB, "courriels de la direction") == [best, like]
