"""A scripted meeting that the crash test kills with SIGKILL at random moments.

Usage: python _crash_meeting.py ROOT

Opens the cell in ROOT, prints ``ready``, then holds meetings for ever, one after the other,
as a chair and a clerk would: the meeting is started, the roll is called, the stages follow
one another, members are queued and speak (the clerk's notes saved, then the summary),
the resolution is voted at the conclusion, the meeting ends, and next month's is created.

Every step is decided from the *stored* state, so a restarted process carries on exactly
where the killed one stopped. After each ``MeetingService.record_event`` (or ``create_meeting``)
has returned, the event being on disk, it prints one line ``MEETING_ID/KIND SEQ``: an
acknowledged event (the format ``test_kill_writer.kill_after`` reads). The clerk's notes are
saved apart from the events (``MeetingService.save_notes``); once saved it prints
``MEETING_ID/notes N``, N the number of the speech they were typed on.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the ``support`` helpers

from meetingtui.domain.clock import FakeClock, from_iso  # noqa: E402
from meetingtui.domain.state import MeetingState  # noqa: E402
from meetingtui.services.meeting import MeetingService  # noqa: E402
from meetingtui.store.repo import Repository  # noqa: E402
from support.meetings import create_meeting  # noqa: E402

# Speeches per stage key; every other stage only passes.
SPEECHES = {"review": 2, "direction": 1, "discussion": 4, "criticism": 1}
STEP = timedelta(seconds=20)  # the clock moves this much between two events


def speech_text(meeting_id: str, n: int) -> str:
    """The clerk's summary of speech ``n`` of a meeting: the test recomputes it to check it."""
    from support.synth import speech_text as synth_text

    return synth_text(random.Random(f"{meeting_id}/{n}"))


def next_step(state: MeetingState) -> tuple[str, str, dict[str, Any]] | None:
    """(actor, kind, data) of the meeting's next event, or None once it has ended."""
    if state.ended_at is not None:
        return None
    if state.started_at is None:
        return "chair", "started", {}
    for i, member in enumerate(state.roster):  # the roll call, in the roster's order
        if member not in state.attendance:
            if i % 9 == 4:
                return (
                    "chair",
                    "attendance_marked",
                    {"member": member, "status": "excused", "reason": "Đi công tác"},
                )
            return "chair", "attendance_marked", {"member": member, "status": "present"}
    rec = state.record
    stage = state.current_stage
    assert stage is not None and state.current is not None  # started: a stage is under way
    if rec.current is not None:
        text = speech_text(state.id, len(rec.speeches) + 1)
        if not rec.draft:
            return "clerk", "notes", {"text": text.split("\n", 1)[0]}
        return "clerk", "speech_ended", {"text": text}
    if rec.queue:
        return "clerk", "speech_started", {}
    if sum(1 for s in rec.speeches if s.stage == stage.id) < SPEECHES.get(stage.key, 0):
        present = [m for m, a in state.attendance.items() if a.present_now and m != state.chair]
        return "clerk", "queue_added", {"member": present[(len(rec.speeches) * 7) % len(present)]}
    if stage.key == "conclusion" and not any(v.stage == stage.id for v in state.votes):
        from meetingtui.domain.attendance import voters_now

        voters = voters_now(state)
        question = f"Thông qua nghị quyết tháng {state.date[5:7]}/{state.date[:4]}"
        return "chair", "vote_recorded", {"question": question, "kind": "resolution", "for": voters}
    if state.current + 1 < len(state.stages):
        return "chair", "next_stage", {}
    return "chair", "ended", {}


def next_month(day: str) -> str:
    d = date.fromisoformat(day)
    return (date(d.year + d.month // 12, d.month % 12 + 1, 20)).isoformat()


def current_meeting(repo: Repository) -> str:
    """The last meeting, or next month's, created now, when the last one has ended."""
    last = repo.meetings()[-1]
    state = repo.log(last.id).state()
    if state.ended_at is None:
        return last.id
    day = next_month(last.date)
    zone = timezone(timedelta(hours=repo.cell().utc_offset_hours))
    clock = FakeClock(datetime.combine(date.fromisoformat(day), time(13, 30), zone))
    meeting_id = f"{day}-dinh-ky"
    state = create_meeting(
        repo, "regular", day, clock=clock, by="chair", meeting_id=meeting_id, chair=state.chair, time="14:00"
    )
    print(f"{meeting_id}/created {state.seq}", flush=True)
    return meeting_id


def main() -> None:
    repo = Repository(Path(sys.argv[1]))
    repo.cell()
    # Ready to write, as an app with the meeting open: the latest meeting folded (which loads
    # the event handlers) and the lock module loaded; the app loads both on first use.
    meetings = repo.meetings()
    if meetings:
        repo.log(meetings[-1].id).state()
    import filelock  # noqa: F401

    print("ready", flush=True)
    while True:
        meeting_id = current_meeting(repo)
        log = repo.log(meeting_id)
        clock = FakeClock(from_iso(log.events()[-1].at))
        services = {
            actor: MeetingService(repo, meeting_id, clock, actor=actor) for actor in ("chair", "clerk")
        }
        state = services["clerk"].state()  # with the notes saved on the running speech
        while (step := next_step(state)) is not None:
            actor, kind, data = step
            clock.advance(STEP.total_seconds())
            if kind == "notes":
                state = services[actor].save_notes(data["text"])
                print(f"{meeting_id}/notes {len(state.record.speeches) + 1}", flush=True)
                continue
            event, state = services[actor].record_event(kind, **data)
            print(f"{meeting_id}/{kind} {event.seq}", flush=True)


if __name__ == "__main__":
    main()
