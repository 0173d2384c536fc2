"""Shards from the settings: each process of a deployment runs its own range of shards."""

from __future__ import annotations

from itertools import count

import pytest
from pydantic import ValidationError

from bot.cogs.client import CoopiloteBot, shard_options
from bot.core.app import Services
from bot.settings import Settings
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord, LoopbackOnly, running


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@pytest.mark.parametrize(
    ("ids", "count", "expected"),
    [("0-3", 8, (0, 1, 2, 3)), ("0,1", 2, (0, 1)), ("4-5, 9", 10, (4, 5, 9)), ("", None, ())],
)
def test_shard_ids_parse(ids: str, count: int | None, expected: tuple[int, ...]) -> None:
    settings = _settings(discord_shard_ids=ids, discord_shard_count=count)
    assert settings.discord_shards == expected
    options = shard_options(settings)
    assert options.get("shard_ids", []) == list(expected)
    assert options.get("shard_count") == count


def test_shard_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPILOTE_DISCORD_SHARD_IDS", "2-3")
    monkeypatch.setenv("COOPILOTE_DISCORD_SHARD_COUNT", "4")
    assert shard_options(Settings(_env_file=None)) == {"shard_count": 4, "shard_ids": [2, 3]}  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("ids", "count", "message"),
    [
        ("0-1", None, "SHARD_COUNT"),
        ("0-4", 4, "hors de 0-3"),
        ("a-b", 4, "shard ids"),
        ("3-1", 4, "reversed"),
        ("", 0, "≥ 1"),
    ],
)
def test_bad_shard_settings_are_refused(ids: str, count: int | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _settings(discord_shard_ids=ids, discord_shard_count=count)


async def test_two_processes_each_run_their_shard(
    fake_discord: FakeDiscord, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clients built from two processes' settings (« 0 » and « 1 » of 2) each identify
    as their own shard and see only the guilds Discord routes to it."""
    by_shard: dict[int, str] = {}
    for name in ("Coop du Nord", "Réseau Sud"):
        guild = fake_discord.add_guild(name)
        by_shard[(guild.id >> 22) % 2] = name
        # Discord routes a guild by the time part of its id: the next one on the next shard.
        monkeypatch.setattr(fake, "_ids", count(next(fake._ids) + (1 << 22)))
    assert len(by_shard) == 2
    seen: dict[int, set[str]] = {}
    for shard in (0, 1):
        settings = _settings(discord_shard_ids=str(shard), discord_shard_count=2)
        bot = CoopiloteBot(
            services,
            start_scheduler=False,
            connector=LoopbackOnly(),
            guild_ready_timeout=0.05,
            **shard_options(settings),
        )
        async with running(bot, fake_discord):
            assert bot.shard_ids == [shard] and bot.shard_count == 2
            seen[shard] = {g.name for g in bot.guilds}
    assert [s.shard for s in fake_discord.sessions] == [(0, 2), (1, 2)]
    for shard, name in by_shard.items():
        assert name in seen[shard] and name not in seen[1 - shard]
