"""What the decision service returns: plain frozen data that every adapter renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.decisions.rules import Majority, Outcome, Quorum, SlotCount, Tally

BOARD = "board"
MEMBERS = "members"

MOTION = "motion"
POLL = "poll"
MEETING = "meeting"

PROPOSED = "proposed"
OPEN = "open"
CLOSED = "closed"
WITHDRAWN = "withdrawn"
LAPSED = "lapsed"

# Legal value of a closed motion.
RESOLUTION = "resolution"
WRITTEN_RESOLUTION = "written_resolution"
CONSULTATION = "consultation"  # a remote majority vote the next meeting must ratify


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules a vote runs under (fixed at creation)."""

    majority: Majority
    quorum: Quorum
    secret: bool
    require_seconder: bool
    early_close: bool
    live_results: bool
    max_choices: int
    reminders: tuple[int, ...]  # minutes before the deadline
    duration: timedelta | None  # None: a fixed deadline


@dataclass(frozen=True, slots=True)
class OptionView:
    """A poll option or a candidate meeting date."""

    position: int
    label: str
    starts_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MotionResult:
    """A motion's counts and outcome (names only for nominal votes)."""

    tally: Tally
    electorate: int
    quorum_required: int
    quorum_met: bool
    outcome: Outcome
    unanimous: bool
    # (choice, names) for nominal votes; empty for secret ones.
    names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    non_voters: tuple[str, ...] = ()
    non_voter_count: int = 0
    # Members of the body in office (the quorum base), recusals, ballots received.
    in_office: int = 0
    recused: int = 0
    ballots: int = 0
    # A secret vote with fewer than 3 ballots: counts are neither stored nor shown.
    hidden: bool = False
    written: bool = False  # a written resolution (unanimity of the directors entitled)

    def names_for(self, choice: str) -> tuple[str, ...]:
        """Who chose `choice` (nominal votes)."""
        for key, names in self.names:
            if key == choice:
                return names
        return ()


@dataclass(frozen=True, slots=True)
class PollResult:
    """Votes per option; names per option for named polls."""

    counts: tuple[int, ...]
    leaders: tuple[int, ...]
    voters: int
    names: tuple[tuple[str, ...], ...] = ()
    hidden: bool = False  # anonymous, fewer than 3 answers: counts not published


@dataclass(frozen=True, slots=True)
class MeetingResult:
    """Answers per candidate date and the best one."""

    slots: tuple[SlotCount, ...]
    best: int | None
    voters: int
    # Per date: (names yes, names maybe) for named meeting polls.
    names: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    hidden: bool = False  # anonymous, fewer than 3 answers: counts not published


Result = MotionResult | PollResult | MeetingResult


@dataclass(frozen=True, slots=True)
class Viewer:
    """The asking member's situation on a vote."""

    eligible: bool  # in the electorate (or could second / vote once it opens)
    voted: bool
    conflict: bool
    # Their own choice, nominal votes only (never shown for a secret ballot).
    choice: str | None = None
    can_manage: bool = False  # proposer or admin: may close or withdraw


@dataclass(frozen=True, slots=True)
class VoteView:
    """Everything shown about one vote."""

    number: int
    kind: str
    body: str
    title: str
    text: str
    status: str
    proposer: str
    seconder: str | None
    channel_id: str | None
    rules: Rules
    options: tuple[OptionView, ...]
    created_at: datetime
    opened_at: datetime | None
    deadline: datetime | None
    closed_at: datetime | None
    close_reason: str | None
    electorate_size: int
    voted_count: int
    conflicts: tuple[str, ...]
    # None while hidden (secret or hidden-until-close votes that are still open).
    result: Result | None
    outcome: Outcome | None
    resolution: str | None
    community: str
    timezone: str
    language: str
    viewer: Viewer | None = None
    # Hash and number of the audit event that recorded the close.
    audit_hash: str | None = None
    audit_seq: int | None = None
    # Legal value once closed (resolution, written_resolution, consultation) and, for a
    # ratified consultation, the date of the meeting that ratified it.
    binding: str | None = None
    ratified_on: datetime | None = None
    in_office: int = 0
    # The newest event of the community's log when this view was read (number, hash).
    head: tuple[int, str] | None = None

    @property
    def is_open(self) -> bool:
        """Voting is open."""
        return self.status == OPEN

    @property
    def results_hidden(self) -> bool:
        """Counts are not shown yet."""
        return self.result is None


@dataclass(frozen=True, slots=True)
class VoteSummary:
    """A line of the list of current votes."""

    number: int
    kind: str
    body: str
    title: str
    status: str
    deadline: datetime | None
    electorate_size: int
    voted_count: int
    secret: bool
    timezone: str
    # The asking member: may vote (or second) and has not yet.
    to_do: bool
    voted: bool


@dataclass(frozen=True, slots=True)
class BallotReceipt:
    """The answer to a ballot: recorded, changed, and whether it closed the vote."""

    number: int
    kind: str
    title: str
    secret: bool
    changed: bool
    # What was recorded, for nominal votes only (a secret ballot is never echoed back).
    choice: str | None
    deadline: datetime | None
    timezone: str
    closed: bool = False
    # The labels of the poll options chosen (nominal polls), as shown to the voter.
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReminderView:
    """A reminder to one member who has not voted yet."""

    number: int
    kind: str
    title: str
    deadline: datetime
    remaining: timedelta
    community: str
    timezone: str
    language: str
    member: str


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """A decided motion in the register (numbered when adopted)."""

    number: int
    resolution: str | None
    body: str
    title: str
    text: str
    outcome: Outcome
    closed_at: datetime
    secret: bool
    tally: Tally
    timezone: str
    result: MotionResult | None = None
    binding: str | None = None
    ratified_on: datetime | None = None
    majority: Majority = Majority.SIMPLE


@dataclass(frozen=True, slots=True)
class VoteDefaults:
    """A community's default rules for new votes."""

    deadline: str
    majority: Majority
    quorum: Quorum
    secret: bool
    seconder: bool
    early_close: bool
    reminders: tuple[int, ...]
    # Board quorum and members' quorum (the latter: none unless the bylaws set one).
    members_quorum: Quorum = field(default_factory=Quorum)
    # « reglements »: the bylaws allow remote majority votes (they are resolutions);
    # « enteriner »: a remote majority vote is a consultation the next meeting ratifies.
    distance: str = "enteriner"
