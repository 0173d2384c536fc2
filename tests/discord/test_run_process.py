"""The real `coopilote run` process against the fake Discord on loopback, end to end."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from sqlalchemy import select

from bot.core.db import Database
from bot.models import Community, Member
from tests.discord.fake_discord import FakeDiscord


class Process:
    """`python -m bot run` with the fake's token and API URL; its log read line by line."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.log: list[str] = []

    async def wait_for_log(self, pattern: str, n: int = 1, within: float = 20.0) -> None:
        rx = re.compile(pattern)

        async def _read() -> None:
            while sum(1 for line in self.log if rx.search(line)) < n:
                assert self.proc.stderr is not None
                line = await self.proc.stderr.readline()
                assert line, "the process ended:\n" + "".join(self.log)
                self.log.append(line.decode())

        await asyncio.wait_for(_read(), within)


async def spawn_run(data_dir: Path, **settings: str) -> Process:
    """`python -m bot run` with only the given COOPILOTE_* settings (and the data folder)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPILOTE_")}
    env.update(COOPILOTE_DATA_DIR=str(data_dir), COOPILOTE_LOG_LEVEL="INFO", **settings)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=data_dir.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    return Process(proc)


async def start_run(fake: FakeDiscord, data_dir: Path, token: str | None = None) -> Process:
    return await spawn_run(
        data_dir,
        COOPILOTE_DISCORD_TOKEN=token or fake.token,
        COOPILOTE_DISCORD_API_URL=fake.api_url,
    )


async def exit_of(run: Process, within: float = 30.0) -> tuple[int, str]:
    """The process's exit code and standard error once it ends (killed if it does not)."""
    try:
        _out, err = await asyncio.wait_for(run.proc.communicate(), within)
    except TimeoutError:
        run.proc.kill()
        _out, err = await run.proc.communicate()
    assert run.proc.returncode is not None
    return run.proc.returncode, err.decode()


async def terminated(run: Process) -> tuple[int, str]:
    """SIGTERM the process if it still runs; its exit code and everything it logged."""
    if run.proc.returncode is None:
        run.proc.send_signal(signal.SIGTERM)
    code, err = await exit_of(run)
    return code, "".join(run.log) + err


async def roles_in_db(data_dir: Path) -> dict[tuple[str, str], list[str]]:
    """{(guild id, display name): roles} as the process wrote them."""
    db = Database(f"sqlite+aiosqlite:///{data_dir / 'coopilote.db'}")
    try:
        async with db.transaction() as session:
            rows = await session.execute(
                select(Community.external_id, Member.display_name, Member.roles)
                .join(Member, Member.community_id == Community.id)
                .where(Community.platform == "discord", Member.active)
            )
            return {(gid, name): roles for gid, name, roles in rows}
    finally:
        await db.dispose()


async def test_coopilote_run_mirrors_two_guilds_and_follows_a_role_change(
    fake_discord: FakeDiscord, tmp_path: Path
):
    north = fake_discord.add_guild(
        "Coop du Nord", roles={"CA": 0}, members={"alice": ["CA"], "bob": ["CA"], "chloe": []}
    )
    south = fake_discord.add_guild("Réseau Sud", roles={"Membre": 0}, members={"dina": ["Membre"]})
    data_dir = tmp_path / "data"
    run = await start_run(fake_discord, data_dir)
    try:
        await run.wait_for_log(r"guild \d+: \d+ member\(s\) mirrored", n=2)
        await run.wait_for_log(r"scheduler started")  # votes close and remind from now on
        assert await roles_in_db(data_dir) == {
            (str(north.id), "alice"): ["CA"],
            (str(north.id), "bob"): ["CA"],
            (str(north.id), "chloe"): [],
            (str(south.id), "dina"): ["Membre"],
        }
        # It went through GET /gateway/bot to find the gateway, and asked for least privilege.
        assert fake_discord.calls_to("GET", "/gateway/bot")
        assert fake_discord.session.intents == 0b11  # guilds, members

        await fake_discord.member_update(north, north.member("chloe"), roles=["CA"])
        await run.wait_for_log(rf"guild {north.id}: members mirrored \(update\)")
        assert (await roles_in_db(data_dir))[(str(north.id), "chloe")] == ["CA"]
    finally:
        code, log = await terminated(run)
    assert code == 0, log
    assert "Traceback" not in log and " WARNING " not in log, log
    assert fake_discord.token not in log


async def test_a_refused_token_gets_a_clear_message(fake_discord: FakeDiscord, tmp_path: Path):
    run = await start_run(fake_discord, tmp_path / "data", token="a-revoked-token")
    code, err = await exit_of(run)
    assert code == 1, err
    assert "Discord a refusé le jeton" in err
    assert "Traceback" not in err and "a-revoked-token" not in err


async def test_an_unreachable_discord_gets_a_clear_message(tmp_path: Path):
    fake = FakeDiscord()
    await fake.start()
    port = fake.port
    await fake.close()  # nothing listens there any more
    fake.port = port
    code, err = await exit_of(await start_run(fake, tmp_path / "data"))
    assert code == 1, err
    assert f"Impossible de joindre Discord à {fake.api_url}" in err
    assert "Traceback" not in err
