"""Copy a whole database to another engine (SQLite ⇄ PostgreSQL), row for row, ids kept."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import Table, func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.db import Database
from bot.core.migrate import current_revision, head_revision, upgrade

# Rows read and written per round trip.
BATCH = 1_000
# Rows the target's triggers would make themselves are copied before the rows that fire
# them, so the copy keeps the source's own (a log head left behind stays behind).
BEFORE = {"audit_events": ("audit_heads",)}


class CopyRefused(Exception):
    """The copy cannot be done as asked; nothing was written. Says why in French and English."""

    def __init__(self, fr: str, en: str) -> None:
        super().__init__(en)
        self.fr = fr
        self.en = en

    def message(self, lang: str) -> str:
        """The reason in `lang`."""
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table's row counts in the source and, after the copy, in the target."""

    name: str
    source_rows: int
    target_rows: int

    @property
    def ok(self) -> bool:
        """Every row arrived."""
        return self.source_rows == self.target_rows


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What `copy_database` did: tables in the order copied, and the search index size."""

    revision: str | None
    tables: tuple[TableCopy, ...]
    indexed: int

    @property
    def ok(self) -> bool:
        """Every table has as many rows in the target as in the source."""
        return all(t.ok for t in self.tables)


def copy_order() -> list[Table]:
    """The models' tables, each after the tables it refers to (and its triggers' targets)."""
    import bot.models  # noqa: F401  (registers every table)
    from bot.models.base import Base

    tables = list(Base.metadata.sorted_tables)
    for table, firsts in BEFORE.items():
        names = [t.name for t in tables]
        for first in firsts:
            if table in names and first in names and names.index(first) > names.index(table):
                moved = tables.pop(names.index(first))
                tables.insert(names.index(table), moved)
                names = [t.name for t in tables]
    return tables


async def _present(conn: AsyncConnection) -> set[str]:
    return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def _count(conn: AsyncConnection, table: Table) -> int:
    return int(await conn.scalar(select(func.count()).select_from(table)) or 0)


async def copy_database(source: Database, target: Database) -> CopyReport:
    """Copy every row of `source` into the empty `target` (migrated first), all or nothing.

    The source must be at the newest schema (`coopilote db upgrade`); it is only read. The
    search index is derived data: the target's is rebuilt from the copied records.
    """
    head = head_revision()
    path = source.url.database or ""
    if source.is_sqlite and path and not os.path.exists(path):  # noqa: ASYNC240  (one stat)
        raise CopyRefused(
            f"la base source n’existe pas : {path}", f"the source database does not exist: {path}"
        )
    tables = copy_order()
    async with target.engine.connect() as dst:
        on_target = await _present(dst)
        for table in tables:
            if table.name in on_target and await _count(dst, table):
                raise CopyRefused(
                    f"la base cible n’est pas vide (table {table.name}) : rien n’a été copié",
                    f"the target database is not empty (table {table.name}): nothing was copied",
                )
    if await current_revision(source) != head:
        raise CopyRefused(
            "la base source n’est pas à jour : lancez d’abord « coopilote db upgrade » sur elle",
            "the source database is not at the latest schema: run `coopilote db upgrade` on it",
        )
    await upgrade(target)
    async with source.read_engine.connect() as src, target.engine.begin() as dst:
        on_source, on_target = await _present(src), await _present(dst)
        tables = [t for t in tables if t.name in on_source and t.name in on_target]
        for table in tables:
            await _copy_table(src, dst, table)
        if target.dialect == "postgresql":
            await _advance_sequences(dst, tables)
        indexed = await _rebuild_search(target, dst)
        copied = tuple(
            [TableCopy(t.name, await _count(src, t), await _count(dst, t)) for t in tables]
        )
        report = CopyReport(head, copied, indexed)
        if not report.ok:
            # Rolled back: a partial copy is worse than none.
            raise CopyRefused(
                "le nombre de lignes diffère après la copie : rien n’a été gardé",
                "row counts differ after the copy: nothing was kept",
            )
    return report


async def _copy_table(src: AsyncConnection, dst: AsyncConnection, table: Table) -> None:
    """Stream one table's rows (primary key order) into the target."""
    order = list(table.primary_key.columns) or list(table.columns)
    result = await src.stream(select(table).order_by(*order))
    async for rows in result.mappings().partitions(BATCH):
        await dst.execute(table.insert(), [dict(r) for r in rows])


async def _advance_sequences(dst: AsyncConnection, tables: list[Table]) -> None:
    """PostgreSQL: the next id after the copied ones (ids were given, not drawn)."""
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and len(table.primary_key.columns) == 1
            ):
                sequence = await dst.scalar(
                    text("SELECT pg_get_serial_sequence(:t, :c)"),
                    {"t": table.name, "c": column.name},
                )
                if sequence:
                    await dst.execute(
                        text(
                            f'SELECT setval(:s, COALESCE((SELECT max("{column.name}") '
                            f'FROM "{table.name}"), 0) + 1, false)'
                        ),
                        {"s": sequence},
                    )


async def _rebuild_search(target: Database, dst: AsyncConnection) -> int:
    """Index the copied practices with the target engine's own search."""
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.core.practices.search import index_for

    async with AsyncSession(bind=dst, expire_on_commit=False) as session:
        return await index_for(target.dialect, target.safe_url()).rebuild(session)
