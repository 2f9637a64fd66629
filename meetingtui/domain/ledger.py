"""Questions asked across meetings about who came and who spoke (docs/DOMAIN.md, "Attendance
and votes"). Pure functions over meeting states: the queries layer decides which meetings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .attendance import final_presence
from .rules import LedgerRow, Presence, attendance_ledger
from .state import MeetingState


def counted_presence(state: MeetingState) -> dict[str, Presence]:
    """Presence that counts for the ledger: an exempted, attached or suspended member's
    absence is not one; their attendance, when they come, still is."""
    counted = {}
    for member_id, presence in final_presence(state).items():
        member = state.roster.get(member_id)
        category = member.category if member is not None else "official"
        if category in ("official", "probationary") or presence is Presence.PRESENT:
            counted[member_id] = presence
    return counted


LedgerRecord = tuple[str, dict[str, Presence]]  # (ISO meeting date, counted presence)


def ledger_records(states: Iterable[MeetingState]) -> list[LedgerRecord]:
    """What the ledger counts of each meeting that has a roll call."""
    return [(state.date, counted_presence(state)) for state in states if state.attendance]


def ledger(states: Iterable[MeetingState], year: int) -> dict[str, LedgerRow]:
    """Per member: meetings attended, absences with and without reason, and warnings."""
    return attendance_ledger(ledger_records(states), year)


def live_ledger(others: Sequence[LedgerRecord], current: MeetingState, year: int) -> dict[str, LedgerRow]:
    """The ledger with the roll call in progress counted as it stands now.

    ``others`` are the records of the year's other meetings (read once); ``current`` is the
    meeting being called, so a second absence without reason warns at the mark that makes it.
    """
    return attendance_ledger([*others, (current.date, counted_presence(current))], year)


def participation(states: Iterable[MeetingState]) -> dict[str, tuple[int, float]]:
    """Per member: (times spoken, seconds spoken) over the given meetings."""
    result: dict[str, tuple[int, float]] = {}
    for state in states:
        for speech in state.record.speeches:
            if speech.member:
                times, seconds = result.get(speech.member, (0, 0.0))
                result[speech.member] = (times + 1, seconds + speech.seconds)
    return result


def silent_members(earlier: Sequence[MeetingState], current: MeetingState, last: int = 3) -> list[str]:
    """Members present at each of their last ``last`` meetings (of ``earlier``, oldest first)
    who never spoke there."""
    attended: dict[str, list[bool]] = {}
    for state in reversed(earlier):  # newest first
        spoke = {s.member for s in state.record.speeches if s.member}
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
