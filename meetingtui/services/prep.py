"""Producing the next cell meeting from the committee's preparatory meeting."""

from __future__ import annotations

from ..domain.agenda import MeetingType
from ..domain.errors import DomainError
from ..domain.people import Role
from ..domain.prep import prep_agenda
from ..domain.state import MeetingState, PrepStage
from .cell import CellService
from .meeting import MeetingService


def _shape(meeting: MeetingService, agenda: tuple[PrepStage, ...]) -> None:
    """Bring the new meeting's agenda (its type's template) to the one the committee shaped,
    with the agenda events the chair would record: drop, add, move, re-budget, presenters."""
    state = meeting.state()
    taken: dict[int, str] = {}  # agenda position -> the template stage that serves it
    free = list(state.stages)
    for i, item in enumerate(agenda):
        match = next((st for st in free if st.key == item.key), None)
        if match is not None:
            taken[i] = match.id
            free.remove(match)
    for stage in free:
        meeting.record("stage_removed", stage=stage.id)
    for i, item in enumerate(agenda):
        if i not in taken:
            meeting.record(
                "stage_added",
                key=item.key,
                title=item.title,
                budget_min=item.budget_min,
                presenter=item.presenter,
                position=i,
            )
            continue
        state = meeting.state()
        stage = state.stages[state.stage_index(taken[i])]
        changes = {
            k: v
            for k, v, now in (
                ("title", item.title, stage.title),
                ("budget_min", item.budget_min, stage.budget / 60),
                ("presenter", item.presenter, stage.presenter),
            )
            if v != now
        }
        if changes:
            meeting.record("stage_changed", stage=stage.id, **changes)
        if state.stage_index(stage.id) != i:
            meeting.record("stage_moved", stage=stage.id, to=i)


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
    if prep.agenda and prep.agenda_type == prep.type.value:
        _shape(meeting, prep_agenda(prep))
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
