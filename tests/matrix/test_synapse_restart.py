"""Synapse restarted mid-session: the bot reconnects by itself and a form in progress goes on."""

from __future__ import annotations

import asyncio

from tests.matrix.conftest import joined, room_with
from tests.matrix.dialog import Dialog
from tests.matrix.synapse import Synapse


async def test_a_form_goes_on_after_synapse_restarts(
    synapse: Synapse, services, member_factory, bot_factory
):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, name="Coop du Lac")
    await joined(ana, room_id, bot.user_id)
    form = Dialog(ana, room_id)
    await form.send("!vote proposer")
    await form.until("Texte")
    await asyncio.to_thread(synapse.restart)  # the bot and Ana keep running meanwhile
    await form.send("Adopter le plan d’action 2027.")
    await form.until("Titre", within=30)
    await form.send("Plan 2027")
    await form.until("Règles (")
    await form.send(".")
    shown = await form.until("Plan 2027")
    assert shown.sender == bot.user_id and "n°" in shown.body
    # Each answer was taken once: one motion, and a later command is answered once.
    listing = Dialog(ana, room_id, form.watch)
    await listing.send("!votes")
    await listing.until("Plan 2027")
    assert len(listing.notices()) == 1
