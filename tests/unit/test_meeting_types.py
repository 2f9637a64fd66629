"""Rules of the four meeting types (issue 16): the agenda, the minimum length, the chair, the
committee's attendance, the topic or matter, the sheet, the adopting vote, the roster rules."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from meetingtui.domain.agenda import MeetingType, template
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import (
    Category,
    CategoryChange,
    Member,
    Role,
    early_confirmation,
    other_secretary,
)
from meetingtui.domain.prep import prep_agenda
from meetingtui.domain.resolution import adopts, member_vote, task_notices
from meetingtui.services.cell import CellService
from meetingtui.services.prep import produce_meeting
from support.held import make_cell

AGENDAS = {
    MeetingType.REGULAR: (90, ["opening", "ho_chi_minh", "news", "review", "direction", "discussion", "criticism", "conclusion", "other", "scoring", "minutes"]),
    MeetingType.THEMATIC: (120, ["opening", "purpose", "topic_report", "discussion", "conclusion", "vote", "scoring", "minutes"]),
    MeetingType.EXTRAORDINARY: (0, ["opening", "matter", "discussion", "vote", "minutes"]),
    MeetingType.COMMITTEE: (0, ["opening", "assess_month", "content", "draft_tasks", "focus", "assignments", "notice"]),
}  # fmt: skip


@pytest.fixture
def cells(tmp_path: Path) -> CellService:
    clock = FakeClock("2026-12-10T01:00:00+00:00")
    return CellService(make_cell(tmp_path / "data"), clock)


@pytest.mark.parametrize("kind", list(MeetingType))
def test_each_type_has_its_agenda_minimum_and_scoring(cells: CellService, kind: MeetingType) -> None:
    minimum, keys = AGENDAS[kind]
    state = cells.create_meeting(kind, "2026-12-10")
    assert [s.key for s in state.stages] == keys == [s.key for s in template(kind).stages]
    assert state.min_minutes == minimum
    assert ("scoring" in keys) is (kind in (MeetingType.REGULAR, MeetingType.THEMATIC))


def test_a_thematic_part_in_a_regular_meeting_raises_the_minimum_to_120(cells: CellService) -> None:
    state = cells.create_meeting(
        "regular", "2026-12-10", topic="Chuyên đề về đạo đức công vụ", topic_presenter="m006"
    )
    keys = [s.key for s in state.stages]
    part = state.stages[keys.index("thematic_topic")]
    assert keys.index("thematic_topic") == keys.index("discussion") + 1
    assert (part.title, part.presenter, state.min_minutes) == (
        "Sinh hoạt chuyên đề: Chuyên đề về đạo đức công vụ",
        "m006",
        120,
    )
    assert state.topic == ""  # a regular meeting keeps its title; the part is a stage


@pytest.mark.parametrize(
    ("role_of_m001", "chair"),
    [(Role.SECRETARY, "m001"), (Role.NONE, "m002")],  # the bí thư, else the phó bí thư
)
def test_every_meeting_has_a_chair_by_default(tmp_path: Path, role_of_m001: Role, chair: str) -> None:
    repo = make_cell(tmp_path / "data")
    repo.save_member(replace(repo.member("m001"), role=role_of_m001))
    cells = CellService(repo, FakeClock("2026-12-10T01:00:00+00:00"))
    for kind in MeetingType:
        assert cells.create_meeting(kind, "2026-12-10").chair == chair
    assert cells.create_meeting("regular", "2026-12-11", chair="m003").chair == "m003"


def test_the_chair_changes_before_and_during_the_meeting(cells: CellService) -> None:
    meeting = cells.meeting(cells.create_meeting("regular", "2026-12-10").id)
    assert meeting.record("details_set", chair="m002").chair == "m002"
    meeting.start()
    assert meeting.record("details_set", chair="m001").chair == "m001"


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("thematic", "Sinh hoạt chi bộ chuyên đề: Phòng, chống lãng phí"),
        ("extraordinary", "Sinh hoạt chi bộ bất thường: Phòng, chống lãng phí"),
    ],
)
def test_the_topic_or_matter_is_in_the_title(cells: CellService, kind: str, title: str) -> None:
    state = cells.create_meeting(kind, "2026-12-10", topic="Phòng, chống lãng phí", topic_presenter="m006")
    assert (state.title, state.topic) == (title, "Phòng, chống lãng phí")
    assert state.stages[2 if kind == "thematic" else 1].presenter == "m006"
    meeting = cells.meeting(state.id)
    renamed = meeting.record("details_set", topic="Tiết kiệm")
    assert renamed.title.endswith(": Tiết kiệm")  # the default title follows the topic
    meeting.record("details_set", title="Chuyên đề quý IV")
    assert meeting.record("details_set", topic="Khác").title == "Chuyên đề quý IV"  # the chair's title stays
    assert cells.meetings()[-1].title == "Chuyên đề quý IV"


def test_a_committee_meeting_is_attended_by_the_committee(cells: CellService) -> None:
    state = cells.create_meeting("committee", "2026-12-10")
    assert sorted(state.roster) == ["m001", "m002", "m003", "m004", "m005"]
    assert len(state.cell_roster) == 26
    meeting = cells.meeting(state.id)
    # presenters and owners of the meeting it prepares may be anyone in the cell, or a body
    meeting.record("prep_presenter", stage="ho_chi_minh", presenter="m006")
    meeting.record("prep_task", content="Việc của công đoàn", owner="@body:Công đoàn cơ quan")
    meeting.record("prep_task", content="Việc của đồng chí Đạt", owner="m007")
    with pytest.raises(DomainError):
        meeting.record("prep_task", content="Không tên", owner="@body: ")
    with pytest.raises(DomainError):
        meeting.record("prep_task", content="Không rõ ai", owner="m999")
    started = meeting.start()
    assert sorted(started.roster) == sorted(state.roster)  # the start keeps the committee
    assert [t.owner for t in started.preparation.tasks] == ["@body:Công đoàn cơ quan", "m007"]


def test_a_produced_meeting_carries_the_topic_and_later_edits_are_refused_with_the_reason(
    cells: CellService,
) -> None:
    committee = cells.meeting(cells.create_meeting("committee", "2026-12-10").id)
    committee.record("prep_target", type="thematic", date="2026-12-18", topic="Tiết kiệm")
    produced = produce_meeting(cells, committee.meeting_id)
    assert (produced.topic, produced.chair) == ("Tiết kiệm", "m001")
    with pytest.raises(DomainError) as refused:
        committee.record("prep_task", content="Thêm sau")
    assert refused.value.key == "error.prep_already_produced"


def test_the_thematic_sheet_has_no_line_for_last_months_resolution(cells: CellService) -> None:
    regular, thematic = cells.sheet("regular"), cells.sheet("thematic")
    assert regular.id == "hd42-100" and thematic.id == "hd42-100-chuyen-de"
    assert sum(line.points for line in thematic.lines) == 100
    assert "tasks_done" not in {line.suggest for line in thematic.lines}


def test_scoring_credits_only_the_committee_meeting_that_prepared_this_one(cells: CellService) -> None:
    other = cells.meeting(cells.create_meeting("committee", "2026-12-10").id)
    other.record("prep_target", type="thematic", date="2026-12-18")
    prepared = produce_meeting(cells, other.meeting_id)
    unprepared = cells.create_meeting("regular", "2026-12-20")
    sheet = cells.sheet("regular")
    credit = {m.id: cells.meeting(m.id).propose_score(sheet).score for m in (prepared, unprepared)}
    lines = {k: {line.key: line for line in s.lines} for k, s in credit.items() if s is not None}
    assert lines[prepared.id]["committee"].points == 5
    assert lines[unprepared.id]["committee"].points == 0
    assert "không được tạo từ phần chuẩn bị" in lines[unprepared.id]["committee"].reason


def test_an_admission_vote_adopts_an_extraordinary_meetings_resolution(cells: CellService) -> None:
    meeting = cells.meeting(cells.create_meeting("extraordinary", "2026-12-10", topic="Xét kết nạp").id)
    for member in meeting.state().members():
        if member.category is not Category.EXEMPTED:  # they stay away: the denominator is 21
            meeting.record("attendance_marked", member=member.id, status="present")
    meeting.start()
    failed = meeting.record("vote_recorded", question="Kết nạp", kind="admission", **{"for": 13}).votes[-1]
    assert (failed.needed, failed.passed) == (14, False)  # two thirds of 21, not a majority
    vote = meeting.record("vote_recorded", question="Kết nạp", kind="admission", **{"for": 14}).votes[-1]
    state = meeting.state()
    assert member_vote(state) == vote and adopts(state, vote)
    never = lambda a, b: False  # noqa: E731
    assert "warn.resolution_no_tasks" not in {
        n.key for n in task_notices(state, [], never)
    }  # a form without tasks
    assert meeting.adopt(vote.id).resolution.number == 1
    regular = cells.meeting(cells.create_meeting("regular", "2026-12-11").id).state()
    assert not adopts(regular, vote)


def _member(**kw: object) -> Member:
    return Member(id="m100", name="Lê Văn Bình", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("since", "on", "months"),
    [("2026-03-10", "2026-12-10", 9), ("2025-12-11", "2026-12-10", 11), ("2025-12-10", "2026-12-10", None)],
)
def test_a_confirmation_before_twelve_months_is_asked(since: str, on: str, months: int | None) -> None:
    member = _member(category=Category.PROBATIONARY, joined=since)
    assert early_confirmation(member, Category.OFFICIAL, on) == months
    assert early_confirmation(member, Category.EXEMPTED, on) is None
    moved = _member(
        category=Category.PROBATIONARY,
        joined="2020-01-01",
        history=(CategoryChange(since, Category.PROBATIONARY),),
    )
    assert early_confirmation(moved, Category.OFFICIAL, on) == months


def test_a_second_secretary_is_asked(cells: CellService) -> None:
    members = cells.members()
    assert other_secretary(members, "m002", Role.SECRETARY) is not None
    assert other_secretary(members, "m001", Role.SECRETARY) is None  # the secretary themself
    assert other_secretary(members, "m002", Role.DEPUTY) is None
    asks = cells.roster_questions("m002", role="bi_thu")
    assert [a.key for a in asks] == ["ask.second_secretary"] and asks[0].params["name"] == "Nông Văn Thắng"


def test_the_year_lists_extraordinary_meetings_by_their_matter(cells: CellService) -> None:
    cells.create_meeting("extraordinary", "2026-12-10", topic="Xét kết nạp quần chúng Lê Văn Bình")
    cells.create_meeting("thematic", "2026-12-11", topic="Phòng, chống lãng phí")
    year = cells.year(2026)
    assert year.extraordinary == [
        ("2026-12-10", "Sinh hoạt chi bộ bất thường: Xét kết nạp quần chúng Lê Văn Bình")
    ]
    assert year.thematic[4] == [("2026-12-11", "Sinh hoạt chi bộ chuyên đề: Phòng, chống lãng phí")]


def test_the_committee_shapes_the_agenda_and_the_produced_meeting_has_it(cells: CellService) -> None:
    committee = cells.meeting(cells.create_meeting("committee", "2026-12-10").id)
    committee.record("prep_target", type="regular", date="2026-12-18")
    agenda = [
        {"key": st.key, "title": st.title, "budget_min": st.budget_min, "presenter": st.presenter}
        for st in prep_agenda(committee.state().preparation)
        if st.key != "other"  # drop "Việc khác"
    ]
    agenda.insert(
        6, {"key": "thematic_topic", "title": "Sinh hoạt chuyên đề: Chuyển đổi số", "presenter": "m006"}
    )
    agenda[2]["budget_min"] = 20  # re-budget the news
    agenda[1], agenda[2] = agenda[2], agenda[1]  # and move it up
    committee.record("prep_agenda", stages=agenda)
    committee.record("prep_presenter", stage="thematic_topic", presenter="m006")  # any stage of the agenda
    with pytest.raises(DomainError):
        committee.record("prep_agenda", stages=[{"key": "nonsense"}])
    with pytest.raises(DomainError):
        committee.record("prep_agenda", stages=[])
    shaped = committee.state().preparation.agenda
    assert [(s.key, s.presenter) for s in shaped][6] == ("thematic_topic", "m006")
    produced = produce_meeting(cells, committee.meeting_id)
    assert [(s.key, s.title, s.budget // 60, s.presenter) for s in produced.stages] == [
        (a.key, a.title, a.budget_min, a.presenter) for a in shaped
    ]
    assert [s.key for s in produced.stages][1:3] == ["news", "ho_chi_minh"] and produced.stages[
        1
    ].budget == 1200
    assert produced.min_minutes == 120 and "other" not in {s.key for s in produced.stages}


def test_a_change_of_type_starts_from_its_template(cells: CellService) -> None:
    committee = cells.meeting(cells.create_meeting("committee", "2026-12-10").id)
    committee.record("prep_agenda", stages=[{"key": "opening"}, {"key": "custom", "title": "Đảng phí"}])
    assert [s.key for s in prep_agenda(committee.state().preparation)] == ["opening", "custom"]
    committee.record("prep_target", type="thematic")
    assert [s.key for s in prep_agenda(committee.state().preparation)] == AGENDAS[MeetingType.THEMATIC][1]


def test_the_deputy_who_chairs_signs_the_resolution_and_the_minutes(cells: CellService) -> None:
    from meetingtui.export.documents import build_document
    from meetingtui.export.render_txt import render_text
    from meetingtui.queries.documents import load_context

    state = cells.create_meeting("regular", "2026-12-10", chair="m002")
    resolution = " ".join(
        render_text(build_document(load_context(cells.repo, state.id), "resolution")).split()
    )
    minutes = " ".join(render_text(build_document(load_context(cells.repo, state.id), "minutes")).split())
    assert "T/M CHI BỘ PHÓ BÍ THƯ Hoàng Thị Thu Hà" in resolution
    assert "Hoàng Thị Thu Hà, Phó Bí thư chi bộ chủ trì" in resolution
    assert "Chủ trì: đồng chí Hoàng Thị Thu Hà, Phó Bí thư chi bộ." in minutes
    assert minutes.rstrip().endswith("Hoàng Thị Thu Hà")  # CHỦ TRÌ signs


def test_a_resolution_task_may_be_led_by_a_named_body(cells: CellService) -> None:
    from meetingtui.export.documents import build_document
    from meetingtui.export.render_txt import render_text
    from meetingtui.queries.documents import load_context

    meeting = cells.meeting(cells.create_meeting("regular", "2026-12-10").id)
    state = meeting.record(
        "resolution_task_added", content="Phát động thi đua", owner="@body: Đoàn thanh niên "
    )
    assert state.resolution.tasks[0].owner == "@body:Đoàn thanh niên"
    text = render_text(build_document(load_context(cells.repo, meeting.meeting_id), "resolution"))
    assert "c) Chủ trì: Đoàn thanh niên" in text
    with pytest.raises(DomainError):
        meeting.record("resolution_task_added", content="Không ai", owner="@body:")


def test_a_meeting_moved_to_today_has_todays_date_in_every_document(cells: CellService) -> None:
    from meetingtui.export.documents import build_document
    from meetingtui.export.render_txt import render_text
    from meetingtui.queries.documents import load_context

    meeting = cells.meeting(cells.create_meeting("regular", "2026-12-11").id)  # planned for tomorrow
    meeting.record("details_set", date=cells.today())  # what s does after asking
    meeting.start()
    meeting.record("ended")
    ctx = load_context(cells.repo, meeting.meeting_id)
    minutes = " ".join(render_text(build_document(ctx, "minutes")).split())
    resolution = " ".join(render_text(build_document(ctx, "resolution")).split())
    assert "ngày 10 tháng 12 năm 2026" in minutes and "cùng ngày" in minutes
    assert "11 tháng 12" not in minutes and "11/12/2026" not in minutes
    assert "họp định kỳ ngày 10/12/2026" in resolution and "11/12/2026" not in resolution


def test_a_confirmation_gives_the_form_for_it_naming_the_probationary_member(cells: CellService) -> None:
    from meetingtui.export.documents import build_document
    from meetingtui.export.render_txt import render_text
    from meetingtui.queries.documents import load_context

    meeting = cells.meeting(
        cells.create_meeting("extraordinary", "2026-12-10", topic="Xét chuyển đảng chính thức").id
    )
    for member in meeting.state().members():
        if member.category is not Category.EXEMPTED:
            meeting.record("attendance_marked", member=member.id, status="present")
    meeting.start()
    vote = meeting.record(
        "vote_recorded", question="Công nhận chính thức", kind="confirmation", subject="m022", **{"for": 15}
    ).votes[-1]
    meeting.adopt(vote.id)
    text = " ".join(
        render_text(build_document(load_context(cells.repo, meeting.meeting_id), "resolution")).split()
    )
    assert "NGHỊ QUYẾT đề nghị công nhận đảng viên chính thức" in text and "Căn cứ Điều 5" in text
    assert "đề nghị công nhận đảng viên dự bị Phan Văn Lộc trở thành đảng viên chính thức" in text
    assert "tán thành: 15/21 đồng chí" in text and "Cần ít nhất 14" in text
    assert "quyết định công nhận đồng chí Phan Văn Lộc là đảng viên chính thức" in text
