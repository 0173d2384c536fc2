"""Discord and Matrix in one process: each adapter's notifier delivers its own communities'
announcements, neither takes the other's, and a platform this process does not serve is
left in the outbox for the process that does."""

from __future__ import annotations

from bot.core.actor import CommunityRef
from bot.core.app import Services
from bot.core.notifier import Announcement, NullNotifier, PlatformNotifiers, RecordingNotifier
from tests.conftest import actor

DISCORD = CommunityRef("discord", "111", "Coop sur Discord")
MATRIX = CommunityRef("matrix", "!salon:exemple.org", "Coop sur Matrix")


async def _closed_poll(services: Services, community: CommunityRef) -> int:
    """A poll opened then closed by an admin of `community`: its result waits in the outbox."""
    ana = actor("Ana", "CA", "Membre", community=community, admin=True)
    poll = await services.decisions.create_poll(ana, "Pizza ou sushis?", ["Pizza", "Sushis"])
    await services.decisions.close(ana, poll.number)
    return poll.number


async def test_each_platform_delivers_its_own_results(services: Services) -> None:
    discord, matrix = RecordingNotifier("discord"), RecordingNotifier("matrix")
    services.decisions.attach(discord)
    services.decisions.attach(matrix)  # the second adapter joins the first, never replaces it
    assert isinstance(services.decisions.notifier, PlatformNotifiers)
    await _closed_poll(services, DISCORD)  # each close delivers its result at once
    await _closed_poll(services, MATRIX)
    [to_discord] = discord.sent
    [to_matrix] = matrix.sent
    assert isinstance(to_discord, Announcement) and to_discord.community.platform == "discord"
    assert isinstance(to_matrix, Announcement) and to_matrix.community.platform == "matrix"
    assert await services.decisions.deliver_outbox() == 0  # each once


async def test_a_platform_served_elsewhere_is_left_to_its_process(services: Services) -> None:
    discord = RecordingNotifier("discord")
    services.decisions.attach(discord)
    await _closed_poll(services, MATRIX)
    assert await services.decisions.deliver_outbox() == 0
    assert discord.sent == []
    # The Matrix process, later, finds its result still waiting.
    matrix = RecordingNotifier("matrix")
    services.decisions.attach(matrix)
    assert await services.decisions.deliver_outbox() == 1
    assert len(matrix.sent) == 1


def test_an_adapter_replaces_nothing_but_a_null_or_its_own_platform() -> None:
    from bot.core.notifier import combined

    first, again = RecordingNotifier("matrix"), RecordingNotifier("matrix")
    assert combined(NullNotifier(), first) is first
    assert combined(first, again) is again
    both = combined(again, RecordingNotifier("discord"))
    assert isinstance(both, PlatformNotifiers) and set(both.parts) == {"matrix", "discord"}
