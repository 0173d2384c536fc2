"""Communities full of decisions and practices, and row comparisons, for the archive tests."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services, open_services
from bot.core.archive import ARCHIVED, MEMBER_PAIRS, tables
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.db import Database
from bot.core.decisions.options import RuleChoices
from bot.settings import Settings
from tests.conftest import COMMUNITY, OTHER_COMMUNITY, actor, make_settings

BOARD = ("Sophie", "Marc", "Amina", "Luc", "Chloé")


def people(community: CommunityRef) -> dict[str, Actor]:
    """The board (CA) and one plain member of a community, as actors."""
    out = {n: actor(n, "CA", "Membre", community=community) for n in BOARD}
    out["Nadia"] = actor("Nadia", "Membre", community=community)
    out["Admin"] = actor("Admin", admin=True, community=community)
    return out


async def fill(services: Services, clock: FakeClock, community: CommunityRef = COMMUNITY) -> None:
    """Closed nominal and secret motions, an open motion with a conflict, open polls,
    practices with versions, a withdrawal and « utile » marks."""
    p = people(community)
    d = services.decisions
    infos = [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA", "Membre"})) for n in BOARD]
    infos.append(MemberInfo("u-nadia", "Nadia", frozenset({"Membre"})))
    await services.communities.sync_members(community, infos)
    await services.communities.update_settings(p["Admin"], vote_distance="reglements")
    adopted = await d.propose(p["Sophie"], "Que le CA adopte le budget 2027.")
    await d.second(p["Marc"], adopted.number)
    for name, choice in (
        ("Sophie", "pour"),
        ("Marc", "pour"),
        ("Amina", "pour"),
        ("Luc", "contre"),
    ):
        await d.cast(p[name], adopted.number, choice)
    await d.close(p["Sophie"], adopted.number)
    secret = await d.propose(
        p["Amina"], "Que le CA nomme une vérificatrice.", choices=RuleChoices(secret=True)
    )
    await d.second(p["Luc"], secret.number)
    for name in ("Amina", "Luc", "Chloé"):
        await d.cast(p[name], secret.number, "pour")
    await d.close(p["Amina"], secret.number)
    clock.advance(minutes=5)
    pending = await d.propose(
        p["Marc"], "Que le CA achète un portable.", choices=RuleChoices(reminders=(60,))
    )
    await d.second(p["Chloé"], pending.number)
    await d.declare_conflict(p["Luc"], pending.number, "Mon frère vend des portables.")
    await d.cast(p["Sophie"], pending.number, "contre")
    await d.cast(p["Marc"], pending.number, "pour")
    poll = await d.create_poll(p["Chloé"], "Où tenir l’AGA ?", ["Salle", "En ligne"])
    await d.cast(p["Nadia"], poll.number, "2")
    await d.create_meeting(p["Luc"], "CA de décembre", ["2026-12-04 12:00", "2026-12-03 19:00"])
    first = await services.practices.post(
        p["Sophie"],
        {"title": "Inscriptions en ligne", "actions": "Un formulaire partagé.", "tags": ["AGA"]},
        shared=True,
    )
    await services.practices.edit(p["Sophie"], first.id, {"results": "Deux fois plus d’inscrits."})
    await services.practices.set_useful(p["Marc"], first.id, True)
    second = await services.practices.post(p["Marc"], {"title": "Caisse", "actions": "Compter."})
    await services.practices.withdraw(p["Marc"], second.id, "doublon")


async def fill_db(settings: Settings, clock: FakeClock, *communities: CommunityRef) -> None:
    """`fill` each community in the database of `settings`."""
    services = await open_services(settings, clock=clock)
    try:
        for community in communities or (COMMUNITY,):
            await fill(services, clock, community)
    finally:
        await services.close()


async def all_rows(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row of every archived table, in primary key order."""
    async with db.reading() as session:
        conn = await session.connection()
        out: dict[str, list[dict[str, Any]]] = {}
        for table in tables():
            result = await conn.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [dict(r) for r in result.mappings()]
        return out


@contextmanager
def target_settings(engine: str, request: pytest.FixtureRequest, tmp_path: Path, name: str):
    """Settings on a second, empty database of the same engine as the test's."""
    if engine == "postgresql":
        postgres = request.getfixturevalue("postgres")
        with postgres.empty_database() as url:
            yield make_settings(tmp_path / name, database_url=url)
    else:
        yield make_settings(tmp_path / name)


@asynccontextmanager
async def target_services(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Services]:
    """Services on a second, empty database of the test's engine, closed on the way out."""
    with target_settings(engine, request, tmp_path, "target") as settings:
        target = await open_services(settings, clock=clock)
        try:
            yield target
        finally:
            await target.close()


def natural(document: dict[str, Any]) -> dict[str, list[Any]]:
    """An archive's rows with every database id replaced by what it points to (a member's
    user id, a vote's number, a practice's uid), hashes left out: equal for the same
    community whatever ids the database gave."""
    data = document["tables"]
    members = {m["id"]: m["user_id"] for m in data["members"]}
    votes = {v["id"]: v["number"] for v in data["votes"]}
    practices = {p["id"]: p["uid"] for p in data["practices"]}
    by_column = {
        "proposer_id": members,
        "seconder_id": members,
        "member_id": members,
        "author_id": members,
        "editor_id": members,
        "withdrawn_by_id": members,
        "purged_by_id": members,
        "vote_id": votes,
        "practice_id": practices,
    }

    def person(value: Any) -> Any:
        if isinstance(value, list) and value and isinstance(value[0], int):
            return [members.get(value[0], "?"), *value[1:]]
        return value

    out: dict[str, list[Any]] = {}
    for table in ARCHIVED:
        if table == "audit_events":
            rows = [e for e in data[table] if e["kind"] != "archive.imported"]
        else:
            rows = data[table]
        normal = []
        for row in rows:
            row = dict(row)
            row.pop("community_id", None)
            row.pop("id", None)
            for column, mapping in by_column.items():
                if column in row and row[column] is not None:
                    row[column] = mapping.get(row[column], "?")
            if table == "ballots":
                row["voter"] = members.get(int(row["voter"]), "?")
            if table == "scheduled_jobs":
                head, sep, rest = row["key"].partition(":")
                row["key"] = f"n{votes[int(head)]}{sep}{rest}"
            if table in ("audit_events", "audit_heads"):
                row.pop("hash"), row.pop("prev_hash", None)
            if table == "audit_events":
                event = json.loads(row["data"])
                for key in MEMBER_PAIRS:
                    if key in event:
                        event[key] = person(event[key])
                if "electorate" in event:
                    event["electorate"] = [person(p) for p in event["electorate"]]
                row["data"] = event
            if table == "votes" and isinstance(row.get("result"), dict):
                row["result"] = {**row["result"], "audit": row["result"].get("audit", [0])[:1]}
            normal.append(row)
        out[table] = sorted(normal, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    # The head moves with the import event: only whether there is one matters.
    out["audit_heads"] = [bool(out["audit_heads"])]  # type: ignore[list-item]
    return out


OTHER = OTHER_COMMUNITY
