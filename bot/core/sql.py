"""Portable SQL helpers: the one place that picks a dialect-specific statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.sql.dml import Insert


def upsert(
    dialect: str,
    table: Table,
    index_elements: Sequence[str],
    set_: dict[str, Any] | None = None,
    *,
    values: dict[str, Any] | None = None,
) -> Insert:
    """INSERT … ON CONFLICT (index_elements) DO UPDATE SET set_ (or DO NOTHING).

    SQLite and PostgreSQL spell it the same way, but SQLAlchemy builds it from each dialect's
    own `insert`. In `set_`, a string value names the incoming row's column (`excluded`).
    """
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only the two supported engines
        raise NotImplementedError(f"upsert on {dialect}")
    stmt = insert(table)
    if values is not None:
        stmt = stmt.values(**values)
    if not set_:
        return stmt.on_conflict_do_nothing(index_elements=list(index_elements))
    resolved = {
        key: (stmt.excluded[value] if isinstance(value, str) else value)
        for key, value in set_.items()
    }
    return stmt.on_conflict_do_update(index_elements=list(index_elements), set_=resolved)
