"""Between meetings: tasks carried over three meetings, score suggestions, grade bands, sheets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.resolution import last_month_results
from meetingtui.domain.scoring import (
    SheetError,
    grade,
    parse_sheet,
    sheet_data,
    shipped_sheets,
)
from meetingtui.domain.tasks import owner_name
from meetingtui.queries.suggest import suggest
from meetingtui.queries.tasks import member_tasks, open_tasks, tracked_tasks
from meetingtui.queries.year import year_of
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.store.schema import load_sheet_file
from support.meetings import create_meeting


def _meeting(repo: Repository, clock: FakeClock, day: str) -> MeetingService:
    state = create_meeting(repo, "regular", day, clock=clock)
    svc = MeetingService(repo, state.id, clock)
    for member in svc.state().members():
        svc.record("attendance_marked", member=member.id, status="present")
    svc.start()
    return svc


def _adopt(svc: MeetingService, number: int) -> None:
    state = svc.record(
        "vote_recorded", question="Thông qua nghị quyết", kind="resolution", form="hands", **{"for": 22}
    )
    svc.record("resolution_numbered", number=number)
    svc.record("resolution_adopted", vote=state.votes[-1].id)


def test_carry_over_across_three_meetings(fresh_repo: Repository, clock: FakeClock) -> None:
    demo_repo = fresh_repo
    # September: two tasks.
    sep = _meeting(demo_repo, clock, "2026-09-21")
    sep.record(
        "resolution_task_added",
        content="Hoàn thành báo cáo công tác dân tộc quý III",
        owner="m003",
        deadline="2026-10-15",
    )
    sep.record(
        "resolution_task_added",
        content="Tổ chức học tập Nghị quyết 57",
        owner="@committee",
        deadline="2026-10-20",
    )
    _adopt(sep, 1)
    sep.record("ended")
    (t1, t2) = sep.state().resolution.tasks

    # October: the first is done, the second carried over into October's resolution.
    octo = _meeting(demo_repo, clock, "2026-10-21")
    assert [t.task.id for t in open_tasks(demo_repo, octo.state())] == [t1.id, t2.id]
    sep_id = sep.meeting_id
    octo.record(
        "task_reviewed",
        meeting=sep_id,
        task=t1.id,
        content=t1.content,
        owner=t1.owner,
        status="done",
        note="Đã nộp ngày 12/10",
    )
    octo.record(
        "task_reviewed",
        meeting=sep_id,
        task=t2.id,
        content=t2.content,
        owner=t2.owner,
        status="carried",
        note="Chờ tài liệu",
    )
    octo.record(
        "resolution_task_added",
        content=t2.content,
        owner=t2.owner,
        deadline="2026-11-20",
        source=f"carried:{sep_id}:{t2.id}",
    )
    results = last_month_results(octo.state())
    assert [(r.content, r.status) for r in results] == [(t1.content, "done"), (t2.content, "carried")]
    _adopt(octo, 2)
    octo.record("ended")

    # November: September's tasks are closed; only October's carried task is open.
    nov = _meeting(demo_repo, clock, "2026-11-20")
    still_open = open_tasks(demo_repo, nov.state())
    assert [(t.meeting, t.task.content) for t in still_open] == [(octo.meeting_id, t2.content)]
    nov.record(
        "task_reviewed",
        meeting=octo.meeting_id,
        task=still_open[0].task.id,
        content=t2.content,
        status="partly",
    )
    assert list(nov.state().reviews.items) == [(octo.meeting_id, still_open[0].task.id)]
    statuses = {
        (t.meeting, t.task.id): t.review.status if t.review else None for t in tracked_tasks(demo_repo)
    }
    assert statuses == {
        (sep_id, t1.id): "done",
        (sep_id, t2.id): "carried",
        (octo.meeting_id, "t1"): "partly",
    }


def test_member_tasks_and_overdue(fresh_repo: Repository, clock: FakeClock) -> None:
    demo_repo = fresh_repo
    sep = _meeting(demo_repo, clock, "2026-09-21")
    sep.record("resolution_task_added", content="Viết bài thu hoạch", owner="m006", deadline="2026-10-01")
    sep.record("resolution_task_added", content="Việc của chi ủy", owner="@committee", deadline="2026-10-01")
    _adopt(sep, 1)

    mine = member_tasks(demo_repo, "m006")
    assert [t.task.content for t in mine] == ["Viết bài thu hoạch"]
    assert mine[0].overdue("2026-10-05") and not mine[0].overdue("2026-09-30")


# -- scoring -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (100, "Tốt"),
        (90, "Tốt"),
        (89.5, "Khá"),
        (70, "Khá"),
        (69.5, "Trung bình"),
        (50, "Trung bình"),
        (49.5, "Kém"),
        (0, "Kém"),
    ],
)
def test_grade_bands_at_their_edges(total: float, expected: str) -> None:
    sheet = shipped_sheets()["hd42-100"]
    assert grade(sheet, total, {line.key for line in sheet.lines}) == expected


def test_strict_sheet_needs_full_marks_for_top_grade() -> None:
    sheet = shipped_sheets()["hd42-100-strict"]
    all_full = {line.key for line in sheet.lines}
    assert grade(sheet, 95, all_full) == "Tốt"
    assert grade(sheet, 95, all_full - {"attendance"}) == "Khá"


def _sheet_file(tmp_path: Path, **change: object) -> Path:
    raw = json.loads(json.dumps(sheet_data(shipped_sheets()["hd42-100"])))
    raw.update(change)
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_sheet_with_wrong_total_or_unknown_field_is_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(SheetError) as err:
        load_sheet_file(_sheet_file(tmp_path, total=90))
    assert "mine.json" in str(err.value.params["file"]) and "90" in str(err.value.params["reason"])
    with pytest.raises(SheetError) as err:
        load_sheet_file(_sheet_file(tmp_path, colour="red"))
    assert "colour" in str(err.value.params["reason"])
    assert load_sheet_file(_sheet_file(tmp_path)).id == "hd42-100"


def test_each_line_suggested_from_a_known_record(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    committee = create_meeting(demo_repo, "committee", "2026-11-15", clock=clock)
    prepared = MeetingService(demo_repo, committee.id, clock)  # the committee prepared this meeting
    prepared.record("prep_target", date="2026-11-20")
    prepared.record("prep_produced", meeting=demo_meeting_id)
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    members = svc.state().members()
    for m in members:
        status = "unexcused" if m.id == "m010" else "present"
        svc.record("attendance_marked", member=m.id, status=status)
    svc.start()
    for speaker in ("m006", "m007", "m008", "m009", "m011", "m012"):
        svc.record("queue_added", member=speaker)
        svc.record("speech_started")
        clock.advance(120)
        svc.record("speech_ended", text="Ý kiến")
    svc.record(
        "entry_added", kind="commendation", speaker="m001", concerns="m006", text="Hoàn thành xuất sắc"
    )
    svc.record("entry_added", kind="self_criticism", speaker="m007", text="Còn chậm nộp báo cáo")
    for _ in range(5):
        svc.record("next_stage")
    svc.record("stage_concluded", text="Thống nhất")
    # last month's four tasks reported back: three done, one not
    earlier = open_tasks(demo_repo, svc.state())
    assert len(earlier) == 4
    for tracked, status in zip(earlier, ("done", "done", "not_done", "done"), strict=True):
        svc.review_task(tracked, status, "")
    clock.advance(minutes=80)
    state = svc.state()
    lines = suggest(shipped_sheets()["hd42-100"], state, demo_repo, clock.now())
    assert lines["time"]["points"] == 5 and "92 phút" in lines["time"]["reason"]
    assert lines["attendance"]["points"] == 0 and "vắng không lý do 1" in lines["attendance"]["reason"]
    assert lines["committee"]["points"] == 5 and "15/11/2026" in lines["committee"]["reason"]
    assert lines["steps"]["points"] == 3  # 6 of 10 timed stages started (Việc khác has no budget)
    assert "6/25" in lines["discussion"]["reason"] and lines["discussion"]["points"] == 16.5
    assert lines["principles"]["points"] == 3  # self-criticism but no criticism
    assert lines["results"]["points"] == 22.5  # 75% of 30
    assert "75% trong 4 nhiệm vụ" in lines["results"]["reason"]
    assert lines["closing"]["points"] == 2.5  # concluded, minutes not yet approved
    assert lines["chairing"]["points"] == 10 and "xác nhận" in lines["chairing"]["reason"]

    sheet = shipped_sheets()["hd42-100"]
    state = svc.record("score_proposed", sheet=sheet.id, sheet_data=sheet_data(sheet), lines=lines)
    score = state.score
    assert (
        score is not None and score.total == sum(v["points"] for v in lines.values()) and not score.confirmed
    )
    state = svc.record("score_line_set", line="attendance", points=2, note="Một đồng chí vắng không lý do")
    score = state.score
    assert (
        score is not None and score.lines[1].points == 2 and score.lines[1].reason.startswith("Một đồng chí")
    )
    with pytest.raises(DomainError) as err:
        svc.record("score_line_set", line="attendance", points=6)
    assert err.value.key == "error.score_range"


def test_shipped_sheets_are_valid() -> None:
    sheets = shipped_sheets()
    assert set(sheets) == {"hd42-100", "hd42-100-strict", "hd12-5-criteria", "hd42-100-chuyen-de"}
    for sheet in sheets.values():
        assert parse_sheet(sheet_data(sheet), sheet.id) == sheet


def test_a_task_whose_owner_left_stays_visible_and_can_be_reassigned(
    fresh_repo: Repository, clock: FakeClock
) -> None:
    from dataclasses import replace as dc_replace

    repo = fresh_repo
    sep = _meeting(repo, clock, "2026-09-21")
    sep.record(
        "resolution_task_added", content="Hoàn thiện hồ sơ chính sách", owner="m009", deadline="2026-10-15"
    )
    _adopt(sep, 1)
    sep.record("ended")
    repo.save_member(dc_replace(repo.member("m009"), retired_on="2026-10-01"))  # moved to another cell

    octo = _meeting(repo, clock, "2026-10-21")
    (task,) = open_tasks(repo, octo.state())
    assert task.task.owner == "m009"  # still listed, under the member who left
    assert owner_name(octo.state(), "m009", {m.id: m.name for m in repo.members()}) == "Lò Thị Mai"
    octo.record("task_reassigned", meeting=sep.meeting_id, task=task.task.id, owner="m011")
    (moved,) = open_tasks(repo, octo.state())
    assert moved.task.owner == "m011"
    assert [t.task.content for t in member_tasks(repo, "m011")] == ["Hoàn thiện hồ sơ chính sách"]
    assert member_tasks(repo, "m009") == []
    with pytest.raises(DomainError):
        octo.record("task_reassigned", meeting=sep.meeting_id, task=task.task.id, owner="m999")


def test_year_summary_of_the_demo_cell(demo_repo: Repository) -> None:
    y = year_of(demo_repo, 2026)
    held = [(r.month, r.held, r.grade) for r in y.months if r.meeting]
    assert held == [(8, True, "Khá"), (9, True, "Khá"), (10, True, "Khá"), (11, False, "…")]
    assert (y.tasks_total, y.tasks_done, y.tasks_open) == (10, 4, 4)
    assert y.tasks_on_time == 4
    # Trịnh Thị Nhàn is exempted: her absences are not flagged (DOMAIN §3).
    assert all(name != "Trịnh Thị Nhàn" for name, _ in y.flagged)
    top = y.speaking[0]
    assert top[0] == "Nông Văn Thắng" and top[2] >= 3
