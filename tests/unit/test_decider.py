"""Decide and evolve (docs/ARCHITECTURE.md): the one table of handlers, the shape of what the
rules decide, stored version 1 events upcast to today's shape, an evolution that never changes
its input, a refusal or a failed write that leaves every held state as it was, stricter rules
that never lock a cell out of its records, and a stored event this version cannot read.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from compat.test_stored_files import TODAY
from filelock import FileLock

from meetingtui.domain import checks, decider
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.decider import HANDLERS, Handler, decide, event_kinds, evolve, fold
from meetingtui.domain.errors import DomainError
from meetingtui.domain.events import EVENT_SCHEMA, Event, EventKind, shape_problems
from meetingtui.domain.scoring import sheet_data, shipped_sheets
from meetingtui.domain.state import MeetingState
from meetingtui.domain.upcast import upcast
from meetingtui.i18n import error_text
from meetingtui.services.meeting import MeetingService
from meetingtui.store import storage
from meetingtui.store.repo import EventFileError, Repository
from meetingtui.store.storage import LockTimeoutError, WriteError
from support.documents import every_document, voted

V1 = Path(__file__).resolve().parent.parent / "fixtures" / "v1"
V1_FOLDERS = sorted(p.parent for p in V1.glob("*/data"))
V1_MEETINGS = sorted(V1.glob("*/data/meetings/*.json"))


# Kinds added after the stored fixtures were written (no released version wrote them yet):
# tests/support/every_kind.py records them, so the next version's fixtures hold them.
SINCE_V2 = {EventKind.PREP_AGENDA}  # issue 16: the committee shapes the prepared agenda


def _name(path: Path) -> str:
    return f"{path.parts[-4]}/{path.stem}"


def stored_events(path: Path) -> list[Event]:
    """A stored meeting's events as written (TinyDB: the "events" table, keyed by doc id)."""
    table = json.loads(path.read_text(encoding="utf-8"))["events"]
    return [Event.from_dict(table[doc_id]) for doc_id in sorted(table, key=int)]


def replayed(path: Path) -> Iterator[tuple[MeetingState, Event, Event]]:
    """(state before, the event as stored, the event upcast) for each event of a stored meeting."""
    state = MeetingState()
    for event in stored_events(path):
        current = upcast(event, state)
        yield state, event, current
        state = evolve(state, current)


# -- 1. one handler per kind ----------------------------------------------------------------------
def test_every_event_kind_has_a_handler_and_the_table_has_nothing_else() -> None:
    assert set(HANDLERS) == set(EventKind)
    assert all(type(kind) is EventKind for kind in HANDLERS)
    for kind, handler in HANDLERS.items():  # each kind wired to its own pair, not a neighbour's
        assert handler.decide.__name__ == f"decide_{kind.value}", kind
        assert handler.evolve.__name__ == f"evolve_{kind.value}", kind
    assert event_kinds() == sorted(kind.value for kind in EventKind)


# -- 2. version 1 events come to today's shape ------------------------------------------------------
def test_the_v1_fixtures_hold_every_kind_of_event() -> None:
    """Without this the checks over the fixtures below could miss a kind's upcaster."""
    kinds = {event.kind for path in V1_MEETINGS for event in stored_events(path)}
    assert kinds == set(EventKind) - SINCE_V2
    assert {event.v for path in V1_MEETINGS for event in stored_events(path)} == {1}


@pytest.mark.parametrize("path", V1_MEETINGS, ids=_name)
def test_every_v1_event_upcast_has_todays_declared_shape(path: Path) -> None:
    problems = []
    for _, _, current in replayed(path):
        assert current.v == EVENT_SCHEMA
        problems += [f"seq {current.seq} {current.kind}: {p}" for p in shape_problems(current)]
    assert problems == []


# -- 3. evolving never changes its input ------------------------------------------------------------
@pytest.mark.parametrize("path", V1_MEETINGS, ids=_name)
def test_upcast_and_evolve_never_mutate_their_input(path: Path) -> None:
    state = MeetingState()
    for event in stored_events(path):
        state_copy, event_copy = copy.deepcopy(state), copy.deepcopy(event)
        current = upcast(event, state)
        assert event == event_copy and state == state_copy, f"upcast changed its input at seq {event.seq}"
        current_copy = copy.deepcopy(current)
        after = evolve(state, current)
        assert state == state_copy, f"evolve changed the state before seq {event.seq} ({event.kind})"
        assert current == current_copy, f"evolve changed event {event.seq} ({event.kind})"
        assert after is not state
        state = after
    assert state == fold(stored_events(path))


# -- 4. a refusal, a lock timeout or a full disk changes nothing ------------------------------------
@pytest.fixture
def svc(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> MeetingService:
    """The demo meeting, opened afresh as another terminal would (nothing written through it yet)."""
    return MeetingService(Repository(demo_repo.root), demo_meeting_id, clock)


def _files(root: Path) -> dict[Path, bytes]:
    """Every file of the data folder but the lock files (taking a lock may create one)."""
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.suffix != ".lock"}


def _rebudget(svc: MeetingService) -> dict[str, Any]:
    stage = svc.state().stages[0]
    return {"stage": stage.id, "budget_min": stage.budget // 60 + 7}


def _nothing_changed(svc: MeetingService, held: MeetingState, snapshot: MeetingState, files: dict) -> None:
    assert svc.state() is held  # the log's cached state is the one held before
    assert held == snapshot  # and nothing in it moved
    assert _files(svc.repo.root) == files  # not a byte written, no stray temporary file
    assert not svc.changed()


def _records_again(svc: MeetingService, held: MeetingState) -> None:
    """Once the cause is gone, the next event is the only one added: nothing of the failed one."""
    events = svc.log.events()
    command = _rebudget(svc)
    state = svc.record("stage_changed", **command)
    assert state.stages[0].budget == command["budget_min"] * 60
    assert held.stages[0].budget == (command["budget_min"] - 7) * 60  # the held state keeps the old one
    stored = Repository(svc.repo.root).log(svc.meeting_id).events()
    assert stored[:-1] == events and stored[-1].seq == events[-1].seq + 1
    assert not svc.changed()


def test_a_refused_event_leaves_the_held_state_untouched(svc: MeetingService) -> None:
    held = svc.state()
    snapshot, files = copy.deepcopy(held), _files(svc.repo.root)
    budget = held.stages[0].budget
    with pytest.raises(DomainError) as err:  # a good budget, but an empty title: all refused
        svc.record("stage_changed", **_rebudget(svc), title="  ")
    assert err.value.key == "error.field_empty"
    _nothing_changed(svc, held, snapshot, files)
    assert svc.state().stages[0].budget == held.stages[0].budget == budget
    _records_again(svc, held)


def test_a_lock_timeout_leaves_the_held_state_untouched(
    svc: MeetingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.05)
    held = svc.state()
    snapshot, files = copy.deepcopy(held), _files(svc.repo.root)
    other_terminal = FileLock(str(svc.log.path) + ".lock", thread_local=False)
    with other_terminal:
        with pytest.raises(LockTimeoutError) as err:
            svc.record("stage_changed", **_rebudget(svc))
        assert err.value.key == "error.store_locked"
        _nothing_changed(svc, held, snapshot, files)
    _records_again(svc, held)


def test_a_full_disk_leaves_the_held_state_untouched(
    svc: MeetingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = svc.state()
    snapshot, files = copy.deepcopy(held), _files(svc.repo.root)

    def disk_full(path: Path, payload: bytes, *, keep_backup: bool = True) -> None:
        raise WriteError("error.store_disk_full", path, "No space left on device")

    monkeypatch.setattr(storage, "atomic_write", disk_full)
    with pytest.raises(WriteError) as err:
        svc.record("stage_changed", **_rebudget(svc))
    assert err.value.key == "error.store_disk_full"
    _nothing_changed(svc, held, snapshot, files)
    monkeypatch.undo()  # room on the disk again
    _records_again(svc, held)


# -- 5. what the rules decide has only the declared fields ----------------------------------------
ROSTER = {
    "m1": {"name": "Nguyễn Văn An", "category": "official", "role": "bi_thu", "group": "Tổ đảng 1"},
    "m2": {"name": "Trần Thị Bình", "category": "official", "role": "pho_bi_thu", "group": "Tổ đảng 1"},
    "m3": {"name": "Lê Văn Cường", "category": "official", "group": "Tổ đảng 2"},
    "m4": {"name": "Phạm Thị Dung", "category": "probationary", "group": "Tổ đảng 2"},
}


class Decided:
    """Commands decided and evolved in memory, as the log does; every event kept."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.state = MeetingState()
        self.events: list[Event] = []

    def __call__(self, kind: str, /, **data: Any) -> MeetingState:
        event = decide(self.state, kind, data, at=self.clock.now(), by="chair")
        self.state = evolve(self.state, event)
        self.events.append(event)
        self.clock.advance(seconds=30)
        return self.state


def _a_committee_meeting(clock: FakeClock) -> Decided:
    r = Decided(clock)
    r("created", id="2026-12-01-chi-uy", type="committee", date="2026-12-01", roster=ROSTER, chair="m1")
    r("prep_target", type="regular", date="2026-12-18", time="14:00", place="Hội trường tầng 2")
    r("prep_presenter", stage="news", presenter="m2")
    r(
        "prep_agenda",
        stages=[{"key": "opening"}, {"key": "thematic_topic", "title": "Chuyên đề", "presenter": "m2"}],
    )
    r("prep_task", content="Tổng kết năm 2026", requirement="Đủ số liệu", owner="m2", deadline="2026-12-31")
    r("prep_task", content="Việc bỏ đi")
    r("prep_task_removed", index=1)
    r("prep_focus", text="Chất lượng tham mưu")
    r("prep_focus", text="Điểm bỏ đi")
    r("prep_focus_removed", index=1)
    r("prep_produced", meeting="2026-12-18-dinh-ky")
    return r


def _a_cell_meeting(clock: FakeClock) -> Decided:
    r = Decided(clock)
    r("created", id="2026-12-18-dinh-ky", type="regular", date="2026-12-18", roster=ROSTER, chair="m1",
      presenters={"news": "m2"})  # fmt: skip
    r("details_set", clerk="m3", place="Hội trường tầng 2", time="14:00")
    r("roster_snapshot", roster=ROSTER)
    r("focus_set", items=["Chất lượng tham mưu"])
    r("stage_added", key="thematic_topic", position=3)
    r("stage_removed", stage="s12")
    r("stage_moved", stage="s3", to=4)
    r("stage_changed", stage="s2", budget_min=12, title="Học tập và làm theo Bác", presenter="m2",
      speech_limit_min=4)  # fmt: skip
    for member in ("m1", "m2", "m3"):
        r("attendance_marked", member=member, status="present")
    r("attendance_marked", member="m4", status="excused", reason="Đi công tác")
    r("guest_added", name="Đ/c Khách", title="Đảng ủy khối")
    r("guest_removed", index=0)
    r("started")
    r("arrived", member="m4")
    r("paused")
    r("resumed")
    r("next_stage")
    r("previous_stage")
    r("goto_stage", stage="s4")
    r("queue_added", member="m2")
    r("queue_added", guest="Đ/c Khách")
    entries = [e.id for e in r.state.record.queue]
    r("queue_moved", entry=entries[1], to=0)
    r("queue_removed", entry=entries[1])
    r("queue_added", member="m3")
    r("queue_first_timers")
    r("speech_started")
    r("speech_noted", text="Ghi nhanh")
    r("speech_ended", text="Ý kiến đầy đủ")
    r("queue_restore_last")
    r("speech_started")
    r("speech_cancelled")
    r("speech_corrected", speech=r.state.record.speeches[0].id, text="Ý kiến đã sửa", base_rev=0)
    r("group_opinion", group="Tổ đảng 2", member="m3", text="Tổ 2 thống nhất")
    r("stage_concluded", text="Thống nhất đánh giá")
    r("task_reviewed", meeting="2026-11-20-dinh-ky", task="t1", content="Giải ngân vốn", owner="m3",
      deadline="2026-12-10", status="partly", note="đạt 62%")  # fmt: skip
    r("task_reassigned", meeting="2026-11-20-dinh-ky", task="t2", owner="m2")
    r("entry_added", kind="self_criticism", speaker="m3", text="Nộp báo cáo chậm", response="Xin rút kinh nghiệm",
      follow_up={"content": "Nộp đúng hạn", "deadline": "2027-01-10"})  # fmt: skip
    r("entry_changed", entry="c1", base_rev=0, text="Nộp báo cáo chậm ba ngày")
    r("follow_up_reported", entry="c1", done=True, note="Đã nộp")
    r("resolution_set", summary="Nghị quyết tháng 12", signer="m1", period="2027-01")
    r("resolution_task_added", content="Tổng kết năm 2026", requirement="Đủ số liệu", measures="Tổ 1 tổng hợp",
      owner="@committee", deadline="2026-12-31")  # fmt: skip
    r("resolution_task_added", content="Nộp đúng hạn", owner="m3", source="entry:c1")
    r("resolution_task_changed", task="t1", requirement="Đủ số liệu 9 huyện")
    r("resolution_task_moved", task="t2", to=0)
    r("resolution_task_removed", task="t2")
    r("resolution_numbered", number=1)
    r("resolution_discarded", reason="Soạn lại")
    r("resolution_task_added", content="Tổng kết năm 2026", owner="@committee", deadline="2026-12-31")
    r("resolution_numbered", number=2)
    r("vote_recorded", question="Thông qua dự thảo", kind="resolution", form="hands", **{"for": 3})
    r("reserved_opinion", vote="v1", member="m3", text="Tôi bảo lưu ý kiến")
    r("vote_withdrawn", vote="v1", reason="Đếm nhầm")
    r("vote_recorded", question="Thông qua nghị quyết", kind="resolution", form="hands", **{"for": 3})
    r("resolution_adopted", vote="v2")
    r("departed", member="m4", reason="Việc gia đình")
    sheet = shipped_sheets()["hd42-100"]
    lines = {line.key: {"points": line.points, "reason": "Theo biên bản"} for line in sheet.lines}
    r("score_proposed", sheet=sheet.id, sheet_data=sheet_data(sheet), lines=lines)
    r("score_line_set", line="attendance", points=4, note="Một đồng chí về sớm")
    r("minutes_approved", agree=3, present=3)
    r("ended")
    return r


def test_what_the_rules_decide_has_only_declared_fields_for_every_kind() -> None:
    clock = FakeClock("2026-12-01T02:00:00+00:00")
    events = _a_committee_meeting(clock).events + (cell := _a_cell_meeting(clock)).events
    assert {e.kind for e in events} == set(EventKind)  # one command of every kind at least
    assert [(e.seq, e.kind, p) for e in events for p in shape_problems(e)] == []
    assert all(e.v == EVENT_SCHEMA for e in events)
    # what was decided is what a later reading makes of it, through the stored form too
    assert fold(Event.from_dict(e.to_dict()) for e in cell.events) == cell.state


def test_a_decision_that_writes_an_undeclared_field_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    state = _a_committee_meeting(FakeClock("2026-12-01T02:00:00+00:00")).state
    handler = HANDLERS[EventKind.PREP_FOCUS]
    monkeypatch.setitem(
        HANDLERS, EventKind.PREP_FOCUS, Handler(lambda s, d: {"text": "x", "colour": "red"}, handler.evolve)
    )
    with pytest.raises(RuntimeError, match="colour"):
        decide(state, "prep_focus", {"text": "x"}, at=FakeClock().now(), by="chair")


# -- 6. stricter rules never lock a cell out of its records ----------------------------------------
def _longest_text(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return max((_longest_text(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return max((_longest_text(v) for v in value), default=0)
    return 0


@pytest.mark.parametrize("folder", V1_FOLDERS, ids=lambda p: p.name)
def test_tightening_the_rules_never_locks_a_cell_out(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "MAX_LINE", 40)
    monkeypatch.setattr(checks, "MAX_MULTILINE", 40)

    def refuse(state: MeetingState, data: object) -> dict[str, Any]:
        raise DomainError("error.meeting_ended")

    for kind, handler in list(HANDLERS.items()):  # every rule now refuses every command
        monkeypatch.setitem(decider.HANDLERS, kind, Handler(refuse, handler.evolve))
    root = tmp_path / "data"
    shutil.copytree(folder / "data", root)
    paths = sorted((root / "meetings").glob("*.json"))
    # the new rules are in force, and the stored records break them
    assert max(_longest_text(json.loads(p.read_text(encoding="utf-8"))["events"]) for p in paths) > 40
    with pytest.raises(DomainError):
        checks.text({"title": "x" * 41}, "title")
    some = Repository(root).log(paths[0].stem).state()
    with pytest.raises(DomainError):
        decide(some, "guest_added", {"name": "Khách"}, at=FakeClock().now(), by="chair")
    # and yet every meeting opens and every document comes out as version 1 made it
    repo = Repository(root)
    assert all(repo.log(p.stem).state().id == p.stem for p in paths)
    made = every_document(root, TODAY[folder.name])
    expected = folder / "expected"
    assert sorted(made) == sorted(p.name for p in expected.iterdir() if p.name != "voted.json")
    for name, text in made.items():
        assert text == (expected / name).read_bytes().decode("utf-8"), name
    assert voted(root) == json.loads((expected / "voted.json").read_text(encoding="utf-8"))


# -- 7. a stored event this version cannot read ----------------------------------------------------
@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"kind": "teleport"}, "error.store_event_unknown"),
        ({"v": EVENT_SCHEMA + 1}, "error.store_event_newer"),
    ],
    ids=["unknown-kind", "newer-version"],
)
def test_a_stored_event_this_version_cannot_read_is_refused_and_the_file_left_alone(
    tmp_path: Path, change: dict[str, Any], key: str
) -> None:
    root = tmp_path / "data"
    shutil.copytree(V1 / "every" / "data", root)
    path = root / "meetings" / "2026-12-18-dinh-ky.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["events"]["7"].update(change)  # as a newer version might have written it
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    files = _files(root)
    for _ in range(2):  # refused every time it is opened: nothing half-read is kept
        with pytest.raises(EventFileError) as err:
            Repository(root).log(path.stem).state()
        assert err.value.key == key
        assert err.value.params["seq"] == 7
        message = error_text(err.value)
        assert str(path) in message
        assert re.search(r"\b7\b", message.replace(str(path), "")), message
    assert _files(root) == files  # byte for byte, and no backup or repaired copy beside it
    # the cell's other meetings still open
    repo = Repository(root)
    others = [info.id for info in repo.meetings() if info.id != path.stem]
    assert others and all(repo.log(meeting_id).state().id == meeting_id for meeting_id in others)
    assert _files(root) == files
