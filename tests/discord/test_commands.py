"""Slash commands as Discord users see them: the synced tree, answers, modals, threads."""

from __future__ import annotations

from typing import Any

from bot.chat.commands import for_platform
from bot.core.app import Services
from tests.discord.fake_discord import FakeDiscord, running
from tests.discord.test_commands_helpers import coop, embed_text, new_bot, synced, synced_bot


def _by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in items}


async def test_every_command_declared_for_discord_is_in_the_synced_tree(
    fake_discord: FakeDiscord, services: Services
):
    coop(fake_discord)
    bot = await new_bot(services)
    async with running(bot, fake_discord):
        tree = _by_name(await synced(fake_discord))
    for spec in for_platform("discord"):
        top = tree[spec.path[0]]
        if len(spec.path) == 1 and not any(o.get("type") == 1 for o in top.get("options", [])):
            command = top
        else:
            name = spec.path[1] if len(spec.path) == 2 else spec.root_as
            command = _by_name(top["options"])[name]
            assert command["type"] == 1  # a subcommand
        # French first, English for en-US and en-GB, from the declared help texts.
        assert command["description"] == spec.help_fr[:100] or spec.help_fr.startswith(
            command["description"].rstrip("…")
        )
        assert set(command["description_localizations"]) == {"en-US", "en-GB"}
        assert command["description_localizations"]["en-US"].rstrip("…") in spec.help_en
        options = _by_name(command.get("options", []))
        assert set(options) == {o.name for o in spec.options}, spec.name
        for option in spec.options:
            synced_option = options[option.name]
            assert synced_option["type"] == (4 if option.kind == "integer" else 3)
            assert synced_option.get("required", False) == option.required
            if option.name_en != option.name:
                assert synced_option["name_localizations"]["en-US"] == option.name_en
            if option.choices:
                assert [c["value"] for c in synced_option["choices"]] == [
                    c.value for c in option.choices
                ]
                assert [c["name_localizations"]["en-GB"] for c in synced_option["choices"]] == [
                    c.en for c in option.choices
                ]
    # Groups and their English names; commands the console alone has are absent.
    assert tree["vote"]["name_localizations"]["en-US"] == "motion"
    assert tree["outil"]["name_localizations"]["en-GB"] == "tool"
    assert {o["name"] for o in tree["vote"]["options"]} >= {
        "proposer",
        "appuyer",
        "voir",
        "fermer",
        "retirer",
        "regles",
        "liste",
    }
    assert {o["name"] for o in tree["registre"]["options"]} >= {"chercher", "extrait", "exporter"}
    assert "langue" not in tree and "coopilote" in tree
    coopilote = _by_name(tree["coopilote"]["options"])
    assert coopilote["role-ca"]["type"] == 8 and coopilote["salon-annonces"]["type"] == 7
    assert coopilote["appui"]["type"] == 5
    # Numbers, families, practices and register numbers are suggested while typing.
    numero = _by_name(_by_name(tree["vote"]["options"])["appuyer"]["options"])["numero"]
    assert numero["autocomplete"] is True
    assert len(tree) <= 100


async def test_an_advisor_answer_through_outil(fake_discord: FakeDiscord, services: Services):
    guild = coop(fake_discord)
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(
            guild, guild.member("chloe"), "outil", besoin="envoyer une infolettre à nos membres"
        )
        first = await fake_discord.response(asked)
        assert first["type"] == 5  # acknowledged at once (« Coopilote réfléchit… »)
        # The advisor loads its models on first use: a few seconds, once per process.
        [answer] = await fake_discord.wait_for(lambda: fake_discord.followups(asked), within=30)
    shown = embed_text(answer)
    assert "Infolettre" in shown or "infolettre" in shown.casefold()
    assert answer["allowed_mentions"] == {"parse": []}


async def test_a_motion_written_in_a_modal_previewed_then_posted_with_a_thread(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    alice = guild.member("alice")
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(guild, alice, "vote", "proposer")
        modal = await fake_discord.response(asked)
        modal_id, inputs = fake_discord.modal_inputs(modal)
        # One modal: text (required, 4000 characters at most), short title, rules.
        assert len(inputs) == 3 and modal["data"]["title"] == "Proposer une résolution"
        text_input = next(i for k, i in inputs.items() if k.endswith(":text"))
        assert text_input["required"] is True and text_input["max_length"] == 4000
        by_field = {key.rsplit(":", 1)[1]: key for key in inputs}
        submitted = await fake_discord.submit_modal(
            guild,
            alice,
            modal_id,
            {
                by_field["text"]: "Que le CA adopte le budget 2027. @everyone venez voir",
                by_field["title"]: "Budget 2027",
                by_field["rules"]: "délai=72h secret",
            },
        )
        preview = await fake_discord.response(submitted)
        # The proposer alone sees the preview, with the rules in plain words.
        assert preview["type"] == 4 and preview["data"]["flags"] & 64
        shown = embed_text(preview["data"])
        assert "Budget 2027" in shown and "Que le CA adopte le budget 2027." in shown
        assert "Règles de ce vote" in shown and "scrutin secret" in shown
        assert "72h" in shown and "appui requis : oui" in shown
        assert not [
            m
            for m in fake_discord.messages.values()
            if not m["flags"] & 64 and "Budget" in embed_text(m)
        ], "nothing is posted before « Publier »"
        message = fake_discord.original(submitted)
        clicked = await fake_discord.click(
            guild, alice, fake_discord.button(message, "Publier"), message_id=int(message["id"])
        )
        edited = await fake_discord.response(clicked)
        assert edited["type"] == 7 and edited["data"]["components"] == []  # buttons gone
        thread_call = await fake_discord.wait_for_call(
            "POST", r"/channels/\d+/messages/\d+/threads"
        )
    [posted] = [b for b in fake_discord.followups(clicked) if not (b.get("flags") or 0) & 64]
    assert "@everyone venez voir" in embed_text(posted)
    assert posted["allowed_mentions"] == {"parse": []}  # nobody is pinged
    assert thread_call.body["name"].startswith("Discussion : ")
    assert "Budget 2027" in thread_call.body["name"]
    thread_parent = thread_call.path.split("/")[2]
    assert thread_parent == str(guild.channel("general").id)
    [vote] = await services.decisions.list_open(_actor(guild, "alice"))
    assert vote.title == "Budget 2027" and vote.secret


def _actor(guild: Any, name: str) -> Any:
    from bot.core.actor import Actor, CommunityRef

    member = guild.member(name)
    roles = frozenset(guild.roles[r].name for r in member.roles)
    return Actor(
        CommunityRef("discord", str(guild.id), guild.name), str(member.user.id), name, roles
    )


async def _submit_page(
    fake: FakeDiscord, guild: Any, member: Any, body: dict[str, Any], values: dict[str, str]
) -> Any:
    modal_id, inputs = fake.modal_inputs(body)
    by_field = {key.rsplit(":", 1)[1]: key for key in inputs}
    assert set(values) <= set(by_field), (values, by_field)
    return await fake.submit_modal(
        guild, member, modal_id, {by_field[k]: values.get(k, "") for k in by_field}
    )


async def _press(fake: FakeDiscord, guild: Any, member: Any, after: Any, label: str) -> Any:
    """Click the button `label` on the bot's answer to `after`."""
    message = fake.original(after)
    return await fake.click(
        guild, member, fake.button(message, label), message_id=int(message["id"])
    )


async def test_a_practice_posted_through_three_modals_then_found_by_search(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    chloe = guild.member("chloe")
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(guild, chloe, "pratique", "partager")
        first = await fake_discord.response(asked)
        _modal_id, inputs = fake_discord.modal_inputs(first)
        assert first["data"]["title"] == "Partager une pratique (1/3)" and len(inputs) == 5
        actions = next(i for k, i in inputs.items() if k.endswith(":actions"))
        # The core takes 8000 characters, a Discord input 4000: the label says so.
        assert actions["label"] == "Ce qui a été fait (max 4000)" and actions["max_length"] == 4000
        page1 = await _submit_page(
            fake_discord,
            guild,
            chloe,
            first,
            {
                "title": "Popote roulante : inscriptions en ligne",
                "need": "Les bénévoles perdaient les inscriptions sur papier.",
                "actions": "Un formulaire Framaforms relié à un tableur partagé.",
            },
        )
        between = await fake_discord.response(page1)
        assert between["data"]["flags"] & 64 and "Partie 1 sur 3" in embed_text(between["data"])
        second = await fake_discord.response(
            await _press(fake_discord, guild, chloe, page1, "Continuer")
        )
        assert second["data"]["title"] == "Partager une pratique (2/3)"
        page2 = await _submit_page(
            fake_discord, guild, chloe, second, {"tools": "Framaforms, LibreOffice Calc"}
        )
        await fake_discord.response(page2)
        third = await fake_discord.response(
            await _press(fake_discord, guild, chloe, page2, "Continuer")
        )
        assert third["data"]["title"] == "Partager une pratique (3/3)"
        page3 = await _submit_page(fake_discord, guild, chloe, third, {"region": "Côte-Nord"})
        preview = await fake_discord.response(page3)
        assert "Popote roulante" in embed_text(preview["data"]) and preview["data"]["flags"] & 64
        posted_click = await _press(fake_discord, guild, chloe, page3, "Publier")
        thread = await fake_discord.wait_for_call("POST", r"/channels/\d+/messages/\d+/threads")
        [posted] = [
            b for b in fake_discord.followups(posted_click) if not (b.get("flags") or 0) & 64
        ]
        assert embed_text(posted) == "Merci! Votre pratique est publiée sous le n° 1."
        # Its thread is named after the title chloe wrote.
        assert thread.body["name"] == "Discussion : Popote roulante : inscriptions en ligne"

        found = await fake_discord.slash(
            guild, guild.member("bob"), "pratique", "chercher", mots="inscriptions popote"
        )
        await fake_discord.response(found)
        [results] = await fake_discord.wait_for(lambda: fake_discord.followups(found))
    assert "#1 «Popote» roulante" in embed_text(results)


async def test_a_handler_bug_is_a_private_message_and_one_log_with_the_interaction_id(
    fake_discord: FakeDiscord, services: Services
):
    import asyncio

    from tests.discord.test_commands_helpers import bot_with

    async def broken(ctx: Any, spec: Any, args: str) -> None:
        raise RuntimeError(f"secret ballot content {args}")

    guild = coop(fake_discord)
    async with synced_bot(fake_discord, services, await bot_with(services, broken)):
        asked = await fake_discord.slash(
            guild, guild.member("bob"), "vote", "pour", numero=3, locale="en-US"
        )
        await asyncio.wait_for(fake_discord.error_logged.wait(), 5)
        [record] = fake_discord.errors
        fake_discord.errors.clear()  # expected: set aside to wait for the answer
        first = await fake_discord.response(asked)
        said = await fake_discord.wait_for(lambda: fake_discord.original(asked)["embeds"])
    assert first["type"] == 5 and first["data"]["flags"] & 64  # a receipt: deferred privately
    assert said[0]["description"] == "Something went wrong. Nothing was changed."
    # The interaction id and the command; not the options typed (a ballot may be secret).
    assert record.getMessage() == f"interaction {asked.id} (/vote pour) failed"


async def test_a_slow_step_is_deferred_and_its_form_opens_from_a_button(
    fake_discord: FakeDiscord, services: Services, monkeypatch: Any
):
    import asyncio

    from bot.chat.forms import MOTION
    from bot.chat.reply import reply
    from bot.cogs import commands as slash
    from tests.discord.test_commands_helpers import bot_with

    monkeypatch.setattr(slash, "DEFER_AFTER", 0.05)
    go_on = asyncio.Event()

    async def slow(ctx: Any, spec: Any, args: str) -> None:
        await go_on.wait()  # a slow call before the form (the test says when it ends)
        values = await ctx.fill(MOTION, {})
        await ctx.show(reply(f"reçu : {values['text']}"))

    guild = coop(fake_discord)
    alice = guild.member("alice")
    async with synced_bot(fake_discord, services, await bot_with(services, slow)):
        asked = await fake_discord.slash(guild, alice, "vote", "proposer")
        deferred = await fake_discord.response(asked)
        assert deferred["type"] == 5  # Discord got its answer within 3 s
        go_on.set()
        # A modal cannot follow a deferral: a button opens it.
        offer = await fake_discord.wait_for(
            lambda: fake_discord.original(asked)["components"] and fake_discord.original(asked)
        )
        assert "Le formulaire est prêt" in embed_text(offer)
        clicked = await fake_discord.click(
            guild,
            alice,
            fake_discord.button(offer, "Ouvrir le formulaire"),
            message_id=int(offer["id"]),
        )
        modal_id, inputs = fake_discord.modal_inputs(await fake_discord.response(clicked))
        text_key = next(k for k in inputs if k.endswith(":text"))
        submitted = await fake_discord.submit_modal(guild, alice, modal_id, {text_key: "Oui"})
        await fake_discord.response(submitted)
        preview = fake_discord.original(submitted)
        published = await fake_discord.click(
            guild, alice, fake_discord.button(preview, "Publier"), message_id=int(preview["id"])
        )
        [said] = await fake_discord.wait_for(lambda: fake_discord.followups(published))
        await fake_discord.wait_for_call("POST", r"/channels/\d+/messages/\d+/threads")
    assert embed_text(said) == "reçu : Oui"


async def test_a_domain_error_of_a_shared_handler_is_answered_privately_not_logged(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(
            guild, guild.member("bob"), "registre", "extrait", reference="CA-2026-999"
        )
        await fake_discord.response(asked)
        [said] = await fake_discord.wait_for(lambda: fake_discord.followups(asked))
    assert said["flags"] & 64 and "CA-2026-999" in embed_text(said)
    assert not fake_discord.errors


async def test_a_bug_in_a_shared_handler_is_logged_with_the_interaction_id(caplog: Any):
    import logging

    from bot.chat.context import ChatContext
    from bot.chat.handlers import run
    from bot.cogs.commands import CHAT_LOGGER, TAG, current_interaction

    class Quiet(ChatContext):
        lang = "fr"

        async def show(self, reply: Any) -> None:
            self.shown = reply

        async def ask(self, prompt: str) -> str | None:
            return None

    async def broken(ctx: Any, args: str) -> None:
        raise RuntimeError("boom")

    ctx = Quiet()
    logger = logging.getLogger(CHAT_LOGGER)
    logger.addFilter(TAG)
    try:
        current_interaction.set(1234)
        with caplog.at_level(logging.ERROR, logger=CHAT_LOGGER):
            await run(ctx, broken, "/vote pour", "3 secret")
    finally:
        logger.removeFilter(TAG)
    [record] = [r for r in caplog.records if r.name == CHAT_LOGGER]
    assert record.getMessage() == "interaction 1234: chat command failed: /vote pour"


async def test_the_register_export_is_uploaded_as_a_file(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    alice, bob = _actor(guild, "alice"), _actor(guild, "bob")
    motion = await services.decisions.propose(alice, "Que le CA adopte le budget.", title="Budget")
    await services.decisions.second(bob, motion.number)
    for who in (alice, bob):
        await services.decisions.cast(who, motion.number, "pour")
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(guild, guild.member("chloe"), "registre", "exporter")
        await fake_discord.response(asked)
        upload = await fake_discord.wait_for(
            lambda: next((c for c in fake_discord.calls if c.files and asked.token in c.path), None)
        )
    [(name, data)] = upload.files
    assert name == "registre-complet.md" and "Budget" in data.decode()
    assert "registre-complet.md" in embed_text(upload.body)


async def test_every_command_answers_something_and_nothing_breaks(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    alice = guild.member("alice")
    bot = await new_bot(services)
    seen: dict[str, str] = {}
    async with running(bot, fake_discord):
        await synced(fake_discord)
        for spec in for_platform("discord"):
            values: dict[str, Any] = {}
            for option in spec.options:
                if not option.required:
                    continue
                if option.kind == "integer":
                    values[option.name] = 1
                elif option.choices:
                    values[option.name] = option.choices[0].value
                else:
                    values[option.name] = "budget"
            if len(spec.path) == 2:
                name, sub = spec.path
            elif spec.root_as:
                name, sub = spec.path[0], spec.root_as
            else:
                name, sub = spec.path[0], None
            asked = await fake_discord.slash(guild, alice, name, sub, **values)
            first = await fake_discord.response(asked)
            if first["type"] == 9:  # a form opened (a modal)
                seen[spec.name] = "modal"
                continue
            if first["type"] == 4:
                shown = first["data"]
            else:
                assert first["type"] == 5, (spec.name, first)

                def answered(asked: Any = asked) -> Any:
                    # The « thinking » message, unless it gave way to a private answer.
                    key = int(asked.payload.get("_original", 0))
                    original = fake_discord.messages.get(key, {})
                    return fake_discord.followups(asked) or (original.get("embeds") and [original])

                shown = (await fake_discord.wait_for(answered))[0]
            seen[spec.name] = embed_text(shown)
            assert seen[spec.name], spec.name
    assert seen["/vote proposer"] == "modal" and seen["/pratique partager"] == "modal"
    assert len(seen) == len(for_platform("discord"))


async def test_a_poll_from_typed_options_keeps_its_question_and_choices_apart(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(
            guild,
            guild.member("alice"),
            "sondage",
            question="Quel soir pour l’AGA?",
            choix="Lundi | Mardi",
        )
        await fake_discord.response(asked)
        shown = await fake_discord.wait_for(lambda: fake_discord.original(asked)["embeds"])
    text = embed_text({"embeds": shown})
    assert "Quel soir pour l’AGA?" in text and "Lundi" in text and "Mardi" in text
    [poll] = await services.decisions.list_open(_actor(guild, "alice"))
    assert poll.title == "Quel soir pour l’AGA?"


async def test_help_on_discord_lists_the_configuration_command(
    fake_discord: FakeDiscord, services: Services
):
    """/aide lists what Discord offers, /coopilote included (its adapter builds it itself),
    and nothing the console alone has."""
    guild = coop(fake_discord)
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(guild, guild.member("chloe"), "aide")
        first = await fake_discord.response(asked)
        answers = [first] if first["type"] == 4 else []
        if not answers:
            answers = await fake_discord.wait_for(lambda: fake_discord.followups(asked))
    shown = embed_text(answers[0] if first["type"] != 4 else first["data"])
    assert "/coopilote" in shown and "/outil" in shown
    assert "/en-tant-que" not in shown and "/quitter" not in shown
    # No message content on Discord: a need goes through /outil, and the help says so.
    assert "/outil <besoin>" in shown and "Sans « / »" not in shown


async def _keep_and_change(
    fake: FakeDiscord, guild: Any, member: Any, body: dict[str, Any], changes: dict[str, str]
) -> Any:
    """Submit a modal page as a member does: what it shows, with `changes` typed over it."""
    modal_id, inputs = fake.modal_inputs(body)
    values = {}
    for key, shown in inputs.items():
        field = key.rsplit(":", 1)[1]
        values[key] = changes.get(field, shown.get("value") or "")
    return await fake.submit_modal(guild, member, modal_id, values)


async def test_a_practice_edited_in_modals_that_show_its_current_values(
    fake_discord: FakeDiscord, services: Services
):
    guild = coop(fake_discord)
    chloe = guild.member("chloe")
    await services.practices.post(
        _actor(guild, "chloe"),
        {
            "title": "Popote roulante : inscriptions en ligne",
            "actions": "Un formulaire Framaforms relié à un tableur partagé.",
            "tools": ("Framaforms", "LibreOffice Calc"),
        },
    )
    async with synced_bot(fake_discord, services):
        asked = await fake_discord.slash(guild, chloe, "pratique", "modifier", numero=1)
        first = await fake_discord.response(asked)
        _modal_id, inputs = fake_discord.modal_inputs(first)
        title = next(i for k, i in inputs.items() if k.endswith(":title"))
        assert title["value"] == "Popote roulante : inscriptions en ligne"  # shown, not retyped
        page = await _keep_and_change(
            fake_discord, guild, chloe, first, {"title": "Popote roulante : inscriptions par QR"}
        )
        for _ in range(2):  # the two other pages, kept as they are
            await fake_discord.response(page)
            shown = await fake_discord.response(
                await _press(fake_discord, guild, chloe, page, "Continuer")
            )
            _, later = fake_discord.modal_inputs(shown)
            tools = [i for k, i in later.items() if k.endswith(":tools")]
            assert not tools or tools[0]["value"] == "Framaforms; LibreOffice Calc"
            page = await _keep_and_change(fake_discord, guild, chloe, shown, {})
        await fake_discord.response(page)
        done = await _press(fake_discord, guild, chloe, page, "Publier")
        await fake_discord.response(done)
        [said] = await fake_discord.wait_for(lambda: fake_discord.followups(done))
    assert "version 2" in embed_text(said)
    edited = await services.practices.view(_actor(guild, "chloe"), 1)
    assert edited.version == 2 and edited.content.title.endswith("par QR")
    assert edited.content.tools == ("Framaforms", "LibreOffice Calc")  # kept as it was
