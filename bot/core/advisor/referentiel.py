"""The référentiel of digital usages (39 families, 4 sections, 5 fields) and the tool catalog."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.core.text import fold


@dataclass(frozen=True, slots=True)
class Field:
    """A field of application of the référentiel (« Gestion démocratique »…)."""

    key: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str

    def name(self, lang: str) -> str:
        """The field's name in `lang`."""
        return self.name_en if lang == "en" else self.name_fr


FIELDS: tuple[Field, ...] = (
    Field(
        "gestion_operations",
        "Gestion des opérations",
        "Operations management",
        "Ressources humaines, conception, production, finances, comptabilité, gestion de données "
        "et des connaissances, développement des compétences",
        "Human resources, design, production, finance, accounting, data and knowledge "
        "management, skills development",
    ),
    Field(
        "relation_client",
        "Relation client",
        "Customer relations",
        "Marketing, vente, services, soutien après-vente",
        "Marketing, sales, services, after-sales support",
    ),
    Field(
        "gestion_democratique",
        "Gestion démocratique",
        "Democratic governance",
        "Gouvernance participative, transparence, évaluation, reddition de comptes",
        "Participatory governance, transparency, evaluation, accountability",
    ),
    Field(
        "mobilisation_ancrages",
        "Mobilisation et ancrages",
        "Mobilisation and local roots",
        "Mobilisation du milieu et des ressources, ancrage sur le territoire, renforcement des "
        "capacités d’action individuelles et collectives",
        "Mobilising the community and resources, staying rooted in the territory, building "
        "individual and collective capacity",
    ),
    Field(
        "collaboration_mutualisation",
        "Collaboration et mutualisation",
        "Collaboration and pooling",
        "Processus collaboratifs internes, collaboration avec les acteurs du milieu, partage de "
        "ressources et de connaissances avec d’autres entreprises",
        "Internal collaboration, working with local partners, sharing resources and knowledge "
        "with other organisations",
    ),
)

COSTS = ("gratuit", "freemium", "payant", "tarif_osbl")
HOSTINGS = ("infonuagique", "auto_heberge", "les_deux")
# Which teams a tool suits: « petite » (a few people, free plans capped low), « grande »
# (priced and built for large organisations), « toutes » (either).
TEAMS = ("toutes", "petite", "grande")


@dataclass(frozen=True, slots=True)
class Tool:
    """A real tool of the catalog."""

    name: str
    website: str
    description_fr: str
    description_en: str
    families: tuple[str, ...]
    libre: bool
    cost: str
    french_ui: bool
    hosting: str
    quebec_canada: bool
    # What the tool is for within its families (« sociofinancement », « billetterie »…).
    uses: tuple[str, ...] = ()
    # Other names people give it (« Sendinblue » for Brevo).
    aliases: tuple[str, ...] = ()
    # Data can be kept in Canada (True), cannot (False), or not checked (None).
    data_canada: bool | None = None
    team: str = "toutes"
    # The cost for non-profits in words, where checked (« gratuit jusqu’à 250 contacts »).
    cost_note: str = ""

    def description(self, lang: str) -> str:
        """The one-line description in `lang`."""
        return self.description_en if lang == "en" else self.description_fr


@dataclass(frozen=True, slots=True)
class Family:
    """A family of digital usage, with the words people use for it."""

    name: str
    slug: str
    section: str
    examples: str
    fields: tuple[str, ...]
    description_fr: str
    description_en: str
    terms: tuple[str, ...]
    hints: tuple[str, ...]
    products: tuple[str, ...]
    # The need told by its problem (« on oublie qui s'occupe de quoi »): whole phrases only.
    symptoms: tuple[str, ...] = ()

    def description(self, lang: str) -> str:
        """The short description in `lang`."""
        return self.description_en if lang == "en" else self.description_fr


@dataclass(frozen=True, slots=True)
class Referentiel:
    """Sections, families, fields and tools, loaded once from the package data."""

    families: tuple[Family, ...]
    tools: tuple[Tool, ...]
    # Themes that are not a need of an organisation (sport, weather…): name → phrases.
    off_topic: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Markers of a question about rules (law, taxes…), and words that make it a tool need.
    rule_markers: tuple[str, ...] = ()
    # Markers of a question about rules only in a question (« doivent être signés? »).
    rule_question_markers: tuple[str, ...] = ()
    tool_words: tuple[str, ...] = ()
    # Markers of news of the day, and words that say a need after all.
    news_markers: tuple[str, ...] = ()
    need_words: tuple[str, ...] = ()
    # Markers of praise or thanks (« bravo à l'équipe », « great job on the poster »).
    praise_markers: tuple[str, ...] = ()
    # Markers of a message about the bot itself (« t'es qui toi? »).
    bot_markers: tuple[str, ...] = ()
    # Markers that a message speaks to the bot about itself or its past answers (« qui t'a
    # créé? », « l'outil que tu m'as suggéré »): words of a need do not make it one.
    bot_sure_markers: tuple[str, ...] = ()
    # Markers of an explicit request (« on cherche », « how can we »).
    request_markers: tuple[str, ...] = ()
    # Markers of a chore that eats someone's hours (« je passe mes soirées à recopier »).
    chore_markers: tuple[str, ...] = ()
    # Markers that what is asked for is a person to hire or to find (« on cherche un comptable »).
    person_markers: tuple[str, ...] = ()
    # Markers that the person cannot be paid for (« pas de budget pour engager »): a need.
    unaffordable_markers: tuple[str, ...] = ()

    @property
    def sections(self) -> tuple[str, ...]:
        """Section names in the référentiel's order."""
        return tuple(dict.fromkeys(f.section for f in self.families))

    def family(self, name_or_slug: str) -> Family | None:
        """A family by name or slug, forgiving accents, case, partial names and typos."""
        wanted = " ".join(fold(name_or_slug).split())
        if not wanted:
            return None
        for family in self.families:
            if wanted in (fold(family.name), family.slug):
                return family
        partial = [f for f in self.families if wanted in fold(f.name) or wanted in f.slug]
        if len(partial) == 1:
            return partial[0]
        from rapidfuzz import fuzz, process

        best = process.extractOne(
            wanted,
            {i: fold(f.name) for i, f in enumerate(partial or self.families)},
            scorer=fuzz.WRatio,
            score_cutoff=80,
        )
        return (partial or list(self.families))[best[2]] if best else None

    def field(self, key_or_name: str) -> Field | None:
        """A field of application by key or (folded, partial) name."""
        wanted = fold(key_or_name).strip().replace(" ", "_")
        for f in FIELDS:
            names = (f.key, fold(f.name_fr).replace(" ", "_"), fold(f.name_en).replace(" ", "_"))
            if wanted and any(wanted == n or (len(wanted) >= 4 and wanted in n) for n in names):
                return f
        return None

    def families_of_field(self, field_key: str) -> tuple[Family, ...]:
        """Families serving one field of application."""
        return tuple(f for f in self.families if field_key in f.fields)

    def tools_for(self, family_name: str) -> tuple[Tool, ...]:
        """Tools listed for a family, in catalog order."""
        return tuple(t for t in self.tools if family_name in t.families)


def slugify(text: str) -> str:
    """ASCII slug: « Outils d’aide à la décision » → « outils-d-aide-a-la-decision »."""
    out = "".join(c if c.isalnum() else "-" for c in fold(text))
    return "-".join(part for part in out.split("-") if part)


# The catalog, split by when entries were added (one file grew unwieldy).
TOOL_FILES = ("tools.toml", "tools_more.toml")


def _read_data(name: str) -> bytes:
    return resources.files("bot.data").joinpath(name).read_bytes()


@cache
def load() -> Referentiel:
    """The référentiel and catalog shipped in bot/data (parsed once per process)."""
    rows = list(csv.DictReader(_read_data("referentiel.csv").decode("utf-8").splitlines()))
    extra = {f["nom"]: f for f in tomllib.loads(_read_data("families.toml").decode())["famille"]}
    families = []
    for row in rows:
        name = row["famille"]
        more = extra.get(name, {})
        families.append(
            Family(
                name=name,
                slug=slugify(name),
                section=row["section"],
                examples=row["exemples"],
                fields=tuple(f.key for f in FIELDS if row[f.key].strip() == "1"),
                description_fr=more.get("description_fr", ""),
                description_en=more.get("description_en", ""),
                terms=tuple(more.get("termes", ())),
                hints=tuple(more.get("indices", ())),
                products=tuple(more.get("produits", ())),
                symptoms=tuple(more.get("symptomes", ())),
            )
        )
    names = {f.name for f in families}
    tools = []
    for raw in (
        raw
        for name in TOOL_FILES
        for raw in tomllib.loads(_read_data(name).decode()).get("outil", ())
    ):
        unknown = [f for f in raw["familles"] if f not in names]
        if unknown:
            raise ValueError(f"tool {raw['nom']} names unknown families {unknown}")
        tools.append(
            Tool(
                name=raw["nom"],
                website=raw["site"],
                description_fr=raw["description_fr"],
                description_en=raw["description_en"],
                families=tuple(raw["familles"]),
                libre=bool(raw["libre"]),
                cost=raw["cout"],
                french_ui=bool(raw["interface_fr"]),
                hosting=raw["hebergement"],
                quebec_canada=bool(raw["quebec_canada"]),
                uses=tuple(raw.get("usages", ())),
                aliases=tuple(raw.get("alias", ())),
                data_canada=raw.get("donnees_canada"),
                team=raw.get("equipe", "toutes"),
                cost_note=raw.get("note_cout", ""),
            )
        )
    quiet = tomllib.loads(_read_data("hors_sujet.toml").decode())
    off_topic = tuple((theme["nom"], tuple(theme["termes"])) for theme in quiet["theme"])
    rules = quiet.get("regles", {})
    return Referentiel(
        families=tuple(families),
        tools=tuple(tools),
        off_topic=off_topic,
        rule_markers=tuple(rules.get("marqueurs", ())),
        rule_question_markers=tuple(rules.get("marqueurs_question", ())),
        tool_words=tuple(rules.get("outils", ())),
        news_markers=tuple(quiet.get("nouvelles", {}).get("marqueurs", ())),
        need_words=tuple(quiet.get("nouvelles", {}).get("besoin", ())),
        praise_markers=tuple(quiet.get("compliments", {}).get("marqueurs", ())),
        bot_markers=tuple(quiet.get("bot", {}).get("marqueurs", ())),
        bot_sure_markers=tuple(quiet.get("bot", {}).get("marqueurs_surs", ())),
        request_markers=tuple(quiet.get("demande", {}).get("marqueurs", ())),
        chore_markers=tuple(quiet.get("demande", {}).get("corvees", ())),
        person_markers=tuple(quiet.get("personne", {}).get("marqueurs", ())),
        unaffordable_markers=tuple(quiet.get("personne", {}).get("sans_moyens", ())),
    )
