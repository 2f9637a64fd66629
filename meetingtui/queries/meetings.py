"""Which meetings a question reads, and the questions about who came and who spoke."""

from __future__ import annotations

from ..domain import ledger as ledger_rules
from ..domain.agenda import MeetingType
from ..domain.rules import LedgerRow
from ..domain.state import MeetingState
from ..store.repo import Repository


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
    return ledger_rules.ledger(cell_meetings(repo, year, exclude=exclude), year)


def ledger_records(repo: Repository, year: int, *, exclude: str = "") -> list[ledger_rules.LedgerRecord]:
    """The ledger's records of the year's meetings but ``exclude`` (a roll call in progress)."""
    return ledger_rules.ledger_records(cell_meetings(repo, year, exclude=exclude))


def silent_members(repo: Repository, current: MeetingState, last: int = 3) -> list[str]:
    """Members present at each of their last ``last`` meetings before this one who never spoke."""
    earlier = [s for s in cell_meetings(repo, exclude=current.id) if s.date <= current.date]
    return ledger_rules.silent_members(earlier, current, last)
