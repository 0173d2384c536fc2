"""A chat-layer form (`bot.chat.forms`) as Discord modals, then a preview to confirm.

At most five inputs per modal: a practice record takes three, with a « Continuer » button
between them (a modal can only open in answer to a click or a command). A text input holds at
most 4000 characters on Discord; a field the core allows longer says so in its label, and a
known value longer than that is refused with a clear message rather than cut.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import discord

from bot.chat.forms import MODAL_INPUTS, MOTION, PRACTICE, Form, FormField
from bot.chat.reply import Block, Heading, Items, Reply, Text
from bot.cogs.context import DiscordContext
from bot.cogs.render import clip
from bot.core.decisions.options import MEMBERS, split_options
from bot.core.errors import InvalidInput
from bot.core.i18n import register, t

log = logging.getLogger(__name__)

INPUT_MAX = 4000  # Discord: characters in one text input
LABEL_MAX = 45  # Discord: a text input's label, a modal's title
PLACEHOLDER_MAX = 100
# How long a member has for each step (Discord's interaction tokens last 15 minutes).
STEP_TIMEOUT = 14 * 60.0

register(
    {
        "discord.form.page": "Partie {page} sur {pages} enregistrée. Continuez quand vous voulez.",
        "discord.form.continue": "Continuer",
        "discord.form.open": "Le formulaire est prêt : ouvrez-le avec le bouton.",
        "discord.form.open_button": "Ouvrir le formulaire",
        "discord.form.publish": "Publier",
        "discord.form.cancel": "Annuler",
        "discord.form.check": "Relisez : rien n’est publié avant que vous cliquiez « Publier ».",
        "discord.form.published": "Publication…",
        "discord.form.label_max": "{label} (max {limit})",
        "discord.form.too_long": (
            "« {field} » compte {length} caractères, plus que les {limit} qu’un champ de "
            "formulaire Discord peut contenir : modifiez-le depuis la console ou Matrix. Rien "
            "n’a été modifié."
        ),
        "discord.form.rules": "Règles de ce vote",
        "discord.form.rules_asked": "Vous avez demandé : {options}",
    }
)


def input_label(field: FormField, lang: str) -> str:
    """The field's label, saying Discord's limit when the core allows longer."""
    label = field.label(lang)
    if field.input_limit > INPUT_MAX:
        label = t("discord.form.label_max", lang, label=label, limit=INPUT_MAX)
    return clip(label, LABEL_MAX)


def check_known(form: Form, known: Mapping[str, str], lang: str) -> None:
    """Refuse (InvalidInput) a known value a Discord input cannot hold, rather than cut it."""
    for field in form.fields:
        value = known.get(field.name) or ""
        if len(value) > INPUT_MAX:
            raise InvalidInput(
                "discord.form.too_long",
                field=field.label(lang),
                length=len(value),
                limit=INPUT_MAX,
            )


class FormModal(discord.ui.Modal):
    """One page of a form: its fields as text inputs, the answer handed to a future."""

    def __init__(
        self,
        form: Form,
        fields: tuple[FormField, ...],
        known: Mapping[str, str],
        lang: str,
        title: str,
        user_id: int,
    ) -> None:
        key = f"form:{form.name}:{secrets.token_hex(6)}"
        super().__init__(title=clip(title, LABEL_MAX), custom_id=key, timeout=STEP_TIMEOUT)
        self.user_id = user_id
        self.answer: asyncio.Future[tuple[discord.Interaction, dict[str, str]] | None] = (
            asyncio.get_running_loop().create_future()
        )
        self.inputs: dict[str, discord.ui.TextInput[FormModal]] = {}
        for field in fields:
            text_input: discord.ui.TextInput[FormModal] = discord.ui.TextInput(
                label=input_label(field, lang),
                custom_id=f"{key}:{field.name}",
                style=discord.TextStyle.paragraph
                if field.multiline or field.input_limit > PLACEHOLDER_MAX
                else discord.TextStyle.short,
                placeholder=clip(field.hint(lang), PLACEHOLDER_MAX) or None,
                default=known.get(field.name) or None,
                required=field.required,
                max_length=min(field.input_limit, INPUT_MAX),
            )
            self.inputs[field.name] = text_input
            self.add_item(text_input)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.user_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        values = {name: str(item.value or "").strip() for name, item in self.inputs.items()}
        if not self.answer.done():
            self.answer.set_result((interaction, values))

    async def on_timeout(self) -> None:
        if not self.answer.done():
            self.answer.set_result(None)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:  # pragma: no cover - on_submit only sets a future
        log.error("interaction %s: form modal failed", interaction.id, exc_info=error)


class Step(discord.ui.View):
    """Buttons between form steps (« Continuer », « Publier », « Annuler »): the click."""

    def __init__(self, user_id: int, buttons: tuple[tuple[str, str, discord.ButtonStyle], ...]):
        super().__init__(timeout=STEP_TIMEOUT)
        self.user_id = user_id
        self.clicked: asyncio.Future[tuple[discord.Interaction, str] | None] = (
            asyncio.get_running_loop().create_future()
        )
        for what, label, style in buttons:
            button: discord.ui.Button[Step] = discord.ui.Button(label=clip(label, 80), style=style)
            button.callback = self._on(what)  # type: ignore[method-assign]
            self.add_item(button)

    def _on(self, what: str):  # type: ignore[no-untyped-def]
        async def clicked(interaction: discord.Interaction) -> None:
            if not self.clicked.done():
                self.clicked.set_result((interaction, what))
            self.stop()

        return clicked

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.user_id

    async def on_timeout(self) -> None:
        if not self.clicked.done():
            self.clicked.set_result(None)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /
    ) -> None:  # pragma: no cover - the callbacks only set a future
        log.error("interaction %s: form button failed", interaction.id, exc_info=error)


async def _click(
    ctx: DiscordContext, shown: Reply, buttons: tuple[tuple[str, str, discord.ButtonStyle], ...]
) -> tuple[discord.Interaction, str] | None:
    """Show `shown` privately with `buttons`; the click (None when none came in time)."""
    view = Step(ctx.interaction.user.id, buttons)
    await ctx.send_view(shown, view)
    return await view.clicked


async def _page(
    ctx: DiscordContext, form: Form, fields: tuple[FormField, ...], known: Mapping[str, str], n: int
) -> dict[str, str] | None:
    pages = len(form.pages())
    title = form.title(ctx.lang) + (f" ({n}/{pages})" if pages > 1 else "")
    modal = FormModal(form, fields, known, ctx.lang, title, ctx.interaction.user.id)
    if not await ctx.open_modal(modal):
        # A modal opens only as the first answer to a click: offer a button to open it.
        if n > 1:
            note = t("discord.form.page", ctx.lang, page=n - 1, pages=pages)
            label = t("discord.form.continue", ctx.lang)
        else:
            note = t("discord.form.open", ctx.lang)
            label = t("discord.form.open_button", ctx.lang)
        cancel = t("discord.form.cancel", ctx.lang)
        buttons = (
            ("next", label, discord.ButtonStyle.primary),
            ("cancel", cancel, discord.ButtonStyle.secondary),
        )
        got = await _click(ctx, Reply((Text(note),), ephemeral=True), buttons)
        if got is None or got[1] == "cancel":
            if got is not None:
                ctx.use(got[0])
            return None
        ctx.use(got[0])
        await ctx.open_modal(modal)
    answer = await modal.answer
    if answer is None:
        return None
    interaction, values = answer
    ctx.use(interaction)
    return values


async def preview(ctx: DiscordContext, form: Form, values: Mapping[str, str]) -> Reply:
    """What will be posted, in the chat layer's words (a motion's rules in plain words)."""
    if form.name == PRACTICE.name:
        from bot.chat.render import practices as render_practices
        from bot.core.practices.records import build_content

        wanted = {k: v for k, v in values.items() if v}
        return render_practices.preview(build_content(wanted), ctx.lang)
    if form.name == MOTION.name:
        return await _motion_preview(ctx, values)
    fields = tuple(
        f"{f.label(ctx.lang)} : {values[f.name]}" for f in form.fields if values.get(f.name)
    )
    return Reply((Heading(form.title(ctx.lang)), Items(fields)))


async def _motion_preview(ctx: DiscordContext, values: Mapping[str, str]) -> Reply:
    from bot.chat.render import decisions as render_decisions

    text, in_text = split_options(values.get("text", ""))
    _rest, asked = split_options(". " + values.get("rules", ""))
    asked = in_text.merged(asked)
    defaults = await ctx.services.decisions.defaults(ctx.actor)
    # The community's defaults with what the member asked for on top, said in plain words by
    # the chat layer (the core applies the same choices when the motion is posted).
    changes: dict[str, Any] = {
        name: getattr(asked, name)
        for name in ("deadline", "majority", "secret", "seconder", "early_close", "reminders")
        if getattr(asked, name) is not None
    }
    if asked.quorum is not None:
        changes["members_quorum" if asked.body == MEMBERS else "quorum"] = asked.quorum
    rules = render_decisions.defaults(replace(defaults, **changes), ctx.lang)
    items = [b for b in rules.blocks if isinstance(b, Items)]
    blocks: list[Block] = [Heading(values.get("title") or MOTION.title(ctx.lang)), Text(text)]
    blocks += [Heading(t("discord.form.rules", ctx.lang)), *items]
    typed = " ".join(v for v in (values.get("rules", ""),) if v).strip()
    if typed:
        blocks.append(Text(t("discord.form.rules_asked", ctx.lang, options=typed), "dim"))
    return Reply(tuple(blocks), ephemeral=True)


async def run_form(
    ctx: DiscordContext, form: Form, known: Mapping[str, str]
) -> dict[str, str] | None:
    """Every page of `form` as a modal, then the preview: the values, or None if cancelled."""
    check_known(form, known, ctx.lang)
    values: dict[str, str] = {k: v for k, v in known.items() if v}
    for n, fields in enumerate(form.pages(MODAL_INPUTS), start=1):
        got = await _page(ctx, form, fields, values, n)
        if got is None:
            return None
        values.update(got)
    values = {k: v for k, v in values.items() if v}
    shown = await preview(ctx, form, values)
    shown = Reply((*shown.blocks, Text(t("discord.form.check", ctx.lang), "dim")), ephemeral=True)
    buttons = (
        ("publish", t("discord.form.publish", ctx.lang), discord.ButtonStyle.success),
        ("cancel", t("discord.form.cancel", ctx.lang), discord.ButtonStyle.secondary),
    )
    got = await _click(ctx, shown, buttons)
    if got is None:
        return None
    interaction, what = got
    ctx.use(interaction)
    # The preview loses its buttons; what follows is a follow-up of this click.
    if what == "publish":
        await interaction.response.edit_message(
            content=t("discord.form.published", ctx.lang), view=None
        )
        return values
    await interaction.response.edit_message(view=None)  # the handler says it was cancelled
    return None
