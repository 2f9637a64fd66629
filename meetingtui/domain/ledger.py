"""Questions asked across meetings about who came and who spoke (docs/DOMAIN.md, "Attendance
and votes"). Pure functions over meetings, folded or summarised (``domain.summary``): the
queries layer decides which meetings."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from .rules import LedgerRow, Presence, _meeting_date, attendance_ledger
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


class LiveLedger:
    """:func:`live_ledger` for a roll call under way, worked out member by member.

    A member's row depends on that member's own presences alone, and a mark changes one
    member's: the year's other meetings are split by member once, and each row is kept by the
    member's presence now, so a mark works out one row instead of the whole year again.
    ``rows(day, presence)`` is ``attendance_ledger([*others, (day, presence)], year)``, in the
    same order.
    """

    def __init__(self, others: Sequence[LedgerRecord], year: int) -> None:
        self.year = year
        self._others = list(others)
        self._own: dict[str, list[tuple[str, Presence]]] = {}
        for day, presence in self._others:
            for member_id, value in presence.items():
                self._own.setdefault(member_id, []).append((day, value))
        self._rows: dict[tuple[str, str, Presence | None], LedgerRow | None] = {}
        self._order: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def rows(self, day: str, presence: Mapping[str, Presence]) -> dict[str, LedgerRow]:
        rows: dict[str, LedgerRow] = {}
        for member_id in self._members(day, tuple(presence)):
            key = (member_id, day, presence.get(member_id))
            if key not in self._rows:
                records = [(d, {member_id: p}) for d, p in self._own.get(member_id, ())]
                if member_id in presence:
                    records.append((day, {member_id: presence[member_id]}))
                self._rows[key] = attendance_ledger(records, self.year).get(member_id)
            row = self._rows[key]
            if row is not None:
                rows[member_id] = row
        return rows

    def _members(self, day: str, named: tuple[str, ...]) -> list[str]:
        """Every member the year's records name, in the order ``attendance_ledger`` meets them
        (meetings by date, then as each names them); kept by who the meeting now names."""
        key = (day, named)
        if key not in self._order:
            named_on: list[tuple[str, Iterable[str]]] = [(d, p.keys()) for d, p in self._others]
            dated = [(_meeting_date(d), ids) for d, ids in [*named_on, (day, named)]]
            meetings = sorted((r for r in dated if r[0].year == self.year), key=lambda r: r[0])
            self._order = {key: list(dict.fromkeys(m for _d, ids in meetings for m in ids))}
        return self._order[key]


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
