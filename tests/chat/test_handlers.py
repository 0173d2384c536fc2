"""The shared handlers: one per declared command, errors in the reader's language, no waits."""

from __future__ import annotations

import asyncio

import pytest

from bot.chat import commands as chat
from bot.chat.context import ChatContext
from bot.chat.handlers import dispatch, handler
from bot.chat.reply import Text
from bot.core.actor import Actor
from bot.core.app import Services
from bot.core.errors import InvalidInput
from tests.chat.helpers import KeptChat
from tests.conftest import actor
from tests.helpers import Console


class FakeChat(KeptChat):
    """A platform that cannot ask follow-ups (like Discord slash commands): replies are kept."""

    can_ask = False
    platform = "discord"

    def __init__(self, services: Services, who: Actor, lang: str = "fr") -> None:
        super().__init__(services, who, lang)
        self.asked: list[str] = []

    async def ask(self, prompt: str) -> str | None:
        # Never reached when can_ask is False; if it were, the test would see it.
        self.asked.append(prompt)
        return None


@pytest.mark.parametrize("platform", ["console", "discord", "matrix"])
def test_every_command_declared_for_a_platform_has_a_shared_handler(platform: str):
    specs = chat.for_platform(platform)  # type: ignore[arg-type]
    assert specs
    missing = [spec.name for spec in specs if handler(spec.path) is None]
    assert not missing


def test_every_command_that_calls_a_service_has_a_handler():
    assert all(handler(spec.path) is not None for spec in chat.COMMANDS if spec.calls)


def test_args_line_puts_typed_options_in_declared_order_and_skips_empty_ones():
    spec = chat.spec("/vote pour")
    assert [o.name for o in spec.options][:1] == ["numero"]
    assert chat.args_line(spec, {"numero": 3}) == "3"
    propose = chat.spec("/vote proposer")
    names = [o.name for o in propose.options]
    values = {name: f"v{i}" for i, name in enumerate(names)}
    assert chat.args_line(propose, dict(reversed(values.items()))) == " ".join(values.values())
    assert chat.args_line(propose, {names[0]: "  ", "inconnue": "x"}) == ""
    assert chat.args_line(chat.spec("/votes"), {}) == ""


async def _raise(ctx: ChatContext, args: str) -> None:
    raise InvalidInput("decision.bad_number", value="abc")


@pytest.mark.parametrize(
    ("lang", "expected"), [("fr", "abc"), ("en", "abc")], ids=["french", "english"]
)
async def test_dispatch_turns_an_invalid_input_into_one_error_reply_in_the_readers_language(
    services: Services, lang: str, expected: str
):
    ctx = FakeChat(services, actor("Ana", "CA"), lang)
    await dispatch(ctx, chat.spec("/vote appuyer"), "abc")
    assert len(ctx.replies) == 1
    (reply,) = ctx.replies
    assert reply.ephemeral
    (block,) = reply.blocks
    assert isinstance(block, Text) and block.tone == "error"
    assert expected in block.text
    assert block.text == InvalidInput("decision.bad_number", value="abc").message(lang)
    other = "en" if lang == "fr" else "fr"
    assert block.text != InvalidInput("decision.bad_number", value="abc").message(other)


async def test_dispatch_answers_an_unexpected_failure_generically(services: Services):
    ctx = FakeChat(services, actor("Ana", "CA"), "en")
    from bot.chat import handlers

    spec = chat.spec("/votes")
    saved = handlers._HANDLERS[spec.path]
    handlers._HANDLERS[spec.path] = _boom
    try:
        await dispatch(ctx, spec, "")
    finally:
        handlers._HANDLERS[spec.path] = saved
    (reply,) = ctx.replies
    assert reply.ephemeral and "boom" not in ctx.text()


async def _boom(ctx: ChatContext, args: str) -> None:
    raise RuntimeError("boom")


async def test_a_handler_that_cannot_ask_shows_the_open_votes_instead_of_waiting(
    services: Services,
):
    console = Console(services)
    await console.run("/demo")
    await console.run("/vote proposer Que le conseil adopte le budget.")
    await console.run("/vote proposer Que le conseil adopte le plan d’action.")
    sophie = console.app.ctx.identities["sophie"]
    ctx = FakeChat(services, sophie)
    await asyncio.wait_for(dispatch(ctx, chat.spec("/vote appuyer"), ""), timeout=10)
    assert not ctx.asked
    text = ctx.text()
    assert "budget" in text and "plan d’action" in text
    assert "Précisez le numéro" in text
    # Nothing was done: the same command with a number then seconds the vote.
    await dispatch(ctx, chat.spec("/vote appuyer"), "1")
    assert not ctx.asked


async def test_a_follow_up_that_cannot_be_asked_is_shown_as_what_is_missing(services: Services):
    console = Console(services)
    await console.run("/demo")
    ctx = FakeChat(services, console.app.ctx.actor)
    await asyncio.wait_for(dispatch(ctx, chat.spec("/moi effacer"), ""), timeout=10)
    assert not ctx.asked
    assert "EFFACER" in ctx.text()
    await asyncio.wait_for(dispatch(ctx, chat.spec("/vote proposer"), ""), timeout=10)
    # Without a form to fill (this fake has none), nothing is proposed and it says so.
    assert "Annulé" in ctx.text() and not ctx.asked
    assert not await services.decisions.list_open(console.app.ctx.actor)


async def test_the_export_is_an_attachment(services: Services):
    console = Console(services)
    await console.run("/demo")
    await console.run("/vote proposer Que le conseil adopte le budget.")
    ctx = FakeChat(services, console.app.ctx.actor)
    await dispatch(ctx, chat.spec("/registre exporter"), "")
    assert "Aucune décision" in ctx.text() and not any(r.attachments for r in ctx.replies)
