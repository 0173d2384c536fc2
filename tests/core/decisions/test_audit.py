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
    # The chain's own findings (a vote recomputed from a damaged log may differ too).
    return [(p.kind, p.seq) for p in report.problems if p.kind != "vote"]


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
        await session.execute(
            text(
                "DROP TRIGGER tr_audit_events_head"
                if dservices.db.is_sqlite
                else "SET LOCAL session_replication_role = replica"
            )
        )
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


# --- The tables the register reads, checked against the events ------------------------------


async def _closed_vote(services: Services, board) -> int:
    """A nominal motion, seconded, voted 3–1 with a recusal, closed at its deadline."""
    d = services.decisions
    number = await open_motion(services, board, text="Que le CA adopte le budget.")
    await d.declare_conflict(board["Isabelle"], number, "Fournisseur")
    for name, choice in (("Sophie", "pour"), ("Marc", "pour"), ("Amina", "pour")):
        await d.cast(board[name], number, choice)
    await d.cast(board["Jean"], number, "contre")  # everyone entitled voted: it closes
    view = await d.show(board["Jean"], number)
    assert view.status == "closed" and view.resolution == "CA-2026-001"
    return number


def _vote_problems(report) -> list[tuple[int | None, str]]:
    return [(p.row_id, p.detail) for p in report.problems if p.kind == "vote"]


@pytest.mark.parametrize(
    ("statement", "field"),
    [
        ("UPDATE votes SET text = 'Que le CA vende l''immeuble.'", "text"),
        ("UPDATE votes SET title = 'Autre'", "title"),
        ("UPDATE votes SET outcome = 'rejected'", "outcome"),
        ("UPDATE votes SET resolution = 'CA-2026-009'", "resolution"),
        ("UPDATE votes SET majority = '2/3'", "majority"),
        ("UPDATE votes SET quorum_kind = 'none'", "quorum"),
        ("UPDATE votes SET secret = 1", "secret"),
        ("UPDATE votes SET binding = 'consultation'", "binding"),
        ("UPDATE votes SET electorate_size = 5", "electorate"),
        ("UPDATE votes SET in_office = 9", "in_office"),
        ("UPDATE votes SET status = 'withdrawn'", "status"),
        ("UPDATE votes SET result = json_set(result, '$.pour', 4)", "result.pour"),
        ("UPDATE votes SET result = json_set(result, '$.contre', 0)", "result.contre"),
        ("UPDATE votes SET result = json_set(result, '$.proposer', 'Intrus')",
         "result.proposer"),
        ("UPDATE votes SET result = json_set(result, '$.names.contre', json('[]'))",
         "result.names"),
        ("UPDATE votes SET result = json_set(result, '$.non_voters', json_array('Marc'))",
         "result.non_voters"),
        ("UPDATE vote_electors SET display_name = 'Intrus' WHERE display_name = 'Marc'",
         "electors"),
        ("UPDATE vote_electors SET eligible = 1", "electors"),
        ("DELETE FROM vote_conflicts", "conflicts"),
        ("UPDATE vote_conflicts SET reason = 'Aucune'", "conflicts"),
    ],
)  # fmt: skip
async def test_a_tampered_register_table_is_named_with_its_vote(
    dservices: Services, board, statement: str, field: str
):
    if not dservices.db.is_sqlite and ("json" in statement or "= 1" in statement):
        pytest.skip("SQLite's json_set and 0/1 booleans")
    number = await _closed_vote(dservices, board)
    assert (await verify(dservices.db)).ok
    async with dservices.db.transaction() as session:
        await session.execute(text(statement))
    report = await verify(dservices.db)
    assert not report.ok
    found = _vote_problems(report)
    assert (number, field) in found, found


async def test_forged_counts_in_the_log_and_the_table_are_recounted(dservices: Services, board):
    """Counts rewritten in both places still differ from the ballots the log holds."""
    number = await _closed_vote(dservices, board)
    async with dservices.db.transaction() as session:
        await session.execute(
            text(
                "UPDATE votes SET result = json_set(result, '$.pour', 4)"
                if dservices.db.is_sqlite
                else "UPDATE votes SET result = jsonb_set(result::jsonb, '{pour}', '4')::json"
            )
        )
    found = _vote_problems(await verify(dservices.db))
    assert (number, "result.pour") in found


async def test_a_poll_option_edited_is_named(dservices: Services, board):
    poll = await dservices.decisions.create_poll(board["Luc"], "Quel jour ?", ["Samedi", "Lundi"])
    async with dservices.db.transaction() as session:
        await session.execute(text("UPDATE vote_options SET label = 'Dimanche' WHERE position = 1"))
    assert (poll.number, "options") in _vote_problems(await verify(dservices.db))


async def test_a_log_cut_back_before_a_published_head_is_detected(dservices: Services, board):
    number = await _closed_vote(dservices, board)
    view = await dservices.decisions.show(board["Jean"], number)
    assert view.head is not None
    published = (view.head[0], view.head[1][:16])
    assert (await verify(dservices.db, expect=published)).ok
    # Delete the newest events and rewind the head: the chain alone looks whole again…
    keep = published[0] - 3
    async with dservices.db.transaction() as session:
        await session.execute(text(f"DELETE FROM audit_events WHERE seq > {keep}"))
        row = await session.execute(text(f"SELECT hash FROM audit_events WHERE seq = {keep}"))
        digest = row.scalar_one()
        await session.execute(text(f"UPDATE audit_heads SET seq = {keep}, hash = '{digest}'"))
    report = await verify(dservices.db)
    assert [p for p in report.problems if p.kind != "vote"] == []
    # …but not against the head printed on the announcement.
    cut = await verify(dservices.db, expect=published)
    assert ("expected", published[0]) in [(p.kind, p.seq) for p in cut.problems]


async def test_the_members_table_cannot_change_a_closed_extract(dservices: Services, board):
    """The minutes print the names frozen at the close, checked against the log."""
    number = await _closed_vote(dservices, board)
    before = (await dservices.decisions.extract(board["Jean"], number)).markdown
    async with dservices.db.transaction() as session:
        await session.execute(text("UPDATE members SET display_name = 'Intrus'"))
    after = (await dservices.decisions.extract(board["Jean"], number)).markdown
    assert "Intrus" not in after
    assert after.split("Tête du journal")[0] == before.split("Tête du journal")[0]
