"""Reporting back last month's tasks at the review stage (DOMAIN §9).

At stage 4 the chair goes through every open task of earlier resolutions and records it as
done, partly done, not done or carried over, with a note. The event carries a snapshot of
the task so this meeting's record (minutes, resolution Section I) stands on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .errors import DomainError
from .meeting import Event, MeetingState, _require_not_ended, _text, handles
from .resolution import TaskResult, set_results_provider

STATUSES = ("done", "partly", "not_done", "carried")


@dataclass
class Review:
    meeting: str  # the meeting whose resolution set the task
    task: str  # task id in that resolution
    content: str
    owner: str
    deadline: str
    status: str
    note: str
    at: datetime

    @property
    def key(self) -> tuple[str, str]:
        return self.meeting, self.task


def reviews_of(state: MeetingState) -> dict[tuple[str, str], Review]:
    reviews = state.extra.setdefault("reviews", {})
    assert isinstance(reviews, dict)
    return reviews


@handles("task_reviewed")
def _task_reviewed(state: MeetingState, ev: Event) -> None:
    _require_not_ended(state)
    d = ev.data
    status = _text(d, "status", required=True)
    if status not in STATUSES:
        raise DomainError("error.review_status_invalid", value=status)
    review = Review(
        meeting=_text(d, "meeting", required=True),
        task=_text(d, "task", required=True),
        content=_text(d, "content", required=True, multiline=True),
        owner=_text(d, "owner"),
        deadline=_text(d, "deadline"),
        status=status,
        note=_text(d, "note", multiline=True),
        at=ev.when,
    )
    if review.meeting == state.id:
        raise DomainError("error.review_own_task")
    reviews_of(state)[review.key] = review  # a later review of the same task replaces the earlier


def reassigned_of(state: MeetingState) -> dict[tuple[str, str], str]:
    """Tasks of earlier resolutions given to a new owner at this meeting: key -> owner."""
    found = state.extra.setdefault("reassigned", {})
    assert isinstance(found, dict)
    return found


@handles("task_reassigned")
def _task_reassigned(state: MeetingState, ev: Event) -> None:
    """An open task whose owner has left (or cannot do it) goes to someone else."""
    _require_not_ended(state)
    meeting = _text(ev.data, "meeting", required=True)
    task = _text(ev.data, "task", required=True)
    owner = _text(ev.data, "owner", required=True)
    if owner not in state.roster and owner not in ("@committee", "@cell"):
        raise DomainError("error.member_unknown", member=owner)
    if meeting == state.id:
        raise DomainError("error.review_own_task")
    reassigned_of(state)[(meeting, task)] = owner


def _results(state: MeetingState) -> list[TaskResult]:
    return [
        TaskResult(content=r.content, status=r.status, note=r.note, owner=r.owner)
        for r in reviews_of(state).values()
    ]


def done_share(state: MeetingState) -> tuple[float | None, int]:
    """Share of the reviewed tasks that were done (partly done counts half); None when none."""
    reviews = list(reviews_of(state).values())
    if not reviews:
        return None, 0
    score = sum(1.0 if r.status == "done" else 0.5 if r.status == "partly" else 0.0 for r in reviews)
    return score / len(reviews), len(reviews)


set_results_provider(_results)
