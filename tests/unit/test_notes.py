"""The clerk's notes on the running speech, saved as typed, apart from the meeting's events.

They must survive a crash as an event does, come back on the speech they were typed on and
on no other, become its summary when it ends without one, and never make the meeting's file
grow. Meetings written by 0.1.0 hold their notes as ``speech_noted`` events: those still show.
"""

from __future__ import annotations

import pytest

from meetingtui.domain.checks import MAX_MULTILINE
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.services.meeting import MeetingService
from meetingtui.store.drafts import DRAFTS_DIR
from meetingtui.store.repo import Repository
from meetingtui.store.storage import StoreError, read_json_file, restore_backup


@pytest.fixture
def clerk(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> MeetingService:
    service = MeetingService(demo_repo, demo_meeting_id, clock, actor="clerk")
    for member in service.state().members():
        service.record("attendance_marked", member=member.id, status="present")
    service.start()
    return service


def reopened(svc: MeetingService, clock: FakeClock) -> MeetingService:
    """The same meeting opened by a new process (after a crash, say)."""
    return MeetingService(Repository(svc.repo.root), svc.meeting_id, clock, actor="clerk")


def speak(svc: MeetingService, member: str) -> str:
    svc.record("queue_added", member=member)
    return svc.record("speech_started").record.current.id  # type: ignore[union-attr]


def test_saved_notes_survive_a_crash_and_are_not_events(clerk: MeetingService, clock: FakeClock) -> None:
    speak(clerk, "m006")
    events = len(clerk.log.events())
    for n in range(1, 101):  # two seconds of typing, a hundred times
        state = clerk.save_notes(f"Đồng chí đề nghị {n}")
        assert state.record.draft == f"Đồng chí đề nghị {n}"
    assert len(clerk.log.events()) == events  # the meeting's file did not grow
    again = reopened(clerk, clock)
    assert again.state().record.draft == "Đồng chí đề nghị 100"
    assert Repository(clerk.repo.root).log(clerk.meeting_id).state().record.draft == ""  # not in the events


def test_recording_speech_noted_keeps_the_notes_apart(clerk: MeetingService, clock: FakeClock) -> None:
    """What the clerk's screen calls: ``record("speech_noted")`` is saving the notes."""
    speak(clerk, "m006")
    events = len(clerk.log.events())
    state = clerk.record("speech_noted", text="Ghi nhanh")
    assert state.record.draft == "Ghi nhanh" and len(clerk.log.events()) == events
    assert reopened(clerk, clock).state().record.draft == "Ghi nhanh"


def test_a_speech_ended_without_text_keeps_the_notes(clerk: MeetingService, clock: FakeClock) -> None:
    speak(clerk, "m006")
    clerk.save_notes("Ghi nhanh trong lúc nói")
    clock.advance(minutes=2)
    state = reopened(clerk, clock).record("speech_ended")
    assert state.record.speeches[-1].text == "Ghi nhanh trong lúc nói"
    assert state.record.draft == "" and state.record.current is None


def test_notes_show_only_on_the_speech_they_were_typed_on(clerk: MeetingService, clock: FakeClock) -> None:
    speak(clerk, "m006")
    clerk.save_notes("Ý của đồng chí thứ nhất")
    clerk.record("speech_ended", text="Tóm tắt")
    assert clerk.state().record.draft == ""
    speak(clerk, "m007")
    assert clerk.state().record.draft == ""  # not the last speech's notes
    clerk.save_notes("Ý thứ hai")
    clerk.record("speech_cancelled")  # started by mistake: back to the top of the queue
    assert clerk.state().record.draft == ""
    clerk.record("speech_started")
    assert clerk.state().record.draft == ""  # a new speech, though the same speaker


def test_notes_of_a_speech_a_restored_backup_no_longer_holds_are_not_shown(
    clerk: MeetingService, clock: FakeClock
) -> None:
    """The backup goes back to before the speech; the speech started again gets the same id,
    but started at another moment: the notes were typed on the other one."""
    clerk.record("queue_added", member="m006")
    first = clerk.record("speech_started").record.current
    clerk.save_notes("Ghi trên lần nói trước")
    restore_backup(clerk.log.path)  # the speech had not started in the backup
    clock.advance(seconds=30)
    again = reopened(clerk, clock)
    current = again.record("speech_started").record.current
    assert first is not None and current is not None and current.id == first.id
    assert again.state().record.draft == ""


def test_notes_are_refused_when_nobody_speaks_and_nothing_is_saved(clerk: MeetingService) -> None:
    with pytest.raises(DomainError) as err:
        clerk.save_notes("Không ai đang nói")
    assert err.value.key == "error.no_speech_running"
    assert not (clerk.repo.root / DRAFTS_DIR).exists()


def test_too_long_notes_are_refused_and_the_saved_ones_kept(clerk: MeetingService, clock: FakeClock) -> None:
    speak(clerk, "m006")
    clerk.save_notes("Bản lưu")
    with pytest.raises(DomainError) as err:
        clerk.save_notes("x" * (MAX_MULTILINE + 1))
    assert err.value.key == "error.text_too_long"
    assert reopened(clerk, clock).state().record.draft == "Bản lưu"


def test_notes_are_cleaned_as_event_text_is(clerk: MeetingService, clock: FakeClock) -> None:
    speak(clerk, "m006")
    clerk.save_notes("Ghi\x00 nhanh\u0007 ")
    saved = reopened(clerk, clock).state().record.draft
    assert "\x00" not in saved and "\u0007" not in saved and saved.startswith("Ghi")


def test_the_draft_file_is_written_as_durably_as_the_meeting(clerk: MeetingService) -> None:
    speak(clerk, "m006")
    clerk.save_notes("Một")
    clerk.save_notes("Hai")
    path = clerk.repo.root / DRAFTS_DIR / f"{clerk.meeting_id}.json"
    data = read_json_file(path)
    assert data is not None and data["_meta"]["1"]["kind"] == "draft"
    assert [d["text"] for d in data["draft"].values()] == ["Hai"]
    backup = read_json_file(path.with_name(path.name + ".bak"))
    assert backup is not None and [d["text"] for d in backup["draft"].values()] == ["Một"]


def test_a_damaged_draft_file_does_not_keep_the_meeting_from_opening(
    clerk: MeetingService, clock: FakeClock
) -> None:
    speak(clerk, "m006")
    clerk.save_notes("Ghi")
    (clerk.repo.root / DRAFTS_DIR / f"{clerk.meeting_id}.json").write_bytes(b'{"_meta": {"1": {"sch')
    again = reopened(clerk, clock)
    state = again.state()
    assert state.record.current is not None and state.record.draft == ""
    with pytest.raises(StoreError):  # saving says so (the notes stay in the editor)
        again.save_notes("Ghi tiếp")
    assert again.record("speech_ended", text="Tóm tắt").record.speeches[-1].text == "Tóm tắt"


def test_notes_saved_as_events_by_0_1_0_still_show(clerk: MeetingService, clock: FakeClock) -> None:
    speak(clerk, "m006")
    clerk.record_event("speech_noted", text="Ghi bằng bản cũ")  # as 0.1.0 stored it
    assert reopened(clerk, clock).state().record.draft == "Ghi bằng bản cũ"
    clerk.save_notes("Ghi bằng bản mới")  # typed on with this version: the later notes win
    assert reopened(clerk, clock).state().record.draft == "Ghi bằng bản mới"
    state = reopened(clerk, clock).record("speech_ended")
    assert state.record.speeches[-1].text == "Ghi bằng bản mới"
