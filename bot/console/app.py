"""The console loop: read a line, run its command, print the answer; never a traceback."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from bot.chat.handlers import run
from bot.console import commands  # noqa: F401  (registers every command)
from bot.console.actor import console_actor
from bot.console.context import Context
from bot.console.notifier import ConsoleNotifier
from bot.console.registry import COMMANDS, resolve
from bot.console.style import Style, formatted
from bot.core.app import Services, open_services
from bot.core.i18n import t
from bot.core.text import has_invalid_unicode, strip_invisible
from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_LINE = 20_000  # longer lines are refused before any parsing


class LineReader:
    """Lines from a terminal (editing, history, completion) or from a pipe."""

    def __init__(self, history: Path | None, interactive: bool) -> None:
        self.interactive = interactive
        self._session = None
        if interactive:
            from prompt_toolkit import PromptSession
            from prompt_toolkit.completion import WordCompleter
            from prompt_toolkit.history import FileHistory, InMemoryHistory

            words = sorted({cmd.name for cmd in COMMANDS.values()})
            self._session = PromptSession(
                history=FileHistory(str(history)) if history else InMemoryHistory(),
                completer=WordCompleter(words, sentence=True),
            )

    async def read(self, prompt: str) -> str | None:
        """One line without its newline; None at end of input."""
        if self._session is not None:
            try:
                # The prompt may carry colours (a guided form's field names): render them.
                return await self._session.prompt_async(formatted(prompt))
            except EOFError:
                return None
            except KeyboardInterrupt:
                return ""
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return None
        return line.rstrip("\r\n")


class ConsoleApp:
    """One console session over the services."""

    def __init__(self, services: Services, reader: LineReader, style: Style) -> None:
        self.services = services
        self.reader = reader
        # A command typed at a guided prompt, to run once the dialog has ended.
        self._pending: str | None = None
        self.ctx = Context(
            services=services,
            actor=console_actor(),
            lang=services.settings.language,
            style=style,
            write=self._write,
            read=self._ask,
        )
        # Vote results and reminders print in this session as they happen.
        if isinstance(services.decisions.notifier, ConsoleNotifier):
            services.decisions.notifier.bind(self.ctx)

    def _write(self, text: str) -> None:
        if self.reader.interactive:
            # Through prompt_toolkit, above the prompt and with its colours: a plain print()
            # under patch_stdout shows the escape codes as « ?[1;36m ».
            from prompt_toolkit import print_formatted_text

            print_formatted_text(formatted(text), flush=True)
        else:
            print(text, flush=True)

    async def _ask(self, prompt: str) -> str | None:
        if not self.reader.interactive:
            self._write(prompt)
        answer = await self.reader.read(prompt + " " if self.reader.interactive else "")
        if answer is not None and answer.strip().startswith("/") and resolve(answer)[0]:
            # A command typed at a guided prompt is a command, not the field's value: the
            # dialog ends as if cancelled (nothing saved) and the command runs right after.
            self._pending = answer.strip()
            return None
        return answer

    def _prompt(self) -> str:
        return f"{self.ctx.actor.display_name}> "

    async def handle(self, line: str) -> None:
        """Run one line; every domain error becomes a message, nothing else escapes."""
        await self._handle(line)
        while self._pending is not None:
            line, self._pending = self._pending, None
            await self._handle(line)

    async def _handle(self, line: str) -> None:
        ctx = self.ctx
        # Valid text at the boundary: undecodable input (surrogates) is refused, control and
        # invisible characters go, before anything parses or echoes the line.
        if has_invalid_unicode(line):
            ctx.write(ctx.style.error(t("console.invalid_unicode", ctx.lang)))
            return
        line = strip_invisible(line).strip()
        if not line or line.startswith("#"):
            return
        if len(line) > MAX_LINE:
            ctx.write(ctx.style.error(t("console.line_too_long", ctx.lang, limit=MAX_LINE)))
            return
        if not line.startswith(("/", "!")):
            # Plain words are a need for the advisor: the friendliest guess for a newcomer.
            line = "/outil " + line
        cmd, rest = resolve("/" + line[1:])
        if cmd is None:
            ctx.write(ctx.style.error(t("chat.unknown_command", ctx.lang, name=line.split()[0])))
            return
        # Errors become one error reply in ctx.lang, as on every platform.
        await run(ctx, cmd.handler, cmd.name, rest)  # type: ignore[arg-type]

    async def run(self) -> int:
        """Read and run lines until /quitter or end of input."""
        if self.reader.interactive:
            self._write(self.ctx.style.title(t("console.welcome", self.ctx.lang)))
        while self.ctx.running:
            line = await self.reader.read(self._prompt())
            if line is None:
                break
            await self.handle(line)
        return 0


async def run_console(settings: Settings) -> int:
    """Open the services and run a console on the terminal (or piped input)."""
    services = await open_services(settings, notifier=ConsoleNotifier())
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    history = settings.data_dir / "console_history" if interactive else None
    app = ConsoleApp(services, LineReader(history, interactive), Style.for_stream(sys.stdout))
    try:
        await services.practices.ensure_demo(console_actor())  # demo practices, seeded once
        await services.start()  # overdue votes close now; the scheduler then runs alongside
        if interactive:
            from prompt_toolkit.patch_stdout import patch_stdout

            with patch_stdout():
                return await app.run()
        return await app.run()
    finally:
        await services.close()
