"""The Discord adapter under load, through the fake Discord's gateway. Prints figures.

Not a test. This script runs the fake Discord (tests/discord/fake_discord.py) and starts the
bot in a child process (this script again, `--bot`): the real discord.py client, the real
services on a SQLite file, connected over loopback to one guild of 5,000 members (500
directors). The child opens four votes and posts their messages; then:

1. 1,000 interactions of a realistic mix: ballots on a board motion (with changes), picks in
   a poll's select menu, answers to a meeting poll's dates, and clicks refused (a member
   outside the electorate). Timed from the fake sending INTERACTION_CREATE to the bot's
   callback POST arriving: p50 and p99 (target p99 < 50 ms). Twice: arriving at random at
   20 per second (open loop, as people click), then 8 always in flight (a stress).
2. 500 directors voting within 10 seconds on one secret motion: ballots recorded (all),
   edits of the vote's message (target: at most one per 2 s), the last state shown and the
   result announced once (nothing lost).
3. The bot process's peak resident memory (VmHWM) with the 5,000-member guild mirrored
   (target < 250 MB).

    .venv/bin/python bench/discord.py [--members 5000] [--directors 500] [--mix 1000]
        [--rate 20] [--concurrency 8] [--within 10]

The figures swing with the machine's load (the fake and the bot share its cores): print
`uptime` beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This file is called discord.py: with its folder first on the path, `import discord` would
# import it instead of discord.py the library.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

from tests.discord.fake_discord import Call, FakeDiscord, Guild, Interaction  # noqa: E402

CONCURRENCY = 8


# --- the bot (child process) ------------------------------------------------------------------


async def bot_main(api: str, data_dir: Path, guild_id: int) -> None:
    """Connect, mirror the guild, open the votes, post their messages; run until stdin ends."""
    from bot.cogs.client import CoopiloteBot, use_api
    from bot.core.actor import Actor, CommunityRef
    from bot.core.app import open_services
    from bot.core.decisions.options import RuleChoices
    from bot.settings import Settings
    from tests.discord.fake_discord import TOKEN, LoopbackOnly

    use_api(api)
    settings = Settings(_env_file=None, data_dir=data_dir, language="fr")  # type: ignore[call-arg]
    services = await open_services(settings)
    bot = CoopiloteBot(services, connector=LoopbackOnly(), guild_ready_timeout=0.05)
    mirrored = asyncio.Event()

    async def on_mirrored(gid: int, what: str) -> None:
        if gid == guild_id and what == "guild":
            mirrored.set()

    bot.add_listener(on_mirrored, "on_members_mirrored")
    client = asyncio.create_task(bot.start(TOKEN))
    started = time.perf_counter()
    await asyncio.wait_for(mirrored.wait(), 120)
    ready_s = time.perf_counter() - started
    guild = bot.get_guild(guild_id)
    assert guild is not None
    ref = CommunityRef("discord", str(guild_id), guild.name)
    channel = guild.text_channels[0]

    def actor(name: str, *roles: str) -> Actor:
        member = next(m for m in guild.members if m.name == name)
        return Actor(ref, str(member.id), name, frozenset(roles), channel_id=str(channel.id))

    chair, second = actor("d0", "CA", "Membre", "Admin"), actor("d1", "CA")
    decisions = services.decisions
    motion = await decisions.propose(chair, "Adopter le budget 2027.")
    motion = await decisions.second(second, motion.number)
    poll = await decisions.create_poll(
        chair, "Quel jour pour l’assemblée ?", ["Samedi", "Dimanche", "Lundi", "Mardi"],
        choices=RuleChoices(multiple=True, max_choices=2),
    )  # fmt: skip
    soon = datetime.now(UTC) + timedelta(days=30)
    dates = [(soon + timedelta(days=d)).strftime("%Y-%m-%d 18:00") for d in range(3)]
    meeting = await decisions.create_meeting(chair, "Réunion de janvier", dates)
    secret = await decisions.propose(
        chair, "Élire la trésorière.", choices=RuleChoices(secret=True)
    )
    secret = await decisions.second(second, secret.number)
    cog: Any = bot.get_cog("Voting")
    posted = {}
    for name, view in (
        ("motion", motion),
        ("poll", poll),
        ("meeting", meeting),
        ("secret", secret),
    ):
        message = await cog.post(channel, view)
        posted[name] = [view.number, message.id]
    print(json.dumps({"ready_s": ready_s, "votes": posted}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await cog.live.edits.drain()
    await bot.close()
    await client
    await services.close()


# --- the fake Discord and the load (this process) --------------------------------------------


def world(fake: FakeDiscord, members: int, directors: int) -> Guild:
    """One guild: `directors` with the board role (d0 also admin), the others members."""
    people: dict[str, list[str]] = {"d0": ["CA", "Membre", "Admin"]}
    people.update({f"d{i}": ["CA"] for i in range(1, directors)})
    people.update({f"m{i}": ["Membre"] for i in range(directors, members)})
    return fake.add_guild(
        "Grande Coop", roles={"CA": 0, "Membre": 0, "Admin": 1 << 3}, members=people
    )


class Callbacks:
    """The arrival of each interaction's callback, without scanning every call each time."""

    PATH = re.compile(r"/interactions/(\d+)/[^/]+/callback")

    def __init__(self, fake: FakeDiscord) -> None:
        self.arrived: dict[int, Call] = {}
        self.waiting: dict[int, asyncio.Future[Call]] = {}

        async def _record(call: Call) -> None:
            fake.calls.append(call)  # no waiter of the fake's own to wake in a benchmark
            found = self.PATH.fullmatch(call.path)
            if found and call.method == "POST":
                iid = int(found[1])
                self.arrived[iid] = call
                future = self.waiting.pop(iid, None)
                if future is not None and not future.done():
                    future.set_result(call)

        fake._record = _record  # type: ignore[method-assign]

    async def of(self, interaction_id: int, within: float = 30.0) -> Call:
        """The callback of this interaction (it may have arrived already)."""
        if interaction_id in self.arrived:
            return self.arrived[interaction_id]
        future = asyncio.get_running_loop().create_future()
        self.waiting[interaction_id] = future
        return await asyncio.wait_for(future, within)


async def interact(
    fake: FakeDiscord, callbacks: Callbacks, guild: Guild, who: str, custom_id: str,
    message_id: int, values: list[str] | None = None,
) -> tuple[float, dict[str, Any]]:  # fmt: skip
    """One click; (milliseconds to the callback, the callback's body)."""
    interaction: Interaction = await fake.click(
        guild, guild.member(who), custom_id, values=values, message_id=message_id
    )
    call = await callbacks.of(interaction.id)
    return (call.at - interaction.sent_at) * 1000, call.body


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def mix(
    fake: FakeDiscord, callbacks: Callbacks, guild: Guild, votes: dict[str, list[int]],
    total: int, directors: int, members: int, concurrency: int = CONCURRENCY,
    rate: float = 0.0,
) -> dict[str, list[float]]:  # fmt: skip
    rng = random.Random(7)
    plan: list[tuple[str, str, str, int, list[str] | None]] = []
    motion_n, motion_m = votes["motion"]
    poll_n, poll_m = votes["poll"]
    meet_n, meet_m = votes["meeting"]
    for _ in range(total):
        roll = rng.random()
        if roll < 0.55:  # most of the traffic: ballots on the motion, some changed later
            who = f"d{rng.randrange(0, directors * 4 // 5)}"  # not everyone: it stays open
            choice = rng.choice(("pour", "contre", "abstention"))
            plan.append(("motion ballot", who, f"vote:{motion_n}:{choice}", motion_m, None))
        elif roll < 0.75:
            who = f"m{rng.randrange(directors, members)}"
            picks = sorted(rng.sample(["1", "2", "3", "4"], rng.choice((1, 2))))
            plan.append(("poll pick", who, f"vote:{poll_n}:choix", poll_m, picks))
        elif roll < 0.90:
            who = f"d{rng.randrange(directors * 4 // 5, directors)}"
            date, answer = rng.randrange(1, 4), rng.choice("ymn")
            plan.append(("meeting answer", who, f"vote:{meet_n}:{date}:{answer}", meet_m, None))
        else:  # a member who may not vote on a board motion: an ephemeral refusal
            who = f"m{rng.randrange(directors, members)}"
            plan.append(("refused click", who, f"vote:{motion_n}:pour", motion_m, None))
    times: dict[str, list[float]] = {}
    # One member's clicks one after the other (a person cannot click twice at once).
    locks: dict[str, asyncio.Lock] = {}

    async def one(kind: str, who: str, custom_id: str, message_id: int, values: Any) -> None:
        async with locks.setdefault(who, asyncio.Lock()):
            ms, _ = await interact(fake, callbacks, guild, who, custom_id, message_id, values)
        times.setdefault(kind, []).append(ms)

    if rate:  # open loop: arrivals at `rate` per second on average (Poisson), as people click
        tasks = []
        for item in plan:
            await asyncio.sleep(rng.expovariate(rate))
            tasks.append(asyncio.create_task(one(*item)))
        await asyncio.gather(*tasks)
        return times
    queue: asyncio.Queue[tuple[str, str, str, int, list[str] | None]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)

    async def worker() -> None:  # closed loop: `concurrency` clicks always in flight
        while not queue.empty():
            await one(*queue.get_nowait())

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return times


async def burst(
    fake: FakeDiscord, callbacks: Callbacks, guild: Guild, votes: dict[str, list[int]],
    directors: int, within: float,
) -> dict[str, Any]:  # fmt: skip
    number, message_id = votes["secret"]
    rng = random.Random(11)
    start = time.perf_counter()
    edit_path = re.compile(rf"/channels/\d+/messages/{message_id}")
    edits_before = sum(1 for c in fake.calls if c.method == "PATCH" and edit_path.fullmatch(c.path))

    async def one(i: int) -> dict[str, Any]:
        await asyncio.sleep(rng.uniform(0, within))
        choice = rng.choice(("pour", "contre", "abstention"))
        _, body = await interact(
            fake, callbacks, guild, f"d{i}", f"vote:{number}:{choice}", message_id
        )
        return body

    bodies = await asyncio.gather(*(one(i) for i in range(directors)))
    voting_s = time.perf_counter() - start
    recorded = sum(
        1 for b in bodies if "Votre vote secret est enregistré" in json.dumps(b, ensure_ascii=False)
    )
    # The last edit comes at most one interval after the last ballot.
    deadline = time.perf_counter() + 10
    final: dict[str, Any] = fake.messages[message_id]
    while time.perf_counter() < deadline:
        final = fake.messages[message_id]
        text = json.dumps(final, ensure_ascii=False)
        if f"{directors} sur {directors}" in text and not final["components"]:
            break
        await asyncio.sleep(0.1)
    edits = [c for c in fake.calls if c.method == "PATCH" and edit_path.fullmatch(c.path)]
    edits = edits[edits_before:]
    times = [c.at for c in edits]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    announced = [
        m
        for m in fake.messages.values()
        if m["embeds"] and f"résultat du vote n° {number}" in (m["embeds"][0].get("title") or "")
    ]
    return {
        "voting_s": voting_s,
        "answers": len(bodies),
        "recorded": recorded,
        "edits": len(edits),
        "edit_window_s": (times[-1] - times[0]) if len(times) > 1 else 0.0,
        "min_gap_s": min(gaps) if gaps else None,
        "final_shows_all": f"{directors} sur {directors}" in json.dumps(final, ensure_ascii=False),
        "buttons_removed": final["components"] == [],
        "announcements": len(announced),
    }


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def main(args: argparse.Namespace) -> None:
    fake = FakeDiscord()
    await fake.start()
    guild = world(fake, args.members, args.directors)
    callbacks = Callbacks(fake)
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COOPILOTE_")}
        env["COOPILOTE_LOG_LEVEL"] = "WARNING"
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--bot", "--api", fake.api_url, "--data", tmp,
            "--guild", str(guild.id),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=env, cwd=ROOT,
        )  # fmt: skip
        assert child.stdout is not None and child.stdin is not None
        line = await asyncio.wait_for(child.stdout.readline(), 180)
        if not line:
            err = await child.stderr.read() if child.stderr else b""
            raise SystemExit("the bot did not start:\n" + err.decode())
        started = json.loads(line)
        votes = started["votes"]
        rss_ready = peak_rss_mb(child.pid)
        print(f"guild: {args.members} members ({args.directors} directors)")
        print(f"connected and mirrored in {started['ready_s']:.2f} s; peak RSS {rss_ready:.0f} MB")

        for how, rate, concurrency in (
            (f"arriving at {args.rate:g} per second", args.rate, 0),
            (f"{args.concurrency} always in flight", 0.0, args.concurrency),
        ):
            times = await mix(
                fake, callbacks, guild, votes, args.mix, args.directors, args.members,
                concurrency, rate,
            )  # fmt: skip
            every = [t for ts in times.values() for t in ts]
            print(f"\n{len(every)} interactions {how}, INTERACTION_CREATE → callback POST:")
            print(f"  all              p50 {percentile(every, 50):6.1f} ms  "
                  f"p99 {percentile(every, 99):6.1f} ms  max {max(every):6.1f} ms")  # fmt: skip
            for kind, ts in sorted(times.items()):
                print(f"  {kind:16} p50 {percentile(ts, 50):6.1f} ms  "
                      f"p99 {percentile(ts, 99):6.1f} ms  (n={len(ts)})")  # fmt: skip

        result = await burst(fake, callbacks, guild, votes, args.directors, args.within)
        print(f"\n{args.directors} directors on one secret motion within {args.within:.0f} s "
              f"(clicks over {result['voting_s']:.1f} s):")  # fmt: skip
        print(f"  answers {result['answers']}, ballots recorded {result['recorded']}")
        print(f"  edits of the vote message: {result['edits']} over {result['edit_window_s']:.1f} s"
              f", smallest gap {result['min_gap_s'] or 0:.2f} s")  # fmt: skip
        print(f"  final message shows {args.directors}/{args.directors}: "
              f"{result['final_shows_all']}, buttons removed: {result['buttons_removed']}, "
              f"results announced: {result['announcements']}")  # fmt: skip

        rss = peak_rss_mb(child.pid)
        child.stdin.close()
        _, err = await asyncio.wait_for(child.communicate(), 60)
        errors = [ln for ln in err.decode().splitlines() if " ERROR " in ln or "Traceback" in ln]
        print(f"\npeak RSS of the bot process: {rss:.0f} MB (target < 250 MB)")
        print(f"errors logged by the bot: {len(errors)}")
        for ln in errors[:10]:
            print("  " + ln)
    await fake.close()


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--directors", type=int, default=500)
    parser.add_argument("--mix", type=int, default=1000)
    parser.add_argument("--within", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--rate", type=float, default=20.0, help="open-loop clicks per second")
    parser.add_argument("--bot", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--guild", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    if arguments.bot:
        import logging

        logging.basicConfig(
            level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        profile = os.environ.get("BENCH_PROFILE")  # a file for cProfile's stats of the bot
        if profile:
            import cProfile

            cProfile.run(
                "asyncio.run(bot_main(arguments.api, Path(arguments.data), arguments.guild))",
                profile,
            )
        else:
            asyncio.run(bot_main(arguments.api, Path(arguments.data), arguments.guild))
    else:
        asyncio.run(main(arguments))
