"""Nominal votes as native Matrix polls: Element users click to vote, the core counts.

A motion, a poll or a meeting poll that opens in a Matrix community is posted as an
`m.poll.start` whose content carries both the stable keys and the `org.matrix.msc3381.*` /
`org.matrix.msc1767.*` ones older clients read. Each response (stable or unstable) is cast
through the decision service as its sender, so a changed answer replaces the ballot and
someone outside the electorate is refused by the core (and told so once, remembered with
the poll). At close the poll
is ended (`m.poll.end`) with the result. Secret votes are never native polls: responses are
visible to the whole room (see `ballots`).

Which poll is which vote is kept in `polls.json` (0600) beside the bot's session, so a
restarted bot still counts the responses and ends the poll once.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nio import MatrixRoom, UnknownEvent
from nio.api import RelationshipType

from bot.chat.reply import Reply
from bot.core.actor import CommunityRef
from bot.core.decisions.views import MEETING, MOTION, OPEN, VoteView
from bot.core.errors import CoopiloteError
from bot.core.i18n import t
from bot.core.timefmt import format_datetime
from bot.matrix.notifier import DeliveryFailed, notice, render

if TYPE_CHECKING:
    from bot.matrix.client import MatrixBot

log = logging.getLogger(__name__)

START = "m.poll.start"
UNSTABLE_START = "org.matrix.msc3381.poll.start"
RESPONSES = frozenset({"m.poll.response", "org.matrix.msc3381.poll.response"})
END = "m.poll.end"
UNSTABLE_END = "org.matrix.msc3381.poll.end"
MOTION_ANSWERS = ("pour", "contre", "abstention")


@dataclass
class PollRecord:
    """One posted poll: where, for which vote, and whether it was ended."""

    event_id: str
    room_id: str
    community: str  # CommunityRef.key
    external_id: str
    number: int
    kind: str
    language: str
    ended: bool = False
    # Who was told their answer does not count: told once, even across restarts.
    told: list[str] = field(default_factory=list)


class PollStore:
    """Posted polls by event id, saved to an owner-only JSON file on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        self._by_event = {r["event_id"]: PollRecord(**r) for r in raw}

    def get(self, event_id: str) -> PollRecord | None:
        """The poll started by `event_id`, if the bot posted it."""
        return self._by_event.get(event_id)

    def of_vote(self, community: str, number: int) -> PollRecord | None:
        """The poll of a vote, if one was posted."""
        return next(
            (r for r in self._by_event.values() if (r.community, r.number) == (community, number)),
            None,
        )

    def all(self) -> list[PollRecord]:
        """Every poll posted."""
        return list(self._by_event.values())

    def add(self, record: PollRecord) -> None:
        """Remember a posted poll."""
        self._by_event[record.event_id] = record
        self._save()

    def mark_told(self, record: PollRecord, user_id: str) -> None:
        """`user_id` was told their answer does not count."""
        if user_id not in record.told:
            record.told.append(user_id)
            self._save()

    def mark_ended(self, record: PollRecord) -> None:
        """The poll's end was sent."""
        record.ended = True
        self._save()

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump([asdict(r) for r in self._by_event.values()], handle)
        os.replace(tmp, self.path)  # never a half-written file after a crash


def answers_of(view: VoteView, lang: str) -> list[tuple[str, str]]:
    """(answer id, label) of a vote: the three choices of a motion, the options of a poll,
    the candidate dates of a meeting poll (a date selected is « yes », the others « no »)."""
    if view.kind == MOTION:
        return [(a, t(f"decision.choice.{a}", lang)) for a in MOTION_ANSWERS]
    answers: list[tuple[str, str]] = []
    for option in view.options:
        label = option.label
        if view.kind == MEETING and option.starts_at is not None:
            label = format_datetime(option.starts_at, view.timezone, lang)
        answers.append((str(option.position), label))
    return answers


def max_selections(view: VoteView) -> int:
    """How many answers a member may pick."""
    if view.kind == MOTION:
        return 1
    if view.kind == MEETING:
        return len(view.options)
    return max(1, view.rules.max_choices)


def question_of(view: VoteView, lang: str) -> str:
    """« Proposition n° 3 — Titre : texte »."""
    kind = t(f"decision.kind.{view.kind}", lang)
    head = t("matrix.poll.question", lang, kind=kind, number=view.number)
    title = view.title or ""
    if view.text and view.text != title:
        title = f"{title} : {view.text}" if title else view.text
    return f"{head} — {title}" if title else head


def start_content(view: VoteView, lang: str) -> dict[str, Any]:
    """The poll start, stable and unstable keys together, with a text fallback."""
    question = question_of(view, lang)
    answers = answers_of(view, lang)
    hint = t(
        "matrix.poll.meeting_hint" if view.kind == MEETING else "matrix.poll.hint",
        lang,
        number=view.number,
    )
    fallback = "\n".join(
        [question, *(f"{n}. {label}" for n, (_, label) in enumerate(answers, 1)), hint]
    )
    disclosed = view.rules.live_results
    limit = max_selections(view)
    return {
        "m.poll": {
            "kind": "m.poll.disclosed" if disclosed else "m.poll.undisclosed",
            "max_selections": limit,
            "question": {"m.text": [{"body": question}]},
            "answers": [{"m.id": a, "m.text": [{"body": label}]} for a, label in answers],
        },
        "m.text": [{"body": fallback}],
        UNSTABLE_START: {
            "kind": "org.matrix.msc3381.poll." + ("disclosed" if disclosed else "undisclosed"),
            "max_selections": limit,
            "question": {"org.matrix.msc1767.text": question},
            "answers": [{"id": a, "org.matrix.msc1767.text": label} for a, label in answers],
        },
        "org.matrix.msc1767.text": fallback,
    }


def end_content(start_event_id: str, result: Reply) -> dict[str, Any]:
    """The poll's end with the result as its text (plain and HTML), stable and unstable."""
    plain, rich = render(result)
    return {
        "m.relates_to": {"rel_type": "m.reference", "event_id": start_event_id},
        "m.text": [{"body": plain}, {"mimetype": "text/html", "body": rich}],
        "m.poll.end": {},
        UNSTABLE_END: {},
        "org.matrix.msc1767.text": plain,
        # Clients that know neither render the plain text.
        "body": plain,
    }


def response_of(content: dict[str, Any]) -> tuple[str, list[str]] | None:
    """(poll start event id, selected answer ids) of a stable or unstable response."""
    relates = content.get("m.relates_to") or {}
    start = relates.get("event_id")
    if relates.get("rel_type") != "m.reference" or not isinstance(start, str):
        return None
    stable = content.get("m.selections")
    unstable = (content.get("org.matrix.msc3381.poll.response") or {}).get("answers")
    chosen = stable if isinstance(stable, list) else unstable
    if not isinstance(chosen, list):
        return None
    return start, [a for a in chosen if isinstance(a, str)]


def choice_of(record: PollRecord, selections: list[str]) -> str | None:
    """What the core reads for these selections; None when nothing counts (a retraction)."""
    picked: list[str] = []
    for answer in selections:
        if answer not in picked:
            picked.append(answer)
    if not picked:
        return None
    if record.kind == MOTION:
        return picked[0]  # one answer; the core refuses anything but its three choices
    # Options and dates by position: « 1 3 » (a meeting poll: yes to those, no to the rest).
    return " ".join(p for p in picked if p.isdigit()) or None


class NativePolls:
    """Posts, counts and ends the native polls of one bot."""

    def __init__(self, bot: MatrixBot, path: Path) -> None:
        self.bot = bot
        self.store = PollStore(path)

    async def post(self, community: CommunityRef, room_id: str, view: VoteView) -> str:
        """Post an open nominal vote as a native poll (once per vote); its event id."""
        known = self.store.of_vote(community.key, view.number)
        if known is not None:
            return known.event_id  # delivered again after a crash: posted already
        lang = view.language
        event_id = await self.bot.send(room_id, start_content(view, lang), event_type=START)
        if event_id is None:
            raise DeliveryFailed(f"poll of vote {view.number} not posted in {room_id}")
        self.store.add(
            PollRecord(
                event_id, room_id, community.key, community.external_id, view.number,
                view.kind, lang,
            )
        )  # fmt: skip
        return event_id

    async def end(self, community: CommunityRef, view: VoteView, result: Reply) -> bool:
        """End the vote's poll with its result; False when the vote had no poll."""
        record = self.store.of_vote(community.key, view.number)
        if record is None:
            return False
        if record.ended:
            return True  # the close is announced once
        sent = await self.bot.send(
            record.room_id, end_content(record.event_id, result), event_type=END
        )
        if sent is None:
            raise DeliveryFailed(f"end of poll {record.event_id} not sent")
        self.store.mark_ended(record)
        return True

    async def on_response(self, room: MatrixRoom, event: UnknownEvent) -> None:
        """A member answered a poll: cast it as theirs (the core refuses the ineligible)."""
        parsed = response_of(event.source.get("content") or {})
        if parsed is None:
            return
        start, selections = parsed
        record = self.store.get(start)
        if record is None or record.ended or record.room_id != room.room_id:
            return  # not one of the bot's polls (or over: the result is out)
        choice = choice_of(record, selections)
        if choice is None or not _joined(room, event.sender):
            return
        actor = await self.bot.actor(room, event.sender)
        try:
            await self.bot.services.decisions.cast(actor, record.number, choice)
        except CoopiloteError as exc:
            await self._tell_once(record, event, exc)

    async def catch_up(self, room_id: str | None = None) -> int:
        """Count the answers to open polls the bot did not see: given while it was away (the
        backlog is skipped for commands, not for ballots) or in a sync's gap; how many were
        cast. Only `room_id`'s polls when given."""
        cast = 0
        records = [r for r in self.store.all() if not r.ended]
        for record in [r for r in records if room_id in (None, r.room_id)]:
            room = self.bot.client.rooms.get(record.room_id)
            if room is None:
                continue
            latest: dict[str, UnknownEvent] = {}
            async for event in self.bot.client.room_get_event_relations(
                record.room_id, record.event_id, RelationshipType.reference
            ):
                if not isinstance(event, UnknownEvent) or event.type not in RESPONSES:
                    continue
                known = latest.get(event.sender)
                if known is None or event.server_timestamp > known.server_timestamp:
                    latest[event.sender] = event  # a member's last answer is their answer
            for sender, event in latest.items():
                if sender == self.bot.user_id:
                    continue
                if await self._catch_up_one(room, record, event):
                    cast += 1
        return cast

    async def _catch_up_one(
        self, room: MatrixRoom, record: PollRecord, event: UnknownEvent
    ) -> bool:
        parsed = response_of(event.source.get("content") or {})
        choice = choice_of(record, parsed[1]) if parsed else None
        if choice is None or not _joined(room, event.sender):
            return False  # nothing chosen, or someone who has left the room since
        decisions = self.bot.services.decisions
        actor = await self.bot.actor(room, event.sender)
        try:
            view = await decisions.show(actor, record.number)
            if view.status != OPEN:
                return False
            mine = view.viewer
            if mine is None or not mine.eligible:
                return False  # told when they answered, if the bot was there
            if mine.voted and mine.choice is not None and self._same(view, mine.choice, choice):
                return False  # counted before the restart
            await decisions.cast(actor, record.number, choice)
            return True
        except CoopiloteError:
            return False

    @staticmethod
    def _same(view: VoteView, stored: str, choice: str) -> bool:
        """Whether the recorded ballot already says `choice` (positions for options)."""
        if view.kind == MOTION:
            return stored == choice
        if view.kind == MEETING:
            wanted = {int(p) for p in choice.split()}
            return stored == "".join("y" if i + 1 in wanted else "n" for i in range(len(stored)))
        return sorted(stored.split(",")) == sorted(choice.split())

    async def _tell_once(
        self, record: PollRecord, event: UnknownEvent, exc: CoopiloteError
    ) -> None:
        """Say once to this person, in the poll's thread, why the answer does not count."""
        if event.sender in record.told:
            return
        # Kept with the poll before saying it: a restart must not tell them again.
        self.store.mark_told(record, event.sender)
        lang = record.language
        text = t("matrix.poll.not_counted", lang, user=event.sender, reason=exc.message(lang))
        await self.bot.send(
            record.room_id,
            notice(text, f"<p>{escape(text)}</p>", thread=record.event_id, reply_to=event.event_id),
        )


def _joined(room: MatrixRoom, user_id: str) -> bool:
    """Whether `user_id` is in the room now (not only invited)."""
    return user_id in room.users and user_id not in room.invited_users
