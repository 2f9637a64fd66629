"""The clerk's record (docs/DOMAIN.md, "The speaker record"): the speaker queue, speeches,
party-group opinions, the chair's conclusion of each stage. A correction never replaces text
silently: the earlier wording stays in the entry's history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from . import checks
from .errors import ConflictError, DomainError
from .events import Event
from .state import Conclusion, MeetingState, QueueEntry, RecordState, Revision, Speech, change

SPEECH_WARNING = 30  # seconds before the limit when the speaker's timer warns

Data = dict[str, Any]


# -- questions about the record -----------------------------------------------------------------
def spoken_members(state: MeetingState) -> set[str]:
    """Members who have spoken in this meeting (a party-group opinion counts for its reader)."""
    return {s.member for s in state.record.speeches if s.member}


def speaker_name(state: MeetingState, speech: Speech | QueueEntry) -> str:
    if speech.member:
        return state.member_name(speech.member)
    if isinstance(speech, Speech) and speech.group:
        return speech.group
    return speech.guest


def speech_status(speech: Speech, limit: int, now: datetime) -> tuple[float, str]:
    """(seconds spoken, "ok" | "warning" | "over") for the running speech's timer."""
    assert speech.started_at is not None
    elapsed = ((speech.ended_at or now) - speech.started_at).total_seconds()
    if elapsed > limit:
        return elapsed, "over"
    if elapsed >= limit - SPEECH_WARNING:
        return elapsed, "warning"
    return elapsed, "ok"


def find_speech(state: MeetingState, speech_id: str) -> Speech:
    for speech in state.record.speeches:
        if speech.id == speech_id:
            return speech
    raise DomainError("error.speech_unknown", speech=speech_id)


def _entry(rec: RecordState, entry_id: object) -> tuple[int, QueueEntry]:
    for i, entry in enumerate(rec.queue):
        if entry.id == entry_id:
            return i, entry
    raise DomainError("error.queue_entry_unknown")


def _new_id(rec: RecordState, prefix: str) -> tuple[str, int]:
    return f"{prefix}{rec.next_no}", rec.next_no + 1


def _with_record(state: MeetingState, **changes: Any) -> MeetingState:
    return change(state, record=change(state.record, **changes))


def _require_here(state: MeetingState, member: str) -> None:
    """A member marked absent (or gone early) cannot speak: the minutes would say both."""
    record = state.attendance.get(member)
    if record is not None and record.status != "" and not record.present_now:
        raise DomainError("error.speaker_absent", name=state.member_name(member))


# -- the queue -----------------------------------------------------------------------------
def decide_queue_added(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.not_ended(state)
    member = checks.text(d, "member")
    guest = checks.text(d, "guest")
    if bool(member) == bool(guest):
        raise DomainError("error.queue_needs_speaker")
    if member:
        checks.member(state, member)
        if any(e.member == member for e in state.record.queue):
            raise DomainError("error.already_queued", name=state.member_name(member))
        _require_here(state, member)
        return {"member": member}
    return {"guest": guest}


def evolve_queue_added(state: MeetingState, ev: Event) -> MeetingState:
    rec = state.record
    entry_id, next_no = _new_id(rec, "q")
    entry = QueueEntry(
        id=entry_id, member=str(ev.data.get("member", "")), guest=str(ev.data.get("guest", ""))
    )
    return _with_record(state, queue=rec.queue + (entry,), next_no=next_no)


def decide_queue_removed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    _, entry = _entry(state.record, d.get("entry"))
    return {"entry": entry.id}


def evolve_queue_removed(state: MeetingState, ev: Event) -> MeetingState:
    queue = tuple(e for e in state.record.queue if e.id != ev.data.get("entry"))
    return _with_record(state, queue=queue)


def decide_queue_moved(state: MeetingState, d: Mapping[str, Any]) -> Data:
    _, entry = _entry(state.record, d.get("entry"))
    to = checks.integer(d.get("to"))
    return {"entry": entry.id, "to": max(0, min(to, len(state.record.queue) - 1))}


def evolve_queue_moved(state: MeetingState, ev: Event) -> MeetingState:
    queue = list(state.record.queue)
    found = [i for i, e in enumerate(queue) if e.id == ev.data.get("entry")]
    if not found:
        return state
    entry = queue.pop(found[0])
    to = max(0, min(int(ev.data.get("to", 0)), len(queue)))
    queue.insert(to, entry)
    return _with_record(state, queue=tuple(queue))


def decide_queue_first_timers(state: MeetingState, d: Mapping[str, Any]) -> Data:
    return {}


def evolve_queue_first_timers(state: MeetingState, ev: Event) -> MeetingState:
    """Members who have not yet spoken in this meeting go first (order otherwise kept)."""
    spoken = spoken_members(state)
    queue = sorted(state.record.queue, key=lambda e: bool(e.member) and e.member in spoken)
    return _with_record(state, queue=tuple(queue))


def decide_queue_restore_last(state: MeetingState, d: Mapping[str, Any]) -> Data:
    last = state.record.last_speaker
    if last is None:
        raise DomainError("error.no_last_speaker")
    if last.member and any(e.member == last.member for e in state.record.queue):
        raise DomainError("error.already_queued", name=state.member_name(last.member))
    return {}


def evolve_queue_restore_last(state: MeetingState, ev: Event) -> MeetingState:
    """The last speaker goes back to the top of the queue (to finish, or to answer)."""
    rec = state.record
    last = rec.last_speaker
    if last is None:
        return state
    entry_id, next_no = _new_id(rec, "q")
    entry = QueueEntry(id=entry_id, member=last.member, guest=last.guest)
    return _with_record(state, queue=(entry,) + rec.queue, next_no=next_no)


# -- speeches ------------------------------------------------------------------------------
def decide_speech_started(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """The speaker at the top of the queue (or the one named) takes the floor."""
    checks.running(state)
    rec = state.record
    if rec.current is not None:
        raise DomainError("error.speech_running", name=speaker_name(state, rec.current))
    if d.get("entry"):
        _, entry = _entry(rec, d.get("entry"))
    elif rec.queue:
        entry = rec.queue[0]
    else:
        raise DomainError("error.queue_empty")
    if entry.member:
        _require_here(state, entry.member)
    return {"entry": entry.id}


def evolve_speech_started(state: MeetingState, ev: Event) -> MeetingState:
    rec = state.record
    found = [e for e in rec.queue if e.id == ev.data.get("entry")]
    if not found:
        return state
    entry = found[0]
    stage = state.current_stage
    speech_id, next_no = _new_id(rec, "p")
    speech = Speech(
        id=speech_id,
        stage=stage.id if stage else "",
        member=entry.member,
        guest=entry.guest,
        started_at=ev.when,
    )
    return _with_record(
        state,
        queue=tuple(e for e in rec.queue if e.id != entry.id),
        current=speech,
        draft="",
        last_speaker=entry,
        next_no=next_no,
    )


def decide_speech_noted(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """The clerk's notes while the member speaks, saved as they are typed."""
    if state.record.current is None:
        raise DomainError("error.no_speech_running")
    return {"text": checks.long_text(d, "text")}


def evolve_speech_noted(state: MeetingState, ev: Event) -> MeetingState:
    return _with_record(state, draft=str(ev.data.get("text", "")))


def with_draft(state: MeetingState, speech_id: str, started_at: datetime, text: str) -> MeetingState:
    """The meeting with the clerk's notes ``text`` on the running speech, if that speech is the
    one they were typed on (same id, same start); otherwise as it is.

    The notes are kept apart from the events (``store.drafts``); a meeting written by 0.1.0
    may hold them as ``speech_noted`` events too, and notes kept apart are the later ones.
    """
    current = state.record.current
    if current is None or current.id != speech_id or current.started_at != started_at:
        return state
    return _with_record(state, draft=text)


def decide_speech_ended(state: MeetingState, d: Mapping[str, Any]) -> Data:
    rec = state.record
    if rec.current is None:
        raise DomainError("error.no_speech_running")
    return {"text": checks.long_text(d, "text") if "text" in d else rec.draft}


def evolve_speech_ended(state: MeetingState, ev: Event) -> MeetingState:
    rec = state.record
    if rec.current is None:
        return state
    speech = change(rec.current, ended_at=ev.when, text=str(ev.data.get("text", rec.draft)))
    return _with_record(state, speeches=rec.speeches + (speech,), current=None, draft="")


def decide_speech_cancelled(state: MeetingState, d: Mapping[str, Any]) -> Data:
    if state.record.current is None:
        raise DomainError("error.no_speech_running")
    return {}


def evolve_speech_cancelled(state: MeetingState, ev: Event) -> MeetingState:
    """Started by mistake: the speaker goes back to the top of the queue; nothing is kept."""
    rec = state.record
    if rec.current is None:
        return state
    entry_id, next_no = _new_id(rec, "q")
    entry = QueueEntry(id=entry_id, member=rec.current.member, guest=rec.current.guest)
    return _with_record(state, queue=(entry,) + rec.queue, current=None, draft="", next_no=next_no)


def decide_speech_corrected(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """A later correction. ``base_rev`` is the revision the editor started from: when someone
    else corrected the same speech in between, the edit is refused so neither is lost."""
    speech = find_speech(state, str(d.get("speech", "")))
    base = d.get("base_rev", speech.rev)
    if base != speech.rev:
        raise ConflictError("error.edit_conflict", name=speaker_name(state, speech))
    text = checks.long_text(d, "text")
    if text == speech.text:
        raise DomainError("error.nothing_changed")
    return {"speech": speech.id, "text": text, "base_rev": speech.rev}


def evolve_speech_corrected(state: MeetingState, ev: Event) -> MeetingState:
    rec = state.record
    speeches = list(rec.speeches)
    for i, speech in enumerate(speeches):
        if speech.id == ev.data.get("speech"):
            old = Revision(text=speech.text, at=ev.when, by=ev.by)
            speeches[i] = change(speech, text=str(ev.data.get("text", "")), history=speech.history + (old,))
            return _with_record(state, speeches=tuple(speeches))
    return state


def decide_group_opinion(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """A party group's opinion (ý kiến tổ đảng), before or during the meeting: counts as spoken."""
    checks.not_ended(state)
    group = checks.text(d, "group", required=True)
    reader = checks.text(d, "member")
    if reader:
        checks.member(state, reader)
    stage_id = checks.text(d, "stage")
    if stage_id:
        state.stage_index(stage_id)
    elif state.current_stage is not None:
        stage_id = state.current_stage.id
    elif state.stages:
        stage_id = next((s.id for s in state.stages if s.key == "discussion"), state.stages[0].id)
    return {
        "group": group,
        "member": reader,
        "stage": stage_id,
        "text": checks.long_text(d, "text", required=True),
    }


def evolve_group_opinion(state: MeetingState, ev: Event) -> MeetingState:
    rec = state.record
    speech_id, next_no = _new_id(rec, "p")
    d = ev.data
    speech = Speech(
        id=speech_id,
        stage=str(d.get("stage", "")),
        member=str(d.get("member", "")),
        group=str(d.get("group", "")),
        kind="group_opinion",
        started_at=ev.when,
        ended_at=ev.when,
        text=str(d.get("text", "")),
    )
    return _with_record(state, speeches=rec.speeches + (speech,), next_no=next_no)


def decide_stage_concluded(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """The chair's conclusion of a stage; a new wording keeps the old one in history."""
    stage_id = checks.text(d, "stage") or (state.current_stage.id if state.current_stage else "")
    state.stage_index(stage_id)
    text = checks.long_text(d, "text", required=True)
    old = state.record.conclusions.get(stage_id)
    if old is None:
        return {"stage": stage_id, "text": text, "base_rev": 0}
    base = d.get("base_rev", len(old.history))
    if base != len(old.history):
        raise ConflictError("error.edit_conflict", name=stage_id)
    return {"stage": stage_id, "text": text, "base_rev": len(old.history)}


def evolve_stage_concluded(state: MeetingState, ev: Event) -> MeetingState:
    rec = state.record
    stage_id = str(ev.data.get("stage", ""))
    text = str(ev.data.get("text", ""))
    old = rec.conclusions.get(stage_id)
    if old is None:
        new = Conclusion(stage=stage_id, text=text, at=ev.when)
    else:
        new = change(old, text=text, history=old.history + (Revision(text=old.text, at=ev.when, by=ev.by),))
    return _with_record(state, conclusions={**rec.conclusions, stage_id: new})
