"""Every bad input of the issue: a clear French message, and nothing changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.app import Services
from bot.core.decisions.options import RuleChoices
from bot.core.errors import CoopiloteError
from bot.core.i18n import has
from bot.core.mentions import has_mentions
from bot.models.decisions import Vote
from tests.conftest import actor
from tests.core.decisions.conftest import close_at_deadline, open_motion, snapshot

pytestmark = pytest.mark.usefixtures("board")


async def refused(
    services: Services, call: Callable[[], Awaitable[Any]], *words: str
) -> CoopiloteError:
    """`call` raises a domain error whose French message says `words`; no row changed."""
    before = await snapshot(services)
    with pytest.raises(CoopiloteError) as caught:
        await call()
    assert await snapshot(services) == before
    error = caught.value
    assert has(error.code), error.code
    message = error.message("fr")
    assert "{" not in message and not message.startswith(("decision.", "error."))
    for word in words:
        assert word in message, (word, message)
    assert error.message("en") != message  # English exists too
    return error


async def test_unknown_vote(dservices: Services, board):
    await refused(dservices, lambda: dservices.decisions.cast(board["Jean"], 999, "pour"), "999")
    await refused(dservices, lambda: dservices.decisions.show(board["Jean"], "n° 42"), "42")
    await refused(dservices, lambda: dservices.decisions.cast(board["Jean"], "abc", "pour"), "abc")


async def test_non_member_voting(dservices: Services, board):
    number = await open_motion(dservices, board)
    # Not on the board: a member only.
    await refused(
        dservices, lambda: dservices.decisions.cast(board["Luc"], number, "pour"), "votants", "CA"
    )
    # Not known at all (and not left behind as a member either).
    stranger = actor("Inconnu")
    await refused(dservices, lambda: dservices.decisions.cast(stranger, number, "pour"), "votants")
    # Given the role after the opening: the electorate was fixed then.
    late = actor("Nouvelle", "CA")
    await refused(dservices, lambda: dservices.decisions.cast(late, number, "pour"), "ouverture")


async def test_voting_after_close(dservices: Services, board):
    number = await open_motion(dservices, board)
    await dservices.decisions.cast(board["Sophie"], number, "pour")
    await close_at_deadline(dservices, number)
    await refused(
        dservices, lambda: dservices.decisions.cast(board["Jean"], number, "contre"), "fermé"
    )


async def test_seconding_ones_own_motion(dservices: Services, board):
    view = await dservices.decisions.propose(board["Sophie"], "Ma proposition.")
    await refused(
        dservices, lambda: dservices.decisions.second(board["Sophie"], view.number), "propre"
    )


@pytest.mark.parametrize("count", [1, 21, 0])
async def test_one_option_or_21_options(dservices: Services, board, count: int):
    options = [f"Option {i}" for i in range(1, count + 1)]
    await refused(
        dservices,
        lambda: dservices.decisions.create_poll(board["Luc"], "Question ?", options),
        str(count),
    )


async def test_duplicate_options(dservices: Services, board):
    await refused(
        dservices,
        lambda: dservices.decisions.create_poll(
            board["Luc"], "Q ?", ["Samedi", "Dimanche", "samedi"]
        ),
        "samedi",
        "double",
    )
    await refused(
        dservices,
        lambda: dservices.decisions.create_meeting(
            board["Sophie"], "CA", ["2026-12-03 19:00", "3 décembre 19 h"]
        ),
        "deux fois",
    )


@pytest.mark.parametrize(
    ("deadline", "words"),
    [
        ("2026-11-01 17:00", ("passée",)),
        ("2036-11-26 17:00", ("lointaine", "366")),
        ("2026-11-26 09:00", ("passée",)),  # earlier today, local time
        ("n’importe quand", ("illisible", "48h")),
    ],
)
async def test_deadline_in_the_past_or_10_years_ahead(
    dservices: Services, board, deadline: str, words: tuple[str, ...]
):
    choices = RuleChoices(deadline=deadline)
    await refused(
        dservices,
        lambda: dservices.decisions.propose(board["Sophie"], "Texte.", choices=choices),
        *words,
    )
    await refused(
        dservices,
        lambda: dservices.decisions.create_poll(board["Luc"], "Q ?", ["A", "B"], choices=choices),
        *words,
    )


async def test_meeting_dates_in_the_past(dservices: Services, board):
    await refused(
        dservices,
        lambda: dservices.decisions.create_meeting(
            board["Sophie"], "CA", ["2026-11-01 19:00", "2026-12-03 19:00"]
        ),
        "passée",
    )


async def test_oversized_text(dservices: Services, board):
    await refused(
        dservices,
        lambda: dservices.decisions.propose(board["Sophie"], "x" * 4001),
        "4001",
        "4000",
    )
    await refused(
        dservices,
        lambda: dservices.decisions.propose(board["Sophie"], "Texte.", title="t" * 201),
        "201",
        "200",
    )
    await refused(
        dservices,
        lambda: dservices.decisions.create_poll(board["Luc"], "Q ?", ["a" * 201, "b"]),
        "201",
    )
    await refused(dservices, lambda: dservices.decisions.propose(board["Sophie"], "  \n "), "vide")


async def test_unknown_choice_changes_nothing(dservices: Services, board):
    number = await open_motion(dservices, board)
    await refused(
        dservices, lambda: dservices.decisions.cast(board["Jean"], number, "peut-être"), "contre"
    )


async def test_other_refusals_change_nothing(dservices: Services, board):
    d = dservices.decisions
    number = await open_motion(dservices, board)
    await refused(dservices, lambda: d.close(board["Amina"], number), "administrateurs")
    await refused(dservices, lambda: d.second(board["Marc"], number), "appui")
    await refused(
        dservices,
        lambda: d.propose(
            board["Sophie"], "T.", choices=RuleChoices(secret=True, early_close=True)
        ),
        "secret",
    )
    await refused(dservices, lambda: d.propose(board["Luc"], "Pas au CA."), "CA")


async def test_mentions_are_kept_as_text_and_never_ping(dservices: Services, board):
    text = "Avis à @everyone et @here : <@&1234> doit signer. Cc <@5678>."
    view = await dservices.decisions.propose(board["Sophie"], text, title="@here urgent")
    # Stored exactly as typed (the core keeps the raw text)…
    async with dservices.db.reading() as session:
        stored = await session.scalar(select(Vote.text).where(Vote.number == view.number))
    assert stored == text and view.text == text
    await dservices.decisions.second(board["Marc"], view.number)
    await dservices.decisions.cast(board["Sophie"], view.number, "pour")
    await close_at_deadline(dservices, view.number)
    # …and every Markdown the bot produces shows it inert.
    extract = await dservices.decisions.extract(board["Jean"], view.number)
    assert "everyone" in extract.markdown and not has_mentions(extract.markdown)
    export = await dservices.decisions.export_register(board["Jean"])
    assert not has_mentions(export.markdown)
