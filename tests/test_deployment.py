"""The deployment files, read as Docker would (Docker itself does not run on these machines)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import build_parser
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {f"COOPILOTE_{name.upper()}" for name in Settings.model_fields}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # the « - NAME=value » spelling
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def test_compose_runs_the_bot_beside_postgresql_16(compose: dict[str, Any]):
    services = compose["services"]
    assert set(services) == {"bot", "db"}
    assert services["db"]["image"].split(":")[1].startswith("16")
    assert services["bot"]["build"] in (".", {"context": "."})
    # The bot waits for a database that answers, and both come back after a crash or reboot.
    assert services["bot"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name, service in services.items():
        assert service["restart"] in ("unless-stopped", "always"), name
        assert service["healthcheck"]["test"], name
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    # The database is not published on the server's network.
    assert "ports" not in services["db"]


def test_compose_keeps_data_in_named_volumes(compose: dict[str, Any]):
    named = set(compose["volumes"])
    mounts = {
        name: {m.split(":")[0]: m.split(":")[1] for m in service.get("volumes", [])}
        for name, service in compose["services"].items()
    }
    assert mounts["db"] == {"coopilote-db": "/var/lib/postgresql/data"}
    assert set(mounts["bot"]) <= named and set(mounts["db"]) <= named
    assert (
        mounts["bot"]["coopilote-data"]
        == _environment(compose["services"]["bot"])["COOPILOTE_DATA_DIR"]
    )


def test_compose_settings_are_the_bots_own(compose: dict[str, Any]):
    bot = compose["services"]["bot"]
    assert bot["env_file"] in (".env", [".env"])
    env = _environment(bot)
    unknown = {k for k in env if k not in SETTINGS}
    assert unknown == set()
    # The bot's URL names the db service, and the user, database and password it creates.
    db = _environment(compose["services"]["db"])
    url = env["COOPILOTE_DATABASE_URL"]
    found = re.fullmatch(r"postgresql(\+asyncpg)?://([^:]+):(.+)@db:5432/(\w+)", url)
    assert found, url
    assert found.group(2) == db["POSTGRES_USER"]
    assert found.group(4) == db["POSTGRES_DB"]
    assert found.group(3) == db["POSTGRES_PASSWORD"]
    # No default password: compose refuses to start until .env sets one.
    assert re.fullmatch(r"\$\{POSTGRES_PASSWORD:\?[^}]+\}", db["POSTGRES_PASSWORD"])


def test_example_env_file_documents_every_setting_and_only_those():
    text = (ROOT / "config" / "coopilote.example.env").read_text(encoding="utf-8")
    named = set(re.findall(r"^#?\s*(COOPILOTE_[A-Z_]+)=", text, flags=re.MULTILINE))
    assert named == SETTINGS
    # The compose file's own variable is there too.
    assert re.search(r"^#?\s*POSTGRES_PASSWORD=", text, flags=re.MULTILINE)


def test_dockerfile_is_slim_and_unprivileged():
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    image = next(line.split()[1] for line in lines if line.startswith("FROM "))
    assert re.fullmatch(r"python:3\.1[1-9]+-slim(-\w+)?", image), image
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    # What the image runs is a real coopilote command.
    cmd = next(line for line in lines if line.startswith("CMD "))
    argv = yaml.safe_load(cmd[4:])  # the JSON (exec) form
    assert argv[0] == "coopilote"
    assert build_parser().parse_args(argv[1:]).command == "run"


def test_deployment_installs_only_extras_that_exist():
    """No `pip install .[name]` of an extra pyproject.toml does not declare."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = set(project["project"].get("optional-dependencies", {}))
    dependencies = " ".join(project["project"]["dependencies"])
    assert "asyncpg" in dependencies  # PostgreSQL needs no extra
    for name in ("Dockerfile", "docker-compose.yml", "README.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for wanted in re.findall(r"\.\[([\w,\s-]+)\]", text):
            assert {w.strip() for w in wanted.split(",")} <= extras, (name, wanted)
