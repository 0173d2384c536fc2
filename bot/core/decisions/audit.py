"""The append-only event log of decisions, chained by SHA-256 per community.

Each event's hash covers the canonical JSON of the event (community, sequence number, time,
kind, vote, data) and the previous event's hash; a head row holds the newest sequence number
and hash, so that deleting the last events is detected too. `verify()` walks the chain and
names every row edited, inserted or deleted after the fact.

A chain anyone can write can also be rewritten whole: the hash printed in each minutes
extract (and in each result announcement) anchors it outside the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.db import Database
from bot.core.sql import upsert
from bot.models import Community
from bot.models.decisions import AuditEvent, AuditHead

GENESIS = "0" * 64

_events = AuditEvent.__table__
_heads = AuditHead.__table__


def canonical(obj: Any) -> str:
    """One JSON text per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def json_time(at: datetime) -> str:
    """An event's time as the hashed text writes it (a JSON string of its ISO form)."""
    return json.dumps(at.isoformat())


def event_hash(
    prev_hash: str,
    community_id: int,
    seq: int,
    at: datetime,
    kind: str,
    vote_id: int | None,
    data: str,
) -> str:
    """SHA-256 of the event's canonical JSON (previous hash included).

    `data` is the stored canonical JSON text of the event's data, taken as is: the hash
    covers exactly what is stored. The document is assembled around it in canonical form
    (sorted keys, no spaces), the same text `canonical()` gives for the whole event.
    """
    body = (
        f'{{"at":{json_time(at)},"community":{int(community_id)},"data":{data},'
        f'"kind":{json.dumps(kind, ensure_ascii=False)},"prev":{json.dumps(prev_hash)},'
        f'"seq":{int(seq)},"vote":{json.dumps(vote_id)}}}'
    )
    # Migration 0009p's coopilote_cast_ballot builds the same text on PostgreSQL.
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AppendedEvent:
    """Where an event landed in the chain."""

    seq: int
    hash: str


# The head row follows the newest event by a database trigger (migration 0002), so that an
# append is one INSERT; the unique (community, seq) pair refuses a second event on the same
# place in the chain.
INSERT_EVENT = _events.insert().values(
    community_id=bindparam("community_id"),
    seq=bindparam("seq"),
    at=bindparam("at"),
    kind=bindparam("kind"),
    vote_id=bindparam("vote_id"),
    data=bindparam("data"),
    prev_hash=bindparam("prev_hash"),
    hash=bindparam("hash"),
)


def event_values(
    community_id: int,
    head_seq: int,
    head_hash: str,
    kind: str,
    at: datetime,
    data: dict[str, Any],
    vote_id: int | None,
) -> dict[str, Any]:
    """The row of the event that follows the head (`head_seq`, `head_hash`)."""
    text = canonical(data)
    seq = head_seq + 1
    return {
        "community_id": community_id,
        "seq": seq,
        "at": at,
        "kind": kind,
        "vote_id": vote_id,
        "data": text,
        "prev_hash": head_hash,
        "hash": event_hash(head_hash, community_id, seq, at, kind, vote_id, text),
    }


HEAD = (
    select(_heads.c.seq, _heads.c.hash)
    .where(_heads.c.community_id == bindparam("community_id"))
    .with_for_update()
)


async def append(
    conn: AsyncConnection,
    community_id: int,
    kind: str,
    at: datetime,
    data: dict[str, Any],
    vote_id: int | None = None,
) -> AppendedEvent:
    """Append one event inside the caller's transaction (head read and locked first)."""
    row = (await conn.execute(HEAD, {"community_id": community_id})).first()
    if row is None:
        # The community's first event: its head row, which the trigger then moves. Two first
        # events at once (PostgreSQL) both get here: the upsert lets one insert the row, the
        # other waits for it, and both then take the head in turn with the lock below.
        dialect = conn.dialect.name
        await conn.execute(
            upsert(
                dialect,
                _heads,
                ["community_id"],
                values={"community_id": community_id, "seq": 0, "hash": GENESIS},
            )
        )
        row = (await conn.execute(HEAD, {"community_id": community_id})).first()
        assert row is not None
    head_seq, head_hash = row[0], row[1]
    values = event_values(community_id, head_seq, head_hash, kind, at, data, vote_id)
    await conn.execute(INSERT_EVENT, values)
    return AppendedEvent(values["seq"], values["hash"])


# --- Verification -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """One sign of tampering."""

    community: str
    kind: str  # edited | inserted | deleted | head
    seq: int | None
    row_id: int | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What `verify()` found."""

    communities: int
    events: int
    problems: tuple[AuditProblem, ...]

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems


def parse_expected(value: str) -> tuple[int, str]:
    """« 42:1a2b3c4d » (a published head: event number and the start of its hash)."""
    seq, _, digest = value.strip().partition(":")
    digest = digest.strip().strip("`").lower()
    if (
        not seq.strip().isdigit()
        or len(digest) < 8
        or any(c not in "0123456789abcdef" for c in digest)
    ):
        raise ValueError(value)
    return int(seq), digest


async def verify(
    db: Database, community_key: str | None = None, expect: tuple[int, str] | None = None
) -> AuditReport:
    """Check every community's chain (or one, by its key 'platform:id'), then every vote
    against its events; with `expect`, a head published earlier must still be in the log."""
    from bot.core.decisions.replay import differences

    problems: list[AuditProblem] = []
    expected_found = False
    total = 0
    async with db.reading() as session:
        query = select(Community.id, Community.platform, Community.external_id)
        communities = (await session.execute(query)).all()
        heads = {r[0]: (r[1], r[2]) for r in (await session.execute(select(_heads))).all()}
        with_events = set((await session.scalars(select(_events.c.community_id).distinct())).all())
        checked = 0
        for cid, platform, external in communities:
            key = f"{platform}:{external}"
            if community_key is not None and key != community_key:
                continue
            if cid not in with_events and cid not in heads:
                continue
            checked += 1
            rows = (
                await session.execute(
                    select(
                        _events.c.seq,
                        _events.c.at,
                        _events.c.kind,
                        _events.c.vote_id,
                        _events.c.data,
                        _events.c.prev_hash,
                        _events.c.hash,
                    )
                    .where(_events.c.community_id == cid)
                    .order_by(_events.c.seq)
                )
            ).all()
            total += len(rows)
            problems.extend(_check_chain(key, cid, rows, heads.get(cid)))
            for number, what in await differences(
                session, cid, [(r[0], r[2], r[3], r[4]) for r in rows]
            ):
                problems.append(AuditProblem(key, "vote", None, number, what))
            if expect is not None and any(
                r[0] == expect[0] and str(r[6]).startswith(expect[1]) for r in rows
            ):
                expected_found = True
        if expect is not None and not expected_found:
            # The log was cut back (or rewritten) to before a head that was published.
            problems.append(
                AuditProblem(community_key or "*", "expected", expect[0], None, expect[1])
            )
        if community_key is not None and checked == 0:
            known = {f"{p}:{e}" for _, p, e in communities}
            if community_key not in known:
                problems.append(AuditProblem(community_key, "unknown", None))
    return AuditReport(checked, total, tuple(problems))


def _check_chain(
    key: str, cid: int, rows: list[Any], head: tuple[int, str] | None
) -> list[AuditProblem]:
    out: list[AuditProblem] = []
    expected_seq = 1
    prev_hash = GENESIS
    for seq, at, kind, vote_id, data, stored_prev, stored_hash in rows:
        try:
            recomputed = event_hash(stored_prev, cid, seq, at, kind, vote_id, data)
        except (ValueError, TypeError, AttributeError):
            recomputed = ""
        gap = seq > expected_seq
        if gap:
            out.append(
                AuditProblem(key, "deleted", expected_seq, None, f"{expected_seq}..{seq - 1}")
            )
        if recomputed != stored_hash:
            out.append(AuditProblem(key, "edited", seq))
        elif not gap and stored_prev != prev_hash:
            # Consistent in itself but not following its predecessor: put there by hand
            # (or its predecessor was replaced).
            out.append(AuditProblem(key, "inserted", seq, None, "broken_link"))
        expected_seq = seq + 1
        prev_hash = stored_hash
    last_seq = expected_seq - 1
    if head is None:
        if rows:
            out.append(AuditProblem(key, "head", None, None, "missing"))
    elif head[0] > last_seq:
        out.append(AuditProblem(key, "deleted", last_seq + 1, None, f"{last_seq + 1}..{head[0]}"))
    elif head[0] < last_seq:
        out.append(AuditProblem(key, "inserted", head[0] + 1, None, "after_head"))
    elif head[1] != prev_hash:
        out.append(AuditProblem(key, "head", head[0], None, "hash"))
    return out


async def event_count(db: Database) -> int:
    """Number of events in every log."""
    async with db.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(_events)) or 0)
