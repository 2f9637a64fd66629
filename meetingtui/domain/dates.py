"""Dates as the cell types and reads them, and as the record stores them.

The record stores ISO dates (``2026-12-20``) and months (``2026-12``). People type and read
them the Vietnamese way (``20/12/2026``, ``12/2026``). This module is the one place that
turns one into the other; every screen, document and command calls it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .errors import DomainError
from .text import GAP, clean

_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_date(text: str) -> str:
    """``20/12/2026``, ``20.12.2026``, ``20-12-2026`` or ``2026-12-20`` to ISO; "" stays "".

    Refused (DomainError ``error.date_invalid``) when it is not a real day.
    """
    text = clean(text)
    if not text:
        return ""
    try:
        match = _DAY.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day).isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise DomainError("error.date_invalid", value=text) from None


_TIME = re.compile(r"^(\d{1,2})[:hg](\d{2})?$")


def parse_moment(text: str, utc_offset_hours: int) -> datetime:
    """``19/11/2026 08:30`` (or ``2026-11-19 8:30``, or a day alone: midnight) in the cell's
    local time, as a UTC-aware moment. Refused (``error.moment_invalid``) otherwise."""
    text = clean(text)
    day, _, clock = text.partition(" ")
    try:
        iso = parse_date(day)
    except DomainError:
        raise DomainError("error.moment_invalid", value=text) from None
    hour = minute = 0
    if clock.strip():
        match = _TIME.match(clock.strip())
        if match is None:
            raise DomainError("error.moment_invalid", value=text)
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour > 23 or minute > 59:
            raise DomainError("error.moment_invalid", value=text)
    if not iso:
        raise DomainError("error.moment_invalid", value=text)
    zone = timezone(timedelta(hours=utc_offset_hours))
    return datetime.fromisoformat(iso).replace(hour=hour, minute=minute, tzinfo=zone)


def parse_month(text: str) -> str:
    """``12/2026`` (or ``2026-12``) to ``2026-12``; "" stays "".

    Refused (DomainError ``error.month_invalid``) otherwise.
    """
    text = clean(text)
    if not text:
        return ""
    match = _MONTH.match(text)
    iso = _ISO_MONTH.match(text)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
    elif iso:
        year, month = int(iso.group(1)), int(iso.group(2))
    else:
        raise DomainError("error.month_invalid", value=text)
    if not 1 <= month <= 12:
        raise DomainError("error.month_invalid", value=text)
    return f"{year:04d}-{month:02d}"


def is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def to_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def short_date(value: str, gap: str = GAP) -> str:
    """``2026-12-20`` -> ``20/12/2026``; ``gap`` when there is no date."""
    day = to_date(value)
    return gap if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def day_month(value: str, gap: str = GAP) -> str:
    """``2026-12-20`` -> ``20/12``; ``gap`` when there is no date."""
    day = to_date(value)
    return gap if day is None else f"{day.day:02d}/{day.month:02d}"


def long_date(value: str) -> str:
    """``ngày 05 tháng 02 năm 2026`` (leading zeros, as the Party's document format asks)."""
    day = to_date(value)
    if day is None:
        return f"ngày {GAP} tháng {GAP} năm {GAP}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def month_input(period: str) -> str:
    """``2026-12`` -> ``12/2026``, as a month is typed; "" when there is none."""
    return f"{int(period[5:7])}/{period[:4]}" if len(period) == 7 else ""


def month_text(period: str) -> str:
    """``tháng 12 năm 2026`` from ``2026-12``."""
    if len(period) != 7:
        return f"tháng {GAP} năm {GAP}"
    return f"tháng {int(period[5:7])} năm {period[:4]}"


def month_short(period: str) -> str:
    """``12/2026`` from ``2026-12``; a gap when there is none."""
    return GAP if len(period) != 7 else f"{int(period[5:7])}/{period[:4]}"


def month_shift(period: str, months: int) -> str:
    """``2026-12`` moved by ``months`` (``2027-01`` for +1)."""
    year, month = int(period[:4]), int(period[5:7])
    total = year * 12 + month - 1 + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def usual_meeting_date(year: int, month: int, usual_day: int = 20) -> date:
    """The day a cell that meets on ``usual_day`` meets in a month: the first weekday among
    that day and the two after it (the seed's cell meets between the 20th and the 22nd),
    kept inside the month."""
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    first = max(1, min(usual_day, last))
    for day in range(first, min(first + 3, last + 1)):
        candidate = date(year, month, day)
        if candidate.weekday() < 5:
            return candidate
    return date(year, month, first)


def local(when: datetime, utc_offset_hours: int) -> datetime:
    """A stored UTC moment in the cell's local time."""
    return when.astimezone(timezone(timedelta(hours=utc_offset_hours)))


def hhmm(when: datetime | None, utc_offset_hours: int) -> str:
    """``14:05`` in the cell's local time; ``--:--`` when there is no moment."""
    return "--:--" if when is None else local(when, utc_offset_hours).strftime("%H:%M")
