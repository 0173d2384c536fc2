"""Print how often a fitting tool is among the three shown, on a TSV of narrow needs.

.venv/bin/python bench/advisor_tools.py FILE.tsv [--misses] [--rows A:B]

FILE has the header `need<TAB>family<TAB>acceptable<TAB>constraints`, acceptable tools
`|`-separated by their common name. A need is a hit when one of the three tools shown for
the first family answered matches an acceptable name (accents, case and punctuation
folded; a tool's aliases count). Also printed: a hit among the three tools shown for any
family answered. `--rows A:B` scores only rows A to B-1 (0-based), `--misses` lists them.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from bot.core.advisor.engine import default_advisor
from bot.core.advisor.referentiel import Tool
from bot.core.text import fold

SHOWN = 3


def normalise(name: str) -> str:
    """« Jitsi Meet (meet.jit.si) » → « jitsi meet meet jit si »."""
    return " ".join("".join(c if c.isalnum() else " " for c in fold(name)).split())


def _names(tool: Tool) -> set[str]:
    names = {normalise(tool.name), *(normalise(a) for a in tool.aliases)}
    # « draw.io (diagrams.net) » is also « draw.io » and « diagrams.net ».
    if "(" in tool.name:
        head, _, rest = tool.name.partition("(")
        names |= {normalise(head), normalise(rest.rstrip(")"))}
    return {n for n in names if n}


def fits(tool: Tool, acceptable: list[str]) -> bool:
    """Whether a shown tool is one of the acceptable names."""
    names = _names(tool)
    for wanted in map(normalise, acceptable):
        for name in names:
            if wanted == name or f" {wanted} " in f" {name} " or f" {name} " in f" {wanted} ":
                return True
    return False


def main() -> None:
    """Score the file and print the figures."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--misses" in sys.argv
    span = next((sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--rows"), None)
    path = Path(args[0])
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    if span:
        start, _, end = span.partition(":")
        rows = rows[int(start or 0) : int(end) if end else None]
        args = [a for a in args if a != span]
    advisor = default_advisor()
    first = anywhere = family_top3 = 0
    misses = []
    for row in rows:
        acceptable = [a for a in row["acceptable"].split("|") if a.strip()]
        advice = advisor.advise(row["need"], top=3)
        shown = [m.tools[:SHOWN] for m in advice.matches]
        hit = bool(shown) and any(fits(t, acceptable) for t in shown[0])
        first += hit
        anywhere += any(fits(t, acceptable) for tools in shown for t in tools)
        family_top3 += any(m.family.name == row["family"] for m in advice.matches)
        if not hit:
            misses.append(
                (row, [(m.family.name, [t.name for t in m.tools[:SHOWN]]) for m in advice.matches])
            )
    n = len(rows) or 1
    print(
        f"{path.name}: {len(rows)} needs, fitting tool among the 3 shown (first family) "
        f"{first / n:.1%} ({first}/{len(rows)}), in any family shown {anywhere / n:.1%}, "
        f"family in top 3 {family_top3 / n:.1%}"
    )
    if show:
        for row, got in misses:
            print(f"   {row['need']!r} [{row['constraints']}]\n      want {row['acceptable']}")
            for family, tools in got:
                print(f"      {family}: {', '.join(tools)}")


if __name__ == "__main__":
    main()
