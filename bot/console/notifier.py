"""The console's notifier: results and reminders printed as they happen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.render.decisions import announcement, reminder
from bot.core.decisions.views import ReminderView, VoteView
from bot.core.notifier import Announcement, DirectMessage

if TYPE_CHECKING:
    from bot.console.context import Context


class ConsoleNotifier:
    """Prints announcements and reminders in the session (the one person plays everyone)."""

    def __init__(self) -> None:
        self.ctx: Context | None = None
        # What arrives before the session is ready (work overdue at start) waits here.
        self._pending: list[Announcement | DirectMessage] = []

    def bind(self, ctx: Context) -> None:
        """Print from now on in this session."""
        self.ctx = ctx
        pending, self._pending = self._pending, []
        for message in pending:
            self._print(message)

    def _print(self, message: Announcement | DirectMessage) -> None:
        ctx = self.ctx
        if ctx is None:
            self._pending.append(message)
            return
        now = ctx.services.clock.now()
        if isinstance(message, Announcement) and isinstance(message.payload, VoteView):
            ctx.print_reply(announcement(message.payload, ctx.lang, now))
        elif isinstance(message, DirectMessage) and isinstance(message.payload, ReminderView):
            ctx.print_reply(reminder(message.payload, ctx.lang))

    async def announce(self, announcement: Announcement) -> None:
        """Print a result where the vote was launched (the console has one channel)."""
        self._print(announcement)

    async def direct(self, message: DirectMessage) -> None:
        """Print a reminder addressed to one member."""
        self._print(message)
