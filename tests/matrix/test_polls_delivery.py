"""Openings and results are never lost: Matrix rows only, retried after a 429 or a failure."""

from __future__ import annotations

import logging
from datetime import timedelta

from nio import Event, RoomMemberEvent
from sqlalchemy import select

from bot.core.decisions import outbox
from bot.core.decisions.options import RuleChoices
from bot.core.decisions.views import MEETING, MOTION, POLL
from bot.core.notifier import RecordingNotifier
from bot.matrix.polls import PollRecord, answers_of, choice_of, start_content
from bot.models.decisions import OutboxMessage
from tests.conftest import actor
from tests.matrix.conftest import joined
from tests.matrix.decisions_helpers import Watch, actor_of, board_room, polls_started
from tests.matrix.synapse import Synapse


class MatrixRows(RecordingNotifier):
    """What the Matrix notifier would be handed (it asks for openings too)."""

    announces_openings = True

    def __init__(self) -> None:
        super().__init__(platform="matrix")


async def test_openings_are_queued_for_matrix_communities_only(services):
    rows = MatrixRows()
    services.decisions.notifier = rows
    console = actor("Ana", "CA", "Membre", admin=True)
    poll = await services.decisions.create_poll(console, "Pizza ou sushis?", ["Pizza", "Sushis"])
    assert await services.decisions.deliver_outbox() == 0  # a console vote: nothing for Matrix
    async with services.db.reading() as session:
        kinds = (await session.scalars(select(OutboxMessage.kind))).all()
    assert kinds == []  # and no opening queued for a platform that shows it in its reply
    await services.decisions.close(console, poll.number)
    assert rows.sent == []  # the console's result is the console's to deliver
    # Without the opt-in, a Matrix notifier would get no opening either.
    plain = RecordingNotifier(platform="matrix")
    assert not outbox.wants_openings(plain, "matrix") and outbox.wants_openings(rows, "matrix")
    assert not outbox.wants_openings(rows, "discord")


def test_native_poll_contents_for_each_kind():
    class View:  # the few fields the content reads
        def __init__(self, kind: str, options: tuple = ()) -> None:
            from bot.core.decisions.views import OptionView

            self.kind = kind
            self.number = 7
            self.title = "Titre"
            self.text = "Texte"
            self.timezone = "America/Montreal"
            self.options = tuple(OptionView(i + 1, label) for i, label in enumerate(options))
            self.rules = type("R", (), {"live_results": False, "max_choices": 2})()

    motion = start_content(View(MOTION), "en")  # type: ignore[arg-type]
    assert motion["m.poll"]["kind"] == "m.poll.undisclosed"
    assert [a["m.text"][0]["body"] for a in motion["m.poll"]["answers"]] == [
        "For",
        "Against",
        "Abstain",
    ]
    assert motion["org.matrix.msc3381.poll.start"]["kind"] == "org.matrix.msc3381.poll.undisclosed"
    meeting = View(MEETING, ("lun. 9 h", "mar. 9 h", "mer. 9 h"))
    assert [a for a, _ in answers_of(meeting, "fr")] == ["1", "2", "3"]  # type: ignore[arg-type]
    assert start_content(meeting, "fr")["m.poll"]["max_selections"] == 3  # type: ignore[arg-type]
    record = PollRecord("$e", "!r", "matrix:!r", "!r", 7, MEETING, "fr")
    assert choice_of(record, ["3", "1", "3"]) == "3 1"  # yes to those, no to the rest
    assert choice_of(record, []) is None  # a retraction counts for nothing
    record.kind = POLL
    assert choice_of(record, ["2"]) == "2"


async def test_an_opening_waits_in_the_outbox_until_the_bot_can_post_it(
    services, clock, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, bruno, _chloe, _dave = await board_room(services, member_factory, bot)
    proposer = await actor_of(bot, room_id, ana)
    # The bot is kicked before the opening is delivered: the row waits.
    await ana.client.room_kick(room_id, bot.user_id, reason="test")

    def left(events: list[Event]) -> bool:
        return any(
            isinstance(e, RoomMemberEvent)
            and e.state_key == bot.user_id
            and e.membership == "leave"
            for e in events
        )

    await ana.events_until(room_id, left)
    decisions = services.decisions
    motion = await decisions.propose(
        proposer, "Changer de banque.", choices=RuleChoices(seconder=False)
    )
    assert await decisions.deliver_outbox() == 0
    async with services.db.reading() as session:
        row = (await session.scalars(select(OutboxMessage))).one()
    assert (row.kind, row.delivered_at, row.attempts) == ("vote.opened", None, 1)
    assert row.last_error
    # Invited back, the bot posts it at the next try (after the retry delay).
    await ana.client.room_invite(room_id, bot.user_id)
    await joined(ana, room_id, bot.user_id)
    await bot.in_room(room_id)
    clock.advance(outbox.RETRY + timedelta(seconds=1))
    assert await decisions.deliver_outbox() == 1
    watch = Watch(bruno)
    [poll] = polls_started(await watch.until(room_id, lambda evs: bool(polls_started(evs))))
    assert (
        f"n° {motion.number}" in poll.source["content"]["m.poll"]["question"]["m.text"][0]["body"]
    )


async def test_openings_are_posted_through_a_429(
    synapse: Synapse, services, member_factory, bot_factory, caplog
):
    bot = await bot_factory()
    room_id, ana, bruno, _chloe, _dave = await board_room(services, member_factory, bot)
    await bot.in_room(room_id)
    synapse.limit_messages(bot.user_id, per_second=5, burst=1)
    decisions = services.decisions
    proposer = await actor_of(bot, room_id, ana)
    for question in ("Café?", "Thé?", "Tisane?"):
        await decisions.create_poll(proposer, question, ["Oui", "Non"])
    with caplog.at_level(logging.WARNING, logger="nio"):
        assert await decisions.deliver_outbox() == 3
    assert any("429" in r.getMessage() for r in caplog.records)
    watch = Watch(bruno)
    seen = await watch.until(room_id, lambda evs: len(polls_started(evs)) == 3)
    assert [
        p.source["content"]["m.poll"]["question"]["m.text"][0]["body"] for p in polls_started(seen)
    ] == [
        f"Sondage n° {n} — {q}"
        for n, q in zip((1, 2, 3), ("Café?", "Thé?", "Tisane?"), strict=True)
    ]


async def test_the_running_scheduler_posts_an_opening_by_itself(
    services, member_factory, bot_factory
):
    bot = await bot_factory()
    room_id, ana, bruno, _chloe, _dave = await board_room(services, member_factory, bot)
    await services.start()  # as `coopilote run` does once connected
    await services.decisions.create_poll(
        await actor_of(bot, room_id, ana), "Date du pique-nique?", ["Samedi", "Dimanche"]
    )
    watch = Watch(bruno)
    [poll] = polls_started(await watch.until(room_id, lambda evs: bool(polls_started(evs))))
    assert poll.sender == bot.user_id
