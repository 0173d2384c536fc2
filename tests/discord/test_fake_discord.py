"""The fake Discord itself, driven by the real discord.py: what the bot's tests rely on."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.discord.fake_discord import (
    CANNOT_SEND_TO_USER,
    MESSAGE_CONTENT,
    FakeDiscord,
    LoopbackOnly,
    running,
)

ADMIN = 1 << 3


def world(fake: FakeDiscord) -> None:
    fake.add_guild(
        "Coop du Nord",
        roles={"CA": 0, "Admin": ADMIN},
        channels=("general", "annonces"),
        members={"alice": ["CA", "Admin"], "bob": ["CA"], "chloe": []},
    )
    fake.add_guild("Réseau Sud", roles={"Membre": 0}, members={"dina": ["Membre"]})


class ProbeBot(commands.Bot):
    """A minimal bot with one of each interaction handler, recording what reached it."""

    def __init__(self, *, members: bool = True, content: bool = False) -> None:
        intents = discord.Intents.default()
        intents.members = members
        intents.message_content = content
        super().__init__(
            command_prefix="!", intents=intents, connector=LoopbackOnly(), guild_ready_timeout=0.05
        )
        self.seen: list[tuple[object, ...]] = []

    async def setup_hook(self) -> None:
        self.add_view(Buttons())

        @self.tree.command(name="ping", description="Ping")
        async def ping(inter: discord.Interaction, text: str, n: int = 1) -> None:
            await inter.response.send_message(f"pong {text} {n}", view=Buttons())
            self.seen.append(("ping", text, n))

        @ping.autocomplete("text")
        async def complete(inter: discord.Interaction, current: str) -> list:
            self.seen.append(("complete", current))
            return [app_commands.Choice(name=f"{current}-1", value=f"{current}-1")]

        @self.tree.command(name="boom", description="Raises")
        async def boom(inter: discord.Interaction) -> None:
            raise RuntimeError("handler bug")

    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(("message", message.content))


class NameModal(discord.ui.Modal, title="Nom"):
    name = discord.ui.TextInput(label="Nom", custom_id="probe:name")

    def __init__(self) -> None:
        super().__init__(custom_id="probe:modal")

    async def on_submit(self, inter: discord.Interaction) -> None:
        await inter.response.send_message(f"bonjour {self.name.value}", ephemeral=True)


class Buttons(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Pour", custom_id="probe:yes")
    async def yes(self, inter: discord.Interaction, button: discord.ui.Button) -> None:
        await inter.response.send_modal(NameModal())

    @discord.ui.select(custom_id="probe:pick", options=[discord.SelectOption(label="a")])
    async def pick(self, inter: discord.Interaction, select: discord.ui.Select) -> None:
        await inter.response.send_message(f"choisi {select.values}")


async def test_ready_with_guilds_roles_channels_and_members_by_chunking(fake_discord):
    world(fake_discord)
    async with running(ProbeBot(), fake_discord) as bot:
        north = fake_discord.guild("Coop du Nord")
        guild = bot.get_guild(north.id)
        assert guild is not None and guild.name == "Coop du Nord"
        assert {r.name for r in guild.roles} == {"@everyone", "CA", "Admin"}
        assert {c.name for c in guild.text_channels} == {"general", "annonces"}
        # GUILD_CREATE carried only the bot: the others came by chunking (op 8).
        assert {m.name for m in guild.members} == {"coopilote", "alice", "bob", "chloe"}
        assert guild.chunked
        assert [r.name for r in guild.get_member(north.member("bob").user.id).roles[1:]] == ["CA"]
        assert len(bot.guilds) == 2
        assert fake_discord.session.intents == bot.intents.value


async def test_without_the_members_intent_no_member_reaches_the_bot(fake_discord):
    world(fake_discord)
    async with running(ProbeBot(members=False), fake_discord) as bot:
        north = fake_discord.guild("Coop du Nord")
        guild = bot.get_guild(north.id)
        assert {m.name for m in guild.members} == {"coopilote"}
        await fake_discord.member_join(north, "eve", ["CA"])
        await asyncio.sleep(0.05)  # nothing is sent: there is no event to wait for
        assert guild.get_member(north.member("eve").user.id) is None
        assert "GUILD_MEMBER_ADD" in fake_discord.refused


async def test_member_events_reach_the_cache(fake_discord):
    world(fake_discord)
    async with running(ProbeBot(), fake_discord) as bot:
        north = fake_discord.guild("Coop du Nord")
        guild = bot.get_guild(north.id)
        joined = asyncio.create_task(bot.wait_for("member_join"))
        await fake_discord.member_join(north, "eve", ["CA"])
        assert (await asyncio.wait_for(joined, 2)).name == "eve"
        updated = asyncio.create_task(bot.wait_for("member_update"))
        await fake_discord.member_update(north, north.member("chloe"), roles=["CA"])
        _before, after = await asyncio.wait_for(updated, 2)
        assert [r.name for r in after.roles[1:]] == ["CA"]
        removed = asyncio.create_task(bot.wait_for("raw_member_remove"))
        bob = north.member("bob")
        await fake_discord.member_leave(north, bob)
        await asyncio.wait_for(removed, 2)
        assert guild.get_member(bob.user.id) is None


async def test_a_privileged_intent_the_portal_did_not_allow_is_refused(fake_discord):
    world(fake_discord)
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with running(ProbeBot(content=True), fake_discord):
            pass


async def test_message_content_is_blank_without_its_intent(fake_discord):
    world(fake_discord)
    north = fake_discord.guild("Coop du Nord")
    async with running(ProbeBot(), fake_discord) as bot:
        await fake_discord.message_create(north.channel("general"), north.member("bob"), "secret")
        await asyncio.sleep(0.05)
        assert ("message", "") in bot.seen and ("message", "secret") not in bot.seen
    fake_discord.allowed_privileged |= MESSAGE_CONTENT
    async with running(ProbeBot(content=True), fake_discord) as bot:
        await fake_discord.message_create(north.channel("general"), north.member("bob"), "lu")
        await asyncio.sleep(0.05)
        assert ("message", "lu") in bot.seen


async def test_each_interaction_type_reaches_its_handler(fake_discord):
    world(fake_discord)
    async with running(ProbeBot(), fake_discord) as bot:
        north = fake_discord.guild("Coop du Nord")
        alice = north.member("alice")
        await bot.tree.sync()
        put = fake_discord.calls_to("PUT", r"/applications/\d+/commands")[0].body
        assert {c["name"] for c in put} == {"ping", "boom"}

        reply = await fake_discord.response(
            await fake_discord.slash(north, alice, "ping", text="hi")
        )
        assert reply["type"] == 4 and reply["data"]["content"] == "pong hi 1"
        await fake_discord.wait_for(lambda: ("ping", "hi", 1) in bot.seen)
        posted = next(m for m in fake_discord.messages.values() if m["content"] == "pong hi 1")
        assert posted["components"][0]["components"][0]["custom_id"] == "probe:yes"

        choices = await fake_discord.response(
            await fake_discord.autocomplete(north, alice, "ping", "text", text="bo")
        )
        assert choices["type"] == 8 and choices["data"]["choices"][0]["value"] == "bo-1"

        # A click on the message posted above, through the view registered at start.
        clicked = await fake_discord.click(north, alice, "probe:yes", message_id=int(posted["id"]))
        modal = await fake_discord.response(clicked)
        assert modal["type"] == 9 and modal["data"]["custom_id"] == "probe:modal"

        picked = await fake_discord.response(
            await fake_discord.click(
                north, alice, "probe:pick", values=["a"], message_id=int(posted["id"])
            )
        )
        assert picked["data"]["content"] == "choisi ['a']"

        submitted = await fake_discord.response(
            await fake_discord.submit_modal(north, alice, "probe:modal", {"probe:name": "Ada"})
        )
        assert submitted["data"]["content"] == "bonjour Ada"
        assert submitted["data"]["flags"] & 64  # ephemeral


async def test_an_error_in_a_handler_is_collected_for_the_fixture_to_fail(fake_discord):
    world(fake_discord)
    async with running(ProbeBot(), fake_discord) as bot:
        north = fake_discord.guild("Coop du Nord")
        await bot.tree.sync()
        await fake_discord.slash(north, north.member("bob"), "boom")
        await asyncio.wait_for(fake_discord.error_logged.wait(), 2)
        assert "handler bug" in repr(fake_discord.errors[0].exc_info)
    fake_discord.errors.clear()  # expected here; any other test would fail at teardown


async def test_429_is_waited_out_and_nothing_is_lost(fake_discord):
    world(fake_discord)
    async with running(ProbeBot(), fake_discord) as bot:
        general = bot.get_channel(fake_discord.guild("Coop du Nord").channel("general").id)
        fake_discord.rate_limit(2, method="POST", path=r"/channels/\d+/messages", retry_after=0.1)
        start = time.perf_counter()
        sent = await general.send("après la tempête")
        assert time.perf_counter() - start >= 0.2
        statuses = [c.status for c in fake_discord.calls_to("POST", r"/channels/\d+/messages")]
        assert statuses == [429, 429, 200] and sent.content == "après la tempête"

        fake_discord.rate_limit(1, path=r"/channels/\d+/messages", via=False)
        with pytest.raises(discord.HTTPException) as caught:
            await general.send("sans Via")
        assert caught.value.status == 429


async def test_direct_messages_and_closed_dms(fake_discord):
    world(fake_discord)
    async with running(ProbeBot(), fake_discord) as bot:
        north = fake_discord.guild("Coop du Nord")
        guild = bot.get_guild(north.id)
        bob = guild.get_member(north.member("bob").user.id)
        await bob.send("rappel")
        call = fake_discord.calls_to("POST", "/users/@me/channels")[0]
        assert call.body == {"recipient_id": bob.id}
        dm = fake_discord.dm_channels[bob.id]
        assert [m["content"] for m in fake_discord.channel_messages(dm)] == ["rappel"]

        chloe = guild.get_member(north.member("chloe").user.id)
        fake_discord.close_dms(north.member("chloe"))
        with pytest.raises(discord.Forbidden) as caught:
            await chloe.send("rappel")
        assert caught.value.code == CANNOT_SEND_TO_USER


async def test_the_connector_refuses_any_host_but_loopback(fake_discord):
    async with aiohttp.ClientSession(connector=LoopbackOnly()) as session:
        with pytest.raises(aiohttp.ClientConnectionError, match="blocked"):
            await session.get("http://example.org/")
        headers = {"Authorization": f"Bot {fake_discord.token}"}
        async with session.get(f"{fake_discord.api_url}/gateway/bot", headers=headers) as resp:
            assert resp.status == 200
        async with session.get(f"{fake_discord.api_url}/gateway/bot") as resp:
            assert resp.status == 401  # no token, no answer


async def test_a_dropped_connection_is_resumed_on_loopback(fake_discord):
    world(fake_discord)
    async with running(ProbeBot(), fake_discord) as bot:
        resumed = asyncio.create_task(bot.wait_for("resumed"))
        await fake_discord.drop_connection()
        await asyncio.wait_for(resumed, 5)
        assert fake_discord.resumed == 1 and len(fake_discord.sessions) == 1
        # The resumed session still carries interactions.
        north = fake_discord.guild("Coop du Nord")
        await bot.tree.sync()
        reply = await fake_discord.response(
            await fake_discord.slash(north, north.member("bob"), "ping", text="encore")
        )
        assert reply["data"]["content"] == "pong encore 1"
