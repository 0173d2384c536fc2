"""Practices in and out: JSON (lossless, for backups and sharing) and Markdown (for reading).

An import is checked whole before anything is written: a file that is too big, not JSON,
too deep, or holds one bad record is refused with the record and the field at fault, and
nothing is imported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.core.errors import CoopiloteError, InvalidInput
from bot.core.i18n import t
from bot.core.practices.inert import inert_markdown
from bot.core.practices.records import (
    AUTHOR_LIMIT,
    CONTENT_FIELDS,
    LIST_FIELDS,
    PracticeContent,
    PracticeFieldError,
    build_content,
    clean_author,
    field_label,
)
from bot.core.timefmt import format_date

FORMAT = "coopilote-practices"
FORMAT_VERSION = 1
# A community's whole history fits well under this; bigger files are refused before parsing.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_RECORDS = 5_000
MAX_VERSIONS = 200
MAX_USEFUL = 1_000_000
_UID = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
RECORD_KEYS = frozenset(
    (
        *CONTENT_FIELDS,
        "uid",
        "author",
        "shared",
        "status",
        "created_at",
        "updated_at",
        "withdrawn_at",
        "withdrawn_by",
        "useful_count",
        "versions",
    )
)
VERSION_KEYS = frozenset(("number", "editor", "created_at", "content"))
DOCUMENT_KEYS = frozenset(("format", "version", "exported_at", "community", "practices"))


class PracticeImportError(InvalidInput):
    """One record of an import is refused: which one, which field, and why."""

    def __init__(
        self, index: int, title: str, path: Sequence[str | int], problem: CoopiloteError
    ) -> None:
        super().__init__(
            "practices.import.record_error", index=index, title=title, path=tuple(path)
        )
        self.problem = problem

    def message(self, lang: str) -> str:
        """« Fiche n° 3 (« Titre ») — champ « Titre » : trop long… Rien n’a été importé. »"""
        parts: list[str] = []
        for step in self.params["path"]:
            if isinstance(step, int):
                parts[-1] += f" n° {step}"
            else:
                parts.append(field_label(step, lang))
        title = self.params["title"]
        where = t(
            "practices.import.record_titled" if title else "practices.import.record",
            lang,
            index=self.params["index"],
            title=title,
        )
        return t(
            self.code,
            lang,
            where=where,
            field=" › ".join(parts) or "?",
            problem=self.problem.message(lang),
        )


@dataclass(frozen=True, slots=True)
class ImportVersion:
    """One version of an imported record."""

    number: int
    editor: str
    created_at: datetime | None
    content: PracticeContent


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """A validated record, ready to be stored."""

    uid: str
    content: PracticeContent
    author: str
    shared: bool
    status: str
    created_at: datetime | None
    updated_at: datetime | None
    withdrawn_at: datetime | None
    withdrawn_by: str
    useful_count: int
    versions: tuple[ImportVersion, ...]


# ----------------------------------------------------------------------------- parsing


def _reject_constant(name: str) -> Any:
    raise ValueError(f"constant {name} refused")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key[:40]}")
        out[key] = value
    return out


def parse_document(data: bytes | str) -> list[ImportRecord]:
    """Validate a whole JSON export; InvalidInput naming the record and field at fault."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_IMPORT_BYTES:
        raise InvalidInput(
            "practices.import.too_big", size=len(raw) // 1024, limit=MAX_IMPORT_BYTES // 1024
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("practices.import.not_utf8") from None
    try:
        document = json.loads(
            text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys
        )
    except RecursionError:
        raise InvalidInput("practices.import.too_deep") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput("practices.import.not_json", line=exc.lineno, column=exc.colno) from None
    except ValueError as exc:  # refused constants, duplicate keys, huge numbers
        raise InvalidInput("practices.import.bad_json", detail=str(exc)[:80]) from None
    if isinstance(document, list):
        records = document  # a bare list of records is accepted too
    elif isinstance(document, dict):
        unknown = sorted(set(document) - DOCUMENT_KEYS)
        if unknown:
            raise InvalidInput("practices.import.unknown_key", name=str(unknown[0])[:40])
        if document.get("format", FORMAT) != FORMAT:
            raise InvalidInput("practices.import.bad_format")
        version = document.get("version", FORMAT_VERSION)
        if type(version) is not int or version > FORMAT_VERSION or version < 1:
            raise InvalidInput("practices.import.bad_version", version=str(version)[:20])
        records = document.get("practices")
        if not isinstance(records, list):
            raise InvalidInput("practices.import.no_list")
    else:
        raise InvalidInput("practices.import.no_list")
    return parse_records(records)


def parse_records(records: Sequence[Any]) -> list[ImportRecord]:
    """Validate decoded records, all of them, before anything is stored."""
    if len(records) > MAX_RECORDS:
        raise InvalidInput("practices.import.too_many", count=len(records), limit=MAX_RECORDS)
    out: list[ImportRecord] = []
    seen: set[str] = set()
    for index, raw in enumerate(records, start=1):
        record = _parse_record(index, raw)
        if record.uid:
            if record.uid in seen:
                raise PracticeImportError(
                    index,
                    record.content.title[:60],
                    ["uid"],
                    InvalidInput("practices.import.duplicate_uid"),
                )
            seen.add(record.uid)
        out.append(record)
    return out


def _title_of(raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("title"), str):
        return " ".join(raw["title"].split())[:60]
    return ""


def _date(value: Any, field: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise PracticeFieldError("practices.import.bad_date", field=field)
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PracticeFieldError("practices.import.bad_date", field=field) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # naive dates are read as UTC
    if not 1900 <= when.year <= 2200:
        raise PracticeFieldError("practices.import.bad_date", field=field)
    return when.astimezone(UTC)


def _parse_record(index: int, raw: Any) -> ImportRecord:
    title = _title_of(raw)
    path: list[str | int] = []

    def fail(problem: CoopiloteError) -> PracticeImportError:
        return PracticeImportError(index, title, path or ["record"], problem)

    if not isinstance(raw, dict):
        raise fail(InvalidInput("practices.import.not_object"))
    unknown = sorted(str(k) for k in set(raw) - RECORD_KEYS)
    if unknown:
        path = [unknown[0][:40]]
        raise fail(InvalidInput("practices.import.unknown_field"))
    try:
        values: dict[str, Any] = {}
        for name in CONTENT_FIELDS:
            if name in raw:
                path = [name]
                if name in LIST_FIELDS and not isinstance(raw[name], list):
                    raise PracticeFieldError("practices.error.list_of_text", field=name)
                values[name] = raw[name]
        path = []
        content = _content(values, path)
        path = ["uid"]
        uid = raw.get("uid", "")
        if not isinstance(uid, str) or (uid and not _UID.match(uid)):
            raise InvalidInput("practices.import.bad_uid")
        path = ["author"]
        author = clean_author(raw.get("author", ""))
        path = ["shared"]
        shared = raw.get("shared", False)
        if not isinstance(shared, bool):
            raise InvalidInput("practices.import.bad_bool")
        path = ["status"]
        status = raw.get("status", "published")
        if status not in ("published", "withdrawn"):
            raise InvalidInput("practices.import.bad_status")
        dates = {}
        for name in ("created_at", "updated_at", "withdrawn_at"):
            path = [name]
            dates[name] = _date(raw.get(name), name)
        path = ["withdrawn_by"]
        withdrawn_by = clean_author(raw.get("withdrawn_by", ""))
        path = ["useful_count"]
        useful = raw.get("useful_count", 0)
        if type(useful) is not int or not 0 <= useful <= MAX_USEFUL:
            raise InvalidInput("practices.import.bad_count", limit=MAX_USEFUL)
        path = ["versions"]
        versions = _parse_versions(raw.get("versions", []), content, path)
    except PracticeImportError:
        raise
    except CoopiloteError as exc:
        raise fail(exc) from None
    return ImportRecord(
        uid=uid,
        content=content,
        author=author,
        shared=shared,
        status=status,
        created_at=dates["created_at"],
        updated_at=dates["updated_at"],
        withdrawn_at=dates["withdrawn_at"],
        withdrawn_by=withdrawn_by,
        useful_count=useful,
        versions=versions,
    )


def _content(values: Mapping[str, Any], path: list[str | int]) -> PracticeContent:
    """Validated content; on error, `path` ends with the field at fault."""
    try:
        return build_content(values)
    except PracticeFieldError as exc:
        path.append(str(exc.params.get("field", "record")))
        raise
    except InvalidInput as exc:  # an unknown field name
        path.append(str(exc.params.get("name", "record")))
        raise


def _parse_versions(
    raw: Any, current: PracticeContent, path: list[str | int]
) -> tuple[ImportVersion, ...]:
    if not isinstance(raw, list):
        raise InvalidInput("practices.import.not_list")
    if len(raw) > MAX_VERSIONS:
        raise InvalidInput("practices.import.too_many_versions", limit=MAX_VERSIONS)
    out: list[ImportVersion] = []
    for number, item in enumerate(raw, start=1):
        path[:] = ["versions", number]
        if not isinstance(item, dict):
            raise InvalidInput("practices.import.not_object")
        unknown = sorted(str(k) for k in set(item) - VERSION_KEYS)
        if unknown:
            path.append(unknown[0][:40])
            raise InvalidInput("practices.import.unknown_field")
        path[:] = ["versions", number, "number"]
        if item.get("number", number) != number or type(item.get("number", number)) is not int:
            raise InvalidInput("practices.import.bad_version_number", number=number)
        path[:] = ["versions", number, "editor"]
        editor = clean_author(item.get("editor", ""))
        path[:] = ["versions", number, "created_at"]
        when = _date(item.get("created_at"), "created_at")
        path[:] = ["versions", number, "content"]
        body = item.get("content")
        if not isinstance(body, dict):
            raise InvalidInput("practices.import.not_object")
        for name in body:
            if name in LIST_FIELDS and not isinstance(body[name], list):
                path.append(name)
                raise PracticeFieldError("practices.error.list_of_text", field=name)
        content = _content(body, path)
        out.append(ImportVersion(number, editor, when, content))
    if out and out[-1].content != current:
        path[:] = ["versions", len(out)]
        raise InvalidInput("practices.import.last_version_differs")
    return tuple(out)


# ----------------------------------------------------------------------------- writing


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


def record_dict(row: Any, versions: Sequence[Any]) -> dict[str, Any]:
    """One Practice row (and its versions) as an export record."""
    content = {
        n: (list(getattr(row, n)) if n in LIST_FIELDS else getattr(row, n)) for n in CONTENT_FIELDS
    }
    return {
        "uid": row.uid,
        **content,
        "author": row.author_name,
        "shared": row.shared,
        "status": row.status,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "withdrawn_at": _iso(row.withdrawn_at),
        "withdrawn_by": row.withdrawn_by,
        "useful_count": row.useful_count,
        "versions": [
            {
                "number": v.number,
                "editor": v.editor_name,
                "created_at": _iso(v.created_at),
                "content": PracticeContent.from_dict(v.content).as_dict(),
            }
            for v in versions
        ],
    }


def to_json(
    rows: Sequence[Any], versions: Mapping[int, Sequence[Any]], community: str, now: datetime
) -> str:
    """The export document (UTF-8 JSON, indented: diffable and readable)."""
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": _iso(now),
        "community": community[:AUTHOR_LIMIT],
        "practices": [record_dict(r, versions.get(r.id, ())) for r in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _paragraphs(text: str) -> str:
    return "\n".join(inert_markdown(line) if line.strip() else "" for line in text.splitlines())


def to_markdown(
    records: Sequence[tuple[Any, PracticeContent]],
    community: str,
    lang: str,
    tz: str,
    now: datetime,
) -> str:
    """A readable document; every member text is escaped so nothing in it is interpreted."""
    lines = [
        "# " + t("practices.md.title", lang, community=inert_markdown(community or "Coopilote")),
        "",
        "_"
        + t("practices.md.exported", lang, date=format_date(now, tz, lang), count=len(records))
        + "_",
    ]
    for number, (row, c) in enumerate(records, start=1):
        lines += ["", f"## {number}. {inert_markdown(c.title)}", ""]
        facts = [
            (name, getattr(c, name))
            for name in ("organisation", "org_type", "sector", "size", "region", "period")
            if getattr(c, name)
        ]
        facts += [(name, ", ".join(getattr(c, name))) for name in LIST_FIELDS if getattr(c, name)]
        for name, value in facts:
            lines.append(f"- **{field_label(name, lang)} :** {inert_markdown(value)}")
        for name in ("need", "actions", "results", "advice"):
            text = getattr(c, name)
            if text:
                lines += ["", f"### {field_label(name, lang)}", "", _paragraphs(text)]
        lines += [
            "",
            "_"
            + t(
                "practices.md.footer",
                lang,
                author=inert_markdown(row.author_name),
                date=format_date(row.created_at, tz, lang),
                version=row.version,
                useful=row.useful_count,
            )
            + "_",
        ]
    return "\n".join(lines) + "\n"
