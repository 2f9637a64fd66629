"""The committee's preparatory meeting (họp chi ủy, DOMAIN §2) and what it produces.

During a committee meeting the chair records the next cell meeting's date, time and place,
who presents each stage, the draft tasks and the focus points (one or two pressing issues).
Producing the cell meeting turns them into a prepared meeting with its agenda, presenters
and draft resolution; the notice to members is exported as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .agenda import MeetingType, template
from .errors import DomainError
from .meeting import Event, MeetingState, _require_not_ended, _text, handles

MAX_FOCUS = 5


@dataclass
class DraftTask:
    content: str
    requirement: str = ""
    measures: str = ""
    owner: str = ""
    deadline: str = ""


@dataclass
class Prep:
    type: MeetingType = MeetingType.REGULAR
    date: str = ""
    time: str = ""
    place: str = ""
    presenters: dict[str, str] = field(default_factory=dict)  # stage key -> member id
    tasks: list[DraftTask] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    produced: str = ""  # id of the cell meeting produced


def prep_of(state: MeetingState) -> Prep:
    prep = state.extra.get("prep")
    if prep is None:
        prep = state.extra["prep"] = Prep()
    assert isinstance(prep, Prep)
    return prep


def focus_of(state: MeetingState) -> list[str]:
    """The focus points of a cell meeting (set when the committee produced it, or later)."""
    focus = state.extra.get("focus", [])
    return list(focus)


def _committee(state: MeetingState) -> Prep:
    if state.type is not MeetingType.COMMITTEE:
        raise DomainError("error.prep_not_committee")
    _require_not_ended_or_produced(state)
    return prep_of(state)


def _require_not_ended_or_produced(state: MeetingState) -> None:
    if prep_of(state).produced:
        raise DomainError("error.prep_already_produced", meeting=prep_of(state).produced)


def _iso_date(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = _text(data, key, required=required)
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise DomainError("error.date_invalid", value=value) from None
    return value


def _member(state: MeetingState, data: dict[str, Any], key: str) -> str:
    member = _text(data, key)
    if member and member not in state.roster and member != "@committee":
        raise DomainError("error.member_unknown", member=member)
    return member


@handles("prep_target")
def _prep_target(state: MeetingState, ev: Event) -> None:
    prep = _committee(state)
    d = ev.data
    if "type" in d:
        prep.type = template(d["type"]).type
    if "date" in d:
        prep.date = _iso_date(d, "date", required=True)
    if "time" in d:
        prep.time = _text(d, "time")
    if "place" in d:
        prep.place = _text(d, "place")


@handles("prep_presenter")
def _prep_presenter(state: MeetingState, ev: Event) -> None:
    prep = _committee(state)
    key = _text(ev.data, "stage", required=True)
    if key not in {s.key for s in template(prep.type).stages}:
        raise DomainError("error.stage_key_unknown", key=key)
    presenter = _member(state, ev.data, "presenter")
    if presenter:
        prep.presenters[key] = presenter
    else:
        prep.presenters.pop(key, None)


@handles("prep_task")
def _prep_task(state: MeetingState, ev: Event) -> None:
    prep = _committee(state)
    d = ev.data
    prep.tasks.append(
        DraftTask(
            content=_text(d, "content", required=True, multiline=True),
            requirement=_text(d, "requirement", multiline=True),
            measures=_text(d, "measures", multiline=True),
            owner=_member(state, d, "owner"),
            deadline=_iso_date(d, "deadline"),
        )
    )


@handles("prep_task_removed")
def _prep_task_removed(state: MeetingState, ev: Event) -> None:
    prep = _committee(state)
    index = ev.data.get("index")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(prep.tasks):
        raise DomainError("error.position_invalid")
    del prep.tasks[index]


@handles("prep_focus")
def _prep_focus(state: MeetingState, ev: Event) -> None:
    prep = _committee(state)
    if len(prep.focus) >= MAX_FOCUS:
        raise DomainError("error.prep_too_many_focus", max=MAX_FOCUS)
    prep.focus.append(_text(ev.data, "text", required=True))


@handles("prep_focus_removed")
def _prep_focus_removed(state: MeetingState, ev: Event) -> None:
    prep = _committee(state)
    index = ev.data.get("index")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(prep.focus):
        raise DomainError("error.position_invalid")
    del prep.focus[index]


@handles("prep_produced")
def _prep_produced(state: MeetingState, ev: Event) -> None:
    prep = _committee(state)
    if not prep.date:
        raise DomainError("error.prep_needs_date")
    prep.produced = _text(ev.data, "meeting", required=True)


@handles("focus_set")
def _focus_set(state: MeetingState, ev: Event) -> None:
    """A cell meeting's focus points (from the committee, or edited by the chair)."""
    _require_not_ended(state)
    items = ev.data.get("items", [])
    if not isinstance(items, list) or len(items) > MAX_FOCUS:
        raise DomainError("error.prep_too_many_focus", max=MAX_FOCUS)
    cleaned = []
    for i, item in enumerate(items):
        holder = {"text": item}
        cleaned.append(_text(holder, "text", required=True))
        items[i] = holder["text"]
    state.extra["focus"] = cleaned
