"""Measure the advisor on a TSV of needs (`query<TAB>expected`, expected `A|B` or NONE)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.advisor.engine import Advisor


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
