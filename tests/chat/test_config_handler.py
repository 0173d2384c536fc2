"""/coopilote through the shared handler, as a text platform (console, Matrix) runs it."""

from __future__ import annotations

import pytest

from bot.chat import commands as chat
from bot.chat.handlers import dispatch
from bot.chat.handlers.config import Changes, Pick, configure
from bot.chat.reply import Fields, Text
from bot.core.app import Services
from bot.core.errors import InvalidInput, PermissionDenied
from tests.chat.helpers import KeptChat
from tests.conftest import COMMUNITY, actor


class TextChat(KeptChat):
    """A text platform's turn: a line after « !coopilote », replies kept as the user sees them."""

    platform = "matrix"

    async def ask(self, prompt: str) -> str | None:
        raise AssertionError(f"/coopilote never asks a follow-up: {prompt}")

    async def line(self, text: str) -> str:
        """Type `!<text>` as the platform would: the declared command found, then dispatched."""
        specs = {s.path: s for s in self.command_specs()}
        path, rest = chat.find("!" + text, specs, chat.alias_table(self.command_specs()))
        assert path is not None, text
        self.replies.clear()
        await dispatch(self, specs[path], rest)
        return self.text()

    def fields(self) -> dict[str, str]:
        return {
            f.name: f.value
            for reply in self.replies
            for block in reply.blocks
            if isinstance(block, Fields)
            for f in block.fields
        }


def admin(services: Services, lang: str = "fr") -> TextChat:
    # A room admin (power level 100 on Matrix): the platform's admin flag.
    return TextChat(services, actor("Gaby", admin=True), lang)


@pytest.mark.parametrize("platform", ["console", "matrix"])
def test_coopilote_and_its_settings_are_declared_for_text_platforms(platform: str):
    paths = {s.path for s in chat.for_platform(platform)}  # type: ignore[arg-type]
    assert {("coopilote",), ("coopilote", "voir"), ("coopilote", "langue")} <= paths
    assert {("coopilote", "fuseau"), ("coopilote", "distance"), ("coopilote", "appui")} <= paths
    assert {("coopilote", "rappels"), ("coopilote", "role-ca"), ("coopilote", "annonces")} <= paths


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_a_member_who_is_not_admin_is_refused_in_their_language_and_nothing_changes(
    services: Services, lang: str
):
    bob = TextChat(services, actor("Bob", "CA", "Membre"), lang)
    before = await services.communities.settings(COMMUNITY)
    for line in (
        "coopilote langue en",
        "coopilote fuseau America/Vancouver",
        "coopilote distance reglements",
        "coopilote role-ca Conseil",
        "coopilote language=en timezone=America/Vancouver",
        "coopilote",  # even reading is for admins
        "coopilote voir",
    ):
        shown = await bob.line(line)
        (reply,) = bob.replies
        assert reply.ephemeral
        assert shown == PermissionDenied().message(lang), line
        other = "en" if lang == "fr" else "fr"
        assert shown != PermissionDenied().message(other)
        assert not bob.fields()  # not one setting shown
    after = await services.communities.settings(COMMUNITY)
    assert after == before


async def test_an_admin_sets_language_timezone_and_distance_and_sees_them_in_voir(
    services: Services,
):
    gaby = admin(services)
    shown = await gaby.line("coopilote")
    assert "Configuration de Coopilote" in shown
    assert gaby.fields()["Langue"] == "fr"
    assert gaby.fields()["Fuseau horaire"] == "America/Montreal"
    assert "consultation à entériner" in shown  # the default: ratified at the next meeting
    assert "Pour changer un réglage" in shown  # how, on a text platform

    shown = await gaby.line("coopilote langue en")
    assert "Enregistré : Langue." in shown and gaby.fields()["Langue"] == "en"
    await gaby.line("coopilote fuseau America/Toronto")
    assert "Enregistré : Fuseau horaire." in gaby.text()
    await gaby.line("coopilote distance entériner")  # the accent as a French admin types it
    await gaby.line("coopilote distance reglements")

    shown = await gaby.line("coopilote voir")
    fields = gaby.fields()
    assert fields["Langue"] == "en" and fields["Fuseau horaire"] == "America/Toronto"
    assert "permis par les règlements" in shown
    assert "Enregistré" not in shown
    view = await services.communities.settings(COMMUNITY)
    assert view.language == "en" and view.timezone == "America/Toronto"
    assert view.settings["vote_distance"] == "reglements"


async def test_english_names_several_settings_at_once_roles_and_reminders(services: Services):
    gaby = admin(services, "en")
    shown = await gaby.line(
        "coopilote language=fr timezone=America/Halifax seconder=non reminders=12h,30min "
        'board-role="Conseil d’administration"'
    )
    assert "Saved: Board role, Language, Timezone, Seconder required, Reminders." in shown
    fields = gaby.fields()
    assert fields["Board role"] == "Conseil d’administration"
    assert fields["Language"] == "fr" and fields["Timezone"] == "America/Halifax"
    assert "seconder required: no" in shown
    view = await services.communities.settings(COMMUNITY)
    assert view.settings["board_role"] == "Conseil d’administration"
    assert view.settings["board_role_id"] is None  # a text platform gives names
    assert view.settings["vote_seconder"] is False
    assert view.settings["vote_reminders"] == [720, 30]
    # One setting: its value is the rest of the line, spaces included.
    await gaby.line("coopilote role-membres Membres de la coop")
    assert gaby.fields()["Member role"] == "Membres de la coop"
    await gaby.line("coopilote reminders none")
    assert (await services.communities.settings(COMMUNITY)).settings["vote_reminders"] == []
    # « here »: the room the command was typed in.
    await gaby.line("coopilote announcements here")
    assert gaby.fields()["Announcement channel"] == "general"
    await gaby.line("coopilote annonces defaut")
    assert gaby.fields()["Announcement channel"] == "the channel where each vote was launched"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("coopilote langue klingon", "Langue inconnue : « klingon »"),
        ("coopilote fuseau Mars/Olympus", "Mars/Olympus"),
        ("coopilote distance parfois", "parfois"),
        ("coopilote rappels bientôt", "bientôt"),
        ("coopilote couleur bleu", "Réglage inconnu : « couleur »"),
        ("coopilote langue", "Il manque la valeur. Utilisation : /coopilote langue fr|en"),
        # Several settings at once: a name with spaces is quoted, else nothing is guessed.
        ("coopilote langue=en role-ca=Conseil d’administration", "« d’administration »"),
    ],
)
async def test_an_unreadable_value_is_one_error_and_changes_nothing(
    services: Services, line: str, expected: str
):
    gaby = admin(services)
    before = await services.communities.settings(COMMUNITY)
    shown = await gaby.line(line)
    (reply,) = gaby.replies
    assert reply.ephemeral and expected in shown
    assert isinstance(reply.blocks[0], Text) and reply.blocks[0].tone == "error"
    assert await services.communities.settings(COMMUNITY) == before


async def test_one_line_with_a_bad_value_changes_none_of_its_settings(services: Services):
    gaby = admin(services)
    before = await services.communities.settings(COMMUNITY)
    await gaby.line("coopilote langue=en rappels=jamais")
    assert "jamais" in gaby.text()
    assert await services.communities.settings(COMMUNITY) == before


async def test_a_platform_gives_roles_and_channels_by_id_and_shows_their_live_names(
    services: Services,
):
    # What Discord's role and channel pickers give: an id with the name.
    gaby = actor("Gaby", admin=True)
    live = {("role", "42"): "Conseil", ("channel", "7"): "#annonces"}
    shown = await configure(
        services,
        gaby,
        Changes(role_ca=Pick("CA", "42"), annonces=Pick("#annonces", "7"), appui=True),
        None,
        names=lambda kind, found: live.get((kind, found)),
        hint="config.none",
    )
    fields = {f.name: f.value for b in shown.blocks if isinstance(b, Fields) for f in b.fields}
    assert fields["Rôle du CA"] == "Conseil"  # the live name, as the platform has it now
    assert fields["Salon des annonces"] == "#annonces"
    assert fields["Rôle des membres"] == "Membre (par son nom, tant qu’il n’est pas choisi ici)"
    view = await services.communities.settings(COMMUNITY)
    assert view.settings["board_role_id"] == "42" and view.settings["announce_channel_id"] == "7"
    # The role renamed on the platform: followed by its id.
    assert await services.communities.follow_role(COMMUNITY, "42", "Conseil") == ["board_role"]
    # Nothing given: the platform's own hint.
    again = await configure(services, gaby, Changes(), "en", hint="config.none")
    assert again.blocks[-1] == Text(
        "Nothing changed: pick an option of /coopilote to change it.", "dim"
    )
    with pytest.raises(InvalidInput):
        await configure(services, gaby, Changes(langue="de"), "fr")
