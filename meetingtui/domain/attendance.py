"""Roll call, guests and votes in a meeting (DOMAIN §3), as events on the meeting.

Presence changes over the meeting: a member who arrives late counts as present from the
moment of arrival, one who leaves early stops counting from the moment of leaving. Every
count the chair sees (present, voters present, the denominator) is taken *now*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import DomainError
from .meeting import Event, Guest, MeetingState, _require_not_ended, _text, handles
from .people import Category
from .rules import (
    AttendanceCounts,
    Presence,
    Tally,
    VoteForm,
    VoteKind,
    attendance_counts,
    can_reach,
    validate_tally,
    vote_denominator,
    vote_outcome,
    voters_present,
    votes_needed,
)

MAX_GUESTS = 50


@dataclass
class AttendanceRecord:
    status: Presence = Presence.UNMARKED
    reason: str = ""
    arrived_at: datetime | None = None  # late arrival
    left_at: datetime | None = None  # early departure
    left_reason: str = ""

    @property
    def present_now(self) -> bool:
        return self.status is Presence.PRESENT and self.left_at is None


@dataclass
class Vote:
    id: str
    question: str
    kind: VoteKind
    form: VoteForm
    tally: Tally
    denominator: int
    voters_present: int
    needed: int
    passed: bool
    percent: float
    at: datetime
    stage: str = ""  # stage id during which it was taken
    subject: str = ""  # member id, for admission and confirmation
    reserved: list[tuple[str, str]] = field(default_factory=list)  # (member id, words)
    withdrawn: str = ""  # reason, when the vote was declared void


def presence_now(state: MeetingState) -> dict[str, Presence]:
    """Presence of every member at this moment (a member who left counts as absent)."""
    result: dict[str, Presence] = {}
    for member_id, rec in state.attendance.items():
        if rec.left_at is not None:
            result[member_id] = Presence.EXCUSED
        else:
            result[member_id] = rec.status
    return result


def counts_now(state: MeetingState) -> AttendanceCounts:
    return attendance_counts(state.members(), presence_now(state))


def denominator_now(state: MeetingState) -> int:
    return vote_denominator(state.members(), presence_now(state))


def voters_now(state: MeetingState) -> int:
    return voters_present(state.members(), presence_now(state))


def vote_forecast(state: MeetingState, kind: VoteKind) -> tuple[int, int, int, bool]:
    """(denominator, needed, voters present, reachable) before a vote is taken."""
    den = denominator_now(state)
    voters = voters_now(state)
    return den, votes_needed(kind, den), voters, can_reach(kind, den, voters)


def _member(state: MeetingState, data: dict[str, Any], key: str = "member") -> str:
    member = _text(data, key, required=True)
    if member not in state.roster:
        raise DomainError("error.member_unknown", member=member)
    return member


def _record(state: MeetingState, member: str) -> AttendanceRecord:
    rec = state.attendance.get(member)
    if rec is None:
        rec = state.attendance[member] = AttendanceRecord()
    return rec


@handles("attendance_marked")
def _attendance_marked(state: MeetingState, ev: Event) -> None:
    """Roll call: present, absent with reason (the reason recorded), absent without reason."""
    _require_not_ended(state)
    member = _member(state, ev.data)
    try:
        status = Presence(ev.data.get("status", ""))
    except ValueError:
        raise DomainError("error.presence_invalid", value=ev.data.get("status")) from None
    reason = _text(ev.data, "reason")
    rec = _record(state, member)
    rec.status = status
    rec.reason = reason if status is not Presence.PRESENT else ""
    if status is not Presence.PRESENT:
        rec.arrived_at = None
    rec.left_at = None
    rec.left_reason = ""


@handles("arrived")
def _arrived(state: MeetingState, ev: Event) -> None:
    """A member who was not there at roll call arrives: present from now on."""
    _require_not_ended(state)
    member = _member(state, ev.data)
    rec = _record(state, member)
    if rec.present_now:
        raise DomainError("error.already_present", name=state.member_name(member))
    rec.status = Presence.PRESENT
    rec.arrived_at = ev.when if state.started_at is not None else None
    rec.left_at = None
    rec.reason = ""


@handles("departed")
def _departed(state: MeetingState, ev: Event) -> None:
    """A present member leaves early: counted absent from now on."""
    _require_not_ended(state)
    member = _member(state, ev.data)
    rec = _record(state, member)
    if not rec.present_now:
        raise DomainError("error.not_present", name=state.member_name(member))
    rec.left_at = ev.when
    rec.left_reason = _text(ev.data, "reason")


@handles("guest_added")
def _guest_added(state: MeetingState, ev: Event) -> None:
    name = _text(ev.data, "name", required=True)
    if len(state.guests) >= MAX_GUESTS:
        raise DomainError("error.too_many_guests", max=MAX_GUESTS)
    state.guests.append(Guest(name=name, title=_text(ev.data, "title")))


@handles("guest_removed")
def _guest_removed(state: MeetingState, ev: Event) -> None:
    index = ev.data.get("index")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(state.guests):
        raise DomainError("error.guest_unknown")
    del state.guests[index]


def _count(data: dict[str, Any], key: str) -> Any:
    return data.get(key, 0)


@handles("vote_recorded")
def _vote_recorded(state: MeetingState, ev: Event) -> None:
    """A vote: refused when the counts exceed the members present who may vote."""
    _require_not_ended(state)
    d = ev.data
    question = _text(d, "question", required=True)
    try:
        kind = VoteKind(d.get("kind", "resolution"))
    except ValueError:
        raise DomainError("error.vote_kind_invalid", value=d.get("kind")) from None
    try:
        form = VoteForm(d.get("form", "hands"))
    except ValueError:
        raise DomainError("error.vote_form_invalid", value=d.get("form")) from None
    tally = Tally(for_=_count(d, "for"), against=_count(d, "against"), other=_count(d, "other"))
    voters = voters_now(state)
    validate_tally(tally, voters)
    den = denominator_now(state)
    outcome = vote_outcome(kind, tally, den)
    subject = _text(d, "subject")
    if subject and subject not in state.roster:
        raise DomainError("error.member_unknown", member=subject)
    if kind in (VoteKind.ADMISSION, VoteKind.CONFIRMATION) and subject:
        category = state.roster[subject].get("category")
        if kind is VoteKind.CONFIRMATION and category != Category.PROBATIONARY:
            raise DomainError("error.confirm_not_probationary", name=state.member_name(subject))
    stage = state.current_stage
    state.votes.append(
        Vote(
            id=f"v{len(state.votes) + 1}",
            question=question,
            kind=kind,
            form=form,
            tally=tally,
            denominator=den,
            voters_present=voters,
            needed=outcome.needed,
            passed=outcome.passed,
            percent=outcome.percent,
            at=ev.when,
            stage=stage.id if stage else "",
            subject=subject,
        )
    )


def _vote(state: MeetingState, data: dict[str, Any]) -> Vote:
    vote_id = data.get("vote")
    for vote in state.votes:
        if vote.id == vote_id:
            return vote
    raise DomainError("error.vote_unknown", vote=str(vote_id))


@handles("reserved_opinion")
def _reserved_opinion(state: MeetingState, ev: Event) -> None:
    """A member in the minority keeps their view; recorded word for word."""
    vote = _vote(state, ev.data)
    member = _member(state, ev.data)
    words = _text(ev.data, "text", required=True, multiline=True)
    vote.reserved.append((member, words))


@handles("vote_withdrawn")
def _vote_withdrawn(state: MeetingState, ev: Event) -> None:
    """A vote recorded by mistake is declared void; it stays in the record with the reason."""
    vote = _vote(state, ev.data)
    vote.withdrawn = _text(ev.data, "reason", required=True)


def final_presence(state: MeetingState) -> dict[str, Presence]:
    """What goes in the attendance ledger: present if the member attended at all."""
    return {member_id: rec.status for member_id, rec in state.attendance.items()}
