"""The advisor's answers as neutral replies: families, why, tools, peers' practices."""

from __future__ import annotations

from bot.chat.messages import advisor as _messages  # noqa: F401  (registers the texts)
from bot.chat.reply import Action, Block, Field, Fields, Heading, Items, Reply, Text
from bot.core.advisor.engine import MAX_NEED_LENGTH, ToolPreferences, rank_tools, shortlist
from bot.core.advisor.referentiel import FIELDS, Family, Referentiel, Tool
from bot.core.advisor.referentiel import Field as AppField
from bot.core.advisor.service import AdviceWithPractices
from bot.core.i18n import t

TOOLS_SHOWN = 3
NEED_SHOWN = 200  # characters of the need repeated in the heading


def _score(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "fr" else text


def tool_tags(tool: Tool, lang: str) -> str:
    """« libre · en français · gratuit · en ligne »."""
    tags = [
        t("tool.libre" if tool.libre else "tool.proprietary", lang),
        t("tool.french" if tool.french_ui else "tool.english_only", lang),
        t(f"tool.cost.{tool.cost}", lang),
        t(f"tool.hosting.{tool.hosting}", lang),
    ]
    if tool.quebec_canada:
        tags.append(t("tool.quebec", lang))
    return " · ".join(tags)


def tools(found: list[Tool] | tuple[Tool, ...], lang: str) -> Fields:
    """Tools as named values: tags, description and address under each name."""
    return Fields(
        tuple(
            Field(
                tool.name,
                f"{tool_tags(tool, lang)}\n{tool.description(lang)}\n{tool.website}",
                inline=False,
            )
            for tool in found
        )
    )


def _fields(family: Family, lang: str) -> str:
    return " · ".join(f.name(lang) for f in FIELDS if f.key in family.fields)


def _family_action(family: Family, lang: str) -> Action:
    return Action(
        id=f"advisor:family:{family.slug}",
        label=t("chat.advisor.all_tools", lang, name=family.name),
        command=f"/referentiel famille {family.slug}",
    )


def advice(answer: AdviceWithPractices, lang: str) -> Reply:
    """The answer to a need: families, why, tools, and peers' practices."""
    found = answer.advice
    if found.reason == "empty":
        return Reply((Text(t("advisor.empty", lang)),))
    shown = found.query[:NEED_SHOWN] + ("…" if len(found.query) > NEED_SHOWN else "")
    blocks: list[Block] = [Heading(t("advisor.need", lang, need=" ".join(shown.split())))]
    if found.truncated:
        blocks.append(Text(t("advisor.truncated", lang, limit=MAX_NEED_LENGTH), "warn"))
    if not found.matches:
        blocks.append(Text(t("advisor.no_match", lang)))
        return Reply(tuple(blocks))
    actions: list[Action] = []
    for rank, match in enumerate(found.matches, start=1):
        family = match.family
        blocks.append(Heading(f"{rank}. {family.name}"))
        score = t("advisor.score", lang, score=_score(match.score, lang))
        blocks.append(Text(f"({family.section}) — {score}", "dim"))
        if family.description(lang):
            blocks.append(Text(family.description(lang)))
        facts = [Field(t("advisor.fields", lang), _fields(family, lang))]
        if match.matched:
            facts.append(Field(t("advisor.why", lang), ", ".join(match.matched)))
        blocks.append(Fields(tuple(facts)))
        if match.tools:
            blocks.append(Text(t("advisor.tools", lang) + " :"))
            blocks.append(tools(shortlist(match.tools, TOOLS_SHOWN), lang))
            if len(match.tools) > TOOLS_SHOWN:
                actions.append(_family_action(family, lang))
        else:
            blocks.append(Text(t("advisor.no_tools", lang), "dim"))
    if answer.practices:
        blocks.append(Heading(t("advisor.practices", lang)))
        items = []
        for practice in answer.practices:
            useful = getattr(practice, "useful_count", 0)
            tail = f" ({t('advisor.useful', lang, count=useful)})" if useful else ""
            items.append(f"#{practice.id} {practice.title}{tail}")
        blocks.append(Items(tuple(items)))
    return Reply(tuple(blocks), actions=tuple(actions))


def overview(ref: Referentiel, lang: str) -> Reply:
    """Sections and their families."""
    blocks: list[Block] = [Heading(t("advisor.sections_title", lang))]
    for section in ref.sections:
        blocks.append(Heading(section))
        blocks.append(Items(tuple(f.name for f in ref.families if f.section == section)))
    fields = ", ".join(f.name(lang).lower() for f in FIELDS)
    blocks.append(Text(t("advisor.browse_hint", lang, fields=fields), "dim"))
    return Reply(tuple(blocks))


def field(ref: Referentiel, wanted: AppField, lang: str) -> Reply:
    """The families of one field of application."""
    description = wanted.description_en if lang == "en" else wanted.description_fr
    families = ref.families_of_field(wanted.key)
    return Reply(
        (
            Heading(t("advisor.field_title", lang, name=wanted.name(lang))),
            Text(description, "dim"),
            Items(tuple(f"{f.name} — {f.description(lang)}" for f in families)),
        )
    )


def family(ref: Referentiel, wanted: Family, lang: str) -> Reply:
    """One family: section, description, fields, examples, every tool."""
    blocks: list[Block] = [
        Heading(wanted.name),
        Fields((Field(t("advisor.section", lang), wanted.section),)),
    ]
    if wanted.description(lang):
        blocks.append(Text(wanted.description(lang)))
    facts = [Field(t("advisor.fields", lang), _fields(wanted, lang))]
    if wanted.examples:
        facts.append(Field(t("advisor.examples", lang), wanted.examples))
    blocks.append(Fields(tuple(facts)))
    found = ref.tools_for(wanted.name)
    if found:
        blocks.append(Text(t("advisor.tools", lang) + " :"))
        blocks.append(tools(rank_tools(found, ToolPreferences()), lang))
    else:
        blocks.append(Text(t("advisor.no_tools", lang), "dim"))
    return Reply(tuple(blocks))
