"""The demo cell's year (``data/demo/year.json``): the plan of this year, the Party dues of the
months since its first recorded meeting with one member two months behind, and the review of
the last quarter that has ended, drafted from the recorded meetings and confirmed by the chair.

Everything is placed relative to the demo's clock and to the meetings the history recorded,
so it holds together on any date. Every event goes through the books' rules; one write per
book keeps it fast.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from ..domain.agenda import MeetingType, data_text
from ..domain.clock import Clock, FakeClock
from ..domain.dates import month_shift
from ..domain.grading import REVIEW_BOOK, period_of, period_part, period_range
from ..domain.plan import PLAN_BOOK
from ..services.cell import CellService
from ..store.books import book_log

DUES_MONTHS = (
    10  # at most: the months before this one (since the first recorded meeting) whose dues it records
)
PAY_DAY = 20  # members pay at the monthly meeting
REMIT_DAY = 25  # and the cell remits five days later


def year_script() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_text("demo/year.json"))
    return data


def _at(day: date, zone: timezone, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), zone)


def add_demo_year(service: CellService, clock: Clock) -> None:
    """The plan, the dues and a quarter's review of the demo cell."""
    repo = service.repo
    cell = repo.cell()
    zone = timezone(timedelta(hours=cell.utc_offset_hours))
    today = clock.now().astimezone(zone).date()
    script = year_script()
    fake = FakeClock(_at(date(today.year, 1, 2), zone))
    demo = CellService(repo, fake, "demo")
    _plan(demo, fake, script, today, zone)
    _dues(demo, fake, script, today, zone)
    _review(demo, fake, script, today, zone)


def _plan(demo: CellService, fake: FakeClock, script: dict[str, Any], today: date, zone: timezone) -> None:
    planning = demo.planning()
    with book_log(demo.repo, PLAN_BOOK, today.year).transaction():
        first, last = script["window"]
        planning.set_window(today.year, first, last)
        for topic in script["topics"]:
            fake.advance(minutes=5)
            planning.add_topic(
                today.year,
                topic["quarter"],
                topic["title"],
                presenter=topic.get("presenter", ""),
                month=topic.get("month", 0),
                outline=topic.get("outline", ""),
            )


def _dues(demo: CellService, fake: FakeClock, script: dict[str, Any], today: date, zone: timezone) -> None:
    """The months of dues before this one, each in its month's book."""
    dues = demo.dues()
    this_month = f"{today.year:04d}-{today.month:02d}"
    meetings = {info.date[:7]: info.id for info in demo.meetings() if info.type is MeetingType.REGULAR}
    first = min((m for m in meetings if m < this_month), default=month_shift(this_month, -DUES_MONTHS))
    months = [month_shift(this_month, -n) for n in range(DUES_MONTHS, 0, -1)]
    months = [m for m in months if m >= first]  # kept here since the cell's first recorded meeting
    members = demo.members(include_retired=False)
    behind = script.get("behind", "")
    late = months[-2:] if behind else []
    portal = set(script.get("portal", ()))
    exempt = script.get("exempt", {})
    reduction = script.get("reduction")
    reduced_from = months[-6] if len(months) >= 6 else months[0]
    for (
        month
    ) in months:  # a month's book at a time, one write each: a later month opens with the earlier's bases
        with dues.one_write(month):
            fake.set(_at(date(int(month[:4]), int(month[5:]), 1), zone))
            for member in members:
                start = max(months[0], member.joined[:7]) if member.joined else months[0]
                if start != month:
                    continue  # set in an earlier month's book (and carried), or joins later
                if member.id in script["salaries"]:
                    dues.set_basis(member.id, start, "salary", base=script["salaries"][member.id])
                elif member.id in script.get("pensions", {}):
                    dues.set_basis(member.id, start, "pension", base=script["pensions"][member.id])
                elif member.id in exempt:
                    dues.set_basis(member.id, start, "exempt", exempt=exempt[member.id])
            if reduction and reduced_from == month:
                end = month_shift(reduced_from, reduction["months"] - 1)
                dues.reduce(reduction["member"], reduction["percent"], reduced_from, end, reduction["reason"])
            day = date(int(month[:4]), int(month[5:]), PAY_DAY)
            fake.set(_at(day, zone, 16))
            for member in members:
                if (member.id == behind and month in late) or member.id in exempt:
                    continue
                if member.joined and member.joined[:7] > month:
                    continue
                fake.advance(seconds=30)
                via = "portal" if member.id in portal else "cash"
                dues.pay(
                    member.id, [month], via=via, meeting=meetings.get(month, "") if via == "cash" else ""
                )
            fake.set(_at(day.replace(day=REMIT_DAY), zone))
            dues.remit(month, receipt=f"{int(month[5:]):02d}/{month[:4]}")


def _review(demo: CellService, fake: FakeClock, script: dict[str, Any], today: date, zone: timezone) -> None:
    """The quarter that ended last, reviewed the day after it ended and confirmed line by line."""
    quarter_month = month_shift(f"{today.year:04d}-{today.month:02d}", -3)
    period = period_of(int(quarter_month[:4]), quarter=(int(quarter_month[5:]) - 1) // 3 + 1)
    after = date.fromisoformat(period_range(period)[1]) + timedelta(days=1)
    fake.set(_at(after, zone))
    reviews = demo.reviews()
    with book_log(demo.repo, REVIEW_BOOK, int(period[:4]), period_part(period)).transaction():
        state = reviews.propose(period)
        changes = {c["member"]: c for c in script.get("review_changes", ())}
        for p, member in list(state.reviews):
            if p != period:
                continue
            fake.advance(minutes=2)
            change = changes.get(member)
            if change is not None:
                reviews.set_review_line(period, member, change["line"], change["points"], change["note"])
            reviews.keep_review(period, member)
