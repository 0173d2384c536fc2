"""The real `coopilote run` process: its slash commands synced and answered, end to end."""

from __future__ import annotations

from pathlib import Path

from bot.chat.commands import for_platform
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_commands_helpers import coop, embed_text, synced
from tests.discord.test_run_process import start_run, terminated


async def test_coopilote_run_syncs_its_commands_and_answers_one(
    fake_discord: FakeDiscord, tmp_path: Path
):
    guild = coop(fake_discord)
    run = await start_run(fake_discord, tmp_path / "data")
    try:
        await run.wait_for_log(r"slash command\(s\) synced")
        tree = {c["name"] for c in await synced(fake_discord)}
        assert {spec.path[0] for spec in for_platform("discord")} | {"coopilote"} == tree
        asked = await fake_discord.slash(
            guild, guild.member("chloe"), "outil", besoin="une infolettre pour nos membres"
        )
        first = await fake_discord.response(asked, within=20.0)
        assert first["type"] == 5
        [answer] = await fake_discord.wait_for(lambda: fake_discord.followups(asked), within=30)
    finally:
        code, log = await terminated(run)
    assert code == 0, log
    assert "Infolettre" in embed_text(answer)
    assert "Traceback" not in log, log
