"""The référentiel families and catalog tools a practice may name, resolved forgivingly.

The advisor's `load()` is the source of truth. Its data files are still being written by
others (families.toml, tools.toml), so when it cannot load we fall back on the référentiel
table alone: family names stay validated, tools become free text.
"""

from __future__ import annotations

import csv
import logging
from functools import cache
from importlib import resources

from bot.core.advisor.referentiel import FIELDS, Family, Referentiel, load, slugify
from bot.core.text import fold

log = logging.getLogger(__name__)


@cache
def _fallback() -> Referentiel:
    raw = resources.files("bot.data").joinpath("referentiel.csv").read_bytes().decode("utf-8")
    families = tuple(
        Family(
            name=row["famille"],
            slug=slugify(row["famille"]),
            section=row["section"],
            examples=row["exemples"],
            fields=tuple(f.key for f in FIELDS if row[f.key].strip() == "1"),
            description_fr="",
            description_en="",
            terms=(),
            hints=(),
            products=(),
        )
        for row in csv.DictReader(raw.splitlines())
    )
    return Referentiel(families=families, tools=())


@cache
def referentiel() -> Referentiel:
    """The shipped référentiel and catalog, or the families alone when the catalog is broken."""
    try:
        return load()
    except Exception:  # a data file being edited must not stop practices from working
        log.warning("référentiel catalog unavailable; families only", exc_info=True)
        return _fallback()


def family_names() -> tuple[str, ...]:
    """Every family name, in the référentiel's order."""
    return tuple(f.name for f in referentiel().families)


def resolve_family(text: str) -> str | None:
    """The exact family name for forgiving input (accents, case, slug, partial, typo)."""
    family = referentiel().family(text)
    return family.name if family is not None else None


def family_slug(name: str) -> str:
    """The slug of a family name (« Vote en ligne » → « vote-en-ligne »)."""
    return slugify(name)


@cache
def _tools_by_key() -> dict[str, str]:
    return {slugify(t.name): t.name for t in referentiel().tools}


def resolve_tool(text: str) -> str:
    """The catalog's spelling of a tool when it is known, else the text as given."""
    key = slugify(text)
    known = _tools_by_key()
    if key in known:
        return known[key]
    # « Google forms », « googleforms », « Framadate. » all meet their entry.
    compact = key.replace("-", "")
    for k, name in known.items():
        if k.replace("-", "") == compact:
            return name
    return text


def tool_key(name: str) -> str:
    """Folded key of a tool name, for filters."""
    return slugify(name)


def is_catalog_tool(name: str) -> bool:
    """Whether the name is a tool of the catalog."""
    return slugify(name) in _tools_by_key()


def folded(text: str) -> str:
    """Folded, single-spaced text (for comparisons)."""
    return " ".join(fold(text).split())
