"""Producing the next cell meeting from the committee's preparatory meeting."""

from __future__ import annotations

from ..domain.agenda import MeetingType
from ..domain.errors import DomainError
from ..domain.people import Role
from ..domain.state import MeetingState
from .cell import CellService


def produce_meeting(cell: CellService, committee_id: str) -> MeetingState:
    """Create the prepared cell meeting: agenda with presenters, draft tasks, focus points."""
    committee = cell.meeting(committee_id)
    state = committee.state()
    prep = state.preparation
    if state.type is not MeetingType.COMMITTEE:
        raise DomainError("error.prep_not_committee")
    if prep.produced:
        raise DomainError("error.prep_already_produced", meeting=prep.produced)
    if not prep.date:
        raise DomainError("error.prep_needs_date")
    secretary = next((m.id for m in cell.members(include_retired=False) if m.role is Role.SECRETARY), "")
    created = cell.create_meeting(
        prep.type,
        prep.date,
        time=prep.time,
        place=prep.place,
        chair=secretary,
        presenters=dict(prep.presenters),
        topic=prep.topic,
    )
    meeting = cell.meeting(created.id)
    for task in prep.tasks:
        meeting.record(
            "resolution_task_added",
            content=task.content,
            requirement=task.requirement,
            measures=task.measures,
            owner=task.owner,
            deadline=task.deadline,
            source=f"prep:{committee_id}",
        )
    if prep.focus:
        meeting.record("focus_set", items=list(prep.focus))
    committee.record("prep_produced", meeting=created.id)
    return meeting.state()
