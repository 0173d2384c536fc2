"""The domain's thesaurus (bot/data/concepts_more.toml): a query finds a record that says the
same thing with another word of the thesaurus, on both engines."""

from __future__ import annotations

import pytest

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.practices.concepts import CONCEPTS_FILES, default_concepts
from tests.conftest import actor
from tests.core.practices.helpers import hit_ids, plain

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")


@pytest.fixture
async def corpus(services: Services, clock: FakeClock) -> dict[str, int]:
    """Records that each use one word of a thesaurus group, and none of the query's."""
    texts = {
        "donors": ("Remercier chaque donateur", "Une carte écrite à la main après chaque don."),
        "ceo": (
            "La fraude du président",
            "Un faux message de la directrice demandait des cartes-cadeaux.",
        ),
        "backup": ("Une sauvegarde chaque soir", "Le serveur copie tout sur un disque externe."),
        "newsletter": ("Notre infolettre mensuelle", "Les nouvelles de la coop aux membres."),
        "privacy": (
            "Protéger les renseignements personnels",
            "Seules deux personnes consultent les dossiers.",
        ),
        "gala": ("Notre gala annuel", "Trois cents invités et un encan au profit de la coop."),
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
        ("bienfaiteurs", "donors"),
        ("arnaque au faux patron", "ceo"),
        ("copie de secours", "backup"),
        ("e-blast", "newsletter"),
        ("informations nominatives", "privacy"),
        ("souper-bénéfice", "gala"),
    ],
)
async def test_a_thesaurus_synonym_finds_the_record_written_with_the_other_word(
    services: Services, corpus: dict[str, int], query: str, key: str
):
    found = await hit_ids(services, BOB, query)
    assert found[:1] == [corpus[key]]
    assert corpus["other"] not in found


def test_the_thesaurus_is_read_beside_concepts_toml():
    assert [path.name for path in CONCEPTS_FILES] == [
        "concepts.toml",
        "concepts_more.toml",
        "concepts_lexique.toml",
    ]
    assert default_concepts().known("bienfaiteurs")
