"""Practice records, lists and search results as neutral replies.

Member text goes in as typed: each platform's renderer makes it inert its own way, once.
Matched words are marked « like this », which reads the same on every platform.
"""

from __future__ import annotations

from bot.chat.messages import practices as _messages  # noqa: F401  (registers the texts)
from bot.chat.reply import Action, Block, Field, Fields, Heading, Items, Reply, Text
from bot.core.i18n import t
from bot.core.practices.records import (
    CONTEXT_FIELDS,
    Highlighted,
    PracticeContent,
    PracticePage,
    PracticeSummary,
    PracticeView,
    SearchPage,
    VersionView,
    field_label,
)
from bot.core.timefmt import format_date, format_datetime

BODY_FIELDS = ("need", "actions", "results", "advice")
LIST_FIELDS = ("tools", "families", "tags")
# The word that asks /pratiques for each order (« /pratiques populaires page=2 »).
ORDER_WORDS = {"recent": "", "useful": "populaires ", "withdrawn": "retirees "}


def marked(h: Highlighted) -> str:
    """The text with its matched words between « »."""
    return h.marked("«", "»")


def _useful(count: int, lang: str) -> str:
    return t("practices.useful_count", lang, count=count) if count else ""


def summary(p: PracticeSummary, lang: str, tz: str) -> Field:
    """One practice in a list: number and title, then details and the matched snippet."""
    title = marked(p.title_marked) if p.title_marked and p.title_marked.spans else p.title
    details = [p.organisation] if p.organisation else []
    details.append(format_date(p.created_at, tz, lang))
    if p.useful_count:
        details.append(_useful(p.useful_count, lang))
    if not p.own:
        details.append(t("practices.from_community", lang, name=p.community))
    if p.status == "withdrawn":
        details.append(t("practices.withdrawn_tag", lang))
    lines = [" · ".join(d for d in details if d)]
    if p.snippet is not None and p.snippet.text:
        lines.append(marked(p.snippet))
    return Field(f"#{p.id} {title}", "\n".join(lines), inline=False)


def search(page: SearchPage, lang: str) -> Reply:
    """A page of search results with what was understood."""
    blocks: list[Block] = [
        Text(t("practices.corrected", lang, wrong=wrong, right=right), "dim")
        for wrong, right in page.corrections
    ]
    if page.total == 0:
        blocks.append(Text(t("practices.no_result", lang)))
        return Reply(tuple(blocks))
    if page.relaxed:
        blocks.append(Text(t("practices.relaxed", lang), "warn"))
    key = "practices.results_more" if page.more else "practices.results"
    blocks.append(Heading(t(key, lang, total=page.total, page=page.page, pages=page.pages)))
    if not page.hits:
        blocks.append(Text(t("practices.page_empty", lang, pages=page.pages)))
    if page.hits:
        blocks.append(Fields(tuple(summary(p, lang, page.tz) for p in page.hits)))
    if page.page < page.pages:
        blocks.append(Text(t("practices.next_page", lang, page=page.page + 1), "dim"))
    blocks.append(Text(t("practices.view_hint", lang), "dim"))
    return Reply(tuple(blocks))


def listing(page: PracticePage, lang: str) -> Reply:
    """Recent, most useful or withdrawn practices."""
    title = t(f"practices.list.{page.order}", lang, page=page.page, pages=page.pages)
    if not page.items:
        return Reply((Heading(title), Text(t(f"practices.list.{page.order}.empty", lang))))
    actions: tuple[Action, ...] = ()
    if page.page < page.pages:
        following = page.page + 1
        actions = (
            Action(
                id=f"practices:{page.order}:{following}",
                label=t("practices.action.next", lang),
                command=f"/pratiques {ORDER_WORDS[page.order]}page={following}",
            ),
        )
    return Reply(
        (Heading(title), Fields(tuple(summary(p, lang, page.tz) for p in page.items))),
        actions=actions,
    )


def content(c: PracticeContent, lang: str) -> list[Block]:
    """The record's fields, labelled, empty ones left out."""
    facts: list[Field] = []
    context = [getattr(c, n) for n in CONTEXT_FIELDS if getattr(c, n)]
    if c.organisation:
        facts.append(Field(field_label("organisation", lang), c.organisation))
    if context:
        facts.append(Field(t("practices.context", lang), " · ".join(context)))
    if c.period:
        facts.append(Field(field_label("period", lang), c.period))
    blocks: list[Block] = [Fields(tuple(facts))] if facts else []
    for name in BODY_FIELDS:
        text = getattr(c, name)
        if text:
            blocks.extend((Heading(field_label(name, lang)), Text(text)))
    lists = [
        Field(field_label(n, lang), "; ".join(getattr(c, n))) for n in LIST_FIELDS if getattr(c, n)
    ]
    if lists:
        blocks.append(Fields(tuple(lists)))
    return blocks


def _action(view_id: int, what: str, command: str, lang: str, key: str = "") -> Action:
    return Action(
        id=f"practice:{view_id}:{what}",
        label=t(f"practices.action.{key or what}", lang),
        command=f"/pratique {command} {view_id}",
    )


def _actions(view: PracticeView, lang: str) -> tuple[Action, ...]:
    actions: list[Action] = []
    if view.withdrawn:
        if view.can_restore:
            actions.append(_action(view.id, "restore", "restaurer", lang))
        return tuple(actions)
    key = "unmark" if view.marked_useful else "useful"
    actions.append(_action(view.id, "useful", "utile", lang, key))
    if view.version > 1:
        actions.append(_action(view.id, "versions", "versions", lang))
    if view.can_edit:
        actions.append(_action(view.id, "edit", "modifier", lang))
        actions.append(_action(view.id, "withdraw", "retirer", lang))
    return tuple(actions)


def practice(view: PracticeView, lang: str) -> Reply:
    """One practice in full, and what the reader can do with it."""
    author = t("practices.by", lang, author=view.author)
    if view.imported_from:
        author += " " + t("practices.imported_from", lang, name=view.imported_from)
    facts = [
        author,
        t("practices.published_on", lang, date=format_date(view.created_at, view.tz, lang)),
    ]
    if view.version > 1:
        date = format_date(view.updated_at, view.tz, lang)
        facts.append(t("practices.edited_on", lang, version=view.version, date=date))
    if view.useful_count:
        facts.append(_useful(view.useful_count, lang))
    if not view.own:
        facts.append(t("practices.from_community", lang, name=view.community))
    elif view.shared:
        facts.append(t("practices.shared_tag", lang))
    blocks: list[Block] = [Heading(f"#{view.id} {view.title}"), Text(" · ".join(facts), "dim")]
    if view.withdrawn:
        when = format_datetime(view.withdrawn_at, view.tz, lang) if view.withdrawn_at else "?"
        key = (
            "practices.withdrawn_by_moderation"
            if view.withdrawn_as == "moderator"
            else "practices.withdrawn_notice"
        )
        notice = t(key, lang, who=view.withdrawn_by, when=when, id=view.id)
        if view.withdrawn_reason:
            notice += " " + t("practices.reason", lang, reason=view.withdrawn_reason)
        blocks.append(Text(notice, "warn"))
    blocks.extend(content(view.content, lang))
    return Reply(tuple(blocks), actions=_actions(view, lang))


def _purged(v: VersionView, lang: str) -> str:
    when = format_datetime(v.purged_at, v.tz, lang) if v.purged_at else "?"
    return t(
        "practices.versions.purged",
        lang,
        number=v.number,
        when=when,
        who=v.purged_by,
        reason=v.purge_reason,
    )


def versions(found: tuple[VersionView, ...], lang: str) -> Reply:
    """Every version of a practice, one line each."""
    if not found:
        return Reply((Text(t("practices.versions.none", lang)),))
    first = found[0]
    lines: list[str] = []
    for v in found:
        when = format_datetime(v.created_at, v.tz, lang)
        if v.purged:
            what = _purged(v, lang)
        elif v.number == 1:
            what = t("practices.versions.created", lang)
        else:
            changed = ", ".join(field_label(n, lang) for n in v.changed)
            what = t("practices.versions.changed", lang, fields=changed or "—")
        current = " " + t("practices.versions.current", lang) if v.current else ""
        lines.append(f"v{v.number} — {when} — {v.editor} — {what}{current}")
    return Reply(
        (
            Heading(t("practices.versions.title", lang, id=first.practice_id)),
            Items(tuple(lines)),
            Text(t("practices.versions.hint", lang, id=first.practice_id), "dim"),
        )
    )


def version(v: VersionView, lang: str) -> Reply:
    """One version in full (a purged one: who purged it, when and why; never its text)."""
    head = t(
        "practices.versions.one",
        lang,
        id=v.practice_id,
        number=v.number,
        editor=v.editor,
        date=format_datetime(v.created_at, v.tz, lang),
    )
    if v.purged:
        return Reply((Heading(head), Text(_purged(v, lang), "warn")))
    return Reply((Heading(head), Text(v.content.title), *content(v.content, lang)))


def preview(c: PracticeContent, lang: str) -> Reply:
    """What a practice will look like, before it is posted."""
    return Reply((Heading(t("practices.ask.preview", lang)), Text(c.title), *content(c, lang)))
