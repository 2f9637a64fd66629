"""Tasks between meetings, read across the cell's meetings (rules in ``domain.tasks``)."""

from __future__ import annotations

from ..domain import tasks as task_rules
from ..domain.state import MeetingState
from ..domain.tasks import TrackedTask
from ..store.repo import Repository
from .meetings import cell_summaries


def tracked_tasks(repo: Repository, *, before: str | None = None, exclude: str = "") -> list[TrackedTask]:
    """Every task of every adopted resolution, with its latest review from any meeting."""
    return task_rules.track(cell_summaries(repo), before=before, exclude=exclude)


def open_tasks(repo: Repository, state: MeetingState) -> list[TrackedTask]:
    """Tasks of earlier resolutions still open when this meeting reviews them."""
    return task_rules.open_at(cell_summaries(repo), state)


def member_tasks(repo: Repository, member_id: str) -> list[TrackedTask]:
    """A member's open tasks (their own, not the committee's), overdue ones included."""
    return task_rules.open_for(tracked_tasks(repo), member_id)
