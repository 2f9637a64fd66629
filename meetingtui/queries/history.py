"""A member's history across meetings, read from the store (rules in ``domain.history``)."""

from __future__ import annotations

from ..domain.history import HistoryRow, member_history
from ..store.repo import Repository
from .meetings import cell_infos, cell_summaries


def history_for(repo: Repository, member_id: str, year: int | None = None) -> list[HistoryRow]:
    """The member's history, of one year or of every meeting.

    For one year the later years' meetings are read too: a follow-up given in December may be
    reviewed in January.
    """
    if year is None:
        return member_history(cell_summaries(repo), member_id)
    later = [
        repo.summary(info.id)
        for info in cell_infos(repo)
        if info.date[:4].isdigit() and int(info.date[:4]) >= year
    ]
    return [row for row in member_history(later, member_id) if row.date.startswith(f"{year:04d}-")]
