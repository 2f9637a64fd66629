"""Which meetings a question reads, and the questions about who came and who spoke.

A question across meetings reads each meeting's summary (``Repository.summary``: kept on disk
with the meeting file's write counter, so asking again in the tenth year reads a few kilobytes
per meeting instead of folding it), and only the meetings it needs, chosen by the meeting
index. ``cell_meetings`` still gives the folded meetings, for a question that needs more.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..domain import ledger as ledger_rules
from ..domain.agenda import MeetingType
from ..domain.rules import LedgerRow
from ..domain.state import MeetingState
from ..domain.summary import MeetingSummary
from ..store.repo import MeetingInfo, Repository


def cell_infos(repo: Repository, year: int | None = None, *, exclude: str = "") -> list[MeetingInfo]:
    """The index lines of the cell meetings (committee meetings left out), oldest first."""
    return [
        info
        for info in repo.meetings()
        if info.type is not MeetingType.COMMITTEE
        and info.id != exclude
        and (year is None or info.date.startswith(f"{year:04d}-"))
    ]


def cell_meetings(repo: Repository, year: int | None = None, *, exclude: str = "") -> list[MeetingState]:
    """Cell meetings (committee meetings left out), folded, oldest first, optionally of one year."""
    return [repo.log(info.id).state() for info in cell_infos(repo, year, exclude=exclude)]


def cell_summaries(repo: Repository, year: int | None = None, *, exclude: str = "") -> list[MeetingSummary]:
    """The summaries of the same meetings as :func:`cell_meetings`."""
    return [repo.summary(info.id) for info in cell_infos(repo, year, exclude=exclude)]


def ledger(repo: Repository, year: int, *, exclude: str = "") -> dict[str, LedgerRow]:
    """Per member: meetings attended, absences with and without reason, and warnings."""
    return ledger_rules.ledger(cell_summaries(repo, year, exclude=exclude), year)


def ledger_records(repo: Repository, year: int, *, exclude: str = "") -> list[ledger_rules.LedgerRecord]:
    """The ledger's records of the year's meetings but ``exclude`` (a roll call in progress)."""
    return ledger_rules.ledger_records(cell_meetings(repo, year, exclude=exclude))


def silent_members(repo: Repository, current: MeetingState, last: int = 3) -> list[str]:
    """Members present at each of their last ``last`` meetings before this one who never spoke.

    The meetings are read newest first, and only until every member has ``last`` of them.
    """
    infos = [i for i in cell_infos(repo, exclude=current.id) if i.date <= current.date]

    def newest_first() -> Iterator[MeetingSummary]:
        for info in reversed(infos):
            yield repo.summary(info.id)

    return ledger_rules.silent_among(newest_first(), current.roster, last)
