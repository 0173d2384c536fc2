"""The pure vote arithmetic: each majority rule, quorum edges, ties, early decision."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from bot.core.decisions.register import outcome_words
from bot.core.decisions.rules import (
    Majority,
    Outcome,
    Quorum,
    QuorumKind,
    Seats,
    SlotCount,
    Tally,
    best_slot,
    decided,
    encode_options,
    majority_reached,
    outcome,
    poll_counts,
    poll_leaders,
    slot_counts,
    unanimous,
)
from bot.core.decisions.views import MotionResult

NO_QUORUM = Quorum()
SIX = Seats(6, 6)
MAJ = Quorum(QuorumKind.MAJORITY)


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        (Tally(3, 2, 0), Outcome.ADOPTED),
        (Tally(2, 2, 1), Outcome.REJECTED),  # a tie is not a majority
        (Tally(1, 0, 4), Outcome.ADOPTED),  # abstentions are not counted
        (Tally(0, 0, 5), Outcome.REJECTED),  # all abstain: no majority of votes cast
        (Tally(0, 1, 0), Outcome.REJECTED),
        (Tally(), Outcome.NO_BALLOTS),  # nobody voted: no decision, never « égalité »
    ],
)
def test_majority_of_votes_cast(tally: Tally, expected: Outcome):
    for majority in (Majority.SIMPLE, Majority.ABSOLUTE):
        assert outcome(tally, Seats(5, 5), NO_QUORUM, majority) is expected


@pytest.mark.parametrize(
    ("pour", "in_office", "adopted"),
    [(3, 5, True), (2, 5, False), (3, 6, False), (4, 6, True), (1, 1, True)],
)
def test_majority_of_the_directors_in_office(pour: int, in_office: int, adopted: bool):
    # Contre and abstentions do not matter: only more than half of those in office does.
    tally = Tally(pour, 0, in_office - pour)
    assert majority_reached(tally, Seats(in_office, in_office), Majority.IN_OFFICE) is adopted


@pytest.mark.parametrize(
    ("tally", "adopted"),
    [
        (Tally(2, 1, 0), True),  # exactly two thirds
        (Tally(4, 2, 3), True),  # abstentions not counted
        (Tally(3, 2, 0), False),  # 60 %
        (Tally(5, 3, 0), False),  # 62.5 %
        (Tally(0, 0, 4), False),  # all abstain
    ],
)
def test_two_thirds_of_votes_cast(tally: Tally, adopted: bool):
    assert majority_reached(tally, Seats(9, 9), Majority.TWO_THIRDS) is adopted


def test_written_resolution_needs_every_director_entitled():
    five = Seats(5, 5)
    assert outcome(Tally(5, 0, 0), five, MAJ, Majority.UNANIMITY, written=True) is (Outcome.ADOPTED)
    # One abstention is enough to reject a written resolution, and it fails at once.
    assert outcome(Tally(4, 0, 1), five, MAJ, Majority.UNANIMITY, written=True) is (
        Outcome.REJECTED
    )
    assert decided(Tally(1, 0, 1), five, MAJ, Majority.UNANIMITY, written=True) is (
        Outcome.REJECTED
    )
    # So is one director who did not sign by the deadline (no quorum: it is not a meeting).
    assert outcome(Tally(4, 0, 0), five, MAJ, Majority.UNANIMITY, written=True) is (
        Outcome.REJECTED
    )
    assert decided(Tally(4, 0, 0), five, MAJ, Majority.UNANIMITY, written=True) is None
    # A recused director is not entitled: the four others suffice.
    assert outcome(Tally(4, 0, 0), Seats(5, 4), MAJ, Majority.UNANIMITY, written=True) is (
        Outcome.ADOPTED
    )


def test_quorum_exactly_met_or_missed_by_one():
    count = Quorum(QuorumKind.COUNT, 3)
    assert outcome(Tally(2, 0, 1), Seats(5, 5), count, Majority.SIMPLE) is Outcome.ADOPTED
    assert outcome(Tally(2, 0, 0), Seats(5, 5), count, Majority.SIMPLE) is Outcome.NO_QUORUM
    percent = Quorum(QuorumKind.PERCENT, 50)
    # 50 % of 5 is 2.5, rounded up: 3 ballots.
    assert percent.required(5) == 3
    assert percent.required(6) == 3
    # A majority of those in office: more than half.
    assert MAJ.required(6) == 4 and MAJ.required(5) == 3
    assert outcome(Tally(1, 1, 1), Seats(5, 5), percent, Majority.SIMPLE) is Outcome.REJECTED
    assert outcome(Tally(1, 1, 0), Seats(5, 5), percent, Majority.SIMPLE) is Outcome.NO_QUORUM
    # Abstentions count towards the quorum.
    assert outcome(Tally(0, 0, 3), Seats(5, 5), percent, Majority.SIMPLE) is Outcome.REJECTED


def test_recusals_never_shrink_the_quorum_base():
    # Six directors, four recused, two ballots: the quorum is still 4 of 6.
    assert outcome(Tally(2, 0, 0), Seats(6, 2), MAJ, Majority.SIMPLE) is Outcome.NO_QUORUM
    assert not MAJ.possible(6, 2)
    # An impossible quorum (7 of 6) is detectable before the vote.
    assert not Quorum(QuorumKind.COUNT, 7).possible(6, 6)


def test_unanimous_wording_needs_every_ballot_pour():
    assert unanimous(Tally(4, 0, 0))
    assert not unanimous(Tally(4, 0, 1))
    assert not unanimous(Tally(0, 0, 0))


def _words(tally: Tally, seats: Seats, quorum: Quorum, majority: Majority, **kw) -> str:
    written = bool(kw.get("written"))
    result = MotionResult(
        tally=tally,
        electorate=seats.entitled,
        quorum_required=0 if written else quorum.required(seats.in_office),
        quorum_met=written or quorum.met(tally.cast, seats.in_office),
        outcome=outcome(tally, seats, quorum, majority, written=written),
        unanimous=unanimous(tally),
        in_office=seats.in_office,
        recused=seats.recused,
        ballots=tally.cast,
        hidden=bool(kw.get("hidden")),
        written=written,
    )
    return outcome_words(result, majority, kw.get("body", "board"), "fr")


# The rules table: majority × ballots × recusals × quorum → outcome and its reason in words.
RULES_TABLE = [
    # The review's cases on a board of 6.
    (Majority.SIMPLE, Tally(2, 1, 0), SIX, MAJ, {}, Outcome.NO_QUORUM,
     "Aucune décision : quorum non atteint (3 bulletin(s), 4 requis)"),
    (Majority.SIMPLE, Tally(1, 0, 0), SIX, NO_QUORUM, {}, Outcome.ADOPTED,
     "Adoptée à l’unanimité des voix exprimées (1 sur 6)"),
    (Majority.SIMPLE, Tally(2, 0, 0), Seats(6, 2), MAJ, {}, Outcome.NO_QUORUM,
     "Aucune décision : quorum non atteint (2 bulletin(s), 4 requis)"),
    (Majority.SIMPLE, Tally(4, 0, 0), SIX, MAJ, {}, Outcome.ADOPTED,
     "Adoptée à l’unanimité des voix exprimées (4 sur 6)"),
    (Majority.SIMPLE, Tally(3, 1, 0), SIX, MAJ, {}, Outcome.ADOPTED,
     "Adoptée à la majorité des voix exprimées (3 pour, 1 contre)"),
    (Majority.SIMPLE, Tally(2, 2, 0), SIX, MAJ, {}, Outcome.REJECTED,
     "Rejetée : 2 voix pour, 2 contre; il fallait plus de voix pour que contre"),
    (Majority.SIMPLE, Tally(0, 0, 4), SIX, MAJ, {}, Outcome.REJECTED,
     "Rejetée : aucune voix pour ou contre (que des abstentions)"),
    (Majority.SIMPLE, Tally(), SIX, MAJ, {}, Outcome.NO_BALLOTS,
     "Aucune décision : aucun bulletin"),
    (Majority.SIMPLE, Tally(), SIX, NO_QUORUM, {}, Outcome.NO_BALLOTS,
     "Aucune décision : aucun bulletin"),
    # « Absolue »: more than half of the votes cast — 3–0 of 6 is adopted.
    (Majority.ABSOLUTE, Tally(3, 0, 0), SIX, NO_QUORUM, {}, Outcome.ADOPTED,
     "Adoptée à l’unanimité des voix exprimées (3 sur 6)"),
    (Majority.ABSOLUTE, Tally(2, 2, 1), SIX, MAJ, {}, Outcome.REJECTED,
     "Rejetée : 2 voix pour sur 4 voix exprimées, il en fallait plus de la moitié"),
    (Majority.IN_OFFICE, Tally(3, 1, 0), SIX, MAJ, {}, Outcome.REJECTED,
     "Rejetée : 3 voix pour sur 6 administrateurs, il en fallait 4"),
    (Majority.IN_OFFICE, Tally(4, 1, 0), Seats(6, 5), MAJ, {}, Outcome.ADOPTED,
     "Adoptée à la majorité des administrateurs en fonction (4 voix pour sur 6)"),
    (Majority.IN_OFFICE, Tally(4, 1, 1), SIX, MAJ, {"body": "members"}, Outcome.ADOPTED,
     "Adoptée à la majorité des membres en fonction (4 voix pour sur 6)"),
    (Majority.TWO_THIRDS, Tally(4, 2, 0), SIX, MAJ, {}, Outcome.ADOPTED,
     "Adoptée aux deux tiers des voix exprimées (4 sur 6)"),
    (Majority.TWO_THIRDS, Tally(3, 2, 1), SIX, MAJ, {}, Outcome.REJECTED,
     "Rejetée : 3 voix pour sur 5 voix exprimées, il en fallait 4"),
    (Majority.UNANIMITY, Tally(6, 0, 0), SIX, NO_QUORUM, {"written": True}, Outcome.ADOPTED,
     "Adoptée par résolution écrite : tous les administrateurs habiles à voter sont pour "
     "(6 sur 6)"),
    (Majority.UNANIMITY, Tally(5, 0, 0), SIX, NO_QUORUM, {"written": True}, Outcome.REJECTED,
     "Rejetée : une résolution écrite exige l’accord de tous les administrateurs habiles à "
     "voter (5 pour sur 6)"),
    (Majority.UNANIMITY, Tally(5, 0, 0), Seats(6, 5), NO_QUORUM, {"written": True},
     Outcome.ADOPTED,
     "Adoptée par résolution écrite : tous les administrateurs habiles à voter sont pour "
     "(5 sur 5)"),
    (Majority.UNANIMITY, Tally(5, 0, 1), SIX, NO_QUORUM, {"body": "members"}, Outcome.REJECTED,
     "Rejetée : 5 voix pour sur 6 membres habiles à voter, il fallait l’unanimité"),
    # A secret vote with fewer than 3 ballots: the outcome without counts.
    (Majority.SIMPLE, Tally(0, 1, 0), SIX, NO_QUORUM, {"hidden": True}, Outcome.REJECTED,
     "Rejetée (scrutin secret de moins de 3 bulletins : totaux non publiés)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("majority", "tally", "seats", "quorum", "kw", "expected", "words"), RULES_TABLE
)
def test_the_rules_table(majority, tally, seats, quorum, kw, expected, words):
    written = bool(kw.get("written"))
    assert outcome(tally, seats, quorum, majority, written=written) is expected
    assert _words(tally, seats, quorum, majority, **kw) == words


@pytest.mark.parametrize("majority", list(Majority))
@pytest.mark.parametrize(
    "quorum",
    [Quorum(), Quorum(QuorumKind.COUNT, 3), Quorum(QuorumKind.PERCENT, 60), MAJ],
)
@pytest.mark.parametrize("seats", [Seats(5, 5), Seats(6, 4)])
def test_early_decision_agrees_with_every_possible_ending(
    majority: Majority, quorum: Quorum, seats: Seats
):
    """`decided` says an outcome only when all completions of the remaining ballots agree."""
    written = majority is Majority.UNANIMITY
    for pour, contre, abst in itertools.product(range(seats.entitled + 1), repeat=3):
        if pour + contre + abst > seats.entitled:
            continue
        tally = Tally(pour, contre, abst)
        remaining = seats.entitled - tally.cast
        endings = {
            outcome(Tally(pour + p, contre + c, abst + a), seats, quorum, majority)
            for k in range(remaining + 1)
            for p in range(k + 1)
            for c in range(k - p + 1)
            for a in [k - p - c]
        }
        expected = endings.pop() if len(endings) == 1 else None
        assert decided(tally, seats, quorum, majority) == expected, (tally, majority, quorum)
        if written and (contre or abst):
            # A written resolution fails at once on one Contre or abstention.
            assert decided(tally, seats, quorum, majority, written=True) is Outcome.REJECTED


def test_poll_counts_and_leaders():
    ballots = [encode_options([1, 3]), encode_options([3]), encode_options([2, 3])]
    counts = poll_counts(ballots, 3)
    assert counts == (1, 1, 3)
    assert poll_leaders(counts) == (3,)
    assert poll_leaders((2, 2, 0)) == (1, 2)
    assert poll_leaders((0, 0)) == ()


def test_best_meeting_slot():
    starts = [datetime(2026, 12, d, 19, tzinfo=UTC) for d in (3, 4, 5)]
    counts = slot_counts(["ynm", "ymy", "nyn", "mnn"], starts)
    assert [(c.yes, c.maybe, c.no) for c in counts] == [(2, 1, 1), (1, 1, 2), (1, 1, 2)]
    best = best_slot(counts)
    assert best is not None and best.position == 1
    # Same number of yes: the most maybe wins, even if later.
    close = slot_counts(["yy", "nm"], starts[:2])
    assert best_slot(close) == close[1]
    # A tie on yes and maybe goes to the earliest date.
    tie = (SlotCount(1, None, 1, 0, 0), SlotCount(2, None, 1, 0, 0))
    assert best_slot(tie) == tie[0]
    assert best_slot(slot_counts(["nn"], starts[:2])) is None
