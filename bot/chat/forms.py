"""Guided dialogs declared once: a motion and a practice record, as data.

A form is its fields in order, each with a label and a hint in both languages, a limit and
whether it is required. The console asks one field at a time; Discord shows the same fields as
modals of at most five inputs (`pages`). The limits and required fields come from the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.chat.messages import forms as _messages  # noqa: F401  (registers the texts)
from bot.core.decisions.base import MAX_TEXT, MAX_TITLE
from bot.core.i18n import t
from bot.core.practices.records import SPECS, field_label

MODAL_INPUTS = 5  # Discord: at most five inputs per modal
RULES_LIMIT = 200  # « délai=72h secret majorité=2/3 quorum=3 votants=membres » and then some

FieldKind = Literal["text", "list"]


@dataclass(frozen=True, slots=True)
class FormField:
    """One input of a form."""

    name: str
    label_fr: str
    label_en: str
    hint_fr: str
    hint_en: str
    limit: int  # characters (each item's, for a list)
    required: bool = False
    multiline: bool = False
    kind: FieldKind = "text"
    max_items: int = 0  # lists only

    def label(self, lang: str) -> str:
        """The field's name in `lang`."""
        return self.label_en if lang == "en" else self.label_fr

    def hint(self, lang: str) -> str:
        """An example or a word on what to write, in `lang`."""
        return self.hint_en if lang == "en" else self.hint_fr

    @property
    def input_limit(self) -> int:
        """Characters one input may take (a list: its items and their separators)."""
        if self.kind == "list":
            return self.limit * self.max_items + 2 * (self.max_items - 1)
        return self.limit


@dataclass(frozen=True, slots=True)
class Form:
    """A guided dialog: a title and its fields in the order they are asked."""

    name: str
    title_fr: str
    title_en: str
    fields: tuple[FormField, ...]

    def title(self, lang: str) -> str:
        """The form's title in `lang`."""
        return self.title_en if lang == "en" else self.title_fr

    def field(self, name: str) -> FormField:
        """The field called `name`."""
        return next(f for f in self.fields if f.name == name)

    def pages(self, size: int = MODAL_INPUTS) -> tuple[tuple[FormField, ...], ...]:
        """The fields split into pages of at most `size` (one Discord modal each)."""
        return tuple(self.fields[i : i + size] for i in range(0, len(self.fields), size))


def _practice_field(name: str) -> FormField:
    spec = SPECS[name]
    return FormField(
        name,
        field_label(name, "fr"),
        field_label(name, "en"),
        t(f"forms.practice.hint.{name}", "fr"),
        t(f"forms.practice.hint.{name}", "en"),
        spec.limit,
        spec.required,
        spec.multiline,
        "list" if spec.kind == "list" else "text",
        spec.max_items,
    )


def _field(form: str, name: str, limit: int, **kw: object) -> FormField:
    key = f"forms.{form}.{name}"
    return FormField(
        name,
        t(key, "fr"),
        t(key, "en"),
        t(key + ".hint", "fr"),
        t(key + ".hint", "en"),
        limit,
        **kw,  # type: ignore[arg-type]
    )


# The story first, its context after; the first page holds both required fields.
PRACTICE = Form(
    "practice",
    t("forms.practice", "fr"),
    t("forms.practice", "en"),
    tuple(
        _practice_field(name)
        for name in (
            "title",
            "need",
            "actions",
            "results",
            "advice",
            "tools",
            "families",
            "tags",
            "organisation",
            "org_type",
            "sector",
            "size",
            "region",
            "period",
        )
    ),
)

MOTION = Form(
    "motion",
    t("forms.motion", "fr"),
    t("forms.motion", "en"),
    (
        _field("motion", "text", MAX_TEXT, required=True, multiline=True),
        _field("motion", "title", MAX_TITLE),
        _field("motion", "rules", RULES_LIMIT),
    ),
)

FORMS = (MOTION, PRACTICE)
