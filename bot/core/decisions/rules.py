"""Pure vote arithmetic: quorum, the four majority rules, outcomes, poll and date results.

Nothing here touches the database or the clock, so every edge (ties, all abstain, quorum met
exactly or missed by one) is tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Majority(StrEnum):
    """How many « Pour » a motion needs."""

    SIMPLE = "simple"  # more Pour than Contre among votes cast (abstentions not counted)
    ABSOLUTE = "absolue"  # more than half of the electorate
    TWO_THIRDS = "2/3"  # at least two thirds of votes cast (abstentions not counted)
    UNANIMITY = "unanimite"  # every member of the electorate: the written resolution


class QuorumKind(StrEnum):
    """How the quorum is expressed."""

    NONE = "none"
    COUNT = "count"  # a number of ballots
    PERCENT = "percent"  # a share of the electorate, in percent


class Outcome(StrEnum):
    """What a motion's vote decided."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no_quorum"


CHOICES = ("pour", "contre", "abstention")


@dataclass(frozen=True, slots=True)
class Quorum:
    """The number (or share) of the electorate that must cast a ballot."""

    kind: QuorumKind = QuorumKind.NONE
    value: int = 0

    def required(self, electorate: int) -> int:
        """Ballots needed for an electorate of this size (a share is rounded up)."""
        if self.kind is QuorumKind.COUNT:
            return self.value
        if self.kind is QuorumKind.PERCENT:
            # Integer ceiling: 50 % of 5 is 3, never 2.5 rounded down.
            return -(-electorate * self.value // 100)
        return 0

    def met(self, cast: int, electorate: int) -> bool:
        """Whether `cast` ballots reach the quorum."""
        return cast >= self.required(electorate)


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts of a motion's ballots."""

    pour: int = 0
    contre: int = 0
    abstention: int = 0

    @property
    def cast(self) -> int:
        """Every ballot, abstentions included (what the quorum counts)."""
        return self.pour + self.contre + self.abstention

    @property
    def expressed(self) -> int:
        """Pour and Contre only (what a majority of votes cast counts)."""
        return self.pour + self.contre

    @classmethod
    def of(cls, choices: list[str] | tuple[str, ...]) -> Tally:
        """Count a list of « pour »/« contre »/« abstention »."""
        return cls(choices.count("pour"), choices.count("contre"), choices.count("abstention"))


def majority_reached(tally: Tally, electorate: int, majority: Majority) -> bool:
    """Whether the « Pour » meet the majority rule (quorum aside)."""
    if majority is Majority.SIMPLE:
        return tally.pour > tally.contre  # a tie is not a majority
    if majority is Majority.ABSOLUTE:
        return 2 * tally.pour > electorate
    if majority is Majority.TWO_THIRDS:
        return tally.pour > 0 and 3 * tally.pour >= 2 * tally.expressed
    # Unanimity of the electorate: every eligible member voted Pour; one abstention is enough
    # to reject, as a written resolution needs every director's signature.
    return electorate > 0 and tally.pour == electorate


def outcome(tally: Tally, electorate: int, quorum: Quorum, majority: Majority) -> Outcome:
    """The result of a motion's vote."""
    if not quorum.met(tally.cast, electorate):
        return Outcome.NO_QUORUM
    if majority_reached(tally, electorate, majority):
        return Outcome.ADOPTED
    return Outcome.REJECTED


def decided(tally: Tally, electorate: int, quorum: Quorum, majority: Majority) -> Outcome | None:
    """The outcome when the members who have not voted can no longer change it, else None.

    Ballots already cast are taken as final (the early close ends the change window).
    Every rule is monotone: more Pour never hurts adoption, more Contre or abstentions never
    help it, and more ballots never lose the quorum. So three extreme cases are enough: nobody
    else votes, everyone left votes Pour, everyone left votes Contre.
    """
    remaining = max(0, electorate - tally.cast)
    possible: set[Outcome] = set()
    if not quorum.met(tally.cast, electorate):
        possible.add(Outcome.NO_QUORUM)
    if quorum.met(tally.cast + remaining, electorate):
        best = Tally(tally.pour + remaining, tally.contre, tally.abstention)
        worst = Tally(tally.pour, tally.contre + remaining, tally.abstention)
        if majority_reached(best, electorate, majority):
            possible.add(Outcome.ADOPTED)
        if not majority_reached(worst, electorate, majority):
            possible.add(Outcome.REJECTED)
    return possible.pop() if len(possible) == 1 else None


def unanimous(tally: Tally) -> bool:
    """Every ballot was « Pour » (the wording « à l'unanimité »)."""
    return tally.pour > 0 and tally.contre == 0 and tally.abstention == 0


# --- Polls ---------------------------------------------------------------------------------


def encode_options(positions: list[int] | tuple[int, ...]) -> str:
    """A poll ballot as stored: sorted 1-based option positions, « 1,3 »."""
    return ",".join(str(p) for p in sorted(set(positions)))


def decode_options(choice: str) -> tuple[int, ...]:
    """The positions of a stored poll ballot."""
    return tuple(int(p) for p in choice.split(",") if p)


def poll_counts(ballots: list[str] | tuple[str, ...], options: int) -> tuple[int, ...]:
    """Votes per option (index 0 is option 1)."""
    counts = [0] * options
    for choice in ballots:
        for position in decode_options(choice):
            if 1 <= position <= options:
                counts[position - 1] += 1
    return tuple(counts)


def poll_leaders(counts: tuple[int, ...]) -> tuple[int, ...]:
    """1-based positions of the options with the most votes (several on a tie; none if 0)."""
    top = max(counts, default=0)
    if top == 0:
        return ()
    return tuple(i + 1 for i, c in enumerate(counts) if c == top)


# --- Meeting polls ------------------------------------------------------------------------

ANSWERS = ("y", "m", "n")  # oui, peut-être, non


@dataclass(frozen=True, slots=True)
class SlotCount:
    """Answers for one candidate date."""

    position: int
    starts_at: datetime | None
    yes: int = 0
    maybe: int = 0
    no: int = 0


def slot_counts(
    ballots: list[str] | tuple[str, ...], starts: list[datetime | None]
) -> tuple[SlotCount, ...]:
    """Yes / maybe / no per candidate date; a ballot is one letter per date (« ymn »)."""
    yes = [0] * len(starts)
    maybe = [0] * len(starts)
    no = [0] * len(starts)
    for answers in ballots:
        for i, letter in enumerate(answers[: len(starts)]):
            if letter == "y":
                yes[i] += 1
            elif letter == "m":
                maybe[i] += 1
            else:
                no[i] += 1
    return tuple(SlotCount(i + 1, starts[i], yes[i], maybe[i], no[i]) for i in range(len(starts)))


def best_slot(counts: tuple[SlotCount, ...]) -> SlotCount | None:
    """The date most can attend: most yes, then most maybe, then the earliest."""
    candidates = [c for c in counts if c.yes or c.maybe]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (-c.yes, -c.maybe, c.position))
