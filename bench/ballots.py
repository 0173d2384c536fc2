"""Ballots per second through the decision service on SQLite, against plain upserts.

Not a test: prints figures. Both sides run in the same process and the same run, on SQLite
files in a temporary folder with the same settings (WAL, synchronous=NORMAL, BEGIN
IMMEDIATE), the same driver (aiosqlite), one transaction per ballot, on the same rows:

- the service: `DecisionService.cast`, with everything a ballot does (member check, vote
  and electorate checks, keyed hash for secret votes, the ballot upsert, the hash-chained
  audit entry);
- the baseline: one bare `INSERT … ON CONFLICT DO UPDATE` of the same (vote, voter, choice)
  row, in its own BEGIN IMMEDIATE … COMMIT, on a plain aiosqlite connection.

The two alternate in small batches so that both see the same machine load (the figures
of a shared machine swing with other work): the ratio printed is the median of the
per-batch ratios, with the overall rates beside it. Every ballot is timed, first ballots of
each member included.

Then the engines side by side: ballots per second on SQLite and on PostgreSQL (a database
created for the run on the local server, 127.0.0.1:5432, and dropped after), with 1 and with
3 OS processes casting at once on the same vote, each ballot its own transaction. The
processes are this script again (`--worker`), started before the clock runs.

    .venv/bin/python bench/ballots.py [--members 500] [--rounds 10] [--batch 100]
        [--postgres postgresql://postgres@127.0.0.1:5432] [--engine-ballots 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiosqlite

from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from bot.settings import Settings

COMMUNITY = CommunityRef("console", "bench", "Banc d’essai")
CHOICES = ("pour", "contre", "abstention")


def _actor(i: int) -> Actor:
    return Actor(COMMUNITY, f"m{i}", f"Membre {i}", frozenset({"CA"}), channel_id="bench")


async def _services(folder: Path, members: int) -> Services:
    settings = Settings(_env_file=None, data_dir=folder, language="fr")  # type: ignore[call-arg]
    services = await open_services(settings, clock=FakeClock())
    # One more member than voters, so that « everyone voted » never closes the vote.
    await services.communities.sync_members(
        COMMUNITY,
        [MemberInfo(f"m{i}", f"Membre {i}", frozenset({"CA"})) for i in range(members + 1)],
    )
    return services


async def _motion(services: Services, members: int, secret: bool) -> int:
    view = await services.decisions.propose(
        _actor(members),
        "Proposition de banc d’essai.",
        choices=RuleChoices(deadline="1 semaine", seconder=False, secret=secret),
    )
    return view.number


async def _plain(path: Path) -> aiosqlite.Connection:
    db = await aiosqlite.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        await db.execute(f"PRAGMA {pragma}")
    await db.execute("PRAGMA busy_timeout=30000")
    # The same table as the service's ballots (bot.models.decisions.Ballot).
    await db.execute(
        "CREATE TABLE ballots (vote_id INTEGER NOT NULL, voter VARCHAR(64) NOT NULL, "
        "choice VARCHAR(64) NOT NULL, PRIMARY KEY (vote_id, voter)) WITHOUT ROWID"
    )
    return db


UPSERT = (
    "INSERT INTO ballots (vote_id, voter, choice) VALUES (?, ?, ?) "
    "ON CONFLICT (vote_id, voter) DO UPDATE SET choice = excluded.choice"
)


async def compare(folder: Path, members: int, rounds: int, batch: int, secret: bool) -> dict:
    """Time the service and the baseline on the same plan, alternating batches."""
    services = await _services(folder, members)
    plain = await _plain(folder / "plain.db")
    try:
        # Warm-up on another motion: statements compiled, connections opened.
        warm = await _motion(services, members, secret)
        await services.decisions.cast(_actor(0), warm, "pour")
        await plain.execute("BEGIN IMMEDIATE")
        await plain.execute(UPSERT, (0, "warm", "pour"))
        await plain.execute("COMMIT")
        number = await _motion(services, members, secret)
        rng = random.Random(7)
        plan = [(f"m{i}", rng.choice(CHOICES)) for _ in range(rounds) for i in range(members)]
        actors = {f"m{i}": _actor(i) for i in range(members)}
        service_time = plain_time = 0.0
        ratios: list[float] = []
        for start in range(0, len(plan), batch):
            chunk = plan[start : start + batch]
            t0 = time.perf_counter()
            for user, choice in chunk:
                await services.decisions.cast(actors[user], number, choice)
            t1 = time.perf_counter()
            for user, choice in chunk:
                await plain.execute("BEGIN IMMEDIATE")
                await plain.execute(UPSERT, (1, user, choice))
                await plain.execute("COMMIT")
            t2 = time.perf_counter()
            service_time += t1 - t0
            plain_time += t2 - t1
            ratios.append((t2 - t1) / (t1 - t0))
        view = await services.decisions.show(_actor(members), number)
        return {
            "ballots": len(plan),
            "service": len(plan) / service_time,
            "plain": len(plan) / plain_time,
            "ratio": statistics.median(ratios),
            "participation": view.voted_count,
        }
    finally:
        await plain.close()
        await services.close()


async def all_at_once(folder: Path, members: int, rounds: int) -> float:
    """Every member's ballots launched together (asyncio.gather), for the record."""
    services = await _services(folder, members)
    try:
        number = await _motion(services, members, False)

        async def member(i: int) -> None:
            rng = random.Random(i)
            for _ in range(rounds):
                await services.decisions.cast(_actor(i), number, rng.choice(CHOICES))

        t0 = time.perf_counter()
        await asyncio.gather(*(member(i) for i in range(members)))
        return members * rounds / (time.perf_counter() - t0)
    finally:
        await services.close()


# --- Engines side by side, 1 and 3 processes ---------------------------------------------


def _settings(folder: Path, url: str | None) -> Settings:
    values: dict[str, object] = {"data_dir": folder, "language": "fr"}
    if url:
        values["database_url"] = url
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


async def _prepare(folder: Path, url: str | None, members: int) -> int:
    """A migrated database with the board and one open motion; its number."""
    services = await open_services(_settings(folder, url), clock=FakeClock())
    try:
        await services.communities.sync_members(
            COMMUNITY,
            [MemberInfo(f"m{i}", f"Membre {i}", frozenset({"CA"})) for i in range(members + 1)],
        )
        return await _motion(services, members, False)
    finally:
        await services.close()


async def worker(folder: Path, url: str | None, number: int, first: int, last: int, rounds: int):
    """One process: members first..last-1 cast `rounds` ballots each, all members at once."""
    services = await open_services(_settings(folder, url), clock=FakeClock(), migrate=False)
    try:
        await services.decisions.cast(_actor(first), number, "pour")  # connections opened
        print("ready", flush=True)
        sys.stdin.readline()

        async def member(i: int) -> None:
            rng = random.Random(i)
            for _ in range(rounds):
                await services.decisions.cast(_actor(i), number, rng.choice(CHOICES))

        await asyncio.gather(*(member(i) for i in range(first, last)))
        print("done", flush=True)
    finally:
        await services.close()


async def _check(folder: Path, url: str | None, expected: int) -> None:
    """After the clock: every ballot is in the audit log once, and the chain verifies."""
    from sqlalchemy import text

    from bot.core.decisions import audit

    services = await open_services(_settings(folder, url), clock=FakeClock(), migrate=False)
    try:
        report = await audit.verify(services.db)
        async with services.db.reading() as session:
            logged = await session.scalar(
                text("SELECT count(*) FROM audit_events WHERE kind LIKE 'ballot.%'")
            )
        assert report.ok, report.problems
        assert logged == expected, (logged, expected)
    finally:
        await services.close()


def processes(folder: Path, url: str | None, members: int, ballots: int, count: int) -> float:
    """Ballots per second of `count` processes casting at once on one vote (then checked:
    each ballot in the audit log once, the chain verified)."""
    number = asyncio.run(_prepare(folder, url, members))
    rounds = max(1, ballots // members)
    share = members // count
    command = [sys.executable, __file__, "--worker", str(folder), url or "", str(number)]
    procs = [
        subprocess.Popen(
            [*command, str(p * share), str((p + 1) * share), str(rounds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for p in range(count)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        t0 = time.perf_counter()
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "done"
        elapsed = time.perf_counter() - t0
    finally:
        for proc in procs:
            proc.wait(timeout=600)
    # Each process's first ballot (opening its connections) came before the clock.
    asyncio.run(_check(folder, url, share * count * rounds + count))
    return share * count * rounds / elapsed


async def _pg_admin(server: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(
        server.replace("postgresql+asyncpg://", "postgresql://") + "/postgres"
    )
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def engines(server: str, members: int, ballots: int) -> None:
    """Print SQLite's and PostgreSQL's ballots per second with 1 and 3 processes."""
    print(
        f"\nEngines, {ballots} ballots by {members} members on one vote, one transaction per "
        "ballot, all members of a process at once:"
    )
    for engine in ("sqlite", "postgresql"):
        figures = []
        for count in (1, 3):
            with tempfile.TemporaryDirectory() as tmp:
                url = None
                name = f"coopilote_bench_{secrets.token_hex(4)}"
                if engine == "postgresql":
                    try:
                        asyncio.run(_pg_admin(server, f'CREATE DATABASE "{name}"'))
                    except Exception as exc:
                        print(f"  postgresql: skipped ({type(exc).__name__}: {exc})")
                        return
                    url = f"{server}/{name}"
                try:
                    figures.append(processes(Path(tmp), url, members, ballots, count))
                finally:
                    if url:
                        asyncio.run(_pg_admin(server, f'DROP DATABASE "{name}" WITH (FORCE)'))
        target = " (target ≥ 1,000/s with 3 processes)" if engine == "postgresql" else ""
        print(
            f"  {engine:10}: 1 process {figures[0]:6.0f} ballots/s · "
            f"3 processes {figures[1]:6.0f} ballots/s{target}"
        )


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--engine-ballots", type=int, default=3000)
    parser.add_argument("--engines-only", action="store_true")
    return parser.parse_args()


async def main(args: argparse.Namespace) -> None:
    """Measure and print the service against plain upserts, on SQLite."""
    print(
        f"{args.members} members × {args.rounds} ballots each, one transaction per ballot, "
        f"batches of {args.batch} alternating with the baseline"
    )
    for secret in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            r = await compare(Path(tmp), args.members, args.rounds, args.batch, secret)
        label = "secret " if secret else "nominal"
        print(
            f"{label}: service {r['service']:7.0f} ballots/s · plain upserts "
            f"{r['plain']:7.0f}/s · ratio {r['ratio']:6.1%} (median of batches; overall "
            f"{r['service'] / r['plain']:.1%}; target ≥ 25 %) · {r['ballots']} ballots, "
            f"{r['participation']} voters"
        )
    with tempfile.TemporaryDirectory() as tmp:
        rate = await all_at_once(Path(tmp), args.members, args.rounds)
    print(f"all members at once (asyncio.gather, nominal): {rate:7.0f} ballots/s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        folder, url, number, first, last, rounds = sys.argv[2:8]
        asyncio.run(
            worker(Path(folder), url or None, int(number), int(first), int(last), int(rounds))
        )
    else:
        args = arguments()
        if not args.engines_only:
            asyncio.run(main(args))
        engines(args.postgres, 300, args.engine_ballots)
