"""What a document needs beyond the meeting: the cell, the cell's earlier resolutions, the
warnings before the vote, and where carried-over tasks came from."""

from __future__ import annotations

from ..domain.resolution import DOC_TITLES, PriorTask, number_label
from ..domain.state import MeetingState
from ..export.context import DocContext
from ..store.repo import Repository
from .checks import vote_notices


def earlier_tasks(repo: Repository, state: MeetingState) -> list[PriorTask]:
    """Tasks of the resolutions adopted at the cell's other meetings held up to this one (a
    resolution without tasks is listed once, with no content, for its month)."""
    found: list[PriorTask] = []
    for info in repo.meetings():
        if info.id == state.id or info.date > state.date:
            continue
        other = repo.summary(info.id)
        if not other.adopted:
            continue
        tasks = [
            PriorTask(other.id, other.date, other.label, task.content, other.period) for task in other.tasks
        ]
        found.extend(tasks or [PriorTask(other.id, other.date, other.label, "", other.period)])
    return found


def origins(repo: Repository, state: MeetingState) -> dict[str, str]:
    """``meeting id -> "Nghị quyết số 03-NQ/CB"`` for the resolutions this one's carried tasks
    came from (a number never changes once given)."""
    found: dict[str, str] = {}
    for task in state.resolution.tasks:
        parts = task.source.split(":")
        if parts[0] != "carried" or len(parts) < 3 or parts[1] in found:
            continue
        try:
            other = repo.log(parts[1]).state()
        except (OSError, ValueError, KeyError):
            continue
        res = other.resolution
        if res.number is not None:
            found[parts[1]] = f"{DOC_TITLES[res.kind]} số {number_label(res.kind, res.number)}"
    return found


def load_context(repo: Repository, meeting_id: str, what: str = "resolution") -> DocContext:
    """The meeting and its cell, the cell's earlier resolutions and the warnings before the vote.

    The warnings a chair saw before the vote are printed with the document after it too. The
    earlier resolutions are read from the meetings' summaries (``store.summaries``), so a
    document costs the same in the tenth year as in the first. ``what``: the document asked
    (every document carries the same context).
    """
    state = repo.log(meeting_id).state()
    earlier = earlier_tasks(repo, state)
    return DocContext(
        cell=repo.cell(),
        state=state,
        earlier=earlier,
        notices=vote_notices(state, earlier),
        origins=origins(repo, state),
    )
