"""The committee's notice to members before a cell meeting: plain Vietnamese text, ready to
print or send (docs/DOMAIN.md, "Meetings")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..domain.agenda import template
from ..domain.dates import short_date
from ..domain.people import Cell, Member, Role
from ..domain.state import MeetingState
from ..domain.text import GAP
from .common import TYPE_PHRASES


def notice_text(
    cell: Cell, members: Sequence[Member], committee: MeetingState, today: str
) -> tuple[str, list[str]]:
    """The notice to members, and warnings (a gap in it, or sent less than a day ahead)."""
    prep = committee.preparation
    warnings: list[str] = []
    by_id = {m.id: m for m in members}
    secretary = next((m for m in by_id.values() if m.role is Role.SECRETARY and m.active), None)

    def name(member_id: str) -> str:
        if member_id == "@committee":
            return "Chi ủy"
        return by_id[member_id].name if member_id in by_id else GAP

    if not prep.date:
        warnings.append("Chưa có ngày sinh hoạt.")
    elif (date.fromisoformat(prep.date) - date.fromisoformat(today)).days < 1:
        warnings.append("Thông báo phải gửi đến đảng viên trước ít nhất một ngày.")
    if not prep.place:
        warnings.append("Chưa có địa điểm.")
    when = GAP
    if prep.date:
        d = date.fromisoformat(prep.date)
        hour, _, minute = (prep.time or "").partition(":")
        at = f"{hour} giờ {minute or '00'}, " if hour else ""
        when = f"{at}ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    month_year = f"tháng {prep.date[5:7]} năm {prep.date[:4]}" if prep.date else GAP
    issued = date.fromisoformat(today)
    left = [cell.upper_body.upper(), cell.name.upper(), "*"]
    right = ["ĐẢNG CỘNG SẢN VIỆT NAM", "─" * 22, ""]
    width = max(len(line) for line in left) + 4
    lines = [f"{a.center(width - 4):<{width}}{b}".rstrip() for a, b in zip(left, right, strict=True)]
    lines += [
        "",
        "THÔNG BÁO",
        f"Về việc {TYPE_PHRASES[prep.type]} {month_year}",
        "",
        f"Chi ủy {cell.name} thông báo đến các đồng chí đảng viên trong chi bộ:",
        "",
        f"1. Thời gian: {when}.",
        f"2. Địa điểm: {prep.place}." if prep.place else f"2. Địa điểm: {GAP}",
        "3. Nội dung:",
    ]
    for n, stage in enumerate(template(prep.type).stages, start=1):
        presenter = prep.presenters.get(stage.key)
        suffix = f" (đồng chí {name(presenter)} trình bày)" if presenter else ""
        lines.append(f"   {n}. {stage.title}{suffix}.")
    if prep.focus:
        lines.append("4. Vấn đề trọng tâm thảo luận:")
        lines += [f"   - {item}" for item in prep.focus]
    if prep.tasks:
        lines.append("5. Dự thảo nhiệm vụ tháng tới (để đảng viên nghiên cứu trước):")
        for n, task in enumerate(prep.tasks, start=1):
            owner = f" — chủ trì: {name(task.owner)}" if task.owner else ""
            deadline = f"; thời hạn: {short_date(task.deadline)}" if task.deadline else ""
            lines.append(f"   {n}. {task.content}{owner}{deadline}")
    lines += [
        "",
        "Đề nghị các đồng chí đảng viên nghiên cứu trước tài liệu, chuẩn bị ý kiến tham gia; đồng chí nào "
        "vắng mặt phải báo cáo lý do với chi ủy.",
        "",
        f"{cell.place or GAP}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}",
        "T/M CHI ỦY",
        "BÍ THƯ",
        "",
        secretary.name if secretary else GAP,
    ]
    if not cell.place:
        warnings.append("Chi bộ chưa có địa danh ghi trên văn bản.")
    return "\n".join(lines) + "\n", warnings
