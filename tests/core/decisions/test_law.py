"""The review's defects, through the service: outcomes a Québec board secretary would sign."""

from __future__ import annotations

import pytest

from bot.core.actor import Actor
from bot.core.app import Services
from bot.core.decisions.options import RuleChoices, parse_quorum
from bot.core.decisions.rules import Majority, Outcome, Quorum, QuorumKind
from bot.core.decisions.views import MotionResult
from bot.core.errors import PermissionDenied, StateConflict
from tests.conftest import actor
from tests.core.decisions.conftest import board_actor, close_at_deadline, open_motion
from tests.core.decisions.test_bad_input import refused

pytestmark = pytest.mark.usefixtures("board")


@pytest.fixture
async def six(dservices: Services, board: dict[str, Actor]) -> dict[str, Actor]:
    """A board of 6 directors, as in the review (Paul joins the fixture's five)."""
    paul = board_actor("Paul")
    await dservices.decisions.defaults(paul)  # known to the community, with the CA role
    return {**board, "Paul": paul}


async def _result(services: Services, number: int) -> MotionResult:
    view = await services.decisions.show(board_actor("Sophie"), number)
    assert view.status == "closed" and isinstance(view.result, MotionResult)
    return view.result


async def _extract(services: Services, number: int) -> str:
    return (await services.decisions.extract(board_actor("Sophie"), number)).markdown


async def test_default_board_quorum_is_a_majority_of_directors_in_office(dservices, six):
    d = dservices.decisions
    number = await open_motion(dservices, six)
    for name, choice in (("Sophie", "pour"), ("Marc", "pour"), ("Amina", "contre")):
        await d.cast(six[name], number, choice)
    await close_at_deadline(dservices, number)
    # 3 ballots of 6 directors: the quorum is 4, so no decision (it used to be adopted).
    result = await _result(dservices, number)
    assert result.outcome is Outcome.NO_QUORUM and result.quorum_required == 4
    assert "Aucune décision : quorum non atteint (3 bulletin(s), 4 requis)" in await _extract(
        dservices, number
    )
    assert (await d.show(six["Jean"], number)).resolution is None


async def test_quorum_majorite_is_accepted(dservices, six):
    assert parse_quorum("majorité") == Quorum(QuorumKind.MAJORITY)
    number = await open_motion(dservices, six, quorum=parse_quorum("majorité"))
    view = await dservices.decisions.show(six["Jean"], number)
    assert view.rules.quorum.kind is QuorumKind.MAJORITY


async def test_an_impossible_quorum_is_refused(dservices, six):
    d = dservices.decisions
    await refused(
        dservices,
        lambda: d.propose(
            six["Sophie"], "Texte.", choices=RuleChoices(quorum=Quorum(QuorumKind.COUNT, 7))
        ),
        "7",
        "6",
    )


async def test_no_early_close_while_the_outcome_can_change(dservices, six):
    d = dservices.decisions
    number = await open_motion(dservices, six, quorum=Quorum())
    await d.cast(six["Sophie"], number, "pour")
    # 1 ballot of 6 with no quorum: neither the proposer nor an admin may close it.
    error = await refused(dservices, lambda: d.close(six["Sophie"], number), "1 bulletin(s) sur 6")
    assert error.code == "decision.close_too_early"
    admin = actor("Admin", admin=True)
    await refused(dservices, lambda: d.close(admin, number), "échéance")
    # Four Pour of six: the two left cannot change the outcome; the close is allowed.
    for name in ("Marc", "Amina", "Jean"):
        await d.cast(six[name], number, "pour")
    assert (await d.close(six["Sophie"], number)).status == "closed"
    assert (await _result(dservices, number)).outcome is Outcome.ADOPTED


async def test_recusals_never_shrink_the_quorum_base_nor_those_in_office(dservices, six):
    d = dservices.decisions
    number = await open_motion(dservices, six)
    for name in ("Amina", "Jean", "Isabelle", "Paul"):
        await d.declare_conflict(six[name], number)
    await d.cast(six["Sophie"], number, "pour")
    await d.cast(six["Marc"], number, "pour")  # everyone entitled voted: it closes
    result = await _result(dservices, number)
    assert result.outcome is Outcome.NO_QUORUM
    assert (result.in_office, result.recused, result.ballots) == (6, 4, 2)
    md = await _extract(dservices, number)
    assert "6 administrateurs en fonction; 4 conflit(s) d’intérêts déclaré(s)" in md
    assert "2 bulletin(s) reçu(s)" in md and "unanimité" not in md


async def test_an_admin_who_is_not_a_director_does_not_move_board_motions(dservices, six):
    d = dservices.decisions
    admin = actor("Admin", "Membre", admin=True)
    await refused(dservices, lambda: d.propose(admin, "Que le CA fasse X."), "CA")
    # Admins configure (the legal mode included).
    defaults = await d.set_defaults(admin, RuleChoices(distance="enteriner"))
    assert defaults.distance == "enteriner"
    with pytest.raises(PermissionDenied):
        await d.set_defaults(six["Marc"], RuleChoices(distance="reglements"))
    # A director who is an admin may move one.
    director = actor("Sophie", "CA", admin=True)
    assert (await d.propose(director, "Que le CA fasse Y.")).status == "proposed"


async def test_a_written_resolution_needs_every_director_and_fails_at_once(dservices, six):
    d = dservices.decisions
    signed = await open_motion(dservices, six, majority=Majority.UNANIMITY)
    for name in ("Sophie", "Marc", "Amina", "Jean", "Isabelle", "Paul"):
        await d.cast(six[name], signed, "pour")
    view = await d.show(six["Jean"], signed)
    assert view.outcome is Outcome.ADOPTED and view.binding == "written_resolution"
    assert view.resolution == "CA-2026-001"
    md = await _extract(dservices, signed)
    assert "résolution écrite (C.c.Q., art. 354)" in md and "Quorum** : sans objet" in md
    assert "résolution écrite soumise à la signature de chaque administrateur" in md
    assert "à distance" not in md
    # One abstention: it fails at once.
    refused_one = await open_motion(dservices, six, majority=Majority.UNANIMITY)
    await d.cast(six["Sophie"], refused_one, "pour")
    assert (await d.cast(six["Marc"], refused_one, "abstention")).closed
    assert (await d.show(six["Jean"], refused_one)).outcome is Outcome.REJECTED
    # One director who never signs: it fails at the deadline.
    late = await open_motion(dservices, six, majority=Majority.UNANIMITY)
    for name in ("Sophie", "Marc", "Amina", "Jean", "Isabelle"):
        await d.cast(six[name], late, "pour")
    await close_at_deadline(dservices, late)
    assert (await d.show(six["Jean"], late)).outcome is Outcome.REJECTED
    # A written resolution cannot be secret.
    await refused(
        dservices,
        lambda: d.propose(
            six["Sophie"], "Texte.", choices=RuleChoices(majority=Majority.UNANIMITY, secret=True)
        ),
        "secrète",
    )


async def test_without_bylaws_a_remote_majority_vote_is_a_consultation_to_ratify(dservices, six):
    d = dservices.decisions
    admin = actor("Admin", admin=True)
    await d.set_defaults(admin, RuleChoices(distance="enteriner"))
    number = await open_motion(dservices, six)
    for name in ("Sophie", "Marc", "Amina", "Jean"):
        await d.cast(six[name], number, "pour")
    await close_at_deadline(dservices, number)
    view = await d.show(six["Jean"], number)
    assert view.outcome is Outcome.ADOPTED and view.binding == "consultation"
    assert view.resolution is None
    assert "consultation à entériner à la prochaine réunion" in await _extract(dservices, number)
    [entry] = await d.register(six["Jean"])
    assert entry.binding == "consultation" and entry.resolution is None
    # Only an admin records the ratification, with the meeting's date; it then gets its number.
    with pytest.raises(PermissionDenied):
        await d.ratify(six["Marc"], number, "2026-12-10")
    ratified = await d.ratify(admin, number, "2026-12-10")
    assert ratified.resolution == "CA-2026-001" and ratified.binding == "resolution"
    assert "entérinée en réunion le 10 décembre 2026" in await _extract(dservices, number)
    with pytest.raises(StateConflict):
        await d.ratify(admin, number, "2026-12-11")


async def test_no_ballot_is_no_decision(dservices, six):
    number = await open_motion(dservices, six, quorum=Quorum())
    await close_at_deadline(dservices, number)
    result = await _result(dservices, number)
    assert result.outcome is Outcome.NO_BALLOTS
    md = await _extract(dservices, number)
    assert "Aucune décision : aucun bulletin" in md
    assert "égalité" not in md and "atteint" not in md.split("Quorum")[1].split("\n")[0][:40]


async def test_unanimous_wording_states_the_turnout(dservices, six):
    d = dservices.decisions
    number = await open_motion(dservices, six, quorum=Quorum())
    for name in ("Sophie", "Marc", "Amina", "Jean"):
        await d.cast(six[name], number, "pour")
    await close_at_deadline(dservices, number)
    assert "Adoptée à l’unanimité des voix exprimées (4 sur 6)" in await _extract(dservices, number)


async def test_absolute_majority_in_its_quebec_sense(dservices, six):
    d = dservices.decisions
    number = await open_motion(dservices, six, majority=Majority.ABSOLUTE, quorum=Quorum())
    for name in ("Sophie", "Marc", "Amina"):
        await d.cast(six[name], number, "pour")
    await close_at_deadline(dservices, number)
    # 3–0 of 6: more than half of the votes cast, adopted (it used to read a bare « Rejetée »).
    assert (await _result(dservices, number)).outcome is Outcome.ADOPTED


async def test_members_minutes_speak_of_members_and_record_no_dissent(dservices, six):
    d = dservices.decisions
    view = await d.propose(six["Luc"], "Que l’AG adopte X.", choices=RuleChoices(body="members"))
    await d.second(six["Nadia"], view.number)
    await d.cast(six["Luc"], view.number, "pour")
    await d.cast(six["Nadia"], view.number, "contre")
    await d.cast(six["Chloé"], view.number, "pour")
    await close_at_deadline(dservices, view.number)
    md = await _extract(dservices, view.number)
    assert "vote des membres à distance" in md and "vote du membres" not in md
    assert "dissidence" not in md and "**Ont voté contre** : Nadia" in md
    # Members' default quorum: none, said plainly.
    assert "aucun quorum (les règlements n’en fixent pas" in md


async def test_a_secret_vote_with_fewer_than_three_ballots_publishes_no_counts(dservices, six):
    d = dservices.decisions
    number = await open_motion(dservices, six, secret=True, quorum=Quorum())
    await d.cast(six["Amina"], number, "contre")
    await close_at_deadline(dservices, number)
    result = await _result(dservices, number)
    assert result.hidden and result.tally.cast == 0
    md = await _extract(dservices, number)
    assert "Contre : 1" not in md and "Pour : 0" not in md
    assert "totaux non publiés" in md
    [entry] = await d.register(six["Jean"])
    assert entry.result is not None and entry.result.hidden
    async with dservices.db.reading() as session:
        from sqlalchemy import text

        stored = await session.scalar(text("SELECT result FROM votes"))
        events = list(await session.scalars(text("SELECT data FROM audit_events")))
    assert '"contre": 1' not in str(stored) and not any('"contre":1' in e for e in events)


async def test_numbers_in_an_answer_are_positions(dservices, six):
    d = dservices.decisions
    poll = await d.create_poll(six["Luc"], "Combien ?", ["2", "4", "6"])
    receipt = await d.cast(six["Luc"], poll.number, "2")
    assert receipt.choice == "2"  # option number 2, labelled « 4 »
    view = await d.show(six["Luc"], poll.number)
    assert view.viewer is not None and view.viewer.choice == "2"
    assert view.options[1].label == "4"


async def test_an_anonymous_poll_with_two_answers_publishes_no_counts(dservices, six):
    from bot.core.decisions.views import PollResult

    d = dservices.decisions
    poll = await d.create_poll(
        six["Luc"], "Quel traiteur ?", ["Ginette", "La Coop"], choices=RuleChoices(secret=True)
    )
    await d.cast(six["Luc"], poll.number, "1")
    await d.cast(six["Nadia"], poll.number, "2")
    await close_at_deadline(dservices, poll.number)
    view = await d.show(six["Luc"], poll.number)
    assert isinstance(view.result, PollResult) and view.result.hidden
    assert view.result.counts == (0, 0) and view.result.voters == 2
    exported = await d.export_data("console", "test-coop")
    [data] = [v for v in exported["votes"] if v["number"] == poll.number]
    assert data["counts"] is None and data["ballots"] == 2


async def test_recusals_before_the_opening_keep_the_board_size(dservices, six):
    d = dservices.decisions
    view = await d.propose(six["Sophie"], "Que le CA engage la firme X.")
    for name in ("Amina", "Jean", "Isabelle", "Paul"):
        await d.declare_conflict(six[name], view.number)
    opened = await d.second(six["Marc"], view.number)
    assert opened.electorate_size == 2 and opened.in_office == 6
    await d.cast(six["Sophie"], view.number, "pour")
    await d.cast(six["Marc"], view.number, "pour")
    result = await _result(dservices, view.number)
    assert result.outcome is Outcome.NO_QUORUM and (result.in_office, result.recused) == (6, 4)
