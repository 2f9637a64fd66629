"""A meeting as a list of recorded events, and the state those events add up to.

Every change to a meeting is an :class:`Event` (what, when, by whom). The state is the
fold of the events, so nothing recorded is ever overwritten: a correction is one more
event, and two terminals that record at the same moment both keep their work.

:meth:`MeetingState.apply` validates an event against the current state and raises
:class:`DomainError` when the rules refuse it; the service applies an event to the
freshest state, under the file lock, before it is written.

Timers are arithmetic on stored UTC timestamps: the elapsed time of a stage is the sum
of its spans minus the paused spans, computed for any ``now`` the clock gives.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..clock import from_iso
from ..text import clean
from .agenda import DEFAULT_SPEECH_LIMIT, MeetingType, extra_stage, template
from .errors import DomainError
from .people import Member

MAX_BUDGET_MIN = 600
MAX_LINE = 2_000  # a name, a title, a reason: one line
MAX_MULTILINE = 20_000  # a summary, a conclusion, a note: a runaway paste is refused, not stored


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str
    at: str  # ISO UTC timestamp
    by: str = ""  # role or person that recorded it: "chair", "clerk"...
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def when(self) -> datetime:
        return from_iso(self.at)

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "at": self.at, "by": self.by, "data": self.data}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Event:
        return cls(
            seq=int(raw["seq"]),
            kind=str(raw["kind"]),
            at=str(raw["at"]),
            by=str(raw.get("by", "")),
            data=dict(raw.get("data", {})),
        )


Span = list[datetime | None]  # [start, end or None while running]


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> float:
    start, end = max(a0, b0), min(a1, b1)
    return max(0.0, (end - start).total_seconds())


@dataclass
class Stage:
    id: str
    key: str
    title: str
    budget: int  # seconds
    presenter: str = ""  # member id
    speech_limit: int = DEFAULT_SPEECH_LIMIT
    min_minutes: int = 0
    spans: list[Span] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return bool(self.spans)

    @property
    def running(self) -> bool:
        return bool(self.spans) and self.spans[-1][1] is None

    def elapsed(self, now: datetime, pauses: list[Span]) -> float:
        total = 0.0
        for start, end in self.spans:
            assert start is not None
            stop = end or now
            total += (stop - start).total_seconds()
            for p0, p1 in pauses:
                assert p0 is not None
                total -= _overlap(start, stop, p0, p1 or now)
        return max(0.0, total)


@dataclass
class Guest:
    name: str
    title: str = ""


@dataclass
class MeetingState:
    id: str = ""
    type: MeetingType = MeetingType.REGULAR
    title: str = ""
    date: str = ""  # ISO local date
    time: str = ""  # planned local start "HH:MM"
    place: str = ""
    chair: str = ""  # member id
    clerk: str = ""  # member id (appointed at each meeting)
    guests: list[Guest] = field(default_factory=list)
    base_min_minutes: int = 90
    stages: list[Stage] = field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None
    current: int | None = None  # index into stages while the meeting runs
    pauses: list[Span] = field(default_factory=list)
    roster: dict[str, dict[str, Any]] = field(default_factory=dict)  # member snapshot by id
    attendance: dict[str, Any] = field(default_factory=dict)  # member id -> AttendanceRecord
    votes: list[Any] = field(default_factory=list)  # Vote, in the order taken
    seq: int = 0
    next_stage_no: int = 1
    extra: dict[str, Any] = field(default_factory=dict)
    _members: list[Member] | None = field(default=None, repr=False, compare=False)

    # -- derived values --------------------------------------------------------------
    @property
    def created(self) -> bool:
        return bool(self.id)

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1][1] is None

    @property
    def min_minutes(self) -> int:
        """90 minutes, or 120 when a thematic topic is held in the same sitting."""
        return max([self.base_min_minutes, *(s.min_minutes for s in self.stages)])

    def members(self) -> list[Member]:
        """The roster as it was at the meeting, as members (category at the meeting's date).

        Built once per roster: every count (attendance, the denominator, a vote) uses it.
        """
        if self._members is None:
            self._members = self._build_members()
        return list(self._members)

    def _build_members(self) -> list[Member]:
        return [
            Member(
                id=mid,
                name=m.get("name", "") or mid,
                category=m.get("category", "official"),
                role=m.get("role", ""),
                group=m.get("group", ""),
            )
            for mid, m in self.roster.items()
        ]

    def member_name(self, member_id: str) -> str:
        return str(self.roster.get(member_id, {}).get("name", "")) or member_id

    @property
    def current_stage(self) -> Stage | None:
        return None if self.current is None else self.stages[self.current]

    def stage_index(self, stage_id: str) -> int:
        for i, stage in enumerate(self.stages):
            if stage.id == stage_id:
                return i
        raise DomainError("error.stage_unknown", stage=stage_id)

    def stage_done(self, index: int) -> bool:
        stage = self.stages[index]
        if not stage.started or stage.running:
            return False
        return self.ended_at is not None or self.current is None or index != self.current

    def elapsed(self, now: datetime) -> float:
        """Seconds the meeting has run, pauses excluded."""
        if self.started_at is None:
            return 0.0
        stop = self.ended_at or now
        total = (stop - self.started_at).total_seconds()
        for p0, p1 in self.pauses:
            assert p0 is not None
            total -= _overlap(self.started_at, stop, p0, p1 or now)
        return max(0.0, total)

    def stage_elapsed(self, index: int, now: datetime) -> float:
        return self.stages[index].elapsed(self.ended_at or now, self.pauses)

    def planned_seconds(self) -> int:
        return sum(s.budget for s in self.stages)

    def projected_seconds(self, now: datetime) -> float:
        """Elapsed so far plus the budgets of the stages not yet reached."""
        total = self.elapsed(now)
        if self.current is None and self.started_at is None:
            return float(self.planned_seconds())
        if self.current is not None:
            cur = self.stages[self.current]
            total += max(0.0, cur.budget - self.stage_elapsed(self.current, now))
            total += sum(s.budget for s in self.stages[self.current + 1 :] if not s.started)
        return total

    def over_budget(self, index: int, now: datetime) -> float:
        """Seconds the stage has run past its budget (0 when within it)."""
        return max(0.0, self.stage_elapsed(index, now) - self.stages[index].budget)

    def short_of_minimum(self, now: datetime) -> float:
        """Seconds by which the meeting would end under its minimum if it ended now."""
        return max(0.0, self.min_minutes * 60 - self.elapsed(now))

    def plan_short_of_minimum(self, now: datetime) -> float:
        """Seconds by which the remaining plan falls short of the minimum length."""
        return max(0.0, self.min_minutes * 60 - self.projected_seconds(now))

    # -- applying events --------------------------------------------------------------
    def apply(self, event: Event) -> None:
        if not _LOADED:
            load_handlers()
        handler = _HANDLERS.get(event.kind)
        if handler is None:
            raise DomainError("error.event_unknown", kind=event.kind)
        if event.kind != "created" and not self.created:
            raise DomainError("error.meeting_not_created")
        handler(self, event)
        self.seq = max(self.seq, event.seq)


Handler = Callable[[MeetingState, Event], None]
_HANDLERS: dict[str, Handler] = {}
_LOADED = False


def load_handlers() -> None:
    """Register the events handled outside this module (roll call, votes, the record...).

    Done on the first event applied, not at import: a program that only lists meetings
    never loads them, and no module imports another half-initialised.
    """
    global _LOADED
    from . import attendance, criticism, followup, prep, record, resolution, scoring  # noqa: F401

    _LOADED = True


def handles(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        if kind in _HANDLERS:
            raise RuntimeError(f"two handlers for {kind!r}")
        _HANDLERS[kind] = fn
        return fn

    return register


def event_kinds() -> list[str]:
    load_handlers()
    return sorted(_HANDLERS)


def fold(events: Iterable[Event]) -> MeetingState:
    """The state that a meeting's recorded events add up to."""
    state = MeetingState()
    for event in events:
        state.apply(event)
    return state


# -- helpers shared by the handlers ----------------------------------------------------
def _text(data: dict[str, Any], key: str, *, required: bool = False, multiline: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise DomainError("error.text_expected", field=key)
    value = clean(value, multiline=multiline)
    if required and not value:
        raise DomainError("error.field_empty", field=key)
    limit = MAX_MULTILINE if multiline else MAX_LINE
    if len(value) > limit:
        raise DomainError("error.text_too_long", max=limit, length=len(value))
    if key in data:
        data[key] = value  # the event is stored as cleaned, exactly what the state shows
    return value


def _minutes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise DomainError("error.budget_not_number")
    if value < 0 or value > MAX_BUDGET_MIN:
        raise DomainError("error.budget_range", max=MAX_BUDGET_MIN)
    return int(round(value * 60))


def _require_not_ended(state: MeetingState) -> None:
    if state.ended_at is not None:
        raise DomainError("error.meeting_ended")


def _require_running(state: MeetingState) -> None:
    if state.started_at is None:
        raise DomainError("error.meeting_not_started")
    _require_not_ended(state)


def _close_pause(state: MeetingState, at: datetime) -> None:
    if state.paused:
        state.pauses[-1][1] = at


def _make_stage(state: MeetingState, key: str, title: str, budget_s: int, **kw: Any) -> Stage:
    stage = Stage(id=f"s{state.next_stage_no}", key=key, title=title, budget=budget_s, **kw)
    state.next_stage_no += 1
    return stage


# -- setup -------------------------------------------------------------------------------
@handles("created")
def _created(state: MeetingState, ev: Event) -> None:
    if state.created:
        raise DomainError("error.meeting_exists", meeting=state.id)
    d = ev.data
    tpl = template(d.get("type", "regular"))  # DomainError for an unknown type
    kind = tpl.type
    state.id = _text(d, "id", required=True)
    state.type = kind
    state.title = _text(d, "title") or tpl.title
    state.date = _text(d, "date", required=True)
    state.time = _text(d, "time")
    state.place = _text(d, "place")
    state.chair = _text(d, "chair")
    state.base_min_minutes = tpl.min_minutes
    presenters = d.get("presenters", {}) or {}
    for st in tpl.stages:
        state.stages.append(
            _make_stage(
                state, st.key, st.title, st.budget_min * 60, presenter=str(presenters.get(st.key, ""))
            )
        )
    roster = d.get("roster", {})
    if isinstance(roster, dict):
        state.roster = {str(k): dict(v) for k, v in roster.items()}
        state._members = None


@handles("details_set")
def _details_set(state: MeetingState, ev: Event) -> None:
    for key in ("title", "date", "time", "place"):
        if key in ev.data:
            value = _text(ev.data, key, required=key in ("title", "date"))
            setattr(state, key, value)
    for key in ("chair", "clerk"):
        if key in ev.data:
            member = _text(ev.data, key)
            if member and state.roster and member not in state.roster:
                raise DomainError("error.member_unknown", member=member)
            record = state.attendance.get(member)
            if key == "clerk" and record is not None and record.status in ("excused", "unexcused"):
                raise DomainError("error.clerk_absent", name=state.member_name(member))
            setattr(state, key, member)


@handles("roster_snapshot")
def _roster_snapshot(state: MeetingState, ev: Event) -> None:
    roster = ev.data.get("roster")
    if not isinstance(roster, dict):
        raise DomainError("error.roster_invalid")
    state.roster = {str(k): dict(v) for k, v in roster.items()}
    state._members = None


# -- agenda edits (before and during the meeting) ----------------------------------------
@handles("stage_added")
def _stage_added(state: MeetingState, ev: Event) -> None:
    _require_not_ended(state)
    d = ev.data
    key = _text(d, "key") or "custom"
    base = extra_stage(key) if key in ("thematic_topic", "custom") else None
    title = _text(d, "title") or (base.title if base else "")
    if not title:
        raise DomainError("error.stage_title_empty")
    budget = _minutes(d["budget_min"]) if "budget_min" in d else (base.budget_min * 60 if base else 600)
    position = d.get("position", len(state.stages))
    if not isinstance(position, int) or isinstance(position, bool):
        raise DomainError("error.position_invalid")
    earliest = 0 if state.current is None else state.current + 1
    position = max(earliest, min(position, len(state.stages)))
    presenter = _text(d, "presenter")
    if presenter and state.roster and presenter not in state.roster:
        raise DomainError("error.member_unknown", member=presenter)
    stage = _make_stage(
        state,
        key,
        title,
        budget,
        presenter=presenter,
        min_minutes=base.min_minutes if base else 0,
    )
    state.stages.insert(position, stage)


@handles("stage_removed")
def _stage_removed(state: MeetingState, ev: Event) -> None:
    _require_not_ended(state)
    index = state.stage_index(str(ev.data.get("stage", "")))
    if state.stages[index].started:
        raise DomainError("error.stage_started_cannot_drop")
    if len(state.stages) == 1:
        raise DomainError("error.stage_last_cannot_drop")
    del state.stages[index]
    if state.current is not None and index < state.current:
        state.current -= 1


@handles("stage_moved")
def _stage_moved(state: MeetingState, ev: Event) -> None:
    _require_not_ended(state)
    index = state.stage_index(str(ev.data.get("stage", "")))
    to = ev.data.get("to")
    if not isinstance(to, int) or isinstance(to, bool) or not 0 <= to < len(state.stages):
        raise DomainError("error.position_invalid")
    earliest = 0 if state.current is None else state.current + 1
    if state.stages[index].started or to < earliest:
        raise DomainError("error.stage_move_past")
    current_id = state.current_stage.id if state.current_stage else None
    stage = state.stages.pop(index)
    state.stages.insert(to, stage)
    if current_id is not None:
        state.current = state.stage_index(current_id)


@handles("stage_changed")
def _stage_changed(state: MeetingState, ev: Event) -> None:
    """Re-budget, retitle, set the presenter or the speech limit of a stage."""
    index = state.stage_index(str(ev.data.get("stage", "")))
    stage = state.stages[index]
    d = ev.data
    if "budget_min" in d:
        stage.budget = _minutes(d["budget_min"])
    if "title" in d:
        title = _text(d, "title", required=True)
        stage.title = title
    if "presenter" in d:
        presenter = _text(d, "presenter")
        if presenter and state.roster and presenter not in state.roster:
            raise DomainError("error.member_unknown", member=presenter)
        stage.presenter = presenter
    if "speech_limit_min" in d:
        limit = _minutes(d["speech_limit_min"])
        if limit <= 0:
            raise DomainError("error.budget_range", max=MAX_BUDGET_MIN)
        stage.speech_limit = limit


# -- progress ------------------------------------------------------------------------------
@handles("started")
def _started(state: MeetingState, ev: Event) -> None:
    if state.started_at is not None:
        raise DomainError("error.meeting_already_started")
    if not state.stages:
        raise DomainError("error.agenda_empty")
    at = ev.when
    state.started_at = at
    state.current = 0
    state.stages[0].spans.append([at, None])


def _goto(state: MeetingState, index: int, at: datetime) -> None:
    assert state.current is not None
    _close_pause(state, at)
    state.stages[state.current].spans[-1][1] = at
    state.current = index
    state.stages[index].spans.append([at, None])


@handles("next_stage")
def _next_stage(state: MeetingState, ev: Event) -> None:
    _require_running(state)
    assert state.current is not None
    if state.current + 1 >= len(state.stages):
        raise DomainError("error.no_next_stage")
    _goto(state, state.current + 1, ev.when)


@handles("previous_stage")
def _previous_stage(state: MeetingState, ev: Event) -> None:
    _require_running(state)
    assert state.current is not None
    if state.current == 0:
        raise DomainError("error.no_previous_stage")
    _goto(state, state.current - 1, ev.when)


@handles("goto_stage")
def _goto_stage(state: MeetingState, ev: Event) -> None:
    _require_running(state)
    index = state.stage_index(str(ev.data.get("stage", "")))
    if index == state.current:
        raise DomainError("error.stage_is_current")
    _goto(state, index, ev.when)


@handles("paused")
def _paused(state: MeetingState, ev: Event) -> None:
    _require_running(state)
    if state.paused:
        raise DomainError("error.already_paused")
    state.pauses.append([ev.when, None])


@handles("resumed")
def _resumed(state: MeetingState, ev: Event) -> None:
    _require_running(state)
    if not state.paused:
        raise DomainError("error.not_paused")
    _close_pause(state, ev.when)


@handles("ended")
def _ended(state: MeetingState, ev: Event) -> None:
    _require_running(state)
    record = state.extra.get("record")
    if record is not None and record.current is not None:
        raise DomainError("error.speech_running_end")
    at = ev.when
    _close_pause(state, at)
    assert state.current is not None
    state.stages[state.current].spans[-1][1] = at
    state.ended_at = at
