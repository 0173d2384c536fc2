"""Neutral replies as Discord users see them: embeds, buttons, files, and nobody pinged."""

from __future__ import annotations

import asyncio

import discord
from discord.ext import commands

from bot.chat.reply import Action, Attachment, Field, Fields, Heading, Items, Text, reply
from bot.cogs.render import FIELD_VALUE_MAX, post, respond
from tests.discord.fake_discord import FakeDiscord, LoopbackOnly, running

MOTION = reply(
    Heading("Résolution n° 3 : budget 2027"),
    "Que le CA adopte le budget 2027. @everyone <@&42> **vite**",
    Fields((Field("Échéance", "3 déc. 2026, 17 h"), Field("Majorité", "voix exprimées"))),
    Items(("Pour : 2", "Contre : 0"), ordered=True),
    Text("Scrutin secret : seuls les totaux sont publiés.", tone="dim"),
    actions=(
        Action("vote:3:pour", "Pour", "/vote pour 3", style="success"),
        Action("vote:3:contre", "Contre", "/vote contre 3", style="danger"),
    ),
)


class ReplyBot(commands.Bot):
    """Answers /montrer with whatever reply the test set."""

    def __init__(self) -> None:
        super().__init__(
            command_prefix="!",
            intents=discord.Intents.default(),
            connector=LoopbackOnly(),
            guild_ready_timeout=0.05,
        )
        self.answer = MOTION
        self.done = asyncio.Event()

    async def setup_hook(self) -> None:
        @self.tree.command(name="montrer", description="Montrer")
        async def montrer(inter: discord.Interaction) -> None:
            await respond(inter, self.answer)
            if self.answer.ephemeral:  # a second answer goes as a follow-up
                await respond(inter, reply("encore", ephemeral=True))
            self.done.set()  # reached only if the replies went through


async def ask(fake: FakeDiscord, bot: ReplyBot) -> dict:
    guild = next(iter(fake.guilds.values()))
    body = await fake.response(await fake.slash(guild, guild.member("alice"), "montrer"))
    await asyncio.wait_for(bot.done.wait(), 5)
    return body


async def test_a_reply_is_an_embed_with_buttons_and_pings_nobody(fake_discord: FakeDiscord):
    fake_discord.add_guild("Coop", members={"alice": []})
    async with running(ReplyBot(), fake_discord) as bot:
        body = await ask(fake_discord, bot)
    data = body["data"]
    assert body["type"] == 4 and not data.get("flags")
    assert data["allowed_mentions"] == {"parse": []}
    [shown] = data["embeds"]
    assert shown["title"] == "Résolution n° 3 : budget 2027"
    # User text escaped once: no bold, and the mention syntax shown as typed.
    assert "@everyone <@&42> \\*\\*vite\\*\\*" in shown["description"]
    assert "1. Pour : 2\n2. Contre : 0" in shown["description"]
    assert "*Scrutin secret : seuls les totaux sont publiés.*" in shown["description"]
    assert [(f["name"], f["value"]) for f in shown["fields"]] == [
        ("Échéance", "3 déc. 2026, 17 h"),
        ("Majorité", "voix exprimées"),
    ]
    buttons = [c for row in data["components"] for c in row["components"]]
    assert [(b["custom_id"], b["label"], b["style"]) for b in buttons] == [
        ("vote:3:pour", "Pour", 3),
        ("vote:3:contre", "Contre", 4),
    ]


async def test_ephemeral_follow_up_and_attachment(fake_discord: FakeDiscord):
    fake_discord.add_guild("Coop", members={"alice": []})
    bot = ReplyBot()
    export = Attachment("registre-2026.md", b"# Registre\n", "text/markdown")
    bot.answer = reply("Votre export.", ephemeral=True, attachments=(export,))
    async with running(bot, fake_discord):
        body = await ask(fake_discord, bot)
    assert body["data"]["flags"] & 64  # seen by the asker only
    callback = fake_discord.calls_to("POST", r"/interactions/\d+/[^/]+/callback")[-1]
    assert callback.files == [("registre-2026.md", b"# Registre\n")]
    follow_up = fake_discord.calls_to("POST", r"/webhooks/\d+/[^/]+")[-1]
    assert follow_up.body["flags"] & 64 and follow_up.body["allowed_mentions"] == {"parse": []}


async def test_a_channel_post_pings_nobody_and_fits_discord_limits(fake_discord: FakeDiscord):
    guild = fake_discord.add_guild("Coop", members={"alice": []})
    long = reply(Heading("T" * 300), Fields((Field("Texte", "x" * 5000),)))
    async with running(ReplyBot(), fake_discord) as bot:
        channel = bot.get_channel(guild.channel("general").id)
        await post(channel, MOTION)
        await post(channel, long)
    first, second = fake_discord.channel_messages(guild.channel("general"))
    assert first["allowed_mentions"] == {"parse": []}
    assert "@everyone" in first["embeds"][0]["description"]
    shown = second["embeds"][0]
    assert len(shown["title"]) == 256 and shown["title"].endswith("…")
    assert len(shown["fields"][0]["value"]) == FIELD_VALUE_MAX
