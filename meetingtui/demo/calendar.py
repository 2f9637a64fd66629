"""When the demo cell meets: its past meetings and the next one, from today and the cell's day.

The past meetings are the last ``count`` regular meetings held before today, each on the cell's
usual meeting day (the first weekday from the 20th, as the seed's cell meets between the 20th
and the 22nd); the demo meeting is the next one, today or later. So the demo never holds two
meetings in one month, never reviews tasks before their meeting, and reads the same on the 1st,
the 20th or the 31st of a month.
"""

from __future__ import annotations

from datetime import date

from ..domain.dates import usual_meeting_date


def months_back(day: date, back: int) -> tuple[int, int]:
    """(year, month) ``back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - back
    return index // 12, index % 12 + 1


def demo_calendar(today: date, usual_day: int = 20, count: int = 3) -> tuple[list[date], date]:
    """(the days of the ``count`` past meetings, oldest first; the day of the next meeting)."""
    this_month = usual_meeting_date(today.year, today.month, usual_day)
    ahead = 0 if this_month >= today else -1  # this month's meeting is still to come, or held
    past = [usual_meeting_date(*months_back(today, back + ahead), usual_day) for back in range(count, 0, -1)]
    return past, usual_meeting_date(*months_back(today, ahead), usual_day)
