"""The console's ChatContext: the services, who is acting, and the terminal."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.chat.commands import CommandSpec
from bot.chat.context import ChatContext
from bot.chat.forms import FormField
from bot.chat.reply import Attachment, Reply, Text
from bot.console.render.reply import as_text
from bot.console.style import Style
from bot.core.actor import Actor
from bot.core.app import Services
from bot.core.i18n import register, t

register(
    {
        "console.data.failed": "Impossible d’écrire le fichier {path} : {error}",
    }
)

# Where each kind of file is written under the data folder, and whether only its owner reads it.
_FOLDERS = {"export": ("exports", False), "personal_data": ("donnees-personnelles", True)}


@dataclass
class Context(ChatContext):
    """The console session's state, passed to every handler."""

    services: Services
    actor: Actor
    lang: str
    style: Style
    write: Callable[[str], None]
    # Reads one more line (guided prompts); None at end of input.
    read: Callable[[str], Awaitable[str | None]]
    # Identities taken with /en-tant-que, by folded name.
    identities: dict[str, Actor] = field(default_factory=dict)
    running: bool = True
    can_ask: bool = True
    platform: str = "console"

    def print_reply(self, reply: Reply) -> None:
        """Write a neutral reply as terminal text (also from the notifier, outside a command)."""
        self.write(as_text(reply, self.style))

    async def show(self, reply: Reply) -> None:
        """Write the reply; its files go to disk and the text names where."""
        for attachment in reply.attachments:
            placed = self._save(attachment)
            if placed is None:
                continue
            if isinstance(placed, OSError):
                path = self._path(attachment)
                text = t("console.data.failed", self.lang, path=path, error=placed)
                self.write(self.style.error(text))
                return
            reply = _named(reply, attachment.filename, str(placed))
        self.print_reply(reply)

    async def ask(self, prompt: str) -> str | None:
        """One more line from the terminal; None at end of input or when a command was typed."""
        return await self.read(prompt)

    def field_prompt(self, field: FormField, note: str | None = None) -> str:
        """« **Titre** (obligatoire; ex. : …) »: the label in bold, required or not, the hint."""
        from bot.console.dialog import field_prompt

        text = field_prompt(field, self.lang, self.style)
        return text + (f"\n  {self.style.dim(note)}" if note else "")

    def command_specs(self) -> tuple[CommandSpec, ...]:
        """The console's commands, console-only ones included, in registration order."""
        from bot.console.registry import COMMANDS

        return tuple(cmd.spec for cmd in COMMANDS.values())

    def _path(self, attachment: Attachment) -> Path:
        folder, _ = _FOLDERS[attachment.kind]
        return Path(self.services.settings.data_dir) / folder / attachment.filename

    def _save(self, attachment: Attachment) -> Path | OSError | None:
        """Write a file where the console keeps it; None for files already shown as text."""
        if attachment.kind not in _FOLDERS:
            return None
        _, private = _FOLDERS[attachment.kind]
        path = self._path(attachment)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if private:
                # Personal information: readable by the owner of the file only.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(attachment.data)
            else:
                path.write_bytes(attachment.data)
        except OSError as exc:
            return exc
        return path


def _named(reply: Reply, filename: str, path: str) -> Reply:
    """The reply with the file's name replaced by where it was written."""
    from dataclasses import replace

    blocks = tuple(
        replace(b, text=b.text.replace(filename, path)) if isinstance(b, Text) else b
        for b in reply.blocks
    )
    return replace(reply, blocks=blocks)
