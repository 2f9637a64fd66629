"""The committee's preparatory meeting (họp chi ủy, docs/DOMAIN.md "Meetings") and what it produces.

During a committee meeting the chair records the next cell meeting's date, time and place,
who presents each stage, the draft tasks and the focus points (one or two pressing issues).
Producing the cell meeting (``services``) turns them into a prepared meeting with its agenda,
presenters and draft resolution.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import checks
from .agenda import MeetingType, extra_stage, template
from .errors import DomainError
from .events import Event
from .people import BODY, COMMITTEE
from .state import DraftTask, MeetingState, Prep, PrepStage, change

MAX_FOCUS = 5

Data = dict[str, Any]


def _committee(state: MeetingState) -> Prep:
    if state.type is not MeetingType.COMMITTEE:
        raise DomainError("error.prep_not_committee")
    if state.preparation.produced:
        raise DomainError("error.prep_already_produced", meeting=state.preparation.produced)
    return state.preparation


def _member(state: MeetingState, data: Mapping[str, Any], key: str, *, body: bool = False) -> str:
    """A member of the cell (or the committee); with ``body``, also a named body
    (``@body:Công đoàn cơ quan``: a department, a mass organisation)."""
    member = checks.text(data, key)
    if body and member.startswith(BODY):
        name = member[len(BODY) :].strip()
        if not name:
            raise DomainError("error.field_empty", field=key)
        return BODY + name
    if member and member not in (state.cell_roster or state.roster) and member != COMMITTEE:
        raise DomainError("error.member_unknown", member=member)
    return member


def _with_prep(state: MeetingState, **changes: Any) -> MeetingState:
    return change(state, preparation=change(state.preparation, **changes))


def decide_prep_target(state: MeetingState, d: Mapping[str, Any]) -> Data:
    _committee(state)
    out: Data = {}
    if "type" in d:
        out["type"] = str(template(d["type"]).type)
    if "date" in d:
        out["date"] = checks.iso_date(d, "date", required=True)
    if "time" in d:
        out["time"] = checks.text(d, "time")
    if "place" in d:
        out["place"] = checks.text(d, "place")
    if "topic" in d:
        out["topic"] = checks.text(d, "topic")
    return out


def evolve_prep_target(state: MeetingState, ev: Event) -> MeetingState:
    changes: dict[str, Any] = {k: str(ev.data[k]) for k in ("date", "time", "place", "topic") if k in ev.data}
    if "type" in ev.data:
        changes["type"] = MeetingType(ev.data["type"])
    return _with_prep(state, **changes)


def decide_prep_presenter(state: MeetingState, d: Mapping[str, Any]) -> Data:
    prep = _committee(state)
    key = checks.text(d, "stage", required=True)
    if key not in {s.key for s in prep_agenda(prep)}:
        raise DomainError("error.stage_key_unknown", key=key)
    return {"stage": key, "presenter": _member(state, d, "presenter")}


def evolve_prep_presenter(state: MeetingState, ev: Event) -> MeetingState:
    presenters = dict(state.preparation.presenters)
    key, presenter = str(ev.data.get("stage", "")), str(ev.data.get("presenter", ""))
    if presenter:
        presenters[key] = presenter
    else:
        presenters.pop(key, None)
    agenda = tuple(change(s, presenter=presenter) if s.key == key else s for s in state.preparation.agenda)
    return _with_prep(state, presenters=presenters, agenda=agenda)


def prep_agenda(prep: Prep) -> tuple[PrepStage, ...]:
    """The agenda the committee prepared for its target meeting: as shaped, else the
    template's stages with the presenters named (a change of type starts from its template)."""
    if prep.agenda and prep.agenda_type == prep.type.value:
        return prep.agenda
    return tuple(
        PrepStage(
            key=st.key, title=st.title, budget_min=st.budget_min, presenter=prep.presenters.get(st.key, "")
        )
        for st in template(prep.type).stages
    )


def decide_prep_agenda(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """The whole agenda of the prepared meeting, as the committee shaped it: stages added
    (a thematic part, another item), dropped, moved, re-budgeted, each with its presenter."""
    prep = _committee(state)
    raw = d.get("stages")
    if not isinstance(raw, list | tuple) or not raw:
        raise DomainError("error.agenda_empty")
    known = {st.key: st for st in template(prep.type).stages}
    stages = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise DomainError("error.agenda_empty")
        key = checks.text(item, "key") or "custom"
        base = known.get(key) or extra_stage(key)  # DomainError for an unknown key
        title = checks.text(item, "title") or base.title
        budget = checks.minutes(item["budget_min"]) if "budget_min" in item else base.budget_min
        stages.append(
            {"key": key, "title": title, "budget_min": budget, "presenter": _member(state, item, "presenter")}
        )
    return {"type": prep.type.value, "stages": stages}


def evolve_prep_agenda(state: MeetingState, ev: Event) -> MeetingState:
    stages = tuple(
        PrepStage(
            key=str(s.get("key", "custom")),
            title=str(s.get("title", "")),
            budget_min=float(s.get("budget_min", 0) or 0),
            presenter=str(s.get("presenter", "")),
        )
        for s in ev.data.get("stages", ())
        if isinstance(s, Mapping)
    )
    return _with_prep(state, agenda=stages, agenda_type=str(ev.data.get("type", "")))


def decide_prep_task(state: MeetingState, d: Mapping[str, Any]) -> Data:
    _committee(state)
    return {
        "content": checks.long_text(d, "content", required=True),
        "requirement": checks.long_text(d, "requirement"),
        "measures": checks.long_text(d, "measures"),
        "owner": _member(state, d, "owner", body=True),
        "deadline": checks.iso_date(d, "deadline"),
    }


def evolve_prep_task(state: MeetingState, ev: Event) -> MeetingState:
    d = ev.data
    task = DraftTask(
        content=str(d.get("content", "")),
        requirement=str(d.get("requirement", "")),
        measures=str(d.get("measures", "")),
        owner=str(d.get("owner", "")),
        deadline=str(d.get("deadline", "")),
    )
    return _with_prep(state, tasks=state.preparation.tasks + (task,))


def decide_prep_task_removed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    return {"index": checks.index(d.get("index"), len(_committee(state).tasks))}


def evolve_prep_task_removed(state: MeetingState, ev: Event) -> MeetingState:
    tasks = state.preparation.tasks
    i = int(ev.data.get("index", -1))
    return _with_prep(state, tasks=tasks[:i] + tasks[i + 1 :]) if 0 <= i < len(tasks) else state


def decide_prep_focus(state: MeetingState, d: Mapping[str, Any]) -> Data:
    if len(_committee(state).focus) >= MAX_FOCUS:
        raise DomainError("error.prep_too_many_focus", max=MAX_FOCUS)
    return {"text": checks.text(d, "text", required=True)}


def evolve_prep_focus(state: MeetingState, ev: Event) -> MeetingState:
    return _with_prep(state, focus=state.preparation.focus + (str(ev.data.get("text", "")),))


def decide_prep_focus_removed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    return {"index": checks.index(d.get("index"), len(_committee(state).focus))}


def evolve_prep_focus_removed(state: MeetingState, ev: Event) -> MeetingState:
    focus = state.preparation.focus
    i = int(ev.data.get("index", -1))
    return _with_prep(state, focus=focus[:i] + focus[i + 1 :]) if 0 <= i < len(focus) else state


def decide_prep_produced(state: MeetingState, d: Mapping[str, Any]) -> Data:
    if not _committee(state).date:
        raise DomainError("error.prep_needs_date")
    return {"meeting": checks.text(d, "meeting", required=True)}


def evolve_prep_produced(state: MeetingState, ev: Event) -> MeetingState:
    return _with_prep(state, produced=str(ev.data.get("meeting", "")))


def decide_focus_set(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """A cell meeting's focus points (from the committee, or edited by the chair)."""
    checks.not_ended(state)
    items = d.get("items", [])
    if not isinstance(items, list | tuple) or len(items) > MAX_FOCUS:
        raise DomainError("error.prep_too_many_focus", max=MAX_FOCUS)
    return {"items": [checks.text({"text": item}, "text", required=True) for item in items]}


def evolve_focus_set(state: MeetingState, ev: Event) -> MeetingState:
    return change(state, focus=tuple(str(item) for item in ev.data.get("items", ())))
