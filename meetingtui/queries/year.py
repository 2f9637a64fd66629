"""The cell's year, read from the store (built by ``domain.year``)."""

from __future__ import annotations

from ..domain.ledger import ledger
from ..domain.tasks import track
from ..domain.year import Year, year_summary
from ..store.repo import Repository
from .meetings import cell_infos


def year_of(repo: Repository, year: int) -> Year:
    """Monthly and thematic meetings, flagged members, tasks, write-ups and speaking of ``year``.

    Read are the year's meetings and the later ones: the year's tasks are set in its meetings
    and reported back (or reassigned) at later ones, never at an earlier one (a meeting reviews
    the tasks of meetings before it), so this year's report reads twelve meetings, not ten years.
    """
    later = [
        repo.summary(info.id)
        for info in cell_infos(repo)
        if info.date[:4].isdigit() and int(info.date[:4]) >= year
    ]
    meetings = [s for s in later if s.date.startswith(f"{year:04d}-")]
    return year_summary(
        year,
        repo.cell().name,
        meetings,
        repo.members(),
        ledger(meetings, year),
        track(later),
        repo.studies(),
    )
