"""Tasks between meetings (docs/DOMAIN.md, "Between meetings"): what is open, who owns what,
what was done.

A task lives from the resolution that set it until a later meeting reviews it. A review
closes the task whatever its result; a task reviewed as "carried" is offered into the new
resolution, where it starts again as a new task. Pure functions over meetings, folded or
summarised (``domain.summary``): the queries layer decides which meetings to read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .agenda import MeetingType
from .people import CELL, COMMITTEE
from .state import MeetingState, Review, Task, change
from .summary import MeetingSummary, as_summary, summaries

Meeting = MeetingState | MeetingSummary


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


def owner_name(state: MeetingState, owner: str, names: Mapping[str, str] | None = None) -> str:
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


def track(states: Iterable[Meeting], *, before: str | None = None, exclude: str = "") -> list[TrackedTask]:
    """Every task of every adopted resolution among ``states`` (cell meetings; optionally only
    those dated before ``before``), with its latest review from any of them (``exclude`` leaves
    one meeting's reviews out)."""
    cell = [s for s in summaries(states) if s.type is not MeetingType.COMMITTEE]
    reviews: dict[tuple[str, str], tuple[Review, str]] = {}
    owners: dict[tuple[str, str], str] = {}
    for summary in sorted(cell, key=lambda s: s.date):
        # a later meeting's reassignment wins
        owners.update(((meeting, task), owner) for meeting, task, owner in summary.reassigned)
        if summary.id == exclude:
            continue
        for review in summary.reviews:
            reviews[review.key] = (review, summary.id)
    result = []
    for summary in cell:
        if before is not None and summary.date >= before:
            continue
        if not summary.adopted:
            continue
        for task in summary.tasks:
            found = reviews.get((summary.id, task.id))
            if (summary.id, task.id) in owners:
                task = change(task, owner=owners[(summary.id, task.id)])
            result.append(
                TrackedTask(
                    meeting=summary.id,
                    meeting_date=summary.date,
                    label=summary.label,
                    task=task,
                    review=found[0] if found else None,
                    reviewed_in=found[1] if found else "",
                )
            )
    return sorted(result, key=lambda t: (t.meeting_date, t.meeting, t.task.id))


def open_at(states: Iterable[Meeting], state: Meeting) -> list[TrackedTask]:
    """Tasks of earlier resolutions still open when ``state`` reviews them.

    Reviews recorded in ``state`` are shown with the task (the chair may change them).
    """
    current = as_summary(state).review_items
    tasks = track(states, before=state.date, exclude=state.id)
    return [
        TrackedTask(t.meeting, t.meeting_date, t.label, t.task, current.get((t.meeting, t.task.id)), state.id)
        if (t.meeting, t.task.id) in current
        else t
        for t in tasks
        if t.open or (t.meeting, t.task.id) in current
    ]


def open_for(tracked: Iterable[TrackedTask], member_id: str) -> list[TrackedTask]:
    """A member's open tasks (their own, not the committee's), overdue ones included."""
    return [t for t in tracked if t.open and t.task.owner == member_id]
