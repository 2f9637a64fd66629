"""Questions asked across meetings: the attendance ledger, the year. No Textual here."""

from __future__ import annotations

from .domain.agenda import MeetingType
from .domain.attendance import final_presence
from .domain.meeting import MeetingState
from .domain.record import record_of
from .domain.rules import LedgerRow, Presence, attendance_ledger
from .store.repo import Repository


def cell_meetings(repo: Repository, year: int | None = None, *, exclude: str = "") -> list[MeetingState]:
    """Cell meetings (committee meetings left out), oldest first, optionally of one year."""
    states = []
    for info in repo.meetings():
        if info.type is MeetingType.COMMITTEE or info.id == exclude:
            continue
        if year is not None and not info.date.startswith(f"{year:04d}-"):
            continue
        states.append(repo.log(info.id).state())
    return states


def ledger(repo: Repository, year: int, *, exclude: str = "") -> dict[str, LedgerRow]:
    """Per member: meetings attended, absences with and without reason, and warnings."""
    records = [
        (state.date, _counted(state))
        for state in cell_meetings(repo, year, exclude=exclude)
        if state.attendance
    ]
    return attendance_ledger(records, year)


def _counted(state: MeetingState) -> dict[str, Presence]:
    """Presence that counts for the ledger: an exempted, attached or suspended member's
    absence is not one (DOMAIN §3); their attendance, when they come, still is."""
    counted = {}
    for member_id, presence in final_presence(state).items():
        category = state.roster.get(member_id, {}).get("category", "official")
        if category in ("official", "probationary") or presence is Presence.PRESENT:
            counted[member_id] = presence
    return counted


def participation(states: list[MeetingState]) -> dict[str, tuple[int, float]]:
    """Per member: (times spoken, seconds spoken) over the given meetings."""
    result: dict[str, tuple[int, float]] = {}
    for state in states:
        for speech in record_of(state).speeches:
            if speech.member:
                times, seconds = result.get(speech.member, (0, 0.0))
                result[speech.member] = (times + 1, seconds + speech.seconds)
    return result


def silent_members(repo: Repository, current: MeetingState, last: int = 3) -> list[str]:
    """Members present at each of their last ``last`` meetings before this one who never spoke."""
    earlier = [s for s in cell_meetings(repo, exclude=current.id) if s.date <= current.date]
    attended: dict[str, list[bool]] = {}
    for state in reversed(earlier):  # newest first
        spoke = {s.member for s in record_of(state).speeches if s.member}
        for member_id, presence in final_presence(state).items():
            if presence == "present":
                history = attended.setdefault(member_id, [])
                if len(history) < last:
                    history.append(member_id in spoke)
    return [
        member_id
        for member_id in current.roster
        if len(attended.get(member_id, [])) == last and not any(attended[member_id])
    ]
