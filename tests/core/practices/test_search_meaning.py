"""Search by meaning: synonyms and Québec terms, English, word forms, rare words first, and
saying « nothing relevant » rather than showing weak matches."""

from __future__ import annotations

import pytest

from bot.core.app import Services
from bot.core.clock import FakeClock
from tests.conftest import actor
from tests.core.practices.helpers import hit_ids, plain

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")


@pytest.fixture
async def corpus(services: Services, clock: FakeClock) -> dict[str, int]:
    """Records that say things their own way."""
    texts = {
        "crowd": ("Une campagne sur La Ruche", "Le financement participatif a payé le four."),
        "recruit": ("Une page d’appel", "Nous avons recruté vingt bénévoles pour l’été."),
        "board": (
            "Voter entre deux séances",
            "Le CA adopte les résolutions urgentes par courriel.",
        ),
        "lost": ("Un disque brisé", "Nous avons perdu deux ans de documents comptables."),
        "secret": (
            "Dossiers des usagers",
            "Un accès restreint protège les données confidentielles.",
        ),
        "newsletter": ("Notre infolettre", "Un bulletin mensuel aux membres."),
        "sms": ("Rappels des livraisons", "Des textos de masse la veille des livraisons."),
        "password": ("Fini les post-it", "Un gestionnaire de mots de passe pour toute l’équipe."),
        "english": (
            "Volunteer shifts online",
            "Volunteers pick their shifts in a shared calendar.",
        ),
    }
    ids = {}
    for key, (title, actions) in texts.items():
        lang = "en" if key == "english" else "fr"
        ids[key] = (await services.practices.post(ANA, plain(title, actions, language=lang))).id
        clock.advance(minutes=1)
    return ids


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("sociofinancement", "crowd"),
        ("crowdfunding", "crowd"),
        ("conseil d’administration vote à distance", "board"),
        ("board vote", "board"),
        ("courriels de masse", "newsletter"),
        ("newsletter", "newsletter"),
        ("password manager", "password"),
        ("perdre des fichiers", "lost"),
        ("confidentialité", "secret"),
        ("comment trouver plus de bénévoles?", "recruit"),
    ],
)
async def test_a_query_finds_records_that_say_it_otherwise(
    services: Services, corpus: dict[str, int], query: str, key: str
):
    assert (await hit_ids(services, BOB, query))[:1] == [corpus[key]]


async def test_a_french_query_finds_english_records_and_the_reverse(
    services: Services, corpus: dict[str, int]
):
    assert corpus["english"] in await hit_ids(services, BOB, "bénévoles")
    assert corpus["recruit"] in await hit_ids(services, BOB, "volunteers")


async def test_mass_email_is_not_mass_text(services: Services, corpus: dict[str, int]):
    # « de masse » is shared with the SMS record; the words that matter are « courriels ».
    assert corpus["sms"] not in await hit_ids(services, BOB, "courriels de masse")


async def test_rare_words_outweigh_common_ones(services: Services, clock: FakeClock):
    for i in range(6):
        await services.practices.post(ANA, plain(f"Outil numéro {i}", "Un outil pour l’équipe."))
    rare = (await services.practices.post(ANA, plain("Le compostage", "Un outil de suivi."))).id
    assert (await hit_ids(services, BOB, "éviter un outil de compostage"))[:1] == [rare]


async def test_nothing_relevant_is_said_rather_than_weak_matches(
    services: Services, corpus: dict[str, int]
):
    for query in ("recette de tarte aux pommes", "le chat de ma collègue", "impôt foncier"):
        page = await services.practices.search(BOB, query)
        assert page.hits == () and page.total == 0, query


@pytest.mark.parametrize(
    ("title", "actions", "query"),
    [
        # Everyday words said otherwise, word by word: « magasin virtuel » = « boutique en ligne ».
        ("Notre boutique en ligne", "Les bocaux se vendent aussi le soir.", "magasin virtuel"),
        ("Des liens malveillants", "L’équipe apprend à les reconnaître.", "liens piégés"),
        ("Le départ d’une employée", "Ses accès sont fermés le jour même.", "employé qui quitte"),
        ("Les salaires en ligne", "Les feuilles de temps vont au comptable.", "logiciel de paie"),
        # Derivations a stem does not join: a verb and its noun.
        ("Traduire nos fiches", "DeepL pour l’anglais.", "traduction"),
        ("Migrer vers le nuage", "Le vieux serveur est parti.", "migration du serveur"),
        ("Un agenda partagé", "Les réservations des salles y sont.", "réserver une salle"),
    ],
)
async def test_a_word_finds_its_synonyms_and_derivations(
    services: Services, clock: FakeClock, title: str, actions: str, query: str
):
    await services.practices.post(ANA, plain("Une soirée de gala", "Les billets vendus."))
    clock.advance(minutes=1)
    wanted = (await services.practices.post(ANA, plain(title, actions))).id
    assert await hit_ids(services, BOB, query) == [wanted]


async def test_an_english_query_finds_a_french_record_by_its_everyday_words(
    services: Services,
):
    french = (
        await services.practices.post(
            ANA, plain("Notre friperie en ligne", "Les vêtements se vendent sur le site.")
        )
    ).id
    assert await hit_ids(services, BOB, "online thrift store") == [french]


async def test_question_words_do_not_decide(services: Services, clock: FakeClock):
    # « quand » says how one asks, not what about: the record on leaving staff comes first.
    leaving = (
        await services.practices.post(
            ANA, plain("Au départ d’un employé", "On ferme ses comptes et ses accès.")
        )
    ).id
    clock.advance(minutes=1)
    await services.practices.post(ANA, plain("Quand tout va mal", "Un plan de relève."))
    assert (await hit_ids(services, BOB, "que faire quand un employé quitte?"))[:1] == [leaving]
