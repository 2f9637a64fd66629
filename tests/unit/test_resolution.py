"""The resolution draft as events (DOMAIN §6): tasks, warnings, adoption by vote, numbering."""

from __future__ import annotations

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.resolution import (
    PriorTask,
    TaskResult,
    adoption_vote,
    assessment_of,
    default_period,
    draft_assessment,
    duplicate_of,
    is_adopted,
    last_month_results,
    letter,
    number_label,
    offered_follow_ups,
    period_notices,
    report_month,
    task_notices,
)
from meetingtui.domain.state import DocKind, Task
from meetingtui.queries.similar import repeats
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository

FULL = {
    "content": "Hoàn thành báo cáo tổng kết năm 2026",
    "requirement": "Đủ số liệu 9 huyện",
    "measures": "Tổ đảng 1 tổng hợp",
    "owner": "@committee",
    "deadline": "2026-12-15",
}


@pytest.fixture
def demo_repo(fresh_repo: Repository) -> Repository:
    """A cell without past resolutions, so document numbers start at 01."""
    return fresh_repo


@pytest.fixture
def demo_meeting_id(fresh_repo: Repository) -> str:
    return fresh_repo.meetings()[-1].id


@pytest.fixture
def svc(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> MeetingService:
    service = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in service.state().members():
        service.record("attendance_marked", member=member.id, status="present")
    service.start()
    return service


def _vote(svc: MeetingService, for_: int, kind: str = "resolution", against: int = 0) -> str:
    svc.record(
        "vote_recorded", question="Thông qua Nghị quyết", kind=kind, against=against, other=0, **{"for": for_}
    )
    return svc.state().votes[-1].id


def _tasks(svc: MeetingService) -> tuple[Task, ...]:
    return svc.state().resolution.tasks


# -- letters, labels, periods ----------------------------------------------------------------
def test_sub_item_letters_skip_f() -> None:
    assert [letter(i) for i in range(10)] == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]
    assert "f" not in {letter(i) for i in range(40)}


def test_number_labels_have_two_digits_at_least() -> None:
    assert number_label(DocKind.RESOLUTION, 5) == "05-NQ/CB"
    assert number_label("KL", 123) == "123-KL/CB"
    assert number_label(DocKind.RESOLUTION, None) == "…-NQ/CB"


@pytest.mark.parametrize(
    ("day", "period"),
    [("2026-11-05", "2026-11"), ("2026-11-20", "2026-12"), ("2026-12-21", "2027-01"), ("bad", "")],
)
def test_default_period(day: str, period: str) -> None:
    assert default_period(day) == period


# -- repeats (the matcher's own table is tests/unit/test_similar.py) -----------------------------
def test_duplicate_of_picks_the_latest_earlier_task_it_repeats() -> None:
    earlier = [
        PriorTask("m1", "2026-09-21", "03-NQ/CB", "Hoàn thành báo cáo sơ kết quý III"),
        PriorTask("m2", "2026-10-20", "04-NQ/CB", "Hoàn thành báo cáo tổng kết năm 2026"),
        PriorTask("m3", "2026-10-20", "04-NQ/CB", ""),  # a resolution without tasks
    ]
    assert duplicate_of("HOAN THANH bao cao tong ket nam 2026", earlier, repeats) == earlier[1]
    assert duplicate_of("Kiểm tra chính sách tại Bát Xát", earlier, repeats) is None


# -- tasks and warnings --------------------------------------------------------------------------
def test_tasks_are_added_changed_moved_removed(svc: MeetingService) -> None:
    svc.record("resolution_task_added", **FULL)
    svc.record("resolution_task_added", content="Kiểm tra chính sách tại Bát Xát", owner="m007")
    first, second = _tasks(svc)
    assert first.report_at == "2026-12"  # due 15/12: reports back at the December meeting
    assert second.report_at == "2026-12"  # no deadline: at next month's meeting
    svc.record("resolution_task_moved", task=second.id, to=0)
    assert [t.id for t in _tasks(svc)] == [second.id, first.id]
    svc.record("resolution_task_changed", task=second.id, requirement="Hai xã", deadline="2026-12-10")
    assert _tasks(svc)[0].requirement == "Hai xã"
    svc.record("resolution_task_removed", task=first.id)
    assert [t.id for t in _tasks(svc)] == [second.id]
    with pytest.raises(DomainError) as err:
        svc.record("resolution_task_changed", task="t99", content="x")
    assert err.value.key == "error.resolution_task_unknown"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"content": ""}, "error.field_empty"),
        ({"content": "x", "owner": "m999"}, "error.member_unknown"),
        ({"content": "x", "deadline": "15/12/2026"}, "error.date_invalid"),
        ({"content": "x", "report_at": "2026-13"}, "error.resolution_period_invalid"),
        ({"content": "x", "source": "entry:c99"}, "error.entry_unknown"),
    ],
)
def test_bad_tasks_are_refused(svc: MeetingService, data: dict[str, str], key: str) -> None:
    before = len(svc.log.events())
    with pytest.raises(DomainError) as err:
        svc.record("resolution_task_added", **data)
    assert err.value.key == key
    assert len(svc.log.events()) == before


def test_warnings_before_the_vote(svc: MeetingService) -> None:
    assert [n.key for n in task_notices(svc.state(), [], repeats)] == ["warn.resolution_no_tasks"]
    svc.record("resolution_task_added", **FULL)
    svc.record("resolution_task_added", content="Hoàn thành báo cáo tổng kết năm 2026 đúng hạn", owner="m006")
    earlier = [PriorTask("old", "2026-10-20", "04-NQ/CB", "hoan thanh bao cao tong ket nam 2026")]
    notices = task_notices(svc.state(), earlier, repeats)
    assert [(n.key, n.params.get("n")) for n in notices] == [
        ("warn.resolution_task_duplicate", 1),
        ("warn.resolution_task_incomplete", 2),
        ("warn.resolution_task_repeats", 2),
        ("warn.resolution_task_duplicate", 2),
    ]
    assert notices[1].params["fields"] == ["requirement", "measures", "deadline"]
    assert notices[0].params["label"] == "04-NQ/CB"


def test_follow_ups_are_offered_until_taken(svc: MeetingService) -> None:
    svc.record(
        "entry_added",
        kind="self_criticism",
        speaker="m008",
        text="Nộp báo cáo chậm",
        follow_up={"content": "Nộp báo cáo đúng hạn", "owner": "m008", "deadline": "2026-12-25"},
    )
    svc.record("entry_added", kind="commendation", speaker="m001", concerns="m009", text="Làm tốt")
    offered = offered_follow_ups(svc.state())
    assert [e.follow_up.content for e in offered] == ["Nộp báo cáo đúng hạn"]  # type: ignore[union-attr]
    source = f"entry:{offered[0].id}"
    svc.record("resolution_task_added", content="Nộp báo cáo đúng hạn", owner="m008", source=source)
    assert offered_follow_ups(svc.state()) == []
    with pytest.raises(DomainError) as err:
        svc.record("resolution_task_added", content="Nộp báo cáo đúng hạn", source=source)
    assert err.value.key == "error.resolution_follow_up_taken"


# -- Section I -----------------------------------------------------------------------------------
def test_section_one_is_drafted_from_the_record(svc: MeetingService) -> None:
    review = next(s for s in svc.state().stages if s.key == "review")
    svc.record("stage_concluded", stage=review.id, text="Hoàn thành cơ bản; báo cáo còn chậm.")
    svc.record("entry_added", kind="commendation", speaker="m001", concerns="m009", text="Rà soát tốt.")
    svc.record(
        "entry_added", kind="reminder", speaker="m001", concerns="@committee", text="Gửi tài liệu sớm."
    )
    text, drafted = assessment_of(svc.state())
    assert drafted
    assert text.splitlines() == [
        "1. Kết quả thực hiện nhiệm vụ:",
        "- …",
        "2. Ưu điểm, hạn chế và nguyên nhân:",
        "Hoàn thành cơ bản; báo cáo còn chậm.",
        "3. Biểu dương, nhắc nhở:",
        "- Biểu dương đồng chí Lò Thị Mai: Rà soát tốt.",
        "- Nhắc nhở chi ủy: Gửi tài liệu sớm.",
    ]
    svc.record("resolution_set", assessment="Viết tay.")
    assert assessment_of(svc.state()) == ("Viết tay.", False)


def test_last_month_results_are_the_reviews_recorded_in_this_meeting(svc: MeetingService) -> None:
    """Section I reports the earlier tasks reviewed at this meeting (``task_reviewed``)."""
    assert last_month_results(svc.state()) == []
    earlier = "2026-10-20-dinh-ky"
    svc.record("task_reviewed", meeting=earlier, task="t1", content="Giải ngân vốn", owner="m007",
               deadline="2026-11-15", status="partly", note="đạt 62%")  # fmt: skip
    svc.record("task_reviewed", meeting=earlier, task="t2", content="Kiểm tra Bát Xát", status="not_done")
    assert last_month_results(svc.state()) == [
        TaskResult("Giải ngân vốn", "partly", "đạt 62%", "m007"),
        TaskResult("Kiểm tra Bát Xát", "not_done", "", ""),
    ]
    assert draft_assessment(svc.state()).splitlines()[:3] == [
        "1. Kết quả thực hiện nhiệm vụ:",
        "- Giải ngân vốn: hoàn thành một phần (đạt 62%).",
        "- Kiểm tra Bát Xát: chưa hoàn thành.",
    ]
    # a later review of the same task replaces the earlier one, in its place
    svc.record(
        "task_reviewed", meeting=earlier, task="t1", content="Giải ngân vốn", owner="m007", status="done"
    )
    assert [(r.content, r.status) for r in last_month_results(svc.state())] == [
        ("Giải ngân vốn", "done"),
        ("Kiểm tra Bát Xát", "not_done"),
    ]
    assert "- Giải ngân vốn: hoàn thành." in draft_assessment(svc.state()).splitlines()
    # Section I as voted holds them
    svc.record("resolution_task_added", **FULL)
    state = svc.adopt(_vote(svc, 20))
    assert state.resolution.assessment.splitlines()[1:3] == [
        "- Giải ngân vốn: hoàn thành.",
        "- Kiểm tra Bát Xát: chưa hoàn thành.",
    ]


def test_a_review_of_this_meetings_own_task_is_refused(svc: MeetingService) -> None:
    with pytest.raises(DomainError) as err:
        svc.record("task_reviewed", meeting=svc.meeting_id, task="t1", content="x", status="done")
    assert err.value.key == "error.review_own_task"
    assert last_month_results(svc.state()) == []


# -- adoption and numbering -----------------------------------------------------------------------
def test_adoption_numbers_the_draft_and_locks_it(svc: MeetingService) -> None:
    svc.record("resolution_task_added", **FULL)
    vote = _vote(svc, 20)
    state = svc.adopt(vote)
    res = state.resolution
    adopting = adoption_vote(state)
    assert res.number == 1 and is_adopted(state) and adopting is not None and adopting.id == vote
    assert res.assessment  # frozen at adoption: what was voted stays
    assert [e.kind for e in svc.log.events()[-2:]] == ["resolution_numbered", "resolution_adopted"]
    with pytest.raises(DomainError) as err:
        svc.record("resolution_task_added", content="Thêm sau")
    assert err.value.key == "error.resolution_locked"
    with pytest.raises(DomainError) as err:
        svc.adopt(vote)
    assert err.value.key == "error.resolution_already_adopted"


@pytest.mark.parametrize(
    ("for_", "kind", "key"),
    [(11, "resolution", "error.resolution_vote_failed"), (20, "other", "error.resolution_vote_kind")],
)
def test_only_a_passed_resolution_vote_adopts(svc: MeetingService, for_: int, kind: str, key: str) -> None:
    vote = _vote(svc, for_, kind)
    with pytest.raises(DomainError) as err:
        svc.adopt(vote)
    assert err.value.key == key
    assert svc.state().resolution.number is None  # refused before a number was spent


def test_adoption_needs_a_number_and_an_existing_vote(svc: MeetingService) -> None:
    vote = _vote(svc, 20)
    with pytest.raises(DomainError) as err:
        svc.record("resolution_adopted", vote=vote)
    assert err.value.key == "error.resolution_not_numbered"
    with pytest.raises(DomainError) as err:
        svc.adopt("v99")
    assert err.value.key == "error.vote_unknown"


def test_a_withdrawn_vote_unlocks_the_draft_which_keeps_its_number(svc: MeetingService) -> None:
    svc.record("resolution_task_added", **FULL)
    first = _vote(svc, 20)
    svc.adopt(first)
    svc.record("vote_withdrawn", vote=first, reason="Đếm nhầm")
    state = svc.state()
    assert not is_adopted(state) and state.resolution.number == 1
    svc.record("resolution_task_added", content="Sửa sau khi hủy biểu quyết")
    second = _vote(svc, 21)
    state = svc.adopt(second)
    adopting = adoption_vote(state)
    assert state.resolution.number == 1 and adopting is not None and adopting.id == second
    with pytest.raises(DomainError):
        svc.adopt(first)


def test_numbers_are_never_reused_even_when_a_draft_is_discarded(
    demo_repo: Repository, svc: MeetingService, clock: FakeClock
) -> None:
    svc.record("resolution_numbered", number=demo_repo.next_number("NQ"))  # numbered, then dropped
    svc.record("resolution_discarded", reason="Soạn lại")
    state = svc.state()
    res = state.resolution
    assert res.number is None and res.burned == (("NQ", 1),) and res.discarded == 1
    with pytest.raises(DomainError) as err:
        svc.record("resolution_numbered", number=1)
    assert err.value.key == "error.resolution_number_used"
    svc.record("resolution_task_added", **FULL)
    state = svc.adopt(_vote(svc, 20))
    assert state.resolution.number == 2
    # Conclusions count on their own through the same term.
    assert demo_repo.next_number("KL") == 1 and demo_repo.next_number("NQ") == 3


def test_kind_cannot_change_once_numbered_and_signer_must_be_secretary(svc: MeetingService) -> None:
    svc.record("resolution_set", kind="KL")
    assert svc.state().resolution.kind is DocKind.CONCLUSION
    svc.record("resolution_numbered", number=4)
    with pytest.raises(DomainError) as err:
        svc.record("resolution_set", kind="NQ")
    assert err.value.key == "error.resolution_kind_numbered"
    svc.record("resolution_set", signer="m002")  # the deputy
    with pytest.raises(DomainError) as err:
        svc.record("resolution_set", signer="m006")
    assert err.value.key == "error.resolution_signer_invalid"
    with pytest.raises(DomainError) as err:
        svc.record("resolution_set", kind="XX")
    assert err.value.key == "error.resolution_kind_invalid"


def test_user_text_is_cleaned_and_composed(svc: MeetingService) -> None:
    import unicodedata

    raw = unicodedata.normalize("NFD", "  Nhiệm vụ\x1b[2J  giải ngân\t ") + "\x00"
    svc.record("resolution_task_added", content=raw, summary="x")
    assert _tasks(svc)[0].content == "Nhiệm vụ  giải ngân"


# -- the month a task reports back to (docs/DOMAIN.md, "Between meetings") ------------------------
@pytest.mark.parametrize(
    ("meeting", "usual_day", "deadline", "report"),
    [
        # A meeting on 20/11/2026 (tasks for December; the December meeting is on Mon 21/12).
        ("2026-11-20", 20, "2026-12-15", "2026-12"),
        ("2026-11-20", 20, "2026-12-20", "2026-12"),  # due on Sunday 20/12: heard on Monday
        ("2026-11-20", 20, "2026-12-21", "2026-12"),  # due on the meeting day: heard that day
        ("2026-11-20", 20, "2026-12-22", "2027-01"),  # due after the December meeting
        ("2026-11-20", 20, "2026-12-30", "2027-01"),  # the case: not heard before it is due
        ("2026-11-20", 20, "2026-12-31", "2027-01"),
        ("2026-11-20", 20, "2026-11-25", "2026-12"),  # due before the next meeting: heard there
        ("2026-11-20", 20, "2026-11-10", "2026-12"),  # already past: still the next meeting
        ("2026-12-21", 20, "2026-12-21", "2027-01"),  # due today: this meeting cannot hear it
        ("2026-11-20", 20, "", "2026-12"),  # no deadline: next month's meeting
        ("2026-11-20", 20, "2027-03-05", "2027-03"),  # a long task: the first meeting after it
        ("2026-11-20", 5, "2026-12-15", "2027-01"),  # a cell meeting on the 5th: 05/01 is first
        ("2026-11-20", 25, "2026-12-24", "2026-12"),  # ... on the 25th: 25/12 is after 24/12
        ("2026-11-05", 20, "", "2026-12"),  # an early meeting (tasks for November) reports next month
        ("2026-12-21", 20, "2027-01-19", "2027-01"),  # across the year; 20/01/2027 is a Wednesday
        ("2027-02-22", 31, "2027-02-28", "2027-03"),  # a day past the month's end is its last day
    ],
)
def test_a_task_reports_back_at_the_first_meeting_on_or_after_its_deadline(
    meeting: str, usual_day: int, deadline: str, report: str
) -> None:
    from meetingtui.domain.state import MeetingState

    state = MeetingState(id="x", date=meeting, meeting_day=usual_day)
    assert report_month(state, deadline) == report


def test_the_report_month_is_decided_once_and_follows_a_new_deadline(svc: MeetingService) -> None:
    svc.record("resolution_task_added", **{**FULL, "deadline": "2026-12-30"})
    (task,) = _tasks(svc)
    assert task.report_at == "2027-01"
    event = svc.log.events()[-1]
    assert event.data["report_at"] == "2027-01"  # stored in the event: a later rule changes nothing
    svc.record("resolution_task_changed", task=task.id, deadline="2026-12-10")
    assert _tasks(svc)[0].report_at == "2026-12"
    svc.record("resolution_task_changed", task=task.id, report_at="2026-12", deadline="2027-01-30")
    assert _tasks(svc)[0].report_at == "2026-12"  # as the chair set it, but warned:
    notices = task_notices(svc.state(), [], repeats)
    assert [n.key for n in notices] == ["warn.resolution_report_early"]
    assert notices[0].params == {"n": 1, "report": "12/2026", "deadline": "30/01/2027"}


def test_two_resolutions_for_one_month_are_warned(svc: MeetingService) -> None:
    state = svc.state()
    same = [PriorTask("other", "2026-11-02", "07-NQ/CB", "Việc khác", period="2026-12")]
    notices = period_notices(state, same)
    assert [(n.key, n.params["label"], n.params["period"]) for n in notices] == [
        ("warn.resolution_period_taken", "07-NQ/CB", "tháng 12 năm 2026")
    ]
    assert period_notices(state, [PriorTask("other", "2026-10-20", "06-NQ/CB", "x", period="2026-11")]) == []
