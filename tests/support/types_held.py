"""A meeting of each of the other types, scripted with the FakeClock as ``support.held`` scripts
the monthly one: a committee meeting preparing a thematic meeting, that thematic meeting ending
with a kết luận, and an extraordinary meeting admitting a member. Every event goes through the
rules, as in the app; the golden files of ``tests/export/test_types_golden.py`` are their
documents.
"""

from __future__ import annotations

from datetime import datetime

from meetingtui.domain.clock import FakeClock
from meetingtui.services.cell import CellService
from meetingtui.services.meeting import MeetingService
from meetingtui.services.prep import produce_meeting
from meetingtui.store.repo import Repository

TOPIC = "Học tập, làm theo tư tưởng Hồ Chí Minh về phòng, chống tham nhũng, lãng phí"
MATTER = "Xét đề nghị kết nạp quần chúng Lê Văn Bình vào Đảng"


def _present(service: MeetingService, *, away: tuple[str, ...] = ()) -> None:
    for member in service.state().members():
        if member.category.value in ("official", "probationary") and member.id not in away:
            service.record("attendance_marked", member=member.id, status="present")
        elif member.id in away:
            service.record("attendance_marked", member=member.id, status="excused", reason="Đi công tác")


def _speak(clerk: MeetingService, clock: FakeClock, member: str, text: str, minutes: float = 5) -> None:
    clerk.record("queue_added", member=member)
    clerk.record("speech_started")
    clock.advance(minutes=minutes)
    clerk.record("speech_ended", text=text)
    clock.advance(seconds=30)


def _walk(chair: MeetingService, clock: FakeClock, minutes: float) -> None:
    clock.advance(minutes=minutes)
    chair.record("next_stage")


def hold_committee(repo: Repository, clock: FakeClock) -> tuple[str, str]:
    """The committee meets on 10/12 and prepares the thematic meeting of 18/12: (committee id,
    the thematic meeting's id)."""
    clock.set(datetime.fromisoformat("2026-12-10T01:00:00+00:00"))  # 08:00 in Lào Cai
    cells = CellService(repo, clock)
    committee = cells.create_meeting("committee", "2026-12-10", time="08:00", place="Phòng họp chi ủy")
    chair = cells.meeting(committee.id)
    _present(chair, away=("m005",))
    chair.record("details_set", clerk="m004")
    chair.record("prep_target", type="thematic", date="2026-12-18", time="14:00", place="Hội trường tầng 3")
    chair.record("prep_target", topic=TOPIC)
    chair.record("prep_presenter", stage="topic_report", presenter="m006")  # not on the committee
    chair.record("prep_presenter", stage="purpose", presenter="m001")
    chair.record(
        "prep_task",
        content="Mỗi đảng viên viết bản cam kết làm theo chuyên đề",
        requirement="100% đảng viên",
        measures="Tổ đảng thu, chi ủy tổng hợp",
        owner="@committee",
        deadline="2026-12-31",
    )
    chair.record(
        "prep_task",
        content="Phát động phong trào tiết kiệm trong cơ quan",
        requirement="Giảm 10% chi hành chính",
        measures="Phối hợp lãnh đạo cơ quan",
        owner="@body:Công đoàn cơ quan",
        deadline="2027-01-15",
    )
    chair.record("prep_focus", text="Nêu gương người đứng đầu trong tiết kiệm")
    chair.start()
    for minutes in (5, 15, 15, 15, 10, 5):
        _walk(chair, clock, minutes)
    clock.advance(minutes=5)
    chair.record("ended")
    chair.record("minutes_approved", agree=4, present=4)
    produced = produce_meeting(cells, committee.id)
    return committee.id, produced.id


def hold_thematic(repo: Repository, meeting_id: str, clock: FakeClock) -> None:
    """The thematic meeting, held on its date and ending with a kết luận adopted by vote."""
    clock.set(datetime.fromisoformat("2026-12-18T07:00:00+00:00"))  # 14:00 in Lào Cai
    chair = MeetingService(repo, meeting_id, clock, actor="chair")
    clerk = MeetingService(repo, meeting_id, clock, actor="clerk")
    _present(chair, away=("m010",))
    chair.record("details_set", clerk="m012")
    chair.record("resolution_set", kind="KL")
    chair.start()
    _walk(chair, clock, 5)  # purpose
    _walk(chair, clock, 5)  # topic report
    _speak(
        clerk,
        clock,
        "m006",
        "Trình bày báo cáo chuyên đề: năm nội dung Bác dạy về cần, kiệm, liêm, chính.",
        25,
    )
    _walk(chair, clock, 1)  # discussion
    _speak(clerk, clock, "m007", "Liên hệ bản thân: còn để điện sáng khi ra về; cam kết sửa ngay.", 6)
    _speak(clerk, clock, "m021", "Đề nghị chi bộ đưa tiết kiệm vào tiêu chí đánh giá đảng viên hằng quý.", 6)
    _speak(clerk, clock, "m009", "Nhất trí; tổ đảng 1 sẽ đăng ký công trình tiết kiệm.", 5)
    clock.advance(minutes=30)
    _walk(chair, clock, 1)  # conclusion
    chair.record(
        "stage_concluded",
        text="Chi bộ thống nhất: mỗi đảng viên có bản cam kết; người đứng đầu nêu gương tiết kiệm.",
    )
    clock.advance(minutes=14)
    _walk(chair, clock, 1)  # vote
    vote = chair.record(
        "vote_recorded", question="Thông qua Kết luận về chuyên đề", kind="resolution", **{"for": 20}
    ).votes[-1]
    chair.adopt(vote.id)
    _walk(chair, clock, 5)  # scoring, on the thematic sheet
    chair.propose_score(CellService(repo, clock).sheet("thematic"))
    _walk(chair, clock, 5)  # minutes
    clock.advance(minutes=8)
    chair.record("minutes_approved", agree=23, present=23)
    chair.record("ended")


def hold_admission(repo: Repository, clock: FakeClock) -> str:
    """An extraordinary meeting on 22/12 that votes to propose admitting a candidate."""
    clock.set(datetime.fromisoformat("2026-12-22T07:00:00+00:00"))
    cells = CellService(repo, clock)
    state = cells.create_meeting(
        "extraordinary", "2026-12-22", time="14:00", place="Phòng họp 2", topic=MATTER, topic_presenter="m002"
    )
    chair = cells.meeting(state.id)
    clerk = cells.meeting(state.id, "clerk")
    _present(chair)
    chair.record("details_set", clerk="m012")
    chair.start()
    _walk(chair, clock, 5)  # the matter
    _speak(
        clerk,
        clock,
        "m002",
        "Báo cáo lý lịch, quá trình rèn luyện và nhận xét của đoàn thể về quần chúng Lê Văn Bình.",
        10,
    )
    _walk(chair, clock, 1)  # discussion
    _speak(
        clerk,
        clock,
        "m003",
        "Quần chúng Bình có lập trường vững vàng, hoàn thành tốt nhiệm vụ; nhất trí đề nghị.",
        4,
    )
    chair.record(
        "stage_concluded",
        text="Ưu điểm: phẩm chất chính trị vững vàng, hoàn thành xuất sắc nhiệm vụ. Khuyết điểm: còn ít kinh nghiệm công tác quần chúng.",
    )
    _walk(chair, clock, 1)  # the vote: two thirds of the 21 official members
    vote = chair.record(
        "vote_recorded",
        question="Đề nghị kết nạp quần chúng Lê Văn Bình vào Đảng",
        kind="admission",
        form="card",
        **{"for": 20, "against": 1},
    ).votes[-1]
    chair.adopt(vote.id)
    _walk(chair, clock, 3)  # minutes
    clock.advance(minutes=4)
    chair.record("minutes_approved", agree=24, present=24)
    chair.record("ended")
    return state.id
