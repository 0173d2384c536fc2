"""The console as a person sees it: the real process in a pseudo-terminal, read off a VT screen.

The other console tests pipe their input, so they never see what prompt_toolkit does to colours
in a real terminal. Here `coopilote console` runs in a pty (pexpect) and its output goes through
pyte, a VT100 emulator: the assertions read the screen's characters and their attributes.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pyte
import pytest

from bot.console.style import Style, safe_ansi

ROWS, COLS = 120, 120
RAW_CODES = ("?[", "\x1b", "[0m", "[1m", "[1;36m", "[2m")


def colour_env(tmp_path: Path) -> dict[str, str]:
    """The machine's environment without COOPILOTE_* nor NO_COLOR, data in `tmp_path`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPILOTE_")}
    env.pop("NO_COLOR", None)
    env["COOPILOTE_DATA_DIR"] = str(tmp_path / "data")
    return env


class _Screen(pyte.Screen):
    """A screen that answers the terminal's queries (prompt_toolkit asks where the cursor is)."""

    def __init__(self, child: pexpect.spawn) -> None:
        super().__init__(COLS, ROWS)
        self.child = child

    def write_process_input(self, data: str) -> None:
        self.child.send(data)


class Terminal:
    """`coopilote console` in a pseudo-terminal, its screen kept by a terminal emulator."""

    def __init__(self, tmp_path: Path) -> None:
        env = {**colour_env(tmp_path), "TERM": "xterm-256color"}
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "bot", "console"],
            env=env,
            cwd=str(tmp_path),
            dimensions=(ROWS, COLS),
            encoding="utf-8",
        )
        self.screen = _Screen(self.child)
        self.stream = pyte.Stream(self.screen)

    def text(self) -> str:
        """The screen as a person reads it."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 20.0) -> str:
        """Feed the screen until `predicate(screen text)` holds."""
        end = time.monotonic() + timeout
        while not predicate(self.text()):
            assert time.monotonic() < end, f"screen never matched:\n{self.text()}"
            with contextlib.suppress(pexpect.TIMEOUT):
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.05))
        return self.text()

    def type(self, line: str) -> None:
        self.child.send(line + "\r")

    def cells(self, needle: str) -> list[pyte.screens.Char]:
        """The screen cells of the first occurrence of `needle`."""
        for y, line in enumerate(self.screen.display):
            x = line.find(needle)
            if x >= 0:
                return [self.screen.buffer[y][x + i] for i in range(len(needle))]
        raise AssertionError(f"{needle!r} not on screen:\n{self.text()}")

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    try:
        yield term
    finally:
        term.close()


def _no_raw_codes(screen: str) -> None:
    shown = [code for code in RAW_CODES if code in screen]
    assert not shown, f"escape codes shown as text {shown}:\n{screen}"


def test_a_session_in_a_terminal_shows_colours_not_escape_codes(terminal: Terminal):
    screen = terminal.wait_for(lambda s: "root>" in s)
    assert screen.splitlines()[0].startswith("Bienvenue dans Coopilote!")
    welcome = terminal.cells("Bienvenue dans Coopilote!")
    assert all(c.fg == "cyan" and c.bold for c in welcome), welcome[:3]
    _no_raw_codes(screen)

    terminal.type("/outil envoyer une infolettre")
    screen = terminal.wait_for(lambda s: "Tous les outils" in s and s.count("root>") == 2)
    assert "1. Infolettre" in screen
    assert all(c.bold for c in terminal.cells("listmonk")), "a tool's name is bold"
    assert not terminal.cells("Envoyer régulièrement")[0].bold, "descriptions are plain"
    _no_raw_codes(screen)

    # A guided form: its field names are bold in the prompt itself, then it is cancelled.
    terminal.type("/pratique partager")
    screen = terminal.wait_for(lambda s: "Titre (obligatoire" in s)
    assert all(c.bold for c in terminal.cells("Titre")), "the field's name is bold"
    _no_raw_codes(screen)
    terminal.type("annuler")
    screen = terminal.wait_for(lambda s: "Abandonné : rien n’a été enregistré." in s)
    _no_raw_codes(screen)

    terminal.type("/quitter")
    terminal.child.expect(pexpect.EOF, timeout=20)
    terminal.child.close()
    assert terminal.child.exitstatus == 0


def test_piped_output_stays_plain(tmp_path: Path):
    out = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="/outil envoyer une infolettre\n",
        capture_output=True,
        text=True,
        env=colour_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "listmonk" in out.stdout
    assert "\x1b" not in out.stdout


def test_only_our_colour_codes_reach_the_terminal():
    style = Style(color=True)
    typed = "/x\x1b[2J\x01\x1b]0;pwned\x07\x02"  # clear screen, a raw pass-through, a title
    shown = safe_ansi(style.error(f"Commande inconnue : {typed}"))
    assert shown == "\x1b[31mCommande inconnue : /x[2J]0;pwned\x1b[0m"
