"""Voting with buttons on Discord: what a member clicks, what they and the channel see."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from bot.cogs.client import CoopiloteBot
from bot.cogs.voting import Voting
from bot.core.actor import Actor, CommunityRef
from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.decisions.options import RuleChoices
from bot.core.decisions.views import VoteView
from tests.discord.fake_discord import FakeDiscord, Guild, LoopbackOnly, running

ADMIN = 1 << 3
DIRECTORS = ("alice", "bob", "chloe")


class ManualSleep:
    """An injectable sleep the test releases by hand: coalesced edits wait for `release()`."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self._go = asyncio.Event()

    async def __call__(self, delay: float) -> None:
        self.asked.append(delay)
        self._go.clear()
        await self._go.wait()

    def release(self) -> None:
        self._go.set()


def board(fake: FakeDiscord, extra: dict[str, list[str]] | None = None) -> Guild:
    """« Coop du Nord »: three directors (alice is admin), dave holds no role."""
    members: dict[str, list[str]] = {"alice": ["CA", "Admin"], "bob": ["CA"], "chloe": ["CA"]}
    members.update({"dave": []}, **(extra or {}))
    return fake.add_guild(
        "Coop du Nord",
        roles={"CA": 0, "Admin": ADMIN},
        channels=("general", "annonces"),
        members=members,
    )


def member_actor(guild: Guild, name: str, *roles: str) -> Actor:
    """The core's Actor for a guild member (as the cogs build it from an interaction)."""
    member = guild.member(name)
    return Actor(
        CommunityRef("discord", str(guild.id), guild.name),
        str(member.user.id),
        name,
        frozenset(roles),
        channel_id=str(guild.channel("general").id),
    )


def new_bot(services: Services, **kw: Any) -> CoopiloteBot:
    return CoopiloteBot(
        services, start_scheduler=False, connector=LoopbackOnly(), guild_ready_timeout=0.05, **kw
    )


async def mirrored(bot: CoopiloteBot, guild: Guild) -> None:
    """Wait until the guild's members are in the database (the electorate is complete)."""
    done = asyncio.Event()

    async def _on(guild_id: int, what: str) -> None:
        if guild_id == guild.id and what == "guild":
            done.set()

    bot.add_listener(_on, "on_members_mirrored")
    await asyncio.wait_for(done.wait(), 5)
    bot.remove_listener(_on, "on_members_mirrored")


@asynccontextmanager
async def voting_bot(
    fake: FakeDiscord, services: Services, guild: Guild, sleep: ManualSleep | None = None
) -> AsyncIterator[Voting]:
    """The bot connected, members mirrored; its voting cog (edits gated by `sleep`)."""
    bot = new_bot(services)
    mirror = asyncio.ensure_future(mirrored(bot, guild))
    async with running(bot, fake):
        await mirror
        # load_extension imports the module afresh: its class is not this file's `Voting`.
        cog: Any = bot.get_cog("Voting")
        assert type(cog).__name__ == Voting.__name__
        if sleep is not None:
            cog.live.edits._sleep = sleep
        yield cog


async def open_motion(
    services: Services, guild: Guild, text: str = "Adopter le budget 2027.", **rules: Any
) -> VoteView:
    alice, bob = member_actor(guild, "alice", "CA", "Admin"), member_actor(guild, "bob", "CA")
    motion = await services.decisions.propose(alice, text, choices=RuleChoices(**rules))
    return await services.decisions.second(bob, motion.number)


async def post_vote(fake: FakeDiscord, cog: Voting, guild: Guild, view: VoteView) -> int:
    """The vote's message posted in #general; its id."""
    message = await cog.post(cog.bot.get_partial_messageable(guild.channel("general").id), view)
    return message.id


def embed_text(message: dict[str, Any]) -> str:
    """Everything a member reads in a message's first embed."""
    [shown] = message["embeds"]
    parts = [shown.get("title") or "", shown.get("description") or ""]
    parts += [f"{f['name']}: {f['value']}" for f in shown.get("fields", [])]
    return "\n".join(parts)


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


def ephemeral_text(body: dict[str, Any]) -> str:
    """The text of an ephemeral interaction answer (checking it is ephemeral)."""
    data = body["data"]
    assert data["flags"] & 64, "the answer must be seen by the clicker only"
    return "\n".join(e.get("description") or "" for e in data["embeds"])


async def edits_of(fake: FakeDiscord, message_id: int, n: int) -> list[dict[str, Any]]:
    """Wait for the n-th edit of a message; every edit body so far."""
    await fake.wait_for_call("PATCH", rf"/channels/\d+/messages/{message_id}", n=n)
    return [c.body for c in fake.calls_to("PATCH", rf"/channels/\d+/messages/{message_id}")]


# --- tests ------------------------------------------------------------------------------------


async def test_a_motion_message_has_the_four_buttons_and_the_state_of_the_vote(
    fake_discord: FakeDiscord, services: Services
):
    guild = board(fake_discord)
    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild)
        message_id = await post_vote(fake_discord, cog, guild, view)
    message = fake_discord.messages[message_id]
    labels = [c["label"] for row in message["components"] for c in row["components"]]
    assert labels == ["Pour", "Contre", "Abstention", "Conflit d’intérêts"]
    n = view.number
    assert custom_ids(message) == [f"vote:{n}:pour", f"vote:{n}:contre", f"vote:{n}:abstention",
                                   f"vote:{n}:conflit"]  # fmt: skip
    text = embed_text(message)
    assert "Participation : 0 sur 3" in text
    assert f"Fermeture: <t:{int(view.deadline.timestamp())}:R>" in text  # type: ignore[union-attr]
    assert message["allowed_mentions"] == {"parse": []}


async def test_three_directors_vote_with_buttons_and_one_changes(
    fake_discord: FakeDiscord, services: Services, clock: FakeClock
):
    guild = board(fake_discord)
    sleep = ManualSleep()
    async with voting_bot(fake_discord, services, guild, sleep) as cog:
        view = await open_motion(services, guild)
        mid = await post_vote(fake_discord, cog, guild, view)
        n = view.number

        answer = await fake_discord.response(
            await fake_discord.click(guild, guild.member("alice"), f"vote:{n}:pour", message_id=mid)
        )
        text = ephemeral_text(answer)
        assert f"Vote enregistré au n° {n} : Pour." in text
        assert "Vous pouvez le changer jusqu’au" in text
        # The first ballot after a quiet spell is shown at once.
        [first] = await edits_of(fake_discord, mid, 1)
        assert "Participation : 1 sur 3" in embed_text(first)

        # A burst: bob, alice again (she changes), chloe: coalesced into one more edit.
        for name, choice in (("bob", "contre"), ("alice", "abstention")):
            await fake_discord.response(
                await fake_discord.click(
                    guild, guild.member(name), f"vote:{n}:{choice}", message_id=mid
                )
            )
        changed = ephemeral_text(
            fake_discord.calls_to("POST", r"/interactions/\d+/[^/]+/callback")[-1].body
        )
        assert f"Vote modifié au n° {n} : Abstention." in changed
        assert len(fake_discord.calls_to("PATCH", rf"/channels/\d+/messages/{mid}")) == 1
        assert sleep.asked and 0 < sleep.asked[0] <= 2.0  # waiting for the 2-second interval
        sleep.release()
        edits = await edits_of(fake_discord, mid, 2)
        assert len(edits) == 2
        assert "Participation : 2 sur 3" in embed_text(edits[-1])
        await cog.live.edits.drain()

        await fake_discord.response(
            await fake_discord.click(guild, guild.member("chloe"), f"vote:{n}:pour", message_id=mid)
        )
        sleep.release()
        edits = await edits_of(fake_discord, mid, 3)
        await cog.live.edits.drain()
    # All three voted: the motion closed; its message shows the result and no more buttons.
    final = fake_discord.messages[mid]
    assert "Participation : 3 sur 3" in embed_text(final)
    assert final["components"] == []
    result = await services.decisions.show(member_actor(guild, "bob", "CA"), n)
    assert result.status == "closed"
    assert result.result.tally.pour == 1 and result.result.tally.abstention == 1  # type: ignore[union-attr]


async def test_a_member_outside_the_electorate_is_told_privately(
    fake_discord: FakeDiscord, services: Services
):
    guild = board(fake_discord)
    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild)
        mid = await post_vote(fake_discord, cog, guild, view)
        answer = await fake_discord.response(
            await fake_discord.click(
                guild, guild.member("dave"), f"vote:{view.number}:pour", message_id=mid
            )
        )
        assert ephemeral_text(answer)
        english = await fake_discord.response(
            await fake_discord.click(
                guild, guild.member("dave"), f"vote:{view.number}:pour", message_id=mid,
                locale="en-US",
            )
        )  # fmt: skip
    assert "CA" in ephemeral_text(answer)
    assert ephemeral_text(english) != ephemeral_text(answer)
    assert not fake_discord.calls_to("PATCH", rf"/channels/\d+/messages/{mid}")  # nothing changed


async def test_a_conflict_of_interest_leaves_the_electorate(
    fake_discord: FakeDiscord, services: Services
):
    guild = board(fake_discord)
    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild)
        mid = await post_vote(fake_discord, cog, guild, view)
        answer = await fake_discord.response(
            await fake_discord.click(
                guild, guild.member("chloe"), f"vote:{view.number}:conflit", message_id=mid
            )
        )
        [edit] = await edits_of(fake_discord, mid, 1)
    assert "Conflit d’intérêts consigné" in ephemeral_text(answer)
    assert "Participation : 0 sur 2" in embed_text(edit)
    assert "chloe" in embed_text(edit)  # conflicts are public (recorded in the minutes)


async def test_a_poll_is_answered_in_a_select_menu(fake_discord: FakeDiscord, services: Services):
    guild = board(fake_discord)
    alice = member_actor(guild, "alice", "CA", "Admin")
    async with voting_bot(fake_discord, services, guild) as cog:
        poll = await services.decisions.create_poll(
            alice, "Quel jour pour le pique-nique ?", ["Samedi", "Dimanche", "Lundi"],
            choices=RuleChoices(multiple=True, max_choices=2, body="board"),
        )  # fmt: skip
        mid = await post_vote(fake_discord, cog, guild, poll)
        [menu] = fake_discord.messages[mid]["components"][0]["components"]
        assert menu["type"] == 3 and menu["custom_id"] == f"vote:{poll.number}:choix"
        assert [o["label"] for o in menu["options"]] == ["Samedi", "Dimanche", "Lundi"]
        assert menu["max_values"] == 2
        answer = await fake_discord.response(
            await fake_discord.click(
                guild, guild.member("bob"), f"vote:{poll.number}:choix", values=["1", "3"],
                message_id=mid,
            )
        )  # fmt: skip
        [edit] = await edits_of(fake_discord, mid, 1)
    assert f"Vote enregistré au n° {poll.number} : Samedi, Lundi." in ephemeral_text(answer)
    assert "Participation : 1 sur" in embed_text(edit)


async def test_a_meeting_poll_is_answered_date_by_date(
    fake_discord: FakeDiscord, services: Services
):
    guild = board(fake_discord)
    alice = member_actor(guild, "alice", "CA", "Admin")
    async with voting_bot(fake_discord, services, guild) as cog:
        meeting = await services.decisions.create_meeting(
            alice, "Réunion de décembre", ["2026-12-03 18:00", "2026-12-04 18:00"]
        )
        mid = await post_vote(fake_discord, cog, guild, meeting)
        rows = fake_discord.messages[mid]["components"]
        assert len(rows) == 2 and [len(r["components"]) for r in rows] == [3, 3]
        assert rows[0]["components"][0]["label"] == "2026-12-03 18 h 00 : oui"
        n = meeting.number
        bob = guild.member("bob")
        first = await fake_discord.response(
            await fake_discord.click(guild, bob, f"vote:{n}:2:y", message_id=mid)
        )
        second = await fake_discord.response(
            await fake_discord.click(guild, bob, f"vote:{n}:1:m", message_id=mid)
        )
    assert f"Vote enregistré au n° {n} : non, oui." in ephemeral_text(first)
    # His answer to the second date is kept when he answers the first.
    assert f"Vote modifié au n° {n} : peut-être, oui." in ephemeral_text(second)


async def test_a_slow_cast_is_deferred_then_answered(
    fake_discord: FakeDiscord, services: Services, monkeypatch: pytest.MonkeyPatch
):
    guild = board(fake_discord)
    monkeypatch.setattr("bot.cogs.voting.DEFER_AFTER", 0.01)
    real_cast, go = services.decisions.cast, asyncio.Event()

    async def slow_cast(*args: Any) -> Any:
        await go.wait()  # the database is slow today: held until the deferral is seen
        return await real_cast(*args)

    async with voting_bot(fake_discord, services, guild) as cog:
        view = await open_motion(services, guild)
        mid = await post_vote(fake_discord, cog, guild, view)
        monkeypatch.setattr(services.decisions, "cast", slow_cast)
        click = await fake_discord.click(
            guild, guild.member("bob"), f"vote:{view.number}:pour", message_id=mid
        )
        deferred = await fake_discord.response(click)
        go.set()
        follow = await fake_discord.wait_for_call("POST", rf"/webhooks/\d+/{click.token}")
    assert deferred["type"] == 5 and deferred["data"]["flags"] & 64  # « thinking… », privately
    assert follow.body["flags"] & 64
    assert "Vote enregistré" in follow.body["embeds"][0]["description"]


async def test_vote_commands_keep_the_vote_message_live(
    fake_discord: FakeDiscord, services: Services
):
    """A vote shown by a command (with the chat layer's buttons) becomes the live message;
    a ballot typed as a command updates it too (the real slash commands)."""
    guild = board(fake_discord)
    bot = new_bot(services)
    mirror = asyncio.ensure_future(mirrored(bot, guild))
    async with running(bot, fake_discord):
        await mirror
        cog: Any = bot.get_cog("Voting")
        cog.live.edits.interval = 0.0  # coalescing is tested elsewhere: every change shown
        view = await open_motion(services, guild)
        n = view.number
        await fake_discord.response(
            await fake_discord.slash(guild, guild.member("alice"), "vote", "voir", numero=n)
        )
        await fake_discord.wait_for(
            lambda: any(custom_ids(m) for m in fake_discord.messages.values())
        )
        posted = [m for m in fake_discord.messages.values() if custom_ids(m)]
        [message] = posted
        assert not message.get("flags", 0) & 64  # shown in the channel, with its buttons
        mid, asked = int(message["id"]), embed_text(message)
        assert f"vote:{n}:pour" in custom_ids(message)
        await fake_discord.response(
            await fake_discord.slash(guild, guild.member("bob"), "vote", "pour", numero=n)
        )
        await fake_discord.wait_for(
            lambda: "Participation : 1 sur 3" in embed_text(fake_discord.messages[mid])
        )
        await cog.live.edits.drain()
    # The live message is everyone's: no « you may vote » of whoever asked to see it, and
    # the four ballot buttons (the conflict one added).
    edit = fake_discord.messages[mid]
    assert "À vous de voter" in asked and "À vous de voter" not in embed_text(edit)
    assert custom_ids(edit)[-1] == f"vote:{n}:conflit"


async def test_a_poll_started_by_a_command_gets_its_menu(
    fake_discord: FakeDiscord, services: Services
):
    guild = board(fake_discord)
    bot = new_bot(services)

    mirror = asyncio.ensure_future(mirrored(bot, guild))
    async with running(bot, fake_discord):
        await mirror
        cog: Any = bot.get_cog("Voting")
        cog.live.edits.interval = 0.0  # coalescing is tested elsewhere
        await fake_discord.response(
            await fake_discord.slash(
                guild, guild.member("alice"), "sondage", question="Un local plus grand ?",
                choix="Oui | Non", options="votants=ca",
            )
        )  # fmt: skip
        await fake_discord.wait_for(
            lambda: any(m["embeds"] for m in fake_discord.messages.values())
        )
        [message] = [m for m in fake_discord.messages.values() if m["embeds"]]
        assert message["components"] == []  # the chat layer has no menu for polls
        await fake_discord.wait_for(lambda: message["components"])  # the first live edit
        [menu] = message["components"][0]["components"]
        answer = await fake_discord.response(
            await fake_discord.click(
                guild, guild.member("chloe"), menu["custom_id"], values=["2"],
                message_id=int(message["id"]),
            )
        )  # fmt: skip
        await cog.live.edits.drain()
    assert "Vote enregistré au n° 1 : Non." in ephemeral_text(answer)


async def test_a_poll_shown_in_answer_to_a_form_gets_its_menu_when_it_opens(
    fake_discord: FakeDiscord, services: Services
):
    """No command completes with it (a modal's answer): the opening finds it by its heading."""
    from bot.chat.render.decisions import vote as vote_reply
    from bot.cogs.render import post

    guild = board(fake_discord)
    general = guild.channel("general")
    async with voting_bot(fake_discord, services, guild) as cog:
        poll = await services.decisions.create_poll(
            member_actor(guild, "alice", "CA", "Admin"), "Un local plus grand ?",
            ["Oui", "Non"], choices=RuleChoices(body="board"),
        )  # fmt: skip
        shown = await post(
            cog.bot.get_partial_messageable(general.id),
            vote_reply(poll, "fr", services.clock.now()),
        )
        assert fake_discord.messages[shown.id]["components"] == []
        assert await services.decisions.deliver_outbox() == 1  # « vote.opened », for Discord
        await cog.live.edits.drain()
    message = fake_discord.messages[shown.id]
    assert custom_ids(message) == [f"vote:{poll.number}:choix"]
    assert len([m for m in fake_discord.channel_messages(general) if m["embeds"]]) == 1
