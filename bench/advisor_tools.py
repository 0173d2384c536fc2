"""Print how often a fitting tool is among the three shown, on TSV files of narrow needs.

.venv/bin/python bench/advisor_tools.py [FILE.tsv ...] [--misses] [--rows A:B]

A file has the header `need<TAB>family<TAB>acceptable<TAB>constraints`, acceptable tools
`|`-separated by their common name (default: tests/data/advisor-tools-dev.tsv). A need is
a hit when one of the three tools shown for the first family answered is acceptable
(accents, case and punctuation folded; a tool's aliases count); also printed, a hit among
the tools shown for any family. `--rows A:B` scores rows A to B-1 only (0-based).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.core.advisor.engine import default_advisor
from bot.core.advisor.evaluation import evaluate_tools, read_narrow_tsv

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Score each file and print the figures."""
    argv = sys.argv[1:]
    span = argv[argv.index("--rows") + 1] if "--rows" in argv else None
    files = [Path(a) for a in argv if not a.startswith("--") and a != span]
    files = files or [ROOT / "tests" / "data" / "advisor-tools-dev.tsv"]
    advisor = default_advisor()
    for path in files:
        rows = read_narrow_tsv(path)
        if span:
            start, _, end = span.partition(":")
            rows = rows[int(start or 0) : int(end) if end else None]
        result = evaluate_tools(advisor, rows)
        print(
            f"{path.name}: {result.rows} needs, a fitting tool among the 3 shown "
            f"{result.rate:.1%} ({result.first_family}/{result.rows}), "
            f"in any family shown {result.any_family}/{result.rows}"
        )
        if "--misses" in argv:
            for need, got in result.misses:
                print(f"   {need!r}")
                for family, tools in got:
                    print(f"      {family}: {', '.join(tools)}")


if __name__ == "__main__":
    main()
