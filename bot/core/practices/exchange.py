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

from bot.core.actor import PLATFORMS
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
from bot.core.text import clean_text, has_invalid_unicode, strip_invisible
from bot.core.timefmt import format_date

FORMAT = "coopilote-practices"
# 2: authors, useful marks and moderation carried as accounts (platform, user id, name), and
# purged versions; version 1 files are still read.
FORMAT_VERSION = 2
# A community's whole history fits well under this; bigger files are refused before parsing.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_RECORDS = 5_000
MAX_VERSIONS = 200
MAX_USEFUL = 1_000_000
MAX_MARKS = 10_000
REASON_LIMIT = 500
USER_ID_LIMIT = 255
_UID = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
RECORD_KEYS = frozenset(
    (
        *CONTENT_FIELDS,
        "uid",
        "author",
        "author_account",
        "imported_from",
        "shared",
        "status",
        "created_at",
        "updated_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawn_by_account",
        "withdrawn_as",
        "withdrawn_reason",
        "useful_count",
        "useful_marks",
        "versions",
    )
)
VERSION_KEYS = frozenset(
    (
        "number",
        "editor",
        "editor_account",
        "created_at",
        "content",
        "purged_at",
        "purged_by",
        "purged_by_account",
        "purge_reason",
    )
)
ACCOUNT_KEYS = frozenset(("platform", "user_id", "name"))
MARK_KEYS = frozenset(("platform", "user_id", "name", "at"))
DOCUMENT_KEYS = frozenset(
    ("format", "version", "exported_at", "community", "community_key", "practices")
)


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
class Account:
    """A member as a file names them: platform, user id on it, display name."""

    platform: str
    user_id: str
    name: str

    @property
    def key(self) -> tuple[str, str]:
        """(platform, user id): who this is, whatever the name."""
        return (self.platform, self.user_id)


@dataclass(frozen=True, slots=True)
class ImportMark:
    """A useful mark of an imported record: who marked it and when."""

    account: Account
    at: datetime | None


@dataclass(frozen=True, slots=True)
class ImportVersion:
    """One version of an imported record (`content` is None once purged)."""

    number: int
    editor: str
    created_at: datetime | None
    content: PracticeContent | None
    editor_account: Account | None = None
    purged_at: datetime | None = None
    purged_by: str = ""
    purged_by_account: Account | None = None
    purge_reason: str = ""


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
    author_account: Account | None = None
    imported_from: str = ""
    withdrawn_by_account: Account | None = None
    withdrawn_as: str = ""
    withdrawn_reason: str = ""
    marks: tuple[ImportMark, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportDocument:
    """A validated file: where it comes from, and its records."""

    records: list[ImportRecord]
    community: str = ""
    # « platform:id » of the community exported; a restore when it is the importing one.
    community_key: str = ""


# ----------------------------------------------------------------------------- parsing


class _RefusedConstant(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _DuplicateKey(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _reject_constant(name: str) -> Any:
    raise _RefusedConstant(name)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(_quoted(key, 40))
        out[key] = value
    return out


def _quoted(text: str, limit: int) -> str:
    """User text as an error message may quote it: cleaned, one line, cut at a word."""
    text = " ".join(strip_invisible(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut + "…"


def size_text(size: int, lang: str = "fr") -> str:
    """A file size the Québec way: « 10,5 Mo », « 12 Ko » (« 10.5 MB » in English)."""
    mega, kilo = ("MB", "KB") if lang == "en" else ("Mo", "Ko")
    if size >= 1024 * 1024:
        figure = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
        return (figure if lang == "en" else figure.replace(".", ",")) + " " + mega
    return f"{max(1, round(size / 1024))} {kilo}"


class FileTooBig(InvalidInput):
    """A file over the limit, its real size said in the reader's language."""

    def message(self, lang: str) -> str:
        """« Fichier trop gros (10,5 Mo; maximum 5 Mo). Rien n’a été importé. »"""
        size, limit = size_text(self.params["bytes"], lang), size_text(MAX_IMPORT_BYTES, lang)
        return t(self.code, lang, size=size, limit=limit)


def too_big(size: int) -> InvalidInput:
    """The refusal of a file of `size` bytes (the whole file's size, not what was read)."""
    return FileTooBig("practices.import.too_big", bytes=size)


def parse_document(
    data: bytes | str, *, now: datetime | None = None, size: int | None = None
) -> list[ImportRecord]:
    """Validate a whole JSON export; InvalidInput naming the record and field at fault."""
    return read_document(data, now=now, size=size).records


def read_document(
    data: bytes | str, *, now: datetime | None = None, size: int | None = None
) -> ImportDocument:
    """Validate a whole JSON export with its origin; dates after `now` are refused.

    `size` is the whole file's size when only its beginning was read.
    """
    try:
        raw = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError:
        raise InvalidInput("practices.import.not_utf8") from None
    if len(raw) > MAX_IMPORT_BYTES or (size or 0) > MAX_IMPORT_BYTES:
        raise too_big(max(len(raw), size or 0))
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
    except _DuplicateKey as exc:
        raise InvalidInput("practices.import.duplicate_key", name=exc.name) from None
    except _RefusedConstant as exc:
        raise InvalidInput("practices.import.bad_constant", name=exc.name) from None
    except ValueError:  # a number too long to convert (CPython's digit limit)
        raise InvalidInput("practices.import.huge_number") from None
    community = community_key = ""
    if isinstance(document, list):
        records = document  # a bare list of records is accepted too
    elif isinstance(document, dict):
        unknown = sorted(set(document) - DOCUMENT_KEYS)
        if unknown:
            raise InvalidInput("practices.import.unknown_key", name=_quoted(str(unknown[0]), 40))
        if document.get("format", FORMAT) != FORMAT:
            raise InvalidInput("practices.import.bad_format")
        version = document.get("version", FORMAT_VERSION)
        if type(version) is not int or version > FORMAT_VERSION or version < 1:
            raise InvalidInput("practices.import.bad_version", version=str(version)[:20])
        records = document.get("practices")
        if not isinstance(records, list):
            raise InvalidInput("practices.import.no_list")
        community = _top_text(document.get("community", ""), "community")
        community_key = _top_text(document.get("community_key", ""), "community_key")
    else:
        raise InvalidInput("practices.import.no_list")
    return ImportDocument(parse_records(records, now=now), community, community_key)


def _top_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput("practices.import.unknown_key", name=name)
    return clean_text(value, limit=AUTHOR_LIMIT + 60, multiline=False, field=name)


def parse_records(records: Sequence[Any], *, now: datetime | None = None) -> list[ImportRecord]:
    """Validate decoded records, all of them, before anything is stored."""
    if len(records) > MAX_RECORDS:
        raise InvalidInput("practices.import.too_many", count=len(records), limit=MAX_RECORDS)
    out: list[ImportRecord] = []
    seen: set[str] = set()
    for index, raw in enumerate(records, start=1):
        record = _parse_record(index, raw, now)
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
    # Quoted in the error: cleaned first, so a title can neither erase the line nor print
    # a fake report, nor hold a character that cannot be written.
    if isinstance(raw, dict) and isinstance(raw.get("title"), str):
        return _quoted(raw["title"], 60)
    return ""


def _date(value: Any, field: str, now: datetime | None = None) -> datetime | None:
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
    if now is not None and when > now:
        # A date to come would pin a record at the top of « récentes » for years.
        raise PracticeFieldError("practices.import.future_date", field=field)
    return when.astimezone(UTC)


def _account(value: Any, *, mark: bool = False) -> Account | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidInput("practices.import.not_object")
    unknown = sorted(str(k) for k in set(value) - (MARK_KEYS if mark else ACCOUNT_KEYS))
    if unknown:
        raise InvalidInput("practices.import.unknown_subfield", name=_quoted(unknown[0], 40))
    platform = value.get("platform")
    if platform not in PLATFORMS:
        raise InvalidInput("practices.import.bad_platform")
    user_id = value.get("user_id")
    if not isinstance(user_id, str):
        raise InvalidInput("practices.import.bad_user_id")
    user_id = clean_text(user_id, limit=USER_ID_LIMIT, required=True, field="user_id")
    return Account(platform, user_id, clean_author(value.get("name", "")) or user_id)


def _marks(value: Any, author: Account | None, now: datetime | None) -> tuple[ImportMark, ...]:
    if not isinstance(value, list):
        raise InvalidInput("practices.import.not_list")
    if len(value) > MAX_MARKS:
        raise InvalidInput("practices.import.too_many_marks", limit=MAX_MARKS)
    out: list[ImportMark] = []
    seen: set[tuple[str, str]] = set()
    for item in value:
        account = _account(item, mark=True) if item is not None else None
        if account is None:
            raise InvalidInput("practices.import.not_object")
        if account.key in seen:
            raise InvalidInput("practices.import.duplicate_mark", name=account.name)
        if author is not None and account.key == author.key:
            raise InvalidInput("practices.import.own_mark", name=account.name)
        seen.add(account.key)
        out.append(ImportMark(account, _date(item.get("at"), "useful_marks", now)))
    return tuple(out)


def _reason(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput("practices.import.text_expected")
    return clean_text(value, limit=REASON_LIMIT, multiline=False, field="withdrawn_reason")


def _parse_record(index: int, raw: Any, now: datetime | None = None) -> ImportRecord:
    title = _title_of(raw)
    path: list[str | int] = []

    def fail(problem: CoopiloteError) -> PracticeImportError:
        return PracticeImportError(index, title, path or ["record"], problem)

    if not isinstance(raw, dict):
        raise fail(InvalidInput("practices.import.not_object"))
    unknown = sorted(str(k) for k in set(raw) - RECORD_KEYS)
    if unknown:
        path = [_quoted(unknown[0], 40)]
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
        path = ["author_account"]
        author_account = _account(raw.get("author_account"))
        path = ["imported_from"]
        imported_from = clean_author(raw.get("imported_from", ""))
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
            dates[name] = _date(raw.get(name), name, now)
        path = ["withdrawn_by"]
        withdrawn_by = clean_author(raw.get("withdrawn_by", ""))
        path = ["withdrawn_by_account"]
        withdrawn_by_account = _account(raw.get("withdrawn_by_account"))
        path = ["withdrawn_as"]
        withdrawn_as = raw.get("withdrawn_as", "author" if status == "withdrawn" else "")
        if withdrawn_as not in (("author", "moderator") if status == "withdrawn" else ("",)):
            raise InvalidInput("practices.import.bad_withdrawn_as")
        path = ["withdrawn_reason"]
        withdrawn_reason = _reason(raw.get("withdrawn_reason", ""))
        path = ["useful_count"]
        # Checked, then ignored: the count is recomputed from the marks the file carries, so
        # a file cannot pin a record at the top with a count nobody gave.
        useful = raw.get("useful_count", 0)
        if type(useful) is not int or not 0 <= useful <= MAX_USEFUL:
            raise InvalidInput("practices.import.bad_count", limit=MAX_USEFUL)
        path = ["useful_marks"]
        marks = _marks(raw.get("useful_marks", []), author_account, now)
        path = ["versions"]
        versions = _parse_versions(raw.get("versions", []), content, path, now)
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
        useful_count=len(marks),
        versions=versions,
        author_account=author_account,
        imported_from=imported_from,
        withdrawn_by_account=withdrawn_by_account if status == "withdrawn" else None,
        withdrawn_as=withdrawn_as,
        withdrawn_reason=withdrawn_reason if status == "withdrawn" else "",
        marks=marks,
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
    raw: Any, current: PracticeContent, path: list[str | int], now: datetime | None = None
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
            path.append(_quoted(unknown[0], 40))
            raise InvalidInput("practices.import.unknown_field")
        path[:] = ["versions", number, "number"]
        if item.get("number", number) != number or type(item.get("number", number)) is not int:
            raise InvalidInput("practices.import.bad_version_number", number=number)
        path[:] = ["versions", number, "editor"]
        editor = clean_author(item.get("editor", ""))
        path[:] = ["versions", number, "editor_account"]
        editor_account = _account(item.get("editor_account"))
        path[:] = ["versions", number, "created_at"]
        when = _date(item.get("created_at"), "created_at", now)
        path[:] = ["versions", number, "purged_at"]
        purged_at = _date(item.get("purged_at"), "purged_at", now)
        if purged_at is not None:
            # A purged version carries who, when and why; never its text.
            path[:] = ["versions", number, "purged_by"]
            purged_by = clean_author(item.get("purged_by", ""))
            path[:] = ["versions", number, "purged_by_account"]
            purged_by_account = _account(item.get("purged_by_account"))
            path[:] = ["versions", number, "purge_reason"]
            purge_reason = _reason(item.get("purge_reason", ""))
            path[:] = ["versions", number, "content"]
            if item.get("content") not in (None, {}):
                raise InvalidInput("practices.import.purged_content")
            out.append(
                ImportVersion(
                    number,
                    editor,
                    when,
                    None,
                    editor_account,
                    purged_at,
                    purged_by,
                    purged_by_account,
                    purge_reason,
                )
            )
            continue
        for name in ("purged_by", "purged_by_account", "purge_reason"):
            if name in item:
                path[:] = ["versions", number, name]
                raise InvalidInput("practices.import.purge_without_date")
        path[:] = ["versions", number, "content"]
        body = item.get("content")
        if not isinstance(body, dict):
            raise InvalidInput("practices.import.not_object")
        for name in body:
            if name in LIST_FIELDS and not isinstance(body[name], list):
                path.append(name)
                raise PracticeFieldError("practices.error.list_of_text", field=name)
        content = _content(body, path)
        out.append(ImportVersion(number, editor, when, content, editor_account))
    if out and out[-1].content != current:
        path[:] = ["versions", len(out)]
        raise InvalidInput("practices.import.last_version_differs")
    return tuple(out)


# ----------------------------------------------------------------------------- writing


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


AccountOf = Mapping[int, dict[str, str]]


def _account_of(accounts: AccountOf, member_id: int | None) -> dict[str, str] | None:
    return dict(accounts[member_id]) if member_id is not None and member_id in accounts else None


def _version_dict(v: Any, accounts: AccountOf) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": v.number,
        "editor": v.editor_name,
        "editor_account": _account_of(accounts, v.editor_id),
        "created_at": _iso(v.created_at),
    }
    if v.purged_at is not None:
        out.update(
            purged_at=_iso(v.purged_at),
            purged_by=v.purged_by,
            purged_by_account=_account_of(accounts, v.purged_by_id),
            purge_reason=v.purge_reason,
        )
    else:
        out["content"] = PracticeContent.from_dict(v.content).as_dict()
    return out


def record_dict(
    row: Any,
    versions: Sequence[Any],
    accounts: AccountOf | None = None,
    marks: Sequence[tuple[int, datetime]] = (),
) -> dict[str, Any]:
    """One Practice row (its versions, and its marks as (member id, when)) as a record."""
    accounts = accounts or {}
    content = {
        n: (list(getattr(row, n)) if n in LIST_FIELDS else getattr(row, n)) for n in CONTENT_FIELDS
    }
    useful = [
        {**accounts[mid], "at": _iso(at)}
        for mid, at in sorted(marks, key=lambda m: (m[1], accounts.get(m[0], {}).get("user_id")))
        if mid in accounts
    ]
    withdrawn = row.status == "withdrawn"
    return {
        "uid": row.uid,
        **content,
        "author": row.author_name,
        "author_account": _account_of(accounts, row.author_id),
        "imported_from": row.imported_from,
        "shared": row.shared,
        "status": row.status,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "withdrawn_at": _iso(row.withdrawn_at),
        "withdrawn_by": row.withdrawn_by,
        "withdrawn_by_account": _account_of(accounts, row.withdrawn_by_id) if withdrawn else None,
        "withdrawn_as": row.withdrawn_as if withdrawn else "",
        "withdrawn_reason": row.withdrawn_reason if withdrawn else "",
        # Informative: an import recounts the marks.
        "useful_count": len(useful),
        "useful_marks": useful,
        "versions": [_version_dict(v, accounts) for v in versions],
    }


@dataclass(frozen=True, slots=True)
class ExportRepair:
    """A record whose stored text held invalid Unicode, written out with « � » instead."""

    index: int
    title: str
    field: str

    def message(self, lang: str) -> str:
        """« Fiche n° 3 (« … »), champ « Mots-clés » : caractère invalide remplacé par �. »"""
        where = t(
            "practices.import.record_titled" if self.title else "practices.import.record",
            lang,
            index=self.index,
            title=self.title,
        )
        return t(
            "practices.export.repaired", lang, where=where, field=field_label(self.field, lang)
        )


def _repaired(value: Any, field: str, found: list[str]) -> Any:
    """`value` with every lone surrogate replaced; the fields where one was found."""
    if isinstance(value, str):
        if has_invalid_unicode(value):
            found.append(field)
            return strip_invisible(value)
        return value
    if isinstance(value, list):
        return [_repaired(v, field, found) for v in value]
    if isinstance(value, dict):
        return {
            k: _repaired(v, k if field in ("", "versions") else field, found)
            for k, v in value.items()
        }
    return value


def to_json(
    rows: Sequence[Any],
    versions: Mapping[int, Sequence[Any]],
    community: str,
    now: datetime,
    *,
    community_key: str = "",
    accounts: AccountOf | None = None,
    marks: Mapping[int, Sequence[tuple[int, datetime]]] | None = None,
    repairs: list[ExportRepair] | None = None,
) -> str:
    """The export document (UTF-8 JSON, indented: diffable and readable).

    It never fails because of one record: text stored before the cleaning existed that
    cannot be written as UTF-8 is written with « � », and the record is named in `repairs`.
    """
    records = []
    for index, r in enumerate(rows, start=1):
        record = record_dict(r, versions.get(r.id, ()), accounts, (marks or {}).get(r.id, ()))
        found: list[str] = []
        record = _repaired(record, "", found)
        if found and repairs is not None:
            title = _quoted(str(record.get("title", "")), 60)
            repairs.extend(ExportRepair(index, title, f) for f in dict.fromkeys(found))
        records.append(record)
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": _iso(now),
        "community": strip_invisible(community[:AUTHOR_LIMIT]),
        "community_key": strip_invisible(community_key),
        "practices": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _paragraphs(text: str) -> str:
    # A line break the member typed stays one: CommonMark joins consecutive lines unless
    # the line ends with a backslash (a hard line break); blank lines stay paragraph breaks.
    lines = [inert_markdown(line) if line.strip() else "" for line in text.splitlines()]
    return "\n".join(
        line + "\\" if line and i + 1 < len(lines) and lines[i + 1] else line
        for i, line in enumerate(lines)
    )


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
