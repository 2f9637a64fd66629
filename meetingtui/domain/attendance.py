"""Roll call, guests and votes in a meeting (docs/DOMAIN.md, "Attendance and votes").

Presence changes over the meeting: a member who arrives late counts as present from the
moment of arrival, one who leaves early stops counting from the moment of leaving. Every
count the chair sees (present, voters present, the denominator) is taken *now*.

A vote is decided once: the denominator, the threshold and the outcome are worked out by the
rules in force when it is recorded and stored with it, so a later change of the rules never
changes a vote already taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import checks
from .errors import DomainError
from .events import Event
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
from .state import AttendanceRecord, Guest, MeetingState, Vote, change

MAX_GUESTS = 50

Data = dict[str, Any]


# -- counts now ------------------------------------------------------------------------------
def presence_now(state: MeetingState) -> dict[str, Presence]:
    """Presence of every member at this moment (a member who left counts as absent)."""
    return {
        member_id: Presence.EXCUSED if rec.left_at is not None else rec.status
        for member_id, rec in state.attendance.items()
    }


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


def final_presence(state: MeetingState) -> dict[str, Presence]:
    """What goes in the attendance ledger: present if the member attended at all."""
    return {member_id: rec.status for member_id, rec in state.attendance.items()}


def is_absent(state: MeetingState, member_id: str) -> bool:
    """Marked absent at roll call, or left early. Not yet called is not absent."""
    record = state.attendance.get(member_id)
    if record is None:
        return False
    return record.status in (Presence.EXCUSED, Presence.UNEXCUSED) or record.left_at is not None


def _attendance_of(state: MeetingState, member: str) -> AttendanceRecord:
    return state.attendance.get(member) or AttendanceRecord()


def _with_attendance(state: MeetingState, member: str, rec: AttendanceRecord) -> MeetingState:
    return change(state, attendance={**state.attendance, member: rec})


_PRESENCE = {str(p): p for p in Presence}


def _presence(value: object) -> Presence:
    return _PRESENCE.get(value, Presence.UNMARKED) if isinstance(value, str) else Presence.UNMARKED


# -- roll call ---------------------------------------------------------------------------------
def decide_attendance_marked(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """Roll call: present, absent with reason (the reason recorded), absent without reason."""
    checks.not_ended(state)
    member = checks.member(state, checks.text(d, "member", required=True))
    try:
        status = Presence(d.get("status", ""))
    except ValueError:
        raise DomainError("error.presence_invalid", value=d.get("status")) from None
    reason = checks.text(d, "reason")
    return {
        "member": member,
        "status": str(status),
        "reason": reason if status is not Presence.PRESENT else "",
    }


def evolve_attendance_marked(state: MeetingState, ev: Event) -> MeetingState:
    member = str(ev.data.get("member", ""))
    status = _presence(ev.data.get("status", ""))
    rec = _attendance_of(state, member)
    rec = AttendanceRecord(
        status=status,
        reason=str(ev.data.get("reason", "")) if status is not Presence.PRESENT else "",
        arrived_at=rec.arrived_at if status is Presence.PRESENT else None,
    )
    return _with_attendance(state, member, rec)


def decide_arrived(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """A member who was not there at roll call arrives: present from now on."""
    checks.not_ended(state)
    member = checks.member(state, checks.text(d, "member", required=True))
    if _attendance_of(state, member).present_now:
        raise DomainError("error.already_present", name=state.member_name(member))
    return {"member": member}


def evolve_arrived(state: MeetingState, ev: Event) -> MeetingState:
    member = str(ev.data.get("member", ""))
    rec = change(
        _attendance_of(state, member),
        status=Presence.PRESENT,
        arrived_at=ev.when if state.started_at is not None else None,
        left_at=None,
        reason="",
    )
    return _with_attendance(state, member, rec)


def decide_departed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """A present member leaves early: counted absent from now on."""
    checks.not_ended(state)
    member = checks.member(state, checks.text(d, "member", required=True))
    if not _attendance_of(state, member).present_now:
        raise DomainError("error.not_present", name=state.member_name(member))
    return {"member": member, "reason": checks.text(d, "reason")}


def evolve_departed(state: MeetingState, ev: Event) -> MeetingState:
    member = str(ev.data.get("member", ""))
    rec = change(_attendance_of(state, member), left_at=ev.when, left_reason=str(ev.data.get("reason", "")))
    return _with_attendance(state, member, rec)


# -- guests ------------------------------------------------------------------------------------
def decide_guest_added(state: MeetingState, d: Mapping[str, Any]) -> Data:
    name = checks.text(d, "name", required=True)
    if len(state.guests) >= MAX_GUESTS:
        raise DomainError("error.too_many_guests", max=MAX_GUESTS)
    return {"name": name, "title": checks.text(d, "title")}


def evolve_guest_added(state: MeetingState, ev: Event) -> MeetingState:
    guest = Guest(name=str(ev.data.get("name", "")), title=str(ev.data.get("title", "")))
    return change(state, guests=state.guests + (guest,))


def decide_guest_removed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    index = d.get("index")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(state.guests):
        raise DomainError("error.guest_unknown")
    return {"index": index}


def evolve_guest_removed(state: MeetingState, ev: Event) -> MeetingState:
    index = int(ev.data.get("index", -1))
    if not 0 <= index < len(state.guests):
        return state
    return change(state, guests=state.guests[:index] + state.guests[index + 1 :])


# -- votes ------------------------------------------------------------------------------------
def decide_vote_recorded(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """A vote, with its denominator and outcome under today's rules; refused when the counts
    exceed the members present who may vote."""
    checks.not_ended(state)
    question = checks.text(d, "question", required=True)
    try:
        kind = VoteKind(d.get("kind", "resolution"))
    except ValueError:
        raise DomainError("error.vote_kind_invalid", value=d.get("kind")) from None
    try:
        form = VoteForm(d.get("form", "hands"))
    except ValueError:
        raise DomainError("error.vote_form_invalid", value=d.get("form")) from None
    tally = Tally(for_=d.get("for", 0), against=d.get("against", 0), other=d.get("other", 0))
    voters = voters_now(state)
    validate_tally(tally, voters)
    den = denominator_now(state)
    outcome = vote_outcome(kind, tally, den)
    subject = checks.text(d, "subject")
    if subject:
        checks.member(state, subject)
        category = state.roster[subject].category
        if kind is VoteKind.CONFIRMATION and category is not Category.PROBATIONARY:
            raise DomainError("error.confirm_not_probationary", name=state.member_name(subject))
    stage = state.current_stage
    return {
        "question": question,
        "kind": str(kind),
        "form": str(form),
        "for": tally.for_,
        "against": tally.against,
        "other": tally.other,
        "subject": subject,
        "denominator": den,
        "voters_present": voters,
        "needed": outcome.needed,
        "passed": outcome.passed,
        "percent": outcome.percent,
        "stage": stage.id if stage else "",
    }


def evolve_vote_recorded(state: MeetingState, ev: Event) -> MeetingState:
    d = ev.data
    vote = Vote(
        id=f"v{len(state.votes) + 1}",
        question=str(d.get("question", "")),
        kind=VoteKind(d.get("kind", "resolution")),
        form=VoteForm(d.get("form", "hands")),
        tally=Tally(
            for_=int(d.get("for", 0)), against=int(d.get("against", 0)), other=int(d.get("other", 0))
        ),
        denominator=int(d.get("denominator", 0)),
        voters_present=int(d.get("voters_present", 0)),
        needed=int(d.get("needed", 0)),
        passed=bool(d.get("passed", False)),
        percent=float(d.get("percent", 0.0)),
        at=ev.when,
        stage=str(d.get("stage", "")),
        subject=str(d.get("subject", "")),
    )
    return change(state, votes=state.votes + (vote,))


def find_vote(state: MeetingState, vote_id: object) -> Vote:
    for vote in state.votes:
        if vote.id == vote_id:
            return vote
    raise DomainError("error.vote_unknown", vote=str(vote_id))


def _with_vote(state: MeetingState, vote: Vote) -> MeetingState:
    return change(state, votes=tuple(vote if v.id == vote.id else v for v in state.votes))


def decide_reserved_opinion(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """A member in the minority keeps their view; recorded word for word."""
    vote = find_vote(state, d.get("vote"))
    member = checks.member(state, checks.text(d, "member", required=True))
    return {"vote": vote.id, "member": member, "text": checks.long_text(d, "text", required=True)}


def evolve_reserved_opinion(state: MeetingState, ev: Event) -> MeetingState:
    try:
        vote = find_vote(state, ev.data.get("vote"))
    except DomainError:
        return state
    words = (str(ev.data.get("member", "")), str(ev.data.get("text", "")))
    return _with_vote(state, change(vote, reserved=vote.reserved + (words,)))


def decide_vote_withdrawn(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """A vote recorded by mistake is declared void; it stays in the record with the reason."""
    vote = find_vote(state, d.get("vote"))
    return {"vote": vote.id, "reason": checks.text(d, "reason", required=True)}


def evolve_vote_withdrawn(state: MeetingState, ev: Event) -> MeetingState:
    try:
        vote = find_vote(state, ev.data.get("vote"))
    except DomainError:
        return state
    return _with_vote(state, change(vote, withdrawn=str(ev.data.get("reason", ""))))
