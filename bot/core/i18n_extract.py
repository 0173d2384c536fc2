"""Babel extractor for `register({...})` calls: each key's French text, with the key as context.

French is the source language: a message is (msgctxt = key, msgid = French text). The same
reader serves the one-time conversion (tools/i18n_convert.py), which also needs the English
still written in code (`{"fr": ..., "en": ...}`) and where each value sits in the source.

The registrations are read from the syntax tree, never imported: literal dicts, module-level
names (`register(MESSAGES)`), `**` splats, f-strings over module-level string constants and
simple comprehensions over module-level dicts are resolved; anything else is reported.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Entry:
    """One registered message as written in a source file."""

    key: str
    fr: str
    en: str | None  # English still written in code (the dict form), None once converted
    lineno: int
    # The value node when the entry is written `key: value` in the source (None when a
    # comprehension builds it): the conversion rewrites it in place.
    value: ast.expr | None
    fr_node: ast.expr | None


class Unresolved(Exception):
    """A registration the reader cannot evaluate without running the code."""


def _imports_register(tree: ast.Module) -> bool:
    """Whether the module calls the catalog's `register` (imported, or bot/core/i18n.py itself)."""
    for node in tree.body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "bot.core.i18n"
            and any(alias.name == "register" and alias.asname is None for alias in node.names)
        ):
            return True
        if isinstance(node, ast.FunctionDef) and node.name == "register":
            args = node.args.args
            if args and args[0].arg == "messages":
                return True
    return False


class _Reader:
    """Evaluates the small subset of Python the message modules use to build their dicts."""

    def __init__(self, tree: ast.Module) -> None:
        self.consts: dict[str, ast.expr] = {}
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                self.consts[node.targets[0].id] = node.value
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.value is not None
            ):
                self.consts[node.target.id] = node.value
        self.entries: list[Entry] = []
        self.problems: list[str] = []
        self._depth = 0

    def eval(self, node: ast.expr, env: dict[str, Any]) -> Any:
        """The value of an expression made of literals, names, f-strings and comprehensions."""
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.Constant):
                    parts.append(str(part.value))
                elif (
                    isinstance(part, ast.FormattedValue)
                    and part.conversion == -1
                    and part.format_spec is None
                ):
                    parts.append(str(self.eval(part.value, env)))
                else:
                    raise Unresolved(ast.unparse(node))
            return "".join(parts)
        if isinstance(node, ast.Name):
            if node.id in env:
                return env[node.id]
            if node.id in self.consts:
                self._depth += 1
                try:
                    if self._depth > 20:
                        raise Unresolved(node.id)
                    return self.eval(self.consts[node.id], {})
                finally:
                    self._depth -= 1
            raise Unresolved(node.id)
        if isinstance(node, ast.Tuple | ast.List):
            return tuple(self.eval(elt, env) for elt in node.elts)
        if isinstance(node, ast.Dict):
            result: dict[Any, Any] = {}
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    result.update(self.eval(value, env))
                else:
                    result[self.eval(key, env)] = self.eval(value, env)
            return result
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.eval(node.left, env) + self.eval(node.right, env)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "items"
            and not node.args
            and not node.keywords
        ):
            return list(self.eval(node.func.value, env).items())
        if isinstance(node, ast.DictComp):
            return {
                self.eval(node.key, bound): self.eval(node.value, bound)
                for bound in self._bindings(node, env)
            }
        raise Unresolved(ast.unparse(node))

    def _bindings(self, comp: ast.DictComp, env: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The variables of each turn of a one-generator comprehension without conditions."""
        if len(comp.generators) != 1 or comp.generators[0].ifs:
            raise Unresolved(ast.unparse(comp))
        gen = comp.generators[0]
        for item in self.eval(gen.iter, env):
            bound = dict(env)
            self._bind(gen.target, item, bound)
            yield bound

    def _bind(self, target: ast.expr, value: Any, env: dict[str, Any]) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, ast.Tuple) and len(target.elts) == len(value):
            for sub, item in zip(target.elts, value, strict=True):
                self._bind(sub, item, env)
        else:
            raise Unresolved(ast.unparse(target))

    def collect(self, node: ast.expr, env: dict[str, Any], literal: bool) -> None:
        """Add the entries of the mapping `node` passed to register()."""
        if isinstance(node, ast.Name) and node.id not in env and node.id in self.consts:
            self.collect(self.consts[node.id], env, literal)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    self.collect(value, env, literal)
                else:
                    try:
                        self._entry(self.eval(key, env), value, env, literal)
                    except Unresolved as exc:  # one unreadable entry does not hide the others
                        self.problems.append(f"line {value.lineno}: {exc}")
        elif isinstance(node, ast.DictComp):
            for bound in self._bindings(node, env):
                self._entry(self.eval(node.key, bound), node.value, bound, literal=False)
        else:
            raise Unresolved(ast.unparse(node))

    def _entry(self, key: Any, value: ast.expr, env: dict[str, Any], literal: bool) -> None:
        if not isinstance(key, str):
            raise Unresolved(f"key {key!r}")
        fr_node: ast.expr = value
        en: str | None = None
        if isinstance(value, ast.Dict):
            parts = {
                self.eval(k, env): v for k, v in zip(value.keys, value.values, strict=True) if k
            }
            if "fr" not in parts:
                raise Unresolved(f"{key}: no French text")
            fr_node = parts["fr"]
            if "en" in parts:
                en = self.eval(parts["en"], env)
        fr = self.eval(fr_node, env)
        if not isinstance(fr, str) or not (en is None or isinstance(en, str)):
            raise Unresolved(f"{key}: text is not a string")
        self.entries.append(
            Entry(
                key=key,
                fr=fr,
                en=en,
                lineno=value.lineno,
                value=value if literal else None,
                fr_node=fr_node if literal else None,
            )
        )


def find_entries(source: str) -> tuple[list[Entry], list[str]]:
    """The messages registered in a module's source, and what could not be read."""
    tree = ast.parse(source)
    if not _imports_register(tree):
        return [], []
    reader = _Reader(tree)
    problems = reader.problems
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "register"
            and len(node.args) == 1
            and not node.keywords
        ):
            try:
                reader.collect(node.args[0], {}, literal=True)
            except Unresolved as exc:
                problems.append(f"line {node.lineno}: cannot read register() argument: {exc}")
    return reader.entries, problems


def _comments_above(lines: list[str], lineno: int) -> list[str]:
    """The `#` comment lines right above line `lineno`, for the translator."""
    comments: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        comments.insert(0, lines[index].strip().lstrip("#").strip())
        index -= 1
    return [c for c in comments if c and not set(c) <= set("-=")]


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extraction method: (lineno, "pgettext", (key, French), comments) per entry."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    entries, problems = find_entries(source)
    name = getattr(fileobj, "name", "<source>")
    for problem in problems:
        log.warning("%s: %s", name, problem)
    lines = source.splitlines()
    for entry in entries:
        yield entry.lineno, "pgettext", (entry.key, entry.fr), _comments_above(lines, entry.lineno)
