"""Criticism and self-criticism, commendations and reminders (DOMAIN §5).

Each entry: its kind, who speaks, whom it concerns (a member, the committee, or the cell),
the substance, the response or commitment of the person concerned, and optionally a
follow-up task (content, owner, deadline) that is offered to the resolution's task list.

Rules:

- a self-criticism concerns its speaker (a committee member may also self-criticise on
  behalf of the committee: ``concerns`` is then :data:`COMMITTEE`);
- a criticism names its target, and that target is not the speaker;
- speakers, targets and follow-up owners must be on the meeting's roster;
- an entry about a member who is absent is allowed, and marked (:attr:`Entry.absent`).

A follow-up is reported back later (``follow_up_reported``), usually at the next meeting's
review of last month's tasks. The event is recorded in the meeting that holds the entry, so a
member's history across meetings reads the outcome straight from that meeting's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from .errors import ConflictError, DomainError
from .meeting import Event, MeetingState, _require_not_ended, _text, handles
from .record import MAX_TEXT, Revision
from .rules import Presence


class EntryKind(StrEnum):
    SELF_CRITICISM = "self_criticism"  # tự phê bình
    CRITICISM = "criticism"  # phê bình
    COMMENDATION = "commendation"  # biểu dương
    REMINDER = "reminder"  # nhắc nhở


ENTRY_TITLES_VI = {
    EntryKind.SELF_CRITICISM: "Tự phê bình",
    EntryKind.CRITICISM: "Phê bình",
    EntryKind.COMMENDATION: "Biểu dương",
    EntryKind.REMINDER: "Nhắc nhở",
}

# Whom an entry concerns, besides a member id.
COMMITTEE = "@committee"  # chi ủy
CELL = "@cell"  # the cell as a whole


@dataclass
class FollowUp:
    content: str
    owner: str = ""  # member id, COMMITTEE or CELL ("" only in records made before the default)
    deadline: str = ""  # ISO date
    done: bool | None = None  # set when it is reported back
    note: str = ""  # what was said when it was reported back
    reported_at: datetime | None = None


@dataclass
class Entry:
    id: str
    kind: EntryKind
    speaker: str  # member id ("" when the chair speaks for the committee)
    concerns: str  # member id, COMMITTEE or CELL
    text: str
    stage: str
    at: datetime
    response: str = ""  # the response or commitment of the person concerned
    follow_up: FollowUp | None = None
    absent: bool = False  # the member concerned was absent when it was recorded
    history: list[Revision] = field(default_factory=list)

    @property
    def rev(self) -> int:
        return len(self.history)


def entries_of(state: MeetingState) -> list[Entry]:
    """The meeting's entries in the order recorded (the list the handlers append to)."""
    entries = state.extra.setdefault("criticism", [])
    assert isinstance(entries, list)
    return entries


def follow_ups_of(state: MeetingState) -> list[Entry]:
    """Entries that carry a follow-up task: what the resolution's task list is offered."""
    return [e for e in entries_of(state) if e.follow_up is not None]


def concerns_name(state: MeetingState, concerns: str) -> str:
    if concerns == COMMITTEE:
        return "Chi ủy"
    if concerns == CELL:
        return "Chi bộ"
    return state.member_name(concerns)


def is_absent(state: MeetingState, member_id: str) -> bool:
    """Marked absent at roll call, or left early. Not yet called is not absent."""
    record = state.attendance.get(member_id)
    if record is None:
        return False
    return record.status in (Presence.EXCUSED, Presence.UNEXCUSED) or record.left_at is not None


def not_self_criticised(state: MeetingState) -> list[str]:
    """Members present now who have not yet self-criticised in this meeting (roster order)."""
    done = {
        e.speaker for e in entries_of(state) if e.kind is EntryKind.SELF_CRITICISM and e.concerns == e.speaker
    }
    return [
        member_id
        for member_id in state.roster
        if member_id not in done
        and (record := state.attendance.get(member_id)) is not None
        and record.present_now
    ]


# -- validation -------------------------------------------------------------------------------
def _long(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    text = _text(data, key, required=required, multiline=True)
    if len(text) > MAX_TEXT:
        raise DomainError("error.text_too_long", max=MAX_TEXT, length=len(text))
    return text


def _kind(value: object) -> EntryKind:
    try:
        return EntryKind(str(value))
    except ValueError:
        raise DomainError("error.entry_kind_invalid", value=value) from None


def _member(state: MeetingState, member_id: str) -> str:
    if member_id not in state.roster:
        raise DomainError("error.member_unknown", member=member_id)
    return member_id


def _who(state: MeetingState, kind: EntryKind, speaker: str, concerns: str) -> str:
    """Check speaker and target against the rules; return whom the entry concerns."""
    if speaker:
        _member(state, speaker)
    if kind is EntryKind.SELF_CRITICISM:
        if not speaker:
            raise DomainError("error.self_criticism_needs_speaker")
        on_committee = bool(state.roster[speaker].get("role"))
        if concerns == COMMITTEE and on_committee:
            return COMMITTEE  # a committee member self-criticises on behalf of the committee
        if concerns and concerns != speaker:
            raise DomainError("error.self_criticism_concerns_speaker")
        return speaker
    if not concerns:
        raise DomainError("error.entry_needs_target")
    if concerns not in (COMMITTEE, CELL):
        _member(state, concerns)
    if kind is EntryKind.CRITICISM and concerns == speaker:
        raise DomainError("error.criticism_of_self")
    return concerns


def _deadline(raw: dict[str, Any]) -> str:
    deadline = _text(raw, "deadline")
    if not deadline:
        return ""
    try:
        return date.fromisoformat(deadline).isoformat()
    except ValueError:
        raise DomainError("error.date_invalid", value=deadline) from None


def _follow_up(state: MeetingState, raw: object, concerns: str) -> FollowUp | None:
    """A follow-up task; its owner defaults to whoever the entry concerns."""
    if raw in (None, "", {}):
        return None
    if not isinstance(raw, dict):
        raise DomainError("error.follow_up_invalid")
    content = _long(raw, "content", required=True)
    owner = _text(raw, "owner") or concerns
    if owner not in (COMMITTEE, CELL):
        _member(state, owner)
    return FollowUp(content=content, owner=owner, deadline=_deadline(raw))


# -- events -----------------------------------------------------------------------------------
@handles("entry_added")
def _entry_added(state: MeetingState, ev: Event) -> None:
    """An entry in any stage; the rules above decide whom it may concern."""
    _require_not_ended(state)
    d = ev.data
    kind = _kind(d.get("kind", ""))
    speaker = _text(d, "speaker")
    concerns = _who(state, kind, speaker, _text(d, "concerns"))
    text = _long(d, "text", required=True)
    response = _long(d, "response")
    follow_up = _follow_up(state, d.get("follow_up"), concerns)
    stage = state.current_stage
    entries = entries_of(state)
    entries.append(
        Entry(
            id=f"c{len(entries) + 1}",
            kind=kind,
            speaker=speaker,
            concerns=concerns,
            text=text,
            stage=stage.id if stage else "",
            at=ev.when,
            response=response,
            follow_up=follow_up,
            absent=is_absent(state, concerns),
        )
    )


def find_entry(state: MeetingState, entry_id: str) -> Entry:
    for entry in entries_of(state):
        if entry.id == entry_id:
            return entry
    raise DomainError("error.entry_unknown", entry=entry_id)


@handles("entry_changed")
def _entry_changed(state: MeetingState, ev: Event) -> None:
    """Correct an entry: its text, response, follow-up, or even kind, speaker and target.

    The earlier text is kept in the history. ``base_rev`` guards against two clerks
    editing the same entry at once. Corrections stay possible after the meeting ended.
    """
    d = ev.data
    entry = find_entry(state, str(d.get("entry", "")))
    base = d.get("base_rev", entry.rev)
    if base != entry.rev:
        raise ConflictError("error.edit_conflict", name=concerns_name(state, entry.concerns))
    kind = _kind(d["kind"]) if "kind" in d else entry.kind
    speaker = _text(d, "speaker") if "speaker" in d else entry.speaker
    concerns = _text(d, "concerns") if "concerns" in d else entry.concerns
    if kind is EntryKind.SELF_CRITICISM and "concerns" not in d and "speaker" in d:
        concerns = speaker
    concerns = _who(state, kind, speaker, concerns)
    text = _long(d, "text", required=True) if "text" in d else entry.text
    response = _long(d, "response") if "response" in d else entry.response
    follow_up = entry.follow_up
    if "follow_up" in d:
        follow_up = _follow_up(state, d.get("follow_up"), concerns)
        old = entry.follow_up
        if follow_up is not None and old is not None:  # the report back stays with the task
            follow_up.done, follow_up.note, follow_up.reported_at = old.done, old.note, old.reported_at
    before = entry.text
    if concerns != entry.concerns:
        entry.absent = is_absent(state, concerns)
    entry.kind, entry.speaker, entry.concerns = kind, speaker, concerns
    entry.text, entry.response, entry.follow_up = text, response, follow_up
    entry.history.append(Revision(text=before, at=ev.when, by=ev.by))


@handles("follow_up_reported")
def _follow_up_reported(state: MeetingState, ev: Event) -> None:
    """The follow-up was reported back: done (True), not done (False), or unreported (None).

    Recorded in the meeting that holds the entry, also after it ended: the report comes at a
    later meeting, usually in its review of last month's tasks.
    """
    entry = find_entry(state, str(ev.data.get("entry", "")))
    if entry.follow_up is None:
        raise DomainError("error.follow_up_missing", entry=entry.id)
    done = ev.data.get("done")
    if done is not None and not isinstance(done, bool):
        raise DomainError("error.follow_up_invalid")
    entry.follow_up.done = done
    entry.follow_up.note = _long(ev.data, "note")
    entry.follow_up.reported_at = ev.when if done is not None else None
