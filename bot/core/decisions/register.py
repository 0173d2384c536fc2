"""The register of resolutions: gap-free numbers, outcome in words, Markdown minutes extracts.

Only adopted motions get a number (« CA-2026-001 »): in Québec practice a resolution number
identifies a decision the organisation made. Rejected motions and those without quorum are
still in the register and the minutes, under their vote number (« Proposition n° 7 »).
"""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.decisions import messages  # noqa: F401  (registers the texts)
from bot.core.decisions.rules import Majority, Outcome, Seats, needed
from bot.core.decisions.views import MotionResult, VoteView
from bot.core.i18n import t
from bot.core.mentions import inert
from bot.core.sql import upsert
from bot.core.timefmt import format_date, format_datetime
from bot.models.decisions import DecisionCounter

_counters = DecisionCounter.__table__

SERIES = {"board": "CA", "members": "AG"}


async def next_number(
    conn: AsyncConnection, dialect: str, community_id: int, series: str, year: int
) -> int:
    """The next number of a counter, taken in the caller's transaction (no gap, no twin)."""
    stmt = upsert(
        dialect,
        _counters,
        ["community_id", "series", "year"],
        {"last": _counters.c.last + 1},
        values={"community_id": community_id, "series": series, "year": year, "last": 1},
    ).returning(_counters.c.last)
    return int((await conn.execute(stmt)).scalar_one())


def resolution_ref(body: str, year: int, number: int) -> str:
    """« CA-2026-001 »."""
    return f"{SERIES.get(body, 'CA')}-{year}-{number:03d}"


def outcome_words(result: MotionResult, majority: Majority, body: str, lang: str) -> str:
    """The outcome of a motion in words, with its reason (« Rejetée : 3 voix pour sur 6
    administrateurs, il en fallait 4 »); counts never shown when they are hidden."""
    tally = result.tally
    seats = Seats(result.in_office or result.electorate, result.electorate)
    params = {
        "pour": tally.pour,
        "contre": tally.contre,
        "expressed": tally.expressed,
        "in_office": seats.in_office,
        "entitled": seats.entitled,
        "ballots": result.ballots or tally.cast,
        "required": result.quorum_required,
        "voters": t(f"decision.seat.{body}", lang),
        "needed": needed(tally, seats, majority),
    }
    if result.outcome is Outcome.NO_BALLOTS:
        return t("decision.outcome.no_ballots", lang)
    if result.outcome is Outcome.NO_QUORUM:
        return t("decision.outcome.no_quorum", lang, **params)
    adopted = result.outcome is Outcome.ADOPTED
    if result.hidden:
        key = "adopted_hidden" if adopted else "rejected_hidden"
    elif result.written:
        key = "adopted_written" if adopted else "rejected_written"
    elif adopted:
        key = "adopted_unanimous" if result.unanimous else f"adopted.{majority.value}"
    elif not tally.expressed and majority is not Majority.UNANIMITY:
        key = "rejected_no_votes"
    else:
        key = f"rejected.{majority.value}"
    return t(f"decision.outcome.{key}", lang, **params)


def binding_words(view: VoteView, lang: str) -> str:
    """The legal value of a closed motion in words (« résolution écrite… », « à entériner »)."""
    if view.ratified_on is not None:
        return t(
            "decision.binding.ratified",
            lang,
            date=format_date(view.ratified_on, view.timezone, lang),
        )
    return t(f"decision.binding.{view.binding}", lang) if view.binding else ""


def view_outcome_words(view: VoteView, lang: str) -> str:
    """The outcome of a closed motion in words."""
    if not isinstance(view.result, MotionResult):
        return ""
    return outcome_words(view.result, view.rules.majority, view.body, lang)


def head_words(head: tuple[int, str] | None, lang: str) -> str:
    """The head of the audit log as printed (« Journal : événement n° 42, empreinte 1a2b… »)."""
    if head is None:
        return ""
    return t("decision.md.head", lang, seq=head[0], hash=head[1][:16])


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md(text: str) -> str:
    """User text made safe inside Markdown: special characters escaped, mentions inert."""
    return inert(_MD_SPECIAL.sub(r"\\\1", text))


def _names(names: tuple[str, ...], lang: str) -> str:
    return ", ".join(md(n) for n in names) if names else t("decision.md.none", lang)


def _quorum_text(view: VoteView, lang: str) -> str:
    quorum = view.rules.quorum
    if quorum.kind.value == "none" and view.body == "members":
        return t("decision.quorum.none_members", lang)
    return t(f"decision.quorum.{quorum.kind.value}", lang, value=quorum.value)


def extract(view: VoteView, lang: str) -> str:
    """The Markdown extract of a closed motion, fit for the minutes."""
    result = view.result
    assert isinstance(result, MotionResult)
    tz = view.timezone
    if view.resolution:
        heading = t("decision.md.resolution", lang, ref=view.resolution)
    else:
        heading = t("decision.md.motion", lang, number=view.number)
    if view.title:
        heading += f" — {md(view.title)}"
    lines = [f"### {heading}", ""]
    lines.extend("> " + (md(line) if line.strip() else "") for line in view.text.splitlines())
    lines.append("")
    seconder = (
        f"{t('decision.md.seconded_by', lang)} {md(view.seconder)}"
        if view.seconder
        else t("decision.md.no_seconder", lang)
    )
    lines.append(f"- **{t('decision.md.proposed_by', lang)}** : {md(view.proposer)}, {seconder}")
    mode = t("decision.mode.secret" if view.rules.secret else "decision.mode.nominal", lang)
    assert view.opened_at is not None and view.closed_at is not None
    reason = t(f"decision.reason.{view.close_reason or 'deadline'}", lang)
    # A written resolution is signed, not voted in a (remote) meeting: said so.
    line_key = "written" if result.written else view.body
    vote_line = t(
        f"decision.md.vote_line.{line_key}",
        lang,
        mode=mode,
        opened=format_datetime(view.opened_at, tz, lang),
        closed=format_datetime(view.closed_at, tz, lang),
        reason=reason,
    )
    lines.append(f"- **{t('decision.md.vote', lang)}** : {vote_line}")
    if view.binding and result.outcome is Outcome.ADOPTED:
        # Only a decision has a legal value (a rejection or « aucune décision » has none).
        lines.append(f"- **{t('decision.md.binding', lang)}** : {binding_words(view, lang)}")
    voters = t(f"decision.seat.{view.body}", lang)
    if result.written:
        quorum = t("decision.md.no_quorum_written", lang)
    else:
        quorum = _quorum_text(view, lang)
        if view.rules.quorum.kind.value != "none":
            quorum += f" ({result.quorum_required}) — " + t(
                "decision.md.quorum_met" if result.quorum_met else "decision.md.quorum_missed",
                lang,
            )
    lines.append(
        f"- **{t('decision.md.seats', lang)}** : "
        + t(
            "decision.md.seats_line",
            lang,
            in_office=result.in_office or result.electorate,
            voters=voters,
            recused=result.recused,
            entitled=result.electorate,
            ballots=result.ballots or result.tally.cast,
        )
    )
    lines.append(f"- **{t('decision.md.quorum', lang)}** : {quorum}")
    rule = t(f"decision.majority.{view.rules.majority.value}", lang)
    lines.append(f"- **{t('decision.md.rule', lang)}** : {rule}")
    words = outcome_words(result, view.rules.majority, view.body, lang)
    if result.hidden:
        lines.append(f"- **{t('decision.md.result', lang)}** : **{words}**")
    else:
        counts = t(
            "decision.md.counts",
            lang,
            pour=result.tally.pour,
            contre=result.tally.contre,
            abstention=result.tally.abstention,
        )
        lines.append(f"- **{t('decision.md.result', lang)}** : {counts} — **{words}**")
    if view.rules.secret:
        lines.append(f"- {t('decision.md.secret_note', lang)}")
        if result.non_voter_count:
            lines.append(
                f"- {t('decision.md.not_voted_count', lang, count=result.non_voter_count)}"
            )
    else:
        # Dissent is a director's protection (liability): recorded for the board only.
        against = "decision.md.voted_against" if view.body == "board" else "decision.md.against"
        for choice, key in (
            ("pour", "decision.md.voted_for"),
            ("contre", against),
            ("abstention", "decision.md.abstained"),
        ):
            lines.append(f"- **{t(key, lang)}** : {_names(result.names_for(choice), lang)}")
        if result.non_voters:
            lines.append(
                f"- **{t('decision.md.not_voted', lang)}** : {_names(result.non_voters, lang)}"
            )
    if view.conflicts:
        lines.append(f"- **{t('decision.md.conflicts', lang)}** : {_names(view.conflicts, lang)}")
    else:
        lines.append(f"- {t('decision.md.no_conflicts', lang)}")
    if view.audit_hash:
        lines.append(
            f"- {t('decision.md.audit', lang, hash=view.audit_hash[:16], seq=view.audit_seq)}"
        )
    if view.head is not None:
        lines.append(f"- {head_words(view.head, lang)}")
    return "\n".join(lines) + "\n"


def export(views: list[VoteView], community: str, period: str, lang: str) -> str:
    """The register of a period as one Markdown document."""
    lines = [f"# {t('decision.md.register_title', lang, community=md(community), year=period)}", ""]
    if not views:
        lines.append(t("decision.md.register_empty", lang))
        return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n".join(extract(v, lang) for v in views)
