"""The pure vote arithmetic: each majority rule, quorum edges, ties, early decision."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from bot.core.decisions.rules import (
    Majority,
    Outcome,
    Quorum,
    QuorumKind,
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

NO_QUORUM = Quorum()


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        (Tally(3, 2, 0), Outcome.ADOPTED),
        (Tally(2, 2, 1), Outcome.REJECTED),  # a tie is not a majority
        (Tally(1, 0, 4), Outcome.ADOPTED),  # abstentions are not counted
        (Tally(0, 0, 5), Outcome.REJECTED),  # all abstain: no majority of votes cast
        (Tally(0, 1, 0), Outcome.REJECTED),
    ],
)
def test_simple_majority_of_votes_cast(tally: Tally, expected: Outcome):
    assert outcome(tally, 5, NO_QUORUM, Majority.SIMPLE) is expected


@pytest.mark.parametrize(
    ("pour", "electorate", "adopted"),
    [(3, 5, True), (2, 5, False), (3, 6, False), (4, 6, True), (1, 1, True)],
)
def test_absolute_majority_of_the_electorate(pour: int, electorate: int, adopted: bool):
    # Contre and abstentions do not matter: only more than half of the electorate does.
    tally = Tally(pour, 0, electorate - pour)
    assert majority_reached(tally, electorate, Majority.ABSOLUTE) is adopted


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
    assert majority_reached(tally, 9, Majority.TWO_THIRDS) is adopted


def test_unanimity_of_the_electorate():
    assert outcome(Tally(5, 0, 0), 5, NO_QUORUM, Majority.UNANIMITY) is Outcome.ADOPTED
    # One abstention is enough to reject a written resolution.
    assert outcome(Tally(4, 0, 1), 5, NO_QUORUM, Majority.UNANIMITY) is Outcome.REJECTED
    # So is one member who did not answer.
    assert outcome(Tally(4, 0, 0), 5, NO_QUORUM, Majority.UNANIMITY) is Outcome.REJECTED
    # An empty electorate adopts nothing.
    assert outcome(Tally(), 0, NO_QUORUM, Majority.UNANIMITY) is Outcome.REJECTED


def test_quorum_exactly_met_or_missed_by_one():
    count = Quorum(QuorumKind.COUNT, 3)
    assert outcome(Tally(2, 0, 1), 5, count, Majority.SIMPLE) is Outcome.ADOPTED
    assert outcome(Tally(2, 0, 0), 5, count, Majority.SIMPLE) is Outcome.NO_QUORUM
    percent = Quorum(QuorumKind.PERCENT, 50)
    # 50 % of 5 is 2.5, rounded up: 3 ballots.
    assert percent.required(5) == 3
    assert percent.required(6) == 3
    assert outcome(Tally(1, 1, 1), 5, percent, Majority.SIMPLE) is Outcome.REJECTED
    assert outcome(Tally(1, 1, 0), 5, percent, Majority.SIMPLE) is Outcome.NO_QUORUM
    # Abstentions count towards the quorum.
    assert outcome(Tally(0, 0, 3), 5, percent, Majority.SIMPLE) is Outcome.REJECTED


def test_unanimous_wording_needs_every_ballot_pour():
    assert unanimous(Tally(4, 0, 0))
    assert not unanimous(Tally(4, 0, 1))
    assert not unanimous(Tally(0, 0, 0))


@pytest.mark.parametrize("majority", list(Majority))
@pytest.mark.parametrize(
    "quorum", [Quorum(), Quorum(QuorumKind.COUNT, 3), Quorum(QuorumKind.PERCENT, 60)]
)
def test_early_decision_agrees_with_every_possible_ending(majority: Majority, quorum: Quorum):
    """`decided` says an outcome only when all completions of the remaining ballots agree."""
    electorate = 5
    for pour, contre, abst in itertools.product(range(6), repeat=3):
        if pour + contre + abst > electorate:
            continue
        tally = Tally(pour, contre, abst)
        remaining = electorate - tally.cast
        endings = {
            outcome(Tally(pour + p, contre + c, abst + a), electorate, quorum, majority)
            for k in range(remaining + 1)
            for p in range(k + 1)
            for c in range(k - p + 1)
            for a in [k - p - c]
        }
        expected = endings.pop() if len(endings) == 1 else None
        assert decided(tally, electorate, quorum, majority) == expected, (tally, majority, quorum)


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
