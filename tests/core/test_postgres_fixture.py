"""Without a PostgreSQL server, its tests are skipped and say so; CI makes that a failure."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pytest(*, required: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPILOTE_")}
    env["COOPILOTE_TEST_POSTGRES_PORT"] = str(_closed_port())
    if required:
        env["COOPILOTE_REQUIRE_POSTGRES"] = "1"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/core/test_postgres_communities.py",
            "-k",
            "latest_name",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_without_postgresql_its_tests_are_skipped_plainly():
    run = _pytest(required=False)
    assert run.returncode == 0, run.stdout
    assert "1 passed, 1 skipped" in run.stdout
    assert "tests PostgreSQL sautés (seul SQLite a été testé)." in run.stdout


def test_ci_turns_the_skip_into_a_failure():
    run = _pytest(required=True)
    assert run.returncode == 1, run.stdout
    assert "COOPILOTE_REQUIRE_POSTGRES=1 l’exige" in run.stdout
    assert "1 passed, 2 deselected, 1 error" in run.stdout
