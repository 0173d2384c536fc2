"""Practice records, lists and search results as terminal text."""

from __future__ import annotations

from bot.console.style import Style
from bot.core.i18n import t
from bot.core.practices.inert import inert_plain
from bot.core.practices.records import (
    CONTEXT_FIELDS,
    Highlighted,
    PracticePage,
    PracticeSummary,
    PracticeView,
    SearchPage,
    VersionView,
    field_label,
)
from bot.core.timefmt import format_date, format_datetime

BODY_FIELDS = ("need", "actions", "results", "advice")


def marked(h: Highlighted, s: Style) -> str:
    """Matched words in bold on a terminal, between « » otherwise."""
    if s.color:
        return inert_plain(h.marked("\x1b[1;33m", "\x1b[0m"))
    return inert_plain(h.marked("«", "»"))


def _useful(count: int, lang: str) -> str:
    return t("practices.useful_count", lang, count=count) if count else ""


def render_summary(p: PracticeSummary, lang: str, s: Style, tz: str) -> str:
    """One practice on two or three lines."""
    title = marked(p.title_marked, s) if p.title_marked and p.title_marked.spans else p.title
    head = f"  #{p.id} {s.bold(inert_plain(title))}"
    details = [inert_plain(p.organisation)] if p.organisation else []
    details.append(format_date(p.created_at, tz, lang))
    if p.useful_count:
        details.append(_useful(p.useful_count, lang))
    if not p.own:
        details.append(t("practices.from_community", lang, name=inert_plain(p.community)))
    if p.status == "withdrawn":
        details.append(t("practices.withdrawn_tag", lang))
    lines = [head, "     " + s.dim(" · ".join(d for d in details if d))]
    if p.snippet is not None and p.snippet.text:
        lines.append("     " + marked(p.snippet, s))
    return "\n".join(lines)


def render_search(page: SearchPage, lang: str, s: Style) -> str:
    """A page of search results with what was understood."""
    lines: list[str] = []
    for wrong, right in page.corrections:
        lines.append(s.dim(t("practices.corrected", lang, wrong=wrong, right=right)))
    if page.total == 0:
        lines.append(t("practices.no_result", lang))
        return "\n".join(lines)
    if page.relaxed:
        lines.append(s.warn(t("practices.relaxed", lang)))
    key = "practices.results_more" if page.more else "practices.results"
    lines.append(s.title(t(key, lang, total=page.total, page=page.page, pages=page.pages)))
    if not page.hits:
        lines.append(t("practices.page_empty", lang, pages=page.pages))
    lines.extend(render_summary(p, lang, s, page.tz) for p in page.hits)
    if page.page < page.pages:
        lines.append(s.dim(t("practices.next_page", lang, page=page.page + 1)))
    lines.append(s.dim(t("practices.view_hint", lang)))
    return "\n".join(lines)


def render_list(page: PracticePage, lang: str, s: Style) -> str:
    """Recent, most useful or withdrawn practices."""
    title = t(f"practices.list.{page.order}", lang, page=page.page, pages=page.pages)
    lines = [s.title(title)]
    if not page.items:
        lines.append(t(f"practices.list.{page.order}.empty", lang))
        return "\n".join(lines)
    lines.extend(render_summary(p, lang, s, page.tz) for p in page.items)
    if page.page < page.pages:
        lines.append(s.dim(t("practices.list.next", lang, page=page.page + 1)))
    return "\n".join(lines)


def _list_value(values: tuple[str, ...]) -> str:
    return "; ".join(inert_plain(v) for v in values)


def render_content_fields(view_content: object, lang: str, s: Style) -> list[str]:
    """The record's fields, labelled, empty ones left out."""
    c = view_content
    lines: list[str] = []
    context = [inert_plain(getattr(c, n)) for n in CONTEXT_FIELDS if getattr(c, n)]
    if getattr(c, "organisation", ""):
        lines.append(f"{s.bold(field_label('organisation', lang))} : {inert_plain(c.organisation)}")  # type: ignore[attr-defined]
    if context:
        lines.append(f"{s.bold(t('practices.context', lang))} : {' · '.join(context)}")
    if getattr(c, "period", ""):
        lines.append(f"{s.bold(field_label('period', lang))} : {inert_plain(c.period)}")  # type: ignore[attr-defined]
    for name in BODY_FIELDS:
        text = getattr(c, name)
        if text:
            lines.append("")
            lines.append(s.bold(field_label(name, lang)))
            lines.extend("  " + inert_plain(line) for line in text.splitlines())
    extra = [(n, getattr(c, n)) for n in ("tools", "families", "tags") if getattr(c, n)]
    if extra:
        lines.append("")
    for name, values in extra:
        lines.append(f"{s.bold(field_label(name, lang))} : {_list_value(values)}")
    return lines


def render_practice(view: PracticeView, lang: str, s: Style) -> str:
    """One practice in full."""
    lines = [s.title(f"#{view.id} {inert_plain(view.title)}")]
    author = t("practices.by", lang, author=inert_plain(view.author))
    if view.imported_from:
        author += " " + t("practices.imported_from", lang, name=inert_plain(view.imported_from))
    facts = [
        author,
        t("practices.published_on", lang, date=format_date(view.created_at, view.tz, lang)),
    ]
    if view.version > 1:
        facts.append(
            t(
                "practices.edited_on",
                lang,
                version=view.version,
                date=format_date(view.updated_at, view.tz, lang),
            )
        )
    if view.useful_count:
        facts.append(_useful(view.useful_count, lang))
    if not view.own:
        facts.append(t("practices.from_community", lang, name=inert_plain(view.community)))
    elif view.shared:
        facts.append(t("practices.shared_tag", lang))
    lines.append(s.dim(" · ".join(facts)))
    if view.withdrawn:
        when = format_datetime(view.withdrawn_at, view.tz, lang) if view.withdrawn_at else "?"
        key = (
            "practices.withdrawn_by_moderation"
            if view.withdrawn_as == "moderator"
            else "practices.withdrawn_notice"
        )
        notice = t(key, lang, who=inert_plain(view.withdrawn_by), when=when, id=view.id)
        if view.withdrawn_reason:
            notice += " " + t("practices.reason", lang, reason=inert_plain(view.withdrawn_reason))
        if view.can_restore:
            notice += " " + t("practices.restore_hint", lang, id=view.id)
        lines.append(s.warn(notice))
    lines.extend(render_content_fields(view.content, lang, s))
    lines.append("")
    hints = []
    if not view.withdrawn:
        key = "practices.hint.unmark" if view.marked_useful else "practices.hint.mark"
        hints.append(t(key, lang, id=view.id))
    if view.version > 1:
        hints.append(t("practices.hint.versions", lang, id=view.id))
    if view.can_edit and not view.withdrawn:
        hints.append(t("practices.hint.edit", lang, id=view.id))
    lines.extend(s.dim(h) for h in hints)
    return "\n".join(lines)


def render_versions(versions: tuple[VersionView, ...], lang: str, s: Style) -> str:
    """Every version of a practice, one line each."""
    if not versions:
        return t("practices.versions.none", lang)
    first = versions[0]
    lines = [s.title(t("practices.versions.title", lang, id=first.practice_id))]
    for v in versions:
        when = format_datetime(v.created_at, v.tz, lang)
        if v.purged:
            what = _purged(v, lang)
        elif v.number == 1:
            what = t("practices.versions.created", lang)
        else:
            changed = ", ".join(field_label(n, lang) for n in v.changed)
            what = t("practices.versions.changed", lang, fields=changed or "—")
        current = " " + s.good(t("practices.versions.current", lang)) if v.current else ""
        lines.append(f"  v{v.number} — {when} — {inert_plain(v.editor)} — {what}{current}")
    lines.append(s.dim(t("practices.versions.hint", lang, id=first.practice_id)))
    return "\n".join(lines)


def _purged(v: VersionView, lang: str) -> str:
    when = format_datetime(v.purged_at, v.tz, lang) if v.purged_at else "?"
    return t(
        "practices.versions.purged",
        lang,
        number=v.number,
        when=when,
        who=inert_plain(v.purged_by),
        reason=inert_plain(v.purge_reason),
    )


def render_version(v: VersionView, lang: str, s: Style) -> str:
    """One version in full (a purged one: who purged it, when and why; never its text)."""
    head = t(
        "practices.versions.one",
        lang,
        id=v.practice_id,
        number=v.number,
        editor=inert_plain(v.editor),
        date=format_datetime(v.created_at, v.tz, lang),
    )
    if v.purged:
        return "\n".join([s.title(head), s.warn(_purged(v, lang))])
    lines = [s.title(head), s.bold(inert_plain(v.content.title))]
    lines.extend(render_content_fields(v.content, lang, s))
    return "\n".join(lines)
