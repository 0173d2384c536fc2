"""A vote as a neutral reply: ballots as actions with stable ids, receipts for the voter only."""

from __future__ import annotations

from bot.chat.render import decisions
from bot.chat.reply import Reply
from bot.cogs.render import message_kwargs
from bot.core.app import Services
from tests.helpers import Console


async def _open_secret_motion(services: Services) -> Console:
    console = Console(services)
    await console.run("/demo")
    await console.run("/vote proposer Que le conseil adopte le budget. secret")
    await console.run("/en-tant-que Sophie")
    await console.run("/vote appuyer 1")
    return console


def _plain(reply: Reply) -> str:
    return repr(reply.blocks) + repr(reply.actions)


async def test_an_open_motion_offers_its_ballots_as_actions_with_stable_ids(services: Services):
    console = await _open_secret_motion(services)
    sophie = console.app.ctx.actor
    now = services.clock.now()
    reply = decisions.vote(await services.decisions.show(sophie, 1), "fr", now)
    assert reply.title and reply.title.startswith("Proposition n° 1")
    assert [(a.id, a.label, a.command) for a in reply.actions] == [
        ("vote:1:pour", "Pour", "/vote pour 1"),
        ("vote:1:contre", "Contre", "/vote contre 1"),
        ("vote:1:abstention", "Abstention", "/vote abstention 1"),
    ]
    buttons = message_kwargs(reply)["view"].children
    assert [b.custom_id for b in buttons] == ["vote:1:pour", "vote:1:contre", "vote:1:abstention"]
    assert [b.label for b in buttons] == ["Pour", "Contre", "Abstention"]

    # A secret ballot: the receipt is for the voter only and never says the choice.
    receipt = decisions.receipt(await services.decisions.cast(sophie, 1, "contre"), "fr")
    assert receipt.ephemeral
    assert "Contre" not in _plain(receipt) and "secret" in _plain(receipt)
    after = decisions.vote(await services.decisions.show(sophie, 1), "fr", now)
    assert "Contre" not in repr(after.blocks)  # nor does the vote, to her or anyone
    assert after.actions  # she may still change her ballot until the close


async def test_who_may_not_vote_gets_no_ballot_buttons(services: Services):
    console = await _open_secret_motion(services)
    await console.run("/en-tant-que Luc")  # a member, not a director
    luc = console.app.ctx.actor
    reply = decisions.vote(await services.decisions.show(luc, 1), "en", services.clock.now())
    assert reply.actions == ()
    listing = decisions.listing(await services.decisions.list_open(luc), "en", services.clock.now())
    assert listing.title == "Current votes"
