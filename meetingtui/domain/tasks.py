"""Tasks between meetings (docs/DOMAIN.md, "Between meetings"): what is open, who owns what,
what was done.

A task lives from the resolution that set it until a later meeting reviews it. A review
closes the task whatever its result; a task reviewed as "carried" is offered into the new
resolution, where it starts again as a new task. Pure functions over meeting states: the
queries layer decides which meetings to read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .agenda import MeetingType
from .people import CELL, COMMITTEE
from .resolution import is_adopted, number_label
from .state import MeetingState, Review, Task, change


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


def track(
    states: Iterable[MeetingState], *, before: str | None = None, exclude: str = ""
) -> list[TrackedTask]:
    """Every task of every adopted resolution among ``states`` (cell meetings; optionally only
    those dated before ``before``), with its latest review from any of them (``exclude`` leaves
    one meeting's reviews out)."""
    states = [s for s in states if s.type is not MeetingType.COMMITTEE]
    reviews: dict[tuple[str, str], tuple[Review, str]] = {}
    owners: dict[tuple[str, str], str] = {}
    for state in sorted(states, key=lambda s: s.date):
        owners.update(state.reviews.reassigned)  # a later meeting's reassignment wins
        if state.id == exclude:
            continue
        for key, review in state.reviews.items.items():
            reviews[key] = (review, state.id)
    result = []
    for state in states:
        if before is not None and state.date >= before:
            continue
        if not is_adopted(state):
            continue
        res = state.resolution
        for task in res.tasks:
            found = reviews.get((state.id, task.id))
            if (state.id, task.id) in owners:
                task = change(task, owner=owners[(state.id, task.id)])
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


def open_at(states: Iterable[MeetingState], state: MeetingState) -> list[TrackedTask]:
    """Tasks of earlier resolutions still open when ``state`` reviews them.

    Reviews recorded in ``state`` are shown with the task (the chair may change them).
    """
    current = state.reviews.items
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
