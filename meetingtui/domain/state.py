"""What a meeting's recorded events add up to: one immutable value with typed parts.

A :class:`MeetingState` is never changed in place. Evolving it by an event (``domain.decider``)
returns a new value that shares every part the event did not touch, so a state a screen holds
stays exactly as it was whatever happens to the next event: refused, failed to reach the disk,
or recorded by another terminal.

Timers are arithmetic on stored UTC timestamps: the elapsed time of a stage is the sum of its
spans minus the paused spans, computed for any ``now`` the clock gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from .agenda import DEFAULT_SPEECH_LIMIT, MeetingType
from .errors import DomainError
from .people import Member
from .rules import Presence, Tally, VoteForm, VoteKind

Span = tuple[datetime, datetime | None]  # (start, end or None while running)
V = TypeVar("V")
_FIELDS: dict[type, frozenset[str]] = {}


def change(value: V, **changes: Any) -> V:
    """``value`` with ``changes``: ``dataclasses.replace`` for the state's frozen values.

    Every event read evolves the state a few times, so this is the hot path of reading ten
    years of meetings: the new value is a copy of the old one's field dict, not a second run of
    ``__init__`` (four times faster). A name that is not a field is refused, as replace does.
    """
    cls = type(value)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
    if not changes.keys() <= names:
        raise TypeError(f"{cls.__name__} has no field {sorted(changes.keys() - names)}")
    new = object.__new__(cls)
    new.__dict__.update(value.__dict__)
    new.__dict__.update(changes)
    return new


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> float:
    start, end = max(a0, b0), min(a1, b1)
    return max(0.0, (end - start).total_seconds())


# -- the agenda -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    id: str
    key: str
    title: str
    budget: int  # seconds
    presenter: str = ""  # member id
    speech_limit: int = DEFAULT_SPEECH_LIMIT  # seconds
    min_minutes: int = 0  # a stage that raises the meeting's minimum (a thematic topic: 120)
    spans: tuple[Span, ...] = ()

    @property
    def started(self) -> bool:
        return bool(self.spans)

    @property
    def running(self) -> bool:
        return bool(self.spans) and self.spans[-1][1] is None

    def elapsed(self, now: datetime, pauses: tuple[Span, ...]) -> float:
        total = 0.0
        for start, end in self.spans:
            stop = end or now
            total += (stop - start).total_seconds()
            for p0, p1 in pauses:
                total -= _overlap(start, stop, p0, p1 or now)
        return max(0.0, total)


@dataclass(frozen=True)
class Guest:
    name: str
    title: str = ""


# -- roll call and votes ------------------------------------------------------------------
@dataclass(frozen=True)
class AttendanceRecord:
    status: Presence = Presence.UNMARKED
    reason: str = ""
    arrived_at: datetime | None = None  # late arrival
    left_at: datetime | None = None  # early departure
    left_reason: str = ""

    @property
    def present_now(self) -> bool:
        return self.status is Presence.PRESENT and self.left_at is None


@dataclass(frozen=True)
class Vote:
    id: str
    question: str
    kind: VoteKind
    form: VoteForm
    tally: Tally
    denominator: int
    voters_present: int
    needed: int
    passed: bool
    percent: float
    at: datetime
    stage: str = ""  # stage id during which it was taken
    subject: str = ""  # member id, for admission and confirmation
    reserved: tuple[tuple[str, str], ...] = ()  # (member id, words)
    withdrawn: str = ""  # reason, when the vote was declared void


# -- the clerk's record ---------------------------------------------------------------------
@dataclass(frozen=True)
class QueueEntry:
    id: str
    member: str = ""  # member id, or "" for a guest
    guest: str = ""  # guest's name


@dataclass(frozen=True)
class Revision:
    text: str
    at: datetime
    by: str


@dataclass(frozen=True)
class Speech:
    id: str
    stage: str  # stage id
    member: str = ""  # member id; "" for a guest or a party group
    guest: str = ""
    group: str = ""  # party group, for a tổ đảng opinion
    kind: str = "speech"  # speech | group_opinion
    started_at: datetime | None = None
    ended_at: datetime | None = None
    text: str = ""
    history: tuple[Revision, ...] = ()  # earlier wordings, oldest first

    @property
    def rev(self) -> int:
        return len(self.history)

    @property
    def seconds(self) -> float:
        if self.started_at is None or self.ended_at is None:
            return 0.0
        return (self.ended_at - self.started_at).total_seconds()


@dataclass(frozen=True)
class Conclusion:
    stage: str
    text: str
    history: tuple[Revision, ...] = ()
    at: datetime | None = None  # when it was first recorded (the minutes' order)


@dataclass(frozen=True)
class RecordState:
    queue: tuple[QueueEntry, ...] = ()
    speeches: tuple[Speech, ...] = ()
    current: Speech | None = None  # the speech running now
    draft: str = ""  # the clerk's notes on the running speech, saved as typed
    last_speaker: QueueEntry | None = None
    conclusions: Mapping[str, Conclusion] = field(default_factory=dict)  # by stage id
    next_no: int = 1


# -- criticism and self-criticism ----------------------------------------------------------
class EntryKind(StrEnum):
    SELF_CRITICISM = "self_criticism"  # tự phê bình
    CRITICISM = "criticism"  # phê bình
    COMMENDATION = "commendation"  # biểu dương
    REMINDER = "reminder"  # nhắc nhở


@dataclass(frozen=True)
class FollowUp:
    content: str
    owner: str = ""  # member id, COMMITTEE or CELL
    deadline: str = ""  # ISO date
    done: bool | None = None  # set when it is reported back
    note: str = ""  # what was said when it was reported back
    reported_at: datetime | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    kind: EntryKind
    speaker: str  # member id ("" when the chair speaks for the committee)
    concerns: str  # member id, COMMITTEE or CELL
    text: str
    stage: str
    at: datetime
    response: str = ""  # the response or commitment of the person concerned
    follow_up: FollowUp | None = None
    absent: bool = False  # the member concerned was absent when it was recorded
    history: tuple[Revision, ...] = ()

    @property
    def rev(self) -> int:
        return len(self.history)


# -- the resolution ---------------------------------------------------------------------------
class DocKind(StrEnum):
    RESOLUTION = "NQ"  # nghị quyết
    CONCLUSION = "KL"  # kết luận


TASK_FIELDS = ("content", "requirement", "measures", "owner", "deadline", "report_at")
REQUIRED_FIELDS = ("content", "requirement", "measures", "owner", "deadline")


@dataclass(frozen=True)
class Task:
    id: str
    content: str
    requirement: str = ""  # yêu cầu / chỉ tiêu
    measures: str = ""  # biện pháp
    owner: str = ""  # member id, COMMITTEE or CELL (người / bộ phận chủ trì)
    deadline: str = ""  # ISO date (thời hạn)
    report_at: str = ""  # "YYYY-MM": the monthly meeting that hears the result
    source: str = ""  # "entry:<id>" (a criticism follow-up), "carried:<meeting>:<task>", "prep:<id>"

    def gaps(self) -> list[str]:
        """The required fields still empty: such a task is incomplete (docs/DOMAIN.md)."""
        return [name for name in REQUIRED_FIELDS if not getattr(self, name)]


@dataclass(frozen=True)
class ResolutionState:
    kind: DocKind = DocKind.RESOLUTION
    period: str = ""  # "YYYY-MM" the tasks are for; "" = from the meeting's date
    summary: str = ""  # the line under the title; "" = default
    heard: str = ""  # "Sau khi nghe …"; "" = default
    assessment: str = ""  # Section I; "" = drafted from the record
    organisation: str = ""  # Section III; "" = default
    recipients: str = ""  # one recipient a line; "" = default
    signer: str = ""  # member id of the secretary or deputy who signs; "" = the secretary
    tasks: tuple[Task, ...] = ()
    number: int | None = None
    vote: str = ""  # id of the adopting vote
    adopted_at: datetime | None = None
    burned: tuple[tuple[str, int], ...] = ()  # numbers of discarded drafts
    next_task: int = 1
    discarded: int = 0

    def task(self, task_id: object) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise DomainError("error.resolution_task_unknown", task=str(task_id))


# -- the committee's preparation ------------------------------------------------------------
@dataclass(frozen=True)
class DraftTask:
    content: str
    requirement: str = ""
    measures: str = ""
    owner: str = ""
    deadline: str = ""


@dataclass(frozen=True)
class PrepStage:
    """A stage of the agenda the committee shaped for the cell meeting."""

    key: str
    title: str
    budget_min: float
    presenter: str = ""


@dataclass(frozen=True)
class Prep:
    type: MeetingType = MeetingType.REGULAR
    date: str = ""
    time: str = ""
    place: str = ""
    topic: str = ""  # a thematic meeting's topic, an extraordinary meeting's matter
    presenters: Mapping[str, str] = field(default_factory=dict)  # stage key -> member id
    tasks: tuple[DraftTask, ...] = ()
    focus: tuple[str, ...] = ()
    produced: str = ""  # id of the cell meeting produced
    agenda: tuple[PrepStage, ...] = ()  # the agenda shaped for ``agenda_type``; () = the template's
    agenda_type: str = ""


# -- last month's tasks reported back --------------------------------------------------------
@dataclass(frozen=True)
class Review:
    meeting: str  # the meeting whose resolution set the task
    task: str  # task id in that resolution
    content: str
    owner: str
    deadline: str
    status: str  # done | partly | not_done | carried
    note: str
    at: datetime

    @property
    def key(self) -> tuple[str, str]:
        return self.meeting, self.task


@dataclass(frozen=True)
class Reviews:
    items: Mapping[tuple[str, str], Review] = field(
        default_factory=dict
    )  # (meeting, task) -> the latest review here
    reassigned: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (meeting, task) -> new owner


# -- scoring and the minutes ------------------------------------------------------------------
@dataclass(frozen=True)
class ScoreLine:
    key: str
    title: str
    max: float
    points: float
    reason: str  # why this was suggested, or the chair's note when changed
    confirmed: bool = False  # the chair kept or changed it


@dataclass(frozen=True)
class Score:
    sheet: str
    sheet_title: str
    lines: tuple[ScoreLine, ...] = ()
    grades: tuple[tuple[str, float], ...] = ()  # (name, minimum), highest first
    top_grade_requires_full: tuple[str, ...] = ()
    grade: str = ""
    total: float = 0.0
    confirmed: bool = False  # the cell agreed the score (all lines confirmed)


@dataclass(frozen=True)
class Approval:
    """The minutes read back and approved: ``agree`` of ``present`` đồng chí nhất trí."""

    agree: int
    present: int


# -- the meeting ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MeetingState:
    id: str = ""
    type: MeetingType = MeetingType.REGULAR
    title: str = ""
    topic: str = ""  # a thematic meeting's topic, an extraordinary meeting's matter
    date: str = ""  # ISO local date
    time: str = ""  # planned local start "HH:MM"
    place: str = ""
    chair: str = ""  # member id
    clerk: str = ""  # member id (appointed at each meeting)
    guests: tuple[Guest, ...] = ()
    base_min_minutes: int = 90
    meeting_day: int = 20  # the cell's usual meeting day when the meeting was created
    secret: bool | None = None  # the MẬT mark on its documents; None: as the cell's setting
    stages: tuple[Stage, ...] = ()
    started_at: datetime | None = None
    ended_at: datetime | None = None
    current: int | None = None  # index into stages while the meeting runs
    pauses: tuple[Span, ...] = ()
    roster: Mapping[str, Member] = field(
        default_factory=dict
    )  # the members as they were at the meeting, by id
    cell_roster: Mapping[str, Member] = field(
        default_factory=dict
    )  # a committee meeting's: the whole cell (its roster is the committee); else empty
    seq: int = 0
    next_stage_no: int = 1
    attendance: Mapping[str, AttendanceRecord] = field(default_factory=dict)  # by member id
    votes: tuple[Vote, ...] = ()  # in the order taken
    record: RecordState = field(default_factory=RecordState)
    criticism: tuple[Entry, ...] = ()  # in the order recorded
    resolution: ResolutionState = field(default_factory=ResolutionState)
    preparation: Prep = field(default_factory=Prep)  # a committee meeting's
    focus: tuple[str, ...] = ()  # a cell meeting's focus points
    reviews: Reviews = field(default_factory=Reviews)
    score: Score | None = None
    minutes_approved: Approval | None = None
    last_at: str = ""  # the stamp of the last event, as recorded
    last_counted: str = ""  # the time the last event counts at (its counted_at, or its stamp)
    clock_jumps: tuple[tuple[int, float], ...] = ()  # (seq, seconds) where the clock went back

    # -- derived values --------------------------------------------------------------
    def counted_now(self, now: datetime) -> datetime:
        """``now`` on the meeting's own time line: after the clock went back, the clock's time
        plus what the meeting has counted past it, so live timers go on as the record does."""
        if self.last_counted == self.last_at:
            return now
        shift = datetime.fromisoformat(self.last_counted) - datetime.fromisoformat(self.last_at)
        return now + shift if shift.total_seconds() > 0 else now

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
        """The roster as it was at the meeting: every count (attendance, votes) uses it."""
        return list(self.roster.values())

    def people(self) -> list[Member]:
        """Everyone a stage or a task may be given to: the whole cell, also at a committee
        meeting (whose roster, the ones who attend, is the committee)."""
        return list((self.cell_roster or self.roster).values())

    def member_name(self, member_id: str) -> str:
        member = self.roster.get(member_id) or self.cell_roster.get(member_id)
        return member.name if member is not None and member.name else member_id

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
