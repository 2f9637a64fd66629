"""Questions asked across meetings about who came and who spoke (docs/DOMAIN.md, "Attendance
and votes"). Pure functions over meetings, folded or summarised (``domain.summary``): the
queries layer decides which meetings."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from .rules import LedgerRow, Presence, attendance_ledger
from .state import MeetingState
from .summary import MeetingSummary, as_summary, summaries

Meeting = MeetingState | MeetingSummary


def counted_presence(state: Meeting) -> dict[str, Presence]:
    """Presence that counts for the ledger: an exempted, attached or suspended member's
    absence is not one; their attendance, when they come, still is (``summarise`` works
    out which absences do not count)."""
    return as_summary(state).counted_presence()


LedgerRecord = tuple[str, dict[str, Presence]]  # (ISO meeting date, counted presence)


def ledger_records(states: Iterable[Meeting]) -> list[LedgerRecord]:
    """What the ledger counts of each meeting that has a roll call (folded or summarised)."""
    return [(s.date, s.counted_presence()) for s in summaries(states) if s.presence]


def ledger(states: Iterable[Meeting], year: int) -> dict[str, LedgerRow]:
    """Per member: meetings attended, absences with and without reason, and warnings."""
    return attendance_ledger(ledger_records(states), year)


def live_ledger(others: Sequence[LedgerRecord], current: MeetingState, year: int) -> dict[str, LedgerRow]:
    """The ledger with the roll call in progress counted as it stands now.

    ``others`` are the records of the year's other meetings (read once); ``current`` is the
    meeting being called, so a second absence without reason warns at the mark that makes it.
    """
    return attendance_ledger([*others, (current.date, counted_presence(current))], year)


def participation(states: Iterable[Meeting]) -> dict[str, tuple[int, float]]:
    """Per member: (times spoken, seconds spoken) over the given meetings."""
    result: dict[str, tuple[int, float]] = {}
    for summary in summaries(states):
        for member_id, (n, spoken) in summary.speaking.items():
            times, seconds = result.get(member_id, (0, 0.0))
            result[member_id] = (times + n, seconds + spoken)
    return result


def silent_members(earlier: Sequence[Meeting], current: MeetingState, last: int = 3) -> list[str]:
    """Members present at each of their last ``last`` meetings (of ``earlier``, oldest first)
    who never spoke there."""
    return silent_among(reversed(earlier), current.roster, last)


def silent_among(newest_first: Iterable[Meeting], roster: Collection[str], last: int = 3) -> list[str]:
    """:func:`silent_members` over meetings given newest first, read only as far as needed:
    once every member of ``roster`` has ``last`` meetings behind them, older ones change
    nothing (a lazy iterable is not read further)."""
    attended: dict[str, list[bool]] = {}
    waiting = set(roster)  # members with fewer than ``last`` meetings found so far
    for meeting in newest_first:
        if not waiting:
            break
        summary = as_summary(meeting)
        spoke = summary.speaking
        for member_id in summary.attended():
            history = attended.setdefault(member_id, [])
            if len(history) < last:
                history.append(member_id in spoke)
                if len(history) == last:
                    waiting.discard(member_id)
    return [
        member_id
        for member_id in roster
        if len(attended.get(member_id, [])) == last and not any(attended[member_id])
    ]
