"""Move the English written in code into the gettext catalog, and leave French only in code.

For every `register({key: {"fr": F, "en": E}})` under bot/, write (msgctxt=key, msgid=F,
msgstr=E) into bot/locale/en/LC_MESSAGES/coopilote.po and rewrite the entry to `key: F`.
Idempotent: entries already in the French-only form are left alone, so it is safe to re-run
after merging branches that still add `{"fr", "en"}` entries. The English in code wins over
the catalog's for the same key (it is the newer edit); an older msgid of that key is dropped.

Run it through `make i18n-convert`, which then extracts, updates and compiles the catalogs.
Options: --dry-run (report only), --root DIR (another checkout).
"""

from __future__ import annotations

import argparse
import ast
import io
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from bot.core.i18n_extract import Entry, find_entries  # noqa: E402

PO_RELATIVE = Path("bot/locale/en/LC_MESSAGES/coopilote.po")
LINE_LENGTH = 100  # pyproject.toml [tool.ruff]


def _offsets(source: bytes) -> list[int]:
    """Byte offset of the start of each line (ast columns are UTF-8 byte offsets)."""
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _span(node: ast.expr, starts: list[int]) -> tuple[int, int]:
    assert node.end_lineno is not None and node.end_col_offset is not None
    return (
        starts[node.lineno - 1] + node.col_offset,
        starts[node.end_lineno - 1] + node.end_col_offset,
    )


def _comment_count(source: bytes) -> int:
    tokens = tokenize.tokenize(io.BytesIO(source).readline)
    return sum(1 for tok in tokens if tok.type == tokenize.COMMENT)


def rewrite(source: bytes, entries: list[Entry]) -> bytes:
    """`source` with each literal {"fr", "en"} value replaced by its French expression."""
    starts = _offsets(source)
    edits = []
    for entry in entries:
        if entry.en is None or entry.value is None or entry.fr_node is None:
            continue
        start, end = _span(entry.value, starts)
        fr_start, fr_end = _span(entry.fr_node, starts)
        text = source[fr_start:fr_end].decode("utf-8")
        line_start = starts[entry.value.lineno - 1]
        before = source[line_start:start].decode("utf-8")
        if "\n" in text or len(before) + len(text) + 1 > LINE_LENGTH:
            # ruff format does not wrap a long dict value: parenthesise it, one string a line.
            indent = " " * (len(before) - len(before.lstrip()))
            parts = [part.strip() for part in text.split("\n")]
            inner = "".join(f"\n{indent}    {part}" for part in parts)
            text = f"({inner}\n{indent})"
        edits.append((start, end, text.encode("utf-8")))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _set_translation(catalog: Catalog, entry: Entry, location: tuple[str, int]) -> None:
    """(key, French) -> English in `catalog`, replacing another msgid of the same key."""
    for message in list(catalog):
        if message.id and message.context == entry.key and message.id != entry.fr:
            catalog.delete(message.id, context=entry.key)
    message = catalog.get(entry.fr, context=entry.key)
    if message is None:
        catalog.add(entry.fr, entry.en, locations=[location], context=entry.key)
    else:
        message.string = entry.en
        message.flags.discard("fuzzy")
        message.previous_id = []


def main(argv: list[str] | None = None) -> int:
    """Convert every messages module under <root>/bot; print what was done."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    po_path = root / PO_RELATIVE

    if po_path.exists():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale="en", domain="coopilote")
    else:
        catalog = Catalog(
            locale="en",
            domain="coopilote",
            project="Coopilote",
            version="0.1.0",
            copyright_holder="Coopilote",
            language_team="English",
            fuzzy=False,
        )

    converted: dict[Path, int] = {}
    by_hand: list[str] = []
    problems: list[str] = []
    new_sources: dict[Path, bytes] = {}
    for path in sorted((root / "bot").rglob("*.py")):
        source = path.read_bytes()
        if b"register" not in source:
            continue
        relative = path.relative_to(root).as_posix()
        entries, unreadable = find_entries(source.decode("utf-8"))
        problems += [f"{relative}: {problem}" for problem in unreadable]
        todo = [entry for entry in entries if entry.en is not None]
        if not todo:
            continue
        for entry in todo:
            _set_translation(catalog, entry, (relative, entry.lineno))
            if entry.value is None:
                by_hand.append(f"{relative}:{entry.lineno}: {entry.key} (built by a comprehension)")
        rewritten = rewrite(source, todo)
        if _comment_count(rewritten) != _comment_count(source):
            # A comment inside a {"fr", "en"} value would be lost: leave the file to a person.
            by_hand.append(f"{relative}: a comment sits inside a {{fr, en}} value")
            continue
        if rewritten != source:
            new_sources[path] = rewritten
            converted[path] = sum(1 for entry in todo if entry.value is not None)

    if not args.dry_run:
        po_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=76)
        for path, source in new_sources.items():
            path.write_bytes(source)
        ruff = shutil.which("ruff", path=str(root / ".venv" / "bin")) or shutil.which("ruff")
        if new_sources and ruff:
            subprocess.run([ruff, "format", "--quiet", *map(str, new_sources)], check=True)

    total = sum(converted.values())
    print(f"converted {total} entries in {len(converted)} files; catalog: {po_path}")
    for path, count in converted.items():
        print(f"  {path.relative_to(root).as_posix()}: {count}")
    for line in by_hand:
        print(f"to convert by hand: {line}")
    for line in problems:
        print(f"unreadable: {line}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
