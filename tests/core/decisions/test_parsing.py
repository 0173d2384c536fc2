"""Deadlines, options and choices as people write them; mentions made inert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.decisions.deadlines import parse_deadline, parse_slot
from bot.core.decisions.options import (
    BOARD,
    MEMBERS,
    meeting_answer,
    motion_choice,
    split_options,
)
from bot.core.decisions.rules import Majority, Quorum, QuorumKind
from bot.core.errors import InvalidInput
from bot.core.i18n import t
from bot.core.mentions import has_mentions, inert

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 10 h in Montréal
TZ = "America/Montreal"


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("48h", timedelta(hours=48)),
        ("48 h", timedelta(hours=48)),
        ("3j", timedelta(days=3)),
        ("3 jours", timedelta(days=3)),
        ("1 semaine", timedelta(weeks=1)),
        ("2 semaines", timedelta(weeks=2)),
        ("2h30", timedelta(hours=2, minutes=30)),
        ("90 min", timedelta(minutes=90)),
        ("1 sem 2 j", timedelta(days=9)),
        ("3d", timedelta(days=3)),
    ],
)
def test_durations(text: str, duration: timedelta):
    assert parse_deadline(text, NOW, TZ).duration == duration


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-12-01 17:00", datetime(2026, 12, 1, 22, 0, tzinfo=UTC)),  # EST, UTC-5
        ("2026-12-01 17h", datetime(2026, 12, 1, 22, 0, tzinfo=UTC)),
        ("2026-12-01 17 h 30", datetime(2026, 12, 1, 22, 30, tzinfo=UTC)),
        ("1er décembre 17 h", datetime(2026, 12, 1, 22, 0, tzinfo=UTC)),
        ("3 déc. 2026 à 9h", datetime(2026, 12, 3, 14, 0, tzinfo=UTC)),
        # Without a time: the end of that day, local time.
        ("2026-12-01", datetime(2026, 12, 2, 4, 59, tzinfo=UTC)),
        # Without a year: the next such date.
        ("15 janvier 14:00", datetime(2027, 1, 15, 19, 0, tzinfo=UTC)),
    ],
)
def test_dates_in_the_community_timezone(text: str, utc: datetime):
    assert parse_deadline(text, NOW, TZ).at == utc


def test_summer_time_is_respected():
    # In July Montréal is UTC-4.
    july = parse_deadline("2027-07-01 12:00", NOW, TZ).at
    assert july == datetime(2027, 7, 1, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2026-11-01 10:00", "decision.deadline.past"),
        ("2036-11-26 10:00", "decision.deadline.too_far"),
        ("10 ans", "decision.deadline.unreadable"),
        ("520 semaines", "decision.deadline.too_far"),
        ("0h", "decision.deadline.too_close"),
        ("bientôt", "decision.deadline.unreadable"),
    ],
)
def test_absurd_deadlines_are_refused_with_a_clear_message(text: str, key: str):
    with pytest.raises(InvalidInput) as caught:
        parse_deadline(text, NOW, TZ)
    assert caught.value.code == key
    message = caught.value.message("fr")
    assert message != key and not message.startswith("decision.")


def test_meeting_slots_need_a_time():
    assert parse_slot("2026-12-03 19:00", NOW, TZ) == datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        parse_slot("2026-12-03", NOW, TZ)


def test_options_at_the_end_of_a_motion():
    text, choices = split_options(
        "Que le CA adopte le budget. délai=48h majorité=2/3 secret quorum=50%"
    )
    assert text == "Que le CA adopte le budget."
    assert choices.deadline == "48h"
    assert choices.majority is Majority.TWO_THIRDS
    assert choices.secret is True
    assert choices.quorum == Quorum(QuorumKind.PERCENT, 50)


def test_bare_words_ending_a_sentence_are_text_except_secrecy():
    text, choices = split_options("Que le CA consulte ses membres")
    assert text == "Que le CA consulte ses membres"
    assert choices.is_empty()
    # « secret » at the very end is the option, never text: a nominal vote would show names.
    text, choices = split_options("Que le CA destitue la présidente secret")
    assert text == "Que le CA destitue la présidente" and choices.secret is True


@pytest.mark.parametrize(
    ("raw", "field", "value"),
    [
        ("Que X. majorité = 2/3", "majority", Majority.TWO_THIRDS),
        ("Que X. majorité=deux tiers", "majority", Majority.TWO_THIRDS),
        ("Que X. majorité=résolution écrite", "majority", Majority.UNANIMITY),
        ("Que X. majorité=en fonction", "majority", Majority.IN_OFFICE),
        ("Que X. quorum=50 %", "quorum", Quorum(QuorumKind.PERCENT, 50)),
        ("Que X. quorum=majorité", "quorum", Quorum(QuorumKind.MAJORITY)),
        ("Que X. délai=48 h", "deadline", "48h"),
        ("Que X. délai=2026-12-05 17:00", "deadline", "2026-12-05T17:00"),
        ("Que le CA destitue la présidente (vote secret)", "secret", True),
        ("Que X (scrutin nominal) soit adopté.", "secret", False),
        ("délai=48h Que le CA adopte. secret", "secret", True),
    ],
)
def test_options_are_read_wherever_they_stand(raw: str, field: str, value: object):
    text, choices = split_options(raw)
    assert getattr(choices, field) == value
    assert "=" not in text and "secret" not in text and "(" not in text
    if field == "deadline":
        assert parse_deadline(str(value), NOW, TZ) is not None


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("Que X. majorité=deux trucs", "deux"),
        ("Que X. délai=bientôt", "bientôt"),
        ("Que X. quorum=beaucoup", "beaucoup"),
        ("Que X. delia=48h", "delia"),
        ("Que X. secret nominal", "secret / nominal"),
        ("Que X. majorité=2/3 majorité=simple", "majorité"),
    ],
)
def test_unreadable_or_contradictory_options_are_refused_by_name(raw: str, named: str):
    with pytest.raises(InvalidInput) as caught:
        _text, choices = split_options(raw)
        # A deadline's value is read when the vote is created.
        parse_deadline(choices.deadline or "", NOW, TZ)
    assert named in caught.value.message("fr")


def test_anonyme_after_the_last_poll_option_is_the_option():
    text, choices = split_options("Quel thème ? | Climat | Emploi anonyme", segments=True)
    assert [p.strip() for p in text.split("|")] == ["Quel thème ?", "Climat", "Emploi"]
    assert choices.secret is True


def test_leading_options_titles_and_bodies():
    text, choices = split_options('titre="Budget 2027" votants=membres délai=3j Adopter le budget')
    assert text == "Adopter le budget"
    assert choices.title == "Budget 2027"
    assert choices.body == MEMBERS
    _, board = split_options("Texte. ca unanimité sans-appui")
    assert board.body == BOARD and board.majority is Majority.UNANIMITY
    assert board.seconder is False


def test_poll_segments():
    text, choices = split_options("Quel jour ? | Samedi | Dimanche | multiple max=2", segments=True)
    assert [part.strip() for part in text.split("|")] == ["Quel jour ?", "Samedi", "Dimanche"]
    assert choices.multiple and choices.max_choices == 2


def test_unknown_option_is_named():
    with pytest.raises(InvalidInput) as caught:
        split_options("Texte. delia=48h")
    assert "delia" in caught.value.message("fr")


@pytest.mark.parametrize(
    ("raw", "choice"),
    [
        ("Pour", "pour"),
        ("oui", "pour"),
        ("for", "pour"),
        ("CONTRE", "contre"),
        ("abst", "abstention"),
    ],
)
def test_motion_choices(raw: str, choice: str):
    assert motion_choice(raw) == choice


def test_meeting_answers():
    assert [meeting_answer(a) for a in ("oui", "peut-être", "Non", "?")] == ["y", "m", "n", "m"]
    with pytest.raises(InvalidInput) as caught:
        meeting_answer("demain")
    assert "oui, peut-être ou non" in caught.value.message("fr")


def test_mentions_are_made_inert_but_read_the_same():
    raw = "Avis à @everyone et @here, <@&123> et <@!456>, et @room et @ana:matrix.org"
    assert has_mentions(raw)
    shown = inert(raw)
    assert not has_mentions(shown)
    assert shown.replace("\u200b", "") == raw
    assert t("decision.kind.motion", "en") == "Motion"
