"""Polls (2 to 20 options) and meeting polls (yes / maybe / no per date, best slot)."""

from __future__ import annotations

import pytest

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.decisions.options import RuleChoices
from bot.core.decisions.views import MeetingResult, PollResult
from bot.core.errors import InvalidInput
from bot.core.notifier import RecordingNotifier
from tests.core.decisions.conftest import announcements

pytestmark = pytest.mark.usefixtures("board")


async def test_single_choice_poll_with_live_results(dservices: Services, board, clock: FakeClock):
    d = dservices.decisions
    poll = await d.create_poll(
        board["Luc"], "Où tenir l’AGA ?", ["Salle paroissiale", "Centre communautaire", "En ligne"]
    )
    assert poll.status == "open" and poll.kind == "poll" and poll.electorate_size == 8
    await d.cast(board["Luc"], poll.number, "2")
    await d.cast(board["Nadia"], poll.number, "centre communautaire")
    await d.cast(board["Sophie"], poll.number, "En ligne")
    live = await d.show(board["Chloé"], poll.number)
    assert isinstance(live.result, PollResult) and live.result.counts == (0, 2, 1)
    with pytest.raises(InvalidInput) as caught:
        await d.cast(board["Marc"], poll.number, "1 2")
    assert "au plus 1" in caught.value.message("fr")
    with pytest.raises(InvalidInput):
        await d.cast(board["Marc"], poll.number, "7")
    clock.advance(hours=48)
    await dservices.scheduler.run_due()
    closed = await d.show(board["Chloé"], poll.number)
    assert isinstance(closed.result, PollResult)
    assert closed.result.leaders == (2,) and closed.result.voters == 3
    assert closed.result.names[1] == ("Luc", "Nadia")


async def test_multiple_choice_poll_hidden_until_close(
    dservices: Services, board, notifier: RecordingNotifier
):
    d = dservices.decisions
    poll = await d.create_poll(
        board["Luc"],
        "Quels ateliers ?",
        ["Comptabilité", "Gouvernance", "Numérique", "Financement"],
        choices=RuleChoices(multiple=True, max_choices=2, live=False),
    )
    assert poll.rules.max_choices == 2 and poll.rules.live_results is False
    await d.cast(board["Luc"], poll.number, "1, 3")
    await d.cast(board["Nadia"], poll.number, "Numérique; Gouvernance")
    assert (await d.show(board["Luc"], poll.number)).result is None
    with pytest.raises(InvalidInput):
        await d.cast(board["Chloé"], poll.number, "1 2 3")
    await d.close(board["Luc"], poll.number)
    closed = await d.show(board["Luc"], poll.number)
    assert isinstance(closed.result, PollResult) and closed.result.counts == (1, 1, 2, 0)
    assert closed.result.leaders == (3,)
    assert len(announcements(notifier)) == 1


async def test_anonymous_poll_names_nobody(dservices: Services, board):
    d = dservices.decisions
    poll = await d.create_poll(
        board["Luc"], "Êtes-vous satisfaits ?", ["Oui", "Non"], choices=RuleChoices(secret=True)
    )
    assert poll.rules.secret and not poll.rules.live_results
    await d.cast(board["Luc"], poll.number, "oui")
    receipt = await d.cast(board["Nadia"], poll.number, "Non")
    assert receipt.choice is None  # never echoed back
    await d.cast(board["Chloé"], poll.number, "Non")  # three answers: counts are published
    await d.close(board["Luc"], poll.number)
    closed = await d.show(board["Luc"], poll.number)
    assert isinstance(closed.result, PollResult)
    assert closed.result.counts == (1, 2) and closed.result.names == ()
    with pytest.raises(InvalidInput) as caught:
        await d.create_poll(
            board["Luc"], "Q ?", ["A", "B"], choices=RuleChoices(secret=True, live=True)
        )
    assert caught.value.code == "decision.secret_live"


async def test_meeting_poll_best_slot(dservices: Services, board):
    d = dservices.decisions
    meeting = await d.create_meeting(
        board["Sophie"],
        "CA de décembre",
        ["2026-12-04 12:00", "2026-12-03 19:00", "4 décembre 19 h"],
    )
    # Dates are put in order.
    assert [o.label for o in meeting.options] == [
        "2026-12-03 19:00",
        "2026-12-04 12:00",
        "4 décembre 19 h",
    ]
    assert meeting.electorate_size == 5  # the board, by default
    await d.cast(board["Sophie"], meeting.number, "oui non peut-être")
    await d.cast(board["Marc"], meeting.number, "1 3")  # yes to those, no to the others
    await d.cast(board["Amina"], meeting.number, "1=non 2=oui 3=oui")
    with pytest.raises(InvalidInput) as caught:
        await d.cast(board["Jean"], meeting.number, "oui non")
    assert "3 dates" in caught.value.message("fr")
    await d.close(board["Sophie"], meeting.number)
    closed = await d.show(board["Sophie"], meeting.number)
    result = closed.result
    assert isinstance(result, MeetingResult)
    assert [(s.yes, s.maybe, s.no) for s in result.slots] == [(2, 0, 1), (1, 0, 2), (2, 1, 0)]
    assert result.best == 3  # as many yes as the first, and one maybe more
    assert result.names[2] == (("Amina", "Marc"), ("Sophie",))
