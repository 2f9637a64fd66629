"""Criticism and self-criticism (DOMAIN §5): who may be named, follow-ups, corrections, absences."""

from __future__ import annotations

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.criticism import ENTRY_TITLES_VI, concerns_name, follow_ups_of, not_self_criticised
from meetingtui.domain.decider import event_kinds
from meetingtui.domain.errors import ConflictError, DomainError
from meetingtui.domain.people import CELL, COMMITTEE
from meetingtui.domain.state import EntryKind
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository


@pytest.fixture
def svc(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> MeetingService:
    service = MeetingService(demo_repo, demo_meeting_id, clock, actor="clerk")
    for member in service.state().members():
        service.record("attendance_marked", member=member.id, status="present")
    service.start()
    return service


def _add(svc: MeetingService, **data: object) -> None:
    svc.record("entry_added", **data)


def test_event_kinds_are_registered() -> None:
    assert {"entry_added", "entry_changed", "follow_up_reported"} <= set(event_kinds())


def test_a_self_criticism_concerns_its_speaker(svc: MeetingService) -> None:
    _add(svc, kind="self_criticism", speaker="m008", text="Nộp báo cáo chậm 3 ngày.")
    entry = svc.state().criticism[-1]
    assert (entry.kind, entry.speaker, entry.concerns) == (EntryKind.SELF_CRITICISM, "m008", "m008")
    # naming the speaker again is fine; naming someone else is refused
    _add(svc, kind="self_criticism", speaker="m009", concerns="m009", text="Chưa chủ động.")
    with pytest.raises(DomainError) as err:
        _add(svc, kind="self_criticism", speaker="m008", concerns="m009", text="x")
    assert err.value.key == "error.self_criticism_concerns_speaker"
    with pytest.raises(DomainError) as err:
        _add(svc, kind="self_criticism", text="Ai đó tự phê bình")
    assert err.value.key == "error.self_criticism_needs_speaker"


def test_the_committee_self_criticises_through_a_committee_member(svc: MeetingService) -> None:
    _add(
        svc,
        kind="self_criticism",
        speaker="m001",
        concerns=COMMITTEE,
        text="Chi ủy kiểm tra chưa thường xuyên.",
    )
    assert svc.state().criticism[-1].concerns == COMMITTEE
    with pytest.raises(DomainError) as err:  # m006 is not on the committee
        _add(svc, kind="self_criticism", speaker="m006", concerns=COMMITTEE, text="x")
    assert err.value.key == "error.self_criticism_concerns_speaker"


def test_a_criticism_names_a_target_other_than_the_speaker(svc: MeetingService) -> None:
    with pytest.raises(DomainError) as err:
        _add(svc, kind="criticism", speaker="m003", text="Chậm xử lý văn bản.")
    assert err.value.key == "error.entry_needs_target"
    with pytest.raises(DomainError) as err:
        _add(svc, kind="criticism", speaker="m003", concerns="m003", text="x")
    assert err.value.key == "error.criticism_of_self"
    _add(svc, kind="criticism", speaker="m003", concerns="m013", text="Chậm xử lý văn bản.")
    _add(svc, kind="criticism", speaker="m007", concerns=COMMITTEE, text="Tài liệu gửi muộn.")
    state = svc.state()
    assert [(e.speaker, e.concerns) for e in state.criticism] == [("m003", "m013"), ("m007", COMMITTEE)]
    assert concerns_name(state, COMMITTEE) == "Chi ủy"
    assert concerns_name(state, "m013") == "Hà Văn Sơn"


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "criticism", "speaker": "m999", "concerns": "m013"},
        {"kind": "criticism", "speaker": "m003", "concerns": "m999"},
        {"kind": "self_criticism", "speaker": "nobody"},
        {
            "kind": "commendation",
            "speaker": "m001",
            "concerns": "m009",
            "follow_up": {"content": "x", "owner": "m999"},
        },
    ],
    ids=["unknown speaker", "unknown target", "unknown self-critic", "unknown owner"],
)
def test_unknown_members_are_refused(svc: MeetingService, data: dict[str, object]) -> None:
    with pytest.raises(DomainError) as err:
        _add(svc, text="Nội dung", **data)
    assert err.value.key == "error.member_unknown"
    assert svc.state().criticism == ()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"kind": "praise", "speaker": "m001", "concerns": "m009", "text": "x"}, "error.entry_kind_invalid"),
        ({"kind": "commendation", "speaker": "m001", "concerns": "m009", "text": "  "}, "error.field_empty"),
        ({"kind": "commendation", "speaker": "m001", "concerns": "m009", "text": 5}, "error.text_expected"),
        (
            {"kind": "reminder", "speaker": "m001", "concerns": "m009", "text": "x", "follow_up": "làm ngay"},
            "error.follow_up_invalid",
        ),
        (
            {
                "kind": "reminder",
                "speaker": "m001",
                "concerns": "m009",
                "text": "x",
                "follow_up": {"owner": "m009"},
            },
            "error.field_empty",
        ),
        (
            {
                "kind": "reminder",
                "speaker": "m001",
                "concerns": "m009",
                "text": "x",
                "follow_up": {"content": "Nộp bài", "deadline": "31/12"},
            },
            "error.date_invalid",
        ),
    ],
)
def test_bad_entries_are_refused(svc: MeetingService, data: dict[str, object], key: str) -> None:
    with pytest.raises(DomainError) as err:
        _add(svc, **data)
    assert err.value.key == key


def test_the_chair_may_speak_for_the_committee(svc: MeetingService) -> None:
    _add(svc, kind="commendation", speaker="", concerns=CELL, text="Chi bộ hoàn thành 100% nhiệm vụ.")
    entry = svc.state().criticism[-1]
    assert (entry.speaker, entry.concerns) == ("", CELL)


def test_text_is_stored_as_typed_nfc_and_cleaned(svc: MeetingService) -> None:
    nfd = "Nguye\u0302\u0303n [b]đậm[/b] \x1b[31mđỏ\x1b[0m\ndòng hai  "
    _add(svc, kind="self_criticism", speaker="m006", text=nfd, response="  Tiếp thu\u0300  ")
    entry = svc.state().criticism[-1]
    assert entry.text == "Nguyễn [b]đậm[/b] đỏ\ndòng hai"
    assert entry.response == "Tiếp thù"


def test_an_entry_about_an_absent_member_is_allowed_and_marked(svc: MeetingService, clock: FakeClock) -> None:
    svc.record("attendance_marked", member="m020", status="excused", reason="Đi công tác")
    svc.record("departed", member="m010", reason="Việc gia đình")
    _add(svc, kind="reminder", speaker="m001", concerns="m020", text="Chưa nộp bài thu hoạch.")
    _add(svc, kind="criticism", speaker="m003", concerns="m010", text="Về sớm nhiều lần.")
    _add(svc, kind="commendation", speaker="m001", concerns="m009", text="Hoàn thành tốt.")
    assert [e.absent for e in svc.state().criticism] == [True, True, False]


def test_not_yet_called_is_not_absent(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    _add(svc, kind="self_criticism", speaker="m006", text="Bản tự phê bình gửi trước buổi họp.")
    entry = svc.state().criticism[-1]
    assert entry.absent is False and entry.stage == ""


def test_entries_are_stamped_with_the_stage_and_clock(svc: MeetingService, clock: FakeClock) -> None:
    for _ in range(6):
        svc.record("next_stage")  # to the criticism stage (s7)
    clock.advance(90)
    _add(svc, kind="self_criticism", speaker="m006", text="x")
    entry = svc.state().criticism[-1]
    assert entry.stage == "s7" and entry.at == clock.now() and entry.id == "c1"


def test_members_present_who_have_not_self_criticised(svc: MeetingService) -> None:
    state = svc.state()
    assert len(not_self_criticised(state)) == len(state.roster)
    svc.record("attendance_marked", member="m020", status="excused", reason="Ốm")
    _add(svc, kind="self_criticism", speaker="m006", text="x")
    _add(svc, kind="criticism", speaker="m007", concerns="m008", text="y")  # not a self-criticism
    _add(svc, kind="self_criticism", speaker="m001", concerns=COMMITTEE, text="z")  # the committee's
    pending = not_self_criticised(svc.state())
    assert "m006" not in pending and "m020" not in pending
    assert {"m001", "m007", "m008"} <= set(pending)
    assert pending == [m for m in state.roster if m not in ("m006", "m020")]


def test_a_follow_up_is_exposed_with_owner_and_deadline(svc: MeetingService) -> None:
    _add(
        svc,
        kind="criticism",
        speaker="m003",
        concerns="m013",
        text="Còn 12 văn bản quá hạn.",
        response="Tiếp thu, xử lý trong tuần.",
        follow_up={"content": "Xử lý dứt điểm văn bản tồn", "deadline": "2026-11-30"},
    )
    _add(
        svc,
        kind="criticism",
        speaker="m007",
        concerns=COMMITTEE,
        text="Tài liệu gửi muộn.",
        follow_up={"content": "Gửi tài liệu trước hai ngày", "owner": "m002"},
    )
    _add(svc, kind="commendation", speaker="m001", concerns="m009", text="Tốt.")
    entries = follow_ups_of(svc.state())
    assert [e.concerns for e in entries] == ["m013", COMMITTEE]
    first = entries[0].follow_up
    assert first is not None
    assert (first.content, first.owner, first.deadline, first.done) == (
        "Xử lý dứt điểm văn bản tồn",
        "m013",  # the owner defaults to the member concerned
        "2026-11-30",
        None,
    )
    second = entries[1].follow_up
    assert second is not None and second.owner == "m002" and second.deadline == ""


def test_a_follow_up_is_reported_back_after_the_meeting_ended(svc: MeetingService, clock: FakeClock) -> None:
    _add(
        svc,
        kind="reminder",
        speaker="m001",
        concerns="m020",
        text="Chưa nộp bài thu hoạch.",
        follow_up={"content": "Nộp bài thu hoạch", "deadline": "2026-12-10"},
    )
    _add(svc, kind="commendation", speaker="m001", concerns="m009", text="Tốt.")
    svc.record("ended")
    with pytest.raises(DomainError):
        _add(svc, kind="commendation", speaker="m001", concerns="m009", text="Muộn.")
    clock.advance(30 * 24 * 3600)
    svc.record("follow_up_reported", entry="c1", done=True, note="Đã nộp ngày 5/12.")
    follow = svc.state().criticism[0].follow_up
    assert follow is not None
    assert (follow.done, follow.note, follow.reported_at) == (True, "Đã nộp ngày 5/12.", clock.now())
    svc.record("follow_up_reported", entry="c1", done=None)  # recorded by mistake: back to open
    follow = svc.state().criticism[0].follow_up
    assert follow is not None and (follow.done, follow.reported_at) == (None, None)
    with pytest.raises(DomainError) as err:
        svc.record("follow_up_reported", entry="c2", done=True)
    assert err.value.key == "error.follow_up_missing"
    with pytest.raises(DomainError) as err:
        svc.record("follow_up_reported", entry="c1", done="yes")
    assert err.value.key == "error.follow_up_invalid"


def test_corrections_keep_the_earlier_text_and_refuse_stale_edits(svc: MeetingService) -> None:
    _add(svc, kind="criticism", speaker="m003", concerns="m013", text="Bản đầu.")
    svc.record("entry_changed", entry="c1", base_rev=0, text="Bản sửa.", response="Tiếp thu.")
    entry = svc.state().criticism[0]
    assert (entry.text, entry.response, [r.text for r in entry.history]) == (
        "Bản sửa.",
        "Tiếp thu.",
        ["Bản đầu."],
    )
    with pytest.raises(ConflictError):
        svc.record("entry_changed", entry="c1", base_rev=0, text="Bản của người khác.")
    # the target may be corrected too, under the same rules
    svc.record("entry_changed", entry="c1", base_rev=1, concerns="m014")
    assert svc.state().criticism[0].concerns == "m014"
    with pytest.raises(DomainError) as err:
        svc.record("entry_changed", entry="c1", base_rev=2, concerns="m003")
    assert err.value.key == "error.criticism_of_self"
    with pytest.raises(DomainError) as err:
        svc.record("entry_changed", entry="c9", text="x")
    assert err.value.key == "error.entry_unknown"


def test_editing_a_follow_up_keeps_its_report(svc: MeetingService) -> None:
    _add(svc, kind="reminder", speaker="m001", concerns="m020", text="x", follow_up={"content": "Nộp bài"})
    svc.record("follow_up_reported", entry="c1", done=False, note="Chưa nộp")
    svc.record(
        "entry_changed", entry="c1", follow_up={"content": "Nộp bài thu hoạch", "deadline": "2026-12-01"}
    )
    follow = svc.state().criticism[0].follow_up
    assert follow is not None
    assert (follow.content, follow.deadline, follow.done, follow.note) == (
        "Nộp bài thu hoạch",
        "2026-12-01",
        False,
        "Chưa nộp",
    )
    svc.record("entry_changed", entry="c1", follow_up=None)
    assert svc.state().criticism[0].follow_up is None


def test_every_kind_has_a_vietnamese_title() -> None:
    assert [ENTRY_TITLES_VI[k] for k in EntryKind] == ["Tự phê bình", "Phê bình", "Biểu dương", "Nhắc nhở"]
