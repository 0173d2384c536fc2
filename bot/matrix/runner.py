"""`coopilote run` on Matrix: the client beside the core services, until told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator

import aiohttp

from bot.core.app import Services, open_services
from bot.matrix.client import MatrixBot
from bot.matrix.session import MatrixLoginError
from bot.settings import Settings

log = logging.getLogger(__name__)

UNREACHABLE = "Impossible de joindre le serveur Matrix à {url} (COOPILOTE_MATRIX_HOMESERVER)."


async def run_matrix(
    settings: Settings,
    stop: asyncio.Event | None = None,
    services: Services | None = None,
    *,
    start_services: bool = True,
) -> int:
    """Connect to Matrix; `services` shared with Discord when both run in one process.

    `start_services` starts the scheduler once connected (off when Discord already does).
    """
    stop = stop or asyncio.Event()
    with stop_on_signals(stop):
        return await _run(settings, stop, services, start_services)


@contextlib.contextmanager
def stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop` while inside (where the loop allows signal handlers)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        yield
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)


async def _run(
    settings: Settings, stop: asyncio.Event, services: Services | None, start_services: bool
) -> int:
    own_services = services is None
    services = services or await open_services(settings)
    bot = MatrixBot(settings, services)
    try:
        client = asyncio.create_task(bot.run())
        ready = asyncio.create_task(bot.ready.wait())
        stopped = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({client, ready, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if ready.done() and start_services:
                await services.start()
                log.info("scheduler started")
            await asyncio.wait({client, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (client, ready, stopped):
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await client  # what made the client stop, if it did on its own
            await bot.close()
        return 0
    except MatrixLoginError as exc:
        print(str(exc), file=sys.stderr, flush=True)
        return 1
    except aiohttp.ClientConnectionError as exc:
        log.warning("Matrix unreachable: %s", type(exc).__name__)
        print(UNREACHABLE.format(url=settings.matrix_homeserver), file=sys.stderr, flush=True)
        return 1
    finally:
        if own_services:
            await services.close()
