"""Reports upward: the month's report of a cell to its upper committee (báo cáo kết quả sinh
hoạt chi bộ tháng …) in the Party format, and the summary a đảng ủy makes of the archives its
cells send (a row per cell per month: held, length, attendance, grade)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.agenda import MeetingType
from ..domain.attendance import counts_now
from ..domain.dates import local, short_date
from ..domain.money import money
from ..domain.people import Cell, Member
from ..domain.plan import Packet
from ..domain.rules import percent_text
from ..domain.state import MeetingState
from ..domain.text import GAP
from .cell_docs import cell_header, numbered, secretary, signed
from .common import counts
from .csv_out import csv_text
from .model import Document, Heading, Para, Span, Subtitle, Table, Title
from .vn import clock_text, number_text, upper_committee, with_prefix


@dataclass(frozen=True)
class ReportFacts:
    """What the month's report says, gathered by the service (``queries.books.month_report``)."""

    year: int
    month: int
    regular: MeetingState | None
    others: tuple[MeetingState, ...]
    packet: Packet | None
    tasks_reviewed: int
    tasks_done: int
    collected: int | None  # None: the cell keeps no dues book
    members_due: int
    remitted: int | None  # None: not remitted
    remitted_on: str
    unpaid_names: tuple[str, ...]


def _length(state: MeetingState) -> int:
    return round(state.elapsed(state.ended_at) / 60) if state.ended_at is not None else 0


def build_month_report(cell: Cell, members: Sequence[Member], facts: ReportFacts, made_on: str) -> Document:
    month, year = facts.month, facts.year
    doc = Document(kind="report", title=f"Báo cáo kết quả sinh hoạt chi bộ tháng {month} năm {year}")
    doc.add(cell_header(doc, cell, numbered(doc, "BC"), made_on))
    doc.add(
        Title("BÁO CÁO"), Subtitle((Span(f"kết quả sinh hoạt chi bộ tháng {month} năm {year}", bold=True),))
    )
    name = with_prefix(cell.name, "Chi bộ")
    doc.add(Heading("1. Tổ chức sinh hoạt"))
    state = facts.regular
    if state is None or state.ended_at is None:
        doc.warn("warn.report_not_held", month=f"{month}/{year}")
        text = f"Trong tháng {month}/{year}, {name} chưa tổ chức sinh hoạt định kỳ."
        if state is not None:
            text += f" Buổi sinh hoạt đã lên lịch ngày {short_date(state.date)}."
        doc.add(Para((Span(text),)))
    else:
        c = counts(state)
        minutes = _length(state)
        rate = percent_text(counts_now(state).rate * 100)
        started = clock_text(state.started_at, cell)
        doc.add(
            Para(
                (
                    Span(
                        f"{name} sinh hoạt định kỳ ngày {short_date(state.date)}, bắt đầu lúc {started}, "
                        f"thời lượng {minutes} phút (tối thiểu {state.min_minutes} phút)."
                    ),
                ),
                label="-",
            )
        )
        doc.add(
            Para(
                (
                    Span(
                        f"Tổng số đảng viên {c.total}; có mặt {c.present} (tỷ lệ {rate}%); vắng có lý do {c.excused}, "
                        f"không lý do {c.unexcused}."
                    ),
                ),
                label="-",
            )
        )
        if minutes < state.min_minutes:
            doc.warn("warn.report_short", minutes=minutes, minimum=state.min_minutes)
    for other in facts.others:
        kind = "chuyên đề" if other.type is MeetingType.THEMATIC else "bất thường"
        title = f": {other.title}" if other.title else ""
        doc.add(Para((Span(f"Sinh hoạt {kind} ngày {short_date(other.date)}{title}."),), label="-"))
    packet = facts.packet
    if packet is not None:
        sent = local(packet.sent_at, cell.utc_offset_hours)
        when = f"{sent.hour} giờ {sent.minute:02d} ngày {short_date(sent.date().isoformat())}"
        ahead = (
            "trước ít nhất một ngày"
            if not packet.late
            else f"chỉ trước {number_text(packet.hours_ahead)} giờ"
        )
        doc.add(
            Para(
                (Span(f"Thông báo và tài liệu gửi lúc {when}, {ahead} (Hướng dẫn 42-HD/BTCTW)."),), label="-"
            )
        )
    elif state is not None:
        doc.add(
            Para(
                (Span("Chưa ghi nhận việc gửi thông báo, tài liệu lên Sổ tay đảng viên điện tử."),), label="-"
            )
        )
    doc.add(Heading("2. Chất lượng sinh hoạt"))
    score = state.score if state is not None else None
    if score is None or not score.grade:
        doc.add(Para((Span(f"Chưa chấm điểm chất lượng buổi sinh hoạt ({GAP})."),)))
    else:
        doc.add(Para((Span(f"Chi bộ tự chấm {number_text(score.total)} điểm, xếp loại {score.grade}."),)))
    doc.add(Heading("3. Thực hiện nhiệm vụ"))
    if facts.tasks_reviewed:
        share = percent_text(100 * facts.tasks_done / facts.tasks_reviewed)
        doc.add(
            Para(
                (
                    Span(
                        f"Đánh giá {facts.tasks_reviewed} nhiệm vụ theo nghị quyết tháng trước: hoàn thành "
                        f"{facts.tasks_done} ({share}%)."
                    ),
                )
            )
        )
    else:
        doc.add(Para((Span("Chưa có kết quả nhiệm vụ tháng trước được đánh giá trong tháng."),)))
    doc.add(Heading("4. Đảng phí"))
    if facts.collected is None:
        doc.add(Para((Span(f"Chi bộ chưa theo dõi đảng phí trên meetingtui ({GAP})."),)))
    else:
        text = f"Thu đảng phí tháng {month}: {money(facts.collected)} của {facts.members_due} đảng viên phải đóng"
        if facts.remitted is not None:
            text += f"; đã nộp {upper_committee(cell)} {money(facts.remitted)} ngày {short_date(facts.remitted_on)}."
        else:
            text += "; chưa nộp lên cấp trên."
        doc.add(Para((Span(text),)))
        if facts.unpaid_names:
            doc.add(
                Para(
                    (
                        Span(
                            "Đảng viên chưa đóng: "
                            + ", ".join(f"đồng chí {n}" for n in facts.unpaid_names)
                            + "."
                        ),
                    )
                )
            )
    doc.add(Heading("5. Đề xuất, kiến nghị"))
    doc.add(Para((Span(GAP),)))
    doc.add(
        signed(
            doc,
            cell,
            secretary(members),
            recipients=[f"{upper_committee(cell)} (để báo cáo),", "Lưu chi bộ."],
        )
    )
    return doc


# -- the đảng ủy's summary of its cells' archives ----------------------------------------------------------
@dataclass(frozen=True)
class ArchiveRow:
    cell: str
    month: str  # "YYYY-MM"
    meeting: str  # the archived regular meeting's id, "" when none was sent for the month
    held: bool
    minutes: int
    attendance: str  # "92,3%"
    grade: str


SUMMARY_HEADER = ("Chi bộ", "Tháng", "Đã họp", "Thời lượng (phút)", "Tỷ lệ dự họp", "Xếp loại")


def _cells(row: ArchiveRow) -> tuple[str, ...]:
    return (
        row.cell,
        f"{int(row.month[5:])}/{row.month[:4]}",
        "có" if row.held else "không",
        str(row.minutes) if row.held else GAP,
        row.attendance if row.held else GAP,
        row.grade or GAP,
    )


def build_archives_summary(rows: Sequence[ArchiveRow], files: int) -> Document:
    doc = Document(kind="archives", title="Tổng hợp sinh hoạt chi bộ")
    doc.add(Title("TỔNG HỢP SINH HOẠT CHI BỘ"))
    cells = sorted({r.cell for r in rows})
    months = sorted({r.month for r in rows})
    span = f"từ tháng {short_month(months[0])} đến tháng {short_month(months[-1])}" if months else GAP
    doc.add(Subtitle((Span(f"{len(cells)} chi bộ, {span}", bold=True),)))
    doc.add(Para((Span(f"Tổng hợp từ {files} bản lưu trữ buổi sinh hoạt các chi bộ gửi lên."),)))
    doc.add(
        Table(
            SUMMARY_HEADER,
            tuple(_cells(r) for r in rows),
            widths=(52, 20, 16, 24, 24, 24),
            align=("left", "center", "center", "right", "right", "left"),
        )
    )
    not_held = [r for r in rows if not r.held]
    if not_held:
        doc.add(Heading("Chi bộ chưa sinh hoạt định kỳ (hoặc chưa gửi bản lưu trữ)"))
        for r in not_held:
            doc.add(Para((Span(f"{r.cell}: tháng {short_month(r.month)}."),), label="-"))
    return doc


def short_month(month: str) -> str:
    return f"{int(month[5:])}/{month[:4]}"


def archives_csv(rows: Sequence[ArchiveRow]) -> str:
    return csv_text(
        ["chi_bo", "thang", "buoi_sinh_hoat", "da_hop", "thoi_luong_phut", "ty_le_du_hop", "xep_loai"],
        ([r.cell, r.month, r.meeting, int(r.held), r.minutes, r.attendance, r.grade] for r in rows),
    )
