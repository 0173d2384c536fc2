"""Search pages that do not exist are refused in words, never shown as an empty page 1."""

from __future__ import annotations

from bot.console.actor import console_actor
from bot.core.app import Services
from tests.core.practices.helpers import record
from tests.helpers import Console


async def test_a_page_past_the_last_or_below_one_is_refused(services: Services):
    await services.practices.post(console_actor(), record())
    console = Console(services)
    beyond = "Il n’y a pas de page 1000 : il y a 1 page(s)."
    assert beyond in await console.run("/pratique chercher inscription page=1000")
    below = "Le numéro de page doit être entre 1 et 1000."
    assert below in await console.run("/pratique chercher inscription page=-1")
    assert below in await console.run("/pratique chercher inscription page=0")
    # The first page is still there.
    out = await console.run("/pratique chercher inscription page=1")
    assert "1 pratique(s) trouvée(s) — page 1 sur 1" in out and "#1" in out
