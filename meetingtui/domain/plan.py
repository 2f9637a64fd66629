"""The year plan (docs/DOMAIN.md, "The year plan"): twelve regular meetings in the cell's day
window, the quarter's thematic topics with their presenters, and the packets of documents
sent ahead of each meeting.

The seed's cell plans its year at its start ("xây dựng kế hoạch … ngay từ đầu năm"), meets
between the 20th and the 22nd, and holds a thematic meeting every quarter. The window is a
cell setting (``Cell.meeting_day_from`` / ``meeting_day_to``); the year's book records it when
the plan is made (``plan_window``), and a month may have its own (``plan_month``: Tết, a
holiday). HD 42 asks the documents to be posted on Sổ tay đảng viên điện tử at least a day
before the meeting: ``packet_sent`` records when they went out, and how long before the
meeting's start that was, once.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from . import checks
from .agenda import MeetingType
from .book import Book, BookEvent, BookKind
from .clock import from_iso, to_iso
from .dates import day_month, short_date
from .errors import DomainError
from .events import F

PACKET_HOURS = 24  # HD 42: documents posted at least a day before the meeting
MAX_TOPICS = 12  # thematic topics in one quarter


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def quarter_months(quarter: int) -> tuple[int, int, int]:
    first = (quarter - 1) * 3 + 1
    return first, first + 1, first + 2


def check_day(value: Any, month: int = 0) -> int:
    """A day of the month in a window (1 to 31); the message names the month (0: the year's window)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 31:
        if month:
            raise DomainError("error.plan_month_day_invalid", month=month, value=str(value))
        raise DomainError("error.plan_day_invalid", value=str(value))
    return value


def check_window(day_from: Any, day_to: Any, month: int = 0) -> tuple[int, int]:
    first, last = check_day(day_from, month), check_day(day_to, month)
    if first > last:
        if month:
            raise DomainError("error.plan_month_window_order", month=month, start=first, end=last)
        raise DomainError("error.plan_window_order", start=first, end=last)
    return first, last


# -- the book's state -----------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanMonth:
    day_from: int
    day_to: int
    note: str = ""


@dataclass(frozen=True)
class Topic:
    id: str
    quarter: int
    month: int  # the month it is planned in (0: some time in the quarter)
    title: str
    presenter: str = ""  # member id
    presenter_name: str = ""
    outline: str = ""  # the main points of the topic report (đề cương)
    removed: str = ""  # the reason, once removed


@dataclass(frozen=True)
class Packet:
    meeting: str
    title: str
    start: datetime  # the meeting's planned start
    sent_at: datetime
    to: str
    files: tuple[str, ...]
    hours_ahead: float
    late: bool  # less than a day before the start (HD 42)


@dataclass(frozen=True)
class PlanState:
    window: tuple[int, int] | None = None
    months: Mapping[int, PlanMonth] = field(default_factory=dict)
    topics: tuple[Topic, ...] = ()
    packets: Mapping[str, tuple[Packet, ...]] = field(default_factory=dict)  # meeting -> in order
    next_topic: int = 1

    def live_topics(self, quarter: int | None = None) -> list[Topic]:
        return [t for t in self.topics if not t.removed and (quarter is None or t.quarter == quarter)]

    def packet(self, meeting: str) -> Packet | None:
        sent = self.packets.get(meeting, ())
        return sent[-1] if sent else None


Data = dict[str, Any]


def decide_plan_window(state: PlanState, d: Mapping[str, Any]) -> Data:
    """The days of the month the year's regular meetings fall in (the seed's cell: 20–22)."""
    first, last = check_window(d.get("day_from"), d.get("day_to"))
    return {"day_from": first, "day_to": last}


def evolve_plan_window(state: PlanState, ev: BookEvent) -> PlanState:
    return replace(state, window=(int(ev.data.get("day_from", 1)), int(ev.data.get("day_to", 1))))


def _month_number(value: Any, item: str = "month") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise DomainError("error.month_invalid", value=f"{value} ({item})")
    return value


def decide_plan_month(state: PlanState, d: Mapping[str, Any]) -> Data:
    """One month's own window (and a note: "after Tết"), instead of the year's."""
    month = _month_number(d.get("month"))
    first, last = check_window(d.get("day_from"), d.get("day_to"), month)
    return {"month": month, "day_from": first, "day_to": last, "note": checks.text(d, "note")}


def evolve_plan_month(state: PlanState, ev: BookEvent) -> PlanState:
    d = ev.data
    months = dict(state.months)
    months[int(d.get("month", 0))] = PlanMonth(
        int(d.get("day_from", 1)), int(d.get("day_to", 1)), str(d.get("note", ""))
    )
    return replace(state, months=months)


def decide_plan_topic(state: PlanState, d: Mapping[str, Any]) -> Data:
    """A thematic topic of a quarter, its presenter and the main points of its report."""
    quarter = d.get("quarter")
    if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
        raise DomainError("error.plan_quarter_invalid", value=str(quarter))
    month = d.get("month", 0) or 0
    if month:
        month = _month_number(month)
        if quarter_of(month) != quarter:
            raise DomainError("error.plan_month_not_in_quarter", month=month, quarter=quarter)
    if len(state.live_topics(quarter)) >= MAX_TOPICS:
        raise DomainError("error.plan_too_many_topics", quarter=quarter, max=MAX_TOPICS)
    presenter = checks.text(d, "presenter")
    return {
        "quarter": quarter,
        "month": month,
        "title": checks.text(d, "title", required=True),
        "presenter": presenter,
        "presenter_name": checks.text(d, "presenter_name") if presenter else "",
        "outline": checks.long_text(d, "outline"),
    }


def evolve_plan_topic(state: PlanState, ev: BookEvent) -> PlanState:
    d = ev.data
    topic = Topic(
        id=f"c{state.next_topic}",
        quarter=int(d.get("quarter", 1)),
        month=int(d.get("month", 0) or 0),
        title=str(d.get("title", "")),
        presenter=str(d.get("presenter", "")),
        presenter_name=str(d.get("presenter_name", "")),
        outline=str(d.get("outline", "")),
    )
    return replace(state, topics=(*state.topics, topic), next_topic=state.next_topic + 1)


def decide_plan_topic_removed(state: PlanState, d: Mapping[str, Any]) -> Data:
    tid = checks.text(d, "topic", required=True)
    if not any(t.id == tid and not t.removed for t in state.topics):
        raise DomainError("error.plan_topic_unknown", topic=tid)
    return {"topic": tid, "reason": checks.text(d, "reason")}


def evolve_plan_topic_removed(state: PlanState, ev: BookEvent) -> PlanState:
    tid, reason = str(ev.data.get("topic", "")), str(ev.data.get("reason", "")) or "-"
    return replace(
        state, topics=tuple(replace(t, removed=reason) if t.id == tid else t for t in state.topics)
    )


def decide_packet_sent(state: PlanState, d: Mapping[str, Any]) -> Data:
    """The packet of a meeting went out (posted on Sổ tay đảng viên điện tử, sent to the upper
    committee): how many hours before the meeting's start, and whether that was under a day,
    are worked out now and stored."""
    meeting = checks.text(d, "meeting", required=True)
    try:
        start = from_iso(checks.text(d, "start", required=True))
        sent = from_iso(checks.text(d, "sent_at", required=True))
    except ValueError:
        raise DomainError("error.packet_time_invalid", meeting=meeting) from None
    files = d.get("files", [])
    if not isinstance(files, list | tuple) or not all(isinstance(f, str) for f in files):
        raise DomainError("error.packet_files_invalid")
    hours = round((start - sent).total_seconds() / 3600, 2)
    return {
        "meeting": meeting,
        "title": checks.text(d, "title"),
        "start": to_iso(start),
        "sent_at": to_iso(sent),
        "to": checks.text(d, "to"),
        "files": [checks.text({"f": f}, "f") for f in files],
        "hours_ahead": hours,
        "late": hours < PACKET_HOURS,
    }


def evolve_packet_sent(state: PlanState, ev: BookEvent) -> PlanState:
    d = ev.data
    packet = Packet(
        meeting=str(d.get("meeting", "")),
        title=str(d.get("title", "")),
        start=from_iso(str(d.get("start"))),
        sent_at=from_iso(str(d.get("sent_at"))),
        to=str(d.get("to", "")),
        files=tuple(str(f) for f in d.get("files", ())),
        hours_ahead=float(d.get("hours_ahead", 0)),
        late=bool(d.get("late", False)),
    )
    packets = dict(state.packets)
    packets[packet.meeting] = (*packets.get(packet.meeting, ()), packet)
    return replace(state, packets=packets)


class PlanKind(BookKind):
    PLAN_WINDOW = "plan_window", {"day_from": F.INT, "day_to": F.INT}
    PLAN_MONTH = "plan_month", {"month": F.INT, "day_from": F.INT, "day_to": F.INT, "note": F.TEXT}
    PLAN_TOPIC = "plan_topic", {
        "quarter": F.INT, "month": F.INT, "title": F.TEXT, "presenter": F.TEXT, "presenter_name": F.TEXT,
        "outline": F.LONG,
    }  # fmt: skip
    PLAN_TOPIC_REMOVED = "plan_topic_removed", {"topic": F.TEXT, "reason": F.TEXT}
    PACKET_SENT = "packet_sent", {
        "meeting": F.TEXT, "title": F.TEXT, "start": F.TEXT, "sent_at": F.TEXT, "to": F.TEXT, "files": F.LIST,
        "hours_ahead": F.NUMBER, "late": F.BOOL,
    }  # fmt: skip


K = PlanKind
PLAN_BOOK: Book[PlanState] = Book(
    name="plan",
    schema=1,
    kinds=PlanKind,
    handlers={
        K.PLAN_WINDOW: (decide_plan_window, evolve_plan_window),
        K.PLAN_MONTH: (decide_plan_month, evolve_plan_month),
        K.PLAN_TOPIC: (decide_plan_topic, evolve_plan_topic),
        K.PLAN_TOPIC_REMOVED: (decide_plan_topic_removed, evolve_plan_topic_removed),
        K.PACKET_SENT: (decide_packet_sent, evolve_packet_sent),
    },
    empty=PlanState,
)


# -- the plan against the record ----------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedMeeting:
    """A meeting of the cell as the plan sees it (from the meeting index, and the grade)."""

    id: str
    type: MeetingType
    date: str
    title: str
    status: str  # planned, running, ended
    grade: str = ""
    thematic: bool = False  # a thematic meeting, or a regular one holding a thematic topic


@dataclass(frozen=True)
class MonthPlan:
    month: int
    first: date  # the window's first and last day in that month
    last: date
    note: str
    regular: tuple[PlannedMeeting, ...]  # the month's regular meetings (planned or held)
    topics: tuple[Topic, ...]  # topics planned in this month (or in the quarter, on its first month)

    @property
    def held(self) -> PlannedMeeting | None:
        ended = [m for m in self.regular if m.status == "ended"]
        return ended[-1] if ended else None


@dataclass(frozen=True)
class YearPlan:
    year: int
    window: tuple[int, int]
    months: tuple[MonthPlan, ...]
    topics: Mapping[int, tuple[Topic, ...]]  # quarter -> topics
    thematic: Mapping[int, tuple[PlannedMeeting, ...]]  # quarter -> thematic meetings (any status)


def window_dates(year: int, month: int, window: tuple[int, int]) -> tuple[date, date]:
    """The window's days in a month; a day past the month's end is its last day (31 in April: 30)."""
    end = calendar.monthrange(year, month)[1]
    return date(year, month, min(window[0], end)), date(year, month, min(window[1], end))


def year_plan(
    state: PlanState, year: int, default_window: tuple[int, int], meetings: Sequence[PlannedMeeting]
) -> YearPlan:
    window = state.window or default_window
    months = []
    for month in range(1, 13):
        own = state.months.get(month)
        span = (own.day_from, own.day_to) if own else window
        first, last = window_dates(year, month, span)
        prefix = f"{year:04d}-{month:02d}"
        regular = tuple(m for m in meetings if m.type is MeetingType.REGULAR and m.date.startswith(prefix))
        quarter = quarter_of(month)
        topics = tuple(
            t
            for t in state.live_topics(quarter)
            if t.month == month or (not t.month and month == quarter_months(quarter)[0])
        )
        months.append(MonthPlan(month, first, last, own.note if own else "", regular, topics))
    thematic = {
        q: tuple(
            m
            for m in meetings
            if m.thematic and quarter_of(int(m.date[5:7])) == q and m.date[:4] == f"{year:04d}"
        )
        for q in range(1, 5)
    }
    return YearPlan(
        year, window, tuple(months), {q: tuple(state.live_topics(q)) for q in range(1, 5)}, thematic
    )


@dataclass(frozen=True)
class HomeNote:
    key: str  # catalog key
    params: Mapping[str, Any] = field(default_factory=dict)
    warning: bool = False


QUARTER_WARN_DAYS = 20  # warn this many days before a quarter ends without its thematic meeting
MONTH_WARN_DAYS = 3  # and this many days before the window opens without the month's meeting


def home_notes(plan: YearPlan, today: str, since: str = "") -> list[HomeNote]:
    """What the home screen says about the plan: the next regular meeting due (or scheduled),
    and warnings: a month past without its regular meeting, this month's window near with no
    meeting scheduled, a quarter ending without its thematic meeting.

    ``since`` (ISO) is the first meeting the cell recorded: months before it are not warned
    about (a cell that starts using the app in August did not miss January)."""
    day = date.fromisoformat(today)
    notes: list[HomeNote] = []
    if day.year != plan.year:
        return notes
    this = plan.months[day.month - 1]
    nxt = this
    if this.held is not None or day > this.last:
        nxt = plan.months[day.month] if day.month < 12 else None  # type: ignore[assignment]
    if nxt is not None:
        scheduled = [m for m in nxt.regular if m.status != "ended"]
        if scheduled:
            notes.append(
                HomeNote(
                    "plan.home_next_scheduled", {"date": short_date(scheduled[0].date), "month": nxt.month}
                )
            )
        else:
            notes.append(
                HomeNote(
                    "plan.home_next_due", {"month": nxt.month, "first": _dm(nxt.first), "last": _dm(nxt.last)}
                )
            )
    start = since[:7] if since else ""
    missed = [
        m.month
        for m in plan.months[: day.month - 1]
        if m.held is None and f"{plan.year:04d}-{m.month:02d}" >= start
    ]
    if this.held is None and day > this.last:
        missed.append(this.month)
    if missed:
        notes.append(
            HomeNote("plan.home_month_missed", {"months": ", ".join(map(str, missed))}, warning=True)
        )
    if (
        this.held is None
        and not this.regular
        and this.first - timedelta(days=MONTH_WARN_DAYS) <= day <= this.last
    ):
        notes.append(
            HomeNote(
                "plan.home_month_unscheduled", {"month": this.month, "first": _dm(this.first)}, warning=True
            )
        )
    quarter = quarter_of(day.month)
    end = date(
        day.year, quarter_months(quarter)[2], calendar.monthrange(day.year, quarter_months(quarter)[2])[1]
    )
    held = [m for m in plan.thematic.get(quarter, ()) if m.status == "ended"]
    if not held and (end - day).days <= QUARTER_WARN_DAYS:
        planned = [m for m in plan.thematic.get(quarter, ()) if m.status != "ended"]
        key = "plan.home_quarter_planned" if planned else "plan.home_quarter_missing"
        notes.append(HomeNote(key, {"quarter": quarter, "end": _dm(end)}, warning=not planned))
    return notes


def _dm(day: date) -> str:
    return day_month(day.isoformat())
