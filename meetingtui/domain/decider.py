"""Every event kind's decision and evolution, listed in one place.

Recording an event (``store.MeetingLog.record``):

1. :func:`decide` runs the rules against the freshest state and returns the event, its data
   cleaned, or refuses with a :class:`DomainError`; nothing has changed yet.
2. the event is made durable (written, fsynced);
3. :func:`evolve` gives the new state. It is computed before the write, on the immutable state,
   so an event that cannot be applied is never written; it is shown only once it is durable.

Reading a stored meeting (:func:`fold`) only upcasts and evolves: no rule runs, so a rule
tightened in a later version never locks a cell out of a meeting recorded under an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from . import attendance, criticism, meeting, prep, record, resolution, review, scoring
from .clock import from_iso, to_iso
from .errors import DomainError
from .events import EVENT_SCHEMA, Event, EventFormatError, EventKind
from .state import MeetingState, change
from .upcast import upcast

Decide = Callable[[MeetingState, Mapping[str, Any]], dict[str, Any]]
Evolve = Callable[[MeetingState, Event], MeetingState]


@dataclass(frozen=True)
class Handler:
    decide: Decide
    evolve: Evolve


K = EventKind
HANDLERS: Mapping[EventKind, Handler] = {
    K.CREATED: Handler(meeting.decide_created, meeting.evolve_created),
    K.DETAILS_SET: Handler(meeting.decide_details_set, meeting.evolve_details_set),
    K.ROSTER_SNAPSHOT: Handler(meeting.decide_roster_snapshot, meeting.evolve_roster_snapshot),
    K.STAGE_ADDED: Handler(meeting.decide_stage_added, meeting.evolve_stage_added),
    K.STAGE_REMOVED: Handler(meeting.decide_stage_removed, meeting.evolve_stage_removed),
    K.STAGE_MOVED: Handler(meeting.decide_stage_moved, meeting.evolve_stage_moved),
    K.STAGE_CHANGED: Handler(meeting.decide_stage_changed, meeting.evolve_stage_changed),
    K.STARTED: Handler(meeting.decide_started, meeting.evolve_started),
    K.NEXT_STAGE: Handler(meeting.decide_next_stage, meeting.evolve_next_stage),
    K.PREVIOUS_STAGE: Handler(meeting.decide_previous_stage, meeting.evolve_previous_stage),
    K.GOTO_STAGE: Handler(meeting.decide_goto_stage, meeting.evolve_goto_stage),
    K.PAUSED: Handler(meeting.decide_paused, meeting.evolve_paused),
    K.RESUMED: Handler(meeting.decide_resumed, meeting.evolve_resumed),
    K.ENDED: Handler(meeting.decide_ended, meeting.evolve_ended),
    K.QUEUE_ADDED: Handler(record.decide_queue_added, record.evolve_queue_added),
    K.QUEUE_REMOVED: Handler(record.decide_queue_removed, record.evolve_queue_removed),
    K.QUEUE_MOVED: Handler(record.decide_queue_moved, record.evolve_queue_moved),
    K.QUEUE_FIRST_TIMERS: Handler(record.decide_queue_first_timers, record.evolve_queue_first_timers),
    K.QUEUE_RESTORE_LAST: Handler(record.decide_queue_restore_last, record.evolve_queue_restore_last),
    K.SPEECH_STARTED: Handler(record.decide_speech_started, record.evolve_speech_started),
    K.SPEECH_NOTED: Handler(record.decide_speech_noted, record.evolve_speech_noted),
    K.SPEECH_ENDED: Handler(record.decide_speech_ended, record.evolve_speech_ended),
    K.SPEECH_CANCELLED: Handler(record.decide_speech_cancelled, record.evolve_speech_cancelled),
    K.SPEECH_CORRECTED: Handler(record.decide_speech_corrected, record.evolve_speech_corrected),
    K.GROUP_OPINION: Handler(record.decide_group_opinion, record.evolve_group_opinion),
    K.STAGE_CONCLUDED: Handler(record.decide_stage_concluded, record.evolve_stage_concluded),
    K.ATTENDANCE_MARKED: Handler(attendance.decide_attendance_marked, attendance.evolve_attendance_marked),
    K.ARRIVED: Handler(attendance.decide_arrived, attendance.evolve_arrived),
    K.DEPARTED: Handler(attendance.decide_departed, attendance.evolve_departed),
    K.GUEST_ADDED: Handler(attendance.decide_guest_added, attendance.evolve_guest_added),
    K.GUEST_REMOVED: Handler(attendance.decide_guest_removed, attendance.evolve_guest_removed),
    K.VOTE_RECORDED: Handler(attendance.decide_vote_recorded, attendance.evolve_vote_recorded),
    K.RESERVED_OPINION: Handler(attendance.decide_reserved_opinion, attendance.evolve_reserved_opinion),
    K.VOTE_WITHDRAWN: Handler(attendance.decide_vote_withdrawn, attendance.evolve_vote_withdrawn),
    K.ENTRY_ADDED: Handler(criticism.decide_entry_added, criticism.evolve_entry_added),
    K.ENTRY_CHANGED: Handler(criticism.decide_entry_changed, criticism.evolve_entry_changed),
    K.FOLLOW_UP_REPORTED: Handler(criticism.decide_follow_up_reported, criticism.evolve_follow_up_reported),
    K.RESOLUTION_SET: Handler(resolution.decide_resolution_set, resolution.evolve_resolution_set),
    K.RESOLUTION_TASK_ADDED: Handler(
        resolution.decide_resolution_task_added, resolution.evolve_resolution_task_added
    ),
    K.RESOLUTION_TASK_CHANGED: Handler(
        resolution.decide_resolution_task_changed, resolution.evolve_resolution_task_changed
    ),
    K.RESOLUTION_TASK_REMOVED: Handler(
        resolution.decide_resolution_task_removed, resolution.evolve_resolution_task_removed
    ),
    K.RESOLUTION_TASK_MOVED: Handler(
        resolution.decide_resolution_task_moved, resolution.evolve_resolution_task_moved
    ),
    K.RESOLUTION_NUMBERED: Handler(
        resolution.decide_resolution_numbered, resolution.evolve_resolution_numbered
    ),
    K.RESOLUTION_ADOPTED: Handler(resolution.decide_resolution_adopted, resolution.evolve_resolution_adopted),
    K.RESOLUTION_DISCARDED: Handler(
        resolution.decide_resolution_discarded, resolution.evolve_resolution_discarded
    ),
    K.PREP_TARGET: Handler(prep.decide_prep_target, prep.evolve_prep_target),
    K.PREP_PRESENTER: Handler(prep.decide_prep_presenter, prep.evolve_prep_presenter),
    K.PREP_AGENDA: Handler(prep.decide_prep_agenda, prep.evolve_prep_agenda),
    K.PREP_TASK: Handler(prep.decide_prep_task, prep.evolve_prep_task),
    K.PREP_TASK_REMOVED: Handler(prep.decide_prep_task_removed, prep.evolve_prep_task_removed),
    K.PREP_FOCUS: Handler(prep.decide_prep_focus, prep.evolve_prep_focus),
    K.PREP_FOCUS_REMOVED: Handler(prep.decide_prep_focus_removed, prep.evolve_prep_focus_removed),
    K.PREP_PRODUCED: Handler(prep.decide_prep_produced, prep.evolve_prep_produced),
    K.FOCUS_SET: Handler(prep.decide_focus_set, prep.evolve_focus_set),
    K.TASK_REVIEWED: Handler(review.decide_task_reviewed, review.evolve_task_reviewed),
    K.TASK_REASSIGNED: Handler(review.decide_task_reassigned, review.evolve_task_reassigned),
    K.SCORE_PROPOSED: Handler(scoring.decide_score_proposed, scoring.evolve_score_proposed),
    K.SCORE_LINE_SET: Handler(scoring.decide_score_line_set, scoring.evolve_score_line_set),
    K.MINUTES_APPROVED: Handler(scoring.decide_minutes_approved, scoring.evolve_minutes_approved),
}


def kind_of(kind: str | EventKind) -> EventKind:
    try:
        return EventKind(kind)
    except ValueError:
        raise DomainError("error.event_unknown", seq="", kind=str(kind)[:80]) from None


def decide(
    state: MeetingState, kind: str | EventKind, data: Mapping[str, Any], *, at: datetime, by: str
) -> Event:
    """The event a command makes, decided by today's rules against ``state``; or a DomainError."""
    known = kind_of(kind)
    if known is not EventKind.CREATED and not state.created:
        raise DomainError("error.meeting_not_created")
    decided = HANDLERS[known].decide(state, data)
    extra = set(decided) - set(known.fields)
    if extra:  # a decision that writes an undeclared field is a bug, never a user's mistake
        raise RuntimeError(f"{known}: undeclared fields {sorted(extra)}")
    stamp = to_iso(at)
    decided.update(counted_time(state, stamp))
    return Event(seq=state.seq + 1, kind=known, at=stamp, by=by, data=decided, v=EVENT_SCHEMA)


def counted_time(state: MeetingState, stamp: str) -> dict[str, Any]:
    """Time only moves forward inside a meeting (docs/DOMAIN.md, "Time inside a meeting").

    An event keeps its stamp as recorded; it counts at the time of the event before it plus
    the time the clock moved since that event's stamp, never less. So when the computer's
    clock is set back mid-meeting, the span across the jump counts as nothing, every span
    after it counts in full, and no span is negative. Decided once, stored with the event
    (``counted_at``, and ``clock_back_s`` where the clock went back); an evolution reads it.
    """
    if not state.last_counted or not state.last_at:
        return {}
    moved = (from_iso(stamp) - from_iso(state.last_at)).total_seconds()
    counted = to_iso(from_iso(state.last_counted) + timedelta(seconds=max(moved, 0.0)))
    out: dict[str, Any] = {}
    if counted != stamp:
        out["counted_at"] = counted
    if moved < 0:
        out["clock_back_s"] = round(-moved, 3)
    return out


def evolve(state: MeetingState, event: Event) -> MeetingState:
    """The state after ``event`` (in today's shape): no rule is checked, nothing is refused."""
    new = HANDLERS[event.kind].evolve(state, event)
    counted = event.data.get("counted_at")
    stamp: dict[str, Any] = {
        "seq": max(state.seq, event.seq),
        "last_at": event.at,
        "last_counted": counted if isinstance(counted, str) else event.at,
    }
    back = event.data.get("clock_back_s")
    if isinstance(back, int | float) and not isinstance(back, bool) and back > 0:
        stamp["clock_jumps"] = (*state.clock_jumps, (event.seq, float(back)))
    if new is state:
        return change(state, **stamp)
    new.__dict__.update(stamp)  # a value this evolution just made, not yet seen by anyone
    return new


def replay(state: MeetingState, event: Event, check: Callable[[Event], str] | None = None) -> MeetingState:
    """A stored event of any known version applied to ``state``: upcast, then evolved.

    ``check`` (the store's schema of each kind) is given the event in today's shape and says
    what in it does not fit its kind's declared fields. A stored event this version cannot
    apply is reported with its sequence number (EventFormatError); the caller names the file.
    """
    try:
        current = upcast(event, state)
        problem = check(current) if check is not None else ""
        if problem:
            raise EventFormatError("error.event_broken", seq=event.seq, detail=f"{event.kind}: {problem}")
        return evolve(state, current)
    except EventFormatError:
        raise
    except (DomainError, KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise EventFormatError("error.event_broken", seq=event.seq, detail=f"{event.kind}: {exc}") from exc


def fold(events: Iterable[Event]) -> MeetingState:
    """The state that a meeting's recorded events add up to."""
    state = MeetingState()
    for event in events:
        state = replay(state, event)
    return state


def event_kinds() -> list[str]:
    return sorted(str(kind) for kind in HANDLERS)
