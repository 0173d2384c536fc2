"""Renderers return neutral replies that every platform can show: the console and Discord here."""

from __future__ import annotations

from bot.chat.render import advisor, practices
from bot.chat.reply import Fields, Heading, Reply, Text
from bot.cogs.render import EMBED_TOTAL_MAX, message_kwargs
from bot.console.actor import console_actor
from bot.console.render.reply import as_text
from bot.console.style import Style
from bot.core.app import Services


def _texts(reply: Reply) -> str:
    return as_text(reply, Style(color=False))


def _fits_discord(reply: Reply) -> None:
    kwargs = message_kwargs(reply)
    embed = kwargs["embed"]
    assert len(embed) <= EMBED_TOTAL_MAX
    if reply.actions:
        assert [b.custom_id for b in kwargs["view"].children] == [a.id for a in reply.actions]


async def test_an_advice_is_a_reply_with_tools_as_fields_and_all_tools_as_an_action(
    services: Services,
):
    answer = await services.advisor.advise(console_actor(), "envoyer une infolettre")
    reply = advisor.advice(answer, "fr")
    assert reply.title == "Besoin : « envoyer une infolettre »"
    assert Heading("1. Infolettre") in reply.blocks
    tools = [b for b in reply.blocks if isinstance(b, Fields) and not b.fields[0].inline]
    assert tools[0].fields[0].name == "listmonk"
    assert "https://listmonk.app" in tools[0].fields[0].value
    action = next(a for a in reply.actions if a.id == "advisor:family:infolettre")
    assert action.command == "/referentiel famille infolettre"
    # No terminal styling in the neutral reply; the console adds it and shows the hint.
    assert "\x1b" not in repr(reply)
    text = _texts(reply)
    assert "  • listmonk — libre" in text
    assert "Tous les outils de « Infolettre » : /referentiel famille infolettre" in text
    _fits_discord(reply)
    assert advisor.advice(answer, "en").title == "Need: “envoyer une infolettre”"


async def test_a_practice_offers_what_its_reader_may_do(services: Services):
    owner = console_actor()
    await services.practices.post(
        owner, {"title": "Vote @everyone [2J", "actions": "On a **voté** en ligne."}
    )
    reply = practices.practice(await services.practices.view(owner, 1), "fr")
    assert [a.id for a in reply.actions] == [
        "practice:1:useful",
        "practice:1:edit",
        "practice:1:withdraw",
    ]
    assert reply.actions[0].command == "/pratique utile 1"
    # Member text stays as stored in the reply; each platform makes it inert, once.
    assert reply.title == "#1 Vote @everyone [2J"
    text = _texts(reply)
    assert "@everyone" not in text and "@\u200beveryone" in text
    assert "Marquer utile : /pratique utile 1" in text
    _fits_discord(reply)

    other = console_actor("Sophie", frozenset({"Membre"}))
    seen = practices.practice(await services.practices.view(other, 1), "en")
    assert [a.label for a in seen.actions] == ["Mark useful"]  # not the author: no edit


async def test_lists_and_searches_are_pages_of_fields(services: Services):
    owner = console_actor()
    for n in range(12):
        await services.practices.post(owner, {"title": f"Inscription {n}", "actions": "En ligne."})
    page = practices.listing(await services.practices.most_useful(owner, 1), "fr")
    assert page.title.startswith("Pratiques les plus utiles — page 1 sur")
    assert page.actions[0].id == "practices:useful:2"
    assert page.actions[0].command == "/pratiques populaires page=2"
    _fits_discord(page)
    from bot.core.practices.syntax import parse_search

    found = practices.search(
        await services.practices.search(owner, parse_search("inscription")), "fr"
    )
    hits = next(b for b in found.blocks if isinstance(b, Fields))
    assert hits.fields[0].name.startswith("#") and "«Inscription»" in hits.fields[0].name
    assert any(isinstance(b, Text) and b.tone == "dim" for b in found.blocks)
    _fits_discord(found)
