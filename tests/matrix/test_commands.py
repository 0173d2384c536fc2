"""`!commands` on Matrix: every declared command reachable, rendering, help, languages."""

from __future__ import annotations

from nio import RoomMessageNotice, RoomSendResponse

from bot.chat.commands import for_platform
from bot.chat.handlers import handler
from bot.chat.reply import Action, Heading, Reply, Text
from bot.core.i18n import t
from bot.matrix.commands import MatrixCommands, specs
from bot.matrix.render import render
from tests.matrix.conftest import joined, must, room_with
from tests.matrix.decisions_helpers import Watch, actor_of, say
from tests.matrix.dialog import Dialog


class _Bot:  # only what the parser reads: no client, no services
    user_id = "@coopilote:localhost"


def test_every_command_declared_for_matrix_is_reachable_with_its_handler():
    parser = MatrixCommands(_Bot())  # type: ignore[arg-type]
    for spec in specs():
        found = parser.parse("!" + " ".join(spec.path) + " 3")
        assert found is not None and found[0] == spec, spec.name
        assert found[1] == "3"
        assert handler(spec.path) is not None, spec.name
        for alias in spec.aliases:
            typed = "!" + " ".join((alias.lstrip("/"), *spec.path[1:]))
            by_alias = parser.parse(typed)
            assert by_alias is not None and by_alias[0] == spec and by_alias[2], typed
    assert {s.path for s in for_platform("matrix")} <= {s.path for s in specs()}
    # Upper case and accents are folded, as users type them.
    assert parser.parse("!Référentiel famille vote")[0].path == ("referentiel", "famille")
    # Not a command: plain text, a lone prefix, another bot's command.
    assert parser.parse("vote pour 3") is None and parser.parse("!") is None
    assert parser.parse("!weather Montréal") is None


def test_a_reply_renders_once_escaped_with_matrix_command_hints():
    reply = Reply(
        (
            Heading("Vote n° 3 <b>"),
            Text("Vous n’avez pas encore voté : /vote voir 3 (https://ex.org/vote ok)", "dim"),
        ),
        actions=(Action("vote:3:pour", "Pour", "/vote pour 3"),),
    )
    plain, rich = render(reply)
    assert "!vote voir 3" in plain and "/vote voir" not in plain
    assert "https://ex.org/vote" in plain  # a URL is not a command
    assert "Pour : !vote pour 3" in plain
    assert (
        "&lt;b&gt;" in rich
        and "&amp;lt;" not in rich
        and "<b>" not in plain.replace("Vote n° 3 <b>", "")
    )
    assert "!vote voir 3" in rich
    # The reminder sent by direct chat names the Matrix command.
    text = t("chat.reminder", "fr", member="Ana", number=3, title="Budget", left="1 h", when="17 h")
    reminded, _ = render(Reply((Text(text),)))
    assert reminded.endswith("!vote voir 3") and "/vote" not in reminded


async def test_aide_lists_the_commands_in_a_thread_and_help_answers_in_english(
    member_factory, bot_factory
):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, name="Coop du Nord")
    await joined(ana, room_id, bot.user_id)
    watch = Watch(ana)
    command = await say(ana, room_id, "!aide")
    english = await say(ana, room_id, "!help")
    seen = await watch.until(room_id, lambda evs: bool(_in_thread(evs, english)))
    (notice,) = _in_thread(seen, command)
    content = notice.source["content"]
    assert content["msgtype"] == "m.notice" and notice.sender == bot.user_id
    assert content["m.relates_to"]["rel_type"] == "m.thread"
    assert content["m.relates_to"]["m.in_reply_to"] == {"event_id": command}
    assert content["format"] == "org.matrix.custom.html"
    assert "<h4>" in content["formatted_body"]
    for shown in ("!vote proposer", "!pratique chercher", "!outil", "!coopilote", "!sondage"):
        assert shown in notice.body, shown
    assert "/vote" not in notice.body and "bientôt" not in notice.body
    (answer,) = _in_thread(seen, english)
    assert "Propose a motion" in answer.body
    # An English alias answers in English; chatter gets nothing.
    chatter = await say(ana, room_id, "bonjour tout le monde")
    alias = await say(ana, room_id, "!tool vote online for the board")
    seen = await watch.until(room_id, lambda evs: bool(_in_thread(evs, alias)), within=40)
    assert "Need" in _in_thread(seen, alias)[0].body or "need" in _in_thread(seen, alias)[0].body
    assert not _in_thread(seen, chatter)


async def test_a_command_inside_a_thread_is_answered_in_that_thread(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id)
    await joined(ana, room_id, bot.user_id)
    root = await say(ana, room_id, "Une question sur le bot")
    reply = await ana.client.room_send(
        room_id,
        "m.room.message",
        {
            "msgtype": "m.text",
            "body": "!referentiel",
            "m.relates_to": {"rel_type": "m.thread", "event_id": root},
        },
    )
    command = must(reply, RoomSendResponse).event_id
    seen = await Watch(ana).until(room_id, lambda evs: bool(_in_thread(evs, root)))
    (notice,) = _in_thread(seen, root)
    assert notice.source["content"]["m.relates_to"]["m.in_reply_to"] == {"event_id": command}


async def test_without_threads_a_reply_answers_the_command(member_factory, bot_factory):
    ana = await member_factory("ana")
    bot = await bot_factory(matrix_threads=False)
    room_id = await room_with(ana, bot.user_id)
    await joined(ana, room_id, bot.user_id)
    command = await say(ana, room_id, "!aide vote")
    seen = await Watch(ana).until(room_id, lambda evs: bool(_replies_to(evs, command)))
    (notice,) = _replies_to(seen, command)
    assert "rel_type" not in notice.source["content"]["m.relates_to"]
    assert "!vote pour" in notice.body


def _in_thread(events, root: str) -> list[RoomMessageNotice]:
    return [
        e
        for e in events
        if isinstance(e, RoomMessageNotice)
        and (e.source["content"].get("m.relates_to") or {}).get("event_id") == root
    ]


def _replies_to(events, event_id: str) -> list[RoomMessageNotice]:
    return [
        e
        for e in events
        if isinstance(e, RoomMessageNotice)
        and ((e.source["content"].get("m.relates_to") or {}).get("m.in_reply_to") or {}).get(
            "event_id"
        )
        == event_id
    ]


async def test_coopilote_configures_for_room_admins_only(services, member_factory, bot_factory):
    ana, bruno = await member_factory("ana"), await member_factory("bruno")
    bot = await bot_factory()
    room_id = await room_with(ana, bot.user_id, bruno.user_id)  # v12: Ana, the creator, is admin
    await bruno.client.join(room_id)
    await joined(ana, room_id, bot.user_id)
    refused = Dialog(bruno, room_id)
    await refused.send("!coopilote fuseau=America/Toronto")
    denied = await refused.until("")
    assert "Configuration" not in denied.body and "America/Toronto" not in denied.body
    admin = Dialog(ana, room_id, refused.watch)
    await admin.send("!coopilote langue=en fuseau=America/Toronto appui=non")
    shown = await admin.until("Configuration de Coopilote")  # the shared /coopilote handler
    assert "America/Toronto" in shown.body and "!vote" not in shown.body.split("\n")[0]
    view = await services.communities.settings((await actor_of(bot, room_id, ana)).community)
    assert (view.language, view.timezone) == ("en", "America/Toronto")
