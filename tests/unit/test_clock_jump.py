"""Time only moves forward inside a meeting: the computer's clock set back an hour mid-meeting.

The attack (issue 17): a stage spanned 08:00→07:00, a 140-minute sitting was stored as 80
minutes, flagged under its 90-minute minimum, and the minutes gave the wrong end time.
"""

from __future__ import annotations

from datetime import timedelta

from meetingtui.domain.clock import FakeClock, from_iso
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository


def _sitting(repo: Repository, meeting_id: str, clock: FakeClock) -> MeetingService:
    """08:00 start; every 10 real minutes the next stage; at 08:30 the clock is set back an hour;
    the meeting ends after 140 real minutes (10:20 real, 09:20 on the clock)."""
    svc = MeetingService(repo, meeting_id, clock)
    for m in svc.state().members():
        svc.record("attendance_marked", member=m.id, status="present")
    svc.start()
    for minute in range(10, 140, 10):
        clock.advance(minutes=10)
        if minute == 30:
            clock.advance(minutes=-60)  # someone sets the system clock back an hour
        if minute in (50, 60):
            svc.record("paused" if minute == 50 else "resumed")
        elif minute >= 120:
            svc.record("guest_added", name=f"Khách {minute}")
        else:
            svc.record("next_stage")
    clock.advance(minutes=10)
    svc.record("ended")
    return svc


def test_a_clock_set_back_mid_meeting_keeps_every_length_right(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = _sitting(demo_repo, demo_meeting_id, clock)
    state = Repository(demo_repo.root).log(demo_meeting_id).state()  # as stored, read anew
    assert state.started_at is not None and state.ended_at is not None
    # 140 real minutes, less the 10 across the jump (counted as nothing), less the pauses
    assert (state.ended_at - state.started_at) == timedelta(minutes=130)
    assert state.elapsed(state.ended_at) == (130 - 10) * 60  # a 10-minute pause
    for stage in state.stages:  # no span is negative
        assert all(end is None or end >= start for start, end in stage.spans)
    assert all(end is None or end >= start for start, end in state.pauses)
    # the stamps are kept as recorded; what counts is stored with the event
    events = svc.log.events()
    jumped = [e for e in events if "clock_back_s" in e.data]
    assert [e.data["clock_back_s"] for e in jumped] == [3000.0]  # 50 minutes behind the last stamp
    assert from_iso(jumped[0].at) < from_iso(events[jumped[0].seq - 2].at)
    after = [e for e in events if e.seq >= jumped[0].seq]
    assert all("counted_at" in e.data for e in after)
    assert state.clock_jumps == ((jumped[0].seq, 3000.0),)


def test_an_ordinary_meeting_stores_no_counted_time(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    svc.start()
    svc.record("next_stage")  # the same instant: not earlier
    clock.advance(minutes=5)
    svc.record("next_stage")
    assert not any({"counted_at", "clock_back_s"} & set(e.data) for e in svc.log.events())
    assert svc.state().clock_jumps == ()


def test_live_timers_go_on_after_the_clock_went_back(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    svc.start()
    clock.advance(minutes=20)
    svc.record("next_stage")
    clock.advance(minutes=-60)
    state = svc.record("next_stage")
    clock.advance(minutes=5)
    # the meeting has run 25 minutes; the clock alone would say it started 35 minutes from now
    assert state.elapsed(state.counted_now(clock.now())) == 25 * 60
