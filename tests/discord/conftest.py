"""The fake Discord as a fixture, and a helper that runs a real discord.py client against it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import discord
import pytest
import yarl

from tests.discord.fake_discord import FakeDiscord


class ErrorCollector(logging.Handler):
    """Keeps every error logged by discord.py, our bot or the fake's own server.

    discord.py catches what handlers raise and only logs it (through a NullHandler unless
    logging is set up), so a broken handler would otherwise pass a test silently.
    """

    LOGGERS = ("discord", "bot", "aiohttp")

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.fake: FakeDiscord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        assert self.fake is not None
        self.fake.error(record)

    def report(self, records: list[logging.LogRecord]) -> str:
        return "\n".join(
            f"{r.name}: {r.getMessage()}\n{self.format(r) if r.exc_info else ''}" for r in records
        )


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A running fake Discord; discord.py's REST, gateway and CDN point at it for the test."""
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_url)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url)
    )
    monkeypatch.setattr(discord.asset.Asset, "BASE", f"http://127.0.0.1:{fake.port}/cdn")
    collector = ErrorCollector()
    loggers = [logging.getLogger(name) for name in ErrorCollector.LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    collector.fake = fake
    try:
        yield fake
    finally:
        await fake.close()
        for logger in loggers:
            logger.removeHandler(collector)
    if fake.errors:
        pytest.fail("errors logged during the test:\n" + collector.report(fake.errors))
