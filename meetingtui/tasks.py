"""Tasks between meetings (DOMAIN §9): what is open, who owns what, what was done. No Textual.

A task lives from the resolution that set it until a later meeting reviews it. A review
closes the task whatever its result; a task reviewed as "carried" is offered into the new
resolution, where it starts again as a new task.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .domain.agenda import MeetingType
from .domain.criticism import CELL, COMMITTEE
from .domain.followup import Review, done_share, reassigned_of, reviews_of
from .domain.meeting import MeetingState
from .domain.resolution import Task, is_adopted, number_label, resolution_of
from .store.repo import Repository


@dataclass(frozen=True)
class TrackedTask:
    meeting: str  # the meeting whose resolution set it
    meeting_date: str
    label: str  # the resolution's number, "05-NQ/CB"
    task: Task
    review: Review | None  # the latest review, if any
    reviewed_in: str = ""  # the meeting that reviewed it

    @property
    def open(self) -> bool:
        return self.review is None

    def overdue(self, today: str) -> bool:
        return self.open and bool(self.task.deadline) and self.task.deadline < today


def owner_name(state: MeetingState, owner: str, names: dict[str, str] | None = None) -> str:
    """The owner as written: a member's name (also one who has since left), Chi ủy or Chi bộ."""
    if owner == COMMITTEE:
        return "Chi ủy"
    if owner == CELL:
        return "Chi bộ"
    if not owner:
        return ""
    if owner in state.roster:
        return state.member_name(owner)
    return (names or {}).get(owner, owner)


def tracked_tasks(repo: Repository, *, before: str | None = None, exclude: str = "") -> list[TrackedTask]:
    """Every task of every adopted resolution (optionally of meetings dated before ``before``),
    with its latest review from any meeting (``exclude`` leaves one meeting's reviews out)."""
    states = [repo.log(info.id).state() for info in repo.meetings() if info.type is not MeetingType.COMMITTEE]
    reviews: dict[tuple[str, str], tuple[Review, str]] = {}
    owners: dict[tuple[str, str], str] = {}
    for state in sorted(states, key=lambda s: s.date):
        owners.update(reassigned_of(state))  # a later meeting's reassignment wins
        if state.id == exclude:
            continue
        for key, review in reviews_of(state).items():
            reviews[key] = (review, state.id)
    result = []
    for state in states:
        if before is not None and state.date >= before:
            continue
        if not is_adopted(state):
            continue
        res = resolution_of(state)
        for task in res.tasks:
            found = reviews.get((state.id, task.id))
            if (state.id, task.id) in owners:
                task = replace(task, owner=owners[(state.id, task.id)])
            result.append(
                TrackedTask(
                    meeting=state.id,
                    meeting_date=state.date,
                    label=number_label(res.kind, res.number),
                    task=task,
                    review=found[0] if found else None,
                    reviewed_in=found[1] if found else "",
                )
            )
    return sorted(result, key=lambda t: (t.meeting_date, t.meeting, t.task.id))


def open_tasks(repo: Repository, state: MeetingState) -> list[TrackedTask]:
    """Tasks of earlier resolutions still open when this meeting reviews them.

    Reviews recorded in this meeting are shown with the task (the chair may change them).
    """
    current = reviews_of(state)
    tasks = tracked_tasks(repo, before=state.date, exclude=state.id)
    return [
        TrackedTask(t.meeting, t.meeting_date, t.label, t.task, current.get((t.meeting, t.task.id)), state.id)
        if (t.meeting, t.task.id) in current
        else t
        for t in tasks
        if t.open or (t.meeting, t.task.id) in current
    ]


def last_month_share(repo: Repository, state: MeetingState) -> tuple[float | None, int]:
    """The share of last month's tasks done, as reviewed in this meeting."""
    return done_share(state)


def member_tasks(repo: Repository, member_id: str, today: date) -> list[TrackedTask]:
    """A member's open tasks (their own, not the committee's), overdue ones included."""
    return [t for t in tracked_tasks(repo) if t.open and t.task.owner == member_id]
