"""Demo practices: the cases of the source report, written as practice records.

The records live as data in bot/data/demo_practices.json (the JSON export format), built from
the facts of the report only, and are loaded through the ordinary import path.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

DEMO_FILE = "demo_practices.json"


@cache
def demo_document() -> bytes:
    """The demo file's bytes (an export document)."""
    return resources.files("bot.data").joinpath(DEMO_FILE).read_bytes()


def demo_records() -> list:  # type: ignore[type-arg]
    """The demo records, validated like any import."""
    from bot.core.practices.exchange import parse_document

    return parse_document(demo_document())
