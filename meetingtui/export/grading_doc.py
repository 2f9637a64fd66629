"""The members' review as documents: the cell's summary table (bảng tổng hợp kết quả đánh giá,
xếp loại đảng viên) in the Party format, each member's sheet with the evidence in Markdown,
and a CSV with every line for a spreadsheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.grading import COMMENDATION_TITLES_VI, Commendation, Evidence, MemberReview, period_text
from ..domain.people import CATEGORY_TITLES_VI, ROLE_TITLES_VI, Cell, Member
from ..domain.rules import percent_text
from ..domain.scoring import Sheet
from ..domain.text import GAP
from .cell_docs import cell_header, secretary, signed
from .csv_out import csv_text
from .model import Document, Heading, Para, Span, Subtitle, Table, Title
from .vn import capital, number_text


@dataclass(frozen=True)
class SummaryRow:
    """A member's line, as the documents need it (built by the service from the review)."""

    member: Member
    evidence: Evidence
    review: MemberReview | None
    total: float
    grade: str
    confirmed: bool


def evidence_text(e: Evidence) -> str:
    """The record behind a member's review, in one sentence."""
    parts = [
        f"dự {e.attended}/{e.meetings} kỳ sinh hoạt (vắng có lý do {e.excused}, không lý do {e.unexcused})"
    ]
    parts.append(
        f"nhiệm vụ đến hạn {e.tasks}: đúng hạn {e.tasks_on_time}, chậm {e.tasks_late}, quá hạn {e.tasks_overdue}"
    )
    parts.append(f"bị phê bình {e.criticised}, nhắc nhở {e.reminded}; được biểu dương {e.commended}")
    parts.append(f"phát biểu {e.spoke} lần; tự phê bình {e.self_criticisms}")
    if e.write_ups_due:
        parts.append(f"bài thu hoạch {e.write_ups_done}/{e.write_ups_due}")
    parts.append(f"đảng phí chưa đóng {e.dues_unpaid} tháng" if e.dues_known else "chưa có sổ đảng phí")
    if e.chosen:
        parts.append(f"được chi bộ bình chọn {e.chosen} lần")
    return capital("; ".join(parts)) + "."


def _state(row: SummaryRow) -> str:
    if row.review is None:
        return "dự kiến từ hồ sơ, chưa đề xuất"
    return "đã xác nhận" if row.confirmed else "chưa xác nhận hết"


def _role(member: Member) -> str:
    return ROLE_TITLES_VI[member.role] if member.role else CATEGORY_TITLES_VI[member.category]


def build_review_summary(
    cell: Cell,
    members: Sequence[Member],
    period: str,
    sheet: Sheet,
    rows: Sequence[SummaryRow],
    not_graded: Sequence[Member],
    commendations: Sequence[Commendation],
    made_on: str,
    *,
    detail: bool = False,
) -> Document:
    """The summary table in the Party format; with ``detail`` (Markdown) each member's sheet."""
    when = period_text(period)
    doc = Document(kind="review", title=f"Tổng hợp xếp loại đảng viên {when}")
    doc.add(cell_header(doc, cell, "", made_on))
    doc.add(
        Title("BẢNG TỔNG HỢP"),
        Subtitle((Span(f"kết quả đánh giá, xếp loại đảng viên {when}", bold=True),)),
    )
    doc.add(Para((Span(f"Theo {sheet.title.lower()}; {sheet.source or 'Quy định 366-QĐ/TW'}."),)))
    table_rows = []
    pending = 0
    for n, row in enumerate(rows, start=1):
        notes = []
        if not row.confirmed:
            pending += 1
            notes.append(_state(row))
        chosen = [c for c in commendations if c.target == row.member.id]
        notes += [
            f"{COMMENDATION_TITLES_VI.get(c.kind, c.kind).lower()} ({c.votes_for}/{c.denominator})"
            for c in chosen
        ]
        table_rows.append(
            (str(n), row.member.name, _role(row.member), number_text(row.total), row.grade, "; ".join(notes))
        )
    if pending:
        doc.warn("warn.review_not_confirmed", n=pending)
    doc.add(
        Table(
            ("STT", "Họ và tên", "Chức vụ", "Tổng điểm", "Mức xếp loại", "Ghi chú"),
            tuple(table_rows),
            widths=(12, 42, 26, 16, 36, 28),
            align=("center", "left", "left", "center", "left", "left"),
        )
    )
    doc.add(Heading("TỔNG HỢP"))
    graded = len(rows)
    doc.add(Para((Span(f"Tổng số đảng viên được đánh giá, xếp loại: {graded} đồng chí."),), label="-"))
    for name, _minimum in sheet.grades:
        count = sum(1 for r in rows if r.grade == name)
        share = percent_text(100 * count / graded) + "%" if graded else GAP
        doc.add(Para((Span(f"{name}: {count} đồng chí ({share})."),), label="-"))
    if not_graded:
        names = ", ".join(f"đồng chí {m.name} ({CATEGORY_TITLES_VI[m.category].lower()})" for m in not_graded)
        doc.add(Para((Span(f"Không đánh giá, xếp loại: {names}."),), label="-"))
    groups = [c for c in commendations if c.target.startswith("group:")]
    chosen_all = [c for c in commendations if not c.withdrawn]
    if chosen_all:
        doc.add(Heading("CHI BỘ BÌNH CHỌN, BIỂU DƯƠNG"))
        for c in chosen_all:
            who = c.target_name if c in groups else f"đồng chí {c.target_name}"
            doc.add(
                Para(
                    (
                        Span(
                            f"{COMMENDATION_TITLES_VI.get(c.kind, c.kind)} {who}"
                            f" ({c.votes_for}/{c.denominator} đồng chí tán thành)."
                        ),
                    ),
                    label="-",
                )
            )
    if detail:
        _details(doc, sheet, rows)
    doc.add(signed(doc, cell, secretary(members)))
    return doc


def _details(doc: Document, sheet: Sheet, rows: Sequence[SummaryRow]) -> None:
    doc.add(Heading("PHIẾU CỦA TỪNG ĐẢNG VIÊN"))
    for n, row in enumerate(rows, start=1):
        doc.add(
            Para(
                (
                    Span(
                        f"{row.member.name} — {number_text(row.total)} điểm, {row.grade} ({_state(row)})",
                        bold=True,
                    ),
                ),
                label=f"{n}.",
            )
        )
        doc.add(Para((Span(evidence_text(row.evidence)),), level=1))
        if row.review is None:
            continue
        for line in row.review.lines:
            mark = "" if line.confirmed else " (chưa xác nhận)"
            text = f"{line.title}: {number_text(line.points)}/{number_text(line.max)}{mark} — {line.reason}"
            doc.add(Para((Span(text),), label="-", level=1))


CSV_BASE = ["ma", "ho_ten", "chuc_vu", "ky_danh_gia"]
EVIDENCE_COLUMNS = [
    ("meetings", "so_ky"),
    ("attended", "du"),
    ("excused", "vang_co_ly_do"),
    ("unexcused", "vang_khong_ly_do"),
    ("tasks", "nhiem_vu"),
    ("tasks_on_time", "dung_han"),
    ("tasks_late", "cham"),
    ("tasks_overdue", "qua_han"),
    ("criticised", "bi_phe_binh"),
    ("reminded", "bi_nhac_nho"),
    ("commended", "duoc_bieu_duong"),
    ("self_criticisms", "tu_phe_binh"),
    ("spoke", "phat_bieu"),
    ("write_ups_done", "thu_hoach_nop"),
    ("write_ups_due", "thu_hoach_phai_nop"),
    ("dues_unpaid", "dang_phi_chua_dong"),
    ("chosen", "duoc_binh_chon"),
]


def review_csv(period: str, sheet: Sheet, rows: Sequence[SummaryRow]) -> str:
    """One row per member: the evidence, every line's points, the total, the grade."""
    lines = [line.key for line in sheet.lines]
    header = [*CSV_BASE, *(c for _, c in EVIDENCE_COLUMNS), *lines, "tong_diem", "xep_loai", "trang_thai"]
    out: list[list[object]] = []
    for row in rows:
        values: Mapping[str, Any] = row.evidence.to_dict()
        points = {ln.key: number_text(ln.points) for ln in row.review.lines} if row.review else {}
        out.append(
            [
                row.member.id,
                row.member.name,
                _role(row.member),
                period,
                *(values[key] for key, _ in EVIDENCE_COLUMNS),
                *(points.get(key, "") for key in lines),
                number_text(row.total),
                row.grade,
                _state(row),
            ]
        )
    return csv_text(header, out)
