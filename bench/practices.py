"""Benchmark of practices: import 100,000 realistic French records, then search them.

Not a test: prints figures. Usage: python bench/practices.py [--records N] [--queries Q]

Records are built from a word bank drawn from the référentiel (families, examples, tools)
and from plausible social-economy situations, so that the vocabulary, the record lengths and
the word frequencies look like a real community's. They go in through the service's import
path (validated, in batches, one unit of work per batch). Queries mix one to four words,
typos, missing accents and filters, some asking for page 2.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text as sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.actor import Actor, CommunityRef
from bot.core.app import open_services
from bot.core.errors import CoopiloteError
from bot.core.practices import catalog
from bot.core.practices.records import SearchRequest
from bot.core.text import fold
from bot.settings import Settings

ORG_TYPES = [
    "Coopérative de travail",
    "Coopérative de solidarité",
    "Coopérative de consommateurs",
    "Coopérative d’habitation",
    "OBNL",
    "Entreprise d’insertion",
    "Entreprise adaptée",
    "Mutuelle",
    "Regroupement régional",
    "Fédération de coopératives",
    "Centre de la petite enfance",
    "Entreprise d’économie sociale en aide à domicile",
]
SECTORS = [
    "aide à domicile",
    "alimentation",
    "agriculture soutenue par la communauté",
    "habitation",
    "culture",
    "librairie",
    "médias communautaires",
    "loisirs et tourisme",
    "environnement",
    "récupération et recyclage",
    "services funéraires",
    "petite enfance",
    "transport collectif",
    "santé de proximité",
    "finance solidaire",
    "formation et insertion",
    "épicerie de proximité",
    "arts de la scène",
    "foresterie",
    "énergie renouvelable",
]
REGIONS = [
    "Bas-Saint-Laurent",
    "Saguenay–Lac-Saint-Jean",
    "Capitale-Nationale",
    "Mauricie",
    "Estrie",
    "Montréal",
    "Outaouais",
    "Abitibi-Témiscamingue",
    "Côte-Nord",
    "Nord-du-Québec",
    "Gaspésie–Îles-de-la-Madeleine",
    "Chaudière-Appalaches",
    "Laval",
    "Lanaudière",
    "Laurentides",
    "Montérégie",
    "Centre-du-Québec",
]
SIZES = ["3 employés", "8 employés et 20 bénévoles", "25 employés", "60 employés", "120 membres"]
PEOPLE = [
    "les membres",
    "le conseil d’administration",
    "les bénévoles",
    "les employés",
    "la clientèle aînée",
    "les usagers",
    "les partenaires financiers",
    "la direction générale",
    "les comités de travail",
    "les camelots",
    "les familles",
    "les producteurs locaux",
    "les locataires",
    "les préposés",
]
NEEDS = [
    "organiser l’assemblée générale annuelle à distance",
    "faire voter le conseil d’administration entre deux réunions",
    "recruter des bénévoles pour la saison estivale",
    "garder le contact avec {p} pendant la fermeture",
    "réduire le papier et les déplacements",
    "suivre les heures et les horaires de travail",
    "préparer la reddition de comptes aux bailleurs de fonds",
    "trouver du financement pour un nouveau service",
    "mieux faire connaître notre mission sociale",
    "partager les documents entre les points de service",
    "former {p} aux outils numériques",
    "mesurer notre impact social",
    "vendre nos produits en ligne",
    "gérer les inscriptions aux activités",
    "sonder {p} sur leurs besoins",
    "planifier les réunions de comités",
    "transmettre les connaissances avant un départ à la retraite",
    "sécuriser les mots de passe et les données personnelles",
    "diffuser nos assemblées en direct",
    "coordonner les livraisons de paniers alimentaires",
]
VERBS = [
    "Nous avons mis en place",
    "L’équipe a adopté",
    "Le comité a testé",
    "La coopérative a implanté",
    "Nous avons choisi",
    "L’organisme a développé",
    "Nous utilisons désormais",
    "La direction a proposé",
    "Un bénévole a configuré",
    "Nous avons remplacé nos fichiers par",
]
OBJECTS = [
    "un formulaire d’inscription en ligne",
    "un calendrier partagé",
    "une infolettre mensuelle",
    "un groupe privé sur les médias sociaux",
    "une plateforme de vote électronique",
    "un tableau de bord des indicateurs",
    "un logiciel de gestion de projet",
    "une campagne de sociofinancement",
    "un espace de partage de fichiers",
    "une boutique en ligne",
    "des tablettes pour le personnel terrain",
    "un sondage en ligne",
    "un intranet pour les équipes",
    "des webinaires de formation",
    "une communauté de pratique virtuelle",
    "un outil de clavardage d’équipe",
    "un système de paiement en ligne",
    "une carte interactive des points de service",
]
DETAILS = [
    "après une période d’essai de trois mois",
    "avec l’aide d’une personne ressource bénévole",
    "en formant d’abord un petit groupe de super-utilisateurs",
    "en gardant une option papier pour {p}",
    "en documentant chaque étape dans un guide",
    "avec un accompagnement payé par une subvention",
    "en consultant {p} avant de choisir",
    "en comparant trois solutions libres et gratuites",
    "en migrant les anciennes données pendant l’été",
    "malgré une certaine résistance au changement",
]
RESULTS = [
    "Les inscriptions ont augmenté et les files d’attente ont disparu.",
    "{P} participent davantage aux décisions.",
    "Nous économisons plusieurs heures par semaine.",
    "Les dépenses de papier et de timbres ont beaucoup diminué.",
    "La satisfaction des employés s’est améliorée.",
    "Les données sont plus fiables et comparables.",
    "La campagne a dépassé son objectif et validé le besoin.",
    "Le taux de participation à l’assemblée a doublé.",
    "Les partenaires reçoivent des rapports plus clairs.",
    "Certains membres ont eu de la difficulté à s’approprier l’outil.",
    "Le roulement des bénévoles complique encore la formation.",
]
ADVICE = [
    "Prévoir du temps de formation pour {p}.",
    "Commencer petit et ajuster en cours de route.",
    "Impliquer le conseil d’administration dès le départ.",
    "Choisir un outil simple, en français, et si possible libre.",
    "Garder une solution de rechange pour les personnes moins à l’aise avec le numérique.",
    "Nommer une personne responsable de l’outil.",
    "Vérifier où sont hébergées les données.",
    "Ne pas sous-estimer le temps d’animation des médias sociaux.",
    "Partager les mots de passe avec un gestionnaire sécurisé, jamais par courriel.",
    "Documenter les choix pour la relève.",
]
TAGS = [
    "bénévoles",
    "gouvernance",
    "assemblée générale",
    "financement",
    "formation",
    "communication",
    "données",
    "sécurité",
    "mobilisation",
    "relève",
    "impact social",
    "littératie numérique",
    "logiciel libre",
    "télétravail",
    "inscriptions",
    "vente en ligne",
    "aînés",
    "jeunesse",
    "ruralité",
    "mutualisation",
]
QUERY_WORDS = [
    "inscription en ligne",
    "vote électronique",
    "assemblée générale",
    "bénévoles",
    "financement participatif",
    "sociofinancement",
    "médias sociaux",
    "réseaux sociaux",
    "infolettre",
    "formation",
    "tablettes",
    "horaires",
    "tableau de bord",
    "reddition de comptes",
    "partage de fichiers",
    "boutique en ligne",
    "paiement",
    "sondage",
    "conseil d’administration",
    "données personnelles",
    "mots de passe",
    "résistance au changement",
    "aînés",
    "papier",
    "livraisons",
    "impact social",
    "calendrier partagé",
    "webinaires",
    "clavardage",
    "intranet",
    "communauté de pratique",
    "logiciel libre",
    "super-utilisateurs",
    "subvention",
    "économiser du temps",
    "participation",
    "recruter",
    "mobiliser les membres",
    "relève",
    "carte interactive",
]


def _fill(text: str, rng: random.Random) -> str:
    person = rng.choice(PEOPLE)
    return text.replace("{p}", person).replace("{P}", person[0].upper() + person[1:])


def make_record(i: int, rng: random.Random, families: list[str], tools: list[str]) -> dict:
    """One realistic practice record."""
    need = _fill(rng.choice(NEEDS), rng)
    obj = rng.choice(OBJECTS)
    sector = rng.choice(SECTORS)
    actions = " ".join(
        _fill(f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(DETAILS)}.", rng)
        for _ in range(rng.randint(2, 4))
    )
    return {
        "title": f"{obj[0].upper()}{obj[1:]} pour {need}"[:200],
        "org_type": rng.choice(ORG_TYPES),
        "sector": sector,
        "size": rng.choice(SIZES),
        "region": rng.choice(REGIONS),
        "organisation": f"Coop {rng.choice(SECTORS).split()[0]} n° {i}",
        "need": _fill(
            f"Nous devions {need}. {rng.choice(PEOPLE).capitalize()} le demandaient depuis "
            f"longtemps, dans le secteur {sector}.",
            rng,
        ),
        "actions": actions,
        "results": " ".join(_fill(rng.choice(RESULTS), rng) for _ in range(rng.randint(1, 3))),
        "advice": " ".join(_fill(rng.choice(ADVICE), rng) for _ in range(rng.randint(1, 3))),
        "tools": rng.sample(tools, rng.randint(0, 3)),
        "families": rng.sample(families, rng.randint(1, 3)),
        "tags": rng.sample(TAGS, rng.randint(1, 4)),
        "language": "fr",
        "author": f"Membre {rng.randint(1, 5000)}",
    }


def records(n: int, seed: int) -> Iterator[dict]:
    """The generated records, lazily (never all in memory at once)."""
    rng = random.Random(seed)
    ref = catalog.referentiel()
    families = [f.name for f in ref.families]
    tools = [t.name for t in ref.tools] or ["Zoom", "Loomio", "Framadate", "Nextcloud"]
    for i in range(n):
        yield make_record(i, rng, families, tools)


def typo(word: str, rng: random.Random) -> str:
    """A plausible typo: a letter dropped, doubled or swapped."""
    if len(word) < 6:
        return word
    i = rng.randint(1, len(word) - 3)
    kind = rng.choice(("drop", "swap", "double"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def queries(n: int, seed: int) -> list[SearchRequest]:
    """Varied searches: words, typos, missing accents, filters, second pages."""
    rng = random.Random(seed)
    ref = catalog.referentiel()
    families = [f.name for f in ref.families]
    tools = [t.name for t in ref.tools] or ["Zoom"]
    out = []
    for _ in range(n):
        text = " ".join(rng.sample(QUERY_WORDS, rng.choice((1, 1, 1, 2, 2, 3))))
        roll = rng.random()
        if roll < 0.2:
            words = text.split()
            j = rng.randrange(len(words))
            words[j] = typo(words[j], rng)
            text = " ".join(words)
        elif roll < 0.35:
            text = fold(text)
        kind = rng.random()
        req = SearchRequest(text=text)
        if kind < 0.1:
            req = SearchRequest(text=text, families=(rng.choice(families),))
        elif kind < 0.16:
            req = SearchRequest(text=text, tags=(rng.choice(TAGS),))
        elif kind < 0.22:
            req = SearchRequest(text=text, sectors=(rng.choice(SECTORS),))
        elif kind < 0.26:
            req = SearchRequest(text=text, tools=(rng.choice(tools),))
        elif kind < 0.29:
            req = SearchRequest(text="", families=(rng.choice(families),))
        if rng.random() < 0.1:
            req = req.with_page(2)
        out.append(req)
    return out


async def _search(services, actor: Actor, req: SearchRequest):  # type: ignore[no-untyped-def]
    """A search as a member runs it; a refused one (a page past the last) returns None."""
    try:
        return await services.practices.search(actor, req)
    except CoopiloteError:
        return None


async def spelling_load(  # type: ignore[no-untyped-def]
    services, actor: Actor, size: int
) -> tuple[float, float, list[float], list[float], int]:
    """Grow the vocabulary to `size` distinct words, then search misspellings.

    Returns the longest stretch during which the event loop could not run anything else
    (a ticker measures it: what « blocking the process » means for a bot serving others),
    in wall time and in the loop thread's CPU time, each search's time (wall, and the
    process's CPU), and the vocabulary's size.
    """
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyzeeaaiioouu"
    table = services.practices.index.WORDS_TABLE
    insert = (
        f"INSERT OR IGNORE INTO {table} (word, stem) VALUES (:w, :s)"
        if services.db.is_sqlite
        else f"INSERT INTO {table} (word, stem) VALUES (:w, :s) ON CONFLICT (word) DO NOTHING"
    )
    async with services.db.transaction() as session:
        have = await session.scalar(sql(f"SELECT count(*) FROM {table}")) or 0
        # In chunks: this setup's own 380,000 rows at once would weigh more in the peak RSS
        # than the bot does (hundreds of MB through asyncpg), and it is not the bot's work.
        missing = max(0, size - int(have))
        while missing > 0:
            rows = []
            for _ in range(min(missing, 10_000)):
                word = "".join(rng.choice(letters) for _ in range(rng.randint(5, 14)))
                rows.append({"w": word, "s": word[:-1]})
            await session.execute(sql(insert), rows)
            missing -= len(rows)
        words = await session.scalar(sql(f"SELECT count(*) FROM {table}")) or 0
    longest = busiest = 0.0
    running = True

    async def ticker() -> None:
        # Wall time between two ticks, and the event loop thread's own CPU time in it: the
        # latter is the work that held the loop, whatever else the machine was running.
        nonlocal longest, busiest
        last, last_cpu = time.perf_counter(), time.thread_time()
        while running:
            await asyncio.sleep(0.001)
            now, cpu = time.perf_counter(), time.thread_time()
            longest = max(longest, (now - last) * 1000)
            busiest = max(busiest, (cpu - last_cpu) * 1000)
            last, last_cpu = now, cpu

    tick = asyncio.create_task(ticker())
    timings, cpu = [], []
    for _ in range(30):
        text = " ".join(typo(w, rng) + "x" for w in rng.sample(VOCAB_WORDS, 12))
        t0, c0 = time.perf_counter(), time.process_time()
        await _search(services, actor, SearchRequest(text=text))
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    running = False
    await tick
    return longest, busiest, timings, cpu, int(words)


VOCAB_WORDS = [
    "inscription",
    "assemblee",
    "benevoles",
    "financement",
    "sociofinancement",
    "infolettre",
    "formation",
    "tablettes",
    "horaires",
    "reddition",
    "boutique",
    "paiement",
    "sondage",
    "conseil",
    "administration",
    "personnelles",
    "changement",
    "livraisons",
    "calendrier",
    "webinaires",
    "clavardage",
    "communaute",
    "subvention",
    "participation",
]


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("coopilote.db*"))


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def _database_size(services) -> int:  # type: ignore[no-untyped-def]
    async with services.db.reading() as session:
        return int(await session.scalar(sql("SELECT pg_database_size(current_database())")))


async def run(
    n: int,
    q: int,
    batch: int,
    folder: Path,
    skip_import: bool = False,
    vocabulary: int = 380_000,
    database_url: str | None = None,
) -> None:
    """Import, then search; print the figures (on PostgreSQL when `database_url` is set)."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=folder, language="fr", database_url=database_url
    )
    services = await open_services(settings)
    pg_size = 0
    actor = Actor(CommunityRef("console", "bench", "Banc d’essai"), "bench", "Banc", is_admin=True)
    try:
        start = time.perf_counter()
        chunk: list[dict] = []
        done = 0
        for rec in records(0 if skip_import else n, seed=42):
            chunk.append(rec)
            if len(chunk) == batch:
                await services.practices.import_records(actor, chunk)
                done += len(chunk)
                chunk = []
                if done % 20_000 == 0:
                    print(f"  … {done} records in {time.perf_counter() - start:.1f} s", flush=True)
        if chunk:
            await services.practices.import_records(actor, chunk)
        import_s = time.perf_counter() - start
        if database_url:
            # What autovacuum does after a bulk load, at once: the planner's statistics (a
            # common word is then found by walking ids backwards, a rare one by the GIN index).
            async with services.db.engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.exec_driver_sql("VACUUM ANALYZE")
        if skip_import:
            n = await services.practices.count_own(actor)
        reqs = queries(q, seed=7)
        # Warm up the caches as a running bot would be (vocabulary, page cache).
        # Warm up the caches as a running bot would be (vocabulary, page cache): the first
        # misspelling loads the vocabulary for spelling correction (timed apart).
        t0 = time.perf_counter()
        await _search(services, actor, SearchRequest(text="finacement"))
        vocabulary_ms = (time.perf_counter() - t0) * 1000
        for req in reqs[:20]:
            await _search(services, actor, req)
        latencies: list[float] = []
        cpu: list[float] = []
        hits = 0
        for req in reqs:
            t0, c0 = time.perf_counter(), time.process_time()
            page = await _search(services, actor, req)
            latencies.append((time.perf_counter() - t0) * 1000)
            # CPU time of the process (its threads included): what the search costs,
            # whatever else the machine is running.
            cpu.append((time.process_time() - c0) * 1000)
            hits += bool(page and page.total)
        blocked, busy, typo_ms, typo_cpu, words = await spelling_load(services, actor, vocabulary)
        # Once loaded (the searches above started it): the structure's own memory.
        loader = services.practices.index.vocabulary.loader
        if loader is not None:
            await loader
        vocabulary_mb = services.practices.index.vocabulary.nbytes() / 1e6
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if database_url:
            pg_size = await _database_size(services)
    finally:
        await services.close()
    # Closing the last connection checkpoints the WAL into the database file.
    size = pg_size or await asyncio.to_thread(_size, folder)
    if True:
        print(f"engine                  : {services.db.dialect}")
        rate = n / max(import_s, 1e-9)
        print(f"records imported        : {n:,} in {import_s:.1f} s ({rate:,.0f}/s)")
        where = "the database" if database_url else "coopilote.db and its WAL"
        print(f"database size           : {size / 1e6:.1f} MB ({where})")
        print(
            f"search latency (ms)     : p50 {pct(latencies, 50):.1f} · p95 "
            f"{pct(latencies, 95):.1f} · p99 {pct(latencies, 99):.1f} · max {max(latencies):.1f}"
            f" over {q} queries ({hits} with results)"
        )
        print(f"mean latency (ms)       : {statistics.mean(latencies):.1f}")
        print(
            f"CPU time per search (ms): p50 {pct(cpu, 50):.1f} · p95 {pct(cpu, 95):.1f} · "
            f"p99 {pct(cpu, 99):.1f} (load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores)"
        )
        print(f"first misspelling       : {vocabulary_ms:.0f} ms (loads the vocabulary)")
        print(
            f"spelling correction     : {words:,} distinct words; searches of 12 misspelled "
            f"words p50 {pct(typo_ms, 50):.1f} · p95 {pct(typo_ms, 95):.1f} ms, max "
            f"{max(typo_ms):.1f} ms (CPU p95 {pct(typo_cpu, 95):.1f} ms); the event loop "
            f"held at most {busy:.1f} ms of CPU at once (target < 50 ms; longest wall-clock "
            f"gap {blocked:.1f} ms on this loaded machine); the vocabulary takes "
            f"{vocabulary_mb:.1f} MB"
        )
        print(f"peak RSS                : {rss_mb:.0f} MB")


def main() -> None:
    """Parse arguments and run the benchmark in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument(
        "--vocabulary", type=int, default=380_000, help="distinct words for the typo test"
    )
    parser.add_argument("--keep", metavar="DIR", help="use (and keep) this folder")
    parser.add_argument(
        "--skip-import", action="store_true", help="search the records already in --keep"
    )
    parser.add_argument(
        "--engines",
        default="sqlite,postgresql",
        help="engines to compare, in order (PostgreSQL: the local server on 127.0.0.1:5432, "
        "in a database made for the run and dropped after it; left out when unreachable)",
    )
    parser.add_argument(
        "--postgres-url",
        help="PostgreSQL: use (and keep) this database instead of one made for the run "
        "(with --skip-import: search the records already there)",
    )
    args = parser.parse_args()
    engines = args.engines.split(",")
    if len(engines) > 1 and not args.postgres_url:
        # Each engine in a process of its own: the peak RSS is the process's, and the first
        # engine's run (its peak, its vocabulary) would otherwise count in the second's.
        rest, argv = [], iter(sys.argv[1:])
        for arg in argv:
            if arg == "--engines":
                next(argv, None)
            elif not arg.startswith("--engines="):
                rest.append(arg)
        for i, engine in enumerate(engines):
            if i:
                print(flush=True)
            subprocess.run([sys.executable, __file__, *rest, "--engines", engine], check=True)
        return
    if args.postgres_url:
        with tempfile.TemporaryDirectory(prefix="coopilote-bench-") as tmp:
            asyncio.run(
                run(
                    args.records,
                    args.queries,
                    args.batch,
                    Path(tmp),
                    args.skip_import,
                    args.vocabulary,
                    database_url=args.postgres_url,
                )
            )
        return
    if "postgresql" in engines:
        with tempfile.TemporaryDirectory(prefix="coopilote-bench-") as tmp, _pg_database() as url:
            if url is None:
                print("PostgreSQL: no server on 127.0.0.1:5432, its figures are left out")
            else:
                asyncio.run(
                    run(
                        args.records,
                        args.queries,
                        args.batch,
                        Path(tmp),
                        False,
                        args.vocabulary,
                        database_url=url,
                    )
                )
        if "sqlite" not in engines:
            return
        print()
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        asyncio.run(
            run(args.records, args.queries, args.batch, folder, args.skip_import, args.vocabulary)
        )
    else:
        with tempfile.TemporaryDirectory(prefix="coopilote-bench-") as tmp:
            asyncio.run(
                run(args.records, args.queries, args.batch, Path(tmp), False, args.vocabulary)
            )


@contextmanager
def _pg_database() -> Iterator[str | None]:
    """A database of its own on the local PostgreSQL server (None when none answers)."""
    import secrets

    name = "coopilote_bench_" + secrets.token_hex(4)

    async def admin(statement: str) -> None:
        import asyncpg

        conn = await asyncpg.connect(
            host="127.0.0.1", port=5432, user="postgres", database="postgres", timeout=5
        )
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server, no driver: SQLite's figures only
        print(f"PostgreSQL: {type(exc).__name__}: {exc}")
        yield None
        return
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
