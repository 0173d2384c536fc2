"""One bot process of the 3-process test: `python -m tests.core.decisions.process_worker`.

It opens the services on the shared database with its own clock (started at the same time
as the others'), casts half its share of the ballots many at once, then moves its clock to
the reminders, and casts the other half while the first process closes the votes at their
deadlines; then past the deadlines, it runs its scheduler and delivers what came due. The
test moves every process from one phase to the next together (the lines « ready » / « go »),
so that their clocks stay within a minute of each other, as real clocks do. What it
did (each ballot accepted or refused) and what it sent go to a JSON-lines file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.core.actor import Actor, CommunityRef
from bot.core.app import open_services
from bot.core.clock import FakeClock
from bot.core.errors import StateConflict
from bot.core.notifier import Announcement, DirectMessage
from bot.settings import Settings

COMMUNITY = CommunityRef("console", "test-coop", "Coop de test")


def member(i: int) -> Actor:
    """Board member number `i` (the same in every process and in the test)."""
    return Actor(COMMUNITY, f"m{i:02d}", f"Membre {i:02d}", frozenset({"CA"}), channel_id="ca")


class FileNotifier:
    """Writes each announcement and reminder it sends as one JSON line."""

    def __init__(self, out: Any) -> None:
        self.out = out

    async def announce(self, announcement: Announcement) -> None:
        """One line per result announced."""
        self.write({"sent": announcement.kind, "vote": announcement.payload.number})

    async def direct(self, message: DirectMessage) -> None:
        """One line per reminder."""
        self.write({"sent": message.kind, "vote": message.payload.number, "user": message.user_id})

    def write(self, record: dict[str, Any]) -> None:
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()


def barrier() -> None:
    """Tell the test this phase is done and wait for its go (all processes move together)."""
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("stopped by the test")


async def main(
    url: str, start: datetime, plan: list[list[Any]], out_path: Path, index: int
) -> None:
    """Cast the planned ballots, then run the scheduler through the reminders and deadlines."""
    clock = FakeClock(start)
    with out_path.open("w", encoding="utf-8") as out:
        notifier = FileNotifier(out)
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, data_dir=out_path.parent, database_url=url, language="fr"
        )
        services = await open_services(settings, clock=clock, notifier=notifier, migrate=False)
        try:

            async def ballot(number: int, who: int, choice: str) -> None:
                record: dict[str, Any] = {"vote": number, "member": who, "choice": choice}
                try:
                    await services.decisions.cast(member(who), number, choice)
                    record["ok"] = True
                except StateConflict as exc:
                    record["refused"] = exc.code
                notifier.write(record)

            async def cast_all(ballots: list[list[Any]]) -> None:
                for i in range(0, len(ballots), 8):
                    await asyncio.gather(*(ballot(*b) for b in ballots[i : i + 8]))
                    await services.scheduler.run_due()

            async def at(offset: timedelta) -> None:
                clock.set(start + offset)
                while await services.scheduler.run_due():
                    pass

            # The first process casts all its ballots before it closes the votes.
            half = len(plan) if index == 0 else len(plan) // 2
            await cast_all(plan[:half])
            # Every process in turn reaches the reminders (an hour before the deadlines).
            barrier()
            await at(timedelta(minutes=61))
            # The first process closes at the deadlines while the others, a minute behind,
            # still cast the other half of their ballots: the closes race the ballots.
            barrier()
            if index == 0:
                await at(timedelta(hours=2, seconds=1))
            else:
                clock.set(start + timedelta(minutes=119))
                await cast_all(plan[half:])
            barrier()
            await at(timedelta(hours=2, seconds=1))
            await services.decisions.deliver_outbox()
        finally:
            await services.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--plan", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--index", required=True, type=int)
    args = parser.parse_args()
    asyncio.run(
        main(
            args.url,
            datetime.fromisoformat(args.start),
            json.loads(args.plan.read_text(encoding="utf-8")),
            args.out,
            args.index,
        )
    )
