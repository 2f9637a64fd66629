"""A member's tasks until the next meeting, for printing or sending (Markdown or plain text)."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.dates import short_date
from ..domain.people import Cell, Member
from ..domain.tasks import TrackedTask
from ..domain.text import GAP


def member_task_sheet(
    cell: Cell, member: Member, tasks: Sequence[TrackedTask], today: str, fmt: str = "txt"
) -> str:
    md = fmt == "md"
    title = f"Nhiệm vụ của đồng chí {member.name}"
    out = [f"# {title}" if md else title.upper(), ""]
    out.append(f"{cell.name} — lập ngày {short_date(today)}")
    out.append("")
    if not tasks:
        out.append("Không có nhiệm vụ nào đang chờ báo cáo kết quả.")
    for n, tracked in enumerate(tasks, start=1):
        task = tracked.task
        flag = " — QUÁ HẠN" if tracked.overdue(today) else ""
        head = f"{n}. {task.content.splitlines()[0] if task.content else GAP}{flag}"
        out.append(f"## {head}" if md else head)
        rows = [
            ("Nội dung", task.content if "\n" in task.content else ""),  # only when longer than the title
            ("Yêu cầu", task.requirement or GAP),
            ("Biện pháp", task.measures or GAP),
            ("Thời hạn", short_date(task.deadline)),
            (
                "Báo cáo tại kỳ sinh hoạt",
                f"tháng {task.report_at[5:]}/{task.report_at[:4]}" if task.report_at else GAP,
            ),
            ("Theo nghị quyết", f"Số {tracked.label} ngày {short_date(tracked.meeting_date)}"),
        ]
        for label, value in rows:
            if not value:
                continue
            value = value.replace("\n", " ")
            out.append(f"- **{label}:** {value}" if md else f"   {label}: {value}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
