"""Motions end to end through the service, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.decisions.options import RuleChoices
from bot.core.decisions.rules import Majority, Outcome, Quorum, QuorumKind
from bot.core.decisions.views import MotionResult
from bot.core.errors import InvalidInput, PermissionDenied, StateConflict
from bot.core.notifier import RecordingNotifier
from bot.models.decisions import Ballot, Vote
from tests.core.decisions.conftest import announcements, close_at_deadline, open_motion

pytestmark = pytest.mark.usefixtures("board")


async def result_of(services: Services, who, number: int) -> MotionResult:
    view = await services.decisions.show(who, number)
    assert view.status == "closed"
    assert isinstance(view.result, MotionResult)
    return view.result


async def test_propose_second_vote_and_close_at_the_deadline(
    dservices: Services, board, clock: FakeClock, notifier: RecordingNotifier
):
    d = dservices.decisions
    view = await d.propose(board["Sophie"], "Que le CA adopte le budget 2027.", title="Budget")
    assert view.status == "proposed" and view.deadline is None
    assert view.rules.duration == timedelta(hours=48)  # community default
    clock.advance(hours=2)
    opened = await d.second(board["Marc"], view.number)
    assert opened.status == "open" and opened.seconder == "Marc"
    # The electorate is fixed at the opening: the five board members.
    assert opened.electorate_size == 5
    assert opened.deadline == clock.now() + timedelta(hours=48)
    await d.cast(board["Sophie"], view.number, "pour")
    await d.cast(board["Marc"], view.number, "Pour")
    await d.cast(board["Amina"], view.number, "contre")
    clock.advance(hours=47, minutes=59)
    await dservices.scheduler.run_due()
    assert (await d.show(board["Jean"], view.number)).status == "open"
    clock.advance(minutes=1)
    assert await dservices.scheduler.run_due() >= 1
    result = await result_of(dservices, board["Jean"], view.number)
    assert result.outcome is Outcome.ADOPTED and result.quorum_met
    assert (result.tally.pour, result.tally.contre, result.tally.abstention) == (2, 1, 0)
    assert result.names_for("contre") == ("Amina",)
    assert result.non_voters == ("Isabelle", "Jean")
    closed = await d.show(board["Jean"], view.number)
    assert closed.resolution == "CA-2026-001"
    assert closed.close_reason == "deadline" and closed.closed_at == opened.deadline
    # Announced once, where the vote was launched.
    [announcement] = announcements(notifier)
    assert announcement.kind == "vote.closed" and announcement.channel_id == "general"
    assert announcement.payload.resolution == "CA-2026-001"


async def test_a_ballot_changed_before_close_counts_once(dservices: Services, board):
    d = dservices.decisions
    number = await open_motion(dservices, board, quorum=Quorum())
    first = await d.cast(board["Amina"], number, "contre")
    assert not first.changed and first.choice == "contre"
    second = await d.cast(board["Amina"], number, "pour")
    assert second.changed and second.choice == "pour"
    view = await d.show(board["Amina"], number)
    assert view.voted_count == 1
    assert view.viewer is not None and view.viewer.choice == "pour"
    await close_at_deadline(dservices, number)
    result = await result_of(dservices, board["Amina"], number)
    assert (result.tally.pour, result.tally.contre) == (1, 0)


async def test_a_closed_vote_refuses_ballots(dservices: Services, board):
    d = dservices.decisions
    number = await open_motion(dservices, board)
    await d.cast(board["Sophie"], number, "pour")
    await close_at_deadline(dservices, number)
    with pytest.raises(StateConflict) as caught:
        await d.cast(board["Jean"], number, "pour")
    assert "fermé" in caught.value.message("fr")
    with pytest.raises(StateConflict):
        await d.close(board["Sophie"], number)


async def test_a_ballot_after_the_deadline_is_refused_before_the_scheduler_runs(
    dservices: Services, board, clock: FakeClock
):
    number = await open_motion(dservices, board, deadline="1h")
    clock.advance(hours=1)
    with pytest.raises(StateConflict) as caught:
        await dservices.decisions.cast(board["Jean"], number, "pour")
    assert caught.value.code == "decision.deadline_passed"


async def test_everyone_voted_closes_early(dservices: Services, board, notifier: RecordingNotifier):
    d = dservices.decisions
    number = await open_motion(dservices, board)
    for name in ("Sophie", "Marc", "Amina", "Jean"):
        receipt = await d.cast(board[name], number, "pour")
        assert not receipt.closed
    last = await d.cast(board["Isabelle"], number, "abstention")
    assert last.closed
    view = await d.show(board["Jean"], number)
    assert view.close_reason == "all_voted" and view.outcome is Outcome.ADOPTED
    assert len(announcements(notifier)) == 1


async def test_conflict_of_interest_leaves_the_electorate(
    dservices: Services, board, notifier: RecordingNotifier
):
    d = dservices.decisions
    # A written resolution: once Jean leaves, every one of the four entitled must sign.
    number = await open_motion(dservices, board, majority=Majority.UNANIMITY)
    await d.cast(board["Jean"], number, "pour")
    view = await d.declare_conflict(board["Jean"], number, "Je suis l’employeur du fournisseur")
    assert view.electorate_size == 4 and view.conflicts == ("Jean",)
    assert view.viewer is not None and view.viewer.conflict
    assert view.voted_count == 0  # his ballot left with him
    with pytest.raises(StateConflict) as caught:
        await d.cast(board["Jean"], number, "pour")
    assert "conflit d’intérêts" in caught.value.message("fr")
    with pytest.raises(StateConflict):
        await d.declare_conflict(board["Jean"], number)
    for name in ("Sophie", "Marc", "Amina", "Isabelle"):
        await d.cast(board[name], number, "pour")
    # The four remaining members voted: unanimity of the electorate without Jean.
    result = await result_of(dservices, board["Jean"], number)
    assert result.electorate == 4 and result.outcome is Outcome.ADOPTED and result.unanimous
    # The board's size is not shrunk by the recusal: 5 in office, 1 conflict, 4 ballots.
    assert (result.in_office, result.recused, result.ballots) == (5, 1, 4)
    extract = await d.extract(board["Jean"], number)
    assert (
        "5 administrateurs en fonction; 1 conflit(s) d’intérêts déclaré(s); 4 habiles à voter; "
        "4 bulletin(s) reçu(s)" in extract.markdown
    )
    assert "résolution écrite (C.c.Q., art. 354)" in extract.markdown
    assert "Conflits d’intérêts déclarés" in extract.markdown and "Jean" in extract.markdown
    assert len(announcements(notifier)) == 1


async def test_conflict_declared_before_the_opening(dservices: Services, board):
    d = dservices.decisions
    view = await d.propose(board["Sophie"], "Que le CA engage la firme X.")
    await d.declare_conflict(board["Amina"], view.number)
    opened = await d.second(board["Marc"], view.number)
    assert opened.electorate_size == 4 and opened.conflicts == ("Amina",)
    with pytest.raises(StateConflict):
        await d.cast(board["Amina"], view.number, "pour")


async def test_unanimity_with_one_abstention_is_rejected(dservices: Services, board):
    d = dservices.decisions
    number = await open_motion(dservices, board, majority=Majority.UNANIMITY)
    for name in ("Sophie", "Marc", "Amina", "Jean"):
        await d.cast(board[name], number, "pour")
    await d.cast(board["Isabelle"], number, "abstention")
    view = await d.show(board["Jean"], number)
    assert view.outcome is Outcome.REJECTED and view.resolution is None
    extract = await d.extract(board["Jean"], number)
    assert "Rejetée : une résolution écrite exige l’accord de tous les administrateurs" in (
        extract.markdown
    )
    assert "### Proposition n° 1" in extract.markdown


async def test_a_tie_and_all_abstentions_are_rejected(dservices: Services, board):
    d = dservices.decisions
    tie = await open_motion(dservices, board, quorum=Quorum())
    await d.cast(board["Sophie"], tie, "pour")
    await d.cast(board["Amina"], tie, "contre")
    await close_at_deadline(dservices, tie)
    assert (await d.show(board["Jean"], tie)).outcome is Outcome.REJECTED
    assert "1 voix pour, 1 contre; il fallait plus de voix pour que contre" in (
        (await d.extract(board["Jean"], tie)).markdown
    )
    blank = await open_motion(dservices, board, quorum=Quorum(QuorumKind.COUNT, 2))
    await d.cast(board["Sophie"], blank, "abstention")
    await d.cast(board["Amina"], blank, "abstention")
    await close_at_deadline(dservices, blank)
    view = await d.show(board["Jean"], blank)
    assert view.outcome is Outcome.REJECTED  # quorum met by abstentions, no majority
    assert "que des abstentions" in (await d.extract(board["Jean"], blank)).markdown


async def test_quorum_met_exactly_or_missed_by_one(dservices: Services, board):
    d = dservices.decisions
    met = await open_motion(dservices, board, quorum=Quorum(QuorumKind.COUNT, 3))
    for name in ("Sophie", "Marc", "Amina"):
        await d.cast(board[name], met, "pour")
    await close_at_deadline(dservices, met)
    assert (await d.show(board["Jean"], met)).outcome is Outcome.ADOPTED
    missed = await open_motion(dservices, board, quorum=Quorum(QuorumKind.COUNT, 3))
    for name in ("Sophie", "Marc"):
        await d.cast(board[name], missed, "pour")
    await close_at_deadline(dservices, missed)
    view = await d.show(board["Jean"], missed)
    assert view.outcome is Outcome.NO_QUORUM and view.resolution is None
    assert "Aucune décision : quorum non atteint (2 bulletin(s), 3 requis)" in (
        (await d.extract(board["Jean"], missed)).markdown
    )


async def test_absolute_and_two_thirds_majorities_through_the_service(dservices: Services, board):
    d = dservices.decisions
    in_office = await open_motion(dservices, board, majority=Majority.IN_OFFICE, quorum=Quorum())
    await d.cast(board["Sophie"], in_office, "pour")
    await d.cast(board["Marc"], in_office, "pour")
    await close_at_deadline(dservices, in_office)
    # 2 of 5 is more Pour than Contre, but not a majority of the directors in office.
    view = await d.show(board["Jean"], in_office)
    assert view.outcome is Outcome.REJECTED
    assert "Rejetée : 2 voix pour sur 5 administrateurs, il en fallait 3" in (
        (await d.extract(board["Jean"], in_office)).markdown
    )
    thirds = await open_motion(dservices, board, majority=Majority.TWO_THIRDS, quorum=Quorum())
    for name, choice in (("Sophie", "pour"), ("Marc", "pour"), ("Amina", "contre")):
        await d.cast(board[name], thirds, choice)
    await close_at_deadline(dservices, thirds)
    view = await d.show(board["Jean"], thirds)
    assert view.outcome is Outcome.ADOPTED and view.resolution == "CA-2026-001"
    # « Absolue » in its Québec sense: more than half of the votes cast (abstentions aside).
    absolute = await open_motion(dservices, board, majority=Majority.ABSOLUTE, quorum=Quorum())
    for name, choice in (("Sophie", "pour"), ("Marc", "pour"), ("Amina", "abstention")):
        await d.cast(board[name], absolute, choice)
    await close_at_deadline(dservices, absolute)
    assert (await d.show(board["Jean"], absolute)).outcome is Outcome.ADOPTED


async def test_early_close_when_the_outcome_can_no_longer_change(dservices: Services, board):
    d = dservices.decisions
    number = await open_motion(dservices, board, early_close=True)
    for name in ("Sophie", "Marc"):
        assert not (await d.cast(board[name], number, "pour")).closed
    # Three Pour of five: the two left cannot outvote them.
    assert (await d.cast(board["Amina"], number, "pour")).closed
    view = await d.show(board["Jean"], number)
    assert view.close_reason == "decided" and view.outcome is Outcome.ADOPTED


async def test_withdraw_only_before_any_ballot(dservices: Services, board):
    d = dservices.decisions
    proposed = await d.propose(board["Sophie"], "Une proposition retirée.")
    with pytest.raises(PermissionDenied):
        await d.withdraw(board["Amina"], proposed.number)
    assert (await d.withdraw(board["Sophie"], proposed.number)).status == "withdrawn"
    number = await open_motion(dservices, board)
    await d.cast(board["Jean"], number, "contre")
    with pytest.raises(StateConflict) as caught:
        await d.withdraw(board["Sophie"], number)
    assert caught.value.code == "decision.has_ballots"
    # A board member who did not propose may not close it; an admin may, but only once
    # the outcome can no longer change (one ballot of five: it still can).
    with pytest.raises(PermissionDenied):
        await d.close(board["Amina"], number)
    admin = board["Luc"].__class__(**{**_fields(board["Luc"]), "is_admin": True})
    with pytest.raises(StateConflict) as early:
        await d.close(admin, number)
    assert early.value.code == "decision.close_too_early"
    for name in ("Sophie", "Marc", "Amina"):
        await d.cast(board[name], number, "contre")
    assert (await d.close(admin, number)).status == "closed"  # 4 Contre of 5: decided


def _fields(actor) -> dict:
    return {f: getattr(actor, f) for f in actor.__slots__}


async def test_an_unseconded_motion_lapses_at_its_deadline(
    dservices: Services, board, clock: FakeClock, notifier: RecordingNotifier
):
    d = dservices.decisions
    view = await d.propose(board["Sophie"], "Sans appui.", choices=RuleChoices(deadline="24h"))
    clock.advance(hours=24)
    await dservices.scheduler.run_due()
    lapsed = await d.show(board["Jean"], view.number)
    assert lapsed.status == "lapsed"
    with pytest.raises(StateConflict):
        await d.second(board["Marc"], view.number)
    assert [a.payload.status for a in announcements(notifier)] == ["lapsed"]


async def test_no_seconder_needed_when_the_community_says_so(dservices: Services, board):
    d = dservices.decisions
    admin = board["Sophie"].__class__(**{**_fields(board["Sophie"]), "is_admin": True})
    defaults = await d.set_defaults(admin, RuleChoices(seconder=False, deadline="3j"))
    assert defaults.seconder is False and defaults.deadline == "3j"
    view = await d.propose(board["Sophie"], "Ouverte tout de suite.")
    assert view.status == "open" and view.rules.duration == timedelta(days=3)
    with pytest.raises(PermissionDenied):
        await d.set_defaults(board["Marc"], RuleChoices(secret=True))


async def test_members_vote_numbers_ag_resolutions(dservices: Services, board):
    d = dservices.decisions
    view = await d.propose(
        board["Luc"],
        "Que l’assemblée adopte le code d’éthique.",
        choices=RuleChoices(body="members"),
    )
    opened = await d.second(board["Nadia"], view.number)
    assert opened.electorate_size == 8  # everyone with the member role
    for name in ("Luc", "Nadia", "Chloé", "Sophie", "Marc"):
        await d.cast(board[name], view.number, "pour")
    await close_at_deadline(dservices, view.number)
    assert (await d.show(board["Luc"], view.number)).resolution == "AG-2026-001"
    with pytest.raises(PermissionDenied):
        await d.propose(board["Luc"], "Un membre ne propose pas au CA.")


async def test_resolution_numbers_per_year_in_the_community_timezone(
    dservices: Services, board, clock: FakeClock
):
    d = dservices.decisions
    # 2026-12-31 23:30 in Montréal is already 2027 in UTC: the number is still 2026.
    clock.set(datetime(2027, 1, 1, 4, 30, tzinfo=UTC) - timedelta(hours=1))
    first = await open_motion(dservices, board, quorum=Quorum(), deadline="10min")
    await d.cast(board["Sophie"], first, "pour")
    await close_at_deadline(dservices, first)
    clock.advance(hours=2)
    second = await open_motion(dservices, board, quorum=Quorum(), deadline="10min")
    await d.cast(board["Sophie"], second, "pour")
    rejected = await open_motion(dservices, board, quorum=Quorum(), deadline="5min")
    await d.cast(board["Sophie"], rejected, "contre")
    await close_at_deadline(dservices, rejected)
    clock.advance(minutes=5)
    await close_at_deadline(dservices, second)
    numbers = {(await d.show(board["Jean"], n)).resolution for n in (first, second, rejected)}
    assert numbers == {"CA-2026-001", "CA-2027-001", None}
    entries = await d.register(board["Jean"])
    assert [e.resolution for e in entries] == ["CA-2027-001", None, "CA-2026-001"]
    assert [e.number for e in await d.register(board["Jean"], year=2026)] == [first]
    assert [e.number for e in await d.register(board["Jean"], outcome="rejected")] == [rejected]
    assert len(await d.register(board["Jean"], query="budget 2027")) == 3
    assert await d.register(board["Jean"], query="piscine") == ()


async def test_extract_and_export_for_the_minutes(dservices: Services, board, clock: FakeClock):
    d = dservices.decisions
    view = await d.propose(
        board["Sophie"],
        "Que le conseil adopte la politique de télétravail.\nEn vigueur le 1er janvier.",
        title="Télétravail",
    )
    await d.second(board["Marc"], view.number)
    for name, choice in (
        ("Sophie", "pour"),
        ("Marc", "pour"),
        ("Amina", "contre"),
        ("Jean", "abstention"),
    ):
        await d.cast(board[name], view.number, choice)
    clock.advance(hours=48)
    await dservices.scheduler.run_due()
    extract = await d.extract(board["Isabelle"], "ca-2026-1")
    md = extract.markdown
    assert md.startswith("### Résolution CA-2026-001 — Télétravail")
    assert (
        "> Que le conseil adopte la politique de télétravail.\n> En vigueur le 1er janvier." in md
    )
    assert "**Proposée par** : Sophie, appuyée par Marc" in md
    assert "5 administrateurs en fonction" in md
    assert "quorum de la majorité des personnes en fonction (3) — atteint" in md
    assert (
        "Pour : 2 · Contre : 1 · Abstentions : 1 — **Adoptée à la majorité des voix exprimées "
        "(2 pour, 1 contre)**" in md
    )
    assert "**Ont voté contre (dissidence inscrite)** : Amina" in md
    assert "**Se sont abstenus** : Jean" in md
    assert "**N’ont pas voté** : Isabelle" in md
    assert "ouvert le jeudi 26 novembre 2026 à 10 h 00" in md
    assert "Empreinte du journal d’audit" in md
    english = await d.extract(board["Isabelle"], "CA-2026-001", lang="en")
    assert "Carried by a majority of votes cast" in english.markdown
    export = await d.export_register(board["Isabelle"], year=2026)
    assert (
        export.count == 1 and "# Registre des résolutions — Coop de test — 2026" in export.markdown
    )
    assert md in export.markdown
    with pytest.raises(InvalidInput):
        await d.extract(board["Isabelle"], "n'importe quoi")


async def test_ballots_are_stored_by_member_id_for_nominal_votes(dservices: Services, board):
    number = await open_motion(dservices, board)
    await dservices.decisions.cast(board["Jean"], number, "pour")
    async with dservices.db.reading() as session:
        vote_id = await session.scalar(select(Vote.id).where(Vote.number == number))
        rows = (
            await session.execute(
                select(Ballot.voter, Ballot.choice).where(Ballot.vote_id == vote_id)
            )
        ).all()
    assert len(rows) == 1 and rows[0][1] == "pour"


async def test_the_electorate_is_fixed_when_voting_opens(dservices: Services, board):
    d = dservices.decisions
    number = await open_motion(dservices, board)
    await d.cast(board["Jean"], number, "pour")
    # Jean left the board and changed his display name since: still a voter of this vote.
    renamed = board["Jean"].__class__(
        **{**_fields(board["Jean"]), "roles": frozenset({"Membre"}), "display_name": "J. Roy"}
    )
    receipt = await d.cast(renamed, number, "contre")
    assert receipt.changed and receipt.choice == "contre"
    # A member given the board role after the opening is not.
    promoted = board["Luc"].__class__(**{**_fields(board["Luc"]), "roles": frozenset({"CA"})})
    with pytest.raises(PermissionDenied):
        await d.cast(promoted, number, "pour")
    await close_at_deadline(dservices, number)
    result = await result_of(dservices, board["Sophie"], number)
    # Names in the minutes are those of the opening.
    assert result.names_for("contre") == ("Jean",) and result.electorate == 5
