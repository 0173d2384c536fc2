"""What a practice record holds: its fields, their limits, their validation, and the results.

Validation is here, once, for every way a record comes in (chat, guided prompts, imports).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot.core.errors import InvalidInput
from bot.core.i18n import LANGUAGES, has, t
from bot.core.practices import catalog
from bot.core.practices import messages as _messages  # noqa: F401  (registers the texts)
from bot.core.text import clean_text, fold, strip_invisible, words


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a practice: its kind, limit and whether it is required."""

    name: str
    limit: int
    required: bool = False
    multiline: bool = False
    kind: str = "text"  # text | list | language
    max_items: int = 0  # lists only


# Limits are generous for real stories yet keep one record readable in a chat message.
SPECS: dict[str, FieldSpec] = {
    s.name: s
    for s in (
        FieldSpec("title", 200, required=True),
        FieldSpec("org_type", 100),
        FieldSpec("sector", 100),
        FieldSpec("size", 100),
        FieldSpec("region", 100),
        FieldSpec("organisation", 200),
        FieldSpec("period", 100),
        FieldSpec("need", 4000, multiline=True),
        FieldSpec("actions", 8000, required=True, multiline=True),
        FieldSpec("results", 4000, multiline=True),
        FieldSpec("advice", 4000, multiline=True),
        FieldSpec("tools", 80, kind="list", max_items=20),
        FieldSpec("families", 120, kind="list", max_items=8),
        FieldSpec("tags", 50, kind="list", max_items=15),
        FieldSpec("language", 8, kind="language"),
    )
}
CONTENT_FIELDS: tuple[str, ...] = tuple(SPECS)
TEXT_FIELDS = tuple(n for n, s in SPECS.items() if s.kind == "text")
LIST_FIELDS = ("tools", "families", "tags")
# Fields shown as the record's context line.
CONTEXT_FIELDS = ("org_type", "sector", "size", "region")
AUTHOR_LIMIT = 200


class PracticeFieldError(InvalidInput):
    """A field's value is refused; the field's label is translated when shown."""

    def message(self, lang: str) -> str:
        """The error with the field named in `lang`."""
        params = dict(self.params)
        if "field" in params:
            params["field"] = field_label(str(params["field"]), lang)
        return t(self.code, lang, **params)


def field_label(name: str, lang: str) -> str:
    """The human name of a field (« Ce qui a été fait »)."""
    key = f"practices.field.{name}"
    return t(key, lang) if has(key) else name


@dataclass(frozen=True, slots=True)
class PracticeContent:
    """Everything a member writes in a practice record (one version of it)."""

    title: str
    actions: str
    org_type: str = ""
    sector: str = ""
    size: str = ""
    region: str = ""
    organisation: str = ""
    period: str = ""
    need: str = ""
    results: str = ""
    advice: str = ""
    tools: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str = "fr"

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, in the fields' order."""
        return {
            name: list(getattr(self, name)) if name in LIST_FIELDS else getattr(self, name)
            for name in CONTENT_FIELDS
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PracticeContent:
        """Rebuild from stored values (already validated)."""
        values = {}
        for name in CONTENT_FIELDS:
            value = data.get(name)
            if name in LIST_FIELDS:
                values[name] = tuple(value or ())
            else:
                values[name] = value or ("fr" if name == "language" else "")
        return cls(**values)

    def changed_fields(self, other: PracticeContent) -> tuple[str, ...]:
        """Names of the fields whose value differs from `other`."""
        return tuple(n for n in CONTENT_FIELDS if getattr(self, n) != getattr(other, n))


def _as_items(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        # Chat input: « Zoom, Doodle; Loomio » or one per line.
        parts = value.replace(";", ",").replace("\n", ",").split(",")
        return [p for p in parts if p.strip()]
    if isinstance(value, list | tuple):
        for item in value:
            if not isinstance(item, str):
                raise PracticeFieldError("practices.error.list_of_text", field=name)
        return list(value)
    raise PracticeFieldError("practices.error.list_of_text", field=name)


def normalize_language(value: Any) -> str:
    """'fr' or 'en' from forgiving input (« Français », « en-CA »); InvalidInput otherwise."""
    if not isinstance(value, str):
        raise PracticeFieldError("practices.error.language", field="language", value="?")
    folded = fold(value).strip()
    aliases = {"francais": "fr", "french": "fr", "anglais": "en", "english": "en"}
    code = aliases.get(folded, folded[:2] if len(folded) in (2, 5) else folded)
    if code not in LANGUAGES:
        raise PracticeFieldError(
            "practices.error.language", field="language", value=strip_invisible(value)[:20]
        )
    return code


def normalize_field(name: str, value: Any) -> Any:
    """One field's value cleaned and checked (lists as tuples); PracticeFieldError if bad."""
    spec = SPECS.get(name)
    if spec is None:
        raise InvalidInput("practices.error.unknown_field", name=strip_invisible(str(name))[:40])
    if spec.kind == "language":
        return normalize_language(value) if value not in (None, "") else "fr"
    if spec.kind == "list":
        items = _as_items(name, value)
        out: list[str] = []
        seen: set[str] = set()
        for raw in items:
            text = _clean(name, raw, spec.limit, multiline=False)
            if not text:
                continue
            if name == "families":
                resolved = catalog.resolve_family(text)
                if resolved is None:
                    raise PracticeFieldError(
                        "practices.error.unknown_family", field=name, name=text[:80]
                    )
                text = resolved
            elif name == "tools":
                # Unknown tools stay as free text: the catalog is young and never complete.
                text = catalog.resolve_tool(text)
            key = " ".join(fold(text).split())
            if key in seen:
                continue
            seen.add(key)
            out.append(text)
        if len(out) > spec.max_items:
            raise PracticeFieldError(
                "practices.error.too_many", field=name, count=len(out), limit=spec.max_items
            )
        return tuple(out)
    if value is not None and not isinstance(value, str):
        raise PracticeFieldError("practices.error.text_expected", field=name)
    return _clean(name, value, spec.limit, multiline=spec.multiline, required=spec.required)


def _clean(
    name: str, value: str | None, limit: int, *, multiline: bool, required: bool = False
) -> str:
    try:
        return clean_text(value, limit=limit, required=required, field=name, multiline=multiline)
    except InvalidInput as exc:
        raise PracticeFieldError(exc.code, **exc.params) from None


def build_content(
    values: Mapping[str, Any], base: PracticeContent | None = None
) -> PracticeContent:
    """A validated content from `values` (all fields, or changes over `base`)."""
    unknown = [k for k in values if k not in SPECS]
    if unknown:
        raise InvalidInput(
            "practices.error.unknown_field", name=strip_invisible(str(unknown[0]))[:40]
        )
    current = base.as_dict() if base is not None else {}
    merged: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if name in values:
            merged[name] = normalize_field(name, values[name])
        elif base is not None:
            merged[name] = tuple(current[name]) if name in LIST_FIELDS else current[name]
        else:
            merged[name] = normalize_field(name, None)
    if base is None and "language" not in values:
        merged["language"] = guess_language(" ".join((merged["title"], merged["actions"])))
    return PracticeContent(**merged)


_FR_HINTS = frozenset("le la les des une est et pour avec dans nous sur qui que du au aux".split())
_EN_HINTS = frozenset("the and for with our was were this that have has from into of is".split())


def guess_language(text: str) -> str:
    """'en' when the text reads clearly as English, else 'fr' (French first)."""
    tokens = words(text)
    fr = sum(1 for w in tokens if w in _FR_HINTS)
    en = sum(1 for w in tokens if w in _EN_HINTS)
    return "en" if en > fr and en >= 2 else "fr"


def clean_author(name: Any) -> str:
    """An author's display name, single line, within limits."""
    if not isinstance(name, str):
        raise PracticeFieldError("practices.error.text_expected", field="author")
    try:
        return clean_text(name, limit=AUTHOR_LIMIT, multiline=False, field="author")
    except InvalidInput as exc:
        raise PracticeFieldError(exc.code, **exc.params) from None


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Highlighted:
    """A piece of text and where the matched words are in it (adapters render the marks)."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()
    field: str = ""
    # True when the text was cut at its start or end.
    cut_start: bool = False
    cut_end: bool = False

    def marked(self, left: str = "«", right: str = "»") -> str:
        """The text with each matched word between `left` and `right`."""
        out: list[str] = []
        last = 0
        for start, end in self.spans:
            out.append(self.text[last:start])
            out.append(left + self.text[start:end] + right)
            last = end
        out.append(self.text[last:])
        return ("…" if self.cut_start else "") + "".join(out) + ("…" if self.cut_end else "")


@dataclass(frozen=True, slots=True)
class PracticeSummary:
    """A practice in a list or in search results."""

    id: int
    title: str
    useful_count: int
    author: str
    organisation: str
    families: tuple[str, ...]
    tags: tuple[str, ...]
    created_at: datetime
    status: str = "published"
    shared: bool = False
    # False when it comes from another community that shared it.
    own: bool = True
    community: str = ""
    title_marked: Highlighted | None = None
    snippet: Highlighted | None = None


@dataclass(frozen=True, slots=True)
class PracticeView:
    """One practice in full, as the actor may see it."""

    id: int
    uid: str
    content: PracticeContent
    author: str
    status: str
    shared: bool
    version: int
    useful_count: int
    marked_useful: bool
    can_edit: bool
    own: bool
    community: str
    created_at: datetime
    updated_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str
    # The viewer's community timezone, for showing dates.
    tz: str = "America/Montreal"
    # 'author' or 'moderator' once withdrawn; the moderator's reason, shown to the author.
    withdrawn_as: str = ""
    withdrawn_reason: str = ""
    # The community it was imported from (« importée de … »), if any.
    imported_from: str = ""
    can_restore: bool = False

    @property
    def title(self) -> str:
        """The title (for renderers that only need it)."""
        return self.content.title

    @property
    def withdrawn(self) -> bool:
        """Whether the record is withdrawn."""
        return self.status == "withdrawn"


@dataclass(frozen=True, slots=True)
class VersionView:
    """One version of a practice, with what changed since the previous one."""

    practice_id: int
    number: int
    editor: str
    created_at: datetime
    content: PracticeContent
    changed: tuple[str, ...]
    current: bool
    tz: str = "America/Montreal"
    # Purged versions keep who purged them, when and why; never their text.
    purged_at: datetime | None = None
    purged_by: str = ""
    purge_reason: str = ""

    @property
    def purged(self) -> bool:
        """Whether this version's content was purged."""
        return self.purged_at is not None


@dataclass(frozen=True, slots=True)
class UsefulResult:
    """The state of the actor's usefulness mark after a toggle."""

    practice_id: int
    title: str
    marked: bool
    useful_count: int


@dataclass(frozen=True, slots=True)
class PracticePage:
    """A page of a list (recent, most useful, withdrawn)."""

    items: tuple[PracticeSummary, ...]
    total: int
    page: int
    per_page: int
    order: str
    tz: str = "America/Montreal"

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A search as the member typed it: words and filters (any may be empty)."""

    text: str = ""
    families: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    page: int = 1

    @property
    def has_filters(self) -> bool:
        """Whether any filter is set."""
        return bool(self.families or self.tags or self.sectors or self.tools)

    def with_page(self, page: int) -> SearchRequest:
        """The same search, another page."""
        return replace(self, page=page)


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of search results."""

    request: SearchRequest
    hits: tuple[PracticeSummary, ...]
    total: int
    page: int
    per_page: int
    # Query words replaced by the word of the index they were most likely meant to be.
    corrections: tuple[tuple[str, str], ...] = ()
    # True when no record held every word, and records holding some of them are shown.
    relaxed: bool = False
    tz: str = "America/Montreal"
    # True when there are more matches than `total` (counting stops at a few thousand).
    more: bool = False
    # How well each hit answers the words (same order as hits; empty for filters only).
    scores: tuple[float, ...] = ()

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did."""

    imported: int
    skipped: int
    ids: tuple[int, ...] = field(default=())
