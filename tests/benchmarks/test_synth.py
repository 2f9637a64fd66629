"""The synthetic cell of the benchmarks (``meetingtui.synth``): realistic, and stored exactly as
the app stores it. A small cell, so this runs in the normal suite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from meetingtui.domain.attendance import voters_now
from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository
from support.synth import make_cell, open_meeting

START = "2026-11-20T01:00:00+00:00"


def without_counters(value: Any) -> Any:
    """The file as data, write counters left out (one write per meeting versus one per event)."""
    if isinstance(value, dict):
        return {k: without_counters(v) for k, v in value.items() if k != "counter"}
    if isinstance(value, list):
        return [without_counters(v) for v in value]
    return value


def test_batched_files_are_the_per_event_files(tmp_path: Path) -> None:
    fast = make_cell(tmp_path / "fast", FakeClock(START), members=12, meetings=3, batch=True)
    slow = make_cell(tmp_path / "slow", FakeClock(START), members=12, meetings=3, batch=False)
    open_meeting(fast, FakeClock(START), speeches=2, batch=True)
    open_meeting(slow, FakeClock(START), speeches=2, batch=False)
    names = sorted(p.relative_to(fast.root) for p in fast.root.rglob("*.json"))
    assert names == sorted(p.relative_to(slow.root) for p in slow.root.rglob("*.json"))
    assert len(names) == 1 + 4
    for name in names:
        a, b = (json.loads((r.root / name).read_text("utf-8")) for r in (fast, slow))
        assert without_counters(a) == without_counters(b), name
        assert list(a) == list(b) and next(iter(a)) == "_meta"  # same tables, counter first
    # the per-event path wrote once per event; the batch once per meeting, plus the creation
    for info in fast.meetings()[:3]:
        assert fast.log(info.id).counter < slow.log(info.id).counter


def test_meetings_are_held_like_real_ones(tmp_path: Path) -> None:
    repo = make_cell(tmp_path / "data", FakeClock(START), members=40, meetings=4)
    running = open_meeting(repo, FakeClock(START), speeches=3)
    infos = Repository(repo.root).meetings()
    assert [i.status for i in infos] == ["ended"] * 4 + ["running"]
    assert [i.date[:7] for i in infos] == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    for info in infos[:4]:
        state = repo.log(info.id).state()
        assert len(state.roster) == 40 and set(state.attendance) == set(state.roster)
        assert (
            state.ended_at is not None
            and state.elapsed(state.ended_at) >= 90 * 60
            and state.current == len(state.stages) - 1
        )
        speeches = state.record.speeches
        assert 12 <= len(speeches) <= 19 and all(2 <= s.text.count("\n") + 1 <= 3 for s in speeches)
        assert len(state.votes) == 3 and all(v.passed for v in state.votes)
        present = voters_now(state)
        assert all(v.tally.for_ + v.tally.against == v.voters_present == present for v in state.votes)
    state = repo.log(running).state()
    assert state.running and state.current_stage is not None and state.current_stage.key == "discussion"
    assert sum(1 for s in state.record.speeches if s.stage == state.current_stage.id) == 3
