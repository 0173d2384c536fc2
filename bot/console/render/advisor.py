"""The advisor's answers as terminal text."""

from __future__ import annotations

from bot.console.style import Style
from bot.core.advisor.engine import MAX_NEED_LENGTH, shortlist
from bot.core.advisor.referentiel import FIELDS, Family, Field, Referentiel, Tool
from bot.core.advisor.service import AdviceWithPractices
from bot.core.i18n import t

TOOLS_SHOWN = 3


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


def render_tool(tool: Tool, lang: str, s: Style, indent: str = "     ") -> str:
    """A tool on three lines: name and tags, description, address."""
    return (
        f"{indent}• {s.bold(tool.name)} — {s.dim(tool_tags(tool, lang))}\n"
        f"{indent}  {tool.description(lang)}\n"
        f"{indent}  {s.link(tool.website)}"
    )


def _fields(family: Family, lang: str) -> str:
    return " · ".join(f.name(lang) for f in FIELDS if f.key in family.fields)


def render_advice(answer: AdviceWithPractices, lang: str, s: Style) -> str:
    """The answer to a need: families, why, tools, and peers' practices."""
    advice = answer.advice
    lines: list[str] = []
    if advice.reason == "empty":
        return t("advisor.empty", lang)
    shown = advice.query[:200] + ("…" if len(advice.query) > 200 else "")
    lines.append(s.title(t("advisor.need", lang, need=" ".join(shown.split()))))
    if advice.truncated:
        lines.append(s.warn(t("advisor.truncated", lang, limit=MAX_NEED_LENGTH)))
    if not advice.matches:
        lines.append(t("advisor.no_match", lang))
        return "\n".join(lines)
    for rank, match in enumerate(advice.matches, start=1):
        family = match.family
        lines.append("")
        lines.append(
            f"{rank}. {s.bold(family.name)}  "
            + s.dim(
                f"({family.section}) — {t('advisor.score', lang, score=_score(match.score, lang))}"
            )
        )
        if family.description(lang):
            lines.append(f"   {family.description(lang)}")
        lines.append(f"   {t('advisor.fields', lang)} : {_fields(family, lang)}")
        if match.matched:
            lines.append(s.dim(f"   {t('advisor.why', lang)} : {', '.join(match.matched)}"))
        if match.tools:
            lines.append(f"   {t('advisor.tools', lang)} :")
            lines.extend(render_tool(tool, lang, s) for tool in shortlist(match.tools, TOOLS_SHOWN))
            if len(match.tools) > TOOLS_SHOWN:
                lines.append(s.dim("     " + t("advisor.more_tools", lang, name=family.slug)))
        else:
            lines.append(s.dim(f"   {t('advisor.no_tools', lang)}"))
    if answer.practices:
        lines.append("")
        lines.append(s.title(t("advisor.practices", lang)))
        for practice in answer.practices:
            useful = getattr(practice, "useful_count", 0)
            tail = f" ({t('advisor.useful', lang, count=useful)})" if useful else ""
            lines.append(f"  • #{practice.id} {s.bold(practice.title)}{s.dim(tail)}")
    return "\n".join(lines)


def render_overview(ref: Referentiel, lang: str, s: Style) -> str:
    """Sections and their families."""
    lines = [s.title(t("advisor.sections_title", lang))]
    for section in ref.sections:
        lines.append("")
        lines.append(s.bold(section))
        lines.extend(f"  • {f.name}" for f in ref.families if f.section == section)
    lines.append("")
    fields = ", ".join(f.name(lang).lower() for f in FIELDS)
    lines.append(s.dim(t("advisor.browse_hint", lang, fields=fields)))
    return "\n".join(lines)


def render_field(ref: Referentiel, field: Field, lang: str, s: Style) -> str:
    """The families of one field of application."""
    lines = [
        s.title(t("advisor.field_title", lang, name=field.name(lang))),
        s.dim(field.description_en if lang == "en" else field.description_fr),
    ]
    for family in ref.families_of_field(field.key):
        lines.append(f"  • {s.bold(family.name)} — {family.description(lang)}")
    return "\n".join(lines)


def render_family(ref: Referentiel, family: Family, lang: str, s: Style) -> str:
    """One family: section, description, fields, examples, every tool."""
    lines = [s.title(family.name), f"{t('advisor.section', lang)} : {family.section}"]
    if family.description(lang):
        lines.append(family.description(lang))
    lines.append(f"{t('advisor.fields', lang)} : {_fields(family, lang)}")
    if family.examples:
        lines.append(f"{t('advisor.examples', lang)} : {family.examples}")
    tools = ref.tools_for(family.name)
    from bot.core.advisor.engine import ToolPreferences, rank_tools

    if tools:
        lines.append(f"{t('advisor.tools', lang)} :")
        lines.extend(
            render_tool(tool, lang, s, indent="  ") for tool in rank_tools(tools, ToolPreferences())
        )
    else:
        lines.append(s.dim(t("advisor.no_tools", lang)))
    return "\n".join(lines)
