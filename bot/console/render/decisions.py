"""Decisions as terminal text: votes, receipts, lists, results, reminders, the register."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.chat.messages import decisions as _messages  # noqa: F401  (registers the texts)
from bot.console.style import Style
from bot.core.decisions import messages  # noqa: F401  (registers the core texts)
from bot.core.decisions.register import binding_words, head_words, outcome_words
from bot.core.decisions.rules import Outcome, QuorumKind
from bot.core.decisions.views import (
    MeetingResult,
    MotionResult,
    PollResult,
    RegisterEntry,
    ReminderView,
    Rules,
    VoteDefaults,
    VoteSummary,
    VoteView,
)
from bot.core.i18n import t
from bot.core.mentions import inert
from bot.core.timefmt import format_datetime, format_duration, format_short


def _left(until: datetime, now: datetime, lang: str) -> str:
    return format_duration(until - now, lang)


def _choice_label(choice: str, lang: str) -> str:
    return t(f"decision.choice.{choice}", lang)


def rules_line(rules: Rules, kind: str, lang: str) -> str:
    """« majorité simple … · quorum de 50 % · vote nominal »."""
    parts: list[str] = []
    if kind == "motion":
        parts.append(t(f"decision.majority.{rules.majority.value}", lang))
        parts.append(
            t(f"decision.quorum.{rules.quorum.kind.value}", lang, value=rules.quorum.value)
        )
        parts.append(t("decision.mode.secret" if rules.secret else "decision.mode.nominal", lang))
        if rules.early_close:
            parts.append(t("chat.vote.early", lang))
        if not rules.require_seconder:
            parts.append(t("chat.vote.no_seconder", lang))
    else:
        key = "chat.vote.mode_secret_poll" if rules.secret else "decision.mode.named"
        parts.append(t(key, lang))
        if kind == "poll" and rules.max_choices > 1:
            parts.append(t("chat.vote.max_choices", lang, max=rules.max_choices))
        if not rules.secret and not rules.live_results:
            parts.append(t("chat.vote.hidden", lang).rstrip("."))
    if rules.reminders:
        listed = ", ".join(format_duration(timedelta(minutes=m), lang) for m in rules.reminders)
        parts.append(t("chat.vote.reminders", lang, list=listed))
    return " · ".join(parts)


def _heading(view: VoteView, lang: str, s: Style) -> str:
    kind = t(f"decision.kind.{view.kind}", lang)
    title = t("chat.vote.heading", lang, kind=kind, number=view.number)
    if view.title:
        title += f" — {inert(view.title)}"
    status = t(f"decision.status.{view.status}", lang)
    return f"{s.title(title)}  {s.dim('[' + status + ']')}"


def _motion_result(result: MotionResult, lang: str, nominal: bool) -> list[str]:
    tally = result.tally
    if result.hidden:
        return [t("chat.vote.counts_hidden", lang)]
    lines = [
        t(
            "decision.md.counts",
            lang,
            pour=tally.pour,
            contre=tally.contre,
            abstention=tally.abstention,
        )
    ]
    if nominal:
        for choice in ("pour", "contre", "abstention"):
            names = result.names_for(choice)
            if names:
                lines.append(
                    f"  {_choice_label(choice, lang)} : {', '.join(inert(n) for n in names)}"
                )
    return lines


def _poll_lines(view: VoteView, lang: str, s: Style) -> list[str]:
    result = view.result
    lines: list[str] = []
    if isinstance(result, PollResult | MeetingResult) and result.hidden:
        result = None  # anonymous with fewer than 3 answers: no counts at all
        lines.append(s.dim("  " + t("chat.vote.counts_hidden", lang)))
    for option in view.options:
        i = option.position - 1
        label = inert(option.label)
        if view.kind == "meeting" and option.starts_at is not None:
            label = format_datetime(option.starts_at, view.timezone, lang)
        tail = ""
        if isinstance(result, PollResult):
            count = result.counts[i]
            tail = "  " + s.dim(t("chat.vote.votes", lang, count=count))
            if option.position in result.leaders and view.status == "closed":
                tail += " " + s.good("← " + t("chat.vote.leader", lang))
            if result.names and result.names[i]:
                tail += s.dim("  (" + ", ".join(inert(n) for n in result.names[i]) + ")")
        elif isinstance(result, MeetingResult):
            slot = result.slots[i]
            tail = "  " + s.dim(
                t("chat.vote.meeting_counts", lang, yes=slot.yes, maybe=slot.maybe, no=slot.no)
            )
            if result.best == option.position:
                tail += " " + s.good("← " + t("chat.vote.best", lang))
        lines.append(f"  {option.position}. {label}{tail}")
    return lines


def render_vote(view: VoteView, lang: str, s: Style, now: datetime) -> str:
    """One vote, everything a member needs to act on it."""
    lines = [_heading(view, lang, s)]
    if view.text:
        lines.extend("  " + inert(line) for line in view.text.splitlines())
    who = t(
        "chat.vote.by" if view.kind == "motion" else "chat.vote.by_poll",
        lang,
        proposer=inert(view.proposer),
    )
    if view.seconder:
        who += ", " + t("chat.vote.seconded", lang, seconder=inert(view.seconder))
    voters = t(f"decision.body.{view.body}_voters", lang)
    lines.append(s.dim(f"  {who} · {t('chat.vote.voters', lang, voters=voters)}"))
    lines.append(
        s.dim(f"  {t('chat.vote.rules', lang)} : {rules_line(view.rules, view.kind, lang)}")
    )
    if view.status == "proposed":
        if view.deadline is not None:
            when = format_datetime(view.deadline, view.timezone, lang)
            lines.append(f"  {t('chat.vote.fixed_deadline', lang, when=when)}")
        elif view.rules.duration is not None:
            duration = format_duration(view.rules.duration, lang)
            lines.append(f"  {t('chat.vote.duration', lang, duration=duration)}")
    elif view.status == "open" and view.deadline is not None:
        when = format_datetime(view.deadline, view.timezone, lang)
        left = _left(view.deadline, now, lang)
        lines.append(f"  {t('chat.vote.deadline', lang, when=when, left=left)}")
    elif view.closed_at is not None:
        reason = t(f"decision.reason.{view.close_reason or 'deadline'}", lang)
        if view.status == "withdrawn":
            reason = t("decision.status.withdrawn", lang)
        when = format_datetime(view.closed_at, view.timezone, lang)
        lines.append(f"  {t('chat.vote.closed_at', lang, when=when, reason=reason)}")
    if view.status in ("open", "closed"):
        lines.append(
            "  "
            + t(
                "chat.vote.participation",
                lang,
                voted=view.voted_count,
                electorate=view.electorate_size,
            )
        )
    if view.kind != "motion":
        lines.extend(_poll_lines(view, lang, s))
    if view.status == "open" and view.result is None:
        lines.append(s.dim("  " + t("chat.vote.hidden", lang)))
    elif isinstance(view.result, MotionResult):
        label = t("chat.vote.result" if view.status == "closed" else "chat.vote.live", lang)
        result_lines = _motion_result(view.result, lang, not view.rules.secret)
        lines.append(f"  {label} : {result_lines[0]}")
        lines.extend("  " + line for line in result_lines[1:])
        if view.status == "closed":
            words = outcome_words(view.result, view.rules.majority, view.body, lang)
            good = view.result.outcome is Outcome.ADOPTED
            shown = s.good(words) if good else s.warn(words)
            if view.resolution:
                shown += " — " + s.bold(t("chat.vote.resolution", lang, ref=view.resolution))
            lines.append("  " + shown)
            if view.binding and good:
                lines.append(s.dim("  " + binding_words(view, lang)))
            if view.result.recused:
                lines.append(
                    s.dim(
                        "  "
                        + t(
                            "chat.vote.seats",
                            lang,
                            in_office=view.result.in_office,
                            recused=view.result.recused,
                            ballots=view.result.ballots,
                        )
                    )
                )
    if view.conflicts:
        names = ", ".join(inert(n) for n in view.conflicts)
        lines.append(s.dim("  " + t("chat.vote.conflicts", lang, names=names)))
    lines.extend(_viewer_lines(view, lang, s))
    return "\n".join(lines)


def _viewer_lines(view: VoteView, lang: str, s: Style) -> list[str]:
    v = view.viewer
    out: list[str] = []
    if view.status == "closed" and view.kind == "motion":
        ref = view.resolution or str(view.number)
        out.append(s.dim("  " + t("chat.vote.extract_hint", lang, ref=ref)))
    if v is None:
        return out
    if v.conflict:
        out.append("  " + t("chat.vote.you_conflict", lang))
    elif view.status == "proposed" and v.eligible:
        out.append("  " + t("chat.vote.you_may_second", lang, number=view.number))
    elif view.status == "open" and v.voted:
        if view.rules.secret:
            out.append("  " + t("chat.vote.you_voted_secret", lang))
        elif v.choice is not None:
            out.append(
                "  " + t("chat.vote.you_voted", lang, choice=choice_text(view, v.choice, lang))
            )
    elif view.status == "open" and v.eligible:
        out.append("  " + s.bold(how_to_vote(view, lang)))
    return out


def how_to_vote(view: VoteView | VoteSummary, lang: str) -> str:
    """The commands to vote on this vote."""
    if view.kind == "motion":
        commands = " · ".join(f"/vote {c} {view.number}" for c in ("pour", "contre", "abstention"))
        return t("chat.vote.you_may_vote", lang, commands=commands)
    if view.kind == "poll":
        max_choices = view.rules.max_choices if isinstance(view, VoteView) else 1
        more = t("chat.vote.answer_poll_max", lang, max=max_choices) if max_choices > 1 else ""
        return t("chat.vote.answer_poll", lang, number=view.number, more=more)
    return t("chat.vote.answer_meeting", lang, number=view.number)


def choice_text(view: VoteView, choice: str, lang: str) -> str:
    """A stored choice in words: « Pour », « Samedi, Dimanche », « oui, non, peut-être »."""
    if view.kind == "motion":
        return _choice_label(choice, lang)
    if view.kind == "poll":
        labels = {o.position: o.label for o in view.options}
        return ", ".join(inert(labels.get(int(p), p)) for p in choice.split(",") if p)
    return ", ".join(t(f"decision.answer.{a}", lang) for a in choice)


def render_receipt(receipt, lang: str, s: Style) -> str:  # type: ignore[no-untyped-def]
    """The answer to a ballot (never echoing a secret one)."""
    if receipt.secret:
        key = "chat.receipt.secret_changed" if receipt.changed else "chat.receipt.secret"
        lines = [s.good(t(key, lang, number=receipt.number))]
    else:
        if receipt.kind == "motion":
            shown = _choice_label(receipt.choice, lang)
        elif receipt.kind == "meeting":
            shown = ", ".join(t(f"decision.answer.{a}", lang) for a in receipt.choice)
        else:
            shown = ", ".join(inert(label) for label in receipt.labels) or receipt.choice
        key = "chat.receipt.changed" if receipt.changed else "chat.receipt.recorded"
        lines = [s.good(t(key, lang, number=receipt.number, choice=shown))]
    if receipt.closed:
        lines.append(t("chat.receipt.closed", lang))
    elif receipt.deadline is not None:
        when = format_datetime(receipt.deadline, receipt.timezone, lang)
        lines.append(s.dim(t("chat.receipt.until", lang, when=when)))
    return "\n".join(lines)


def render_list(votes: tuple[VoteSummary, ...], lang: str, s: Style, now: datetime) -> str:
    """The current votes, soonest deadline first."""
    if not votes:
        return t("chat.list.empty", lang)
    lines = [s.title(t("chat.list.title", lang))]
    for v in votes:
        kind = t(f"decision.kind.{v.kind}", lang)
        status = t(f"decision.status.{v.status}", lang)
        when = ""
        if v.deadline is not None and v.status == "open":
            when = f" · {format_short(v.deadline, v.timezone)} ({_left(v.deadline, now, lang)})"
        mark = ""
        if v.to_do:
            mark = " " + s.bold("← " + t("chat.list.to_do", lang))
        elif v.voted:
            mark = " " + s.dim("✓ " + t("chat.list.done", lang))
        turnout = f" · {v.voted_count}/{v.electorate_size}" if v.status == "open" else ""
        details = s.dim("[" + status + when + turnout + "]")
        lines.append(f"  {v.number}. {kind} — {inert(v.title)} {details}{mark}")
    lines.append(s.dim(t("chat.list.hint", lang)))
    return "\n".join(lines)


def render_announcement(view: VoteView, lang: str, s: Style, now: datetime) -> str:
    """A result announced in the channel where the vote was launched."""
    if view.status == "lapsed":
        return s.warn(t("chat.announce.lapsed", lang, number=view.number))
    title = s.title("» " + t("chat.announce.title", lang, number=view.number))
    text = title + "\n" + render_vote(view, lang, s, now)
    if view.head is not None:
        text += "\n" + s.dim("  " + head_words(view.head, lang))
    return text


def render_reminder(reminder: ReminderView, lang: str, s: Style) -> str:
    """A reminder to one member who has not voted."""
    text = t(
        "chat.reminder",
        lang,
        member=inert(reminder.member),
        number=reminder.number,
        title=inert(reminder.title),
        left=format_duration(reminder.remaining, lang),
        when=format_datetime(reminder.deadline, reminder.timezone, lang),
    )
    return s.warn("» " + text)


def _register_words(entry: RegisterEntry, lang: str) -> str:
    if entry.result is None:
        return t(f"decision.outcome_short.{entry.outcome.value}", lang)
    return outcome_words(entry.result, entry.majority, entry.body, lang)


def render_register(entries: tuple[RegisterEntry, ...], lang: str, s: Style) -> str:
    """Decided motions, newest first."""
    if not entries:
        return t("chat.register.empty", lang)
    lines = [s.title(t("chat.register.title", lang))]
    for e in entries:
        if e.resolution:
            ref = e.resolution
        elif e.binding == "consultation" and e.outcome is Outcome.ADOPTED:
            ref = s.warn(t("decision.to_ratify", lang))
        else:
            ref = s.dim(t("chat.register.unnumbered", lang))
        words = _register_words(e, lang)
        shown = s.good(words) if e.outcome is Outcome.ADOPTED else s.warn(words)
        date = format_short(e.closed_at, e.timezone).split(" ")[0]
        lines.append(f"  {ref}  {date}  {shown}  {inert(e.title)} {s.dim(f'n° {e.number}')}")
    lines.append(s.dim(t("chat.register.hint", lang)))
    return "\n".join(lines)


def render_defaults(defaults: VoteDefaults, lang: str, s: Style) -> str:
    """The community's default rules."""
    yes, no = t("chat.yes", lang), t("chat.no", lang)
    quorum = defaults.quorum
    parts = [
        t("chat.defaults.deadline", lang, value=defaults.deadline),
        t(f"decision.majority.{defaults.majority.value}", lang),
        t("chat.defaults.board_quorum", lang)
        + t(f"decision.quorum.{quorum.kind.value}", lang, value=quorum.value),
        t("chat.defaults.members_quorum", lang)
        + (
            t(
                f"decision.quorum.{defaults.members_quorum.kind.value}",
                lang,
                value=defaults.members_quorum.value,
            )
            if defaults.members_quorum.kind is not QuorumKind.NONE
            else t("decision.quorum.none_members", lang)
        ),
        t("decision.mode.secret" if defaults.secret else "decision.mode.nominal", lang),
        t("chat.defaults.seconder", lang, value=yes if defaults.seconder else no),
        t(f"chat.defaults.distance.{defaults.distance}", lang),
    ]
    if defaults.reminders:
        listed = ", ".join(format_duration(timedelta(minutes=m), lang) for m in defaults.reminders)
        parts.append(t("chat.vote.reminders", lang, list=listed))
    return s.title(t("chat.defaults.title", lang)) + "\n  " + "\n  ".join(parts)
