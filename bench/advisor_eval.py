"""Print the advisor's accuracy on evaluation files (default: the dev set), and its misses.

.venv/bin/python bench/advisor_eval.py [FILE.tsv ...] [--misses]

A file with a `kind` column (named, problem, english, none…) also gets its figures per kind.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from bot.core.advisor.engine import default_advisor
from bot.core.advisor.evaluation import Evaluation, evaluate, read_kinds, read_tsv

ROOT = Path(__file__).resolve().parents[1]


def _line(name: str, result: Evaluation) -> str:
    line = f"{name}: {result.rows} rows"
    if result.family_rows:
        line += (
            f", top-1 {result.top1_rate:.1%} ({result.top1}/{result.family_rows}), "
            f"top-3 {result.top3_rate:.1%}"
        )
    if result.none_rows:
        line += f", NONE empty {result.none_empty}/{result.none_rows}"
    return line


def main() -> None:
    """Evaluate each file given (or the dev set) and print the figures."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--misses" in sys.argv
    files = [Path(a) for a in args] or [ROOT / "tests" / "data" / "advisor-dev.tsv"]
    advisor = default_advisor()
    for path in files:
        rows = read_tsv(path)
        result = evaluate(advisor, rows)
        print(_line(path.name, result))
        by_kind: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for row, kind in zip(rows, read_kinds(path), strict=True):
            if kind:
                by_kind[kind].append(row)
        for kind, kind_rows in sorted(by_kind.items()):
            print("   " + _line(kind, evaluate(advisor, kind_rows)))
        if show:
            for miss in result.misses:
                expected = miss.expected or "NONE"
                print(f"   {miss.query!r}\n      expected {expected}\n      got {miss.got}")


if __name__ == "__main__":
    main()
