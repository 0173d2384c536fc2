"""Secret ballots reveal only counts: nothing anywhere links a voter to a choice.

The scenario runs twice on fresh databases with the same voters in the same order, their
choices permuted (same totals). Every output — ballot receipts, views during and after the
vote, the vote list, announcements, reminders, the register, the extract, the export, the
audit log, a dump of every table, and every log record at DEBUG level (the database driver's
included) — must be identical between the two runs: any output that depended on who chose
what would differ. Each output is also searched for a voter's name or id next to a choice.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.core.app import open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from bot.core.notifier import RecordingNotifier
from tests.conftest import COMMUNITY, make_settings
from tests.core.decisions.conftest import BOARD, DECISION_TABLES, board_actor

# Choices of Sophie, Marc, Amina, Jean (who changes his ballot once) and Isabelle.
RUN_A = {
    "motion": ["pour", "contre", "abstention", ("contre", "pour"), "contre"],
    "poll": "1 2 1 2",
}
RUN_B = {"motion": ["contre", "pour", "pour", ("pour", "abstention"), "contre"], "poll": "2 1 2 1"}

_HEX = re.compile(r"\b[0-9a-f]{64}\b")
_ADDRESS = re.compile(r"0x[0-9a-f]+")
# A choice as data: a quoted choice, a JSON "choice" key, or a dataclass field with a value.
_CHOICE = re.compile(r"""['"](pour|contre|abstention)['"]|"choice"\s*:|\bchoice='[^']*'""")
# A duration as printf writes it (SQLAlchemy: « generated in %.5fs », « cached since %.4gs
# ago »): « 0.02134s », « 1s » or « 6.1e-05s » on a slow or a fast machine. Only the number
# goes: the words around it are still compared.
_DURATION = re.compile(r"(?<![\w.])\d+(?:\.\d*)?(?:e[+-]?\d+)?s\b")


async def scenario(folder: Path, plan: dict[str, Any]) -> dict[str, list[str]]:
    """Run one secret motion and one anonymous poll; return every output, normalised."""
    clock = FakeClock()
    notes = RecordingNotifier()
    services = await open_services(make_settings(folder), clock=clock, notifier=notes)
    out: dict[str, list[str]] = {k: [] for k in ("messages", "views", "register", "db", "audit")}
    try:
        infos = [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA", "Membre"})) for n in BOARD]
        await services.communities.sync_members(COMMUNITY, infos)
        people = [board_actor(n) for n in BOARD]
        d = services.decisions
        motion = await d.propose(
            people[0], "Que le CA fixe les salaires.", choices=RuleChoices(secret=True)
        )
        await d.second(people[1], motion.number)
        poll = await d.create_poll(
            people[0],
            "Quel traiteur ?",
            ["Chez Ginette", "La Coop du coin"],
            choices=RuleChoices(secret=True, body="board"),
        )
        # Four vote on the motion (Jean twice); the reminders then go to Isabelle only.
        for who, choice in zip(people[:3], plan["motion"][:3], strict=True):
            out["messages"].append(repr(await d.cast(who, motion.number, choice)))
            out["views"].append(repr(await d.show(who, motion.number)))
            out["views"].append(repr(await d.list_open(who)))
        for choice in plan["motion"][3]:
            out["messages"].append(repr(await d.cast(people[3], motion.number, choice)))
            out["views"].append(repr(await d.show(people[3], motion.number)))
        for who, choice in zip(people[:4], plan["poll"].split(), strict=True):
            out["messages"].append(repr(await d.cast(who, poll.number, choice)))
            out["views"].append(repr(await d.show(who, poll.number)))
        clock.advance(hours=24)
        await services.scheduler.run_due()
        # The last ballot of the electorate closes the vote.
        out["messages"].append(repr(await d.cast(people[4], motion.number, plan["motion"][4])))
        clock.advance(hours=24)
        await services.scheduler.run_due()
        for who in people:
            out["views"].append(repr(await d.show(who, motion.number)))
            out["views"].append(repr(await d.show(who, poll.number)))
        out["messages"].extend(repr(m) for m in notes.sent)
        out["register"].append(repr(await d.register(people[2])))
        out["register"].append((await d.extract(people[2], motion.number)).markdown)
        out["register"].append((await d.export_register(people[2])).markdown)
        async with services.db.reading() as session:
            for table in DECISION_TABLES:
                rows = (await session.execute(text(f"SELECT * FROM {table}"))).all()
                out["db"].extend(f"{table}: {tuple(r)!r}" for r in rows)
            events = (
                await session.execute(text("SELECT * FROM audit_events ORDER BY community_id, seq"))
            ).all()
            out["audit"].extend(repr(tuple(e)) for e in events)
            keys = await session.scalar(
                text("SELECT count(*) FROM votes WHERE ballot_key IS NOT NULL")
            )
            out["checks"] = [f"keys left: {keys}"]
    finally:
        await services.close()
    return {k: [normalise(line, folder) for line in v] for k, v in out.items()}


def normalise(line: str, folder: Path) -> str:
    """Mask what legitimately differs between runs: random keys, paths, process ids."""
    line = line.replace(str(folder), "<dir>")
    line = _HEX.sub("<hex>", line)
    line = _ADDRESS.sub("<addr>", line)
    line = _DURATION.sub("<time>", line)
    return re.sub(r"\b\d+-[0-9a-f]{8}(:[0-9a-f]{8})?\b", "<worker>", line)


# Connection pooling varies from run to run and carries no data: left out of the comparison
# (the search for a voter next to a choice still reads every record).
_LIFECYCLE = re.compile(r"^sqlalchemy\.pool|connector|close_and_stop|Connection\.stop|Pool ")


def logs(caplog: pytest.LogCaptureFixture, folder: Path) -> tuple[list[str], list[str]]:
    """(records to compare, every record), normalised."""
    lines = [normalise(f"{r.name} {r.levelname} {r.getMessage()}", folder) for r in caplog.records]
    caplog.clear()
    return [line for line in lines if not _LIFECYCLE.search(line)], lines


def links_voter_to_choice(line: str) -> bool:
    """A voter (name or id) and a choice in the same output line or record."""
    voters = [n for n in BOARD] + [f"u-{n.lower()}" for n in BOARD]
    return bool(_CHOICE.search(line)) and any(v in line for v in voters)


async def test_no_output_links_a_voter_to_a_choice(tmp_path: Path, caplog):
    # The worst case: DEBUG everywhere, the database layer and its driver included.
    for name in (None, "sqlalchemy", "aiosqlite", "bot", "alembic"):
        caplog.set_level(logging.DEBUG, logger=name)
    # A first run pays the process's one-time work (mappers, compiled statements).
    await scenario(tmp_path / "warm", RUN_A)
    caplog.clear()
    a = await scenario(tmp_path / "a", RUN_A)
    a["logs"], all_a = logs(caplog, tmp_path / "a")
    b = await scenario(tmp_path / "b", RUN_B)
    b["logs"], all_b = logs(caplog, tmp_path / "b")
    assert len(a["logs"]) > 1000, "DEBUG logs were not captured"
    assert [line for line in all_a + all_b if links_voter_to_choice(line)] == []
    # The driver's thread interleaves its records: compare the logs as multisets.
    a["logs"], b["logs"] = sorted(a["logs"]), sorted(b["logs"])
    for kind in a:
        assert a[kind] == b[kind], f"{kind} depend on who voted what"
        leaks = [line for line in a[kind] + b[kind] if links_voter_to_choice(line)]
        assert leaks == [], kind
    # The results are right, as counts only.
    closed = [v for v in a["views"] if "status='closed'" in v and "kind='motion'" in v][-1]
    assert "Tally(pour=2, contre=2, abstention=1)" in closed and "names=()" in closed
    # And the database keeps no ballot and no key once closed.
    assert not any(line.startswith("ballots:") for line in a["db"])
    assert a["checks"] == ["keys left: 0"]


async def test_the_sensor_sees_a_leak(tmp_path: Path):
    """The same comparison catches a vote whose outputs depend on who chose what."""
    plan_a = {"motion": RUN_A["motion"], "poll": RUN_A["poll"]}
    plan_b = {"motion": RUN_B["motion"], "poll": RUN_B["poll"]}
    a = await scenario_nominal(tmp_path / "a", plan_a)
    b = await scenario_nominal(tmp_path / "b", plan_b)
    assert a != b


async def scenario_nominal(folder: Path, plan: dict[str, Any]) -> list[str]:
    """A nominal vote: its extract names voters by choice, so permuting choices shows."""
    clock = FakeClock()
    services = await open_services(make_settings(folder), clock=clock)
    try:
        infos = [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA"})) for n in BOARD]
        await services.communities.sync_members(COMMUNITY, infos)
        people = [board_actor(n) for n in BOARD]
        view = await services.decisions.propose(
            people[0], "Nominal.", choices=RuleChoices(seconder=False)
        )
        for who, choice in zip(people[:3], plan["motion"][:3], strict=True):
            await services.decisions.cast(who, view.number, choice)
        clock.advance(hours=49)
        await services.scheduler.run_due()
        return [(await services.decisions.extract(people[0], view.number)).markdown]
    finally:
        await services.close()


def test_durations_are_masked_in_every_printf_form(tmp_path: Path):
    """SQLAlchemy's timings vary with load; nothing else in the line is masked."""
    lines = [
        "[cached since 0.02134s ago] (…)",
        "[cached since 1s ago] (…)",
        "[cached since 6.1e-05s ago] (…)",
        "[cached since 1.2e+03s ago] (…)",
    ]
    assert {normalise(line, tmp_path) for line in lines} == {"[cached since <time> ago] (…)"}
    assert normalise("[generated in 0.00012s] (…)", tmp_path) == "[generated in <time>] (…)"
    # Words next to a number are not durations: they stay as they are.
    assert normalise("vote 12 pour u-sophie", tmp_path) == "vote 12 pour u-sophie"
    assert normalise("votes", tmp_path) == "votes"


def test_audit_events_of_secret_ballots_carry_no_choice():
    # The event data of a secret ballot: its vote number, nothing else.
    from bot.core.decisions.service import DecisionService

    assert DecisionService._ballot_event(3, True, 7, "Sophie", "pour") == {"number": 3}
    nominal = DecisionService._ballot_event(3, False, 7, "Sophie", "pour")
    assert json.dumps(nominal, ensure_ascii=False) == (
        '{"number": 3, "member": [7, "Sophie"], "choice": "pour"}'
    )


async def test_no_trace_of_secret_ballots_in_the_database_files_after_close(tmp_path: Path):
    """Neither the vote's key nor any voter's keyed hash survives in the database files."""
    folder = tmp_path / "data"
    services = await open_services(make_settings(folder), clock=FakeClock())
    try:
        infos = [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA"})) for n in BOARD]
        await services.communities.sync_members(COMMUNITY, infos)
        people = [board_actor(n) for n in BOARD]
        d = services.decisions
        view = await d.propose(
            people[0], "Vote secret.", choices=RuleChoices(secret=True, seconder=False)
        )
        for who, choice in zip(people[:4], ["pour", "contre", "pour", "abstention"], strict=True):
            await d.cast(who, view.number, choice)
        await d.cast(people[1], view.number, "pour")  # a change: the old row is replaced
        await d.declare_conflict(people[3], view.number)  # the vote row (and key) rewritten
        async with services.db.reading() as session:
            vote_id = await session.scalar(text("SELECT id FROM votes"))
            voters = list(await session.scalars(text("SELECT voter FROM ballots")))
        # The key is derived from a secret outside the database (never written in it).
        key = d.keys.of(vote_id, True).key
        assert key and len(voters) == 3
        await d.cast(people[4], view.number, "contre")  # the last ballot closes the vote
        assert (await d.show(people[0], view.number)).status == "closed"
        secrets_seen = [key, *voters]
        files = [p for p in folder.iterdir() if p.name.startswith("coopilote.db")]
        raw = b"".join(_bytes(p) for p in files)
        assert raw, files
        assert [s for s in secrets_seen if s.encode() in raw] == []
    finally:
        await services.close()


def _bytes(path: Path) -> bytes:
    return path.read_bytes()
