"""A meeting as a fold of events (DOMAIN §2): agenda edits, progress, timers under a FakeClock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from meetingtui.domain.agenda import MeetingType, template
from meetingtui.domain.checks import MAX_BUDGET_MIN
from meetingtui.domain.clock import FakeClock, from_iso, to_iso
from meetingtui.domain.decider import decide, event_kinds, evolve, fold
from meetingtui.domain.errors import DomainError
from meetingtui.domain.events import Event, EventFormatError, EventKind
from meetingtui.domain.state import MeetingState

ROSTER = {
    "m1": {"name": "Nguyễn Văn An", "category": "official"},
    "m2": {"name": "Trần Thị Bình", "category": "official"},
    "m3": {"name": "Lê Văn Cường", "category": "probationary"},
}
REGULAR_BUDGETS_MIN = [5, 10, 15, 15, 10, 20, 10, 5, 0, 5, 5]
REGULAR_PLAN_S = sum(REGULAR_BUDGETS_MIN) * 60  # 100 minutes


def ev(seq: int, kind: str, clock: FakeClock, **data: Any) -> Event:
    return Event(seq=seq, kind=EventKind(kind), at=to_iso(clock.now()), by="chair", data=data)


def decided(kind: str, clock: FakeClock, state: MeetingState | None = None, **data: Any) -> Event:
    """The event the rules make of a command against ``state`` (a fresh meeting by default)."""
    return decide(state or MeetingState(), kind, data, at=clock.now(), by="chair")


class Log:
    """Events decided by hand against a FakeClock; ``state`` folds them afresh."""

    def __init__(self, kind: str = "regular", *, roster: dict[str, Any] | None = None, **extra: Any) -> None:
        self.clock = FakeClock()
        self.events: list[Event] = []
        data: dict[str, Any] = {"id": "2026-11-20-dinh-ky", "type": kind, "date": "2026-11-20"}
        data["roster"] = ROSTER if roster is None else roster
        data.update(extra)
        self.add("created", **data)

    def add(self, kind: str, **data: Any) -> MeetingState:
        state = self.state
        event = decide(state, kind, data, at=self.clock.now(), by="chair")  # raises before the event is kept
        after = evolve(state, event)
        self.events.append(event)
        return after

    def at(self, minutes: float) -> Log:
        """Move the clock ``minutes`` forward."""
        self.clock.advance(minutes=minutes)
        return self

    @property
    def state(self) -> MeetingState:
        return fold(self.events)

    @property
    def now(self) -> Any:
        return self.clock.now()

    def refused(self, kind: str, error: str, /, **data: Any) -> DomainError:
        before = len(self.events)
        with pytest.raises(DomainError) as info:
            self.add(kind, **data)
        assert info.value.key == error
        assert len(self.events) == before
        return info.value


def ids(state: MeetingState) -> list[str]:
    return [s.id for s in state.stages]


# -- creation ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(MeetingType), ids=str)
def test_created_copies_the_template(kind: MeetingType) -> None:
    state = Log(kind.value).state
    tpl = template(kind)
    assert state.type is kind
    assert state.title == tpl.title
    assert [s.key for s in state.stages] == [s.key for s in tpl.stages]
    assert [s.budget for s in state.stages] == [s.budget_min * 60 for s in tpl.stages]
    assert ids(state) == [f"s{i}" for i in range(1, len(tpl.stages) + 1)]
    assert state.min_minutes == tpl.min_minutes
    assert {m.id: {"name": m.name, "category": str(m.category)} for m in state.members()} == ROSTER
    assert not state.running and state.current is None


def test_created_assigns_presenters_by_stage_key() -> None:
    state = Log(presenters={"ho_chi_minh": "m2", "direction": "m1"}).state
    assert {s.key: s.presenter for s in state.stages if s.presenter} == {
        "ho_chi_minh": "m2",
        "direction": "m1",
    }


def test_events_before_created_are_refused() -> None:
    clock = FakeClock()
    for kind in ("started", "stage_added", "next_stage", "details_set"):
        with pytest.raises(DomainError) as info:
            decided(kind, clock, title="x")
        assert info.value.key == "error.meeting_not_created"


@pytest.mark.parametrize("missing", ["id", "date"])
def test_created_needs_id_and_date(missing: str) -> None:
    data: dict[str, Any] = {"id": "x", "date": "2026-11-20"}
    data[missing] = "  "
    with pytest.raises(DomainError) as info:
        decided("created", FakeClock(), None, **data)
    assert info.value.key == "error.field_empty"
    assert info.value.params == {"field": missing}


def test_created_with_unknown_type_is_a_domain_error() -> None:
    with pytest.raises(DomainError) as info:
        decided("created", FakeClock(), id="x", date="2026-11-20", type="weekly")
    assert info.value.key == "error.meeting_type_unknown"


def test_created_twice_is_refused() -> None:
    log = Log()
    log.refused("created", "error.meeting_exists", id="other", date="2026-11-21")


@pytest.mark.parametrize("kind", ["teleport", "", "Started", "created "])
def test_unknown_event_kind_raises(kind: str) -> None:
    log = Log()
    err = log.refused(kind, "error.event_unknown")
    assert err.params["kind"] == kind
    assert kind not in event_kinds()


def test_unknown_event_kind_raises_even_first() -> None:
    with pytest.raises(DomainError) as info:
        decided("teleport", FakeClock())
    assert info.value.key == "error.event_unknown"


def test_a_stored_event_of_an_unknown_kind_is_refused_with_its_number() -> None:
    stored = ev(1, "created", FakeClock(), id="x", date="2026-11-20").to_dict()
    stored.update(kind="teleport", seq=4)
    with pytest.raises(EventFormatError) as info:
        Event.from_dict(stored)
    assert info.value.key == "error.event_unknown"
    assert info.value.params == {"seq": 4, "kind": "teleport"}


def test_event_round_trips_through_dict() -> None:
    event = ev(7, "stage_changed", FakeClock(), stage="s2", budget_min=12)
    assert Event.from_dict(event.to_dict()) == event
    assert event.when == from_iso(event.at)


def test_seq_is_the_highest_applied() -> None:
    log = Log()
    log.add("started")
    log.at(1).add("next_stage")
    assert log.state.seq == 3


# -- agenda edits before the meeting ---------------------------------------------------------
@pytest.mark.parametrize(
    ("position", "index"),
    [(0, 0), (2, 2), (10, 10), (11, 11), (99, 11), (-5, 0)],
)
def test_add_stage_at_a_position(position: int, index: int) -> None:
    log = Log()
    state = log.add("stage_added", title="Vấn đề trọng tâm: chuyển đổi số", budget_min=12, position=position)
    assert len(state.stages) == 12
    stage = state.stages[index]
    assert stage.title == "Vấn đề trọng tâm: chuyển đổi số"
    assert stage.budget == 12 * 60
    assert stage.key == "custom"
    assert stage.id == "s12"
    assert len(set(ids(state))) == 12
    assert state.min_minutes == 90


def test_add_stage_without_position_appends_and_ids_are_never_reused() -> None:
    log = Log()
    log.add("stage_added", title="A")
    log.add("stage_removed", stage="s12")
    state = log.add("stage_added", title="B")
    assert state.stages[-1].id == "s13"
    assert state.stages[-1].title == "B"
    assert state.stages[-1].budget == 600  # custom default: 10 minutes


def test_add_custom_stage_default_title() -> None:
    state = Log().add("stage_added", key="custom")
    assert state.stages[-1].title == "Nội dung khác"


@pytest.mark.parametrize("position", ["2", 1.5, True, None])
def test_add_stage_bad_position(position: Any) -> None:
    Log().refused("stage_added", "error.position_invalid", title="x", position=position)


@pytest.mark.parametrize("title", ["", "   ", "\x1b[31m\x07"])
def test_add_stage_needs_a_title(title: str) -> None:
    Log().refused("stage_added", "error.stage_title_empty", key="something_else", title=title)


def test_add_thematic_topic_raises_minimum_to_120() -> None:
    log = Log()
    assert log.state.min_minutes == 90
    state = log.add("stage_added", key="thematic_topic", position=6)
    stage = state.stages[6]
    assert stage.key == "thematic_topic"
    assert stage.min_minutes == 120
    assert stage.budget == 30 * 60
    assert "chuyên đề" in stage.title
    assert state.min_minutes == 120
    # dropping it again brings the minimum back to 90
    state = log.add("stage_removed", stage=stage.id)
    assert state.min_minutes == 90


def test_add_thematic_topic_during_the_meeting_raises_minimum() -> None:
    log = Log()
    log.add("started")
    state = log.at(5).add("stage_added", key="thematic_topic", budget_min=40)
    assert state.min_minutes == 120
    assert state.stages[-1].budget == 40 * 60


def test_drop_a_future_stage() -> None:
    log = Log()
    state = log.add("stage_removed", stage="s9")
    assert ids(state) == ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s10", "s11"]
    assert state.planned_seconds() == REGULAR_PLAN_S  # "Việc khác" had 0 minutes
    state = log.add("stage_removed", stage="s6")
    assert state.planned_seconds() == REGULAR_PLAN_S - 20 * 60


def test_drop_unknown_stage() -> None:
    err = Log().refused("stage_removed", "error.stage_unknown", stage="s99")
    assert err.params == {"stage": "s99"}


def test_drop_the_last_remaining_stage_is_refused() -> None:
    log = Log("extraordinary")
    for stage_id in ("s1", "s2", "s3", "s4"):
        log.add("stage_removed", stage=stage_id)
    log.refused("stage_removed", "error.stage_last_cannot_drop", stage="s5")


@pytest.mark.parametrize(
    ("stage", "to", "order"),
    [
        ("s11", 0, ["s11", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10"]),
        ("s1", 10, ["s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s1"]),
        ("s6", 3, ["s1", "s2", "s3", "s6", "s4", "s5", "s7", "s8", "s9", "s10", "s11"]),
        ("s3", 3, ["s1", "s2", "s4", "s3", "s5", "s6", "s7", "s8", "s9", "s10", "s11"]),
    ],
)
def test_reorder_before_the_meeting(stage: str, to: int, order: list[str]) -> None:
    assert ids(Log().add("stage_moved", stage=stage, to=to)) == order


@pytest.mark.parametrize("to", [-1, 11, "3", 2.0, True, None])
def test_reorder_bad_target(to: Any) -> None:
    Log().refused("stage_moved", "error.position_invalid", stage="s2", to=to)


@pytest.mark.parametrize(
    ("budget", "seconds"),
    [(7, 420), (0, 0), (2.5, 150), (MAX_BUDGET_MIN, MAX_BUDGET_MIN * 60), (0.01, 1)],
)
def test_rebudget(budget: float, seconds: int) -> None:
    state = Log().add("stage_changed", stage="s6", budget_min=budget)
    assert state.stages[5].budget == seconds
    assert state.planned_seconds() == REGULAR_PLAN_S - 20 * 60 + seconds


@pytest.mark.parametrize(
    ("budget", "key"),
    [
        (-1, "error.budget_range"),
        (-0.5, "error.budget_range"),
        (MAX_BUDGET_MIN + 1, "error.budget_range"),
        (float("nan"), "error.budget_not_number"),
        ("10", "error.budget_not_number"),
        ("mười", "error.budget_not_number"),
        (None, "error.budget_not_number"),
        (True, "error.budget_not_number"),
        ([10], "error.budget_not_number"),
    ],
)
def test_rebudget_refused(budget: Any, key: str) -> None:
    log = Log()
    log.refused("stage_changed", key, stage="s6", budget_min=budget)
    assert log.state.stages[5].budget == 20 * 60


@pytest.mark.parametrize("budget", [float("inf"), float("-inf")])
def test_rebudget_infinite_refused(budget: float) -> None:
    log = Log()
    with pytest.raises(DomainError) as info:
        log.add("stage_changed", stage="s6", budget_min=budget)
    assert info.value.key in ("error.budget_range", "error.budget_not_number")
    assert log.state.stages[5].budget == 20 * 60


@pytest.mark.parametrize(("budget", "key"), [(-3, "error.budget_range"), ("5", "error.budget_not_number")])
def test_add_stage_refuses_bad_budget(budget: Any, key: str) -> None:
    Log().refused("stage_added", key, title="x", budget_min=budget)


def test_rebudget_nan_is_a_domain_error() -> None:
    Log().refused("stage_changed", "error.budget_not_number", stage="s6", budget_min=float("nan"))


def test_retitle_and_speech_limit() -> None:
    log = Log()
    state = log.add("stage_changed", stage="s3", title="  Thông tin   thời sự tháng 11 ", speech_limit_min=3)
    assert state.stages[2].title == "Thông tin thời sự tháng 11"
    assert state.stages[2].speech_limit == 180
    log.refused("stage_changed", "error.field_empty", stage="s3", title=" ")
    log.refused("stage_changed", "error.budget_range", stage="s3", speech_limit_min=0)
    log.refused("stage_changed", "error.stage_unknown", stage="s42", budget_min=3)


@pytest.mark.parametrize("presenter", ["m1", "m3", ""])
def test_presenter_in_roster_accepted(presenter: str) -> None:
    state = Log().add("stage_changed", stage="s2", presenter=presenter)
    assert state.stages[1].presenter == presenter


@pytest.mark.parametrize("presenter", ["m9", "M1", "Nguyễn Văn An"])
def test_presenter_not_in_roster_refused(presenter: str) -> None:
    log = Log()
    err = log.refused("stage_changed", "error.member_unknown", stage="s2", presenter=presenter)
    assert err.params == {"member": presenter}


def test_presenter_free_text_accepted_without_roster() -> None:
    state = Log(roster={}).add("stage_changed", stage="s2", presenter="m9")
    assert state.stages[1].presenter == "m9"


def test_added_stage_presenter_must_be_in_roster() -> None:
    Log().refused("stage_added", "error.member_unknown", title="Chuyên đề", presenter="m9")


@pytest.mark.parametrize("field", ["chair", "clerk"])
def test_chair_and_clerk_must_be_in_roster(field: str) -> None:
    log = Log()
    assert getattr(log.add("details_set", **{field: "m2"}), field) == "m2"
    log.refused("details_set", "error.member_unknown", **{field: "m9"})


# -- agenda edits during the meeting ---------------------------------------------------------
def test_add_stage_during_meeting_never_lands_before_the_next_stage() -> None:
    log = Log()
    log.add("started")
    log.at(5).add("next_stage")  # current: s2 (index 1)
    state = log.add("stage_added", title="Ý kiến tổ đảng", position=0)
    assert state.stages[2].title == "Ý kiến tổ đảng"
    assert state.current == 1 and state.current_stage is not None and state.current_stage.id == "s2"


def test_drop_future_stage_during_meeting() -> None:
    log = Log()
    log.add("started")
    state = log.at(2).add("stage_removed", stage="s5")
    assert "s5" not in ids(state)
    assert state.current == 0


@pytest.mark.parametrize("stage", ["s1", "s2"])
def test_drop_a_started_stage_is_refused(stage: str) -> None:
    log = Log()
    log.add("started")
    log.at(5).add("next_stage")  # s1 was held, s2 is running
    log.refused("stage_removed", "error.stage_started_cannot_drop", stage=stage)


def test_drop_a_skipped_stage_keeps_the_current_stage() -> None:
    log = Log()
    log.add("started")
    log.at(1).add("goto_stage", stage="s4")
    state = log.add("stage_removed", stage="s2")  # skipped, never started
    assert state.current == 2
    assert state.current_stage is not None and state.current_stage.id == "s4"
    assert state.current_stage.running


def test_reorder_during_meeting_only_not_yet_held_stages() -> None:
    log = Log()
    log.add("started")
    log.at(5).add("next_stage")  # s1 held, s2 running: earliest target is index 2
    state = log.add("stage_moved", stage="s6", to=2)
    assert ids(state)[:4] == ["s1", "s2", "s6", "s3"]
    assert state.current_stage is not None and state.current_stage.id == "s2"
    log.refused("stage_moved", "error.stage_move_past", stage="s5", to=1)
    log.refused("stage_moved", "error.stage_move_past", stage="s5", to=0)
    log.refused("stage_moved", "error.stage_move_past", stage="s1", to=5)  # already held
    log.refused("stage_moved", "error.stage_move_past", stage="s2", to=5)  # running


def test_reorder_a_skipped_stage_keeps_the_current_stage() -> None:
    log = Log()
    log.add("started")
    log.at(1).add("goto_stage", stage="s4")  # s2, s3 skipped
    state = log.add("stage_moved", stage="s2", to=5)
    assert state.current_stage is not None and state.current_stage.id == "s4"
    assert state.current_stage.running
    log.at(1).add("next_stage")  # must not crash on a stage without spans


def test_rebudget_the_current_stage() -> None:
    log = Log()
    log.add("started")
    log.at(7)
    assert log.state.over_budget(0, log.now) == 120
    state = log.add("stage_changed", stage="s1", budget_min=10)
    assert state.stages[0].budget == 600
    assert state.over_budget(0, log.now) == 0
    assert state.stages[0].running


# -- progress ------------------------------------------------------------------------------
def test_start_runs_stage_zero() -> None:
    log = Log()
    t0 = log.now
    state = log.add("started")
    assert state.running and state.started_at == t0
    assert state.current == 0
    assert state.stages[0].running and state.stages[0].spans == ((t0, None),)
    assert not any(s.started for s in state.stages[1:])
    log.refused("started", "error.meeting_already_started")


def test_start_with_empty_agenda_is_impossible() -> None:
    # the last stage can never be dropped, so a created meeting always has an agenda
    log = Log("extraordinary")
    for stage_id in ("s1", "s2", "s3", "s4"):
        log.add("stage_removed", stage=stage_id)
    assert log.add("started").current == 0


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("next_stage", {}),
        ("previous_stage", {}),
        ("goto_stage", {"stage": "s3"}),
        ("paused", {}),
        ("resumed", {}),
        ("ended", {}),
    ],
)
def test_progress_needs_a_started_meeting(kind: str, data: dict[str, Any]) -> None:
    Log().refused(kind, "error.meeting_not_started", **data)


def test_next_previous_goto() -> None:
    log = Log()
    t0 = log.now
    log.add("started")
    t1 = log.at(5).now
    state = log.add("next_stage")
    assert state.current == 1
    assert state.stages[0].spans == ((t0, t1),)
    assert state.stages[1].spans == ((t1, None),)
    t2 = log.at(10).now
    state = log.add("previous_stage")
    assert state.current == 0
    assert state.stages[0].spans == ((t0, t1), (t2, None))
    assert state.stages[1].spans == ((t1, t2),)
    t3 = log.at(1).now
    state = log.add("goto_stage", stage="s5")
    assert state.current == 4
    assert state.stages[0].spans[-1] == (t2, t3)
    assert state.stages[4].spans == ((t3, None),)
    log.refused("goto_stage", "error.stage_is_current", stage="s5")
    log.refused("goto_stage", "error.stage_unknown", stage="s0")


def test_next_at_the_last_stage_is_refused() -> None:
    log = Log("extraordinary")
    log.add("started")
    for _ in range(4):
        log.at(1).add("next_stage")
    assert log.state.current == 4
    log.refused("next_stage", "error.no_next_stage")
    # via goto too
    log2 = Log()
    log2.add("started")
    log2.at(1).add("goto_stage", stage="s11")
    log2.refused("next_stage", "error.no_next_stage")


def test_previous_at_the_first_stage_is_refused() -> None:
    log = Log()
    log.add("started")
    log.refused("previous_stage", "error.no_previous_stage")
    log.at(1).add("next_stage")
    log.at(1).add("previous_stage")
    log.refused("previous_stage", "error.no_previous_stage")


def test_ended_closes_the_span() -> None:
    log = Log()
    log.add("started")
    log.at(5).add("next_stage")
    t_end = log.at(3).now
    state = log.add("ended")
    assert state.ended_at == t_end
    assert not state.running
    assert state.stages[1].spans[-1] == (state.stages[1].spans[-1][0], t_end)
    assert not any(s.running for s in state.stages)


@pytest.mark.parametrize(
    ("kind", "data", "key"),
    [
        ("next_stage", {}, "error.meeting_ended"),
        ("previous_stage", {}, "error.meeting_ended"),
        ("goto_stage", {"stage": "s5"}, "error.meeting_ended"),
        ("paused", {}, "error.meeting_ended"),
        ("resumed", {}, "error.meeting_ended"),
        ("ended", {}, "error.meeting_ended"),
        ("started", {}, "error.meeting_already_started"),
        ("stage_added", {"title": "x"}, "error.meeting_ended"),
        ("stage_removed", {"stage": "s9"}, "error.meeting_ended"),
        ("stage_moved", {"stage": "s9", "to": 10}, "error.meeting_ended"),
    ],
)
def test_events_after_end_are_refused(kind: str, data: dict[str, Any], key: str) -> None:
    log = Log()
    log.add("started")
    log.at(5).add("next_stage")
    log.at(5).add("ended")
    log.at(1).refused(kind, key, **data)


def test_pause_and_resume_rules() -> None:
    log = Log()
    log.add("started")
    log.refused("resumed", "error.not_paused")
    assert log.at(1).add("paused").paused
    log.refused("paused", "error.already_paused")
    assert not log.at(1).add("resumed").paused


def test_moving_on_while_paused_closes_the_pause() -> None:
    log = Log()
    log.add("started")
    log.at(2).add("paused")
    t = log.at(3).now
    state = log.add("next_stage")
    assert not state.paused
    assert state.pauses[-1][1] == t


def test_ending_while_paused_closes_the_pause() -> None:
    log = Log()
    log.add("started")
    log.at(2).add("paused")
    state = log.at(3).add("ended")
    assert not state.paused
    assert state.elapsed(log.at(60).now) == 120


# -- timers --------------------------------------------------------------------------------
def test_stage_elapsed() -> None:
    log = Log()
    log.add("started")
    log.at(4)
    state = log.state
    assert state.stage_elapsed(0, log.now) == 240
    assert state.elapsed(log.now) == 240
    log.add("next_stage")
    log.at(3)
    state = log.state
    assert state.stage_elapsed(0, log.now) == 240  # frozen once left
    assert state.stage_elapsed(1, log.now) == 180
    assert state.stage_elapsed(2, log.now) == 0
    assert state.elapsed(log.now) == 420


def test_revisiting_a_stage_adds_a_second_span() -> None:
    log = Log()
    log.add("started")
    log.at(5).add("next_stage")
    log.at(3).add("previous_stage")
    log.at(2)
    state = log.state
    assert len(state.stages[0].spans) == 2
    assert state.stage_elapsed(0, log.now) == 5 * 60 + 2 * 60
    assert state.stage_elapsed(1, log.now) == 180
    assert state.elapsed(log.now) == 10 * 60


def test_closed_pause_excluded_from_stage_and_meeting() -> None:
    log = Log()
    log.add("started")
    log.at(2).add("paused")
    log.at(10).add("resumed")
    log.at(3)
    state = log.state
    assert state.stage_elapsed(0, log.now) == 300
    assert state.elapsed(log.now) == 300


def test_open_pause_excluded_up_to_now() -> None:
    log = Log()
    log.add("started")
    log.at(2).add("paused")
    for minutes in (0, 4, 30):
        now = log.clock.now() + timedelta(minutes=minutes)
        state = log.state
        assert state.paused
        assert state.stage_elapsed(0, now) == 120
        assert state.elapsed(now) == 120


def test_pause_across_stages_is_charged_to_neither() -> None:
    log = Log()
    log.add("started")
    log.at(2).add("paused")
    log.at(5).add("resumed")
    log.at(1).add("next_stage")
    log.at(4).add("paused")
    log.at(6).add("resumed")
    log.at(1)
    state = log.state
    assert state.stage_elapsed(0, log.now) == 3 * 60
    assert state.stage_elapsed(1, log.now) == 5 * 60
    assert state.elapsed(log.now) == 8 * 60


def test_timers_freeze_after_end() -> None:
    log = Log()
    log.add("started")
    log.at(2).add("paused")
    log.at(3).add("resumed")
    log.at(4).add("next_stage")
    log.at(5).add("ended")
    state = log.state
    for minutes in (0, 10, 600):
        now = log.clock.now() + timedelta(minutes=minutes)
        assert state.elapsed(now) == 11 * 60
        assert state.stage_elapsed(0, now) == 6 * 60
        assert state.stage_elapsed(1, now) == 5 * 60


@pytest.mark.parametrize(("minutes", "over"), [(0, 0), (4, 0), (5, 0), (7, 120), (65, 3600)])
def test_over_budget(minutes: float, over: float) -> None:
    log = Log()
    log.add("started")  # opening: 5 minutes
    log.at(minutes)
    assert log.state.over_budget(0, log.now) == over


def test_over_budget_ignores_pauses() -> None:
    log = Log()
    log.add("started")
    log.at(4).add("paused")
    log.at(20)
    assert log.state.over_budget(0, log.now) == 0


@pytest.mark.parametrize(
    ("extra", "minutes", "short"),
    [
        ({}, 0, 90 * 60),
        ({}, 30, 60 * 60),
        ({}, 90, 0),
        ({}, 100, 0),
        ({"key": "thematic_topic"}, 100, 20 * 60),
        ({"key": "thematic_topic"}, 120, 0),
    ],
)
def test_short_of_minimum(extra: dict[str, Any], minutes: float, short: float) -> None:
    log = Log()
    if extra:
        log.add("stage_added", **extra)
    log.add("started")
    log.at(minutes)
    assert log.state.short_of_minimum(log.now) == short


def test_short_of_minimum_thematic_meeting() -> None:
    log = Log("thematic")
    log.add("started")
    log.at(100).add("ended")
    assert log.state.short_of_minimum(log.at(30).now) == 20 * 60


def test_short_of_minimum_counts_pauses_out() -> None:
    log = Log()
    log.add("started")
    log.at(60).add("paused")
    log.at(40)
    assert log.state.short_of_minimum(log.now) == 30 * 60


@pytest.mark.parametrize(
    ("edits", "short"),
    [
        ([], 0),  # 100 minutes planned
        ([("s6", 10)], 0),  # 90: exactly the minimum
        ([("s6", 9.5)], 30),  # 89.5
        ([("s6", 0)], 10 * 60),  # 80
        ([("s6", 0), ("s3", 0)], 25 * 60),  # 65
        ([("s6", 0), ("s3", 0), ("s4", 0)], 40 * 60),  # 50
        ([("s6", 60)], 0),  # 140
    ],
)
def test_plan_short_of_minimum_before_start(edits: list[tuple[str, int]], short: float) -> None:
    log = Log()
    for stage, budget in edits:
        log.add("stage_changed", stage=stage, budget_min=budget)
    assert log.state.plan_short_of_minimum(log.now) == short


def test_plan_short_of_minimum_with_thematic_topic() -> None:
    log = Log()
    log.add("stage_changed", stage="s6", budget_min=0)  # 80 planned
    assert log.state.plan_short_of_minimum(log.now) == 10 * 60
    log.add("stage_added", key="thematic_topic", budget_min=25)  # 105 planned, minimum 120
    assert log.state.plan_short_of_minimum(log.now) == 15 * 60
    log.add("stage_changed", stage="s6", budget_min=15)  # 120 planned
    assert log.state.plan_short_of_minimum(log.now) == 0


def test_plan_short_of_minimum_during_meeting_when_stages_run_short() -> None:
    log = Log()
    log.add("started")
    log.at(1).add("goto_stage", stage="s10")  # skip most of the agenda: s10 (5') and s11 (5') remain
    log.at(1)
    state = log.state
    # elapsed 2', current stage has 4' left, s11 5' -> 11' projected, 79' short of 90
    assert state.projected_seconds(log.now) == 11 * 60
    assert state.plan_short_of_minimum(log.now) == 79 * 60


def test_projected_seconds() -> None:
    log = Log()
    assert log.state.projected_seconds(log.now) == REGULAR_PLAN_S
    log.add("started")
    log.at(2)
    # 2' elapsed + 3' left of opening + the 95' still to come
    assert log.state.projected_seconds(log.now) == REGULAR_PLAN_S
    log.at(8)
    # opening overran by 5': 10' elapsed, nothing left of it, 95' to come
    assert log.state.projected_seconds(log.now) == 10 * 60 + 95 * 60
    log.add("next_stage")
    log.at(1)
    # 11' elapsed + 9' left of s2 + 85' to come
    assert log.state.projected_seconds(log.now) == 11 * 60 + 9 * 60 + 85 * 60
    log.add("paused")
    log.at(30)
    assert log.state.projected_seconds(log.now) == 11 * 60 + 9 * 60 + 85 * 60


def test_projected_seconds_does_not_count_a_revisited_stage_twice() -> None:
    log = Log()
    log.add("started")
    log.at(5).add("next_stage")
    log.at(10).add("next_stage")  # s3 running, s1 and s2 held
    log.at(1).add("goto_stage", stage="s2")
    log.at(1)
    state = log.state
    # 17' elapsed; s2 has run 11' > 10' budget: 0 left; stages after s2 not yet started: s4..s11
    # (s3 was started) = 100 - 5 - 10 - 15 = 70'
    assert state.projected_seconds(log.now) == 17 * 60 + 70 * 60


@pytest.mark.parametrize("kind", list(MeetingType), ids=str)
def test_planned_seconds_matches_template(kind: MeetingType) -> None:
    state = Log(kind.value).state
    assert state.planned_seconds() == sum(s.budget_min for s in template(kind).stages) * 60


# -- stage_done ------------------------------------------------------------------------------
def test_stage_done_marks() -> None:
    log = Log()
    state = log.state
    assert not any(state.stage_done(i) for i in range(len(state.stages)))
    log.add("started")
    assert not log.state.stage_done(0)  # running
    log.at(5).add("next_stage")
    log.at(5).add("goto_stage", stage="s5")  # s3, s4 skipped
    state = log.state
    assert [state.stage_done(i) for i in range(6)] == [True, True, False, False, False, False]
    log.at(1).add("goto_stage", stage="s2")  # revisit s2: running again, s5 done
    state = log.state
    assert [state.stage_done(i) for i in range(6)] == [True, False, False, False, True, False]
    log.at(1).add("paused")
    assert not log.state.stage_done(1)  # paused but still the running stage
    log.at(1).add("ended")
    state = log.state
    assert [state.stage_done(i) for i in range(6)] == [True, True, False, False, True, False]


# -- determinism ---------------------------------------------------------------------------
def _timers(state: MeetingState, now: Any) -> tuple[Any, ...]:
    return (
        state.elapsed(now),
        tuple(state.stage_elapsed(i, now) for i in range(len(state.stages))),
        tuple(state.over_budget(i, now) for i in range(len(state.stages))),
        tuple(state.stage_done(i) for i in range(len(state.stages))),
        state.projected_seconds(now),
        state.short_of_minimum(now),
        state.plan_short_of_minimum(now),
        state.min_minutes,
        state.current,
    )


def test_fold_is_deterministic() -> None:
    log = Log()
    log.add("stage_added", key="thematic_topic", position=3)
    log.add("started")
    log.at(7).add("next_stage")
    log.at(2).add("paused")
    log.at(4).add("resumed")
    log.at(12.5).add("next_stage")
    log.add("stage_changed", stage="s3", budget_min=20)
    log.at(3).add("previous_stage")
    log.at(1)
    now = log.now
    events = list(log.events)
    a, b = fold(events), fold(events)
    assert a == b
    assert _timers(a, now) == _timers(b, now)
    # round-tripped through the stored form, too
    c = fold(Event.from_dict(e.to_dict()) for e in events)
    assert _timers(c, now) == _timers(a, now)
    # and folding does not mutate the events
    assert events == log.events
    assert fold(events) == a
