"""Three bot processes on one PostgreSQL database, on the same votes at the same time.

Each process (`python -m tests.core.decisions.process_worker`) casts its share of the
ballots many at once and runs its own scheduler through the reminders and the deadlines.
Every vote closes once, every reminder and result is queued and sent once, no ballot is
lost or doubled, and `coopilote audit verify` passes.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.core.app import open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from bot.core.decisions.views import MotionResult
from bot.models.decisions import AuditEvent, OutboxMessage, ScheduledJob
from bot.settings import Settings
from tests.core.decisions.process_worker import COMMUNITY, member
from tests.helpers import run_coopilote
from tests.pg import blocking

PROCESSES = 3
MEMBERS = 24
VOTES = 4
CHOICES = ("pour", "contre", "abstention")
ROOT = Path(__file__).resolve().parents[3]


def test_three_processes_close_remind_and_count_once(pg_settings: Settings, tmp_path: Path):
    clock = FakeClock()
    numbers = blocking(lambda: _open_votes(pg_settings, clock))

    seed = random.SystemRandom().randrange(10**6)
    rng = random.Random(seed)
    plans: list[list[list[object]]] = [[] for _ in range(PROCESSES)]
    for v, number in enumerate(numbers):
        for who in range(MEMBERS):
            # Everyone votes on the first vote (the last ballot closes it), most on the others.
            if v == 0 or rng.random() < 0.7:
                plans[rng.randrange(PROCESSES)].append([number, who, rng.choice(CHOICES)])
    for plan in plans:
        rng.shuffle(plan)

    url = pg_settings.resolved_database_url()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPILOTE_")}
    workers = []
    for p, plan in enumerate(plans):
        plan_file = tmp_path / f"plan{p}.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        command = [sys.executable, "-m", "tests.core.decisions.process_worker", "--url", url]
        command += ["--start", clock.now().isoformat(), "--plan", str(plan_file)]
        command += ["--out", str(tmp_path / f"out{p}.jsonl"), "--index", str(p)]
        errors = (tmp_path / f"err{p}.txt").open("w")
        workers.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
        )
    try:
        for _phase in range(3):
            for worker in workers:  # each one is done with this phase…
                assert worker.stdout is not None and worker.stdin is not None
                if worker.stdout.readline().strip() != "ready":
                    worker.wait(timeout=60)
                    problem = (tmp_path / f"err{workers.index(worker)}.txt").read_text()
                    raise AssertionError(f"seed {seed}: {problem[-3000:]}")
            for worker in workers:  # …before any goes on
                assert worker.stdin is not None
                worker.stdin.write("go\n")
                worker.stdin.flush()
        for p, worker in enumerate(workers):
            worker.wait(timeout=180)
            problem = (tmp_path / f"err{p}.txt").read_text()
            assert worker.returncode == 0, f"seed {seed}: {problem[-3000:]}"
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()

    records = [
        json.loads(line)
        for p in range(PROCESSES)
        for line in (tmp_path / f"out{p}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    ballots = [r for r in records if "member" in r]
    sent = [r for r in records if "sent" in r]
    # Every planned ballot was cast once: accepted, or refused because the vote had closed.
    assert len(ballots) == sum(len(p) for p in plans), seed
    assert {r.get("refused") for r in ballots if not r.get("ok")} <= {"decision.closed"}, seed

    refused = sum(1 for r in ballots if not r.get("ok"))
    print(f"seed {seed}: {len(ballots) - refused} ballots counted, {refused} refused (closed)")
    _check_votes(pg_settings, clock, numbers, ballots, sent, seed)

    # The operator's command, on the same database (its URL from a .env file, as deployed).
    (tmp_path / ".env").write_text(f"COOPILOTE_DATABASE_URL={url}\n", encoding="utf-8")
    verified = run_coopilote("audit", "verify", cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # It read this database: the events of the votes, of one community.
    assert verified.stdout.startswith("OK : journal d’audit intact ("), verified.stdout
    assert "1 communauté(s)" in verified.stdout and "(0 événements" not in verified.stdout


def _check_votes(
    pg_settings: Settings,
    clock: FakeClock,
    numbers: list[int],
    ballots: list[dict[str, Any]],
    sent: list[dict[str, Any]],
    seed: int,
) -> None:
    """The database agrees with what the processes did and sent."""
    events, reminder_rows, undelivered, jobs = blocking(
        lambda: _stored(pg_settings, clock, numbers, ballots, seed)
    )
    # Every vote closed once; each accepted ballot is chained once.
    closes = {vid: n for (vid, kind), n in events.items() if kind == "vote.closed"}
    assert sorted(closes.values()) == [1] * VOTES, seed
    assert sum(n for (_, kind), n in events.items() if kind == "ballot.cast") == sum(
        1 for r in ballots if r.get("ok")
    )
    # Every result announced once; every reminder queued once and sent once.
    assert Counter(r["vote"] for r in sent if r["sent"] == "vote.closed") == Counter(numbers)
    dms = [(r["vote"], r["user"]) for r in sent if r["sent"] == "vote.reminder"]
    assert len(dms) == len(set(dms)) == reminder_rows, seed
    assert undelivered == 0 and "pending" not in jobs and "failed" not in jobs, jobs


async def _stored(
    pg_settings: Settings,
    clock: FakeClock,
    numbers: list[int],
    ballots: list[dict[str, Any]],
    seed: int,
) -> tuple[Counter[Any], int, int, Counter[str]]:
    """Each vote's result checked against the ballots accepted; what the checks need."""
    check = await open_services(pg_settings, clock=clock, migrate=False)
    try:
        for number in numbers:
            accepted = Counter(r["choice"] for r in ballots if r["vote"] == number and r.get("ok"))
            view = await check.decisions.show(member(0), number)
            assert view.status == "closed", (seed, number)
            assert isinstance(view.result, MotionResult)
            tally = view.result.tally
            # No ballot lost or doubled: the result counts exactly the ballots accepted.
            assert (tally.pour, tally.contre, tally.abstention) == (
                accepted["pour"],
                accepted["contre"],
                accepted["abstention"],
            ), (seed, number)
        async with check.db.reading() as session:
            events = Counter(
                tuple(r)
                for r in (
                    await session.execute(
                        select(AuditEvent.vote_id, AuditEvent.kind).where(
                            AuditEvent.kind.in_(("vote.closed", "ballot.cast"))
                        )
                    )
                ).all()
            )
            reminder_rows = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.kind == "vote.reminder")
            )
            undelivered = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.delivered_at.is_(None))
            )
            jobs = Counter((await session.scalars(select(ScheduledJob.status))).all())
    finally:
        await check.close()
    return events, int(reminder_rows or 0), int(undelivered or 0), jobs


async def _open_votes(pg_settings: Settings, clock: FakeClock) -> list[int]:
    """The board and its votes, all open at the start of the test's clock."""
    setup = await open_services(pg_settings, clock=clock)
    numbers = []
    try:
        infos = [
            MemberInfo(f"m{i:02d}", f"Membre {i:02d}", frozenset({"CA"})) for i in range(MEMBERS)
        ]
        await setup.communities.sync_members(COMMUNITY, infos)
        for v in range(VOTES):
            view = await setup.decisions.propose(
                member(0),
                f"Proposition {v + 1}.",
                choices=RuleChoices(
                    seconder=False, deadline="2h", reminders=(60,), secret=v % 2 == 1
                ),
            )
            numbers.append(view.number)
    finally:
        await setup.close()
    return numbers
