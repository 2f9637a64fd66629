"""Last month's results (reported back at the review stage, issue 7) reach both documents."""

from __future__ import annotations

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain import resolution as resolution_module
from meetingtui.domain.resolution import TaskResult, set_results_provider
from meetingtui.export.documents import build_document
from meetingtui.queries.documents import load_context
from meetingtui.export.render_txt import render_text
from meetingtui.store.repo import Repository

from .conftest import plan_meeting


@pytest.fixture
def results() -> list[TaskResult]:
    before = resolution_module._results_provider
    found = [
        TaskResult("Giải ngân vốn Dự án 1", "partly", "đạt 62% kế hoạch"),
        TaskResult("Xử lý 12 văn bản tồn", "done"),
    ]
    set_results_provider(lambda state: found)
    yield found
    set_results_provider(before)


def test_results_in_section_one_and_in_the_minutes(
    cell_repo: Repository, clock: FakeClock, results: list[TaskResult]
) -> None:
    meeting_id = plan_meeting(cell_repo, clock)
    ctx = load_context(cell_repo, meeting_id)
    resolution = render_text(build_document(ctx, "resolution"))
    assert "- Giải ngân vốn Dự án 1: hoàn thành một phần (đạt 62% kế hoạch)." in resolution
    assert "- Xử lý 12 văn bản tồn: hoàn thành." in resolution
    minutes = render_text(build_document(ctx, "minutes"))
    review = minutes.index("4. Đánh giá kết quả lãnh đạo thực hiện nghị quyết tháng trước")
    assert minutes.index("    - Giải ngân vốn Dự án 1: hoàn thành một phần (đạt 62% kế hoạch).") > review


def test_the_score_sheet_is_written_into_the_minutes(cell_repo: Repository, clock: FakeClock) -> None:
    """Issue 7 keeps the score in ``state.extra["score"]``: lines, total, grade."""
    from dataclasses import dataclass, field

    from meetingtui.export.minutes_doc import _score
    from meetingtui.export.model import Document

    @dataclass
    class Line:
        title: str
        max: float
        points: float

    @dataclass
    class Score:
        lines: list[Line] = field(default_factory=list)
        total: float = 0.0
        grade: str = ""

    state = cell_repo.log(plan_meeting(cell_repo, clock)).state()
    state.extra["score"] = Score([Line("Giữ thời gian", 5.0, 5.0), Line("Dự họp", 5.0, 4.5)], 91.5, "Tốt")
    doc = Document(kind="minutes", title="biên bản")
    _score(doc, state)
    text = render_text(doc)
    assert "- Giữ thời gian: 5/5 điểm" in text and "- Dự họp: 4,5/5 điểm" in text
    assert "Tổng điểm: 91,5 điểm" in text and "Xếp loại đề nghị: Tốt" in text
    assert doc.warnings == []
