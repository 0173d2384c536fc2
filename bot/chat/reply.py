"""A neutral reply: what a command answers, before any platform renders it.

Blocks carry plain text (never markup: each platform escapes user text once, its own way);
actions are what the user can do next, each with a stable id (buttons on Discord) and the
command that does the same by hand (a hint in the console, `!…` on Matrix).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tone = Literal["plain", "dim", "good", "warn", "error"]
ActionStyle = Literal["primary", "secondary", "success", "danger"]


@dataclass(frozen=True, slots=True)
class Heading:
    """A title; the first one titles the whole reply."""

    text: str


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph, with a tone the platform may show (colour, emphasis)."""

    text: str
    tone: Tone = "plain"


@dataclass(frozen=True, slots=True)
class Field:
    """A named value (« Échéance : 3 déc. 2026, 17 h »)."""

    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True, slots=True)
class Fields:
    """Named values shown together."""

    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Items:
    """A list, numbered or not."""

    items: tuple[str, ...]
    ordered: bool = False


Block = Heading | Text | Fields | Items


@dataclass(frozen=True, slots=True)
class Action:
    """Something the user can do next: a button, or a command to type."""

    id: str  # stable across restarts (a Discord custom id): « vote:3:pour »
    label: str  # « Pour »
    command: str  # the same by hand: « /vote pour 3 »
    style: ActionStyle = "secondary"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with the reply (an export, a minutes extract)."""

    filename: str
    data: bytes
    mime: str = "text/plain"
    # What it is (« export », « personal_data », « extract »): the console picks its folder and
    # permissions from it; other platforms just upload the file.
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Reply:
    """Blocks to show, actions to offer; ephemeral replies are seen by the asker only."""

    blocks: tuple[Block, ...] = ()
    actions: tuple[Action, ...] = ()
    ephemeral: bool = False
    attachments: tuple[Attachment, ...] = field(default=())

    @property
    def title(self) -> str | None:
        """The first heading's text, if any."""
        return next((b.text for b in self.blocks if isinstance(b, Heading)), None)


def reply(
    *blocks: Block | str,
    actions: tuple[Action, ...] = (),
    ephemeral: bool = False,
    attachments: tuple[Attachment, ...] = (),
) -> Reply:
    """A reply from blocks, plain strings being Text blocks."""
    return Reply(
        blocks=tuple(Text(b) if isinstance(b, str) else b for b in blocks),
        actions=actions,
        ephemeral=ephemeral,
        attachments=attachments,
    )
