"""Decisions as neutral replies: votes, receipts, lists, results, reminders, the register."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.chat.messages import decisions as _messages  # noqa: F401  (registers the texts)
from bot.chat.reply import Action, Block, Field, Fields, Heading, Items, Reply, Text
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
from bot.core.timefmt import format_datetime, format_duration, format_short

MOTION_CHOICES = ("pour", "contre", "abstention")
ACTION_STYLES = {"pour": "success", "contre": "danger", "abstention": "secondary"}


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


def _heading(view: VoteView, lang: str) -> Heading:
    kind = t(f"decision.kind.{view.kind}", lang)
    title = t("chat.vote.heading", lang, kind=kind, number=view.number)
    if view.title:
        title += f" — {view.title}"
    status = t(f"decision.status.{view.status}", lang)
    return Heading(f"{title}  [{status}]")


def _motion_result(result: MotionResult, lang: str, nominal: bool) -> tuple[str, list[Field]]:
    tally = result.tally
    if result.hidden:
        return t("chat.vote.counts_hidden", lang), []
    counts = t(
        "decision.md.counts",
        lang,
        pour=tally.pour,
        contre=tally.contre,
        abstention=tally.abstention,
    )
    names: list[Field] = []
    if nominal:
        for choice in MOTION_CHOICES:
            voters = result.names_for(choice)
            if voters:
                names.append(Field(_choice_label(choice, lang), ", ".join(voters)))
    return counts, names


def _poll_blocks(view: VoteView, lang: str) -> list[Block]:
    result = view.result
    blocks: list[Block] = []
    if isinstance(result, PollResult | MeetingResult) and result.hidden:
        result = None  # anonymous with fewer than 3 answers: no counts at all
        blocks.append(Text(t("chat.vote.counts_hidden", lang), "dim"))
    items: list[str] = []
    for option in view.options:
        i = option.position - 1
        label = option.label
        if view.kind == "meeting" and option.starts_at is not None:
            label = format_datetime(option.starts_at, view.timezone, lang)
        tail = ""
        if isinstance(result, PollResult):
            tail = "  " + t("chat.vote.votes", lang, count=result.counts[i])
            if option.position in result.leaders and view.status == "closed":
                tail += " ← " + t("chat.vote.leader", lang)
            if result.names and result.names[i]:
                tail += "  (" + ", ".join(result.names[i]) + ")"
        elif isinstance(result, MeetingResult):
            slot = result.slots[i]
            tail = "  " + t(
                "chat.vote.meeting_counts", lang, yes=slot.yes, maybe=slot.maybe, no=slot.no
            )
            if result.best == option.position:
                tail += " ← " + t("chat.vote.best", lang)
        items.append(f"{label}{tail}")
    blocks.append(Items(tuple(items), ordered=True))
    return blocks


def _when(view: VoteView, lang: str, now: datetime) -> str | None:
    if view.status == "proposed":
        if view.deadline is not None:
            when = format_datetime(view.deadline, view.timezone, lang)
            return t("chat.vote.fixed_deadline", lang, when=when)
        if view.rules.duration is not None:
            duration = format_duration(view.rules.duration, lang)
            return t("chat.vote.duration", lang, duration=duration)
    elif view.status == "open" and view.deadline is not None:
        when = format_datetime(view.deadline, view.timezone, lang)
        return t("chat.vote.deadline", lang, when=when, left=_left(view.deadline, now, lang))
    elif view.closed_at is not None:
        reason = t(f"decision.reason.{view.close_reason or 'deadline'}", lang)
        if view.status == "withdrawn":
            reason = t("decision.status.withdrawn", lang)
        when = format_datetime(view.closed_at, view.timezone, lang)
        return t("chat.vote.closed_at", lang, when=when, reason=reason)
    return None


def vote_blocks(view: VoteView, lang: str, now: datetime) -> list[Block]:
    """One vote's blocks: text, who, rules, deadline, turnout, results, the reader's part."""
    blocks: list[Block] = [_heading(view, lang)]
    if view.text:
        blocks.append(Text(view.text))
    who = t(
        "chat.vote.by" if view.kind == "motion" else "chat.vote.by_poll",
        lang,
        proposer=view.proposer,
    )
    if view.seconder:
        who += ", " + t("chat.vote.seconded", lang, seconder=view.seconder)
    voters = t(f"decision.body.{view.body}_voters", lang)
    blocks.append(Text(f"{who} · {t('chat.vote.voters', lang, voters=voters)}", "dim"))
    rules = f"{t('chat.vote.rules', lang)} : {rules_line(view.rules, view.kind, lang)}"
    blocks.append(Text(rules, "dim"))
    when = _when(view, lang, now)
    if when:
        blocks.append(Text(when))
    if view.status in ("open", "closed"):
        turnout = t(
            "chat.vote.participation",
            lang,
            voted=view.voted_count,
            electorate=view.electorate_size,
        )
        blocks.append(Text(turnout))
    if view.kind != "motion":
        blocks.extend(_poll_blocks(view, lang))
    if view.status == "open" and view.result is None:
        blocks.append(Text(t("chat.vote.hidden", lang), "dim"))
    elif isinstance(view.result, MotionResult):
        blocks.extend(_motion_blocks(view, view.result, lang))
    if view.conflicts:
        names = ", ".join(view.conflicts)
        blocks.append(Text(t("chat.vote.conflicts", lang, names=names), "dim"))
    blocks.extend(_viewer_blocks(view, lang))
    return blocks


def _motion_blocks(view: VoteView, result: MotionResult, lang: str) -> list[Block]:
    label = t("chat.vote.result" if view.status == "closed" else "chat.vote.live", lang)
    counts, names = _motion_result(result, lang, not view.rules.secret)
    blocks: list[Block] = [Fields((Field(label, counts), *names))]
    if view.status != "closed":
        return blocks
    words = outcome_words(result, view.rules.majority, view.body, lang)
    good = result.outcome is Outcome.ADOPTED
    if view.resolution:
        words += " — " + t("chat.vote.resolution", lang, ref=view.resolution)
    blocks.append(Text(words, "good" if good else "warn"))
    if view.binding and good:
        blocks.append(Text(binding_words(view, lang), "dim"))
    if result.recused:
        seats = t(
            "chat.vote.seats",
            lang,
            in_office=result.in_office,
            recused=result.recused,
            ballots=result.ballots,
        )
        blocks.append(Text(seats, "dim"))
    return blocks


def _viewer_blocks(view: VoteView, lang: str) -> list[Block]:
    v = view.viewer
    out: list[Block] = []
    if view.status == "closed" and view.kind == "motion":
        ref = view.resolution or str(view.number)
        out.append(Text(t("chat.vote.extract_hint", lang, ref=ref), "dim"))
    if v is None:
        return out
    if v.conflict:
        out.append(Text(t("chat.vote.you_conflict", lang)))
    elif view.status == "proposed" and v.eligible:
        out.append(Text(t("chat.vote.you_may_second", lang, number=view.number)))
    elif view.status == "open" and v.voted:
        if view.rules.secret:
            out.append(Text(t("chat.vote.you_voted_secret", lang)))
        elif v.choice is not None:
            choice = choice_text(view, v.choice, lang)
            out.append(Text(t("chat.vote.you_voted", lang, choice=choice)))
    elif view.status == "open" and v.eligible:
        out.append(Text(how_to_vote(view, lang)))
    return out


def ballot_actions(view: VoteView | VoteSummary, lang: str) -> tuple[Action, ...]:
    """Pour, Contre, Abstention on an open motion the reader may vote on (stable ids)."""
    if view.kind != "motion" or view.status != "open":
        return ()
    return tuple(
        Action(
            id=f"vote:{view.number}:{choice}",
            label=_choice_label(choice, lang),
            command=f"/vote {choice} {view.number}",
            style=ACTION_STYLES[choice],  # type: ignore[arg-type]
        )
        for choice in MOTION_CHOICES
    )


def vote(view: VoteView, lang: str, now: datetime) -> Reply:
    """One vote, everything a member needs to act on it."""
    v = view.viewer
    may_vote = v is not None and v.eligible and not v.conflict and view.status == "open"
    return Reply(
        tuple(vote_blocks(view, lang, now)),
        actions=ballot_actions(view, lang) if may_vote else (),
    )


def how_to_vote(view: VoteView | VoteSummary, lang: str) -> str:
    """How to vote on this vote (a motion's choices are its actions)."""
    if view.kind == "motion":
        return t("chat.vote.you_may_vote", lang)
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
        return ", ".join(labels.get(int(p), p) for p in choice.split(",") if p)
    return ", ".join(t(f"decision.answer.{a}", lang) for a in choice)


def receipt(found, lang: str) -> Reply:  # type: ignore[no-untyped-def]
    """The answer to a ballot (never echoing a secret one); seen by the voter only."""
    if found.secret:
        key = "chat.receipt.secret_changed" if found.changed else "chat.receipt.secret"
        blocks: list[Block] = [Text(t(key, lang, number=found.number), "good")]
    else:
        if found.kind == "motion":
            shown = _choice_label(found.choice, lang)
        elif found.kind == "meeting":
            shown = ", ".join(t(f"decision.answer.{a}", lang) for a in found.choice)
        else:
            shown = ", ".join(found.labels) or found.choice
        key = "chat.receipt.changed" if found.changed else "chat.receipt.recorded"
        blocks = [Text(t(key, lang, number=found.number, choice=shown), "good")]
    if found.closed:
        blocks.append(Text(t("chat.receipt.closed", lang)))
    elif found.deadline is not None:
        when = format_datetime(found.deadline, found.timezone, lang)
        blocks.append(Text(t("chat.receipt.until", lang, when=when), "dim"))
    return Reply(tuple(blocks), ephemeral=True)


def listing(votes: tuple[VoteSummary, ...], lang: str, now: datetime) -> Reply:
    """The current votes, soonest deadline first."""
    if not votes:
        return Reply((Text(t("chat.list.empty", lang)),))
    items: list[str] = []
    for v in votes:
        kind = t(f"decision.kind.{v.kind}", lang)
        status = t(f"decision.status.{v.status}", lang)
        when = ""
        if v.deadline is not None and v.status == "open":
            when = f" · {format_short(v.deadline, v.timezone)} ({_left(v.deadline, now, lang)})"
        mark = ""
        if v.to_do:
            mark = " ← " + t("chat.list.to_do", lang)
        elif v.voted:
            mark = " ✓ " + t("chat.list.done", lang)
        turnout = f" · {v.voted_count}/{v.electorate_size}" if v.status == "open" else ""
        items.append(f"{v.number}. {kind} — {v.title} [{status}{when}{turnout}]{mark}")
    return Reply(
        (
            Heading(t("chat.list.title", lang)),
            Items(tuple(items)),
            Text(t("chat.list.hint", lang), "dim"),
        )
    )


def announcement(view: VoteView, lang: str, now: datetime) -> Reply:
    """A result announced in the channel where the vote was launched."""
    if view.status == "lapsed":
        return Reply((Text(t("chat.announce.lapsed", lang, number=view.number), "warn"),))
    blocks: list[Block] = [Heading(t("chat.announce.title", lang, number=view.number))]
    blocks.extend(vote_blocks(view, lang, now))
    if view.head is not None:
        blocks.append(Text(head_words(view.head, lang), "dim"))
    return Reply(tuple(blocks))


def reminder(found: ReminderView, lang: str) -> Reply:
    """A reminder to one member who has not voted (a direct message)."""
    text = t(
        "chat.reminder",
        lang,
        member=found.member,
        number=found.number,
        title=found.title,
        left=format_duration(found.remaining, lang),
        when=format_datetime(found.deadline, found.timezone, lang),
    )
    return Reply((Text(text, "warn"),), ephemeral=True)


def _register_words(entry: RegisterEntry, lang: str) -> str:
    if entry.result is None:
        return t(f"decision.outcome_short.{entry.outcome.value}", lang)
    return outcome_words(entry.result, entry.majority, entry.body, lang)


def register(entries: tuple[RegisterEntry, ...], lang: str) -> Reply:
    """Decided motions, newest first."""
    if not entries:
        return Reply((Text(t("chat.register.empty", lang)),))
    items: list[str] = []
    for e in entries:
        if e.resolution:
            ref = e.resolution
        elif e.binding == "consultation" and e.outcome is Outcome.ADOPTED:
            ref = t("decision.to_ratify", lang)
        else:
            ref = t("chat.register.unnumbered", lang)
        date = format_short(e.closed_at, e.timezone).split(" ")[0]
        items.append(f"{ref}  {date}  {_register_words(e, lang)}  {e.title} n° {e.number}")
    return Reply(
        (
            Heading(t("chat.register.title", lang)),
            Items(tuple(items)),
            Text(t("chat.register.hint", lang), "dim"),
        )
    )


def defaults(found: VoteDefaults, lang: str) -> Reply:
    """The community's default rules."""
    yes, no = t("chat.yes", lang), t("chat.no", lang)
    quorum = found.quorum
    members = (
        t(
            f"decision.quorum.{found.members_quorum.kind.value}",
            lang,
            value=found.members_quorum.value,
        )
        if found.members_quorum.kind is not QuorumKind.NONE
        else t("decision.quorum.none_members", lang)
    )
    parts = [
        t("chat.defaults.deadline", lang, value=found.deadline),
        t(f"decision.majority.{found.majority.value}", lang),
        t("chat.defaults.board_quorum", lang)
        + t(f"decision.quorum.{quorum.kind.value}", lang, value=quorum.value),
        t("chat.defaults.members_quorum", lang) + members,
        t("decision.mode.secret" if found.secret else "decision.mode.nominal", lang),
        t("chat.defaults.seconder", lang, value=yes if found.seconder else no),
        t(f"chat.defaults.distance.{found.distance}", lang),
    ]
    if found.reminders:
        listed = ", ".join(format_duration(timedelta(minutes=m), lang) for m in found.reminders)
        parts.append(t("chat.vote.reminders", lang, list=listed))
    return Reply((Heading(t("chat.defaults.title", lang)), Items(tuple(parts))))
