"""What the questions across meetings need of one meeting: its summary.

The year, the attendance ledger, the "silent at their last three meetings" check, the tasks
between meetings, a member's history and the earlier resolutions a draft is compared with
each read every meeting of the cell. None of them needs a meeting's speeches, votes or roster:
a :class:`MeetingSummary` keeps only what they read, worked out from the folded state by
:func:`summarise` (the one place these facts are taken from a state), and the rules in
``domain.ledger``, ``domain.tasks``, ``domain.history`` and ``domain.year`` read summaries.

A summary is a value derived from the meeting's events and never a record of its own: the
store keeps summaries on disk (``store.summaries``) only as a cache, thrown away whenever the
meeting's file, the summary's shape (:data:`SUMMARY_SCHEMA`) or meetingtui's version changes.
:meth:`MeetingSummary.to_dict` and :meth:`MeetingSummary.from_dict` are exact inverses
(``tests/unit/test_summary.py`` checks it on every fixture).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .agenda import MeetingType
from .attendance import counts_now, final_presence
from .people import CELL, COMMITTEE
from .resolution import is_adopted, number_label, period_of
from .rules import Presence
from .state import Entry, EntryKind, FollowUp, MeetingState, Review, Revision, Task

# Bump when what a summary holds, or how it is worked out, changes: every cached summary of
# another schema is then made again from its meeting.
SUMMARY_SCHEMA = 2  # 2: the month a regular meeting's resolution was for (period)

_PRESENCE = {str(p): p for p in Presence}


@dataclass(frozen=True)
class MeetingSummary:
    """One meeting as the questions across meetings see it."""

    id: str
    type: MeetingType
    date: str  # ISO local date
    title: str
    ended: bool
    minutes: int  # how long it ran, pauses excluded, once ended; 0 before
    attendance_rate: float | None  # present / base (``AttendanceCounts.rate``); None before the roll call
    presence: Mapping[str, Presence] = field(default_factory=dict)  # roll call as the ledger reads it
    uncounted: frozenset[str] = frozenset()  # absent members whose absence does not count (exempted…)
    speaking: Mapping[str, tuple[int, float]] = field(default_factory=dict)  # member -> (times, seconds)
    grade: str = ""  # the score's grade, "" when not scored
    adopted: bool = False  # the resolution was adopted by a vote
    label: str = ""  # the resolution's number, "05-NQ/CB"
    period: str = ""  # "YYYY-MM" a regular meeting's resolution (NQ) was for; "" for the others
    tasks: tuple[Task, ...] = ()  # the resolution's tasks, adopted or not
    reviews: tuple[Review, ...] = ()  # earlier tasks reported back here, latest per task
    reassigned: tuple[tuple[str, str, str], ...] = ()  # (meeting, task, new owner)
    criticism: tuple[Entry, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)  # the names the criticism needs, as then

    # -- what the rules ask --------------------------------------------------------------
    def member_name(self, member_id: str) -> str:
        """As :meth:`MeetingState.member_name`: the name at the meeting, or the id."""
        return self.names.get(member_id, member_id)

    @property
    def spoke(self) -> frozenset[str]:
        return frozenset(self.speaking)

    def counted_presence(self) -> dict[str, Presence]:
        """The presence that counts for the ledger (``domain.ledger.counted_presence``)."""
        return {m: p for m, p in self.presence.items() if m not in self.uncounted}

    def attended(self) -> set[str]:
        return {m for m, p in self.presence.items() if p is Presence.PRESENT}

    @property
    def review_items(self) -> dict[tuple[str, str], Review]:
        return {r.key: r for r in self.reviews}

    # -- stored form ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": str(self.type),
            "date": self.date,
            "title": self.title,
            "ended": self.ended,
            "minutes": self.minutes,
            "attendance_rate": self.attendance_rate,
            "presence": {m: str(p) for m, p in self.presence.items()},
            "uncounted": sorted(self.uncounted),
            "speaking": {m: [times, seconds] for m, (times, seconds) in self.speaking.items()},
            "grade": self.grade,
            "adopted": self.adopted,
            "label": self.label,
            "period": self.period,
            "tasks": [_task_dict(t) for t in self.tasks],
            "reviews": [_review_dict(r) for r in self.reviews],
            "reassigned": [list(r) for r in self.reassigned],
            "criticism": [_entry_dict(e) for e in self.criticism],
            "names": dict(self.names),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> MeetingSummary:
        """The inverse of :meth:`to_dict`; raises (KeyError, TypeError, ValueError) on anything
        else, which the cache takes as a summary to make again."""
        rate = d["attendance_rate"]
        return cls(
            id=_str(d["id"]),
            type=MeetingType(d["type"]),
            date=_str(d["date"]),
            title=_str(d["title"]),
            ended=_bool(d["ended"]),
            minutes=_int(d["minutes"]),
            attendance_rate=None if rate is None else float(rate),
            # the keys of a JSON object are strings; an unknown presence is a KeyError
            presence={m: _PRESENCE[p] for m, p in _mapping(d["presence"]).items()},
            uncounted=frozenset(_str(m) for m in d["uncounted"]),
            speaking={m: (_int(v[0]), float(v[1])) for m, v in _mapping(d["speaking"]).items()},
            grade=_str(d["grade"]),
            adopted=_bool(d["adopted"]),
            label=_str(d["label"]),
            period=_str(d["period"]),
            tasks=tuple(Task(**_strs(t)) for t in d["tasks"]),
            reviews=tuple(_review(r) for r in d["reviews"]),
            reassigned=tuple((_str(a), _str(b), _str(c)) for a, b, c in d["reassigned"]),
            criticism=tuple(_entry(e) for e in d["criticism"]),
            names={k: _str(v) for k, v in _mapping(d["names"]).items()},
        )


def summarise(state: MeetingState) -> MeetingSummary:
    """The summary of a folded meeting."""
    presence = final_presence(state)
    uncounted = set()
    for member_id, status in presence.items():
        member = state.roster.get(member_id)
        category = member.category if member is not None else "official"
        if category not in ("official", "probationary") and status is not Presence.PRESENT:
            uncounted.add(member_id)
    speaking: dict[str, tuple[int, float]] = {}
    for speech in state.record.speeches:
        if speech.member:
            times, seconds = speaking.get(speech.member, (0, 0.0))
            speaking[speech.member] = (times + 1, seconds + speech.seconds)
    res = state.resolution
    named: set[str] = set()
    for entry in state.criticism:
        named.update((entry.speaker, entry.concerns))
        if entry.follow_up is not None:
            named.add(entry.follow_up.owner)
    named -= {"", COMMITTEE, CELL}
    end = state.ended_at
    return MeetingSummary(
        id=state.id,
        type=state.type,
        date=state.date,
        title=state.title,
        ended=end is not None,
        minutes=round(state.elapsed(end) / 60) if end is not None else 0,
        attendance_rate=counts_now(state).rate if state.attendance else None,
        presence=presence,
        uncounted=frozenset(uncounted),
        speaking=speaking,
        grade=state.score.grade if state.score is not None else "",
        adopted=is_adopted(state),
        label=number_label(res.kind, res.number),
        period=period_of(state) if state.type is MeetingType.REGULAR and res.kind.value == "NQ" else "",
        tasks=res.tasks,
        reviews=tuple(state.reviews.items.values()),
        reassigned=tuple((m, t, owner) for (m, t), owner in state.reviews.reassigned.items()),
        criticism=state.criticism,
        names={m: state.member_name(m) for m in sorted(named)},
    )


def summaries(meetings: Iterable[MeetingState | MeetingSummary]) -> list[MeetingSummary]:
    """Summaries of meetings given folded or summarised (the rules take either)."""
    return [m if isinstance(m, MeetingSummary) else summarise(m) for m in meetings]


def as_summary(meeting: MeetingState | MeetingSummary) -> MeetingSummary:
    return meeting if isinstance(meeting, MeetingSummary) else summarise(meeting)


# -- the parts, to and from their stored form ------------------------------------------------
def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not a string: {value!r}")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not an integer: {value!r}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"not a boolean: {value!r}")
    return value


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise TypeError(f"not a mapping by name: {value!r}"[:200])
    return value


def _strs(d: Mapping[str, Any]) -> dict[str, str]:
    return {_str(k): _str(v) for k, v in d.items()}


def _when(value: Any) -> datetime:
    return datetime.fromisoformat(_str(value))


def _maybe_when(value: Any) -> datetime | None:
    return None if value is None else _when(value)


def _task_dict(task: Task) -> dict[str, str]:
    return {
        "id": task.id,
        "content": task.content,
        "requirement": task.requirement,
        "measures": task.measures,
        "owner": task.owner,
        "deadline": task.deadline,
        "report_at": task.report_at,
        "source": task.source,
    }


def _review_dict(r: Review) -> dict[str, str]:
    return {
        "meeting": r.meeting,
        "task": r.task,
        "content": r.content,
        "owner": r.owner,
        "deadline": r.deadline,
        "status": r.status,
        "note": r.note,
        "at": r.at.isoformat(),
    }


def _review(d: Mapping[str, Any]) -> Review:
    fields = _strs(d)
    at = fields.pop("at")
    return Review(**fields, at=datetime.fromisoformat(at))


def _revision_dict(r: Revision) -> dict[str, str]:
    return {"text": r.text, "at": r.at.isoformat(), "by": r.by}


def _revision(d: Mapping[str, Any]) -> Revision:
    return Revision(text=_str(d["text"]), at=_when(d["at"]), by=_str(d["by"]))


def _entry_dict(e: Entry) -> dict[str, Any]:
    follow = e.follow_up
    return {
        "id": e.id,
        "kind": str(e.kind),
        "speaker": e.speaker,
        "concerns": e.concerns,
        "text": e.text,
        "stage": e.stage,
        "at": e.at.isoformat(),
        "response": e.response,
        "follow_up": None
        if follow is None
        else {
            "content": follow.content,
            "owner": follow.owner,
            "deadline": follow.deadline,
            "done": follow.done,
            "note": follow.note,
            "reported_at": None if follow.reported_at is None else follow.reported_at.isoformat(),
        },
        "absent": e.absent,
        "history": [_revision_dict(r) for r in e.history],
    }


def _entry(d: Mapping[str, Any]) -> Entry:
    f = d["follow_up"]
    done = f["done"] if f is not None else None
    follow = (
        None
        if f is None
        else FollowUp(
            content=_str(f["content"]),
            owner=_str(f["owner"]),
            deadline=_str(f["deadline"]),
            done=None if done is None else _bool(done),
            note=_str(f["note"]),
            reported_at=_maybe_when(f["reported_at"]),
        )
    )
    return Entry(
        id=_str(d["id"]),
        kind=EntryKind(d["kind"]),
        speaker=_str(d["speaker"]),
        concerns=_str(d["concerns"]),
        text=_str(d["text"]),
        stage=_str(d["stage"]),
        at=_when(d["at"]),
        response=_str(d["response"]),
        follow_up=follow,
        absent=_bool(d["absent"]),
        history=tuple(_revision(r) for r in d["history"]),
    )
