"""Forms declared once: the console asks them field by field, Discord would show them as modals."""

from __future__ import annotations

import discord
import pytest

from bot.chat.forms import FORMS, MODAL_INPUTS, MOTION, PRACTICE, Form
from bot.console.dialog import field_prompt
from bot.console.style import Style
from bot.core.app import Services
from bot.core.decisions.base import MAX_TEXT
from bot.core.practices.records import SPECS
from tests.helpers import Console

# Discord's limits on a modal (https://discord.com/developers/docs/components/reference).
TITLE_MAX, LABEL_MAX, PLACEHOLDER_MAX, INPUT_MAX = 45, 45, 100, 4000


def modals(form: Form, lang: str) -> list[discord.ui.Modal]:
    """The form as Discord modals, one per page (not wired to the bot yet)."""
    pages = form.pages()
    out = []
    for number, page in enumerate(pages, start=1):
        title = form.title(lang) + (f" ({number}/{len(pages)})" if len(pages) > 1 else "")
        modal = discord.ui.Modal(title=title, custom_id=f"form:{form.name}:{number}")
        for field in page:
            modal.add_item(
                discord.ui.TextInput(
                    label=field.label(lang),
                    placeholder=field.hint(lang),
                    required=field.required,
                    max_length=min(field.input_limit, INPUT_MAX),
                    style=discord.TextStyle.paragraph
                    if field.multiline or field.kind == "list"
                    else discord.TextStyle.short,
                    custom_id=field.name,
                )
            )
        out.append(modal)
    return out


def test_the_practice_record_is_three_pages_of_at_most_five_with_the_required_fields_first():
    pages = PRACTICE.pages()
    assert [len(p) for p in pages] == [5, 5, 4]
    assert {f.name for f in pages[0] if f.required} == {"title", "actions"}
    # Every field a member writes is in the form, with the core's limits and rules.
    assert {f.name for f in PRACTICE.fields} == set(SPECS) - {"language"}
    for field in PRACTICE.fields:
        spec = SPECS[field.name]
        assert (field.limit, field.required, field.multiline) == (
            spec.limit,
            spec.required,
            spec.multiline,
        )
    assert MOTION.field("text").limit == MAX_TEXT and MOTION.field("text").required
    assert not MOTION.field("title").required


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_form_fits_discord_modals_in_both_languages(form: Form, lang: str):
    for modal in modals(form, lang):
        assert len(modal.title) <= TITLE_MAX
        assert 1 <= len(modal.children) <= MODAL_INPUTS
        for item in modal.children:
            assert isinstance(item, discord.ui.TextInput)
            assert item.placeholder and len(item.placeholder) <= PLACEHOLDER_MAX
    for field in form.fields:
        assert field.label(lang) and len(field.label(lang)) <= LABEL_MAX
    assert [f.label(lang) for f in form.fields] != [
        f.label("en" if lang == "fr" else "fr") for f in form.fields
    ]


async def test_the_console_asks_the_motion_as_the_form_declares_it(
    services: Services, capsys: pytest.CaptureFixture[str]
):
    console = Console(services)
    answer = await console.run("/vote proposer", "Que le conseil adopte le budget.", "", "")
    out = capsys.readouterr().out  # the prompts, written where the person reads them
    for name in ("text", "title", "rules"):
        assert field_prompt(MOTION.field(name), "fr", Style()) + " :" in out
    assert "Texte de la proposition (obligatoire; ex. : « Que le conseil adopte… ») :" in out
    assert "Proposition n° 1" in answer


async def test_the_console_asks_the_practice_as_the_form_declares_it(
    services: Services, capsys: pytest.CaptureFixture[str]
):
    console = Console(services)
    await console.run("/langue en")
    await console.run("/pratique partager", "annuler")
    out = capsys.readouterr().out
    assert field_prompt(PRACTICE.fields[0], "en", Style()) + " :" in out
    assert "Title (required; e.g. Online sign-up) :" in out
