"""A full meeting of the demo cell, scripted with the FakeClock: the export tests' meeting and
the ``held`` fixture folder.

The cell and its members come from the demo cell's data, without the demo's recorded past,
so the documents depend on this script alone: roll call (one absent with reason, one
without, a late arrival, an early departure), a guest, speeches, a party-group opinion,
the chair's conclusions, a commendation and a self-criticism with a follow-up, a
resolution with two tasks (one taken from the follow-up), the vote with a reserved
opinion, the vote on the minutes, the end.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from meetingtui.demo import demo_source
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.people import Cell, Member
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.meetings import create_meeting

MEETING_DAY = "2026-11-20"
START_UTC = "2026-11-20T07:00:00+00:00"  # 14:00 in Lào Cai
TRICKY = "Đề nghị *không* ghi chung chung:\n# 1. chỉ tiêu [rõ](ràng) <b>cụ thể</b> & đo được_\n- từng dự án | thành phần"


def make_cell(root: Path, **changes: object) -> Repository:
    """The demo cell and its members in ``root`` (no recorded meetings)."""
    src = demo_source()
    repo = Repository(root)
    repo.save_cell(Cell.from_dict({**src["cell"], **changes}))
    repo.save_members(Member.from_dict(m) for m in src["members"])
    return repo


def plan_meeting(repo: Repository, clock: FakeClock, day: str = MEETING_DAY) -> str:
    meeting = demo_source()["meeting"]
    state = create_meeting(
        repo,
        "regular",
        day,
        clock=clock,
        by="chair",
        time=meeting["time"],
        place=meeting["place"],
        chair=meeting["chair"],
        presenters=meeting["presenters"],
    )
    return state.id


def _speak(clerk: MeetingService, clock: FakeClock, member: str, text: str, minutes: float = 3) -> None:
    clerk.record("queue_added", member=member)
    clerk.record("speech_started")
    clock.advance(minutes=minutes)
    clerk.record("speech_ended", text=text)
    clock.advance(seconds=30)


def _next(chair: MeetingService, clock: FakeClock, minutes: float) -> None:
    clock.advance(minutes=minutes)
    chair.record("next_stage")


def hold_meeting(repo: Repository, meeting_id: str, clock: FakeClock) -> None:
    """Script the whole meeting; every event goes through the rules, as in the app."""
    clock.set(datetime.fromisoformat(START_UTC))
    chair = MeetingService(repo, meeting_id, clock, actor="chair")
    clerk = MeetingService(repo, meeting_id, clock, actor="clerk")
    for member in chair.state().members():
        if member.id == "m004":
            chair.record(
                "attendance_marked",
                member=member.id,
                status="excused",
                reason="Đi công tác tại huyện Bát Xát",
            )
        elif member.id == "m014":
            chair.record("attendance_marked", member=member.id, status="unexcused")
        elif member.id != "m020":  # arrives late
            chair.record("attendance_marked", member=member.id, status="present")
    chair.record("details_set", clerk="m012")
    chair.record("guest_added", name="Lê Văn Khách", title="Đảng ủy viên Đảng ủy Khối")
    chair.start()

    _speak(
        clerk,
        clock,
        "m002",
        "Tuyên bố lý do; giới thiệu đại biểu; cử đồng chí Lương Thị Ngọc Ánh làm thư ký.",
    )
    _next(chair, clock, 1)  # Học tập và làm theo Bác
    _speak(
        clerk, clock, "m006", "Kể chuyện «Bác Hồ với đồng bào các dân tộc»: cán bộ phải gần dân, hiểu dân.", 6
    )
    clock.advance(minutes=2)
    chair.record("arrived", member="m020")
    _next(chair, clock, 1)  # Thời sự
    _speak(clerk, clock, "m003", "Phổ biến kế hoạch kiểm tra, giám sát năm 2027 của Đảng ủy Khối.", 10)
    _next(chair, clock, 1)  # Đánh giá tháng trước
    _speak(clerk, clock, "m001", "Đánh giá kết quả thực hiện nhiệm vụ tháng 11: 5/6 nhiệm vụ hoàn thành.", 8)
    chair.record(
        "stage_concluded",
        text="Chi bộ hoàn thành cơ bản nhiệm vụ tháng 11; hạn chế: báo cáo tổng hợp còn chậm.",
    )
    _next(chair, clock, 1)  # Phương hướng
    _speak(clerk, clock, "m001", "Dự thảo phương hướng tháng 12: hoàn thành báo cáo tổng kết năm.", 8)
    _next(chair, clock, 1)  # Thảo luận
    clerk.record(
        "group_opinion",
        group="Tổ đảng 2",
        member="m011",
        text="Tổ đảng 2 nhất trí; đề nghị giao chỉ tiêu cụ thể.",
    )
    _speak(clerk, clock, "m007", TRICKY, 4)
    _speak(clerk, clock, "m021", "Nhất trí dự thảo.\nĐề nghị phân công đảng viên trẻ hỗ trợ các xã.", 2)
    clock.advance(minutes=1)
    chair.record("departed", member="m018", reason="Đi họp đột xuất tại Ủy ban")
    chair.record("stage_concluded", text="Giao chỉ tiêu giải ngân theo từng dự án thành phần.")
    _next(chair, clock, 1)  # Phê bình, tự phê bình
    chair.record(
        "entry_added",
        kind="commendation",
        speaker="m001",
        concerns="m009",
        text="Đồng chí Mai hoàn thành tốt việc rà soát 45 người có uy tín.",
    )
    clock.advance(minutes=2)
    chair.record(
        "entry_added",
        kind="self_criticism",
        speaker="m008",
        text="Tôi nộp báo cáo tiến độ giải ngân chậm 3 ngày.",
        response="Tôi nhận khuyết điểm và nộp đúng hạn từ tháng này.",
        follow_up={
            "content": "Nộp báo cáo tiến độ giải ngân tháng 12 đúng hạn",
            "owner": "m008",
            "deadline": "2026-12-25",
        },
    )
    _next(chair, clock, 6)  # Kết luận, biểu quyết
    chair.record(
        "resolution_task_added",
        content="Hoàn thành báo cáo tổng kết công tác dân tộc năm 2026",
        requirement="Đầy đủ số liệu của 9 huyện, thị xã, thành phố",
        measures="Tổ đảng 1 tổng hợp số liệu; chi ủy cho ý kiến trước ngày 10/12",
        owner="@committee",
        deadline="2026-12-15",
    )
    entry = chair.state().criticism[-1]
    chair.record(
        "resolution_task_added",
        content=entry.follow_up.content if entry.follow_up else "",
        owner="m008",  # type: ignore[union-attr]
        deadline="2026-12-25",
        source=f"entry:{entry.id}",
    )
    task = chair.state().resolution.tasks[-1]
    chair.record(
        "resolution_task_changed",
        task=task.id,
        requirement="Số liệu đủ 9 huyện, gửi đúng ngày 25",
        measures="Lập lịch đôn đốc số liệu theo tuần",
    )
    clock.advance(minutes=2)
    state = chair.state()
    chair.record(
        "vote_recorded",
        question="Thông qua Nghị quyết về lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026",
        kind="resolution",
        form="hands",
        against=1,
        other=0,
        **{"for": _voters(state) - 1},
    )
    vote = chair.state().votes[-1]
    chair.record(
        "reserved_opinion", vote=vote.id, member="m013", text="Tôi đề nghị giữ chỉ tiêu 80%, không phải 70%."
    )
    chair.adopt(vote.id)
    _next(chair, clock, 1)  # Việc khác
    _next(chair, clock, 1)  # Chấm điểm (issue 7 scores; none here)
    _next(chair, clock, 3)  # Biên bản
    clock.advance(minutes=4)
    chair.record(
        "vote_recorded",
        question="Thông qua biên bản buổi sinh hoạt",
        kind="other",
        form="hands",
        against=0,
        other=0,
        **{"for": _voters(chair.state())},
    )
    clock.advance(minutes=1)
    assert chair.state().record.current is None
    chair.record("ended")


def _voters(state: object) -> int:
    from meetingtui.domain.attendance import voters_now

    return voters_now(state)  # type: ignore[arg-type]
