"""Check the tool catalog: every family has tools, no duplicate, valid fields and URLs.

Also: every product the advisor recognises in a need (`produits` in families.toml) is in the
catalog under its name or an alias, or listed under `[produits_absents]` with a reason.
The check reads the raw data files, so it catches what the loader would silently accept.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.core.advisor.referentiel import COSTS, HOSTINGS, TEAMS, TOOL_FILES, _read_data
from bot.core.text import fold

REQUIRED = {
    "nom": str,
    "site": str,
    "description_fr": str,
    "description_en": str,
    "familles": list,
    "libre": bool,
    "cout": str,
    "interface_fr": bool,
    "hebergement": str,
    "quebec_canada": bool,
}
OPTIONAL = {
    "usages": list,
    "alias": list,
    "donnees_canada": bool,
    "equipe": str,
    "note_cout": str,
}
CHOICES = {"cout": COSTS, "hebergement": HOSTINGS, "equipe": TEAMS}


@dataclass(frozen=True, slots=True)
class CatalogReport:
    """What the check found: figures, and one line per problem."""

    tools: int
    families: int
    products: int
    absent: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether the catalog has no problem."""
        return not self.problems


def _key(name: str) -> str:
    return " ".join(fold(name).split())


def url_problem(url: str) -> str | None:
    """Why `url` is not a well-formed web address, or None."""
    if url != url.strip() or any(c.isspace() for c in url):
        return "contient des espaces"
    parts = urlsplit(url)
    if parts.scheme != "https" and parts.scheme != "http":
        return "doit commencer par https://"
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith("."):
        return "nom de domaine invalide"
    if any(not (c.isalnum() or c in "-.") for c in host):
        return "nom de domaine invalide"
    return None


def _tool_problems(raw: dict, where: str, families: set[str]) -> list[str]:
    problems = []
    name = raw.get("nom", "?")
    label = f"{where} « {name} »"
    for field, kind in REQUIRED.items():
        if field not in raw:
            problems.append(f"{label} : champ « {field} » manquant")
        elif not isinstance(raw[field], kind):
            problems.append(f"{label} : « {field} » doit être {kind.__name__}")
    for field, kind in OPTIONAL.items():
        if field in raw and not isinstance(raw[field], kind):
            problems.append(f"{label} : « {field} » doit être {kind.__name__}")
    for field in raw.keys() - REQUIRED.keys() - OPTIONAL.keys():
        problems.append(f"{label} : champ inconnu « {field} »")
    for field, allowed in CHOICES.items():
        if field in raw and isinstance(raw[field], str) and raw[field] not in allowed:
            problems.append(f"{label} : « {field} » = {raw[field]!r}, attendu {', '.join(allowed)}")
    for field in ("nom", "description_fr", "description_en"):
        if isinstance(raw.get(field), str) and not raw[field].strip():
            problems.append(f"{label} : « {field} » est vide")
    fams = raw.get("familles")
    if isinstance(fams, list):
        if not fams:
            problems.append(f"{label} : aucune famille")
        for family in fams:
            if family not in families:
                problems.append(f"{label} : famille inconnue « {family} »")
        if len(set(fams)) != len(fams):
            problems.append(f"{label} : famille répétée")
    for field in ("usages", "alias"):
        values = raw.get(field, [])
        if isinstance(values, list) and not all(isinstance(v, str) and v.strip() for v in values):
            problems.append(f"{label} : « {field} » doit être une liste de textes non vides")
    if "usages" not in raw or not raw.get("usages"):
        problems.append(f"{label} : aucun usage (« usages ») pour dire à quoi il sert")
    if isinstance(raw.get("site"), str):
        why = url_problem(raw["site"])
        if why:
            problems.append(f"{label} : site {raw['site']!r} {why}")
    return problems


def check_catalog() -> CatalogReport:
    """Check the shipped catalog against the référentiel and the advisor's vocabulary."""
    rows = csv.DictReader(_read_data("referentiel.csv").decode("utf-8").splitlines())
    families = {row["famille"] for row in rows}
    vocabulary = tomllib.loads(_read_data("families.toml").decode())
    problems: list[str] = []
    tools: list[dict] = []
    for name in TOOL_FILES:
        for raw in tomllib.loads(_read_data(name).decode()).get("outil", ()):
            problems.extend(_tool_problems(raw, name, families))
            tools.append(raw)

    # Names and aliases: each names one tool only.
    owner: dict[str, str] = {}
    sites: dict[str, str] = {}
    for raw in tools:
        name = str(raw.get("nom", "?"))
        for other in (name, *raw.get("alias", ())):
            key = _key(str(other))
            if key in owner and owner[key] != name:
                problems.append(f"doublon : « {other} » nomme « {owner[key]} » et « {name} »")
            elif key in owner and other == name:
                problems.append(f"doublon : l’outil « {name} » figure deux fois")
            owner.setdefault(key, name)
        site = str(raw.get("site", "")).rstrip("/").lower()
        if site in sites:
            problems.append(f"doublon : « {name} » et « {sites[site]} » ont le même site {site}")
        sites.setdefault(site, name)

    counts = {family: 0 for family in families}
    for raw in tools:
        for family in raw.get("familles", ()):
            if family in counts:
                counts[family] += 1
    problems.extend(
        f"la famille « {family} » n’a aucun outil" for family, n in sorted(counts.items()) if not n
    )

    # Every product the advisor recognises is in the catalog, or deliberately absent.
    absent: dict[str, str] = {}
    for reason, names in vocabulary.get("produits_absents", {}).items():
        for product in names:
            absent[_key(product)] = reason
            if _key(product) in owner:
                problems.append(
                    f"« {product} » est listé absent ({reason}) mais figure au catalogue"
                )
    products = {p for f in vocabulary["famille"] for p in f.get("produits", ())}
    for product in sorted(products, key=str.casefold):
        if _key(product) not in owner and _key(product) not in absent:
            problems.append(
                f"produit reconnu absent du catalogue : « {product} » (l’ajouter, lui donner un "
                "alias ou le lister dans [produits_absents])"
            )
    for family in vocabulary["famille"]:
        if family["nom"] not in families:
            problems.append(f"families.toml : famille inconnue « {family['nom']} »")
    return CatalogReport(
        tools=len(tools),
        families=len(families),
        products=len(products),
        absent=len(absent),
        problems=tuple(problems),
    )
