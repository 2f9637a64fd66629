"""Every change to one meeting goes through here: the app's screens, the command line, the tests.

``MeetingService.record`` stamps a command with the injected clock and the actor's role, has
the rules decide it against the freshest state under the file lock, and returns only once the
event is on disk. A screen shows an event as recorded only after this returns.
"""

from __future__ import annotations

from typing import Any

from ..domain.agenda import MeetingType
from ..domain.clock import Clock
from ..domain.errors import DomainError
from ..domain.events import Event, EventKind
from ..domain.meeting import committee_of, roster_data
from ..domain.resolution import carried_deadline, check_adoptable
from ..domain.scoring import Sheet, sheet_data
from ..domain.state import MeetingState
from ..domain.tasks import TrackedTask
from ..queries.suggest import suggest
from ..store.repo import MeetingLog, Repository
from ..store.storage import file_counter
from .cell import READ_ONLY_ACTORS

# Events that change what the meeting index in cell.json shows.
_INDEX_EVENTS = {EventKind.STARTED, EventKind.ENDED, EventKind.DETAILS_SET}


class MeetingService:
    def __init__(self, repo: Repository, meeting_id: str, clock: Clock, actor: str = "chair") -> None:
        self.repo = repo
        self.meeting_id = meeting_id
        self.clock = clock
        self.actor = actor
        self.log: MeetingLog = repo.log(meeting_id)

    def state(self) -> MeetingState:
        """The meeting as stored now (re-read when another process has written)."""
        return self.log.state()

    def changed(self) -> bool:
        """Whether another terminal has written since this one last read or wrote."""
        return file_counter(self.log.path) != self.log.counter

    def record(self, kind: str, /, **data: Any) -> MeetingState:
        """Record one event; the new state once it is durable (or a refusal, nothing written)."""
        return self.record_event(kind, **data)[1]

    def record_event(self, kind: str, /, **data: Any) -> tuple[Event, MeetingState]:
        if self.actor in READ_ONLY_ACTORS:  # the room's screen, whatever repository it was given
            raise DomainError("error.read_only_role", role=self.actor)
        event, state = self.log.record(kind, data, at=self.clock.now(), by=self.actor)
        if event.kind in _INDEX_EVENTS:
            # The event is durable already; a failed index write is reconciled later.
            self.repo.update_index(state, best_effort=True)
        return event, state

    # -- steps made of several events ------------------------------------------------------
    def start(self) -> MeetingState:
        """Start the meeting with the roster as it is today (members added since it was planned)."""
        state = self.state()
        roster = self.repo.roster_snapshot(state.date)
        attending = committee_of(roster) if state.type is MeetingType.COMMITTEE else roster
        if attending != roster_data(state.roster) and state.started_at is None:
            self.record("roster_snapshot", roster=roster)
        return self.record("started")

    def adopt(self, vote_id: str) -> MeetingState:
        """Number the draft (unless it already has its number) and adopt it by ``vote_id``.

        The number is reserved in the cell's counter for the committee's term before it is
        recorded; a number once reserved is never given again, even if the adoption then fails.
        """
        state = self.state()
        check_adoptable(state, vote_id)  # refuse before a number is spent
        res = state.resolution
        if res.number is None:
            number = self.repo.next_number(res.kind.value)
            try:
                self.record("resolution_numbered", number=number)
            except DomainError as exc:  # another terminal numbered it first: that number stands
                if exc.key != "error.resolution_already_numbered":
                    raise
        return self.record("resolution_adopted", vote=vote_id)

    def propose_score(self, sheet: Sheet) -> MeetingState:
        """Score the meeting on ``sheet``: a proposal for every line, from the record."""
        state = self.state()
        lines = suggest(sheet, state, self.repo, self.clock.now())
        return self.record("score_proposed", sheet=sheet.id, sheet_data=sheet_data(sheet), lines=lines)

    def review_task(self, tracked: TrackedTask, status: str, note: str, deadline: str = "") -> MeetingState:
        """Report back an earlier task; a task carried over comes into this resolution with the
        ``deadline`` given, or keeps its own when that is still ahead (else it has none, and the
        chair is warned before the vote that the task is incomplete)."""
        task = tracked.task
        state = self.record(
            "task_reviewed",
            meeting=tracked.meeting,
            task=task.id,
            content=task.content,
            owner=task.owner,
            deadline=task.deadline,
            status=status,
            note=note,
        )
        if status == "carried":
            state = self.record(
                "resolution_task_added",
                content=task.content,
                requirement=task.requirement,
                measures=task.measures,
                owner=task.owner,
                deadline=deadline or carried_deadline(task.deadline, state.date),
                source=f"carried:{tracked.meeting}:{task.id}",
            )
        return state
