"""The real `coopilote run` process against the test Synapse, end to end."""

from __future__ import annotations

from pathlib import Path

from bot.core.db import Database
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_run_process import Process, exit_of, spawn_run, terminated
from tests.matrix.conftest import joined, room_with
from tests.matrix.synapse import Synapse, User, free_port
from tests.matrix.test_client import notices_to, say
from tests.matrix.test_roles import mirrored


async def start_run(synapse: Synapse, user: User, data_dir: Path, password: str) -> Process:
    return await spawn_run(
        data_dir,
        COOPILOTE_MATRIX_HOMESERVER=synapse.base_url,
        COOPILOTE_MATRIX_USER_ID=user.user_id,
        COOPILOTE_MATRIX_PASSWORD=password,
    )


async def test_coopilote_run_joins_mirrors_and_answers(
    synapse: Synapse, member_factory, tmp_path: Path
):
    ana, bruno = await member_factory("ana"), await member_factory("bruno")
    user = synapse.register(synapse.unique("coopilote"))
    data_dir = tmp_path / "data"
    run = await start_run(synapse, user, data_dir, user.password)
    try:
        await run.wait_for_log(r"Matrix connected")
        await run.wait_for_log(r"scheduler started")  # votes close and remind from now on
        room_id = await room_with(
            ana,
            user.user_id,
            bruno.user_id,
            room_version="11",
            power_level_override={"users": {ana.user_id: 100, bruno.user_id: 50}},
        )
        await run.wait_for_log(rf"joined {room_id}")
        await bruno.client.join(room_id)
        await joined(ana, room_id, bruno.user_id)
        await run.wait_for_log(rf"room {room_id}: 2 member\(s\) mirrored")
        command = await say(ana, room_id, "!aide")
        seen = await ana.events_until(room_id, lambda evs: bool(notices_to(evs, command)))
        assert "!aide" in notices_to(seen, command)[0].body
        db = Database(f"sqlite+aiosqlite:///{data_dir / 'coopilote.db'}")
        try:
            members = await mirrored(db, room_id)
        finally:
            await db.dispose()
        assert members == {
            ana.user_id: (["Admin", "CA", "Membre"], True),
            bruno.user_id: (["CA", "Membre"], False),
        }
    finally:
        code, log = await terminated(run)
    assert code == 0, log
    assert "Traceback" not in log, log
    assert user.password not in log


async def test_a_refused_password_gets_a_clear_message(synapse: Synapse, tmp_path: Path):
    user = synapse.register(synapse.unique("coopilote"))
    run = await start_run(synapse, user, tmp_path / "data", "not-the-password")
    code, err = await exit_of(run)
    assert code == 1, err
    assert "Le serveur Matrix refuse le mot de passe" in err
    assert "Traceback" not in err and "not-the-password" not in err


async def test_an_unreachable_homeserver_gets_a_clear_message(synapse: Synapse, tmp_path: Path):
    user = synapse.register(synapse.unique("coopilote"))
    data_dir = tmp_path / "data"
    run = await spawn_run(
        data_dir,
        COOPILOTE_MATRIX_HOMESERVER=f"http://127.0.0.1:{free_port()}",  # nothing listens
        COOPILOTE_MATRIX_USER_ID=user.user_id,
        COOPILOTE_MATRIX_PASSWORD=user.password,
    )
    code, err = await exit_of(run)
    assert code == 1, err
    assert "Impossible de joindre le serveur Matrix" in err
    assert "Traceback" not in err and user.password not in err


async def test_discord_and_matrix_run_in_one_process(synapse: Synapse, tmp_path: Path):
    fake = FakeDiscord()
    await fake.start()
    fake.add_guild("Coop du Nord", roles={"CA": 0}, members={"alice": ["CA"]})
    user = synapse.register(synapse.unique("coopilote"))
    run = await spawn_run(
        tmp_path / "data",
        COOPILOTE_DISCORD_TOKEN=fake.token,
        COOPILOTE_DISCORD_API_URL=fake.api_url,
        COOPILOTE_MATRIX_HOMESERVER=synapse.base_url,
        COOPILOTE_MATRIX_USER_ID=user.user_id,
        COOPILOTE_MATRIX_PASSWORD=user.password,
    )
    try:
        await run.wait_for_log(r"Matrix connected")
        await run.wait_for_log(r"guild \d+: 1 member\(s\) mirrored")
        await run.wait_for_log(r"scheduler started")
    finally:
        code, log = await terminated(run)
        await fake.close()
    assert code == 0, log
    assert log.count("scheduler started") == 1, log  # one scheduler for both platforms
    assert "Traceback" not in log, log
