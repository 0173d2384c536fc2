"""Shared fixtures: real SQLite files in temporary folders, a clock tests move by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.settings import Settings


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings isolated from the developer's environment and .env file."""
    values: dict[str, object] = {"data_dir": data_dir, "language": "fr"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No COOPILOTE_* variable of the machine leaks into a test."""
    import os

    for name in list(os.environ):
        if name.startswith("COOPILOTE_"):
            monkeypatch.delenv(name)


@pytest.fixture
def clock() -> FakeClock:
    """A clock frozen at 2026-11-26 15:00 UTC (10:00 in Montréal)."""
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a fresh SQLite file in a temporary folder."""
    return make_settings(tmp_path / "data")


@pytest.fixture
async def services(settings: Settings, clock: FakeClock) -> AsyncIterator[Services]:
    """Every service over a real, migrated SQLite file."""
    svc = await open_services(settings, clock=clock)
    try:
        yield svc
    finally:
        await svc.close()


COMMUNITY = CommunityRef("console", "test-coop", "Coop de test")
OTHER_COMMUNITY = CommunityRef("console", "other-coop", "Autre coop")


def actor(
    name: str,
    *roles: str,
    community: CommunityRef = COMMUNITY,
    admin: bool = False,
) -> Actor:
    """A member of the test community with the given roles."""
    return Actor(
        community=community,
        user_id=f"u-{name.lower()}",
        display_name=name,
        roles=frozenset(roles),
        is_admin=admin,
        channel_id="general",
    )
