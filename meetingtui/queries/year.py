"""The cell's year, read from the store (built by ``domain.year``)."""

from __future__ import annotations

from ..domain.ledger import ledger
from ..domain.year import Year, year_summary
from ..store.repo import Repository
from .meetings import cell_summaries
from .tasks import tracked_tasks


def year_of(repo: Repository, year: int) -> Year:
    """Monthly and thematic meetings, flagged members, tasks, write-ups and speaking of ``year``."""
    meetings = cell_summaries(repo, year)
    return year_summary(
        year,
        repo.cell().name,
        meetings,
        repo.members(),
        ledger(meetings, year),
        tracked_tasks(repo),
        repo.studies(),
    )
