"""Dates and times written the Québec way (« le jeudi 26 novembre 2026 à 14 h 30 »)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal, format_percent

# Dates and numbers come from Babel (CLDR) in fr_CA and en_CA: day and month names, digit
# grouping (« 1 234,5 » / « 1,234.5 »), percent signs (« 50 % » / « 50% »), « 2:30 p.m. ».
# What CLDR cannot produce in the Québec forms we print, so we give Babel our own patterns:
# - « 1er » for the first of the month: CLDR patterns have no ordinal day (fr_CA long date is
#   « 1 décembre 2026 »); the ordinal goes in as a quoted literal ('1er').
# - « jeudi 26 novembre 2026 à 14 h 30 »: fr_CA's standard formats pad the hour (« 09 h 05 »)
#   and the full date-time is « jeudi 26 novembre 2026, 09 h 05 min 00 s heure normale de
#   l’Est »; our pattern (« à », H 'h' mm) is written here and formatted by Babel.
# - Durations (« 2 jours 3 h »): format_timedelta rounds to a single unit (« 2 jours »), so
#   format_duration stays ours.
LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["fr"])


def _day_fr(d: datetime) -> str:
    """The day in a pattern: « 1er » (quoted literal, CLDR has no ordinal day), else d."""
    return "'1er'" if d.day == 1 else "d"


def local(dt: datetime, tz: ZoneInfo | str) -> datetime:
    """`dt` (aware) converted to the community's timezone."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(zone)


def _babel(d: datetime, pattern: str, lang: str) -> str:
    return _babel_datetime(d, pattern, tzinfo=d.tzinfo, locale=_locale(lang))


def format_datetime(dt: datetime, tz: ZoneInfo | str, lang: str = "fr") -> str:
    """Long date and time: « jeudi 26 novembre 2026 à 14 h 30 » / « Thursday, November 26,
    2026 at 2:30 p.m. »."""
    d = local(dt, tz)
    if lang == "en":
        return _babel(d, "EEEE, MMMM d, y 'at' h:mm a", lang)
    return _babel(d, f"EEEE {_day_fr(d)} MMMM y 'à' H 'h' mm", "fr")


def format_date(dt: datetime, tz: ZoneInfo | str, lang: str = "fr") -> str:
    """Long date without time: « 26 novembre 2026 » / « November 26, 2026 »."""
    d = local(dt, tz)
    if lang == "en":
        return _babel(d, "MMMM d, y", lang)
    return _babel(d, f"{_day_fr(d)} MMMM y", "fr")


def format_short(dt: datetime, tz: ZoneInfo | str) -> str:
    """Numeric date and time, ISO order as used in Québec: « 2026-11-26 14 h 30 »."""
    return _babel(local(dt, tz), "y-MM-dd H 'h' mm", "fr")


def format_number(value: float, lang: str = "fr") -> str:
    """A number the Québec way: « 1 234,5 » (non-breaking space) / « 1,234.5 »."""
    return format_decimal(value, locale=_locale(lang))


def format_ratio(value: float, lang: str = "fr") -> str:
    """A ratio as a percentage: 0.5 → « 50 % » / « 50% »."""
    return format_percent(value, locale=_locale(lang))


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
