"""Helpers of the practices tests: a valid record, and a snapshot of every practice table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from bot.core.actor import Actor
from bot.core.app import Services

# Each table with its key: the records, and the search index of each engine.
TABLES = {
    "practices": "id",
    "practice_versions": "id",
    "practice_useful_marks": "id",
}
INDEX_TABLES = {"sqlite": ("practices_fts", "rowid"), "postgresql": ("practices_search", "id")}


def record(**overrides: Any) -> dict[str, Any]:
    """A valid practice, with some fields replaced."""
    values: dict[str, Any] = {
        "title": "Inscription en ligne à la popote roulante",
        "need": "Les journées d’inscription étaient stressantes pour les bénévoles.",
        "actions": "Nous avons mis en place un formulaire d’inscription en ligne.",
        "results": "Plus de files d’attente.",
        "advice": "Garder une option au téléphone pour les aînés.",
        "organisation": "Coop Popote",
        "org_type": "Coopérative de solidarité",
        "sector": "Aide alimentaire",
        "region": "Estrie",
        "tools": ["Framaforms"],
        "families": ["Inscription en ligne"],
        "tags": ["aînés", "bénévoles"],
    }
    values.update(overrides)
    return values


def plain(title: str, actions: str, **more: Any) -> dict[str, Any]:
    """A practice that says only its title and actions (every other text empty), then `more`."""
    values = record(
        title=title,
        actions=actions,
        need="",
        results="",
        advice="",
        tags=[],
        families=[],
        tools=[],
        organisation="",
        org_type="",
        sector="",
        region="",
    )
    values.update(more)
    return values


async def hit_ids(services: Services, reader: Actor, query: str) -> list[int]:
    """The ids of the practices a search finds, in the order shown."""
    return [h.id for h in (await services.practices.search(reader, query)).hits]


async def snapshot(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every practice table (and of the search index)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with services.db.reading() as session:
        index_table, index_key = INDEX_TABLES[services.db.dialect]
        for table, key in (*TABLES.items(), (index_table, index_key)):
            rows = await session.execute(text(f"SELECT {key}, * FROM {table} ORDER BY {key}"))
            out[table] = [tuple(r) for r in rows]
    return out
