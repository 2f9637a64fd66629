"""The year plan read against the meetings (what was held, how it was graded), and a
meeting's packet. Light on purpose: the home screen reads it at start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.agenda import MeetingType
from ..domain.plan import PLAN_BOOK, Packet, PlannedMeeting, PlanState, YearPlan, year_plan
from ..store.books import book_log
from ..store.repo import Repository

if TYPE_CHECKING:
    from ..domain.state import MeetingState


def plan_state(repo: Repository, year: int) -> PlanState:
    return book_log(repo, PLAN_BOOK, year).state()


def _thematic(state: MeetingState) -> bool:
    return state.type is MeetingType.THEMATIC or any(s.key == "thematic_topic" for s in state.stages)


def planned_meetings(repo: Repository, year: int, *, read_states: bool = True) -> list[PlannedMeeting]:
    """The year's cell meetings as the plan sees them. Without ``read_states`` only the meeting
    index is read (the home screen at start): no grades, and a thematic topic held inside a
    regular meeting is not seen."""
    found = []
    for info in repo.meetings():
        if info.type is MeetingType.COMMITTEE or not info.date.startswith(f"{year:04d}-"):
            continue
        grade, thematic = "", info.type is MeetingType.THEMATIC
        if read_states:
            state = repo.log(info.id).state()
            grade = state.score.grade if state.score else ""
            thematic = _thematic(state)
        found.append(PlannedMeeting(info.id, info.type, info.date, info.title, info.status, grade, thematic))
    return found


def plan_of(repo: Repository, year: int, *, read_states: bool = True) -> YearPlan:
    cell = repo.cell()
    default = (cell.meeting_day_from, cell.meeting_day_to)
    return year_plan(
        plan_state(repo, year), year, default, planned_meetings(repo, year, read_states=read_states)
    )


def packet_of(repo: Repository, meeting_id: str, meeting_date: str) -> Packet | None:
    """When the meeting's packet was last recorded as sent (None when it never was)."""
    if len(meeting_date) < 4 or not meeting_date[:4].isdigit():
        return None
    return plan_state(repo, int(meeting_date[:4])).packet(meeting_id)
