"""The one way the app, the command line and the tests change a meeting.

``MeetingService.record`` stamps an event with the injected clock and the actor's role,
validates it against the freshest state under the file lock, and returns only once the
event is on disk. The screen shows an event as recorded only after this returns.
"""

from __future__ import annotations

from typing import Any

from .clock import Clock, to_iso
from .domain.meeting import Event, MeetingState
from .store.repo import MeetingLog, Repository
from .store.storage import file_counter

# Events that change what the meeting index in cell.json shows.
_INDEX_EVENTS = {"started", "ended", "details_set"}


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

    def start(self) -> tuple[Event, MeetingState]:
        """Start the meeting with the roster as it is today (members added since it was planned)."""
        state = self.state()
        roster = self.repo.roster_snapshot(state.date)
        if roster != state.roster and state.started_at is None:
            self.record("roster_snapshot", roster=roster)
        return self.record("started")

    def record(self, kind: str, /, **data: Any) -> tuple[Event, MeetingState]:
        event, state = self.log.append(kind, data, at=to_iso(self.clock.now()), by=self.actor)
        if kind in _INDEX_EVENTS:
            # The event is durable already; a failed index write is reconciled later.
            self.repo.update_index(state, best_effort=True)
        return event, state
