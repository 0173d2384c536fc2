"""Reminders by direct message, the closed-DM notice, and results announced in the channel."""

from __future__ import annotations

from datetime import timedelta

from bot.core.app import Services
from bot.core.clock import FakeClock
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_voting import (
    board,
    edits_of,
    embed_text,
    member_actor,
    open_motion,
    post_vote,
    voting_bot,
)


def public(fake: FakeDiscord, channel: object, but: int | None = None) -> list[dict]:
    """What everyone sees in a channel: the bot's messages, not ephemeral ones (nor `but`)."""
    return [
        m
        for m in fake.channel_messages(channel)  # type: ignore[arg-type]
        if not (m["flags"] or 0) & 64 and int(m["id"]) != but
    ]


def dm_bodies(fake: FakeDiscord) -> dict[int, list[str]]:
    """Direct messages delivered, by recipient id: their text."""
    out: dict[int, list[str]] = {}
    for user_id, channel in fake.dm_channels.items():
        out[user_id] = [embed_text(m) for m in fake.channel_messages(channel)]
    return {k: v for k, v in out.items() if v}


async def test_reminders_go_by_dm_to_those_who_have_not_voted_and_closed_dms_are_named_once(
    fake_discord: FakeDiscord, services: Services, clock: FakeClock
):
    guild = board(fake_discord, {"eve": ["CA"]})
    general = guild.channel("general")
    fake_discord.close_dms(guild.member("chloe"))
    fake_discord.close_dms(guild.member("eve"))
    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild, "Acheter un four à pain.")
        mid = await post_vote(fake_discord, cog, guild, view)
        await fake_discord.response(
            await fake_discord.click(
                guild, guild.member("alice"), f"vote:{view.number}:pour", message_id=mid
            )
        )
        before = len(public(fake_discord, general))
        clock.advance(hours=24, minutes=1)  # 24 h before the deadline: the first reminder
        # Discord throttles opening DMs and posting: waited out, nothing lost.
        fake_discord.rate_limit(
            4, method="POST", path=r"/users/@me/channels|/channels/\d+/messages",
            retry_after=0.02,
        )  # fmt: skip
        assert services.scheduler is not None
        await services.scheduler.run_due()
        assert [c.status for c in fake_discord.calls].count(429) == 4

        # bob gets a private reminder; alice voted, so she gets none.
        dms = dm_bodies(fake_discord)
        assert list(dms) == [guild.member("bob").user.id]
        [text] = dms[guild.member("bob").user.id]
        assert f"n° {view.number}" in text and "Acheter un four à pain." in text
        # chloe and eve refused DMs: ONE message in the vote's channel names them, and says
        # nothing else (not the vote, not that they have not voted), pinging nobody.
        notices = public(fake_discord, general)[before:]
        assert len(notices) == 1
        notice = embed_text(notices[0])
        assert "chloe, eve" in notice
        assert "four" not in notice and str(view.number) not in notice
        assert notices[0]["allowed_mentions"] == {"parse": []}

        # The second reminder (1 h before): bob again by DM, the closed DMs not named again.
        clock.advance(hours=23)
        await services.scheduler.run_due()
        assert len(dm_bodies(fake_discord)[guild.member("bob").user.id]) == 2
        assert len(public(fake_discord, general)[before:]) == 1


async def test_the_result_is_announced_once_in_the_channel_where_the_vote_was_launched(
    fake_discord: FakeDiscord, services: Services, clock: FakeClock
):
    guild = board(fake_discord)
    general = guild.channel("general")
    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild, "Adopter le budget 2027.")
        mid = await post_vote(fake_discord, cog, guild, view)
        for name in ("alice", "bob"):
            await fake_discord.response(
                await fake_discord.click(
                    guild, guild.member(name), f"vote:{view.number}:pour", message_id=mid
                )
            )
        await cog.live.edits.drain()
        clock.advance(timedelta(hours=48, minutes=1))
        assert services.scheduler is not None
        await services.scheduler.run_due()
        await services.scheduler.run_due()  # nothing more to do: no second announcement
        await cog.live.edits.drain()
    results = public(fake_discord, general, but=mid)
    assert len(results) == 1
    text = embed_text(results[0])
    assert f"résultat du vote n° {view.number}" in text
    assert "Adoptée" in text or "adoptée" in text
    # The vote's own message shows the close and offers no more buttons.
    final = fake_discord.messages[mid]
    assert final["components"] == [] and "Fermé le" in embed_text(final)


async def test_the_announcement_channel_is_used_when_configured(
    fake_discord: FakeDiscord, services: Services, clock: FakeClock
):
    guild = board(fake_discord)
    annonces = guild.channel("annonces")
    async with voting_bot(fake_discord, services, guild) as cog:
        admin = member_actor(guild, "alice", "CA", "Admin")
        await services.communities.update_settings(admin, announce_channel_id=str(annonces.id))
        view = await open_motion(services, guild)
        await post_vote(fake_discord, cog, guild, view)
        clock.advance(hours=48, minutes=1)
        assert services.scheduler is not None
        await services.scheduler.run_due()
    [result] = fake_discord.channel_messages(annonces)
    assert f"résultat du vote n° {view.number}" in embed_text(result)


async def test_a_429_storm_loses_no_ballot_edit_or_announcement(
    fake_discord: FakeDiscord, services: Services, clock: FakeClock
):
    guild = board(fake_discord, {"dina": ["CA"], "eve": ["CA"]})
    general = guild.channel("general")
    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild)
        mid = await post_vote(fake_discord, cog, guild, view)
        # Every kind of call the bot makes is throttled a few times: callbacks, edits, posts.
        fake_discord.rate_limit(6, path=r"/interactions/.*", retry_after=0.02)
        fake_discord.rate_limit(3, method="PATCH", retry_after=0.02)
        fake_discord.rate_limit(3, method="POST", path=r"/channels/.*", retry_after=0.02)
        names = ("alice", "bob", "chloe", "dina", "eve")
        clicks = [
            await fake_discord.click(
                guild, guild.member(name), f"vote:{view.number}:pour", message_id=mid
            )
            for name in names
        ]
        for click in clicks:
            body = await fake_discord.response(click)
            assert "Vote enregistré" in body["data"]["embeds"][0]["description"]
        await cog.live.edits.drain()
        assert services.scheduler is not None
        await services.scheduler.run_due()
        await cog.live.edits.drain()
        await edits_of(fake_discord, mid, 1)
    statuses = [c.status for c in fake_discord.calls]
    assert statuses.count(429) == 12  # the storm happened…
    # …and nothing was lost: five ballots, the final state shown, one result announced.
    final = fake_discord.messages[mid]
    assert "Participation : 5 sur 5" in embed_text(final) and final["components"] == []
    results = public(fake_discord, general, but=mid)
    assert len(results) == 1 and "Pour : 5 · Contre : 0" in embed_text(results[0])
