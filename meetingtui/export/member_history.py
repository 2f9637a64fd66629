"""A member's criticism record across meetings as Markdown or CSV (``meetingtui member history``).

The documents are always Vietnamese; user text is escaped so that it shows literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.criticism import ENTRY_TITLES_VI
from ..domain.dates import short_date
from ..domain.history import CONCERNED, OWNER, HistoryRow, done_text
from ..domain.people import CATEGORY_TITLES_VI, ROLE_TITLES_VI, Member
from ..domain.state import EntryKind
from .csv_out import csv_text
from .markdown import escape

CSV_COLUMNS = (
    "Ngày",
    "Buổi sinh hoạt",
    "Loại",
    "Người phát biểu",
    "Về",
    "Nội dung",
    "Tiếp thu, cam kết",
    "Việc cần làm",
    "Người thực hiện",
    "Thời hạn",
    "Kết quả",
    "Ghi chú kết quả",
    "Ghi chú",
)


def _indent(text: str) -> str:
    """Continuation lines of a list item."""
    return text.replace("\n", "\n  ")


def member_line(member: Member) -> str:
    parts = [CATEGORY_TITLES_VI[member.category]]
    if member.role:
        parts.append(ROLE_TITLES_VI[member.role])
    if member.group:
        parts.append(member.group)
    if member.joined:
        parts.append(f"vào Đảng ngày {short_date(member.joined)}")
    if member.retired_on:
        parts.append(f"thôi sinh hoạt tại chi bộ từ {short_date(member.retired_on)}")
    return " · ".join(parts)


def summary_line(rows: Sequence[HistoryRow]) -> str:
    about = [r for r in rows if r.relation == CONCERNED]
    counts = ", ".join(
        f"{sum(1 for r in about if r.kind is kind)} {ENTRY_TITLES_VI[kind].lower()}" for kind in EntryKind
    )
    tasks = [r for r in rows if r.follow_up is not None]
    done = sum(1 for r in tasks if r.done is True)
    not_done = sum(1 for r in tasks if r.done is False)
    open_ = sum(1 for r in tasks if r.done is None)
    return (
        f"Tổng hợp: {counts}. Việc cần làm: {len(tasks)} "
        f"({done} đã thực hiện, {not_done} chưa thực hiện, {open_} chưa báo cáo)."
    )


def render_markdown(
    member: Member, rows: Sequence[HistoryRow], *, cell_name: str, year: int | None, made_on: str
) -> str:
    period = f"năm {year}" if year is not None else "tất cả các kỳ sinh hoạt đã ghi"
    out = [
        "# Quá trình tự phê bình, phê bình, biểu dương, nhắc nhở",
        "",
        f"**Đồng chí {escape(member.name)}**  ",
        f"{escape(member_line(member))}  ",
        f"{escape(cell_name)} · {period} · lập ngày {short_date(made_on)}",
        "",
        summary_line(rows),
        "",
    ]
    if not rows:
        out += ["Chưa có ý kiến nào được ghi.", ""]
    for n, row in enumerate(rows, start=1):
        entry = row.entry
        title = ENTRY_TITLES_VI[entry.kind]
        if row.relation == OWNER:
            title = f"Việc được giao (theo ý kiến {title.lower()} về {row.concerns_name})"
        out.append(f"## {n}. Ngày {short_date(row.date)} — {escape(title)}")
        out.append("")
        out.append(f"- Buổi sinh hoạt: {escape(row.meeting_title)}")
        speaker = f"đồng chí {row.speaker_name}" if row.speaker_name else "Chi ủy (chủ trì)"
        out.append(f"- Người phát biểu: {escape(speaker)}")
        if entry.absent and row.relation == CONCERNED:
            out.append("- Ghi chú: đồng chí vắng mặt khi ý kiến được nêu")
        out.append(f"- Nội dung: {_indent(escape(entry.text))}")
        if entry.response:
            out.append(f"- Tiếp thu, cam kết: {_indent(escape(entry.response))}")
        follow = entry.follow_up
        if follow is not None:
            detail = [f"người thực hiện: {escape(row.owner_name)}"]
            if follow.deadline:
                detail.append(f"thời hạn: {short_date(follow.deadline)}")
            out.append(f"- Việc cần làm: {_indent(escape(follow.content))} ({'; '.join(detail)})")
            result = f"- Kết quả: **{done_text(follow, row.done)}**"
            if row.result_note:
                result += f" — {_indent(escape(row.result_note))}"
            out.append(result)
        out.append("")
    return "\n".join(out)


# -- CSV -------------------------------------------------------------------------------------
def csv_rows(rows: Sequence[HistoryRow]) -> list[list[str]]:
    out = []
    for row in rows:
        entry, follow = row.entry, row.follow_up
        kind = ENTRY_TITLES_VI[entry.kind]
        notes = []
        if entry.absent and row.relation == CONCERNED:
            notes.append("vắng mặt khi ý kiến được nêu")
        if row.relation == OWNER:
            notes.append("việc được giao")
        out.append(
            [
                row.date,
                row.meeting_title,
                kind,
                row.speaker_name or "Chi ủy (chủ trì)",
                row.concerns_name,
                entry.text,
                entry.response,
                follow.content if follow else "",
                row.owner_name,
                follow.deadline if follow else "",
                done_text(follow, row.done),
                row.result_note,
                "; ".join(notes),
            ]
        )
    return out


def render_csv(rows: Sequence[HistoryRow]) -> str:
    """The history as CSV for a spreadsheet (``export.csv_out``: formulas neutralised, BOM)."""
    return csv_text(CSV_COLUMNS, csv_rows(rows))
