"""`my_answers`: the light read a date-by-date meeting answer uses instead of the whole view."""

from __future__ import annotations

import pytest

from bot.core.app import Services
from bot.core.decisions.options import RuleChoices
from bot.core.errors import NotFound

pytestmark = pytest.mark.usefixtures("board")

DATES = ["2026-12-03 19:00", "2026-12-04 12:00", "2026-12-05 12:00"]


async def same_as_show(d, actor, number) -> tuple[int, str | None]:  # type: ignore[no-untyped-def]
    """`my_answers` agrees with what `show` gives the member (dates, own answers)."""
    view = await d.show(actor, number)
    expected = (len(view.options), view.viewer.choice if view.viewer is not None else None)
    got = await d.my_answers(actor, number)
    assert got == expected
    return got


async def test_named_meeting_gives_back_the_members_answers(dservices: Services, board):
    d = dservices.decisions
    meeting = await d.create_meeting(board["Sophie"], "CA de décembre", DATES)
    assert await same_as_show(d, board["Marc"], meeting.number) == (3, None)
    await d.cast(board["Marc"], meeting.number, "oui non peut-être")
    dates, mine = await same_as_show(d, board["Marc"], meeting.number)
    assert dates == 3 and mine is not None and len(mine) == 3
    # Another member's answers are not this member's.
    assert await same_as_show(d, board["Amina"], meeting.number) == (3, None)
    await d.close(board["Sophie"], meeting.number)
    assert await same_as_show(d, board["Marc"], meeting.number) == (3, None)


async def test_secret_meeting_never_reads_a_ballot_back(dservices: Services, board):
    d = dservices.decisions
    meeting = await d.create_meeting(
        board["Sophie"], "CA secret", DATES, choices=RuleChoices(secret=True)
    )
    await d.cast(board["Marc"], meeting.number, "oui non peut-être")
    assert await same_as_show(d, board["Marc"], meeting.number) == (3, None)


async def test_unknown_vote_is_not_found(dservices: Services, board):
    d = dservices.decisions
    meeting = await d.create_meeting(board["Sophie"], "CA de décembre", DATES)
    await d.cast(board["Marc"], meeting.number, "oui non peut-être")  # the community is known
    with pytest.raises(NotFound):
        await d.my_answers(board["Marc"], 999)
