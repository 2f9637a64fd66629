"""The cell's year (docs/DOMAIN.md, "Between meetings"): monthly meetings, the quarter's
thematic meetings, the extraordinary meetings with their matter, members flagged by the attendance ledger, tasks done, study write-ups.
Built from values the queries layer reads; ``export.year`` writes it as Markdown and CSV.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .agenda import MeetingType
from .ledger import participation
from .people import Member, Study
from .rules import LedgerRow, percent_text
from .state import MeetingState
from .summary import MeetingSummary, summaries
from .tasks import TrackedTask
from .text import GAP


@dataclass(frozen=True)
class MonthRow:
    month: int
    meeting: str  # id, "" when no regular meeting was held that month
    date: str
    held: bool
    minutes: int
    attendance: str  # "92,3%"
    speakers: int
    grade: str


@dataclass(frozen=True)
class StudyRow:
    title: str
    deadline: str
    submitted: int
    expected: int
    missing: tuple[str, ...]


@dataclass
class Year:
    year: int
    cell: str
    months: list[MonthRow] = field(default_factory=list)
    thematic: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # quarter -> (date, title)
    extraordinary: list[tuple[str, str]] = field(default_factory=list)  # (date, title: the matter)
    flagged: list[tuple[str, str]] = field(default_factory=list)  # (name, warning keys joined)
    tasks_total: int = 0
    tasks_done: int = 0
    tasks_open: int = 0
    studies: list[StudyRow] = field(default_factory=list)
    speaking: list[tuple[str, int, int, int]] = field(default_factory=list)  # name, attended, times, minutes
    tasks_on_time: int = 0

    @property
    def tasks_share(self) -> str:
        return percent_text(100 * self.tasks_done / self.tasks_total) + "%" if self.tasks_total else GAP

    @property
    def on_time_share(self) -> str:
        return percent_text(100 * self.tasks_on_time / self.tasks_total) + "%" if self.tasks_total else GAP


_LEDGER_VI = {
    "ledger.unexcused_2": "vắng không lý do 2 lần",
    "ledger.unexcused_3_removal": "vắng không lý do từ 3 lần (xem xét xóa tên)",
    "ledger.excused_run_3": "vắng có lý do 3 lần liên tiếp",
}


def _month_row(month: int, meeting: MeetingSummary | None) -> MonthRow:
    if meeting is None:
        return MonthRow(month, "", "", False, 0, GAP, 0, GAP)
    rate = meeting.attendance_rate
    return MonthRow(
        month=month,
        meeting=meeting.id,
        date=meeting.date,
        held=meeting.ended,
        minutes=meeting.minutes,
        attendance=percent_text(rate * 100) + "%" if rate is not None else GAP,
        speakers=len(meeting.speaking),
        grade=meeting.grade or GAP,
    )


def year_summary(
    year: int,
    cell_name: str,
    states: Sequence[MeetingState | MeetingSummary],
    members: Sequence[Member],
    ledger: Mapping[str, LedgerRow],
    tracked: Iterable[TrackedTask],
    studies: Iterable[Study],
) -> Year:
    """The year from its cell meetings (``states``, oldest first), the roster, the attendance
    ledger of the year, every tracked task and every study campaign."""
    result = Year(year=year, cell=cell_name)
    meetings = summaries(states)
    for month in range(1, 13):
        regular = [s for s in meetings if s.type is MeetingType.REGULAR and int(s.date[5:7]) == month]
        ended = [s for s in regular if s.ended]
        held = ended or regular
        result.months.append(_month_row(month, held[-1] if held else None))
    for meeting in meetings:
        if meeting.type is MeetingType.THEMATIC:
            quarter = (int(meeting.date[5:7]) - 1) // 3 + 1
            result.thematic.setdefault(quarter, []).append((meeting.date, meeting.title))
        elif meeting.type is MeetingType.EXTRAORDINARY:
            result.extraordinary.append((meeting.date, meeting.title))
    names = {m.id: m.name for m in members}
    spoken = participation(meetings)
    attended: dict[str, int] = {}
    for meeting in meetings:
        for member_id in meeting.attended():
            attended[member_id] = attended.get(member_id, 0) + 1
    for member in members:
        if member.active or member.id in spoken:
            times, seconds = spoken.get(member.id, (0, 0.0))
            result.speaking.append((member.name, attended.get(member.id, 0), times, round(seconds / 60)))
    result.speaking.sort(key=lambda row: (-row[2], -row[3], row[0]))
    for member_id, row in sorted(ledger.items(), key=lambda kv: names.get(kv[0], kv[0])):
        if row.warnings:
            result.flagged.append(
                (names.get(member_id, member_id), "; ".join(_LEDGER_VI[w] for w in row.warnings))
            )
    for task in tracked:
        if not task.meeting_date.startswith(f"{year:04d}-"):
            continue
        result.tasks_total += 1
        if task.review is None:
            result.tasks_open += 1
        elif task.review.status == "done":
            result.tasks_done += 1
            # on time: reported done at (or before) the meeting it was to report back to
            reported = task.reviewed_in[:7]
            if not task.task.report_at or reported <= task.task.report_at:
                result.tasks_on_time += 1
    active = [m for m in members if m.active]
    for study in studies:
        if not study.deadline.startswith(f"{year:04d}-"):
            continue
        missing = tuple(m.name for m in active if m.id not in study.submitted)
        result.studies.append(
            StudyRow(study.title, study.deadline, len(study.submitted), len(active), missing)
        )
    return result
