"""Practice records: post, edit with versions, withdraw and restore, usefulness, lists, rights."""

from __future__ import annotations

import re

import pytest

from bot.core.app import Services
from bot.core.clock import FakeClock
from bot.core.errors import CoopiloteError, InvalidInput, NotFound, PermissionDenied, StateConflict
from bot.core.practices.inert import inert_html, inert_markdown
from tests.conftest import OTHER_COMMUNITY, actor
from tests.core.practices.helpers import record, snapshot

ANA = actor("Ana", "Membre")
BOB = actor("Bob", "Membre")
MOD = actor("Mo", "Modération")


async def test_post_and_view_keep_every_field(services: Services):
    view = await services.practices.post(ANA, record(families=["inscription en ligne"]))
    assert view.id > 0 and view.version == 1 and view.author == "Ana"
    seen = await services.practices.view(BOB, view.id)
    c = seen.content
    assert c.title == "Inscription en ligne à la popote roulante"
    assert c.families == ("Inscription en ligne",)  # forgiving input, exact name stored
    assert c.tools == ("Framaforms",) and c.tags == ("aînés", "bénévoles")
    assert c.org_type == "Coopérative de solidarité"
    assert (c.sector, c.region) == ("Aide alimentaire", "Estrie")
    assert c.language == "fr"
    assert seen.can_edit is False and seen.own is True


async def test_unknown_tools_are_kept_as_free_text(services: Services):
    view = await services.practices.post(ANA, record(tools="Outil maison, framadate"))
    assert view.content.tools[0] == "Outil maison"
    assert len(view.content.tools) == 2


async def test_english_records_are_recognised(services: Services):
    view = await services.practices.post(
        ANA,
        record(
            title="Online sign-up for the meal delivery",
            actions="We moved the registration to an online form: a relief for the staff.",
            need="",
            results="",
            advice="",
        ),
    )
    assert view.content.language == "en"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"title": ""}, "error.field_required"),
        ({"actions": "   "}, "error.field_required"),
        ({"title": "x" * 201}, "error.field_too_long"),
        ({"need": "x" * 4001}, "error.field_too_long"),
        ({"actions": "x" * 8001}, "error.field_too_long"),
        ({"tags": [f"t{i}" for i in range(16)]}, "practices.error.too_many"),
        ({"tags": ["x" * 51]}, "error.field_too_long"),
        ({"families": ["Télépathie collective"]}, "practices.error.unknown_family"),
        ({"families": "pas une famille du tout"}, "practices.error.unknown_family"),
        ({"language": "klingon"}, "practices.error.language"),
        ({"title": 12}, "practices.error.text_expected"),
        ({"tools": [1, 2]}, "practices.error.list_of_text"),
        ({"colour": "red"}, "practices.error.unknown_field"),
    ],
)
async def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    services: Services, changes: dict, key: str
):
    existing = await services.practices.post(ANA, record())
    before = await snapshot(services)
    with pytest.raises(InvalidInput) as caught:
        await services.practices.post(ANA, record(**changes))
    assert caught.value.code == key
    message = caught.value.message("fr")
    assert message and "{" not in message and "practices." not in message
    with pytest.raises(InvalidInput):
        await services.practices.edit(ANA, existing.id, changes)
    assert await snapshot(services) == before


async def test_field_errors_name_the_field_in_the_users_language(services: Services):
    with pytest.raises(InvalidInput) as caught:
        await services.practices.post(ANA, record(actions=""))
    assert "Ce qui a été fait" in caught.value.message("fr")
    assert "What was done" in caught.value.message("en")


async def test_control_characters_are_stripped(services: Services):
    view = await services.practices.post(ANA, record(title="Bon\x1b[31mjour\x00 !"))
    assert view.content.title == "Bon[31mjour !"


async def test_every_edit_keeps_a_viewable_version(services: Services, clock: FakeClock):
    v1 = await services.practices.post(ANA, record())
    clock.advance(hours=1)
    v2 = await services.practices.edit(ANA, v1.id, {"title": "Inscription en ligne, 2 ans après"})
    clock.advance(hours=1)
    v3 = await services.practices.edit(MOD, v1.id, {"tags": ["aînés"], "results": "Calme"})
    assert (v2.version, v3.version) == (2, 3)
    history = await services.practices.versions(BOB, v1.id)
    assert [v.number for v in history] == [1, 2, 3]
    assert history[0].content.title == "Inscription en ligne à la popote roulante"
    assert history[1].changed == ("title",) and history[1].editor == "Ana"
    assert set(history[2].changed) == {"results", "tags"} and history[2].editor == "Mo"
    assert history[2].current and not history[0].current
    assert history[0].created_at < history[2].created_at


async def test_an_edit_that_changes_nothing_adds_no_version(services: Services):
    v1 = await services.practices.post(ANA, record())
    same = await services.practices.edit(ANA, v1.id, {"title": v1.content.title})
    assert same.version == 1
    assert len(await services.practices.versions(ANA, v1.id)) == 1


async def test_only_the_author_or_a_moderator_may_edit_withdraw_or_restore(services: Services):
    view = await services.practices.post(ANA, record())
    before = await snapshot(services)
    for attempt in (
        services.practices.edit(BOB, view.id, {"title": "Piraté"}),
        services.practices.withdraw(BOB, view.id),
        services.practices.set_shared(BOB, view.id, True),
    ):
        with pytest.raises(PermissionDenied) as caught:
            await attempt
        assert "auteur" in caught.value.message("fr")
    assert await snapshot(services) == before
    # A moderator (role from the community settings) and an admin may.
    await services.practices.edit(MOD, view.id, {"title": "Titre revu par la modération"})
    await services.practices.withdraw(actor("Adèle", admin=True), view.id, "Hors sujet")
    with pytest.raises(NotFound):  # a withdrawn record is hidden from other members
        await services.practices.restore(BOB, view.id)
    await services.practices.restore(MOD, view.id)


async def test_the_moderator_role_is_a_community_setting(services: Services):
    view = await services.practices.post(ANA, record())
    await services.communities.update_settings(
        actor("Adèle", admin=True), practices_moderator_role="Animation"
    )
    with pytest.raises(PermissionDenied):
        await services.practices.edit(MOD, view.id, {"title": "Non"})
    await services.practices.edit(actor("Zoé", "animation"), view.id, {"title": "Oui"})


async def test_withdraw_hides_and_restore_brings_back(services: Services):
    view = await services.practices.post(ANA, record())
    await services.practices.withdraw(ANA, view.id)
    with pytest.raises(NotFound):
        await services.practices.view(BOB, view.id)
    with pytest.raises(NotFound):
        await services.practices.toggle_useful(BOB, view.id)
    assert (await services.practices.recent(BOB)).total == 0
    assert (await services.practices.search(BOB, "inscription")).total == 0
    # The author still sees it, to restore it; so do moderators.
    mine = await services.practices.view(ANA, view.id)
    assert mine.withdrawn and mine.withdrawn_by == "Ana"
    assert [p.id for p in (await services.practices.withdrawn(MOD)).items] == [view.id]
    assert (await services.practices.withdrawn(BOB)).total == 0
    with pytest.raises(StateConflict):
        await services.practices.edit(ANA, view.id, {"title": "x"})
    with pytest.raises(StateConflict):
        await services.practices.withdraw(ANA, view.id)
    await services.practices.restore(ANA, view.id)
    assert (await services.practices.search(BOB, "inscription")).total == 1
    assert (await services.practices.view(BOB, view.id)).content == view.content


async def test_useful_once_per_member_and_undoable(services: Services):
    view = await services.practices.post(ANA, record())
    first = await services.practices.toggle_useful(BOB, view.id)
    assert first.marked and first.useful_count == 1
    again = await services.practices.set_useful(BOB, view.id, True)  # idempotent
    assert again.useful_count == 1
    await services.practices.toggle_useful(MOD, view.id)
    assert (await services.practices.view(ANA, view.id)).useful_count == 2
    undone = await services.practices.toggle_useful(BOB, view.id)
    assert not undone.marked and undone.useful_count == 1
    assert (await services.practices.view(MOD, view.id)).marked_useful
    assert not (await services.practices.view(BOB, view.id)).marked_useful
    with pytest.raises(StateConflict):
        await services.practices.toggle_useful(ANA, view.id)  # not one's own


async def test_recent_and_most_useful_lists(services: Services, clock: FakeClock):
    ids = []
    for i in range(7):
        clock.advance(minutes=5)
        ids.append((await services.practices.post(ANA, record(title=f"Pratique {i}"))).id)
    await services.practices.toggle_useful(BOB, ids[2])
    await services.practices.toggle_useful(MOD, ids[2])
    await services.practices.toggle_useful(BOB, ids[5])
    recent = await services.practices.recent(BOB)
    assert [p.id for p in recent.items] == ids[::-1][:5]
    assert recent.total == 7 and recent.pages == 2
    page2 = await services.practices.recent(BOB, page=2)
    assert [p.id for p in page2.items] == ids[::-1][5:]
    useful = await services.practices.most_useful(BOB)
    assert [p.id for p in useful.items][:2] == [ids[2], ids[5]]
    with pytest.raises(InvalidInput):
        await services.practices.recent(BOB, page=0)


async def test_communities_never_see_each_others_practices_unless_shared(services: Services):
    view = await services.practices.post(ANA, record())
    stranger = actor("Xavier", community=OTHER_COMMUNITY)
    with pytest.raises(NotFound):
        await services.practices.view(stranger, view.id)
    with pytest.raises(NotFound):
        await services.practices.versions(stranger, view.id)
    with pytest.raises(NotFound):
        await services.practices.toggle_useful(stranger, view.id)
    assert (await services.practices.recent(stranger)).total == 0
    assert (await services.practices.search(stranger, "inscription")).total == 0
    assert await services.practices.for_families(stranger, ["Inscription en ligne"], 3) == ()
    stranger_admin = actor("Xena", community=OTHER_COMMUNITY, admin=True)
    assert '"practices": []' in await services.practices.export_json(stranger_admin)
    # Shared: seen (read-only) from the other community, and marked useful from there.
    await services.practices.set_shared(ANA, view.id, True)
    seen = await services.practices.view(stranger, view.id)
    assert not seen.own and seen.community == "Coop de test" and not seen.can_edit
    assert (await services.practices.search(stranger, "inscription")).hits[0].own is False
    assert (await services.practices.recent(stranger)).total == 1
    await services.practices.toggle_useful(stranger, view.id)
    with pytest.raises(PermissionDenied):
        await services.practices.edit(stranger_admin, view.id, {"title": "x"})
    # Its export stays with its own community.
    assert '"practices": []' in await services.practices.export_json(stranger_admin)
    await services.practices.set_shared(ANA, view.id, False)
    assert (await services.practices.search(stranger, "inscription")).total == 0


async def test_a_missing_practice_is_a_clear_not_found(services: Services):
    with pytest.raises(NotFound) as caught:
        await services.practices.view(ANA, 999)
    assert "999" in caught.value.message("fr")


async def test_for_families_feeds_the_advisor(services: Services, clock: FakeClock):
    a = await services.practices.post(ANA, record(title="A", families=["Vote en ligne"]))
    clock.advance(minutes=1)
    b = await services.practices.post(
        ANA, record(title="B", families=["Vote en ligne", "Sondages en ligne"])
    )
    clock.advance(minutes=1)
    c = await services.practices.post(ANA, record(title="C", families=["Sondages en ligne"]))
    await services.practices.post(ANA, record(title="D", families=["Comptabilité"]))
    found = await services.practices.for_families(BOB, ["Vote en ligne", "Sondages en ligne"], 3)
    assert [p.id for p in found] == [b.id, a.id, c.id]
    assert all(hasattr(p, n) for p in found for n in ("id", "title", "useful_count"))
    answer = await services.advisor.advise(BOB, "voter en ligne entre deux réunions du CA")
    assert answer.practices and answer.practices[0].id in {a.id, b.id}


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        "**gras** et [lien](javascript:alert(1)) ![img](http://example.org/y.png)",
        "@everyone @here <@123456> <@&42> @room @marie:matrix.org",
        "# Titre\n> citation\n- liste\n1. un",
        "<img src=x onerror=alert(1)> &amp; | table |",
    ],
)
async def test_injection_is_stored_as_text_and_rendered_inert(services: Services, hostile: str):
    view = await services.practices.post(ANA, record(actions=hostile, title="T " + hostile[:50]))
    assert (await services.practices.view(BOB, view.id)).content.actions == hostile
    md = inert_markdown(hostile)
    html = inert_html(hostile)
    # Every character Markdown or HTML would act on is backslash-escaped.
    assert not re.search(r"(?<!\\)[<>\[\]*_`|&]", md), md
    assert not re.search(r"(?m)^\s*[#>]", md), md
    assert "<" not in html and ">" not in html
    for mention in ("@everyone", "@here", "@room", "<@123456>", "@marie"):
        assert mention not in md and mention not in html
    export = await services.practices.export_markdown(ANA)
    unescaped = re.sub(r"\\.", "", export)  # what a Markdown renderer would interpret
    assert "<script" not in unescaped and "<img" not in unescaped and "](" not in unescaped
    assert "@everyone" not in export


def test_errors_have_french_and_english_messages():
    from bot.core import i18n

    keys = [k for k in i18n.registered_keys() if k.startswith("practices.")]
    assert len(keys) > 50
    # English comes from the gettext catalog (tests/core/test_i18n_catalog.py checks each key).
    assert all(i18n.template(k, "en") for k in keys)
    assert isinstance(CoopiloteError("practices.error.own_useful").message("en"), str)
