"""Print the figures of every held-out set (bench/heldout/): advisor, tools, practice search.

Not a test: it never fails. Run on every landing by `.ci/run`, after the tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = HERE / "heldout"

RUNS: list[tuple[str, list[str]]] = [
    (
        "Conseiller : familles (A, C et D lus, B jamais lu)",
        [
            "advisor_eval.py",
            str(SETS / "advisor-needs-A.tsv"),
            str(SETS / "advisor-needs-B.tsv"),
            str(SETS / "advisor-needs-C.tsv"),
            str(SETS / "advisor-needs-D.tsv"),
        ],
    ),
    (
        "Conseiller : familles (E, jamais lu)",
        ["advisor_eval.py", str(SETS / "advisor-needs-E.tsv")],
    ),
    (
        "Conseiller : familles (F, lu depuis le 2026-12-01, 2e tour du ticket 8)",
        ["advisor_eval.py", str(SETS / "advisor-needs-F.tsv")],
    ),
    (
        "Conseiller : familles (G, lu depuis le 2026-12-01, 3e tour du ticket 8)",
        ["advisor_eval.py", str(SETS / "advisor-needs-G.tsv")],
    ),
    (
        "Conseiller : familles (H, jamais lu)",
        ["advisor_eval.py", str(SETS / "advisor-needs-H.tsv")],
    ),
    ("Conseiller : outils montrés", ["advisor_tools.py", str(SETS / "narrow-needs.tsv")]),
    (
        "Conseiller : outils montrés (D, lisible depuis le 2026-12-01)",
        ["advisor_tools.py", str(SETS / "narrow-needs-D.tsv")],
    ),
    (
        "Conseiller : outils montrés (E, jamais lu)",
        ["advisor_tools.py", str(SETS / "narrow-needs-E.tsv")],
    ),
    (
        "Recherche de pratiques (A lu, B jamais lu)",
        [
            "practices_relevance.py",
            str(SETS / "practices-corpus.json"),
            str(SETS / "practices-queries-A.tsv"),
            str(SETS / "practices-queries-B.tsv"),
        ],
    ),
    (
        "Recherche de pratiques (D, lu depuis le 2026-12-01)",
        [
            "practices_relevance.py",
            str(SETS / "practices-corpus-D.json"),
            str(SETS / "practices-queries-D.tsv"),
        ],
    ),
    (
        "Recherche de pratiques (E, jamais lu)",
        [
            "practices_relevance.py",
            str(SETS / "practices-corpus-E.json"),
            str(SETS / "practices-queries-E.tsv"),
        ],
    ),
    (
        "Conseiller : outils montrés (F, jamais lu)",
        ["advisor_tools.py", str(SETS / "narrow-needs-F.tsv")],
    ),
    (
        "Recherche de pratiques (F, jamais lu)",
        [
            "practices_relevance.py",
            str(SETS / "practices-corpus-F.json"),
            str(SETS / "practices-queries-F.tsv"),
        ],
    ),
]


def main() -> int:
    """Run each evaluation script on its held-out files and print what it prints."""
    for title, (script, *args) in RUNS:
        print(f"== {title}", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *args], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
