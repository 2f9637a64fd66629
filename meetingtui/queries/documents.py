"""What a document needs beyond the meeting: the cell, and the cell's earlier resolutions."""

from __future__ import annotations

from ..domain.resolution import PriorTask, is_adopted
from ..domain.state import MeetingState
from ..export.context import DocContext
from ..store.repo import Repository


def earlier_tasks(repo: Repository, state: MeetingState) -> list[PriorTask]:
    """Tasks of the resolutions adopted at the cell's other meetings held up to this one."""
    found: list[PriorTask] = []
    for info in repo.meetings():
        if info.id == state.id or info.date > state.date:
            continue
        other = repo.summary(info.id)
        if not other.adopted:
            continue
        found.extend(PriorTask(other.id, other.date, other.label, task.content) for task in other.tasks)
    return found


def load_context(repo: Repository, meeting_id: str, what: str = "resolution") -> DocContext:
    """The meeting and its cell, for the document ``what``; earlier resolutions only for a
    resolution still in draft.

    They serve the warning about tasks that repeat an earlier resolution's, which matters
    before the vote; an adopted resolution, and the minutes, are made without reading the
    cell's history.
    """
    state = repo.log(meeting_id).state()
    earlier = [] if what != "resolution" or is_adopted(state) else earlier_tasks(repo, state)
    return DocContext(cell=repo.cell(), state=state, earlier=earlier)
