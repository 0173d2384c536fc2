"""Guided forms on Matrix: the bot asks in the command's thread and waits for the next line.

While a handler waits (`ctx.ask`), the next message of the same user in that thread (or
replying to one of the bot's questions, or anywhere in a direct chat) is its answer, not a
command. `!annuler` (`!cancel`) ends the wait; so does the timeout (settings, 10 minutes by
default), each with a message. The bot's sync loop never waits on a form: handlers run in
tasks of their own (`bot.matrix.commands`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.core.i18n import register

register(
    {
        "matrix.form.timeout": (
            "Délai dépassé ({minutes} min sans réponse) : le formulaire est annulé, rien "
            "n’a été enregistré. Relancez la commande pour recommencer."
        ),
        "matrix.form.cancelled": "Formulaire annulé : rien n’a été enregistré.",
        "matrix.form.nothing": "Aucun formulaire en cours à annuler.",
        "matrix.form.how": (
            "Répondez dans ce fil; « . » pour passer un champ facultatif, « !annuler » "
            "pour abandonner."
        ),
    }
)

# The empty answer (skip an optional field, keep a value, take the defaults).
SKIP = "."
# Words that cancel a form in progress (with Matrix's prefix).
CANCEL_WORDS = frozenset({"!annuler", "!cancel"})


@dataclass(eq=False)
class Waiting:
    """One question waiting for its answer."""

    room_id: str
    user_id: str
    thread: str  # the thread's root event
    direct: bool  # a direct chat: any message of the user answers
    asked: set[str] = field(default_factory=set)  # the bot's question events (replies count)
    answer: asyncio.Future[str | None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Conversations:
    """The questions the bot is waiting on, one per user and room."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._waiting: dict[tuple[str, str], Waiting] = {}

    def waiting(self, room_id: str, user_id: str) -> Waiting | None:
        """The open question for this user in this room, if any."""
        found = self._waiting.get((room_id, user_id))
        return found if found is not None and not found.answer.done() else None

    def answers(self, room_id: str, user_id: str, thread: str | None, reply_to: str | None) -> bool:
        """Whether a message (its thread root, what it replies to) answers an open question."""
        found = self.waiting(room_id, user_id)
        if found is None:
            return False
        return found.direct or thread == found.thread or (reply_to in found.asked)

    def give(self, room_id: str, user_id: str, text: str | None) -> bool:
        """Hand an answer (None: cancelled) to the open question; False when none waits."""
        found = self.waiting(room_id, user_id)
        if found is None:
            return False
        found.answer.set_result(text)
        return True

    def open(self, room_id: str, user_id: str, thread: str, *, direct: bool) -> Waiting:
        """A new question (an older one of the same user in the room is cancelled)."""
        self.give(room_id, user_id, None)
        waiting = Waiting(room_id, user_id, thread, direct)
        self._waiting[(room_id, user_id)] = waiting
        return waiting

    async def wait(self, waiting: Waiting) -> tuple[str | None, bool]:
        """(answer or None, timed out?): the answer, cancelled, or nothing within the timeout."""
        try:
            return await asyncio.wait_for(asyncio.shield(waiting.answer), self.timeout), False
        except TimeoutError:
            return None, True
        finally:
            if self._waiting.get((waiting.room_id, waiting.user_id)) is waiting:
                del self._waiting[(waiting.room_id, waiting.user_id)]
            if not waiting.answer.done():
                waiting.answer.cancel()
