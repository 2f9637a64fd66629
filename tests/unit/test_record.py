"""The clerk's record: queue operations, speech timers, corrections with history, conflicts."""

from __future__ import annotations

import pytest

from meetingtui.domain.checks import MAX_MULTILINE
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import ConflictError, DomainError
from meetingtui.domain.record import speech_status, spoken_members
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository


@pytest.fixture
def svc(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> MeetingService:
    service = MeetingService(demo_repo, demo_meeting_id, clock, actor="clerk")
    for member in service.state().members():
        service.record("attendance_marked", member=member.id, status="present")
    service.start()
    return service


def _queue(svc: MeetingService) -> list[str]:
    state = svc.state()
    return [e.member or e.guest for e in state.record.queue]


def _speak(svc: MeetingService, clock: FakeClock, member: str, text: str, seconds: int = 60) -> None:
    svc.record("queue_added", member=member)
    entry = svc.state().record.queue[-1].id
    svc.record("speech_started", entry=entry)
    clock.advance(seconds)
    svc.record("speech_ended", text=text)


def test_queue_add_move_remove_top_and_guest(svc: MeetingService) -> None:
    for m in ("m006", "m007", "m008"):
        svc.record("queue_added", member=m)
    svc.record("queue_added", guest="Đ/c Lê Văn Khách")
    assert _queue(svc) == ["m006", "m007", "m008", "Đ/c Lê Văn Khách"]
    q = [entry.id for entry in svc.state().record.queue]  # entry ids stay the same from state to state
    svc.record("queue_moved", entry=q[2], to=0)
    assert _queue(svc) == ["m008", "m006", "m007", "Đ/c Lê Văn Khách"]
    svc.record("queue_removed", entry=q[0])
    assert _queue(svc) == ["m008", "m007", "Đ/c Lê Văn Khách"]
    with pytest.raises(DomainError) as err:
        svc.record("queue_added", member="m007")
    assert err.value.key == "error.already_queued"
    with pytest.raises(DomainError):
        svc.record("queue_added")


def test_first_timers_go_first_and_last_speaker_comes_back(svc: MeetingService, clock: FakeClock) -> None:
    _speak(svc, clock, "m006", "Ý kiến thứ nhất")
    for m in ("m006", "m007", "m008"):
        svc.record("queue_added", member=m)
    svc.record("queue_first_timers")
    assert _queue(svc) == ["m007", "m008", "m006"]
    svc.record("speech_started")  # top of the queue: m007
    clock.advance(30)
    svc.record("speech_ended", text="Ngắn gọn")
    svc.record("queue_restore_last")
    assert _queue(svc) == ["m007", "m008", "m006"]
    assert spoken_members(svc.state()) == {"m006", "m007"}


def test_speech_timer_warns_in_the_last_30_seconds_and_counts_overtime(
    svc: MeetingService, clock: FakeClock
) -> None:
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    state = svc.state()
    speech = state.record.current
    assert speech is not None
    limit = state.current_stage.speech_limit  # type: ignore[union-attr]
    assert limit == 300
    clock.advance(269)
    assert speech_status(speech, limit, clock.now()) == (269, "ok")
    clock.advance(1)
    assert speech_status(speech, limit, clock.now()) == (270, "warning")
    clock.advance(45)
    assert speech_status(speech, limit, clock.now()) == (315, "over")
    svc.record("speech_ended", text="Dài")
    assert svc.state().record.speeches[-1].seconds == 315


def test_stage_speech_limit_is_set_per_stage(svc: MeetingService, clock: FakeClock) -> None:
    svc.record("stage_changed", stage="s1", speech_limit_min=3)
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    clock.advance(160)
    state = svc.state()
    assert speech_status(state.record.current, state.stages[0].speech_limit, clock.now())[1] == "warning"  # type: ignore[arg-type]


def test_speech_records_stage_speaker_times_and_text(svc: MeetingService, clock: FakeClock) -> None:
    start = clock.now()
    text = "Đề nghị [b]làm rõ[/] trách nhiệm\n\x1b[31mđỏ\x1b[0m và lần hai"
    _speak(svc, clock, "m009", text, seconds=125)
    (speech,) = svc.state().record.speeches
    assert (speech.stage, speech.member) == ("s1", "m009")
    assert (speech.started_at, speech.ended_at) == (start, clock.now())
    assert speech.text == "Đề nghị [b]làm rõ[/] trách nhiệm\nđỏ và lần hai"


def test_ending_a_speech_never_started_is_refused(svc: MeetingService) -> None:
    with pytest.raises(DomainError) as err:
        svc.record("speech_ended", text="...")
    assert err.value.key == "error.no_speech_running"


def test_huge_summary_refused_and_speech_still_running(svc: MeetingService) -> None:
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    with pytest.raises(DomainError) as err:
        svc.record("speech_ended", text="x" * (MAX_MULTILINE + 1))
    assert err.value.key == "error.text_too_long"
    assert svc.state().record.current is not None


def test_notes_saved_while_speaking_become_the_summary(svc: MeetingService, clock: FakeClock) -> None:
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    svc.record("speech_noted", text="Ghi nhanh trong lúc nói")
    assert svc.state().record.draft == "Ghi nhanh trong lúc nói"
    svc.record("speech_ended")  # no text given: the saved notes are kept
    assert svc.state().record.speeches[-1].text == "Ghi nhanh trong lúc nói"


def test_correction_keeps_history_and_refuses_stale_edits(svc: MeetingService, clock: FakeClock) -> None:
    _speak(svc, clock, "m006", "Bản đầu")
    speech_id = svc.state().record.speeches[0].id
    svc.record("speech_corrected", speech=speech_id, text="Bản sửa", base_rev=0)
    speech = svc.state().record.speeches[0]
    assert speech.text == "Bản sửa"
    assert [r.text for r in speech.history] == ["Bản đầu"]
    # A second editor who opened the speech at revision 0 is refused: no silent overwrite.
    with pytest.raises(ConflictError):
        svc.record("speech_corrected", speech=speech_id, text="Bản của người khác", base_rev=0)
    assert svc.state().record.speeches[0].text == "Bản sửa"


def test_group_opinion_and_stage_conclusion(svc: MeetingService) -> None:
    svc.record("group_opinion", group="Tổ đảng 2", member="m011", text="Tổ 2 thống nhất với dự thảo")
    speech = svc.state().record.speeches[-1]
    assert (speech.kind, speech.group, speech.stage) == ("group_opinion", "Tổ đảng 2", "s1")
    assert "m011" in spoken_members(svc.state())
    svc.record("stage_concluded", text="Thống nhất chương trình")
    svc.record("stage_concluded", text="Thống nhất chương trình, bổ sung mục 9", base_rev=0)
    conclusion = svc.state().record.conclusions["s1"]
    assert conclusion.text.endswith("mục 9") and [r.text for r in conclusion.history] == [
        "Thống nhất chương trình"
    ]


def test_meeting_cannot_end_while_someone_speaks(svc: MeetingService) -> None:
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    with pytest.raises(DomainError) as err:
        svc.record("ended")
    assert err.value.key == "error.speech_running_end"
