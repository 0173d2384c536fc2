"""Shared fixtures: real SQLite files in temporary folders, a clock tests move by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services, open_services
from bot.core.clock import FakeClock
from bot.settings import Settings
from tests import pg
from tests.pg import PostgresRun, start_run


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


# The engines the core's tests run on (tests/core: each test once per engine).
ENGINES = ("sqlite", "postgresql")
BOTH_ENGINES_UNDER = Path(__file__).parent / "core"


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The storage engine of this test: SQLite unless the test runs on both."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def settings(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings on a fresh SQLite file in a temporary folder, or on the run's PostgreSQL
    database emptied for this test (tests/core run on both)."""
    if engine == "postgresql":
        return request.getfixturevalue("pg_settings")
    return make_settings(tmp_path / "data")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the core's tests that use `settings` on both engines.

    Console and command-line tests stay on SQLite, the console's own database; a test
    marked `sqlite_only` (it inspects the SQLite file itself) too.
    """
    path = Path(str(metafunc.definition.path))
    if (
        "engine" in metafunc.fixturenames
        and path.is_relative_to(BOTH_ENGINES_UNDER)
        and metafunc.definition.get_closest_marker("sqlite_only") is None
    ):
        metafunc.parametrize("engine", ENGINES, indirect=True)


def pytest_configure(config: pytest.Config) -> None:
    """Declare the markers of this suite."""
    config.addinivalue_line(
        "markers", "sqlite_only: runs on SQLite only (it inspects the SQLite file itself)"
    )


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


# --- PostgreSQL: the same services on the local server (tests/pg.py) ---------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresRun]:
    """This run's PostgreSQL database (skipped, or failed under CI, without a server)."""
    run = start_run()
    try:
        yield run
    finally:
        run.drop()


@pytest.fixture
def pg_settings(postgres: PostgresRun, tmp_path: Path) -> Settings:
    """Settings on the run's PostgreSQL database, emptied for this test."""
    from bot.core.db import Database
    from bot.core.practices.search import forget_database

    postgres.reset()
    # The search index's words and counts, kept per database by the process, went too.
    forget_database(Database(postgres.url).safe_url())
    return make_settings(tmp_path / "data", database_url=postgres.url)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings on each engine in turn: a fresh SQLite file, then the PostgreSQL database.

    A test module runs its tests on both by defining `settings` as this fixture (the
    `services` fixture is built on `settings`).
    """
    if request.param == "postgresql":
        return request.getfixturevalue("pg_settings")
    return make_settings(tmp_path / "data")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly, at the end, that PostgreSQL was not tested."""
    if pg.skipped_because:
        terminalreporter.write_line(f"{pg.skipped_because} (seul SQLite a été testé).", yellow=True)
