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
        (1, "01-NQ/CB", "20/11/2026")
    ]
    # The meeting itself and later meetings are never "earlier".
    assert earlier_tasks(held_repo, held_repo.log(held).state()) == []


def test_a_warning_shown_before_the_vote_is_printed_after_it(demo_repo: Repository, clock: FakeClock) -> None:
    """The demo's August resolution set "Đôn đốc giải ngân vốn …"; "Hoàn thành giải ngân vốn
    …" repeats it. The draft lists the warning; the export after the vote still prints it."""
    from meetingtui.export.render_txt import render_text
    from meetingtui.services.cell import CellService

    demo = demo_repo.meetings()[-1].id
    service = MeetingService(demo_repo, demo, clock)
    first = demo_repo.log(demo_repo.meetings()[0].id).state().resolution.tasks[0].content
    assert first.startswith("Đôn đốc giải ngân vốn")
    again = "Hoàn thành" + first.removeprefix("Đôn đốc")
    service.record("resolution_task_added", content=again, owner="m003", deadline="2026-12-10")
    cells = CellService(demo_repo, clock)
    state = service.state()
    shown = cells.vote_notices(state, cells.earlier_tasks(state))  # what the chair sees
    assert "warn.resolution_task_duplicate" in [n.key for n in shown]
    draft = build_document(load_context(demo_repo, demo), "resolution")
    assert [n for n in draft.warnings if n.key == "warn.resolution_task_duplicate"] == [
        n for n in shown if n.key == "warn.resolution_task_duplicate"
    ]
    text = " ".join(render_text(draft).split())
    assert (
        "Ghi chú của dự thảo" in text
        and "Nhiệm vụ 1 trùng lắp với nhiệm vụ đã có trong Nghị quyết số" in text
    )
    for member in state.members():
        service.record("attendance_marked", member=member.id, status="present")
    service.start()
    service.record("vote_recorded", question="Thông qua", kind="resolution", **{"for": 20})
    service.adopt(service.state().votes[-1].id)
    adopted = build_document(load_context(demo_repo, demo), "resolution")
    assert "warn.resolution_task_duplicate" in [n.key for n in adopted.warnings]
    assert "Ghi chú của dự thảo" not in render_text(adopted)  # the adopted text lists nothing


def test_a_carried_task_keeps_or_gets_a_deadline_and_says_where_it_came_from(
    demo_repo: Repository, clock: FakeClock
) -> None:
    from meetingtui.export.model import Para
    from meetingtui.queries.tasks import open_tasks

    demo = demo_repo.meetings()[-1].id
    service = MeetingService(demo_repo, demo, clock)
    state = service.state()
    first, second, *_ = open_tasks(demo_repo, state)
    assert first.task.deadline < state.date  # due before this meeting: a new deadline is given
    state = service.review_task(first, "carried", "Chưa xong", deadline="2026-12-15")
    state = service.review_task(second, "carried", "Còn dở")  # none given: it has none (warned)
    carried = [t for t in state.resolution.tasks if t.source.startswith("carried:")]
    assert [t.deadline for t in carried] == ["2026-12-15", ""]
    assert carried[0].report_at == "2026-12"
    ctx = load_context(demo_repo, demo)
    doc = build_document(ctx, "resolution")
    heads = [b for b in doc.blocks if isinstance(b, Para) and b.label in ("1.", "2.") and b.spans[0].bold]
    origin = f" (chuyển từ Nghị quyết số {first.label})"
    assert [b.spans[-1].text for b in heads[-2:]] == [origin, origin]
    incomplete = [n for n in doc.warnings if n.key == "warn.resolution_task_incomplete"]
    assert incomplete and incomplete[-1].params["fields"] == ["deadline"]
