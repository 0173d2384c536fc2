"""A chat turn for the shared handlers' tests: replies kept, and read back as the user sees them."""

from __future__ import annotations

from bot.chat.context import ChatContext
from bot.chat.reply import Fields, Heading, Items, Reply, Text
from bot.core.actor import Actor
from bot.core.app import Services


class KeptChat(ChatContext):
    """A platform's turn whose replies are kept; subclasses say the platform and how it asks."""

    def __init__(self, services: Services, who: Actor, lang: str = "fr") -> None:
        self.services = services
        self.actor = who
        self.lang = lang
        self.replies: list[Reply] = []

    async def show(self, reply: Reply) -> None:
        self.replies.append(reply)

    def text(self) -> str:
        """Every reply's headings, texts, items and fields, one per line."""
        out: list[str] = []
        for reply in self.replies:
            for block in reply.blocks:
                if isinstance(block, Heading | Text):
                    out.append(block.text)
                elif isinstance(block, Items):
                    out.extend(block.items)
                elif isinstance(block, Fields):
                    out.extend(f"{f.name} : {f.value}" for f in block.fields)
        return "\n".join(out)
