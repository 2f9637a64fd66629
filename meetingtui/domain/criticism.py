"""Criticism and self-criticism, commendations and reminders (DOMAIN §5).

Each entry: its kind, who speaks, whom it concerns (a member, the committee, or the cell),
the substance, the response or commitment of the person concerned, and optionally a
follow-up task (content, owner, deadline) that is offered to the resolution's task list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .errors import ConflictError, DomainError
from .meeting import Event, MeetingState, _require_not_ended, _text, handles
from .record import MAX_TEXT, Revision


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
    owner: str = ""  # member id, or COMMITTEE
    deadline: str = ""  # ISO date
    done: bool | None = None  # set when it is reported back


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
    entries = state.extra.setdefault("criticism", [])
    assert isinstance(entries, list)
    return entries


def concerns_name(state: MeetingState, concerns: str) -> str:
    if concerns == COMMITTEE:
        return "Chi ủy"
    if concerns == CELL:
        return "Chi bộ"
    return state.member_name(concerns)


def _long(data: dict[str, object], key: str, *, required: bool = False) -> str:
    text = _text(data, key, required=required, multiline=True)  # type: ignore[arg-type]
    if len(text) > MAX_TEXT:
        raise DomainError("error.text_too_long", max=MAX_TEXT, length=len(text))
    return text


def _follow_up(state: MeetingState, raw: object) -> FollowUp | None:
    if raw in (None, "", {}):
        return None
    if not isinstance(raw, dict):
        raise DomainError("error.follow_up_invalid")
    content = _long(raw, "content", required=True)
    owner = _text(raw, "owner")
    if owner and owner != COMMITTEE and owner not in state.roster:
        raise DomainError("error.member_unknown", member=owner)
    deadline = _text(raw, "deadline")
    if deadline:
        try:
            datetime.fromisoformat(deadline)
        except ValueError:
            raise DomainError("error.date_invalid", value=deadline) from None
    return FollowUp(content=content, owner=owner, deadline=deadline)


@handles("entry_added")
def _entry_added(state: MeetingState, ev: Event) -> None:
    """Rules: a self-criticism concerns its speaker; a criticism names its target."""
    _require_not_ended(state)
    d = ev.data
    try:
        kind = EntryKind(d.get("kind", ""))
    except ValueError:
        raise DomainError("error.entry_kind_invalid", value=d.get("kind")) from None
    speaker = _text(d, "speaker")
    if speaker and speaker not in state.roster:
        raise DomainError("error.member_unknown", member=speaker)
    concerns = _text(d, "concerns")
    if kind is EntryKind.SELF_CRITICISM:
        if not speaker:
            raise DomainError("error.self_criticism_needs_speaker")
        if concerns and concerns != speaker:
            raise DomainError("error.self_criticism_concerns_speaker")
        concerns = speaker
    if not concerns:
        raise DomainError("error.entry_needs_target")
    if concerns not in (COMMITTEE, CELL) and concerns not in state.roster:
        raise DomainError("error.member_unknown", member=concerns)
    if kind is EntryKind.CRITICISM and concerns == speaker:
        raise DomainError("error.criticism_of_self")
    absent = False
    if concerns in state.attendance:
        record = state.attendance[concerns]
        absent = not record.present_now
    stage = state.current_stage
    entries = entries_of(state)
    entries.append(
        Entry(
            id=f"c{len(entries) + 1}",
            kind=kind,
            speaker=speaker,
            concerns=concerns,
            text=_long(d, "text", required=True),
            stage=stage.id if stage else "",
            at=ev.when,
            response=_long(d, "response"),
            follow_up=_follow_up(state, d.get("follow_up")),
            absent=absent,
        )
    )


def find_entry(state: MeetingState, entry_id: str) -> Entry:
    for entry in entries_of(state):
        if entry.id == entry_id:
            return entry
    raise DomainError("error.entry_unknown", entry=entry_id)


@handles("entry_changed")
def _entry_changed(state: MeetingState, ev: Event) -> None:
    """Edit text, response or follow-up; the earlier text is kept in history."""
    entry = find_entry(state, str(ev.data.get("entry", "")))
    base = ev.data.get("base_rev", entry.rev)
    if base != entry.rev:
        raise ConflictError("error.edit_conflict", name=concerns_name(state, entry.concerns))
    before = entry.text
    if "text" in ev.data:
        entry.text = _long(ev.data, "text", required=True)
    if "response" in ev.data:
        entry.response = _long(ev.data, "response")
    if "follow_up" in ev.data:
        entry.follow_up = _follow_up(state, ev.data.get("follow_up"))
    entry.history.append(Revision(text=before, at=ev.when, by=ev.by))
