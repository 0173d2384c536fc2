"""The forgiving text syntax of a search, shared by the text-command adapters.

« inscription en ligne famille=Inscription en ligne tag=aînés page=2 »: words first, then
filters as `clé=valeur` (or `clé: valeur`), a value running to the next filter; quotes
(« … » or "…") end a value early; several values of one filter are separated by commas.
"""

from __future__ import annotations

import re

from bot.core.errors import InvalidInput
from bot.core.practices.records import SearchRequest
from bot.core.text import fold

_KEYS = {
    "famille": "families",
    "familles": "families",
    "family": "families",
    "families": "families",
    "fam": "families",
    "tag": "tags",
    "tags": "tags",
    "etiquette": "tags",
    "etiquettes": "tags",
    "mot-cle": "tags",
    "mots-cles": "tags",
    "motcle": "tags",
    "secteur": "sectors",
    "secteurs": "sectors",
    "sector": "sectors",
    "outil": "tools",
    "outils": "tools",
    "tool": "tools",
    "tools": "tools",
    "page": "page",
    "p": "page",
}
_FILTER = re.compile(r"(?:(?<=\s)|^)([\w-]+)\s*[=:]\s*", re.UNICODE)
_QUOTED = re.compile(r'^\s*(?:«\s*([^»]*?)\s*»|"([^"]*)"|“([^”]*)”)(.*)$', re.DOTALL)


def _values(raw: str) -> list[str]:
    return [v.strip() for v in raw.split(",") if v.strip()]


def parse_search(line: str) -> SearchRequest:
    """Words and filters of a typed search; InvalidInput for a bad page number."""
    positions = [m for m in _FILTER.finditer(line) if fold(m.group(1)) in _KEYS]
    text_parts = [line[: positions[0].start()] if positions else line]
    found: dict[str, list[str]] = {"families": [], "tags": [], "sectors": [], "tools": []}
    page = 1
    for i, match in enumerate(positions):
        key = _KEYS[fold(match.group(1))]
        end = positions[i + 1].start() if i + 1 < len(positions) else len(line)
        value = line[match.end() : end].strip()
        quoted = _QUOTED.match(value)
        if quoted:
            inner = next(g for g in quoted.groups()[:3] if g is not None)
            text_parts.append(quoted.group(4))
            value = inner
        if key == "page":
            first, _, rest = value.partition(" ")
            text_parts.append(rest)
            if not first.isdigit():
                raise InvalidInput("practices.error.page", limit=1000)
            page = int(first[:5])
        else:
            found[key].extend(_values(value))
    return SearchRequest(
        text=" ".join(" ".join(text_parts).split()),
        families=tuple(found["families"]),
        tags=tuple(found["tags"]),
        sectors=tuple(found["sectors"]),
        tools=tuple(found["tools"]),
        page=page,
    )


def parse_id(text: str) -> int | None:
    """A practice number from « 12 », « #12 », « n° 12 »; None when there is none."""
    match = re.match(r"^\s*(?:n\s*[°o]\.?\s*|#)?\s*(\d{1,9})\b", text, re.IGNORECASE)
    return int(match.group(1)) if match else None
