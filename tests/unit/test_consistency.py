"""No document contradicts itself: figures the record's text quotes that the record does not
bear out are warned before the vote and before export, naming both (domain.consistency)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.consistency import contradictions
from meetingtui.domain.state import MeetingState, Score, ScoreLine
from meetingtui.export.documents import build_document
from meetingtui.export.model import notice_text
from meetingtui.services.cell import CellService
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository

SCORED = Score("hd42-100", "Phiếu", lines=(ScoreLine("x", "Dòng", 100.0, 82.0, ""),), grade="Khá", total=82.0)


def _concluded(svc: MeetingService, key: str, text: str) -> MeetingState:
    stage = next(s for s in svc.state().stages if s.key == key)
    return svc.record("stage_concluded", stage=stage.id, text=text)


@pytest.fixture
def svc(fresh_repo: Repository, clock: FakeClock) -> MeetingService:
    return MeetingService(fresh_repo, fresh_repo.meetings()[-1].id, clock)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Chi bộ thống nhất tự chấm 94 điểm, xếp loại Tốt.",
            [("score", "94 điểm"), ("grade", "xếp loại Tốt")],
        ),
        ("Tổng điểm 82,5 điểm; xếp loại Khá.", [("score", "82,5 điểm")]),
        ("Chi bộ đạt 82 điểm, xếp loại khá.", []),  # agrees (a grade in lower case too)
        ("Tự chấm 82 điểm.", []),
        ("Trừ 5 điểm vì có đảng viên vắng.", []),  # not a total
        ("Chi bộ thống nhất xếp loại Trung bình.", [("grade", "xếp loại Trung bình")]),
    ],
)
def test_score_and_grade_quoted_in_the_scoring_stage(
    svc: MeetingService, text: str, found: list[tuple[str, str]]
) -> None:
    state = replace(_concluded(svc, "scoring", text), score=SCORED)
    notices = contradictions(state)
    assert [(n.key.removeprefix("warn.contradiction_"), n.params["found"]) for n in notices] == found
    for notice in notices:
        assert notice.params["stage"] == 9  # the minutes leave out the empty "Việc khác"
        assert notice.params["computed"] in ("82 điểm", "Khá")


def test_no_score_no_check(svc: MeetingService) -> None:
    assert contradictions(_concluded(svc, "scoring", "Tự chấm 94 điểm, xếp loại Tốt.")) == []


def _reviewed(svc: MeetingService, statuses: list[str]) -> None:
    for i, status in enumerate(statuses, start=1):
        svc.record("task_reviewed", meeting="old", task=f"t{i}", content=f"Việc {i}", status=status)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Đánh giá: 4/5 nhiệm vụ hoàn thành.", ["4/5 nhiệm vụ"]),
        ("Hoàn thành 2/3 nhiệm vụ; một việc chuyển sang tháng sau.", []),
        ("Hoàn thành 3/3 nhiệm vụ.", ["3/3 nhiệm vụ"]),
    ],
)
def test_task_counts_quoted_at_the_review(svc: MeetingService, text: str, found: list[str]) -> None:
    _reviewed(svc, ["done", "carried", "done"])
    notices = contradictions(_concluded(svc, "review", text))
    assert [n.params["found"] for n in notices] == found
    assert all(n.params["computed"] == "2/3" for n in notices)


def test_section_one_written_by_hand_is_checked_too(svc: MeetingService) -> None:
    _reviewed(svc, ["done", "not_done", "partly"])
    state = svc.record("resolution_set", assessment="1. Kết quả: hoàn thành 4/5 nhiệm vụ.")
    (notice,) = contradictions(state)
    assert notice.params["where"] == "where.section1"
    assert notice_text(notice) == (
        "Ở mục I của nghị quyết, văn bản ghi “4/5 nhiệm vụ” nhưng kết quả báo cáo tại buổi này là "
        "1/3 nhiệm vụ hoàn thành."
    )


def test_attendance_quoted_at_the_opening(svc: MeetingService) -> None:
    for member in svc.state().members()[:20]:
        svc.record("attendance_marked", member=member.id, status="present")
    state = _concluded(svc, "opening", "Chi bộ có 26 đảng viên, có mặt 22 đồng chí.")
    (notice,) = contradictions(state)
    assert (notice.key, notice.params["found"], notice.params["computed"]) == (
        "warn.contradiction_present",
        "có mặt 22",
        "20",
    )
    assert contradictions(_concluded(svc, "opening", "Có mặt 20 đồng chí; họp 120 phút.")) == []


@pytest.mark.parametrize("day", ["2026-12-01", "2026-12-20", "2027-01-31"])
def test_the_demo_never_contradicts_itself(tmp_path: Path, day: str) -> None:
    cell = CellService(create_demo(tmp_path / "d", FakeClock(f"{day}T03:00:00+00:00")).repo, FakeClock())
    for info in cell.meetings():
        ctx = cell.document_context(info.id)
        notices = [*ctx.notices, *build_document(ctx, "minutes").warnings]
        assert [notice_text(n) for n in notices if n.key.startswith("warn.contradiction")] == []


def test_the_issue_s_figures_are_warned_in_the_stored_demo(tmp_path: Path) -> None:
    """The v2 fixtures' October meeting: "94 điểm, Tốt" above a sheet of 82, Khá."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "v2" / "demo" / "data", root)
    cell = CellService.open(root, FakeClock())
    minutes = build_document(cell.document_context("2026-10-20-dinh-ky"), "minutes")
    texts = [notice_text(n) for n in minutes.warnings if n.key.startswith("warn.contradiction")]
    assert "Ở nội dung 9, văn bản ghi “94 điểm” nhưng phiếu chấm tính được 82 điểm." in texts
    assert "Ở nội dung 9, văn bản ghi “xếp loại Tốt” nhưng phiếu chấm xếp loại Khá." in texts
