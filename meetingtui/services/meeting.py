"""Every change to one meeting goes through here: the app's screens, the command line, the tests.

``MeetingService.record`` stamps a command with the injected clock and the actor's role, has
the rules decide it against the freshest state under the file lock, and returns only once the
event is on disk. A screen shows an event as recorded only after this returns.

The clerk's notes on the running speech, saved as they are typed, are the one command kept
apart from the events (:meth:`MeetingService.save_notes`, ``store.drafts``): the meeting's
file does not grow with every pause in typing. :meth:`MeetingService.state` is the meeting
with those notes on its running speech.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain.agenda import MeetingType
from ..domain.clock import Clock, from_iso, to_iso
from ..domain.decider import decide
from ..domain.errors import DomainError
from ..domain.events import Event, EventKind
from ..domain.meeting import committee_of, roster_data
from ..domain.record import with_draft
from ..domain.resolution import carried_deadline, check_adoptable
from ..domain.scoring import Sheet, sheet_data
from ..domain.state import MeetingState
from ..domain.tasks import TrackedTask
from ..domain.text import sanitize
from ..queries.suggest import suggest
from ..store.drafts import Draft
from ..store.repo import MeetingLog, Repository
from ..store.storage import StoreError, file_counter
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
        """The meeting as stored now (re-read when another process has written), with the
        clerk's notes on the running speech."""
        return self._noted(self.log.state())

    def _noted(self, state: MeetingState) -> MeetingState:
        current = state.record.current
        if current is None:
            return state
        try:
            draft = self.repo.drafts.of(self.meeting_id).get()
        except StoreError:
            # A damaged draft file must not keep the meeting from opening: the notes are not
            # shown (the next save reports the file, and ``meetingtui restore`` has its copy).
            return state
        if draft is None:
            return state
        try:
            started = from_iso(draft.started_at)
        except ValueError:
            return state  # not a draft this version wrote: as if none was saved
        return with_draft(state, draft.speech, started, draft.text)

    def save_notes(self, text: str) -> MeetingState:
        """Keep the clerk's notes on the running speech, durably, apart from the events.

        The rules are those of ``speech_noted`` (a speech must be running; the text is cleaned
        and its length checked); what is kept is the one draft of that speech (``store.drafts``),
        so the meeting's file does not grow while the clerk types. Returns the meeting with
        the notes on the speech; raises as ``record`` does, and then nothing is saved.
        """
        if self.actor in READ_ONLY_ACTORS:  # the room's screen saves nothing either
            raise DomainError("error.read_only_role", role=self.actor)
        state = self.log.state()
        clean = sanitize({"text": text})
        assert isinstance(clean, dict)
        now = self.clock.now()
        decided = decide(
            state, EventKind.SPEECH_NOTED, clean, at=now, by=self.actor
        )  # refuses as record does
        current = state.record.current
        assert current is not None and current.started_at is not None  # the rule checked it
        noted = str(decided.data["text"])
        draft = Draft(current.id, to_iso(current.started_at), noted, to_iso(now), self.actor)
        self.repo.drafts.of(self.meeting_id).save(draft)
        return with_draft(state, current.id, current.started_at, noted)

    @property
    def path(self) -> Path:
        """The meeting's file: a screen watches its folder for other terminals' writes."""
        return self.log.path

    def changed(self) -> bool:
        """Whether another terminal has written since this one last read or wrote."""
        return file_counter(self.log.path) != self.log.counter

    def record(self, kind: str, /, **data: Any) -> MeetingState:
        """Record one event; the new state once it is durable (or a refusal, nothing written).

        ``speech_noted`` (the clerk's notes, saved as typed) is kept apart: see :meth:`save_notes`.
        """
        if kind == EventKind.SPEECH_NOTED:
            return self.save_notes(str(data.get("text", "")))
        return self.record_event(kind, **data)[1]

    def record_event(self, kind: str, /, **data: Any) -> tuple[Event, MeetingState]:
        """Record one event as given and return it with the new state.

        Every kind is stored as an event here, ``speech_noted`` too (as 0.1.0 stored it: the
        fixtures of each version keep one, so that later versions go on reading it).
        """
        if self.actor in READ_ONLY_ACTORS:  # the room's screen, whatever repository it was given
            raise DomainError("error.read_only_role", role=self.actor)
        if kind == EventKind.SPEECH_ENDED and "text" not in data:
            noted = self.state().record
            if noted.current is not None:  # the speech ends with the notes kept apart
                data["text"] = noted.draft
        event, state = self.log.record(kind, data, at=self.clock.now(), by=self.actor)
        if event.kind in _INDEX_EVENTS:
            # The event is durable already; a failed index write is reconciled later.
            self.repo.update_index(state, best_effort=True)
        return event, self._noted(state)

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
