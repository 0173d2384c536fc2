"""Print the advisor's accuracy on evaluation files (default: the dev set), and its misses.

.venv/bin/python bench/advisor_eval.py [FILE.tsv ...] [--misses]
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.core.advisor.engine import default_advisor
from bot.core.advisor.evaluation import evaluate, read_tsv

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Evaluate each file given (or the dev set) and print the figures."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--misses" in sys.argv
    files = [Path(a) for a in args] or [ROOT / "tests" / "data" / "advisor-dev.tsv"]
    advisor = default_advisor()
    for path in files:
        result = evaluate(advisor, read_tsv(path))
        print(
            f"{path.name}: {result.rows} rows, top-1 {result.top1_rate:.1%} "
            f"({result.top1}/{result.family_rows}), top-3 {result.top3_rate:.1%}, "
            f"NONE empty {result.none_empty}/{result.none_rows}"
        )
        if show:
            for miss in result.misses:
                expected = miss.expected or "NONE"
                print(f"   {miss.query!r}\n      expected {expected}\n      got {miss.got}")


if __name__ == "__main__":
    main()
