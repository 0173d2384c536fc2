"""The event log: every change and ballot chained by hash; tampering is found and named."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select, text, update

from bot.core.app import Services
from bot.core.decisions.audit import GENESIS, event_hash, verify
from bot.models.decisions import AuditEvent, AuditHead
from tests.core.decisions.conftest import close_at_deadline, open_motion

pytestmark = pytest.mark.usefixtures("board")


async def _events(services: Services) -> list[AuditEvent]:
    async with services.db.reading() as session:
        return list(await session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


async def _activity(services: Services, board) -> None:
    d = services.decisions
    number = await open_motion(services, board)
    await d.cast(board["Sophie"], number, "pour")
    await d.cast(board["Marc"], number, "contre")
    await d.cast(board["Marc"], number, "pour")
    await d.declare_conflict(board["Jean"], number)
    await close_at_deadline(services, number)


async def test_every_change_and_ballot_is_chained(dservices: Services, board):
    await _activity(dservices, board)
    events = await _events(dservices)
    assert [e.kind for e in events] == [
        "vote.proposed",
        "vote.seconded",
        "vote.opened",
        "ballot.cast",
        "ballot.cast",
        "ballot.changed",
        "conflict.declared",
        "vote.closed",
    ]
    prev = GENESIS
    for seq, event in enumerate(events, start=1):
        assert event.seq == seq and event.prev_hash == prev
        assert event.hash == event_hash(
            prev, event.community_id, seq, event.at, event.kind, event.vote_id, event.data
        )
        prev = event.hash
    async with dservices.db.reading() as session:
        head = await session.scalar(select(AuditHead))
    assert head is not None and (head.seq, head.hash) == (len(events), prev)
    closed = json.loads(events[-1].data)
    # Two ballots of five in office (one recused): the quorum of 3 is not met.
    assert closed["result"]["pour"] == 2 and closed["result"]["outcome"] == "no_quorum"
    assert (await verify(dservices.db)).ok


async def _tamper(services: Services, statement) -> list[tuple[str, int | None]]:
    async with services.db.transaction() as session:
        await session.execute(statement)
    report = await verify(services.db)
    assert not report.ok
    return [(p.kind, p.seq) for p in report.problems]


def test_the_hash_covers_the_canonical_json_of_the_event():
    from datetime import UTC, datetime

    from bot.core.decisions.audit import canonical

    at = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    data = canonical({"number": 3, "member": [7, "Émilie « Mimi » Côté"], "choice": "pour"})
    document = canonical(
        {
            "at": at.isoformat(),
            "community": 1,
            "data": json.loads(data),
            "kind": "ballot.cast",
            "prev": GENESIS,
            "seq": 4,
            "vote": 2,
        }
    )
    import hashlib

    expected = hashlib.sha256(document.encode()).hexdigest()
    assert event_hash(GENESIS, 1, 4, at, "ballot.cast", 2, data) == expected


async def test_an_edited_row_is_named(dservices: Services, board):
    await _activity(dservices, board)
    problems = await _tamper(
        dservices,
        update(AuditEvent)
        .where(AuditEvent.seq == 5)
        .values(data=json.dumps({"number": 1, "member": [2, "Marc"], "choice": "pour"})),
    )
    assert problems == [("edited", 5)]


async def test_deleted_rows_in_the_middle_and_at_the_end_are_named(dservices: Services, board):
    await _activity(dservices, board)
    assert await _tamper(dservices, delete(AuditEvent).where(AuditEvent.seq == 4)) == [
        ("deleted", 4)
    ]
    problems = await _tamper(dservices, delete(AuditEvent).where(AuditEvent.seq >= 7))
    assert ("deleted", 7) in problems  # the head still says 8 events


async def test_an_inserted_row_is_named(dservices: Services, board):
    await _activity(dservices, board)
    events = await _events(dservices)
    last = events[-1]
    # A forged event after the last one, with a correct-looking chain link.
    forged_data = json.dumps({"number": 1, "note": "ajout"})
    forged_hash = event_hash(
        last.hash, last.community_id, last.seq + 1, last.at, "vote.note", last.vote_id, forged_data
    )
    async with dservices.db.transaction() as session:
        # Written around the trigger, as a forger would, so that the head stays behind.
        await session.execute(text("DROP TRIGGER tr_audit_events_head"))
        session.add(
            AuditEvent(
                community_id=last.community_id,
                seq=last.seq + 1,
                at=last.at,
                kind="vote.note",
                vote_id=last.vote_id,
                data=forged_data,
                prev_hash=last.hash,
                hash=forged_hash,
            )
        )
    report = await verify(dservices.db)
    assert [(p.kind, p.seq) for p in report.problems] == [("inserted", last.seq + 1)]


async def test_a_replaced_row_breaks_the_chain(dservices: Services, board):
    await _activity(dservices, board)
    events = await _events(dservices)
    victim = events[4]
    data = json.dumps({"number": 1, "member": [2, "Marc"], "choice": "pour"})
    new_hash = event_hash(
        victim.prev_hash, victim.community_id, victim.seq, victim.at, victim.kind,
        victim.vote_id, data,
    )  # fmt: skip
    problems = await _tamper(
        dservices,
        update(AuditEvent).where(AuditEvent.seq == victim.seq).values(data=data, hash=new_hash),
    )
    # Rehashed to look consistent: the next event no longer follows it.
    assert problems == [("inserted", victim.seq + 1)]


async def test_verify_one_community(dservices: Services, board):
    await _activity(dservices, board)
    assert (await verify(dservices.db, "console:test-coop")).ok
    report = await verify(dservices.db, "console:nowhere")
    assert [p.kind for p in report.problems] == ["unknown"]
