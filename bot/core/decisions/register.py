"""The register of resolutions: gap-free numbers, outcome in words, Markdown minutes extracts.

Only adopted motions get a number (« CA-2026-001 »): in Québec practice a resolution number
identifies a decision the organisation made. Rejected motions and those without quorum are
still in the register and the minutes, under their vote number (« Proposition n° 7 »).
"""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.decisions import messages  # noqa: F401  (registers the texts)
from bot.core.decisions.rules import Majority, Outcome
from bot.core.decisions.views import MotionResult, VoteView
from bot.core.i18n import t
from bot.core.mentions import inert
from bot.core.sql import upsert
from bot.core.timefmt import format_datetime
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


def outcome_key(result: MotionResult, majority: Majority) -> str:
    """The i18n key of the outcome in words (« Adoptée à l'unanimité », « Rejetée »…)."""
    tally = result.tally
    if result.outcome is Outcome.NO_QUORUM:
        return "decision.outcome.no_quorum"
    if result.outcome is Outcome.ADOPTED:
        if result.unanimous:
            return "decision.outcome.adopted_unanimous"
        return {
            Majority.SIMPLE: "decision.outcome.adopted_majority",
            Majority.ABSOLUTE: "decision.outcome.adopted_absolute",
            Majority.TWO_THIRDS: "decision.outcome.adopted_two_thirds",
        }.get(majority, "decision.outcome.adopted")
    if majority is Majority.UNANIMITY:
        return "decision.outcome.rejected_unanimity"
    if tally.cast and not tally.expressed:
        return "decision.outcome.rejected_no_votes"
    if majority is Majority.SIMPLE and tally.pour == tally.contre:
        return "decision.outcome.rejected_tie"
    return "decision.outcome.rejected"


def outcome_words(view: VoteView, lang: str) -> str:
    """The outcome of a closed motion in words."""
    if not isinstance(view.result, MotionResult):
        return ""
    return t(outcome_key(view.result, view.rules.majority), lang)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md(text: str) -> str:
    """User text made safe inside Markdown: special characters escaped, mentions inert."""
    return inert(_MD_SPECIAL.sub(r"\\\1", text))


def _names(names: tuple[str, ...], lang: str) -> str:
    return ", ".join(md(n) for n in names) if names else t("decision.md.none", lang)


def _quorum_text(view: VoteView, lang: str) -> str:
    quorum = view.rules.quorum
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
    vote_line = t(
        "decision.md.vote_line",
        lang,
        body=t(f"decision.body.{view.body}", lang),
        mode=mode,
        opened=format_datetime(view.opened_at, tz, lang),
        closed=format_datetime(view.closed_at, tz, lang),
        reason=reason,
    )
    lines.append(f"- **{t('decision.md.vote', lang)}** : {vote_line}")
    quorum = _quorum_text(view, lang)
    if view.rules.quorum.kind.value != "none":
        quorum += f" ({result.quorum_required})"
    electorate_line = t(
        "decision.md.electorate_line",
        lang,
        count=result.electorate,
        voters=t(f"decision.body.{view.body}_voters", lang),
        quorum=quorum,
        state=t(
            "decision.md.quorum_met" if result.quorum_met else "decision.md.quorum_missed", lang
        ),
        cast=result.tally.cast,
    )
    lines.append(f"- **{t('decision.md.electorate', lang)}** : {electorate_line}")
    rule = t(f"decision.majority.{view.rules.majority.value}", lang)
    lines.append(f"- **{t('decision.md.rule', lang)}** : {rule}")
    counts = t(
        "decision.md.counts",
        lang,
        pour=result.tally.pour,
        contre=result.tally.contre,
        abstention=result.tally.abstention,
    )
    lines.append(
        f"- **{t('decision.md.result', lang)}** : {counts} — **{outcome_words(view, lang)}**"
    )
    if view.rules.secret:
        lines.append(f"- {t('decision.md.secret_note', lang)}")
        if result.non_voter_count:
            lines.append(
                f"- {t('decision.md.not_voted_count', lang, count=result.non_voter_count)}"
            )
    else:
        for choice, key in (
            ("pour", "decision.md.voted_for"),
            ("contre", "decision.md.voted_against"),
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
    return "\n".join(lines) + "\n"


def export(views: list[VoteView], community: str, period: str, lang: str) -> str:
    """The register of a period as one Markdown document."""
    lines = [f"# {t('decision.md.register_title', lang, community=md(community), year=period)}", ""]
    if not views:
        lines.append(t("decision.md.register_empty", lang))
        return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n".join(extract(v, lang) for v in views)
