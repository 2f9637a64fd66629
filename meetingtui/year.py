"""The cell's year (DOMAIN §9): monthly meetings, the quarter's thematic meetings, members
flagged by the attendance ledger, tasks done, study write-ups. Markdown and CSV. No Textual.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from .domain.agenda import MeetingType
from .domain.attendance import counts_now, final_presence
from .domain.meeting import MeetingState
from .domain.record import spoken_members
from .domain.rules import percent_text
from .domain.scoring import score_of
from .reports import cell_meetings, ledger, participation
from .store.repo import Repository
from .tasks import tracked_tasks

GAP = "…"


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


def _month_row(month: int, state: MeetingState | None) -> MonthRow:
    if state is None:
        return MonthRow(month, "", "", False, 0, GAP, 0, GAP)
    end = state.ended_at
    held = end is not None
    counts = counts_now(state)
    score = score_of(state)
    return MonthRow(
        month=month,
        meeting=state.id,
        date=state.date,
        held=held,
        minutes=round(state.elapsed(end) / 60) if end is not None else 0,
        attendance=percent_text(counts.rate * 100) + "%" if state.attendance else GAP,
        speakers=len(spoken_members(state)),
        grade=score.grade if score and score.grade else GAP,
    )


def year_summary(repo: Repository, year: int) -> Year:
    states = cell_meetings(repo, year)
    result = Year(year=year, cell=repo.cell().name)
    for month in range(1, 13):
        regular = [s for s in states if s.type is MeetingType.REGULAR and int(s.date[5:7]) == month]
        ended = [s for s in regular if s.ended_at is not None]
        held = ended or regular
        result.months.append(_month_row(month, held[-1] if held else None))
    for state in states:
        if state.type is MeetingType.THEMATIC:
            quarter = (int(state.date[5:7]) - 1) // 3 + 1
            result.thematic.setdefault(quarter, []).append((state.date, state.title))
    names = {m.id: m.name for m in repo.members()}
    spoken = participation(states)
    attended: dict[str, int] = {}
    for state in states:
        for member_id, presence in final_presence(state).items():
            if presence == "present":
                attended[member_id] = attended.get(member_id, 0) + 1
    for member in repo.members():
        if member.active or member.id in spoken:
            times, seconds = spoken.get(member.id, (0, 0.0))
            result.speaking.append((member.name, attended.get(member.id, 0), times, round(seconds / 60)))
    result.speaking.sort(key=lambda row: (-row[2], -row[3], row[0]))
    for member_id, row in sorted(ledger(repo, year).items(), key=lambda kv: names.get(kv[0], kv[0])):
        if row.warnings:
            result.flagged.append(
                (names.get(member_id, member_id), "; ".join(_LEDGER_VI[w] for w in row.warnings))
            )
    for tracked in tracked_tasks(repo):
        if not tracked.meeting_date.startswith(f"{year:04d}-"):
            continue
        result.tasks_total += 1
        if tracked.review is None:
            result.tasks_open += 1
        elif tracked.review.status == "done":
            result.tasks_done += 1
            # on time: reported done at (or before) the meeting it was to report back to
            reported = tracked.reviewed_in[:7]
            if not tracked.task.report_at or reported <= tracked.task.report_at:
                result.tasks_on_time += 1
    active = [m for m in repo.members() if m.active]
    for study in repo.studies():
        if not study.deadline.startswith(f"{year:04d}-"):
            continue
        missing = tuple(m.name for m in active if m.id not in study.submitted)
        result.studies.append(
            StudyRow(study.title, study.deadline, len(study.submitted), len(active), missing)
        )
    return result


def _vi_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else GAP


def to_markdown(y: Year) -> str:
    out = [f"# {y.cell} — năm {y.year}", "", "## Sinh hoạt định kỳ hằng tháng", ""]
    out += ["| Tháng | Ngày | Đã họp | Thời lượng (phút) | Tỷ lệ dự họp | Số người phát biểu | Xếp loại |"]
    out += ["|---|---|---|---|---|---|---|"]
    for r in y.months:
        out.append(
            f"| {r.month} | {_vi_date(r.date)} | {'có' if r.held else 'chưa'} | {r.minutes or GAP} | "
            f"{r.attendance} | {r.speakers if r.meeting else GAP} | {r.grade} |"
        )
    out += ["", "## Sinh hoạt chuyên đề theo quý", ""]
    for quarter in range(1, 5):
        items = y.thematic.get(quarter, [])
        listed = "; ".join(f"{_vi_date(d)}: {_md(t)}" for d, t in items) if items else "chưa tổ chức"
        out.append(f"- Quý {quarter}: {listed}")
    out += ["", "## Đảng viên cần lưu ý về dự sinh hoạt", ""]
    out += [f"- {_md(name)}: {why}" for name, why in y.flagged] or ["- Không có."]
    out += ["", "## Thực hiện nhiệm vụ", ""]
    out.append(
        f"- {y.tasks_on_time}/{y.tasks_total} nhiệm vụ hoàn thành đúng hạn ({y.on_time_share}); "
        f"{y.tasks_done} đã hoàn thành ({y.tasks_share}); {y.tasks_open} nhiệm vụ chưa báo cáo kết quả."
    )
    out += ["", "## Phát biểu trong năm", ""]
    out += ["| Đảng viên | Số kỳ dự | Số lần phát biểu | Số phút |", "|---|---|---|---|"]
    out += [f"| {_md(name)} | {att} | {times} | {mins} |" for name, att, times, mins in y.speaking]
    out += ["", "## Viết bài thu hoạch", ""]
    for s in y.studies:
        line = f"- {_md(s.title)} (hạn {_vi_date(s.deadline)}): {s.submitted}/{s.expected} đã nộp"
        if s.missing:
            line += "; chưa nộp: " + ", ".join(_md(n) for n in s.missing)
        out.append(line)
    if not y.studies:
        out.append("- Không có đợt học tập nào có hạn nộp trong năm.")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """User text inside a Markdown table or list: characters that would change the structure escaped."""
    return "".join("\\" + ch if ch in "\\`*_[]|<>#" else ch for ch in text).replace("\n", " ")


CSV_HEADER = [
    "muc",  # section: thang, chuyen_de, luu_y, nhiem_vu, thu_hoach, phat_bieu
    "thang_quy",
    "ngay",
    "noi_dung",
    "da_hop",
    "thoi_luong_phut",
    "ty_le_du_hop",
    "so_nguoi_phat_bieu",
    "xep_loai",
]


def to_csv(y: Year) -> str:
    """One table for a spreadsheet: the first column says which section a row belongs to."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_HEADER)
    for r in y.months:
        w.writerow(
            ["thang", r.month, r.date, r.meeting, int(r.held), r.minutes, r.attendance, r.speakers, r.grade]
        )
    for quarter in range(1, 5):
        for day, title in y.thematic.get(quarter, []):
            w.writerow(["chuyen_de", quarter, day, title, 1, "", "", "", ""])
    for name, why in y.flagged:
        w.writerow(["luu_y", "", "", f"{name}: {why}", "", "", "", "", ""])
    w.writerow(
        [
            "nhiem_vu",
            "",
            "",
            f"{y.tasks_done}/{y.tasks_total} hoàn thành ({y.tasks_share})",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    for st in y.studies:
        w.writerow(
            [
                "thu_hoach",
                "",
                st.deadline,
                f"{st.title}: {st.submitted}/{st.expected} đã nộp",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    return buf.getvalue()
