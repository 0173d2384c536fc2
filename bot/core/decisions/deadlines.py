"""Deadlines as people write them: « 48h », « 3j », « 1 semaine », « 2026-12-01 17:00 ».

A duration counts from when voting opens; a date and time is read in the community's
timezone. Past dates and dates absurdly far ahead are refused with a clear message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import InvalidInput
from bot.core.text import fold

# A vote shorter than this could close before anyone reads it.
MIN_DURATION = timedelta(minutes=1)
# A board decides between meetings; nothing sensible waits more than a year.
MAX_AHEAD = timedelta(days=366)

_UNITS: dict[str, int] = {}
for _names, _seconds in (
    (("m", "min", "mn", "minute", "minutes"), 60),
    (("h", "hr", "hrs", "heure", "heures", "hour", "hours"), 3600),
    (("j", "jr", "jrs", "jour", "jours", "d", "day", "days"), 86400),
    (("sem", "semaine", "semaines", "w", "wk", "week", "weeks"), 7 * 86400),
):
    for _name in _names:
        _UNITS[_name] = _seconds

# « 48h », « 2 h 30 », « 3j », « 1 semaine », « 1 sem 2 j », « 90 min ».
_PART = re.compile(r"(\d{1,4})\s*([a-z]+)?")
_HOUR_MIN = re.compile(r"^(\d{1,3})\s*h\s*(\d{1,2})$")

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            ("janvier", "janv", "jan", "january"),
            ("fevrier", "fevr", "fev", "feb", "february"),
            ("mars", "mar", "march"),
            ("avril", "avr", "apr", "april"),
            ("mai", "may"),
            ("juin", "jun", "june"),
            ("juillet", "juil", "jul", "july"),
            ("aout", "aug", "august"),
            ("septembre", "sept", "sep", "september"),
            ("octobre", "oct", "october"),
            ("novembre", "nov", "november"),
            ("decembre", "dec", "december"),
        )
    )
    for name in names
}

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]+(?:a\s+)?(\d{1,2})(?:\s*[:h]\s*(\d{2})?)?)?$"
)
# « 1er décembre 2026 à 17 h 30 », « 3 dec 17h », « le 15 janvier ».
_WORDS = re.compile(
    r"^(?:le\s+)?(\d{1,2})(?:er)?\s+([a-z]+)\.?(?:\s+(\d{4}))?"
    r"(?:\s*(?:,|a)?\s*(\d{1,2})(?:\s*[:h]\s*(\d{2})?)?)?$"
)
# A date without a time closes at the end of that day.
_END_OF_DAY = (23, 59)


@dataclass(frozen=True, slots=True)
class Deadline:
    """Either a duration from the opening, or a fixed moment (aware UTC)."""

    duration: timedelta | None = None
    at: datetime | None = None

    def resolve(self, opened: datetime) -> datetime:
        """The closing moment for a vote opened at `opened`."""
        if self.duration is not None:
            return opened + self.duration
        assert self.at is not None
        return self.at


def parse_duration(text: str) -> timedelta | None:
    """« 48h » → 48 hours; None when `text` is not a duration."""
    value = fold(text).strip().replace(",", " ")
    if not value:
        return None
    hm = _HOUR_MIN.match(value)
    if hm:
        return timedelta(hours=int(hm.group(1)), minutes=int(hm.group(2)))
    total = 0
    pos = 0
    found = False
    for match in _PART.finditer(value):
        if value[pos : match.start()].strip(" et"):
            return None
        number, unit = int(match.group(1)), match.group(2)
        if unit is None or unit not in _UNITS:
            return None
        total += number * _UNITS[unit]
        pos = match.end()
        found = True
    if not found or value[pos:].strip():
        return None
    return timedelta(seconds=total)


def _local_to_utc(
    year: int, month: int, day: int, hour: int, minute: int, tz: ZoneInfo
) -> datetime | None:
    try:
        local = datetime(year, month, day, hour, minute, tzinfo=tz)
    except ValueError:
        return None
    return local.astimezone(UTC)


def parse_moment(
    text: str, now: datetime, tz: str, *, default_time: tuple[int, int] | None = _END_OF_DAY
) -> datetime | None:
    """« 2026-12-01 17:00 » or « 1er décembre 17 h » in `tz` → aware UTC; None if not a date.

    A date without a time takes `default_time` (None: such a date is not accepted).
    """
    zone = ZoneInfo(tz)
    value = " ".join(fold(text).replace("à", "a").split())
    iso = _ISO.match(value)
    if iso:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        if iso.group(4) is None:
            if default_time is None:
                return None
            hour, minute = default_time
        else:
            hour, minute = int(iso.group(4)), int(iso.group(5) or 0)
        return _local_to_utc(year, month, day, hour, minute, zone)
    words = _WORDS.match(value)
    if words and words.group(2) in _MONTHS:
        day, month = int(words.group(1)), _MONTHS[words.group(2)]
        if words.group(4) is None:
            if default_time is None:
                return None
            hour, minute = default_time
        else:
            hour, minute = int(words.group(4)), int(words.group(5) or 0)
        if words.group(3):
            return _local_to_utc(int(words.group(3)), month, day, hour, minute, zone)
        # No year: the next such date to come.
        year = now.astimezone(zone).year
        for candidate_year in (year, year + 1):
            moment = _local_to_utc(candidate_year, month, day, hour, minute, zone)
            if moment is not None and moment > now:
                return moment
        return _local_to_utc(year, month, day, hour, minute, zone)
    return None


def check_moment(moment: datetime, now: datetime, *, what: str = "deadline") -> datetime:
    """Refuse a moment in the past, too close, or absurdly far ahead."""
    if moment <= now:
        raise InvalidInput(f"decision.{what}.past")
    if moment - now < MIN_DURATION:
        raise InvalidInput(f"decision.{what}.too_close")
    if moment - now > MAX_AHEAD:
        raise InvalidInput(f"decision.{what}.too_far", days=MAX_AHEAD.days)
    return moment


def parse_deadline(text: str, now: datetime, tz: str) -> Deadline:
    """A deadline from user text; InvalidInput with a clear message when unreadable or absurd."""
    value = (text or "").strip()
    if not value:
        raise InvalidInput("decision.deadline.unreadable", value=value)
    duration = parse_duration(value)
    if duration is not None:
        if duration < MIN_DURATION:
            raise InvalidInput("decision.deadline.too_close")
        if duration > MAX_AHEAD:
            raise InvalidInput("decision.deadline.too_far", days=MAX_AHEAD.days)
        return Deadline(duration=duration)
    moment = parse_moment(value, now, tz)
    if moment is None:
        raise InvalidInput("decision.deadline.unreadable", value=value[:60])
    return Deadline(at=check_moment(moment, now))


def parse_slot(text: str, now: datetime, tz: str) -> datetime:
    """A candidate meeting date and time (it must say the time)."""
    moment = parse_moment(text, now, tz, default_time=None)
    if moment is None:
        raise InvalidInput("decision.slot.unreadable", value=text.strip()[:60])
    return check_moment(moment, now, what="slot")


def parse_meeting_date(text: str, now: datetime, tz: str) -> datetime:
    """The date of a meeting already held (« 2026-12-10 »), as noon local time in UTC."""
    moment = parse_moment(text, now, tz, default_time=(12, 0))
    if moment is None:
        raise InvalidInput("decision.ratify.bad_date", value=text.strip()[:40])
    return moment
