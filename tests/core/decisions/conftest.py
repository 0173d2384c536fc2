"""Fixtures for decisions: a board on a real SQLite file, a recording notifier, snapshots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from bot.core.actor import Actor
from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.communities import MemberInfo
from bot.core.decisions.options import RuleChoices
from bot.core.notifier import Announcement, DirectMessage, RecordingNotifier
from bot.settings import Settings
from tests.conftest import COMMUNITY, actor

BOARD = ("Sophie", "Marc", "Amina", "Jean", "Isabelle")
MEMBERS = ("Luc", "Nadia", "Chloé")

DECISION_TABLES = (
    "votes",
    "vote_options",
    "vote_electors",
    "vote_conflicts",
    "ballots",
    "decision_counters",
    "audit_events",
    "audit_heads",
    "scheduled_jobs",
    "decision_outbox",
    "members",
    "communities",
)


@pytest.fixture
def notifier() -> RecordingNotifier:
    """What the decision service announced and sent, in order."""
    return RecordingNotifier()


@pytest.fixture
async def dservices(
    settings: Settings, clock: FakeClock, notifier: RecordingNotifier
) -> AsyncIterator[Services]:
    """Every service over a real SQLite file, with a recording notifier."""
    svc = await open_services(settings, clock=clock, notifier=notifier)
    try:
        yield svc
    finally:
        await svc.close()


def board_actor(name: str) -> Actor:
    """A board member (CA) who is also a member."""
    return actor(name, "CA", "Membre")


def member_actor(name: str) -> Actor:
    """A member who is not on the board."""
    return actor(name, "Membre")


@pytest.fixture
async def board(dservices: Services) -> dict[str, Actor]:
    """Five board members and three members, known to the community."""
    infos = [MemberInfo(f"u-{n.lower()}", n, frozenset({"CA", "Membre"})) for n in BOARD]
    infos += [MemberInfo(f"u-{n.lower()}", n, frozenset({"Membre"})) for n in MEMBERS]
    await dservices.communities.sync_members(COMMUNITY, infos)
    # This board's bylaws allow remote majority votes: adopted motions are resolutions.
    # (The default, a consultation to ratify, has its own tests.)
    await dservices.communities.update_settings(
        actor("Admin", admin=True), vote_distance="reglements"
    )
    people = {n: board_actor(n) for n in BOARD}
    people.update({n: member_actor(n) for n in MEMBERS})
    return people


async def open_motion(
    services: Services,
    board: dict[str, Actor],
    text: str = "Que le conseil adopte le budget 2027.",
    **rules: Any,
) -> int:
    """A board motion proposed by Sophie, seconded by Marc; returns its number."""
    choices = RuleChoices(**rules)
    view = await services.decisions.propose(board["Sophie"], text, choices=choices)
    if view.status == "proposed":
        await services.decisions.second(board["Marc"], view.number)
    return view.number


async def snapshot(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the decision tables (and members), to compare before and after."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with services.db.reading() as session:
        for table in DECISION_TABLES:
            rows = (await session.execute(text(f"SELECT * FROM {table}"))).all()
            out[table] = sorted((tuple(r) for r in rows), key=repr)
    return out


def announcements(notifier: RecordingNotifier) -> list[Announcement]:
    """Announcements only."""
    return [m for m in notifier.sent if isinstance(m, Announcement)]


def reminders(notifier: RecordingNotifier) -> list[DirectMessage]:
    """Direct messages only."""
    return [m for m in notifier.sent if isinstance(m, DirectMessage)]


async def close_at_deadline(services: Services, number: int) -> None:
    """Move the clock to just past vote `number`'s deadline and run what came due."""
    view = await services.decisions.show(board_actor("Sophie"), number)
    assert view.deadline is not None
    clock = services.clock
    assert isinstance(clock, FakeClock)
    if clock.now() <= view.deadline:
        clock.set(view.deadline + timedelta(seconds=1))
    await services.scheduler.run_due()
