"""What a document needs beyond the meeting: the cell, and the cell's earlier resolutions."""

from __future__ import annotations

from ..domain.resolution import PriorTask, is_adopted, number_label
from ..domain.state import MeetingState
from ..export.context import DocContext
from ..store.repo import Repository


def earlier_tasks(repo: Repository, state: MeetingState) -> list[PriorTask]:
    """Tasks of the resolutions adopted at the cell's other meetings held up to this one."""
    found: list[PriorTask] = []
    for info in repo.meetings():
        if info.id == state.id or info.date > state.date:
            continue
        other = repo.log(info.id).state()
        if not is_adopted(other):
            continue
        res = other.resolution
        label = number_label(res.kind, res.number)
        found.extend(PriorTask(other.id, other.date, label, task.content) for task in res.tasks)
    return found


def load_context(repo: Repository, meeting_id: str) -> DocContext:
    """The meeting and its cell; earlier resolutions only while the resolution is a draft.

    They serve the warning about tasks that repeat an earlier resolution's, which matters
    before the vote; an adopted resolution is exported without reading the cell's history.
    """
    state = repo.log(meeting_id).state()
    earlier = [] if is_adopted(state) else earlier_tasks(repo, state)
    return DocContext(cell=repo.cell(), state=state, earlier=earlier)
