"""Measure the advisor on a TSV of needs (`query<TAB>expected`, expected `A|B` or NONE)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.advisor.engine import Advisor
from bot.core.advisor.referentiel import Tool
from bot.core.text import fold


@dataclass(frozen=True, slots=True)
class Miss:
    """A row the advisor got wrong, with what it answered."""

    query: str
    expected: tuple[str, ...]
    got: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Top-1 and top-3 accuracy over rows with families; NONE rows answered empty."""

    rows: int
    family_rows: int
    top1: int
    top3: int
    none_rows: int
    none_empty: int
    misses: tuple[Miss, ...] = field(default=())

    @property
    def top1_rate(self) -> float:
        """Share of rows with families whose first answer is acceptable."""
        return self.top1 / self.family_rows if self.family_rows else 1.0

    @property
    def top3_rate(self) -> float:
        """Share of rows with families where the best expected family is in the first three."""
        return self.top3 / self.family_rows if self.family_rows else 1.0


def read_tsv(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(query, expected families) rows; an empty tuple means NONE."""
    with path.open(encoding="utf-8") as handle:
        rows = []
        for row in csv.DictReader(handle, delimiter="\t"):
            expected = tuple(x for x in row["expected"].split("|") if x and x != "NONE")
            rows.append((row["query"], expected))
        return rows


def read_kinds(path: Path) -> list[str]:
    """The `kind` column of each row (named, problem, english, none…), "" when absent."""
    with path.open(encoding="utf-8") as handle:
        return [row.get("kind") or "" for row in csv.DictReader(handle, delimiter="\t")]


def evaluate(advisor: Advisor, rows: list[tuple[str, tuple[str, ...]]]) -> Evaluation:
    """Top-1: the first answer is any expected family. Top-3: one expected family in three."""
    top1 = top3 = none_rows = none_empty = 0
    misses: list[Miss] = []
    for query, expected in rows:
        got = tuple(m.family.name for m in advisor.advise(query, top=3).matches)
        if not expected:
            none_rows += 1
            none_empty += not got
            if got:
                misses.append(Miss(query, expected, got))
            continue
        hit1 = bool(got) and got[0] in expected
        hit3 = any(g in expected for g in got[:3])
        top1 += hit1
        top3 += hit3
        if not hit1:
            misses.append(Miss(query, expected, got))
    return Evaluation(
        rows=len(rows),
        family_rows=len(rows) - none_rows,
        top1=top1,
        top3=top3,
        none_rows=none_rows,
        none_empty=none_empty,
        misses=tuple(misses),
    )


def normalise_name(name: str) -> str:
    """« Jitsi Meet (meet.jit.si) » → « jitsi meet meet jit si »: accents, case, punctuation."""
    return " ".join("".join(c if c.isalnum() else " " for c in fold(name)).split())


def _names(tool: Tool) -> set[str]:
    names = {normalise_name(tool.name), *(normalise_name(a) for a in tool.aliases)}
    # « draw.io (diagrams.net) » is also « draw.io » and « diagrams.net ».
    if "(" in tool.name:
        head, _, rest = tool.name.partition("(")
        names |= {normalise_name(head), normalise_name(rest.rstrip(")"))}
    return {n for n in names if n}


def tool_matches(tool: Tool, acceptable: list[str]) -> bool:
    """Whether `tool` is one of the acceptable names (its aliases count; whole words)."""
    names = _names(tool)
    for wanted in map(normalise_name, acceptable):
        for name in names:
            if wanted == name or f" {wanted} " in f" {name} " or f" {name} " in f" {wanted} ":
                return True
    return False


@dataclass(frozen=True, slots=True)
class ToolEvaluation:
    """Narrow needs with a fitting tool among the three shown."""

    rows: int
    first_family: int
    any_family: int
    misses: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = field(default=())

    @property
    def rate(self) -> float:
        """Share of needs with a fitting tool among the three shown for the first family."""
        return self.first_family / self.rows if self.rows else 1.0


def read_narrow_tsv(path: Path) -> list[tuple[str, list[str]]]:
    """(need, acceptable tool names) rows of a `need<TAB>family<TAB>acceptable…` file."""
    with path.open(encoding="utf-8") as handle:
        return [
            (row["need"], [a for a in row["acceptable"].split("|") if a.strip()])
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def evaluate_tools(
    advisor: Advisor, rows: list[tuple[str, list[str]]], shown: int = 3
) -> ToolEvaluation:
    """A hit when one of the `shown` tools of the first family is acceptable."""
    first = anywhere = 0
    misses = []
    for need, acceptable in rows:
        matches = advisor.advise(need, top=3).matches
        lists = [m.tools[:shown] for m in matches]
        hit = bool(lists) and any(tool_matches(t, acceptable) for t in lists[0])
        first += hit
        anywhere += any(tool_matches(t, acceptable) for tools in lists for t in tools)
        if not hit:
            got = tuple((m.family.name, tuple(t.name for t in m.tools[:shown])) for m in matches)
            misses.append((need, got))
    return ToolEvaluation(len(rows), first, anywhere, tuple(misses))
