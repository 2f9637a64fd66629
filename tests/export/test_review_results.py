"""Last month's results (reported back at the review stage, issue 7) reach both documents."""

from __future__ import annotations

from dataclasses import replace

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.state import Score, ScoreLine
from meetingtui.export.documents import build_document
from meetingtui.export.render_txt import render_text
from meetingtui.queries.documents import load_context
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.held import plan_meeting

EARLIER = "2026-10-20-dinh-ky"  # the meeting whose resolution set the tasks


def test_results_in_section_one_and_in_the_minutes(cell_repo: Repository, clock: FakeClock) -> None:
    meeting_id = plan_meeting(cell_repo, clock)
    chair = MeetingService(cell_repo, meeting_id, clock)
    chair.record(
        "task_reviewed", meeting=EARLIER, task="t1", content="Giải ngân vốn Dự án 1", owner="m007",
        deadline="2026-11-15", status="partly", note="đạt 62% kế hoạch",
    )  # fmt: skip
    chair.record("task_reviewed", meeting=EARLIER, task="t2", content="Xử lý 12 văn bản tồn", status="done")
    ctx = load_context(cell_repo, meeting_id)
    resolution = render_text(build_document(ctx, "resolution"))
    assert "- Giải ngân vốn Dự án 1: hoàn thành một phần (đạt 62% kế hoạch)." in resolution
    assert "- Xử lý 12 văn bản tồn: hoàn thành." in resolution
    minutes = render_text(build_document(ctx, "minutes"))
    review = minutes.index("4. Đánh giá kết quả lãnh đạo thực hiện nghị quyết tháng trước")
    assert minutes.index("    - Giải ngân vốn Dự án 1: hoàn thành một phần (đạt 62% kế hoạch).") > review
    assert minutes.index("    - Xử lý 12 văn bản tồn: hoàn thành.") > review


def test_the_score_sheet_is_written_into_the_minutes(cell_repo: Repository, clock: FakeClock) -> None:
    """The score recorded at the scoring stage (``state.score``): lines, total, grade."""
    from meetingtui.export.minutes_doc import _score
    from meetingtui.export.model import Document

    state = cell_repo.log(plan_meeting(cell_repo, clock)).state()
    lines = (
        ScoreLine("time", "Giữ thời gian", 5.0, 5.0, ""),
        ScoreLine("attendance", "Dự họp", 5.0, 4.5, ""),
    )
    state = replace(state, score=Score("hd42-100", "Phiếu chấm", lines=lines, grade="Tốt", total=91.5))
    doc = Document(kind="minutes", title="biên bản")
    _score(doc, state)
    text = render_text(doc)
    assert "- Giữ thời gian: 5/5 điểm" in text and "- Dự họp: 4,5/5 điểm" in text
    assert "Tổng điểm: 91,5 điểm" in text and "Xếp loại đề nghị: Tốt" in text
    assert doc.warnings == []
