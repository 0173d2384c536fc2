"""The register as plain data: the stable JSON contract of `coopilote decisions export --json`.

`{"votes": [{"number", "kind", "body", "text", "title", "secret", "status", "outcome",
"binding", "resolution", "electorate", "recused", "ballots", "counts", "opened_at",
"closes_at", "closed_at"}]}`. Counts only when they are shown to members (never a secret
vote's while it is open, nor below 3 ballots); voters are never listed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.decisions.views import MeetingResult, MotionResult, PollResult, VoteView

BODIES = {"board": "ca", "members": "membres"}
STATUSES = {"proposed": "pending"}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _counts(view: VoteView) -> dict[str, int] | None:
    result = view.result
    if isinstance(result, MotionResult):
        if result.hidden:
            return None
        tally = result.tally
        return {"pour": tally.pour, "contre": tally.contre, "abstention": tally.abstention}
    if isinstance(result, PollResult | MeetingResult) and result.hidden:
        return None
    if isinstance(result, PollResult):
        return {o.label: result.counts[o.position - 1] for o in view.options}
    if isinstance(result, MeetingResult):
        # A meeting poll: the « yes » per proposed date.
        return {o.label: result.slots[o.position - 1].yes for o in view.options}
    return None


def vote_data(view: VoteView) -> dict[str, Any]:
    """One vote of the contract (no voter, ever)."""
    ballots = view.voted_count
    if isinstance(view.result, MotionResult) and view.status == "closed":
        ballots = view.result.ballots or view.result.tally.cast
    return {
        "number": view.number,
        "kind": view.kind,
        "body": BODIES.get(view.body, view.body),
        "text": view.text,
        "title": view.title or None,
        "secret": view.rules.secret,
        "status": STATUSES.get(view.status, view.status),
        "outcome": view.outcome.value if view.outcome is not None else None,
        "binding": view.binding,
        "resolution": view.resolution,
        "electorate": view.electorate_size,
        "recused": len(view.conflicts),
        "ballots": ballots,
        "counts": _counts(view),
        "opened_at": _iso(view.opened_at),
        "closes_at": _iso(view.deadline),
        "closed_at": _iso(view.closed_at),
    }
