"""Pure vote arithmetic: quorum, the majority rules, outcomes, poll and date results.

Nothing here touches the database or the clock, so every edge (ties, all abstain, quorum met
exactly or missed by one) is tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Majority(StrEnum):
    """How many « Pour » a motion needs, named as the Code Morin names it."""

    # More Pour than Contre among votes cast (abstentions are not votes cast).
    SIMPLE = "simple"
    # « Majorité absolue » in its Québec sense: more than half of the votes cast. With
    # abstentions not counted it is the same test as SIMPLE; kept as its own name because
    # bylaws use both words.
    ABSOLUTE = "absolue"
    # More than half of the directors (or members) in office, whoever voted.
    IN_OFFICE = "en_fonction"
    TWO_THIRDS = "2/3"  # at least two thirds of votes cast (abstentions not counted)
    # Every member entitled to vote votes Pour: the written resolution (C.c.Q. art. 354).
    UNANIMITY = "unanimite"


class QuorumKind(StrEnum):
    """How the quorum is expressed."""

    NONE = "none"
    COUNT = "count"  # a number of ballots
    PERCENT = "percent"  # a share of those in office, in percent
    MAJORITY = "majority"  # more than half of those in office


class Outcome(StrEnum):
    """What a motion's vote decided."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no_quorum"
    NO_BALLOTS = "no_ballots"


CHOICES = ("pour", "contre", "abstention")


@dataclass(frozen=True, slots=True)
class Seats:
    """The body a vote counts against: those in office, and those entitled to vote.

    Recusals (conflicts of interest) lower `entitled` only: the quorum base and the
    « in office » count never shrink (Code Morin; the board's size stays what it is).
    """

    in_office: int
    entitled: int

    @property
    def recused(self) -> int:
        """Members in office who may not vote on this motion."""
        return max(0, self.in_office - self.entitled)


@dataclass(frozen=True, slots=True)
class Quorum:
    """The number (or share) of those in office who must cast a ballot."""

    kind: QuorumKind = QuorumKind.NONE
    value: int = 0

    def required(self, in_office: int) -> int:
        """Ballots needed for a body of this size (a share is rounded up)."""
        if self.kind is QuorumKind.COUNT:
            return self.value
        if self.kind is QuorumKind.PERCENT:
            # Integer ceiling: 50 % of 5 is 3, never 2.5 rounded down.
            return -(-in_office * self.value // 100)
        if self.kind is QuorumKind.MAJORITY:
            return in_office // 2 + 1
        return 0

    def met(self, cast: int, in_office: int) -> bool:
        """Whether `cast` ballots reach the quorum."""
        return cast >= self.required(in_office)

    def possible(self, in_office: int, entitled: int) -> bool:
        """Whether the quorum can be reached at all by those entitled to vote."""
        return self.required(in_office) <= entitled


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


def needed(tally: Tally, seats: Seats, majority: Majority) -> int:
    """The « Pour » the rule asks for, given the ballots (for the reason in words)."""
    if majority in (Majority.SIMPLE, Majority.ABSOLUTE):
        return tally.contre + 1
    if majority is Majority.IN_OFFICE:
        return seats.in_office // 2 + 1
    if majority is Majority.TWO_THIRDS:
        return max(1, -(-2 * tally.expressed // 3))
    return seats.entitled


def majority_reached(tally: Tally, seats: Seats, majority: Majority) -> bool:
    """Whether the « Pour » meet the majority rule (quorum aside)."""
    if majority in (Majority.SIMPLE, Majority.ABSOLUTE):
        return 2 * tally.pour > tally.expressed  # a tie is not a majority
    if majority is Majority.IN_OFFICE:
        return 2 * tally.pour > seats.in_office
    if majority is Majority.TWO_THIRDS:
        return tally.pour > 0 and 3 * tally.pour >= 2 * tally.expressed
    # Unanimity of those entitled to vote: one abstention or one absence is enough to
    # reject, as a written resolution needs every director's signature.
    return seats.entitled > 0 and tally.pour == seats.entitled


def outcome(
    tally: Tally, seats: Seats, quorum: Quorum, majority: Majority, *, written: bool = False
) -> Outcome:
    """The result of a motion's vote. A written resolution has no quorum: it is adopted
    only when every director entitled to vote has voted for."""
    if tally.cast == 0:
        return Outcome.NO_BALLOTS
    if written:
        return (
            Outcome.ADOPTED
            if majority_reached(tally, seats, Majority.UNANIMITY)
            else (Outcome.REJECTED)
        )
    if not quorum.met(tally.cast, seats.in_office):
        return Outcome.NO_QUORUM
    if majority_reached(tally, seats, majority):
        return Outcome.ADOPTED
    return Outcome.REJECTED


def decided(
    tally: Tally, seats: Seats, quorum: Quorum, majority: Majority, *, written: bool = False
) -> Outcome | None:
    """The outcome when the members who have not voted can no longer change it, else None.

    Ballots already cast are taken as final (closing ends the change window). Every rule is
    monotone: more Pour never hurts adoption, more Contre or abstentions never help it, and
    more ballots never lose the quorum. So three cases are enough: nobody else votes,
    everyone left votes Pour, everyone left votes Contre.
    """
    remaining = max(0, seats.entitled - tally.cast)
    if written:
        if tally.contre or tally.abstention:
            return Outcome.REJECTED  # one refusal and the written resolution cannot pass
        return Outcome.ADOPTED if remaining == 0 and tally.pour else None
    best = Tally(tally.pour + remaining, tally.contre, tally.abstention)
    worst = Tally(tally.pour, tally.contre + remaining, tally.abstention)
    possible = {outcome(t, seats, quorum, majority) for t in (tally, best, worst)}
    return possible.pop() if len(possible) == 1 else None


def unanimous(tally: Tally) -> bool:
    """Every ballot was « Pour » (the wording « à l'unanimité des voix exprimées »)."""
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
