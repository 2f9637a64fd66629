"""The cell's year as Markdown and as one CSV table (``meetingtui year``, the year screen)."""

from __future__ import annotations

from ..domain.dates import short_date
from ..domain.text import GAP
from ..domain.year import Year
from .csv_out import csv_text
from .markdown import escape_cell


def to_markdown(y: Year) -> str:
    out = [f"# {y.cell} — năm {y.year}", "", "## Sinh hoạt định kỳ hằng tháng", ""]
    out += ["| Tháng | Ngày | Đã họp | Thời lượng (phút) | Tỷ lệ dự họp | Số người phát biểu | Xếp loại |"]
    out += ["|---|---|---|---|---|---|---|"]
    for r in y.months:
        out.append(
            f"| {r.month} | {short_date(r.date)} | {'có' if r.held else 'chưa'} | {r.minutes or GAP} | "
            f"{r.attendance} | {r.speakers if r.meeting else GAP} | {r.grade} |"
        )
    out += ["", "## Sinh hoạt chuyên đề theo quý", ""]
    for quarter in range(1, 5):
        items = y.thematic.get(quarter, [])
        listed = (
            "; ".join(f"{short_date(d)}: {escape_cell(t)}" for d, t in items) if items else "chưa tổ chức"
        )
        out.append(f"- Quý {quarter}: {listed}")
    out += ["", "## Sinh hoạt bất thường", ""]
    out += [f"- {short_date(d)}: {escape_cell(t)}" for d, t in y.extraordinary] or ["- Không có."]
    out += ["", "## Đảng viên cần lưu ý về dự sinh hoạt", ""]
    out += [f"- {escape_cell(name)}: {why}" for name, why in y.flagged] or ["- Không có."]
    out += ["", "## Thực hiện nhiệm vụ", ""]
    out.append(
        f"- {y.tasks_on_time}/{y.tasks_total} nhiệm vụ hoàn thành đúng hạn ({y.on_time_share}); "
        f"{y.tasks_done} đã hoàn thành ({y.tasks_share}); {y.tasks_open} nhiệm vụ chưa báo cáo kết quả."
    )
    out += ["", "## Phát biểu trong năm", ""]
    out += ["| Đảng viên | Số kỳ dự | Số lần phát biểu | Số phút |", "|---|---|---|---|"]
    out += [f"| {escape_cell(name)} | {att} | {times} | {mins} |" for name, att, times, mins in y.speaking]
    out += ["", "## Viết bài thu hoạch", ""]
    for s in y.studies:
        line = f"- {escape_cell(s.title)} (hạn {short_date(s.deadline)}): {s.submitted}/{s.expected} đã nộp"
        if s.missing:
            line += "; chưa nộp: " + ", ".join(escape_cell(n) for n in s.missing)
        out.append(line)
    if not y.studies:
        out.append("- Không có đợt học tập nào có hạn nộp trong năm.")
    return "\n".join(out) + "\n"


CSV_HEADER = [
    "muc",  # section: thang, chuyen_de, bat_thuong, luu_y, nhiem_vu, thu_hoach, phat_bieu
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
    rows: list[list[object]] = []
    for r in y.months:
        rows.append(
            ["thang", r.month, r.date, r.meeting, int(r.held), r.minutes, r.attendance, r.speakers, r.grade]
        )
    for quarter in range(1, 5):
        for day, title in y.thematic.get(quarter, []):
            rows.append(["chuyen_de", quarter, day, title, 1, "", "", "", ""])
    for day, title in y.extraordinary:
        rows.append(["bat_thuong", "", day, title, "", "", "", "", ""])
    for name, why in y.flagged:
        rows.append(["luu_y", "", "", f"{name}: {why}", "", "", "", "", ""])
    rows.append(
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
        rows.append(
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
    return csv_text(CSV_HEADER, rows)
