"""Reporting back earlier tasks at the review stage (docs/DOMAIN.md, "Between meetings").

At stage 4 the chair goes through every open task of earlier resolutions and records it as
done, partly done, not done or carried over, with a note. The event carries a snapshot of
the task so this meeting's record (minutes, resolution Section I) stands on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import checks
from .errors import DomainError
from .events import Event
from .people import CELL, COMMITTEE
from .state import MeetingState, Review, change

STATUSES = ("done", "partly", "not_done", "carried")

Data = dict[str, Any]


def decide_task_reviewed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.not_ended(state)
    status = checks.text(d, "status", required=True)
    if status not in STATUSES:
        raise DomainError("error.review_status_invalid", value=status)
    meeting = checks.text(d, "meeting", required=True)
    if meeting == state.id:
        raise DomainError("error.review_own_task")
    return {
        "meeting": meeting,
        "task": checks.text(d, "task", required=True),
        "content": checks.long_text(d, "content", required=True),
        "owner": checks.text(d, "owner"),
        "deadline": checks.text(d, "deadline"),
        "status": status,
        "note": checks.long_text(d, "note"),
    }


def evolve_task_reviewed(state: MeetingState, ev: Event) -> MeetingState:
    d = ev.data
    review = Review(
        meeting=str(d.get("meeting", "")),
        task=str(d.get("task", "")),
        content=str(d.get("content", "")),
        owner=str(d.get("owner", "")),
        deadline=str(d.get("deadline", "")),
        status=str(d.get("status", "")),
        note=str(d.get("note", "")),
        at=ev.when,
    )
    items = {**state.reviews.items, review.key: review}  # a later review of the same task replaces it
    return change(state, reviews=change(state.reviews, items=items))


def decide_task_reassigned(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """An open task whose owner has left (or cannot do it) goes to someone else."""
    checks.not_ended(state)
    meeting = checks.text(d, "meeting", required=True)
    task = checks.text(d, "task", required=True)
    owner = checks.text(d, "owner", required=True)
    if owner not in state.roster and owner not in (COMMITTEE, CELL):
        raise DomainError("error.member_unknown", member=owner)
    if meeting == state.id:
        raise DomainError("error.review_own_task")
    return {"meeting": meeting, "task": task, "owner": owner}


def evolve_task_reassigned(state: MeetingState, ev: Event) -> MeetingState:
    key = (str(ev.data.get("meeting", "")), str(ev.data.get("task", "")))
    reassigned = {**state.reviews.reassigned, key: str(ev.data.get("owner", ""))}
    return change(state, reviews=change(state.reviews, reassigned=reassigned))


def done_share(state: MeetingState) -> tuple[float | None, int]:
    """Share of the reviewed tasks that were done (partly done counts half); None when none."""
    reviews = list(state.reviews.items.values())
    if not reviews:
        return None, 0
    score = sum(1.0 if r.status == "done" else 0.5 if r.status == "partly" else 0.0 for r in reviews)
    return score / len(reviews), len(reviews)
