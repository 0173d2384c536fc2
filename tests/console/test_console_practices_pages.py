"""Pages that do not exist are refused in words, in lists and searches alike."""

from __future__ import annotations

from bot.console.actor import console_actor
from bot.core.app import Services
from tests.core.practices.helpers import record
from tests.helpers import Console


async def test_a_page_past_the_last_or_below_one_is_refused(services: Services):
    await services.practices.post(console_actor(), record())
    console = Console(services)
    beyond = "Il n’y a pas de page 1000 : il y a 1 page(s)."
    assert beyond in await console.run("/pratiques page=1000")
    assert beyond in await console.run("/pratique chercher inscription page=1000")
    below = "Le numéro de page doit être entre 1 et 1000."
    assert below in await console.run("/pratiques page=-1")
    assert below in await console.run("/pratiques page=0")
    assert below in await console.run("/pratique chercher inscription page=-1")
    # The first page is still there.
    assert "Inscription en ligne à la popote roulante" in await console.run("/pratiques page=1")
