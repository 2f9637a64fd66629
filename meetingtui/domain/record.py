"""The clerk's record (DOMAIN §4): the speaker queue, speeches, party-group opinions,
the chair's conclusion of each stage. A correction never replaces text silently: the
earlier wording stays in the entry's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import ConflictError, DomainError
from .meeting import Event, MeetingState, _require_not_ended, _require_running, _text, handles

MAX_TEXT = 20_000  # characters in one summary: a runaway paste is refused, not stored
SPEECH_WARNING = 30  # seconds before the limit when the speaker's timer warns


@dataclass
class QueueEntry:
    id: str
    member: str = ""  # member id, or "" for a guest
    guest: str = ""  # guest's name


@dataclass
class Revision:
    text: str
    at: datetime
    by: str


@dataclass
class Speech:
    id: str
    stage: str  # stage id
    member: str = ""  # member id; "" for a guest or a party group
    guest: str = ""
    group: str = ""  # party group, for a tổ đảng opinion
    kind: str = "speech"  # speech | group_opinion
    started_at: datetime | None = None
    ended_at: datetime | None = None
    text: str = ""
    history: list[Revision] = field(default_factory=list)  # earlier wordings, oldest first

    @property
    def rev(self) -> int:
        return len(self.history)

    @property
    def seconds(self) -> float:
        if self.started_at is None or self.ended_at is None:
            return 0.0
        return (self.ended_at - self.started_at).total_seconds()


@dataclass
class Conclusion:
    stage: str
    text: str
    history: list[Revision] = field(default_factory=list)


@dataclass
class RecordState:
    queue: list[QueueEntry] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)
    current: Speech | None = None  # the speech running now
    draft: str = ""  # the clerk's notes on the running speech, saved as typed
    last_speaker: QueueEntry | None = None
    conclusions: dict[str, Conclusion] = field(default_factory=dict)
    next_no: int = 1


def record_of(state: MeetingState) -> RecordState:
    rec = state.extra.get("record")
    if rec is None:
        rec = state.extra["record"] = RecordState()
    assert isinstance(rec, RecordState)
    return rec


def _new_id(rec: RecordState, prefix: str) -> str:
    value = f"{prefix}{rec.next_no}"
    rec.next_no += 1
    return value


def _long_text(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    text = _text(data, key, required=required, multiline=True)
    if len(text) > MAX_TEXT:
        raise DomainError("error.text_too_long", max=MAX_TEXT, length=len(text))
    return text


def spoken_members(state: MeetingState) -> set[str]:
    """Members who have spoken in this meeting (a party-group opinion counts for its reader)."""
    return {s.member for s in record_of(state).speeches if s.member}


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


def _entry(rec: RecordState, data: dict[str, Any]) -> tuple[int, QueueEntry]:
    entry_id = data.get("entry")
    for i, entry in enumerate(rec.queue):
        if entry.id == entry_id:
            return i, entry
    raise DomainError("error.queue_entry_unknown")


# -- the queue -----------------------------------------------------------------------------
@handles("queue_added")
def _queue_added(state: MeetingState, ev: Event) -> None:
    _require_not_ended(state)
    rec = record_of(state)
    member = _text(ev.data, "member")
    guest = _text(ev.data, "guest")
    if bool(member) == bool(guest):
        raise DomainError("error.queue_needs_speaker")
    if member and member not in state.roster:
        raise DomainError("error.member_unknown", member=member)
    if member and any(e.member == member for e in rec.queue):
        raise DomainError("error.already_queued", name=state.member_name(member))
    if member:
        _require_here(state, member)
    rec.queue.append(QueueEntry(id=_new_id(rec, "q"), member=member, guest=guest))


def _require_here(state: MeetingState, member: str) -> None:
    """A member marked absent (or gone early) cannot speak: the minutes would say both."""
    record = state.attendance.get(member)
    if record is not None and record.status != "" and not record.present_now:
        raise DomainError("error.speaker_absent", name=state.member_name(member))


@handles("queue_removed")
def _queue_removed(state: MeetingState, ev: Event) -> None:
    rec = record_of(state)
    index, _ = _entry(rec, ev.data)
    del rec.queue[index]


@handles("queue_moved")
def _queue_moved(state: MeetingState, ev: Event) -> None:
    rec = record_of(state)
    index, entry = _entry(rec, ev.data)
    to = ev.data.get("to")
    if not isinstance(to, int) or isinstance(to, bool):
        raise DomainError("error.position_invalid")
    to = max(0, min(to, len(rec.queue) - 1))
    del rec.queue[index]
    rec.queue.insert(to, entry)


@handles("queue_first_timers")
def _queue_first_timers(state: MeetingState, ev: Event) -> None:
    """Let members who have not yet spoken in this meeting go first (order otherwise kept)."""
    rec = record_of(state)
    spoken = spoken_members(state)
    rec.queue.sort(key=lambda e: bool(e.member) and e.member in spoken)


@handles("queue_restore_last")
def _queue_restore_last(state: MeetingState, ev: Event) -> None:
    """Put the last speaker back at the top of the queue (to finish, or to answer)."""
    rec = record_of(state)
    last = rec.last_speaker
    if last is None:
        raise DomainError("error.no_last_speaker")
    if last.member and any(e.member == last.member for e in rec.queue):
        raise DomainError("error.already_queued", name=state.member_name(last.member))
    rec.queue.insert(0, QueueEntry(id=_new_id(rec, "q"), member=last.member, guest=last.guest))


# -- speeches ------------------------------------------------------------------------------
@handles("speech_started")
def _speech_started(state: MeetingState, ev: Event) -> None:
    """The speaker at the top of the queue (or the one named) takes the floor."""
    _require_running(state)
    rec = record_of(state)
    if rec.current is not None:
        raise DomainError("error.speech_running", name=speaker_name(state, rec.current))
    if "entry" in ev.data:
        index, entry = _entry(rec, ev.data)
    elif rec.queue:
        index, entry = 0, rec.queue[0]
    else:
        raise DomainError("error.queue_empty")
    if entry.member:
        _require_here(state, entry.member)
    del rec.queue[index]
    stage = state.current_stage
    assert stage is not None
    rec.current = Speech(
        id=_new_id(rec, "p"), stage=stage.id, member=entry.member, guest=entry.guest, started_at=ev.when
    )
    rec.draft = ""
    rec.last_speaker = entry


@handles("speech_noted")
def _speech_noted(state: MeetingState, ev: Event) -> None:
    """The clerk's notes while the member speaks, saved as they are typed."""
    rec = record_of(state)
    if rec.current is None:
        raise DomainError("error.no_speech_running")
    rec.draft = _long_text(ev.data, "text")


@handles("speech_ended")
def _speech_ended(state: MeetingState, ev: Event) -> None:
    rec = record_of(state)
    if rec.current is None:
        raise DomainError("error.no_speech_running")
    text = _long_text(ev.data, "text") if "text" in ev.data else rec.draft
    speech = rec.current
    speech.ended_at = ev.when
    speech.text = text
    rec.speeches.append(speech)
    rec.current = None
    rec.draft = ""


@handles("speech_cancelled")
def _speech_cancelled(state: MeetingState, ev: Event) -> None:
    """Started by mistake: the speaker goes back to the top of the queue; nothing is kept."""
    rec = record_of(state)
    if rec.current is None:
        raise DomainError("error.no_speech_running")
    speech = rec.current
    rec.queue.insert(0, QueueEntry(id=_new_id(rec, "q"), member=speech.member, guest=speech.guest))
    rec.current = None
    rec.draft = ""


def find_speech(state: MeetingState, speech_id: str) -> Speech:
    for speech in record_of(state).speeches:
        if speech.id == speech_id:
            return speech
    raise DomainError("error.speech_unknown", speech=speech_id)


@handles("speech_corrected")
def _speech_corrected(state: MeetingState, ev: Event) -> None:
    """A later correction: the earlier text goes into the history, never silently lost.

    ``base_rev`` is the revision the editor started from; when someone else corrected the
    same speech in between, the edit is refused as a conflict so neither is overwritten.
    """
    speech = find_speech(state, str(ev.data.get("speech", "")))
    base = ev.data.get("base_rev", speech.rev)
    if base != speech.rev:
        raise ConflictError("error.edit_conflict", name=speaker_name(state, speech))
    text = _long_text(ev.data, "text")
    if text == speech.text:
        raise DomainError("error.nothing_changed")
    speech.history.append(Revision(text=speech.text, at=ev.when, by=ev.by))
    speech.text = text


@handles("group_opinion")
def _group_opinion(state: MeetingState, ev: Event) -> None:
    """A party group's opinion (ý kiến tổ đảng), before or during the meeting: counts as spoken."""
    _require_not_ended(state)
    rec = record_of(state)
    group = _text(ev.data, "group", required=True)
    reader = _text(ev.data, "member")
    if reader and reader not in state.roster:
        raise DomainError("error.member_unknown", member=reader)
    stage_id = _text(ev.data, "stage")
    if stage_id:
        state.stage_index(stage_id)
    elif state.current_stage is not None:
        stage_id = state.current_stage.id
    else:
        stage_id = next((s.id for s in state.stages if s.key == "discussion"), state.stages[0].id)
    rec.speeches.append(
        Speech(
            id=_new_id(rec, "p"),
            stage=stage_id,
            member=reader,
            group=group,
            kind="group_opinion",
            started_at=ev.when,
            ended_at=ev.when,
            text=_long_text(ev.data, "text", required=True),
        )
    )


@handles("stage_concluded")
def _stage_concluded(state: MeetingState, ev: Event) -> None:
    """The chair's conclusion of a stage; a new wording keeps the old one in history."""
    rec = record_of(state)
    stage_id = _text(ev.data, "stage") or (state.current_stage.id if state.current_stage else "")
    state.stage_index(stage_id)
    text = _long_text(ev.data, "text", required=True)
    old = rec.conclusions.get(stage_id)
    if old is None:
        rec.conclusions[stage_id] = Conclusion(stage=stage_id, text=text)
        return
    base = ev.data.get("base_rev", len(old.history))
    if base != len(old.history):
        raise ConflictError("error.edit_conflict", name=stage_id)
    old.history.append(Revision(text=old.text, at=ev.when, by=ev.by))
    old.text = text
