"""Setting up a meeting, editing its agenda, and walking through it (docs/DOMAIN.md, "Meetings").

Each event kind has a decision (``decide_<kind>``: the rules, run once when a command is
recorded; it returns the event's data, cleaned, or refuses with a DomainError) and an
evolution (``evolve_<kind>``: the stored event applied to the state, no rules, never a
refusal). ``domain.decider`` lists them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from . import checks
from .agenda import MeetingType, extra_stage, template
from .errors import DomainError
from .events import Event
from .people import Category, Member, Role
from .state import MeetingState, Stage, change

Data = dict[str, Any]


# -- helpers ---------------------------------------------------------------------------------
def roster_of(raw: object) -> Mapping[str, Member]:
    """The roster as stored in an event: member id -> name, category, role, group."""
    if not isinstance(raw, Mapping):
        return {}
    roster: dict[str, Member] = {}
    for key, value in raw.items():
        info = value if isinstance(value, Mapping) else {}
        member_id = str(key)
        roster[member_id] = Member(
            id=member_id,
            name=str(info.get("name", "") or member_id),
            category=Category(info.get("category", "official") or "official"),
            role=Role(info.get("role", "") or ""),
            group=str(info.get("group", "")),
        )
    return roster


def roster_data(roster: Mapping[str, Member]) -> dict[str, dict[str, str]]:
    """The roster as events store it."""
    return {
        m.id: {"name": m.name, "category": str(m.category), "role": str(m.role), "group": m.group}
        for m in roster.values()
    }


def _checked_roster(raw: object) -> dict[str, dict[str, str]]:
    """A roster in a command: every name cleaned, every category and role known."""
    if not isinstance(raw, Mapping):
        raise DomainError("error.roster_invalid")
    roster: dict[str, dict[str, str]] = {}
    for key, value in raw.items():
        if not isinstance(value, Mapping):
            raise DomainError("error.roster_invalid")
        name = checks.text(value, "name", required=True)
        try:
            category = Category(value.get("category", "official") or "official")
            role = Role(value.get("role", "") or "")
        except ValueError:
            raise DomainError("error.roster_invalid") from None
        roster[checks.text({"id": key}, "id", required=True)] = {
            "name": name,
            "category": str(category),
            "role": str(role),
            "group": checks.text(value, "group"),
        }
    return roster


def committee_of(roster: Mapping[str, Mapping[str, str]]) -> dict[str, Mapping[str, str]]:
    """Who attends a committee meeting (họp chi ủy): the members with an office (bí thư, phó
    bí thư, chi ủy viên); the whole roster when nobody has one (a small cell without a
    committee, where the secretary prepares)."""
    committee = {k: v for k, v in roster.items() if (v.get("role") or "") != str(Role.NONE)}
    return committee or dict(roster)


def default_chair(roster: Mapping[str, Mapping[str, str]]) -> str:
    """The chair when none is named: the bí thư, else the phó bí thư (DOMAIN §1)."""
    for role in (Role.SECRETARY, Role.DEPUTY):
        for key, value in roster.items():
            if (value.get("role") or "") == str(role):
                return str(key)
    return ""


def titled(kind: MeetingType | str, topic: str) -> str:
    """A meeting's default title: the type's, with its topic or matter when it has one."""
    base = template(kind).title
    return f"{base}: {topic}" if topic else base


def _stage_number(state: MeetingState) -> tuple[str, int]:
    return f"s{state.next_stage_no}", state.next_stage_no + 1


def _budget_seconds(value: Any, default: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return int(round(value * 60))


def _stage_from(data: Mapping[str, Any], stage_id: str) -> Stage:
    """A stage as a v2 event stores it (tolerant of anything missing)."""
    return Stage(
        id=stage_id,
        key=str(data.get("key", "custom")),
        title=str(data.get("title", "")),
        budget=_budget_seconds(data.get("budget_min"), 600),
        presenter=str(data.get("presenter", "")),
        min_minutes=int(data.get("min_minutes", 0) or 0),
    )


def _with_stage(state: MeetingState, index: int, stage: Stage) -> tuple[Stage, ...]:
    return state.stages[:index] + (stage,) + state.stages[index + 1 :]


def _close_pause(state: MeetingState, at: datetime) -> tuple[tuple[datetime, datetime | None], ...]:
    if state.paused:
        start = state.pauses[-1][0]
        return state.pauses[:-1] + ((start, at),)
    return state.pauses


def _end_span(stage: Stage, at: datetime) -> Stage:
    if not stage.running:
        return stage
    start = stage.spans[-1][0]
    return change(stage, spans=stage.spans[:-1] + ((start, at),))


def _begin_span(stage: Stage, at: datetime) -> Stage:
    return change(stage, spans=stage.spans + ((at, None),))


# -- setup -------------------------------------------------------------------------------------
def decide_created(state: MeetingState, d: Mapping[str, Any]) -> Data:
    if state.created:
        raise DomainError("error.meeting_exists", meeting=state.id)
    tpl = template(d.get("type", "regular"))  # DomainError for an unknown type
    presenters = d.get("presenters", {}) or {}
    if not isinstance(presenters, Mapping):
        raise DomainError("error.roster_invalid")
    roster = _checked_roster(d.get("roster", {}))
    stages = []
    for st in tpl.stages:
        # A presenter or chair named by the committee who has left the cell since is kept as
        # named: the chair sees the gap and gives the stage to someone present.
        presenter = checks.text({"p": presenters.get(st.key, "") or ""}, "p")
        stages.append(
            {
                "key": st.key,
                "title": st.title,
                "budget_min": st.budget_min,
                "min_minutes": st.min_minutes,
                "presenter": presenter,
            }  # fmt: skip
        )
    cell_roster: Data = {}
    if tpl.type is MeetingType.COMMITTEE:  # the committee attends; the cell is who it prepares for
        cell_roster = {"cell_roster": roster}
        roster = committee_of(roster)  # type: ignore[assignment]
    chair = checks.text(d, "chair") or default_chair(roster)  # one named is kept, as presenters are
    topic = checks.text(d, "topic")
    usual: Data = {"topic": topic} if topic else {}
    if "meeting_day" in d:  # the cell's usual meeting day: the report-back rule reads it
        day = d["meeting_day"]
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 31:
            raise DomainError("error.meeting_day_range", value=str(day))
        usual["meeting_day"] = day
    return {
        "id": checks.text(d, "id", required=True),
        "type": str(tpl.type),
        "title": checks.text(d, "title") or titled(tpl.type, topic),
        "date": checks.iso_date(d, "date", required=True),
        "time": checks.text(d, "time"),
        "place": checks.text(d, "place"),
        "chair": chair,
        "roster": roster,
        "stages": stages,
        "min_minutes": tpl.min_minutes,
        **usual,
        **cell_roster,
    }


def evolve_created(state: MeetingState, ev: Event) -> MeetingState:
    d = ev.data
    stages = []
    number = state.next_stage_no
    for raw in d.get("stages", ()):
        stages.append(_stage_from(raw if isinstance(raw, Mapping) else {}, f"s{number}"))
        number += 1
    return change(
        state,
        id=str(d.get("id", "")),
        type=MeetingType(d.get("type", "regular")),
        title=str(d.get("title", "")),
        topic=str(d.get("topic", "")),
        date=str(d.get("date", "")),
        time=str(d.get("time", "")),
        place=str(d.get("place", "")),
        chair=str(d.get("chair", "")),
        base_min_minutes=int(d.get("min_minutes", 90) or 0),
        meeting_day=int(d.get("meeting_day", 20) or 20),
        stages=tuple(stages),
        next_stage_no=number,
        roster=roster_of(d.get("roster", {})),
        cell_roster=roster_of(d.get("cell_roster", {})),
    )


def decide_details_set(state: MeetingState, d: Mapping[str, Any]) -> Data:
    out: Data = {}
    for key in ("title", "time", "place"):
        if key in d:
            out[key] = checks.text(d, key, required=key == "title")
    if "date" in d:
        out["date"] = checks.iso_date(d, "date", required=True)
    if "topic" in d:
        out["topic"] = checks.text(d, "topic")
        if "title" not in d and state.title in (titled(state.type, state.topic), ""):
            out["title"] = titled(state.type, out["topic"])  # a title the chair wrote stays
    for key in ("chair", "clerk"):
        if key in d:
            member = checks.text(d, key)
            if member and state.roster and member not in state.roster:
                raise DomainError("error.member_unknown", member=member)
            record = state.attendance.get(member)
            if key == "clerk" and record is not None and record.status in ("excused", "unexcused"):
                raise DomainError("error.clerk_absent", name=state.member_name(member))
            out[key] = member
    if "secret" in d:  # the MẬT mark for this meeting's documents; None: the cell's setting
        secret = d["secret"]
        if secret is not None and not isinstance(secret, bool):
            raise DomainError("error.secret_invalid", value=str(secret))
        out["secret"] = secret
    return out


def evolve_details_set(state: MeetingState, ev: Event) -> MeetingState:
    changes = {
        k: str(v)
        for k, v in ev.data.items()
        if k in ("title", "topic", "date", "time", "place", "chair", "clerk")
    }
    if "secret" in ev.data:
        secret = ev.data["secret"]
        changes["secret"] = secret if isinstance(secret, bool) else None  # type: ignore[assignment]
    return change(state, **changes)  # type: ignore[arg-type]


def decide_roster_snapshot(state: MeetingState, d: Mapping[str, Any]) -> Data:
    roster = _checked_roster(d.get("roster"))
    if state.type is MeetingType.COMMITTEE:
        return {"roster": committee_of(roster), "cell_roster": roster}
    return {"roster": roster}


def evolve_roster_snapshot(state: MeetingState, ev: Event) -> MeetingState:
    if "cell_roster" in ev.data:
        return change(
            state,
            roster=roster_of(ev.data.get("roster", {})),
            cell_roster=roster_of(ev.data.get("cell_roster", {})),
        )
    return change(state, roster=roster_of(ev.data.get("roster", {})))


# -- agenda edits (before and during the meeting) --------------------------------------------
def decide_stage_added(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.not_ended(state)
    key = checks.text(d, "key") or "custom"
    base = extra_stage(key) if key in ("thematic_topic", "custom") else None
    title = checks.text(d, "title") or (base.title if base else "")
    if not title:
        raise DomainError("error.stage_title_empty")
    budget = checks.minutes(d["budget_min"]) if "budget_min" in d else (base.budget_min if base else 10)
    position = d.get("position", len(state.stages))
    checks.integer(position)
    earliest = 0 if state.current is None else state.current + 1
    presenter = checks.text(d, "presenter")
    if presenter and state.roster and presenter not in state.roster:
        raise DomainError("error.member_unknown", member=presenter)
    return {
        "key": key,
        "title": title,
        "budget_min": budget,
        "position": max(earliest, min(position, len(state.stages))),
        "presenter": presenter,
        "min_minutes": base.min_minutes if base else 0,
    }


def evolve_stage_added(state: MeetingState, ev: Event) -> MeetingState:
    stage_id, number = _stage_number(state)
    stage = _stage_from(ev.data, stage_id)
    position = ev.data.get("position", len(state.stages))
    earliest = 0 if state.current is None else state.current + 1
    at = max(earliest, min(int(position), len(state.stages)))
    return change(state, stages=state.stages[:at] + (stage,) + state.stages[at:], next_stage_no=number)


def decide_stage_removed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.not_ended(state)
    stage_id = str(d.get("stage", ""))
    index = state.stage_index(stage_id)
    if state.stages[index].started:
        raise DomainError("error.stage_started_cannot_drop")
    if len(state.stages) == 1:
        raise DomainError("error.stage_last_cannot_drop")
    return {"stage": stage_id}


def evolve_stage_removed(state: MeetingState, ev: Event) -> MeetingState:
    index = state.stage_index(str(ev.data.get("stage", "")))
    current = state.current
    if current is not None and index < current:
        current -= 1
    return change(state, stages=state.stages[:index] + state.stages[index + 1 :], current=current)


def decide_stage_moved(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.not_ended(state)
    stage_id = str(d.get("stage", ""))
    index = state.stage_index(stage_id)
    to = checks.index(d.get("to"), len(state.stages))
    earliest = 0 if state.current is None else state.current + 1
    if state.stages[index].started or to < earliest:
        raise DomainError("error.stage_move_past")
    return {"stage": stage_id, "to": to}


def evolve_stage_moved(state: MeetingState, ev: Event) -> MeetingState:
    index = state.stage_index(str(ev.data.get("stage", "")))
    current_id = state.current_stage.id if state.current_stage else None
    stages = list(state.stages)
    stage = stages.pop(index)
    stages.insert(int(ev.data.get("to", index)), stage)
    moved = change(state, stages=tuple(stages))
    return change(moved, current=moved.stage_index(current_id)) if current_id is not None else moved


def decide_stage_changed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    """Re-budget, retitle, set the presenter or the speech limit of a stage."""
    stage_id = str(d.get("stage", ""))
    state.stage_index(stage_id)
    out: Data = {"stage": stage_id}
    if "budget_min" in d:
        out["budget_min"] = checks.minutes(d["budget_min"])
    if "title" in d:
        out["title"] = checks.text(d, "title", required=True)
    if "presenter" in d:
        presenter = checks.text(d, "presenter")
        if presenter and state.roster and presenter not in state.roster:
            raise DomainError("error.member_unknown", member=presenter)
        out["presenter"] = presenter
    if "speech_limit_min" in d:
        limit = checks.minutes(d["speech_limit_min"])
        if limit <= 0:
            raise DomainError("error.budget_range", max=checks.MAX_BUDGET_MIN)
        out["speech_limit_min"] = limit
    return out


def evolve_stage_changed(state: MeetingState, ev: Event) -> MeetingState:
    d = ev.data
    index = state.stage_index(str(d.get("stage", "")))
    stage = state.stages[index]
    if "budget_min" in d:
        stage = change(stage, budget=_budget_seconds(d["budget_min"], stage.budget))
    if "title" in d:
        stage = change(stage, title=str(d["title"]))
    if "presenter" in d:
        stage = change(stage, presenter=str(d["presenter"]))
    if "speech_limit_min" in d:
        stage = change(stage, speech_limit=_budget_seconds(d["speech_limit_min"], stage.speech_limit))
    return change(state, stages=_with_stage(state, index, stage))


# -- progress ------------------------------------------------------------------------------
def decide_started(state: MeetingState, d: Mapping[str, Any]) -> Data:
    if state.started_at is not None:
        raise DomainError("error.meeting_already_started")
    if not state.stages:
        raise DomainError("error.agenda_empty")
    return {}


def evolve_started(state: MeetingState, ev: Event) -> MeetingState:
    at = ev.when
    if not state.stages:
        return change(state, started_at=at)
    return change(
        state, started_at=at, current=0, stages=_with_stage(state, 0, _begin_span(state.stages[0], at))
    )


def _goto(state: MeetingState, index: int, at: datetime) -> MeetingState:
    stages = state.stages
    if state.current is not None:
        stages = _with_stage(state, state.current, _end_span(state.stages[state.current], at))
    stages = stages[:index] + (_begin_span(stages[index], at),) + stages[index + 1 :]
    return change(state, stages=stages, current=index, pauses=_close_pause(state, at))


def decide_next_stage(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.running(state)
    assert state.current is not None
    if state.current + 1 >= len(state.stages):
        raise DomainError("error.no_next_stage")
    return {}


def evolve_next_stage(state: MeetingState, ev: Event) -> MeetingState:
    return _goto(state, (state.current or 0) + 1, ev.when)


def decide_previous_stage(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.running(state)
    if not state.current:
        raise DomainError("error.no_previous_stage")
    return {}


def evolve_previous_stage(state: MeetingState, ev: Event) -> MeetingState:
    return _goto(state, max(0, (state.current or 0) - 1), ev.when)


def decide_goto_stage(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.running(state)
    stage_id = str(d.get("stage", ""))
    if state.stage_index(stage_id) == state.current:
        raise DomainError("error.stage_is_current")
    return {"stage": stage_id}


def evolve_goto_stage(state: MeetingState, ev: Event) -> MeetingState:
    return _goto(state, state.stage_index(str(ev.data.get("stage", ""))), ev.when)


def decide_paused(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.running(state)
    if state.paused:
        raise DomainError("error.already_paused")
    return {}


def evolve_paused(state: MeetingState, ev: Event) -> MeetingState:
    return change(state, pauses=state.pauses + ((ev.when, None),))


def decide_resumed(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.running(state)
    if not state.paused:
        raise DomainError("error.not_paused")
    return {}


def evolve_resumed(state: MeetingState, ev: Event) -> MeetingState:
    return change(state, pauses=_close_pause(state, ev.when))


def decide_ended(state: MeetingState, d: Mapping[str, Any]) -> Data:
    checks.running(state)
    if state.record.current is not None:
        raise DomainError("error.speech_running_end")
    return {}


def evolve_ended(state: MeetingState, ev: Event) -> MeetingState:
    at = ev.when
    stages = state.stages
    if state.current is not None:
        stages = _with_stage(state, state.current, _end_span(state.stages[state.current], at))
    return change(state, stages=stages, ended_at=at, pauses=_close_pause(state, at))
