"""Dates and times written the Québec way (« le jeudi 26 novembre 2026 à 14 h 30 »)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_MONTHS_FR = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
)
_DAYS_FR = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
_MONTHS_EN = (
    "January February March April May June July August September October November December".split()
)
_DAYS_EN = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def local(dt: datetime, tz: ZoneInfo | str) -> datetime:
    """`dt` (aware) converted to the community's timezone."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(zone)


def format_datetime(dt: datetime, tz: ZoneInfo | str, lang: str = "fr") -> str:
    """Long date and time: « jeudi 26 novembre 2026 à 14 h 30 » / « Thursday, November 26…»."""
    d = local(dt, tz)
    if lang == "en":
        hour = d.hour % 12 or 12
        ampm = "AM" if d.hour < 12 else "PM"
        return (
            f"{_DAYS_EN[d.weekday()]}, {_MONTHS_EN[d.month - 1]} {d.day}, {d.year} "
            f"at {hour}:{d.minute:02d} {ampm}"
        )
    day = "1er" if d.day == 1 else str(d.day)
    month = _MONTHS_FR[d.month - 1]
    return f"{_DAYS_FR[d.weekday()]} {day} {month} {d.year} à {d.hour} h {d.minute:02d}"


def format_date(dt: datetime, tz: ZoneInfo | str, lang: str = "fr") -> str:
    """Long date without time: « 26 novembre 2026 » / « November 26, 2026 »."""
    d = local(dt, tz)
    if lang == "en":
        return f"{_MONTHS_EN[d.month - 1]} {d.day}, {d.year}"
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {_MONTHS_FR[d.month - 1]} {d.year}"


def format_short(dt: datetime, tz: ZoneInfo | str) -> str:
    """Numeric date and time, ISO order as used in Québec: « 2026-11-26 14 h 30 »."""
    d = local(dt, tz)
    return f"{d:%Y-%m-%d} {d.hour} h {d.minute:02d}"


def format_duration(delta: timedelta, lang: str = "fr") -> str:
    """A rough human duration: « 2 jours 3 h », « 45 min »."""
    total = max(0, int(delta.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts: list[str] = []
    if days:
        if lang == "en":
            parts.append(f"{days} day" + ("s" if days > 1 else ""))
        else:
            parts.append(f"{days} jour" + ("s" if days > 1 else ""))
    if hours:
        parts.append(f"{hours} h")
    if minutes and not days:
        parts.append(f"{minutes} min")
    return " ".join(parts) or ("less than a minute" if lang == "en" else "moins d’une minute")
