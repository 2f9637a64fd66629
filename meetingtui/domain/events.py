"""The recorded events of a meeting: their kinds, their declared fields, their versions.

An event's ``kind`` is the name it is stored under: these names are the file format and never
change. Each kind declares the fields its data holds in today's shape (:data:`EVENT_SCHEMA`);
an event stored by an older version carries its own version number ``v`` (none means 1) and
is brought to today's shape on read by the upcasters (``domain.upcast``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from .clock import from_iso
from .errors import DomainError

EVENT_SCHEMA = 2  # the shape of the events this version writes (docs/ARCHITECTURE.md, "Versions")


class F(StrEnum):
    """What a declared field holds; the edge that takes events from outside checks it."""

    TEXT = "text"  # one line: a name, a title, an id, a reason
    LONG = "long"  # several lines: a summary, a conclusion, a note
    INT = "int"
    NUMBER = "number"  # int or float
    BOOL = "bool"
    BOOL_OR_NONE = "bool_or_none"
    LIST = "list"
    MAP = "map"
    MAP_OR_NONE = "map_or_none"


# Every kind may also carry what the rules decided about its time stamp (docs/DOMAIN.md, "Time
# inside a meeting"): when the clock stood earlier than at the event before, the event keeps
# its stamp as recorded (``at``) and is counted from the previous one: ``counted_at`` is the
# time it counts at, ``clock_back_s`` (on the event where the clock went back) by how much.
STAMP_FIELDS: Mapping[str, F] = {"counted_at": F.TEXT, "clock_back_s": F.NUMBER}


class EventKind(StrEnum):
    """Every kind of event a meeting records, with the fields of its data."""

    fields: Mapping[str, F]

    def __new__(cls, value: str, fields: Mapping[str, F] | None = None) -> EventKind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.fields = MappingProxyType({**(fields or {}), **STAMP_FIELDS})
        return member

    # -- setup, agenda and progress (domain.meeting) --------------------------------------
    CREATED = "created", {
        "id": F.TEXT, "type": F.TEXT, "title": F.TEXT, "date": F.TEXT, "time": F.TEXT,
        "place": F.TEXT, "chair": F.TEXT, "roster": F.MAP, "stages": F.LIST, "min_minutes": F.INT,
        "meeting_day": F.INT, "topic": F.TEXT, "cell_roster": F.MAP,
    }  # fmt: skip
    DETAILS_SET = "details_set", {
        "title": F.TEXT, "date": F.TEXT, "time": F.TEXT, "place": F.TEXT, "chair": F.TEXT, "clerk": F.TEXT,
        "secret": F.BOOL_OR_NONE, "topic": F.TEXT,
    }  # fmt: skip
    ROSTER_SNAPSHOT = "roster_snapshot", {"roster": F.MAP, "cell_roster": F.MAP}
    STAGE_ADDED = "stage_added", {
        "key": F.TEXT, "title": F.TEXT, "budget_min": F.NUMBER, "position": F.INT,
        "presenter": F.TEXT, "min_minutes": F.INT,
    }  # fmt: skip
    STAGE_REMOVED = "stage_removed", {"stage": F.TEXT}
    STAGE_MOVED = "stage_moved", {"stage": F.TEXT, "to": F.INT}
    STAGE_CHANGED = "stage_changed", {
        "stage": F.TEXT, "budget_min": F.NUMBER, "title": F.TEXT, "presenter": F.TEXT,
        "speech_limit_min": F.NUMBER,
    }  # fmt: skip
    STARTED = "started"
    NEXT_STAGE = "next_stage"
    PREVIOUS_STAGE = "previous_stage"
    GOTO_STAGE = "goto_stage", {"stage": F.TEXT}
    PAUSED = "paused"
    RESUMED = "resumed"
    ENDED = "ended"
    # -- the clerk's record (domain.record) -------------------------------------------------
    QUEUE_ADDED = "queue_added", {"member": F.TEXT, "guest": F.TEXT}
    QUEUE_REMOVED = "queue_removed", {"entry": F.TEXT}
    QUEUE_MOVED = "queue_moved", {"entry": F.TEXT, "to": F.INT}
    QUEUE_FIRST_TIMERS = "queue_first_timers"
    QUEUE_RESTORE_LAST = "queue_restore_last"
    SPEECH_STARTED = "speech_started", {"entry": F.TEXT}
    SPEECH_NOTED = "speech_noted", {"text": F.LONG}
    SPEECH_ENDED = "speech_ended", {"text": F.LONG}
    SPEECH_CANCELLED = "speech_cancelled"
    SPEECH_CORRECTED = "speech_corrected", {"speech": F.TEXT, "text": F.LONG, "base_rev": F.INT}
    GROUP_OPINION = "group_opinion", {"group": F.TEXT, "member": F.TEXT, "stage": F.TEXT, "text": F.LONG}
    STAGE_CONCLUDED = "stage_concluded", {"stage": F.TEXT, "text": F.LONG, "base_rev": F.INT}
    # -- roll call, guests and votes (domain.attendance) ------------------------------------
    ATTENDANCE_MARKED = "attendance_marked", {"member": F.TEXT, "status": F.TEXT, "reason": F.TEXT}
    ARRIVED = "arrived", {"member": F.TEXT}
    DEPARTED = "departed", {"member": F.TEXT, "reason": F.TEXT}
    GUEST_ADDED = "guest_added", {"name": F.TEXT, "title": F.TEXT}
    GUEST_REMOVED = "guest_removed", {"index": F.INT}
    VOTE_RECORDED = "vote_recorded", {
        "question": F.TEXT, "kind": F.TEXT, "form": F.TEXT, "for": F.INT, "against": F.INT,
        "other": F.INT, "subject": F.TEXT, "denominator": F.INT, "voters_present": F.INT,
        "needed": F.INT, "passed": F.BOOL, "percent": F.NUMBER, "stage": F.TEXT,
    }  # fmt: skip
    RESERVED_OPINION = "reserved_opinion", {"vote": F.TEXT, "member": F.TEXT, "text": F.LONG}
    VOTE_WITHDRAWN = "vote_withdrawn", {"vote": F.TEXT, "reason": F.TEXT}
    # -- criticism and self-criticism (domain.criticism) ------------------------------------
    ENTRY_ADDED = "entry_added", {
        "kind": F.TEXT, "speaker": F.TEXT, "concerns": F.TEXT, "text": F.LONG, "response": F.LONG,
        "follow_up": F.MAP_OR_NONE,
    }  # fmt: skip
    ENTRY_CHANGED = "entry_changed", {
        "entry": F.TEXT, "base_rev": F.INT, "kind": F.TEXT, "speaker": F.TEXT, "concerns": F.TEXT,
        "text": F.LONG, "response": F.LONG, "follow_up": F.MAP_OR_NONE,
    }  # fmt: skip
    FOLLOW_UP_REPORTED = "follow_up_reported", {"entry": F.TEXT, "done": F.BOOL_OR_NONE, "note": F.LONG}
    # -- the resolution (domain.resolution) ---------------------------------------------------
    RESOLUTION_SET = "resolution_set", {
        "kind": F.TEXT, "period": F.TEXT, "summary": F.TEXT, "heard": F.LONG, "assessment": F.LONG,
        "organisation": F.LONG, "recipients": F.LONG, "signer": F.TEXT,
    }  # fmt: skip
    RESOLUTION_TASK_ADDED = "resolution_task_added", {
        "content": F.LONG, "requirement": F.LONG, "measures": F.LONG, "owner": F.TEXT,
        "deadline": F.TEXT, "report_at": F.TEXT, "source": F.TEXT, "position": F.INT,
    }  # fmt: skip
    RESOLUTION_TASK_CHANGED = "resolution_task_changed", {
        "task": F.TEXT, "content": F.LONG, "requirement": F.LONG, "measures": F.LONG,
        "owner": F.TEXT, "deadline": F.TEXT, "report_at": F.TEXT,
    }  # fmt: skip
    RESOLUTION_TASK_REMOVED = "resolution_task_removed", {"task": F.TEXT}
    RESOLUTION_TASK_MOVED = "resolution_task_moved", {"task": F.TEXT, "to": F.INT}
    RESOLUTION_NUMBERED = "resolution_numbered", {"number": F.INT}
    RESOLUTION_ADOPTED = "resolution_adopted", {"vote": F.TEXT, "assessment": F.LONG}
    RESOLUTION_DISCARDED = "resolution_discarded", {"reason": F.TEXT}
    # -- the committee's preparation (domain.prep) ------------------------------------------
    PREP_TARGET = "prep_target", {
        "type": F.TEXT, "date": F.TEXT, "time": F.TEXT, "place": F.TEXT, "topic": F.TEXT,
    }  # fmt: skip
    PREP_PRESENTER = "prep_presenter", {"stage": F.TEXT, "presenter": F.TEXT}
    PREP_AGENDA = "prep_agenda", {"type": F.TEXT, "stages": F.LIST}
    PREP_TASK = "prep_task", {
        "content": F.LONG, "requirement": F.LONG, "measures": F.LONG, "owner": F.TEXT, "deadline": F.TEXT,
    }  # fmt: skip
    PREP_TASK_REMOVED = "prep_task_removed", {"index": F.INT}
    PREP_FOCUS = "prep_focus", {"text": F.TEXT}
    PREP_FOCUS_REMOVED = "prep_focus_removed", {"index": F.INT}
    PREP_PRODUCED = "prep_produced", {"meeting": F.TEXT}
    FOCUS_SET = "focus_set", {"items": F.LIST}
    # -- last month's tasks reported back (domain.review) -------------------------------------
    TASK_REVIEWED = "task_reviewed", {
        "meeting": F.TEXT, "task": F.TEXT, "content": F.LONG, "owner": F.TEXT, "deadline": F.TEXT,
        "status": F.TEXT, "note": F.LONG,
    }  # fmt: skip
    TASK_REASSIGNED = "task_reassigned", {"meeting": F.TEXT, "task": F.TEXT, "owner": F.TEXT}
    # -- scoring and the minutes (domain.scoring) ---------------------------------------------
    SCORE_PROPOSED = "score_proposed", {
        "sheet": F.TEXT, "sheet_data": F.MAP, "lines": F.MAP, "total": F.NUMBER, "grade": F.TEXT,
    }  # fmt: skip
    SCORE_LINE_SET = "score_line_set", {
        "line": F.TEXT, "points": F.NUMBER, "note": F.TEXT, "total": F.NUMBER, "grade": F.TEXT,
    }  # fmt: skip
    MINUTES_APPROVED = "minutes_approved", {"agree": F.INT, "present": F.INT}


_BY_NAME: dict[str, EventKind] = {str(kind): kind for kind in EventKind}  # the lookup every read makes


class EventFormatError(DomainError):
    """A stored event this version cannot read: an unknown kind, a newer version, a broken shape.

    ``seq`` is its sequence number; the store adds the file's name to the message.
    """


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    kind: EventKind
    at: str  # ISO UTC timestamp
    by: str = ""  # role or person that recorded it: "chair", "clerk"...
    data: Mapping[str, Any] = field(default_factory=dict)
    v: int = EVENT_SCHEMA  # the event schema its data is in

    @property
    def when(self) -> datetime:
        """The time the event counts at: its stamp, or the time the rules counted it at when
        the clock stood earlier than at the event before it."""
        counted = self.data.get("counted_at")
        return from_iso(counted if isinstance(counted, str) else self.at)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "kind": str(self.kind),
            "at": self.at,
            "by": self.by,
            "data": dict(self.data),
            "v": self.v,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Event:
        """A stored event as it was written; refused (EventFormatError) when this version cannot
        read it. The data stays in the shape of its version: ``domain.upcast`` moves it on."""
        seq = raw.get("seq")
        shown = seq if isinstance(seq, int) and not isinstance(seq, bool) else "?"
        kind = raw.get("kind")
        known = _BY_NAME.get(kind) if isinstance(kind, str) else None
        if known is None:
            raise EventFormatError("error.event_unknown", seq=shown, kind=str(kind)[:80])
        version = raw.get("v", 1)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise EventFormatError("error.event_broken", seq=shown, detail="v")
        if version > EVENT_SCHEMA:
            raise EventFormatError("error.event_newer", seq=shown, version=version, known=EVENT_SCHEMA)
        data = raw.get("data", {})
        at = raw.get("at")
        if shown == "?" or not isinstance(data, dict) or not isinstance(at, str):
            raise EventFormatError("error.event_broken", seq=shown, detail="seq/at/data")
        by = raw.get("by", "")
        return cls(seq=seq, kind=known, at=at, by=by if isinstance(by, str) else "", data=data, v=version)  # type: ignore[arg-type]


def _fits(kind: F, value: Any) -> bool:
    if kind in (F.TEXT, F.LONG):
        return isinstance(value, str)
    if kind is F.INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is F.NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is F.BOOL:
        return isinstance(value, bool)
    if kind is F.BOOL_OR_NONE:
        return value is None or isinstance(value, bool)
    if kind is F.LIST:
        return isinstance(value, list | tuple)
    if kind is F.MAP:
        return isinstance(value, Mapping)
    return value is None or isinstance(value, Mapping)  # MAP_OR_NONE


def shape_problems(event: Event) -> list[str]:
    """What in an event (in today's shape) does not match its kind's declared fields: an
    undeclared field, or a value of the wrong type. Empty when it fits."""
    fields = event.kind.fields
    problems = [f"{name}: not a field of {event.kind}" for name in event.data if name not in fields]
    problems += [
        f"{name}: not {kind.value}"
        for name, kind in fields.items()
        if name in event.data and not _fits(kind, event.data[name])
    ]
    return problems
