"""Voting with buttons: each vote's message carries its ballot components, restart-proof.

Motions get Pour / Contre / Abstention / Conflit d'intérêts buttons, polls a select menu,
meeting polls yes / maybe / no per date. Their custom ids name the vote and the choice
(« vote:3:pour », the chat layer's action ids), and they are dynamic items: whatever message
carries them, before or after a restart, a click casts through the core as the clicking
member. The confirmation is ephemeral (the chat layer's receipt); the vote's message is then
edited to its live state by `bot.cogs.live`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.render.decisions import ballot_actions, receipt, vote_blocks
from bot.chat.reply import Reply, Text, reply
from bot.cogs.actor import actor_from, reply_language
from bot.cogs.client import CoopiloteBot
from bot.cogs.errors import answer_error
from bot.cogs.live import LiveVotes, votes_shown
from bot.cogs.notifier import DiscordNotifier
from bot.cogs.render import LABEL_MAX, clip, embed, respond
from bot.core.actor import Actor
from bot.core.decisions.views import MEETING, MOTION, POLL, VoteView
from bot.core.i18n import register, t
from bot.core.timefmt import format_short

log = logging.getLogger(__name__)

register(
    {
        "discord.vote.conflict": "Conflit d’intérêts",
        "discord.vote.closes": "Fermeture",
        "discord.vote.pick": "Votre choix…",
        "discord.vote.pick_many": "Vos choix (jusqu’à {max})…",
    }
)

# A cast that has not finished after this long is deferred (Discord allows 3 seconds).
DEFER_AFTER = 1.5
# Discord: 5 rows of components, 25 options in a select menu, 100 characters an option.
ROWS = 5
SELECT_OPTIONS = 25
OPTION_MAX = 100
ANSWERS = ("y", "m", "n")
ANSWER_STYLES = {
    "y": discord.ButtonStyle.success,
    "m": discord.ButtonStyle.secondary,
    "n": discord.ButtonStyle.danger,
}
# Commands after which a vote's message may have changed (ballots typed by hand, seconding…).
VOTE_COMMANDS = ("vote", "sondage", "reunion")


class RedactInteractions(logging.Filter):
    """Keep ballots out of discord.py's DEBUG record of each gateway event.

    That record holds the whole INTERACTION_CREATE: who clicked « vote:3:pour », a secret
    ballot in the logs of anyone who turns DEBUG on. Only the event's id and type remain.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite an interaction event's record; let every other record through."""
        args = record.args
        if isinstance(args, tuple) and len(args) == 2 and isinstance(args[1], dict):
            event = args[1]
            if event.get("t") == "INTERACTION_CREATE":
                data = event.get("d") or {}
                kept = {"id": data.get("id"), "type": data.get("type")}
                record.args = (args[0], {"t": "INTERACTION_CREATE", "d": kept})
        return True


_REDACT = RedactInteractions()


def redact_gateway_logs() -> None:
    """Install the filter on discord.py's gateway logger (idempotent)."""
    gateway = logging.getLogger("discord.gateway")
    if not any(isinstance(f, RedactInteractions) for f in gateway.filters):
        gateway.addFilter(_REDACT)


def _cog(interaction: discord.Interaction) -> Voting:
    cog = interaction.client.get_cog(Voting.__cog_name__)  # type: ignore[attr-defined]
    assert isinstance(cog, Voting), "the voting cog is not loaded"
    return cog


class MotionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"vote:(?P<number>\d+):(?P<choice>pour|contre|abstention|conflit)",
):
    """Pour, Contre, Abstention or Conflit d'intérêts on motion `number`."""

    def __init__(self, number: int, choice: str, label: str, style: discord.ButtonStyle) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"vote:{number}:{choice}")
        )
        self.number, self.choice = number, choice

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> MotionButton:
        """The button as clicked (on any message, before or after a restart)."""
        return cls(int(match["number"]), match["choice"], item.label or "", item.style)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        """Cast (or declare the conflict) as the clicking member."""
        await _cog(interaction).cast(interaction, self.number, self.choice)


class PollSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"vote:(?P<number>\d+):choix"
):
    """The options of poll `number`, as a select menu (one or several choices)."""

    def __init__(self, number: int, select: discord.ui.Select[Any]) -> None:
        select.custom_id = f"vote:{number}:choix"
        super().__init__(select)
        self.number = number

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Select[Any], match: re.Match[str], /
    ) -> PollSelect:
        """The menu as picked in."""
        return cls(int(match["number"]), item)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        """Cast the picked options (« 1,3 ») as the member."""
        await _cog(interaction).cast(interaction, self.number, ",".join(self.item.values))


class MeetingButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"vote:(?P<number>\d+):(?P<position>\d+):(?P<answer>[ymn])",
):
    """Yes, maybe or no to one date of meeting poll `number`."""

    def __init__(
        self, number: int, position: int, answer: str, label: str, style: discord.ButtonStyle
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=style, custom_id=f"vote:{number}:{position}:{answer}"
            )
        )
        self.number, self.position, self.answer = number, position, answer

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> MeetingButton:
        """The button as clicked."""
        return cls(
            int(match["number"]), int(match["position"]), match["answer"], item.label or "",
            item.style,
        )  # fmt: skip

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        """Answer this date, keeping the member's answers to the other dates."""
        await _cog(interaction).answer_date(interaction, self.number, self.position, self.answer)


DYNAMIC_ITEMS = (MotionButton, PollSelect, MeetingButton)


def components(view: VoteView, lang: str) -> discord.ui.View | None:
    """The ballot components of an open vote (None once it is not open)."""
    if not view.is_open:
        return None
    out = discord.ui.View(timeout=None)
    if view.kind == MOTION:
        actions = ballot_actions(view, lang)  # the chat layer's ids, labels and styles
        styles = {"success": discord.ButtonStyle.success, "danger": discord.ButtonStyle.danger}
        for action in actions:
            choice = action.id.rsplit(":", 1)[1]
            style = styles.get(action.style, discord.ButtonStyle.secondary)
            out.add_item(MotionButton(view.number, choice, clip(action.label, LABEL_MAX), style))
        label = t("discord.vote.conflict", lang)
        out.add_item(MotionButton(view.number, "conflit", label, discord.ButtonStyle.secondary))
    elif view.kind == POLL:
        many = view.rules.max_choices > 1
        select: discord.ui.Select[Any] = discord.ui.Select(
            placeholder=(
                t("discord.vote.pick_many", lang, max=view.rules.max_choices)
                if many
                else t("discord.vote.pick", lang)
            ),
            min_values=1,
            max_values=min(view.rules.max_choices, len(view.options), SELECT_OPTIONS),
            options=[
                discord.SelectOption(label=clip(o.label, OPTION_MAX), value=str(o.position))
                for o in view.options[:SELECT_OPTIONS]
            ],
        )
        out.add_item(PollSelect(view.number, select))
    elif view.kind == MEETING:
        # One row per date (Discord shows 5 rows): later dates are answered with /reunion.
        for row, option in enumerate(view.options[:ROWS]):
            when = option.label
            if option.starts_at is not None:
                when = format_short(option.starts_at, view.timezone)
            for answer in ANSWERS:
                word = t(f"decision.answer.{answer}", lang)
                label = clip(f"{when} : {word}" if answer == "y" else word, LABEL_MAX)
                item = MeetingButton(
                    view.number, option.position, answer, label, ANSWER_STYLES[answer]
                )
                item.row = row
                out.add_item(item)
    return out


def vote_message(view: VoteView, now: Any) -> dict[str, Any]:
    """The channel's message of a vote: its state for everyone, and its ballot components."""
    lang = view.language
    public = replace(view, viewer=None)
    shown = embed(Reply(tuple(vote_blocks(public, lang, now))))
    assert shown is not None
    if public.is_open and public.deadline is not None:
        # Discord shows this timestamp as « dans 3 heures » and keeps it current by itself.
        stamp = int(public.deadline.timestamp())
        shown.add_field(name=t("discord.vote.closes", lang), value=f"<t:{stamp}:R>")
    return {
        "embed": shown,
        "view": components(public, lang),
        "allowed_mentions": discord.AllowedMentions.none(),
    }


class Voting(commands.Cog):
    """Ballot components, live vote messages and the Discord notifier."""

    def __init__(self, bot: CoopiloteBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.live = LiveVotes(bot, self._render)
        self.notifier = DiscordNotifier(bot, self.live)

    def _render(self, view: VoteView) -> dict[str, Any]:
        return vote_message(view, self.services.clock.now())

    async def cog_load(self) -> None:
        """Dispatch ballot components on any message; deliver this platform's outbox rows."""
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        redact_gateway_logs()
        self.services.decisions.attach(self.notifier)  # beside Matrix's, if it runs here
        if self.services.scheduler is not None:
            # After the outbox's own drain: closed-DM notices of the round, in one message.
            self.services.scheduler.add_drain(self.notifier.flush)

    async def cog_unload(self) -> None:
        """Stop editing messages (the client is going away)."""
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        await self.live.edits.aclose()

    # --- posting ----------------------------------------------------------------------------

    async def post(self, channel: discord.abc.Messageable, view: VoteView) -> discord.Message:
        """Post the message of vote `view` in `channel` and keep it live."""
        message = await channel.send(**self._render(view))
        if message.guild is not None:
            self.live.track(message.guild.id, view.number, message.channel.id, message.id)
        return message

    # --- clicks -----------------------------------------------------------------------------

    def _seen(self, interaction: discord.Interaction, number: int, actor: Actor) -> None:
        """The clicked message is the vote's message: keep it live with this member's read."""
        message, guild = interaction.message, interaction.guild
        if message is None or guild is None:
            return
        if not message.flags.ephemeral:
            self.live.track(guild.id, number, message.channel.id, message.id)
        decisions = self.services.decisions
        self.live.changed(guild.id, number, lambda: decisions.show(actor, number))

    async def _answer(
        self, interaction: discord.Interaction, number: int, work: Any, actor: Actor
    ) -> None:
        """Run `work()` (the core call), deferring if it is slow; answer privately."""
        task = asyncio.ensure_future(work())
        try:
            done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
            if not done:  # Discord drops an interaction not answered within 3 seconds
                await interaction.response.defer(ephemeral=True, thinking=True)
            answer: Reply = await task
        except Exception as exc:
            await answer_error(self.services.communities, interaction, exc)
            return
        await respond(interaction, answer)
        self._seen(interaction, number, actor)

    async def cast(self, interaction: discord.Interaction, number: int, choice: str) -> None:
        """A ballot component was used: cast `choice` as the member, confirm privately."""
        actor = actor_from(interaction)
        if actor is None:
            return
        lang = await reply_language(self.services.communities, interaction)
        decisions = self.services.decisions

        async def work() -> Reply:
            if choice == "conflit":
                await decisions.declare_conflict(actor, number)
                return reply(Text(t("chat.conflict", lang, number=number), "good"), ephemeral=True)
            return receipt(await decisions.cast(actor, number, choice), lang)

        await self._answer(interaction, number, work, actor)

    async def answer_date(
        self, interaction: discord.Interaction, number: int, position: int, answer: str
    ) -> None:
        """One date of a meeting poll answered: the member's other answers are kept.

        A named poll gives back the member's answers; a secret one never does, so there the
        other dates count as « non » until answered (the receipt says the ballot was replaced).
        """
        actor = actor_from(interaction)
        if actor is None:
            return
        lang = await reply_language(self.services.communities, interaction)
        decisions = self.services.decisions

        async def work() -> Reply:
            # Only the dates and the member's answers, not the whole view (latency).
            dates, mine = await decisions.my_answers(actor, number)
            answers = list(mine) if mine and len(mine) == dates else []
            answers = answers or ["n"] * dates
            if 1 <= position <= len(answers):
                answers[position - 1] = answer
            return receipt(await decisions.cast(actor, number, " ".join(answers)), lang)

        await self._answer(interaction, number, work, actor)

    # --- ballots and votes from slash commands ---------------------------------------------

    @commands.Cog.listener()
    async def on_app_command_completion(
        self, interaction: discord.Interaction, command: app_commands.Command[Any, ..., Any]
    ) -> None:
        """After a vote command (a ballot typed by hand, a seconding…), refresh the vote's
        message; a vote message the command posted becomes the live one."""
        root = command.root_parent.name if command.root_parent is not None else command.name
        if interaction.guild is None or root not in VOTE_COMMANDS:
            return
        actor = actor_from(interaction)
        if actor is None:
            return
        numbers = {
            int(value)
            for _, value in interaction.namespace
            if isinstance(value, int) or (isinstance(value, str) and value.isdigit())
        }
        try:
            message = await interaction.original_response()
        except discord.HTTPException:
            message = None
        if message is not None and not message.flags.ephemeral:
            for number in votes_shown(message):
                numbers.add(number)
                self.live.track(interaction.guild.id, number, message.channel.id, message.id)
        decisions = self.services.decisions
        for number in numbers:
            self.live.changed(
                interaction.guild.id, number, lambda n=number: decisions.show(actor, n)
            )


async def setup(bot: CoopiloteBot) -> None:
    """discord.py's extension entry point."""
    await bot.add_cog(Voting(bot))
