"""A committee meeting that prepares a cell meeting, that meeting held with every kind of event
the app records at least once (corrections, agenda edits, pauses, withdrawals), and an
extraordinary meeting whose numbered draft is discarded: the fixture that proves every kind
is written, read back and upcast (``tests/fixtures/*/every``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from meetingtui.domain.attendance import voters_now
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.prep import prep_agenda
from meetingtui.domain.scoring import sheet_data, shipped_sheets
from meetingtui.queries.suggest import suggest
from meetingtui.services.cell import CellService
from meetingtui.services.meeting import MeetingService
from meetingtui.services.prep import produce_meeting
from support.held import make_cell


def every_kind(root: Path) -> None:
    """A committee meeting that prepares a cell meeting, and that meeting held with every kind
    of event the app records at least once (corrections, agenda edits, pauses, withdrawals)."""
    clock = FakeClock("2026-12-01T02:00:00+00:00")
    repo = make_cell(root)
    cell = CellService(repo, clock, "chair")
    committee = cell.create_meeting(
        "committee", "2026-12-01", time="08:00", place="Phòng họp chi ủy", chair="m001"
    )
    c = MeetingService(repo, committee.id, clock, "chair")
    c.record("attendance_marked", member="m001", status="present")
    c.record("started")
    c.record("prep_target", type="regular", date="2026-12-18", time="14:00", place="Hội trường tầng 2")
    c.record("prep_presenter", stage="ho_chi_minh", presenter="m006")
    c.record("prep_presenter", stage="news", presenter="m003")
    c.record("prep_presenter", stage="news", presenter="m002")
    agenda = [
        {"key": st.key, "title": st.title, "budget_min": st.budget_min, "presenter": st.presenter}
        for st in prep_agenda(c.state().preparation)
    ]
    agenda[2]["budget_min"] = 12  # the committee re-budgets the news
    c.record("prep_agenda", stages=agenda)
    c.record(
        "prep_task",
        content="Hoàn thành tổng kết năm 2026",
        requirement="Đủ số liệu",
        measures="Tổ 1 tổng hợp",
        owner="@committee",
        deadline="2026-12-28",
    )
    c.record("prep_task", content="Việc bị bỏ", owner="m003")
    c.record("prep_task_removed", index=1)
    c.record("prep_focus", text="Giải ngân vốn đầu tư công")
    c.record("prep_focus", text="Ý bị bỏ")
    c.record("prep_focus_removed", index=1)
    clock.advance(minutes=40)
    c.record("ended")
    meeting = produce_meeting(cell, committee.id)
    clock.set(datetime.fromisoformat("2026-12-18T06:30:00+00:00"))
    chair = MeetingService(repo, meeting.id, clock, "chair")
    clerk = MeetingService(repo, meeting.id, clock, "clerk")
    chair.record("details_set", title="Sinh hoạt chi bộ định kỳ tháng 12", place="Hội trường tầng 2, nhà A")
    chair.record("stage_added", key="thematic_topic", position=6, presenter="m005")
    chair.record("stage_added", key="custom", title="Thu đảng phí quý IV", budget_min=3)
    stages = chair.state().stages
    chair.record("stage_moved", stage=stages[-1].id, to=9)
    chair.record("stage_added", key="custom", title="Nội dung bỏ", budget_min=2)
    chair.record("stage_removed", stage=chair.state().stages[-1].id)
    chair.record("stage_changed", stage=stages[2].id, budget_min=12, speech_limit_min=4)
    chair.record("focus_set", items=["Giải ngân vốn đầu tư công", "Chuyển đổi số"])
    for member in chair.state().members():
        if member.id == "m004":
            chair.record("attendance_marked", member=member.id, status="excused", reason="Ốm")
        elif member.id == "m014":
            chair.record("attendance_marked", member=member.id, status="unexcused")
        elif member.category.value != "exempted":
            chair.record("attendance_marked", member=member.id, status="present")
    chair.record("details_set", clerk="m012")
    chair.record("details_set", secret=True)  # the MẬT mark for this meeting (since issue 15)
    chair.record("guest_added", name="Lê Văn Khách", title="Đảng ủy viên")
    chair.record("guest_added", name="Khách nhầm")
    chair.record("guest_removed", index=1)
    clock.set(datetime.fromisoformat("2026-12-18T07:00:00+00:00"))
    chair.start()
    clerk.record("queue_added", member="m002")
    clerk.record("queue_added", member="m003")
    clerk.record("queue_added", guest="Lê Văn Khách")
    clerk.record("queue_moved", entry=clerk.state().record.queue[2].id, to=0)
    clerk.record("queue_removed", entry=clerk.state().record.queue[0].id)
    clerk.record("speech_started")
    clock.advance(minutes=1)
    clerk.record("speech_cancelled")
    clerk.record("speech_started")
    # kept apart from the events by the app (MeetingService.save_notes); stored here as an
    # event, as 0.1.0 stored it, so that every version's fixtures hold one to read
    clerk.record_event("speech_noted", text="Tuyên bố lý do")
    clerk.save_notes("Tuyên bố lý do; giới thiệu")
    clock.advance(minutes=3)
    clerk.record("speech_ended", text="Tuyên bố lý do; giới thiệu đại biểu.")
    clerk.record("queue_restore_last")
    clerk.record("queue_removed", entry=clerk.state().record.queue[0].id)
    speech = clerk.state().record.speeches[-1]
    clerk.record(
        "speech_corrected", speech=speech.id, text="Tuyên bố lý do; giới thiệu đại biểu dự.", base_rev=0
    )
    clock.advance(minutes=2)
    chair.record("paused")
    clock.advance(minutes=5)
    chair.record("resumed")
    chair.record("next_stage")
    clock.advance(minutes=10)
    chair.record("next_stage")
    chair.record("previous_stage")
    clock.advance(minutes=1)
    review = next(s for s in chair.state().stages if s.key == "review")
    chair.record("goto_stage", stage=review.id)
    chair.record("task_reassigned", meeting="2026-11-20-dinh-ky", task="t1", owner="m005")
    chair.record(
        "task_reviewed",
        meeting="2026-11-20-dinh-ky",
        task="t1",
        content="Nhiệm vụ cũ",
        owner="m005",
        deadline="2026-12-15",
        status="partly",
        note="Còn 2 huyện",
    )
    chair.record("stage_concluded", text="Kết quả tháng trước đạt khá.")
    chair.record("stage_concluded", text="Kết quả tháng trước đạt khá; còn chậm.", base_rev=0)
    for _ in range(2):
        clock.advance(minutes=8)
        chair.record("next_stage")
    clerk.record("group_opinion", group="Tổ đảng 1", member="m010", text="Tổ 1 nhất trí.")
    for speaker in ("m007", "m021", "m009"):
        clerk.record("queue_added", member=speaker)
    clerk.record("queue_first_timers")
    for _ in range(3):
        clerk.record("speech_started")
        clock.advance(minutes=3)
        clerk.record("speech_ended", text="Nhất trí với dự thảo; đề nghị bổ sung chỉ tiêu.")
    clock.advance(minutes=20)
    chair.record("next_stage")  # thematic topic
    clock.advance(minutes=30)
    chair.record("next_stage")  # criticism
    clerk.record(
        "entry_added",
        kind="commendation",
        speaker="m001",
        concerns="m009",
        text="Hoàn thành tốt việc rà soát.",
    )
    clerk.record("entry_added", kind="reminder", speaker="", concerns="m014", text="Vắng không lý do.")
    clerk.record(
        "entry_added",
        kind="self_criticism",
        speaker="m008",
        text="Nộp báo cáo chậm.",
        response="Sẽ khắc phục.",
        follow_up={"content": "Nộp báo cáo đúng hạn", "deadline": "2026-12-30"},
    )
    clerk.record(
        "entry_added",
        kind="criticism",
        speaker="m002",
        concerns="@committee",
        text="Chi ủy đôn đốc chưa sát.",
    )
    entries = clerk.state().criticism
    clerk.record("entry_changed", entry=entries[1].id, text="Vắng không lý do lần thứ hai.", base_rev=0)
    clerk.record("follow_up_reported", entry=entries[2].id, done=True, note="Đã nộp")
    clock.advance(minutes=10)
    chair.record("next_stage")  # conclusion
    res_task = chair.state().resolution.tasks[0]
    chair.record(
        "resolution_set",
        kind="NQ",
        summary="về lãnh đạo thực hiện nhiệm vụ tháng 01 năm 2027",
        heard="báo cáo của chi ủy",
        organisation="Chi ủy tổ chức thực hiện nghị quyết này.",
        recipients="Đảng ủy cấp trên (để báo cáo),\nĐảng viên trong chi bộ,\nLưu chi bộ.",
        signer="m001",
    )
    chair.record("resolution_task_added", content="Tạm thời", owner="m003", deadline="2027-01-10")
    chair.record(
        "resolution_task_added",
        content="Số hóa hồ sơ đảng viên",
        requirement="100% hồ sơ",
        measures="Giao tổ 2",
        owner="m011",
        deadline="2027-01-20",
        report_at="2027-01",
        position=0,
    )
    tasks = chair.state().resolution.tasks
    chair.record("resolution_task_removed", task=tasks[-1].id)
    chair.record("resolution_task_moved", task=res_task.id, to=0)
    chair.record("resolution_task_changed", task=res_task.id, owner="m002")
    entry = entries[2]
    chair.record(
        "resolution_task_added",
        content=entry.follow_up.content if entry.follow_up else "",
        owner="m008",
        deadline="2026-12-30",
        source=f"entry:{entry.id}",
    )
    state = chair.state()
    chair.record(
        "vote_recorded",
        question="Thông qua nghị quyết (nhầm)",
        kind="resolution",
        form="hands",
        against=0,
        other=0,
        **{"for": voters_now(state)},
    )
    chair.record("vote_withdrawn", vote=chair.state().votes[-1].id, reason="Ghi nhầm số phiếu")
    chair.record(
        "vote_recorded",
        question="Thông qua nghị quyết tháng 01/2027",
        kind="resolution",
        form="card",
        against=1,
        other=1,
        **{"for": voters_now(state) - 2},
    )
    vote = chair.state().votes[-1]
    chair.record("reserved_opinion", vote=vote.id, member="m013", text="Giữ chỉ tiêu 80%.")
    chair.adopt(vote.id)
    clock.advance(minutes=5)
    chair.record("next_stage")  # other
    chair.record(
        "vote_recorded",
        question="Đề nghị kết nạp quần chúng Nguyễn Văn A",
        kind="admission",
        form="hands",
        against=0,
        other=0,
        **{"for": voters_now(state)},
    )
    clock.advance(minutes=5)
    chair.record("next_stage")  # scoring
    sheet = shipped_sheets()["hd42-100"]
    st = chair.state()
    lines = suggest(sheet, st, repo, clock.now())
    chair.record("score_proposed", sheet=sheet.id, sheet_data=sheet_data(sheet), lines=lines)
    for line in sheet.lines[:3]:
        chair.record("score_line_set", line=line.key, points=line.points)
    chair.record("score_line_set", line=sheet.lines[3].key, points=1, note="Chuẩn bị chưa kỹ")
    clock.advance(minutes=5)
    chair.record("next_stage")  # minutes
    chair.record("minutes_approved", agree=20, present=21)
    clock.advance(minutes=5)
    chair.record("ended")
    # A second, discarded draft in an extraordinary meeting, and a roster snapshot.
    other = cell.create_meeting("extraordinary", "2026-12-22", chair="m001")
    o = MeetingService(repo, other.id, clock, "chair")
    o.record("roster_snapshot", roster=repo.roster_snapshot("2026-12-22"))
    o.record("resolution_set", kind="KL")
    o.record("resolution_numbered", number=repo.next_number("KL"))
    o.record("resolution_discarded", reason="Họp lại")
    o.record(
        "resolution_task_added", content="Việc mới sau khi bỏ dự thảo", owner="m001", deadline="2027-01-05"
    )
