"""Helpers shared by the tests: the real `coopilote` process, and a scripted console."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.console.app import ConsoleApp
from bot.console.style import Style
from bot.core.app import Services


def run_coopilote(
    *args: str, data_dir: Path | None = None, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` as a user would, isolated from the machine's COOPILOTE_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPILOTE_")}
    env["NO_COLOR"] = "1"
    if data_dir is not None:
        env["COOPILOTE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


class ScriptedReader:
    """Answers the console's prompts from a list of lines (None: end of input)."""

    interactive = False

    def __init__(self) -> None:
        self.lines: list[str | None] = []
        self.prompts: list[str] = []

    async def read(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.lines.pop(0) if self.lines else None


class Console:
    """A console session on test services whose output (and transcript) is kept."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.reader = ScriptedReader()
        self.app = ConsoleApp(services, self.reader, Style(color=False))  # type: ignore[arg-type]
        self.out: list[str] = []
        self.app.ctx.write = self.out.append
        self.transcript: list[str] = []

    async def run(self, line: str, *answers: str | None) -> str:
        """Type `line`, answer the prompts it asks with `answers`, and return the output."""
        self.out.clear()
        self.reader.lines = list(answers)
        await self.app.handle(line)
        text = "\n".join(self.out)
        self.transcript.append(text)
        return text

    async def tick(self) -> str:
        """Let the scheduler run what is due (the test moved the clock) and return the output."""
        self.out.clear()
        assert self.services.scheduler is not None
        await self.services.scheduler.run_due()
        return "\n".join(self.out)
