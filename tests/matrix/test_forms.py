"""Guided forms on Matrix: one field at a time in the thread, cancelled or timed out cleanly."""

from __future__ import annotations

import re

from bot.core.decisions.views import OPEN
from tests.matrix.conftest import joined, room_with
from tests.matrix.decisions_helpers import (
    actor_of,
    answer,
    board_room,
    eventually,
    polls_started,
)
from tests.matrix.dialog import Dialog


async def test_a_motion_proposed_through_a_form_then_voted_by_text_and_by_poll(
    services, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, bruno, chloe, _dave = await board_room(services, member_factory, bot)
    form = Dialog(ana, room_id)
    await form.watch.sync()
    await form.send("!vote proposer")
    asked = await form.until("Texte")
    assert "!annuler" in asked.body and "/vote" not in asked.body
    await form.send("Adopter le budget 2027 tel que présenté.")
    await form.until("Titre")
    await form.send("Budget 2027")
    await form.until("Règles (")
    await form.send(".")  # the community's default rules
    shown = await form.until("Budget 2027")
    number = int(re.search(r"n° (\d+)", shown.body).group(1))
    decisions = services.decisions
    proposer = await actor_of(bot, room_id, ana)
    view = await decisions.show(proposer, number)
    assert view.text == "Adopter le budget 2027 tel que présenté." and view.title == "Budget 2027"
    if view.status != OPEN:  # a seconder is required by default
        second = Dialog(bruno, room_id)
        await second.send(f"!vote appuyer {number}")
        await second.until(str(number))
    await decisions.deliver_outbox()
    [poll] = polls_started(await form.watch.until(room_id, lambda evs: bool(polls_started(evs))))
    # Text and native poll answers count the same.
    for person, choice in ((bruno, "pour"), (chloe, "contre")):
        cast = Dialog(person, room_id)
        await cast.send(f"!vote {choice} {number}")
        await cast.until(str(number))
    await answer(ana, room_id, poll.event_id, "pour")

    async def closed() -> bool:
        return (await decisions.show(proposer, number)).status != OPEN

    await eventually(closed)
    tally = (await decisions.show(proposer, number)).result.tally
    assert (tally.pour, tally.contre, tally.abstention) == (2, 1, 0)


async def test_a_practice_shared_through_a_form_is_found(services, member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, name="Coop des Bois")
    await joined(ana, room_id, bot.user_id)
    form = Dialog(ana, room_id)
    await form.send("!pratique partager")
    await form.until("Titre")
    await form.send("Infolettre mensuelle avec un logiciel libre")
    await form.until("Besoin")
    await form.send(".")
    await form.until("Ce qui a été fait")
    await form.send("Nous envoyons chaque mois une infolettre aux membres avec Listmonk.")
    await form.until("facultatif")
    await form.send("fin")
    await form.until("Publier")
    await form.send("oui")
    posted = await form.until("publiée")
    assert "n°" in posted.body
    search = Dialog(ana, room_id)
    await search.send("!pratique chercher infolettre")
    found = await search.until("mensuelle avec un logiciel libre")
    assert found.sender == bot.user_id


async def test_annuler_stops_a_form_and_a_silent_form_times_out(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory(matrix_form_timeout=1.0)  # injectable: no test waits minutes
    room_id = await room_with(ana, bot.user_id)
    await joined(ana, room_id, bot.user_id)
    form = Dialog(ana, room_id)
    await form.send("!vote proposer")
    await form.until("Texte")
    await form.send("!annuler")
    await form.until("Annulé")
    silent = Dialog(ana, room_id, form.watch)
    await silent.send("!pratique partager")
    await silent.until("Titre")
    timed_out = await silent.until("Délai dépassé")
    assert "rien n’a été enregistré" in timed_out.body
    await silent.until("Abandonné")
    # Nothing waits any more: a later message in that thread is not taken as an answer.
    assert bot.bot.conversations.waiting(room_id, ana.user_id) is None
