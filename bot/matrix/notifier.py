"""How the core speaks first on Matrix: openings, results and reminders from the outbox.

The outbox hands this notifier only the rows of Matrix communities (`platform`), each row
once; a failed send raises, so the outbox tries the row again later (a 429 is retried inside
nio's request loop first, after the delay the server asks for). Openings are asked for
(`announces_openings`): a nominal vote is posted as a native poll, a secret one as a notice
plus a ballot in a direct chat with each elector.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.chat.render.decisions import announcement, reminder
from bot.core.decisions.outbox import CLOSED, OPENED
from bot.core.decisions.views import OPEN, ReminderView, VoteView
from bot.core.i18n import register
from bot.core.notifier import Announcement, DirectMessage
from bot.matrix.render import notice, render, reply_notice  # noqa: F401  (polls, ballots)

if TYPE_CHECKING:
    from bot.matrix.client import MatrixBot

log = logging.getLogger(__name__)

register(
    {
        "matrix.poll.question": "{kind} n° {number}",
        "matrix.poll.hint": (
            "Votez en choisissant une réponse du sondage (vous pouvez la changer "
            "jusqu’à la fermeture)."
        ),
        "matrix.poll.meeting_hint": (
            "Cochez les dates qui vous conviennent; les autres comptent comme « non »."
        ),
        "matrix.poll.not_counted": "{user} : votre réponse n’est pas comptée. {reason}",
        "matrix.secret.ballot_title": "Bulletin secret — {kind} n° {number}",
        "matrix.secret.community": "Communauté : {community}",
        "matrix.secret.answer_motion": (
            "Répondez ici par « pour », « contre » ou « abstention ». Vous pouvez changer "
            "d’avis jusqu’à la fermeture."
        ),
        "matrix.secret.answer_poll": "Répondez ici par le numéro de votre choix (p. ex. « 2 »).",
        "matrix.secret.answer_meeting": (
            "Répondez ici par les numéros des dates qui vous conviennent (p. ex. « 1 3 »)."
        ),
        "matrix.secret.private": (
            "Cette conversation privée est chiffrée : personne d’autre ne voit votre "
            "réponse. Le salon ne voit que la participation, puis les totaux à la fermeture."
        ),
        "matrix.secret.opened": (
            "Scrutin secret : chaque votant reçoit son bulletin en conversation privée "
            "avec le bot et y répond. Ici, seule la participation est visible, puis les "
            "totaux à la fermeture."
        ),
        "matrix.secret.which": (
            "Vous avez plusieurs votes secrets en cours ({numbers}) : précisez le "
            "numéro, p. ex. « pour #3 »."
        ),
    }
)


class DeliveryFailed(RuntimeError):
    """The homeserver did not take a message: the outbox tries again later."""


def channel_of(message: Announcement) -> str:
    """The room to announce in: where the vote was launched, else the community's room."""
    channel = message.channel_id
    return channel if channel and channel.startswith("!") else message.community.external_id


class MatrixNotifier:
    """Delivers the outbox's Matrix rows through the running bot."""

    platform = "matrix"
    announces_openings = True

    def __init__(self, bot: MatrixBot) -> None:
        self.bot = bot

    async def announce(self, message: Announcement) -> None:
        """A vote opened (native poll or secret ballots) or closed (its result)."""
        view = message.payload
        if not isinstance(view, VoteView):
            return
        room_id = channel_of(message)
        if message.kind == OPENED:
            if view.status != OPEN:
                return  # closed before its opening was delivered: the result says it all
            if view.rules.secret:
                await self.bot.ballots.opened(message.community, room_id, view)
            else:
                await self.bot.polls.post(message.community, room_id, view)
        elif message.kind == CLOSED:
            now = self.bot.services.clock.now()
            lang = view.language
            if await self.bot.polls.end(message.community, view, announcement(view, lang, now)):
                return  # the poll's end carries the result
            await self.must_send(room_id, reply_notice(announcement(view, lang, now)))

    async def direct(self, message: DirectMessage) -> None:
        """A reminder, in a direct chat with the member."""
        found = message.payload
        if isinstance(found, ReminderView):
            await self.bot.dms.send(message.user_id, reply_notice(reminder(found, found.language)))

    async def must_send(
        self, room_id: str, content: dict[str, Any], event_type: str = "m.room.message"
    ) -> str:
        """Send or raise (the outbox retries the row)."""
        event_id = await self.bot.send(room_id, content, event_type=event_type)
        if event_id is None:
            raise DeliveryFailed(f"could not send to {room_id}")
        return event_id
