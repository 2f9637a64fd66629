"""Questions asked across meetings: the attendance ledger, the year. No Textual here."""

from __future__ import annotations

from .domain.agenda import MeetingType
from .domain.attendance import final_presence
from .domain.meeting import MeetingState
from .domain.rules import LedgerRow, attendance_ledger
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
        (state.date, final_presence(state))
        for state in cell_meetings(repo, year, exclude=exclude)
        if state.attendance
    ]
    return attendance_ledger(records, year)
