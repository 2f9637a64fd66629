"""Tasks that repeat one of an earlier resolution of the cell are found across meetings."""

from __future__ import annotations

from meetingtui.domain.clock import FakeClock
from meetingtui.export.documents import build_document
from meetingtui.queries.documents import earlier_tasks, load_context
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.held import plan_meeting


def test_a_task_repeating_last_months_resolution_is_warned(
    held_repo: Repository, held: str, clock: FakeClock
) -> None:
    next_month = plan_meeting(held_repo, clock, "2026-12-21")
    service = MeetingService(held_repo, next_month, clock)
    service.record("resolution_task_added", content="hoan thanh bao cao tong ket cong tac dan toc nam 2026")
    service.record("resolution_task_added", content="Tổ chức hội nghị tổng kết năm")
    ctx = load_context(held_repo, next_month)
    assert [p.label for p in ctx.earlier] == ["01-NQ/CB", "01-NQ/CB"]
    doc = build_document(ctx, "resolution")
    duplicates = [n for n in doc.warnings if n.key == "warn.resolution_task_duplicate"]
    assert [(n.params["n"], n.params["label"], n.params["date"]) for n in duplicates] == [
        (1, "01-NQ/CB", "2026-11-20")
    ]
    # The meeting itself and later meetings are never "earlier".
    assert earlier_tasks(held_repo, held_repo.log(held).state()) == []
