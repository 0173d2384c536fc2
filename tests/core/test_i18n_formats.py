"""Dates and numbers through Babel in fr_CA / en_CA, in the Québec forms the bot prints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time

from bot.core.timefmt import format_date, format_datetime, format_number, format_ratio, format_short

TZ = "America/Montreal"
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
DAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche"


def _hand_written(d: datetime) -> str:
    """The formatter the bot used before Babel (the Québec form to keep)."""
    day = "1er" if d.day == 1 else str(d.day)
    return (
        f"{DAYS.split()[d.weekday()]} {day} {MONTHS.split()[d.month - 1]} {d.year} "
        f"à {d.hour} h {d.minute:02d}"
    )


def test_babel_gives_the_same_quebec_dates_as_before_for_a_whole_year():
    start = datetime(2026, 1, 1, 5, 7, tzinfo=UTC)
    for hours in range(0, 366 * 24, 7):  # every day, at hours that move round the clock
        when = start + timedelta(hours=hours)
        local = when.astimezone(ZoneInfo(TZ))
        assert format_datetime(when, TZ) == _hand_written(local)
        assert format_short(when, TZ) == f"{local:%Y-%m-%d} {local.hour} h {local.minute:02d}"


def test_what_cldr_alone_does_not_write_the_quebec_way():
    # Why timefmt passes its own patterns to Babel: CLDR fr_CA has no « 1er » and pads hours.
    first = datetime(2026, 12, 1, 14, 5)
    assert babel_date(first, "long", locale="fr_CA") == "1 décembre 2026"
    assert babel_time(first.replace(hour=9), "short", locale="fr_CA") == "09 h 05"
    assert format_date(first.replace(tzinfo=UTC), "UTC") == "1er décembre 2026"
    assert format_datetime(first.replace(hour=9, tzinfo=UTC), "UTC") == (
        "mardi 1er décembre 2026 à 9 h 05"
    )


def test_english_dates_in_en_ca():
    when = datetime(2026, 11, 26, 19, 30, tzinfo=UTC)  # 14 h 30 in Montréal
    assert format_datetime(when, TZ, "en") == "Thursday, November 26, 2026 at 2:30 p.m."
    assert format_date(when, TZ, "en") == "November 26, 2026"


def test_numbers_in_fr_ca_and_en_ca():
    assert format_number(1234.5) == "1\u00a0234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_ratio(0.5) == "50\u00a0%"
    assert format_ratio(0.5, "en") == "50%"
