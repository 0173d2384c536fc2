"""One community in one JSON archive (`coopilote export`), and back (`coopilote import`).

The archive holds every row tied to the community, table by table, with the database ids
of the source. An import gives each row an id free in the target (the source's own when
none of a table's ids is taken, so that a restore into an empty database is identical,
audit hashes included), rewrites every reference, and writes everything in one
transaction: a failure leaves the target as it was.

The audit chain's hashes cover the community id, the vote id and the event data (whose
people are written `[member id, name]`). When ids had to change, the chain is sealed again
with the new ids, after the archived chain was verified with the old ones; an
`archive.imported` event then closes the new chain with the source's head (sequence
number and hash), so that the hashes published before the move can still be traced.

Secrets never leave: the ballot secret lives outside the database, the unused
`votes.ballot_key` column is emptied, and a community with an open secret vote is not
exported at all (its ballots are keyed hashes that an import under new ids could no longer
match to their voters: exporting them could only lose votes or let someone vote twice).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.copying import CopyRefused, _advance_sequences, copy_order
from bot.core.db import Database
from bot.core.decisions.audit import GENESIS, _check_chain, canonical, event_hash
from bot.models.base import UTCDateTime

FORMAT = "coopilote-community"
VERSION = 1
# Votes' scheduled work: the key is the vote id, or « vote id:minutes » for a reminder.
VOTE_JOBS = ("vote.deadline", "vote.reminder")
# Keys of audit event data holding one person as [member id, name]; "electorate" a list.
MEMBER_PAIRS = ("proposer", "seconder", "member", "by")
IMPORTED_EVENT = "archive.imported"
# Ids per query when looking for taken ones.
CHUNK = 5_000
# Tables with one integer id drawn by the database: given a free one on import.
SERIAL = (
    "communities",
    "members",
    "votes",
    "vote_options",
    "scheduled_jobs",
    "decision_outbox",
    "practices",
    "practice_versions",
    "practice_useful_marks",
)
# Which tables an archive holds: every model table (a new one must be added here, a test
# checks it), in copy order.
ARCHIVED = (
    "communities",
    "members",
    "votes",
    "vote_options",
    "vote_electors",
    "vote_conflicts",
    "ballots",
    "decision_counters",
    "audit_heads",
    "audit_events",
    "scheduled_jobs",
    "decision_outbox",
    "practices",
    "practice_versions",
    "practice_useful_marks",
)


class ArchiveRefused(CopyRefused):
    """The export or import cannot be done; nothing was written. French and English."""


def _refuse(fr: str, en: str) -> ArchiveRefused:
    return ArchiveRefused(fr, en)


@dataclass(frozen=True, slots=True)
class CommunityInfo:
    """A community as the command line names it."""

    id: int
    key: str  # platform:external_id
    name: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import wrote."""

    community_id: int
    key: str
    rows: dict[str, int]
    ids_kept: bool  # every id as in the source (the audit hashes too)
    events: int


def tables() -> list[Table]:
    """The archived tables in insertion order (each after those it refers to)."""
    order = [t for t in copy_order() if t.name in ARCHIVED]
    missing = set(ARCHIVED) - {t.name for t in order}
    assert not missing, missing
    return order


# --- Naming a community ---------------------------------------------------------------------


async def communities(db: Database) -> list[CommunityInfo]:
    """Every community of the database, by id."""
    from bot.models import Community

    async with db.reading() as session:
        rows = await session.execute(
            select(
                Community.id, Community.platform, Community.external_id, Community.name
            ).order_by(Community.id)
        )
        return [CommunityInfo(r[0], f"{r[1]}:{r[2]}", r[3]) for r in rows]


async def find(db: Database, text: str) -> list[CommunityInfo]:
    """The communities `text` names: its key (platform:id), its number, or its exact name."""
    known = await communities(db)
    wanted = text.strip()
    by_key = [c for c in known if c.key == wanted]
    if by_key:
        return by_key
    if wanted.isdigit():
        by_id = [c for c in known if c.id == int(wanted)]
        if by_id:
            return by_id
    return [c for c in known if c.name.casefold() == wanted.casefold()]


# --- Export ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


async def _rows(conn: AsyncConnection, table: Table, where: Any) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns)
    result = await conn.execute(select(table).where(where).order_by(*order))
    return [{k: _plain(v) for k, v in r.items()} for r in result.mappings()]


def _vote_of_job(key: str) -> int | None:
    head = key.split(":", 1)[0]
    return int(head) if head.isdigit() else None


async def export_community(db: Database, community_id: int, now: datetime) -> dict[str, Any]:
    """The archive of one community, read in one snapshot; refused while a secret vote is
    open (see the module's note)."""
    meta = {t.name: t for t in tables()}
    c = {name: meta[name].c for name in meta}
    async with db.reading() as session:
        conn = await session.connection()
        community = await _rows(conn, meta["communities"], c["communities"].id == community_id)
        if not community:
            raise _refuse(
                f"communauté inconnue : {community_id}", f"unknown community: {community_id}"
            )
        open_secret = await conn.scalar(
            select(func.count()).where(
                c["votes"].community_id == community_id,
                c["votes"].status == "open",
                c["votes"].secret.is_(True),
            )
        )
        if open_secret:
            raise _refuse(
                "un vote secret est ouvert dans cette communauté : ses bulletins ne peuvent "
                "pas être sauvegardés sans risque (ils ne se rattachent à leurs votants "
                "qu’avec la clé de cette base). Exportez après sa clôture.",
                "a secret vote is open in this community: its ballots cannot be saved safely "
                "(they only match their voters with this database's key). Export once it "
                "has closed.",
            )
        vote_ids = select(c["votes"].id).where(c["votes"].community_id == community_id)
        practice_ids = select(c["practices"].id).where(c["practices"].community_id == community_id)
        member_ids = select(c["members"].id).where(c["members"].community_id == community_id)
        of_community = {
            name: c[name].community_id == community_id
            for name in (
                "members",
                "votes",
                "decision_counters",
                "audit_heads",
                "audit_events",
                "decision_outbox",
                "practices",
            )
        }
        of_community.update(
            {
                name: c[name].vote_id.in_(vote_ids)
                for name in ("vote_options", "vote_electors", "vote_conflicts", "ballots")
            }
        )
        of_community["practice_versions"] = c["practice_versions"].practice_id.in_(practice_ids)
        # Marks by this community's members only: a mark from another community's member
        # (on a shared record) is that person's data, not this community's.
        of_community["practice_useful_marks"] = c["practice_useful_marks"].practice_id.in_(
            practice_ids
        ) & c["practice_useful_marks"].member_id.in_(member_ids)
        out: dict[str, list[dict[str, Any]]] = {"communities": community}
        for name in ARCHIVED:
            if name in of_community:
                out[name] = await _rows(conn, meta[name], of_community[name])
        votes = {v["id"] for v in out["votes"]}
        jobs = await _rows(conn, meta["scheduled_jobs"], c["scheduled_jobs"].kind.in_(VOTE_JOBS))
        out["scheduled_jobs"] = [j for j in jobs if _vote_of_job(j["key"]) in votes]
    for vote in out["votes"]:
        vote["ballot_key"] = None  # unused since 0004; never carried anywhere
    row = community[0]
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "community": {
            "id": row["id"],
            "key": f"{row['platform']}:{row['external_id']}",
            "name": row["name"],
        },
        "counts": {name: len(out[name]) for name in ARCHIVED},
        "tables": {name: out[name] for name in ARCHIVED},
    }
    document["sha256"] = _digest(document)
    return document


def _digest(document: dict[str, Any]) -> str:
    body = {k: v for k, v in document.items() if k != "sha256"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def write_archive(path: Path, document: dict[str, Any], *, replace: bool = False) -> None:
    """Write the archive atomically (temporary file, then rename), readable by its owner only."""
    path = Path(path)
    if path.exists() and not replace:
        raise _refuse(
            f"le fichier existe déjà : {path} (--remplacer pour l’écraser)",
            f"the file already exists: {path} (--replace to overwrite it)",
        )
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=1, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# --- Reading and checking an archive --------------------------------------------------------


def read_archive(path: Path) -> dict[str, Any]:
    """The archive in `path`, checked whole (format, version, fingerprint, every row)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _refuse(
            f"fichier illisible : {path} ({exc.strerror or exc})",
            f"unreadable file: {path} ({exc.strerror or exc})",
        ) from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(
            "ce fichier n’est pas une archive Coopilote (JSON illisible ou tronqué)",
            "this file is not a Coopilote archive (unreadable or truncated JSON)",
        ) from None
    check_document(document)
    return document


def check_document(document: Any) -> None:
    """Refuse anything but a whole, unaltered archive of this format and version."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refuse(
            f"ce fichier n’est pas une archive de communauté Coopilote (format attendu : {FORMAT})",
            f"this file is not a Coopilote community archive (expected format: {FORMAT})",
        )
    if document.get("version") != VERSION:
        version = document.get("version")
        raise _refuse(
            f"version d’archive non prise en charge : {version} (attendue : {VERSION})",
            f"unsupported archive version: {version} (expected: {VERSION})",
        )
    if document.get("sha256") != _digest(document):
        raise _refuse(
            "archive corrompue ou modifiée : son empreinte ne correspond plus",
            "corrupt or altered archive: its fingerprint no longer matches",
        )
    data = document.get("tables")
    if not isinstance(data, dict) or set(data) != set(ARCHIVED):
        raise _refuse("archive incomplète (tables manquantes)", "incomplete archive (tables)")
    counts = document.get("counts")
    if not isinstance(counts, dict) or any(
        counts.get(name) != len(rows) for name, rows in data.items() if isinstance(rows, list)
    ):
        raise _refuse("archive incomplète (nombre de lignes)", "incomplete archive (row counts)")
    if len(data["communities"]) != 1:
        raise _refuse("archive sans communauté", "archive without a community")
    meta = {t.name: t for t in tables()}
    for name in ARCHIVED:
        if not isinstance(data[name], list):
            raise _refuse(f"archive invalide : table {name}", f"invalid archive: table {name}")
        for number, row in enumerate(data[name], 1):
            _check_row(meta[name], number, row)


def _bad(table: Table, number: int, column: str) -> ArchiveRefused:
    return _refuse(
        f"archive invalide : table {table.name}, ligne {number}, colonne {column}",
        f"invalid archive: table {table.name}, row {number}, column {column}",
    )


def _check_row(table: Table, number: int, row: Any) -> None:
    if not isinstance(row, dict) or set(row) != set(table.columns.keys()):
        raise _bad(table, number, "?")
    for column in table.columns:
        value = row[column.name]
        if value is None:
            if not column.nullable:
                raise _bad(table, number, column.name)
            continue
        if isinstance(column.type, UTCDateTime):
            ok = isinstance(value, str) and _aware(value)
        elif isinstance(column.type, JSON):
            ok = isinstance(value, dict | list)
        else:
            kind = column.type.python_type
            ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        if not ok:
            raise _bad(table, number, column.name)


def _aware(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


# --- Import ----------------------------------------------------------------------------------


async def import_community(db: Database, document: dict[str, Any], now: datetime) -> ImportReport:
    """Write the archived community into `db` in one transaction, under free ids."""
    from bot.core.decisions.replay import differences
    from bot.core.practices.search import document_of, index_for
    from bot.models import Community
    from bot.models.practices import Practice

    check_document(document)
    data = document["tables"]
    source = data["communities"][0]
    key = f"{source['platform']}:{source['external_id']}"
    _check_archived_chain(key, source["id"], data)
    _check_ballots(data)
    meta = {t.name: t for t in tables()}
    async with db.transaction() as session:
        conn = await session.connection()
        taken = await conn.scalar(
            select(func.count()).where(
                Community.platform == source["platform"],
                Community.external_id == source["external_id"],
            )
        )
        if taken:
            raise _refuse(
                f"la communauté {key} existe déjà dans cette base : rien n’a été importé",
                f"community {key} already exists in this database: nothing was imported",
            )
        maps = {name: await _id_map(conn, meta[name], data[name]) for name in SERIAL}
        kept = all(old == new for m in maps.values() for old, new in m.items())
        rows = _remap(data, maps)
        events = rows["audit_events"]
        hashes = _reseal(events)
        if not kept and events:
            # The chain now carries new ids: it ends on the source's head, so the hashes
            # published before the move can still be traced to this chain.
            last = data["audit_events"][-1]
            events.append(
                _event(
                    events[-1],
                    IMPORTED_EVENT,
                    now.astimezone(UTC),
                    {"source": {"community": source["id"], "head": [last["seq"], last["hash"]]}},
                )
            )
        for head in rows["audit_heads"]:
            head["seq"], head["hash"] = (
                (events[-1]["seq"], events[-1]["hash"]) if events else (head["seq"], head["hash"])
            )
        for vote in rows["votes"]:
            result = vote.get("result")
            if isinstance(result, dict) and isinstance(result.get("audit"), list):
                seq, digest = result["audit"][:2]
                vote["result"] = {**result, "audit": [seq, hashes.get(digest, digest)]}
        written: dict[str, int] = {}
        for table in tables():
            batch = [_typed(table, r) for r in rows[table.name]]
            if batch:
                await conn.execute(table.insert(), batch)
            written[table.name] = len(batch)
        if db.dialect == "postgresql":
            await _advance_sequences(conn, [meta[name] for name in SERIAL])
        community_id = maps["communities"][source["id"]]
        # The imported tables must tell the same story as the imported log (a vote edited
        # in the archive is refused here, before anything is kept).
        diffs = await differences(
            session,
            community_id,
            [(e["seq"], e["kind"], e["vote_id"], e["data"]) for e in events],
        )
        if diffs:
            number, what = diffs[0]
            raise _refuse(
                f"archive incohérente : le vote n° {number} diffère de son journal ({what})",
                f"inconsistent archive: vote {number} differs from its log ({what})",
            )
        published = await session.scalars(
            select(Practice).where(
                Practice.community_id == community_id, Practice.status == "published"
            )
        )
        await index_for(db.dialect, db.safe_url()).add_many(
            session, [document_of(p) for p in published]
        )
    return ImportReport(community_id, key, written, kept, len(events))


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Archive values as the columns take them (dates back to aware datetimes)."""
    return {
        name: _parse(value)
        if isinstance(table.c[name].type, UTCDateTime) and isinstance(value, str)
        else value
        for name, value in row.items()
    }


def verify_archive(document: dict[str, Any], expect: tuple[int, str] | None = None) -> int:
    """Check an archive without a database: its whole form, its audit chain with the
    source's ids, and with `expect` a head published before (« 42:1a2b3c4d »); the number
    of events."""
    check_document(document)
    data = document["tables"]
    source = data["communities"][0]
    key = f"{source['platform']}:{source['external_id']}"
    _check_archived_chain(key, source["id"], data)
    events = data["audit_events"]
    if expect is not None and not any(
        e["seq"] == expect[0] and e["hash"].startswith(expect[1]) for e in events
    ):
        raise _refuse(
            f"la tête publiée {expect[0]}:{expect[1]} n’est pas dans le journal de l’archive",
            f"the published head {expect[0]}:{expect[1]} is not in the archive's log",
        )
    return len(events)


def _check_archived_chain(key: str, community_id: int, data: dict[str, Any]) -> None:
    """The archived log must verify as it was, with the source's own ids."""
    events = [
        (e["seq"], _parse(e["at"]), e["kind"], e["vote_id"], e["data"], e["prev_hash"], e["hash"])
        for e in data["audit_events"]
    ]
    heads = data["audit_heads"]
    head = (heads[0]["seq"], heads[0]["hash"]) if heads else None
    if any(e["community_id"] != community_id for e in data["audit_events"] + heads):
        problems = ["community"]
    else:
        problems = [p.kind for p in _check_chain(key, community_id, events, head)]
    if problems:
        raise _refuse(
            "le journal d’audit de l’archive ne se vérifie pas "
            f"({', '.join(sorted(set(problems)))}) : rien n’a été importé",
            f"the archive's audit log does not verify ({', '.join(sorted(set(problems)))}): "
            "nothing was imported",
        )


def _check_ballots(data: dict[str, Any]) -> None:
    """No ballot of a secret vote may come in (an export never writes one)."""
    secret = {v["id"] for v in data["votes"] if v["secret"]}
    if any(b["vote_id"] in secret for b in data["ballots"]):
        raise _refuse(
            "archive invalide : elle contient des bulletins d’un vote secret",
            "invalid archive: it holds ballots of a secret vote",
        )


async def _id_map(conn: AsyncConnection, table: Table, rows: list[dict[str, Any]]) -> dict:
    """Old id → new id: the same ids when none is taken, else shifted past the last one
    (the order of ids, which some lists follow, is kept)."""
    ids = [r["id"] for r in rows]
    if not ids:
        return {}
    if len(set(ids)) != len(ids):
        raise _refuse(
            f"archive incohérente : identifiants en double ({table.name})",
            f"inconsistent archive: duplicate ids ({table.name})",
        )
    present = 0
    for start in range(0, len(ids), CHUNK):  # under every engine's parameter limit
        chunk = ids[start : start + CHUNK]
        present += int(await conn.scalar(select(func.count()).where(table.c.id.in_(chunk))) or 0)
    if not present:
        return {i: i for i in ids}
    top = int(await conn.scalar(select(func.max(table.c.id))) or 0)
    shift = top + 1 - min(ids)
    return {i: i + shift for i in ids}


def _remap(data: dict[str, Any], maps: dict[str, dict[int, int]]) -> dict[str, list[dict]]:
    """Every row with its new ids and every reference to them rewritten."""
    members, votes = maps["members"], maps["votes"]
    community = maps["communities"]

    def ref(mapping: dict[int, int]) -> Callable[[Any], Any]:
        # Strict: a reference outside the archive could land on another community's row.
        def new(value: Any) -> Any:
            if value is None:
                return None
            if value not in mapping:
                raise _refuse(
                    f"archive incohérente : référence {value} hors de la communauté",
                    f"inconsistent archive: reference {value} outside the community",
                )
            return mapping[value]

        return new

    def maybe(mapping: dict[int, int]) -> Callable[[Any], Any]:
        # A member id with no foreign key (a moderator since erased): kept only if known.
        return lambda v: mapping.get(v) if v is not None else None

    rules: dict[str, dict[str, Callable[[Any], Any]]] = {
        "communities": {"id": ref(community)},
        "members": {"id": ref(members), "community_id": ref(community)},
        "votes": {
            "id": ref(votes),
            "community_id": ref(community),
            "proposer_id": ref(members),
            "seconder_id": ref(members),
        },
        "vote_options": {"id": ref(maps["vote_options"]), "vote_id": ref(votes)},
        "vote_electors": {"vote_id": ref(votes), "member_id": ref(members)},
        "vote_conflicts": {"vote_id": ref(votes), "member_id": ref(members)},
        # Nominal ballots only (checked): the voter is the member id.
        "ballots": {"vote_id": ref(votes), "voter": lambda v: str(ref(members)(_int(v)))},
        "decision_counters": {"community_id": ref(community)},
        "audit_heads": {"community_id": ref(community)},
        "audit_events": {"community_id": ref(community), "vote_id": ref(votes)},
        "scheduled_jobs": {"id": ref(maps["scheduled_jobs"]), "key": _job_key(votes)},
        "decision_outbox": {
            "id": ref(maps["decision_outbox"]),
            "community_id": ref(community),
            "vote_id": ref(votes),
        },
        "practices": {
            "id": ref(maps["practices"]),
            "community_id": ref(community),
            "author_id": maybe(members),
            "withdrawn_by_id": maybe(members),
        },
        "practice_versions": {
            "id": ref(maps["practice_versions"]),
            "practice_id": ref(maps["practices"]),
            "editor_id": maybe(members),
            "purged_by_id": maybe(members),
        },
        "practice_useful_marks": {
            "id": ref(maps["practice_useful_marks"]),
            "practice_id": ref(maps["practices"]),
            "member_id": ref(members),
        },
    }
    out: dict[str, list[dict]] = {}
    for name in ARCHIVED:
        change = rules[name]
        out[name] = [
            {k: change[k](v) if k in change else v for k, v in row.items()} for row in data[name]
        ]
    for event in out["audit_events"]:
        event["data"] = _remap_data(event["data"], members)
    return out


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _job_key(votes: dict[int, int]) -> Callable[[Any], Any]:
    def key(value: str) -> str:
        head, sep, rest = value.partition(":")
        vote = votes.get(_int(head) or -1)
        if vote is None:
            raise _refuse(
                f"archive incohérente : tâche planifiée {value}",
                f"inconsistent archive: scheduled job {value}",
            )
        return f"{vote}{sep}{rest}"

    return key


def _remap_data(text: str, members: dict[int, int]) -> str:
    """An event's data with its member ids renumbered; the text as is when nothing moved."""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return text

    def pair(value: Any) -> Any:
        if isinstance(value, list) and value and type(value[0]) is int:
            return [members.get(value[0], value[0]), *value[1:]]
        return value

    moved = dict(data)
    for name in MEMBER_PAIRS:
        if name in moved:
            moved[name] = pair(moved[name])
    if isinstance(moved.get("electorate"), list):
        moved["electorate"] = [pair(p) for p in moved["electorate"]]
    return text if moved == data else canonical(moved)


def _reseal(events: list[dict[str, Any]]) -> dict[str, str]:
    """Hash the chain again with its (new) ids; old hash → new hash. With the same ids the
    hashes come out the same, byte for byte."""
    moved: dict[str, str] = {}
    prev = GENESIS
    for event in events:
        old = event["hash"]
        event["prev_hash"] = prev
        event["hash"] = event_hash(
            prev,
            event["community_id"],
            event["seq"],
            _parse(event["at"]),
            event["kind"],
            event["vote_id"],
            event["data"],
        )
        moved[old] = prev = event["hash"]
    return moved


def _event(last: dict[str, Any], kind: str, at: datetime, data: dict[str, Any]) -> dict:
    """The event after `last` in the chain."""
    text = canonical(data)
    seq = last["seq"] + 1
    return {
        "community_id": last["community_id"],
        "seq": seq,
        "at": at.isoformat(),
        "kind": kind,
        "vote_id": None,
        "data": text,
        "prev_hash": last["hash"],
        "hash": event_hash(last["hash"], last["community_id"], seq, at, kind, None, text),
    }
