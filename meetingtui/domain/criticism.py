"""Criticism and self-criticism, commendations and reminders (docs/DOMAIN.md, "Criticism").

Each entry: its kind, who speaks, whom it concerns (a member, the committee, or the cell),
the substance, the response or commitment of the person concerned, and optionally a
follow-up task (content, owner, deadline) that is offered to the resolution's task list.

Rules (decided when the entry is recorded):

- a self-criticism concerns its speaker (a committee member may also self-criticise on
  behalf of the committee: ``concerns`` is then :data:`COMMITTEE`);
- a criticism names its target, and that target is not the speaker;
- speakers, targets and follow-up owners must be on the meeting's roster;
- an entry about a member who is absent is allowed, and marked (:attr:`Entry.absent`).

A follow-up is reported back later (``follow_up_reported``), usually at the next meeting's
review of last month's tasks. The event is recorded in the meeting that holds the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from . import checks
from .attendance import is_absent
from .errors import ConflictError, DomainError
from .events import Event
from .people import CELL, COMMITTEE
from .state import Entry, EntryKind, FollowUp, MeetingState, Revision, change

ENTRY_TITLES_VI = {
    EntryKind.SELF_CRITICISM: "Tự phê bình",
    EntryKind.CRITICISM: "Phê bình",
    EntryKind.COMMENDATION: "Biểu dương",
    EntryKind.REMINDER: "Nhắc nhở",
}

Data = dict[str, Any]


def follow_ups_of(state: MeetingState) -> list[Entry]:
    """Entries that carry a follow-up task: what the resolution's task list is offered."""
    return [e for e in state.criticism if e.follow_up is not None]


class Named(Protocol):
    """A meeting that knows its members' names then: a folded state, or its summary."""

    def member_name(self, member_id: str) -> str: ...


def concerns_name(state: Named, concerns: str) -> str:
    if concerns == COMMITTEE:
        return "Chi ủy"
    if concerns == CELL:
        return "Chi bộ"
    return state.member_name(concerns)


def not_self_criticised(state: MeetingState) -> list[str]:
    """Members present now who have not yet self-criticised in this meeting (roster order)."""
    done = {
        e.speaker for e in state.criticism if e.kind is EntryKind.SELF_CRITICISM and e.concerns == e.speaker
    }
    return [
        member_id
        for member_id in state.roster
        if member_id not in done
        and (record := state.attendance.get(member_id)) is not None
        and record.present_now
    ]


def find_entry(state: MeetingState, entry_id: str) -> Entry:
    for entry in state.criticism:
        if entry.id == entry_id:
            return entry
    raise DomainError("error.entry_unknown", entry=entry_id)


# -- decisions ----------------------------------------------------------------------------------
def _kind(value: object) -> EntryKind:
    try:
        return EntryKind(str(value))
    except ValueError:
        raise DomainError("error.entry_kind_invalid", value=value) from None


def _who(state: MeetingState, kind: EntryKind, speaker: str, concerns: str) -> str:
    """Check speaker and target against the rules; return whom the entry concerns."""
    if speaker:
        checks.member(state, speaker)
    if kind is EntryKind.SELF_CRITICISM:
        if not speaker:
            raise DomainError("error.self_criticism_needs_speaker")
        if concerns == COMMITTEE and state.roster[speaker].on_committee:
            return COMMITTEE  # a committee member self-criticises on behalf of the committee
        if concerns and concerns != speaker:
            raise DomainError("error.self_criticism_concerns_speaker")
        return speaker
    if not concerns:
        raise DomainError("error.entry_needs_target")
    if concerns not in (COMMITTEE, CELL):
        checks.member(state, concerns)
    if kind is EntryKind.CRITICISM and concerns == speaker:
        raise DomainError("error.criticism_of_self")
    return concerns


def _follow_up(state: MeetingState, raw: object, concerns: str) -> dict[str, str] | None:
    """A follow-up task; its owner defaults to whoever the entry concerns."""
    if raw in (None, "", {}):
        return None
    if not isinstance(raw, Mapping):
        raise DomainError("error.follow_up_invalid")
    content = checks.long_text(raw, "content", required=True)
    owner = checks.owner(state, checks.text(raw, "owner") or concerns)
    return {"content": content, "owner": owner, "deadline": checks.iso_date(raw, "deadline")}


def decide_entry_added(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """An entry in any stage; the rules above decide whom it may concern."""
    checks.not_ended(state)
    kind = _kind(d.get("kind", ""))
    speaker = checks.text(d, "speaker")
    concerns = _who(state, kind, speaker, checks.text(d, "concerns"))
    return {
        "kind": str(kind),
        "speaker": speaker,
        "concerns": concerns,
        "text": checks.long_text(d, "text", required=True),
        "response": checks.long_text(d, "response"),
        "follow_up": _follow_up(state, d.get("follow_up"), concerns),
    }


def _stored_follow_up(raw: object) -> FollowUp | None:
    if not isinstance(raw, Mapping) or not raw:
        return None
    return FollowUp(
        content=str(raw.get("content", "")),
        owner=str(raw.get("owner", "")),
        deadline=str(raw.get("deadline", "")),
    )


def evolve_entry_added(state: MeetingState, ev: Event) -> MeetingState:
    d = ev.data
    concerns = str(d.get("concerns", ""))
    stage = state.current_stage
    entry = Entry(
        id=f"c{len(state.criticism) + 1}",
        kind=EntryKind(d.get("kind", "criticism")),
        speaker=str(d.get("speaker", "")),
        concerns=concerns,
        text=str(d.get("text", "")),
        stage=stage.id if stage else "",
        at=ev.when,
        response=str(d.get("response", "")),
        follow_up=_stored_follow_up(d.get("follow_up")),
        absent=is_absent(state, concerns),
    )
    return change(state, criticism=state.criticism + (entry,))


def decide_entry_changed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """Correct an entry: its text, response, follow-up, or even kind, speaker and target.

    The event holds the entry as it is after the correction. ``base_rev`` guards against two
    clerks editing the same entry at once. Corrections stay possible after the meeting ended.
    """
    entry = find_entry(state, str(d.get("entry", "")))
    base = d.get("base_rev", entry.rev)
    if base != entry.rev:
        raise ConflictError("error.edit_conflict", name=concerns_name(state, entry.concerns))
    kind = _kind(d["kind"]) if "kind" in d else entry.kind
    speaker = checks.text(d, "speaker") if "speaker" in d else entry.speaker
    concerns = checks.text(d, "concerns") if "concerns" in d else entry.concerns
    if kind is EntryKind.SELF_CRITICISM and "concerns" not in d and "speaker" in d:
        concerns = speaker
    concerns = _who(state, kind, speaker, concerns)
    follow_up: dict[str, str] | None
    if "follow_up" in d:
        follow_up = _follow_up(state, d.get("follow_up"), concerns)
    elif entry.follow_up is not None:
        f = entry.follow_up
        follow_up = {"content": f.content, "owner": f.owner, "deadline": f.deadline}
    else:
        follow_up = None
    return {
        "entry": entry.id,
        "base_rev": entry.rev,
        "kind": str(kind),
        "speaker": speaker,
        "concerns": concerns,
        "text": checks.long_text(d, "text", required=True) if "text" in d else entry.text,
        "response": checks.long_text(d, "response") if "response" in d else entry.response,
        "follow_up": follow_up,
    }


def evolve_entry_changed(state: MeetingState, ev: Event) -> MeetingState:
    d = ev.data
    try:
        entry = find_entry(state, str(d.get("entry", "")))
    except DomainError:
        return state
    concerns = str(d.get("concerns", entry.concerns))
    follow_up = _stored_follow_up(d.get("follow_up")) if "follow_up" in d else entry.follow_up
    old = entry.follow_up
    if follow_up is not None and old is not None:  # the report back stays with the task
        follow_up = change(follow_up, done=old.done, note=old.note, reported_at=old.reported_at)
    changed = change(
        entry,
        kind=EntryKind(d.get("kind", entry.kind)),
        speaker=str(d.get("speaker", entry.speaker)),
        concerns=concerns,
        text=str(d.get("text", entry.text)),
        response=str(d.get("response", entry.response)),
        follow_up=follow_up,
        absent=is_absent(state, concerns) if concerns != entry.concerns else entry.absent,
        history=entry.history + (Revision(text=entry.text, at=ev.when, by=ev.by),),
    )
    return change(state, criticism=tuple(changed if e.id == entry.id else e for e in state.criticism))


def decide_follow_up_reported(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """The follow-up was reported back: done (True), not done (False), or unreported (None).

    Recorded in the meeting that holds the entry, also after it ended: the report comes at a
    later meeting, usually in its review of last month's tasks.
    """
    entry = find_entry(state, str(d.get("entry", "")))
    if entry.follow_up is None:
        raise DomainError("error.follow_up_missing", entry=entry.id)
    done = d.get("done")
    if done is not None and not isinstance(done, bool):
        raise DomainError("error.follow_up_invalid")
    return {"entry": entry.id, "done": done, "note": checks.long_text(d, "note")}


def evolve_follow_up_reported(state: MeetingState, ev: Event) -> MeetingState:
    try:
        entry = find_entry(state, str(ev.data.get("entry", "")))
    except DomainError:
        return state
    if entry.follow_up is None:
        return state
    done = ev.data.get("done")
    follow_up = change(
        entry.follow_up,
        done=done if isinstance(done, bool) else None,
        note=str(ev.data.get("note", "")),
        reported_at=ev.when if isinstance(done, bool) else None,
    )
    changed = change(entry, follow_up=follow_up)
    return change(state, criticism=tuple(changed if e.id == entry.id else e for e in state.criticism))
