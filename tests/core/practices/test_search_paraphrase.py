"""Asking in one's own words (bot/data/concepts_lexique.toml): a member who describes a practice
with everyday words, verbs or English finds the record written with the usual terms, on both
engines; and a French participle finds its other gender."""

from __future__ import annotations

import pytest

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.practices.concepts import default_concepts, gender_stem
from bot.core.text import stem
from tests.conftest import actor
from tests.core.practices.helpers import hit_ids, plain

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")


@pytest.fixture
async def corpus(services: Services, clock: FakeClock) -> dict[str, int]:
    """Records written with the usual terms, none with the words of the queries below."""
    texts = {
        "shifts": (
            "Un horaire partagé pour les quarts des bénévoles",
            "Chacun choisit ses quarts sur son cellulaire.",
        ),
        "payroll": (
            "Passer à un logiciel de paie",
            "Les talons arrivent par courriel et les retenues se calculent seules.",
        ),
        "fridge": (
            "Des sondes dans la chambre froide",
            "Une alerte part quand la porte reste ouverte.",
        ),
        "vault": (
            "Un gestionnaire de mots de passe pour l'équipe",
            "Fini les identifiants notés sur des papillons adhésifs.",
        ),
        "phishing": (
            "Reconnaître l'hameçonnage",
            "Une séance pour repérer les pièges avant de cliquer.",
        ),
        "invoices": (
            "Un suivi automatisé des factures",
            "Le logiciel relance les clients en retard.",
        ),
        "other": ("Un potager sur le toit", "Des bacs de légumes entretenus par le quartier."),
    }
    ids = {}
    for key, (title, actions) in texts.items():
        ids[key] = (await services.practices.post(ANA, plain(title, actions))).id
        clock.advance(minutes=1)
    return ids


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("tableau de service des volontaires", "shifts"),
        ("payer le personnel", "payroll"),
        ("capteurs pour le frigo", "fridge"),
        ("repérer les courriels douteux", "phishing"),
        ("rota for helpers", "shifts"),
        ("password vault", "vault"),
        ("facturation automatisée", "invoices"),
    ],
)
async def test_a_query_in_other_words_finds_the_record(
    services: Services, corpus: dict[str, int], query: str, key: str
):
    found = await hit_ids(services, BOB, query)
    assert found[:1] == [corpus[key]]
    assert corpus["other"] not in found


async def test_a_query_about_nothing_in_the_records_still_finds_nothing(
    services: Services, corpus: dict[str, int]
):
    assert await hit_ids(services, BOB, "drones pour survoler les champs") == []


def test_a_french_participle_and_its_other_gender_are_one_word():
    assert gender_stem("automatisee") == stem("automatise")
    assert gender_stem("protegees") == stem("proteges")
    # « données » is not « dons »: a stem that short is more likely another word.
    assert gender_stem("donnees") is None


def test_ways_of_asking_widen_a_query_but_are_no_subject_of_a_tag():
    concepts = default_concepts()
    assert concepts.known("sociétaires".replace("é", "e"))
    # « rota » says « quarts » when asked, but a record tagged « quarts » is not about rotas.
    rota = {a.stems for g in concepts.groups("rota") for a in g.alternatives}
    assert ("quart",) in rota
    paraphrases = {f"con_{i}" for i, concept in enumerate(concepts.concepts) if concept.paraphrase}
    assert paraphrases
    assert not paraphrases & set(concepts.subjects("tag_quart"))
