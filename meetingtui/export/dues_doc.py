"""The Party dues as documents: the year's ledger (sổ theo dõi thu, nộp đảng phí), one month's
sheet with its remittance (bảng kê thu, nộp đảng phí tháng …), and a CSV for a spreadsheet.

Amounts are whole đồng written the Vietnamese way (``95.000 đ``)."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.dates import local, short_date
from ..domain.dues import (
    EXCUSED,
    EXEMPT_MONTH,
    NO_BASIS,
    NOT_KEPT,
    NOT_MEMBER,
    OPEN,
    PAID,
    SHORT,
    UNPAID,
    DuesLedger,
    MemberDues,
    unpaid_text,
)
from ..domain.money import grouped, money
from ..domain.people import Cell, Member
from .cell_docs import cell_header, secretary, signed
from .csv_out import csv_text
from .model import GAP, Document, Heading, Para, Span, Subtitle, Table, Title
from .vn import number_text, upper_committee

STATUS_VI = {
    PAID: "đã đóng",
    SHORT: "đóng thiếu",
    UNPAID: "chưa đóng",
    OPEN: "chưa đến hạn",
    EXCUSED: "chưa đóng, có lý do",
    EXEMPT_MONTH: "miễn",
    NOT_MEMBER: "",
    NOT_KEPT: "",
    NO_BASIS: "chưa có mức đóng",
}


def _months(months: Sequence[str]) -> str:
    """``1–8, 10`` (runs of months joined by a dash); ``—`` when there are none."""
    numbers = sorted(int(m[5:]) for m in months)
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs) or "—"


def _basis_text(ledger: DuesLedger, row: MemberDues) -> str:
    basis = row.basis
    if basis is None:
        return "chưa có mức đóng"
    rates = ledger.rates
    if basis.basis == "exempt":
        reason = rates.exemptions.get(basis.exempt, basis.exempt) if rates else basis.exempt
        return f"miễn: {reason[:1].lower()}{reason[1:]}"
    rule = rates.basis(basis.basis) if rates else None
    if rule is not None and rule.percent is not None:
        return f"{number_text(rule.percent)}% × {grouped(basis.base)}"
    if rule is not None and rule.fixed is not None:
        return rule.title
    return "mức chi bộ xác định"


def _notes(ledger: DuesLedger, row: MemberDues) -> str:
    notes = []
    for cell in row.months:
        if cell.status == EXEMPT_MONTH and cell.note == "party_age":
            notes.append(f"miễn từ tháng {int(cell.month[5:])} (tuổi đảng 50 năm)")
            break
    reduced = sorted({c.note for c in row.months if c.note.startswith("giảm")})
    notes += reduced
    excused = [c for c in row.months if c.status == EXCUSED]
    if excused:
        notes.append("có lý do: tháng " + _months([c.month for c in excused]))
    if row.flag == "removal":
        notes.append("đề nghị xem xét xóa tên")
    return "; ".join(notes)


def build_dues_year(cell: Cell, members: Sequence[Member], ledger: DuesLedger, made_on: str) -> Document:
    year = ledger.year
    doc = Document(kind="dues", title=f"Sổ theo dõi đảng phí năm {year}")
    doc.add(cell_header(doc, cell, "", made_on))
    doc.add(Title("SỔ THEO DÕI THU, NỘP ĐẢNG PHÍ"), Subtitle((Span(f"Năm {year}", bold=True),)))
    if ledger.rates is not None:
        doc.add(Para((Span(f"Căn cứ: {ledger.rates.title}."),)))
    doc.add(Heading("I. ĐẢNG PHÍ CỦA TỪNG ĐẢNG VIÊN"))
    rows = []
    for n, row in enumerate(ledger.members, start=1):
        paid = [c.month for c in row.months if c.status == PAID]
        rows.append(
            (
                str(n),
                row.name,
                _basis_text(ledger, row),
                grouped(row.monthly) if row.monthly is not None else GAP,
                _months(paid),
                _months(row.unpaid_months),
                grouped(row.paid_total),
                _notes(ledger, row),
            )
        )
    total = sum(r.paid_total for r in ledger.members)
    doc.add(
        Table(
            (
                "STT",
                "Họ và tên",
                "Căn cứ",
                "Mức/tháng (đ)",
                "Đã đóng (tháng)",
                "Chưa đóng (tháng)",
                "Đã đóng (đ)",
                "Ghi chú",
            ),
            tuple(rows),
            widths=(10, 36, 26, 18, 18, 16, 20, 16),
            align=("center", "left", "left", "right", "left", "left", "right", "left"),
            total=("", "Cộng", "", "", "", "", grouped(total), ""),
            size=11,
        )
    )
    doc.add(Heading("II. THU, NỘP THEO THÁNG"))
    month_rows = []
    for t in ledger.kept_months:
        sent = t.remittance
        month_rows.append(
            (
                f"{int(t.month[5:])}/{year}",
                grouped(t.expected),
                grouped(t.collected),
                grouped(t.kept),
                grouped(t.upward),
                f"{grouped(sent.amount)} ({short_date(sent.on)})" if sent else "—",
            )
        )
    sums = [
        sum(getattr(t, key) for t in ledger.months) for key in ("expected", "collected", "kept", "upward")
    ]
    remitted = sum(t.remittance.amount for t in ledger.months if t.remittance)
    keeps = number_text(ledger.rates.cell_keeps_percent) if ledger.rates else GAP
    doc.add(
        Table(
            (
                "Tháng",
                "Phải thu (đ)",
                "Đã thu (đ)",
                f"Chi bộ giữ lại {keeps}% (đ)",
                "Phải nộp cấp trên (đ)",
                "Đã nộp (đ, ngày)",
            ),
            tuple(month_rows),
            widths=(18, 26, 26, 28, 28, 34),
            align=("left", "right", "right", "right", "right", "right"),
            total=("Cộng", *(grouped(v) for v in sums), grouped(remitted)),
            size=11,
        )
    )
    doc.add(Heading("III. MIỄN, GIẢM ĐẢNG PHÍ"))
    lines = _exemptions(ledger)
    doc.add(*([Para((Span(line),), label="-") for line in lines] or [Para((Span("Không có."),))]))
    doc.add(Heading("IV. ĐẢNG VIÊN CHƯA ĐÓNG ĐẢNG PHÍ"))
    behind = [r for r in ledger.members if r.unpaid]
    if not behind:
        doc.add(Para((Span("Không có đảng viên nợ đảng phí."),)))
    rates = ledger.rates
    for row in behind:
        text = f"Đồng chí {row.name}: chưa đóng {unpaid_text(row)} ({row.unpaid} tháng)"
        if row.flag == "removal" and rates is not None:
            text += (
                f"; {rates.removal_unpaid_months} tháng trở lên trong năm không có lý do: chi bộ xem xét, "
                "đề nghị xóa tên (Quy định 01-QĐ/TW)"
            )
        doc.add(Para((Span(text + "."),), label="-"))
    doc.add(signed(doc, cell, secretary(members)))
    return doc


def _exemptions(ledger: DuesLedger) -> list[str]:
    rates = ledger.rates
    out = []
    for row in ledger.members:
        basis = row.basis
        if basis is not None and basis.basis == "exempt":
            reason = rates.exemptions.get(basis.exempt, basis.exempt) if rates else basis.exempt
            out.append(
                f"Đồng chí {row.name}: miễn từ tháng {int(basis.start[5:])}/{basis.start[:4]} ({reason.lower()})."
            )
        aged = [c for c in row.months if c.status == EXEMPT_MONTH and c.note == "party_age"]
        if aged and (basis is None or basis.basis != "exempt"):
            out.append(f"Đồng chí {row.name}: miễn từ tháng {int(aged[0].month[5:])} (tuổi đảng từ 50 năm).")
    for reduction in ledger.reductions:
        if reduction.withdrawn:
            continue
        out.append(
            f"Đồng chí {reduction.name}: giảm {reduction.percent}% từ tháng {int(reduction.start[5:])}/{reduction.start[:4]} "
            f"đến tháng {int(reduction.end[5:])}/{reduction.end[:4]} ({reduction.reason})."
        )
    return out


def build_dues_month(
    cell: Cell, members: Sequence[Member], ledger: DuesLedger, month: int, made_on: str
) -> Document:
    year = ledger.year
    key = f"{year:04d}-{month:02d}"
    doc = Document(kind="dues", title=f"Bảng kê thu, nộp đảng phí tháng {month} năm {year}")
    doc.add(cell_header(doc, cell, "", made_on))
    doc.add(Title("BẢNG KÊ THU, NỘP ĐẢNG PHÍ"), Subtitle((Span(f"Tháng {month} năm {year}", bold=True),)))
    rows = []
    n = 0
    for row in ledger.members:
        cell_m = row.months[month - 1]
        if cell_m.status in (NOT_MEMBER, NOT_KEPT):
            continue
        n += 1
        pay = cell_m.payment
        via = {"cash": "tiền mặt", "portal": "cổng dịch vụ công"}.get(pay.via, pay.via) if pay else ""
        note = STATUS_VI.get(cell_m.status, "")
        if cell_m.note and cell_m.status not in (EXEMPT_MONTH,):
            note += f" ({cell_m.note})"
        rows.append(
            (
                str(n),
                row.name,
                grouped(cell_m.due) if cell_m.due is not None else GAP,
                grouped(cell_m.paid) if pay else "",
                short_date(local(pay.at, cell.utc_offset_hours).date().isoformat()) if pay else "",
                via,
                note,
            )
        )
    t = ledger.months[month - 1]
    doc.add(
        Table(
            ("STT", "Họ và tên", "Phải đóng (đ)", "Đã đóng (đ)", "Ngày đóng", "Hình thức", "Ghi chú"),
            tuple(rows),
            widths=(10, 40, 20, 20, 22, 20, 28),
            align=("center", "left", "right", "right", "center", "left", "left"),
            total=("", "Cộng", grouped(t.expected), grouped(t.collected), "", "", ""),
            size=11,
        )
    )
    keeps = number_text(ledger.rates.cell_keeps_percent) if ledger.rates else GAP
    doc.add(
        Para(
            (
                Span(
                    f"Tổng số đã thu: {money(t.collected)}; chi bộ giữ lại {keeps}%: {money(t.kept)}; phải nộp {upper_committee(cell)}: {money(t.upward)}."
                ),
            )
        )
    )
    sent = t.remittance
    if sent is None:
        doc.warn("warn.dues_not_remitted", month=f"{month}/{year}")
        doc.add(Para((Span(f"Chưa nộp lên cấp trên (tháng {month}/{year})."),)))
    else:
        receipt = f", biên lai số {sent.receipt}" if sent.receipt else ""
        text = f"Đã nộp {money(sent.amount)} ngày {short_date(sent.on)}{receipt}."
        if sent.amount != sent.expected:
            text += f" (Số phải nộp khi ghi nhận: {money(sent.expected)}.)"
        doc.add(Para((Span(text),)))
    if key < ledger.today_month:
        behind = [r.name for r in ledger.members if r.months[month - 1].status in (UNPAID, SHORT)]
        if behind:
            doc.add(Para((Span("Chưa đóng: " + ", ".join(f"đồng chí {name}" for name in behind) + "."),)))
    doc.add(signed(doc, cell, secretary(members)))
    return doc


CSV_HEADER = [
    "ma",
    "ho_ten",
    "thang",
    "phai_dong",
    "da_dong",
    "trang_thai",
    "ngay_dong",
    "hinh_thuc",
    "ghi_chu",
]


def dues_csv(ledger: DuesLedger, month: int | None = None, utc_offset_hours: int = 7) -> str:
    """One row per member and month (amounts in đồng, as numbers), through ``csv_out``."""
    rows: list[list[object]] = []
    for row in ledger.members:
        for cell_m in row.months:
            if cell_m.status in (NOT_MEMBER, NOT_KEPT) or (
                month is not None and int(cell_m.month[5:]) != month
            ):
                continue
            pay = cell_m.payment
            rows.append(
                [
                    row.member,
                    row.name,
                    cell_m.month,
                    "" if cell_m.due is None else cell_m.due,
                    cell_m.paid if pay else "",
                    STATUS_VI.get(cell_m.status, cell_m.status),
                    local(pay.at, utc_offset_hours).date().isoformat() if pay else "",
                    pay.via if pay else "",
                    cell_m.note,
                ]
            )
    return csv_text(CSV_HEADER, rows)
