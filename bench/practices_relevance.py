"""Relevance of practice search on a graded set: nDCG@5 and recall@5, overall and per kind.

Not a test: prints figures. Usage:
    python bench/practices_relevance.py CORPUS.json QUERIES.tsv [QUERIES.tsv ...] [--misses]

The corpus (the JSON format of `coopilote practices import`, records with a `uid`) goes into a
fresh database through the real import; each query is searched by a plain member, as
`/pratique chercher` would, and its first page of 5 is scored. The queries file is a TSV with
the header `query<TAB>kind<TAB>relevant`, `relevant` being space-separated `uid:grade` (grade
3, 2 or 1), or `-` for kind `none` (nothing in the corpus answers it: the search should say
it found nothing relevant).

nDCG@5 uses gains 2^grade - 1; recall@5 is the share of the relevant records found in the
first five, out of at most five (a page of five cannot hold more). `--misses` lists the
queries scoring below 1 (never use it on a held-out file you must not read).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from bot.core.actor import Actor, CommunityRef
from bot.core.app import open_services
from bot.core.errors import CoopiloteError
from bot.core.practices.records import SearchRequest
from bot.models.practices import Practice
from bot.settings import Settings

TOP = 5
COMMUNITY = CommunityRef("console", "relevance", "Banc de pertinence")


def read_queries(path: Path) -> list[tuple[str, str, dict[str, int]]]:
    """(query, kind, {uid: grade}) of each row."""
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            relevant: dict[str, int] = {}
            for item in (row["relevant"] or "").split():
                if item == "-":
                    continue
                uid, _, grade = item.rpartition(":")
                relevant[uid] = int(grade)
            out.append((row["query"], row["kind"].strip(), relevant))
    return out


def ndcg(found: list[str], relevant: dict[str, int]) -> float:
    """nDCG at len(found) (gains 2^g - 1)."""
    dcg = sum((2 ** relevant.get(u, 0) - 1) / math.log2(i + 2) for i, u in enumerate(found))
    ideal = sorted(relevant.values(), reverse=True)[:TOP]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(found: list[str], relevant: dict[str, int]) -> float:
    """Relevant records among the first five, out of at most five."""
    return len(set(found) & set(relevant)) / min(len(relevant), TOP) if relevant else 0.0


async def run(
    corpus: Path,
    query_files: list[Path],
    misses: bool,
    folder: Path,
    database_url: str | None = None,
) -> None:
    """Import, search every query, print the figures (on PostgreSQL when a URL is given)."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=folder, language="fr", database_url=database_url
    )
    services = await open_services(settings)
    admin = Actor(COMMUNITY, "importer", "Importatrice", is_admin=True)
    member = Actor(COMMUNITY, "member", "Membre", roles=frozenset({"Membre"}))
    try:
        data = await asyncio.to_thread(corpus.read_bytes)
        report = await services.practices.import_json(admin, data)
        async with services.db.reading() as session:
            uid_of = dict((await session.execute(select(Practice.id, Practice.uid))).all())
        print(f"corpus: {report.imported} records imported from {corpus.name}")
        for path in query_files:
            rows = read_queries(path)
            by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
            quiet: list[bool] = []
            for query, kind, relevant in rows:
                try:
                    page = await services.practices.search(member, SearchRequest(text=query))
                    found = [uid_of[h.id] for h in page.hits[:TOP]]
                except CoopiloteError:
                    found = []
                if kind == "none" or not relevant:
                    quiet.append(not found)
                    if misses and found:
                        print(f"  MISS none  {query!r} -> {found}")
                    continue
                n, r = ndcg(found, relevant), recall(found, relevant)
                by_kind[kind].append((n, r))
                if misses and min(n, r) < 0.999:
                    print(
                        f"  MISS {kind:9} {query!r} nDCG {n:.2f} recall {r:.2f} -> {found} "
                        f"want {relevant}"
                    )
            scored = [s for values in by_kind.values() for s in values]
            print(f"\n{path.name}: {len(rows)} queries")
            if scored:
                mean_n = sum(s[0] for s in scored) / len(scored)
                mean_r = sum(s[1] for s in scored) / len(scored)
                print(f"  overall    n={len(scored):3}  nDCG@5 {mean_n:.3f}  recall@5 {mean_r:.3f}")
            for kind in sorted(by_kind):
                values = by_kind[kind]
                mean_n = sum(s[0] for s in values) / len(values)
                mean_r = sum(s[1] for s in values) / len(values)
                print(f"  {kind:10} n={len(values):3}  nDCG@5 {mean_n:.3f}  recall@5 {mean_r:.3f}")
            if quiet:
                share = sum(quiet) / len(quiet)
                print(f"  none       n={len(quiet):3}  answered « nothing relevant » {share:.3f}")
    finally:
        await services.close()


def main() -> None:
    """Parse arguments and run in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("queries", type=Path, nargs="+")
    parser.add_argument("--misses", action="store_true", help="list the queries that miss")
    parser.add_argument(
        "--engine",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="postgresql: the local server on 127.0.0.1:5432, in a database made for the run",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopilote-relevance-") as tmp:
        if args.engine == "sqlite":
            asyncio.run(run(args.corpus, args.queries, args.misses, Path(tmp)))
            return
        from practices import _pg_database  # bench/practices.py, beside this file

        with _pg_database() as url:
            if url is None:
                raise SystemExit("PostgreSQL: no server on 127.0.0.1:5432")
            asyncio.run(run(args.corpus, args.queries, args.misses, Path(tmp), url))


if __name__ == "__main__":
    main()
