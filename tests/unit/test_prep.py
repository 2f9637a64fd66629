"""The committee's preparatory meeting produces the next cell meeting and its notice."""

from __future__ import annotations

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.export.notice import notice_text
from meetingtui.services.cell import CellService
from meetingtui.services.meeting import MeetingService
from meetingtui.services.prep import produce_meeting
from meetingtui.store.repo import Repository
from support.meetings import create_meeting


@pytest.fixture
def committee(demo_repo: Repository, clock: FakeClock) -> MeetingService:
    state = create_meeting(demo_repo, "committee", "2026-12-15", clock=clock)
    svc = MeetingService(demo_repo, state.id, clock)
    svc.start()
    svc.record("prep_target", type="regular", date="2026-12-21", time="14:00", place="Phòng họp tầng 3")
    svc.record("prep_presenter", stage="news", presenter="m003")
    svc.record("prep_presenter", stage="ho_chi_minh", presenter="m004")
    svc.record("prep_task", content="Hoàn thành tổng kết năm 2026", owner="@committee", deadline="2027-01-10")
    svc.record("prep_task", content="Vận động đoàn viên ưu tú", requirement="02 quần chúng", owner="m005")
    svc.record("prep_focus", text="Nâng cao chất lượng tham mưu chính sách dân tộc")
    return svc


def test_committee_meeting_produces_the_cell_meeting(
    committee: MeetingService, demo_repo: Repository, clock: FakeClock
) -> None:
    cell = CellService(demo_repo, clock)
    produced = produce_meeting(cell, committee.meeting_id)
    assert produced.date == "2026-12-21" and produced.time == "14:00" and produced.place == "Phòng họp tầng 3"
    presenters = {s.key: s.presenter for s in produced.stages}
    assert presenters["news"] == "m003" and presenters["ho_chi_minh"] == "m004"
    assert produced.chair == "m001"  # the secretary chairs
    tasks = produced.resolution.tasks
    assert [(t.content, t.owner, t.requirement) for t in tasks] == [
        ("Hoàn thành tổng kết năm 2026", "@committee", ""),
        ("Vận động đoàn viên ưu tú", "m005", "02 quần chúng"),
    ]
    assert list(produced.focus) == ["Nâng cao chất lượng tham mưu chính sách dân tộc"]
    assert produced.id in {m.id for m in demo_repo.meetings()}
    with pytest.raises(DomainError) as err:
        produce_meeting(cell, committee.meeting_id)
    assert err.value.key == "error.prep_already_produced"
    with pytest.raises(DomainError):
        committee.record("prep_focus", text="Thêm sau khi đã tạo")


def test_notice_text_and_its_warnings(committee: MeetingService, demo_repo: Repository) -> None:
    cell, members = demo_repo.cell(), demo_repo.members()
    text, warnings = notice_text(cell, members, committee.state(), "2026-12-16")
    assert "THÔNG BÁO" in text and "Về việc sinh hoạt chi bộ định kỳ tháng 12 năm 2026" in text
    assert "1. Thời gian: 14 giờ 00, ngày 21 tháng 12 năm 2026." in text
    assert "(đồng chí Lý Văn Quyết trình bày)" in text
    assert "   - Nâng cao chất lượng tham mưu chính sách dân tộc" in text
    assert "Lào Cai, ngày 16 tháng 12 năm 2026" in text and text.rstrip().endswith("Nông Văn Thắng")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text.splitlines()[0]
    assert warnings == []
    _, late = notice_text(cell, members, committee.state(), "2026-12-21")
    assert late == ["Thông báo phải gửi đến đảng viên trước ít nhất một ngày."]


def test_prep_events_only_on_a_committee_meeting(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    with pytest.raises(DomainError) as err:
        svc.record("prep_focus", text="x")
    assert err.value.key == "error.prep_not_committee"
    with pytest.raises(DomainError):
        MeetingService(
            demo_repo, create_meeting(demo_repo, "committee", "2026-12-01", clock=clock).id, clock
        ).record("prep_presenter", stage="no_such_stage", presenter="m001")
