"""Recording one event to disk: ``MeetingService.record`` from call to return (fsync included).

The event is the one the clerk records most: ``speech_ended`` with two or three lines of
Vietnamese, after ``speech_started``, in this month's meeting of a 200-member cell, running
at the discussion stage after the roll call of all 200 and eight speeches (a ~60 kB file
that grows by three events a round). The same meeting is measured in two cells:

* the baseline: that meeting is the cell's only one;
* the target: the same meeting after ten years (120 meetings) of history.

Rounds alternate between the two (the baseline runs in pytest-benchmark's untimed setup of
each target round). Targets: p95 < 10 ms in both, and the ten-year median ≤ 1.5× the
one-meeting median (recording must not slow down as the years pile up).
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store import storage as storage_mod
from meetingtui.store.repo import Repository
from support.synth import speech_text

pytestmark = pytest.mark.benchmark

ROUNDS = 40
WARMUP = 3
P95_MS = 10.0
TARGET_RATIO = 1.5


class Clerk:
    """A clerk recording speeches in one cell's running meeting."""

    def __init__(self, root: Path, meeting_id: str, start: str) -> None:
        self.clock = FakeClock(start)
        self.service = MeetingService(Repository(root), meeting_id, self.clock, actor="clerk")
        state = self.service.state()
        assert state.running and state.current_stage is not None
        assert state.current_stage.key == "discussion" and len(state.roster) == 200
        self.speakers = [m for m, rec in state.attendance.items() if rec.present_now]
        self.n = 0
        self.size = self.service.log.path.stat().st_size

    def start_speech(self) -> None:
        """Untimed: the next member asks for the floor and starts speaking."""
        self.clock.advance(seconds=20)
        self.service.record("queue_added", member=self.speakers[self.n % len(self.speakers)])
        self.clock.advance(seconds=5)
        self.service.record("speech_started")
        self.clock.advance(minutes=3)
        self.n += 1

    def end_speech(self) -> None:
        """Timed: the clerk ends the speech with its summary."""
        self.service.record("speech_ended", text=speech_text_for(self.n))

    def timed_round(self) -> float:
        self.start_speech()
        t0 = time.perf_counter()
        self.end_speech()
        return time.perf_counter() - t0


def speech_text_for(n: int) -> str:
    return speech_text(random.Random(n))


def test_record_one_event(
    benchmark, bench: SimpleNamespace, big_cell, one_meeting_cell, tmp_path: Path, monkeypatch
) -> None:
    ten_years = Clerk(big_cell.copy_to(tmp_path / "ten"), big_cell.meeting_id, bench.START)
    writes: list[float] = []  # the disk part of each timed record of the ten-year cell
    real_write = storage_mod.atomic_write

    def timed_write(path: Path, payload: bytes, **kw: object) -> None:
        t0 = time.perf_counter()
        real_write(path, payload, **kw)  # type: ignore[arg-type]
        if path == ten_years.service.log.path:
            writes.append(time.perf_counter() - t0)

    monkeypatch.setattr(storage_mod, "atomic_write", timed_write)
    one = Clerk(one_meeting_cell.copy_to(tmp_path / "one"), one_meeting_cell.meeting_id, bench.START)
    assert one.service.log.path.read_bytes() == ten_years.service.log.path.read_bytes()  # the same meeting
    assert len(ten_years.service.repo.meetings()) == 121 and len(one.service.repo.meetings()) == 1
    speeches = len(ten_years.service.state().record.speeches)

    for _ in range(WARMUP):
        one.timed_round()
        ten_years.timed_round()

    baseline: list[float] = []

    def setup() -> None:  # untimed by pytest-benchmark: one baseline round, then the target's speech
        baseline.append(one.timed_round())
        ten_years.start_speech()
        writes.clear()

    disk: list[float] = []

    def end_speech() -> None:
        ten_years.end_speech()
        disk.extend(writes)

    benchmark.pedantic(end_speech, setup=setup, rounds=ROUNDS, iterations=1)

    target = bench.Timing(tuple(benchmark.stats.stats.data))
    base = bench.Timing(tuple(baseline))
    ratio = target.median_ms / base.median_ms
    size_kb = ten_years.service.log.path.stat().st_size / 1024
    events = ten_years.service.state().seq
    assert len(ten_years.service.state().record.speeches) == speeches + WARMUP + ROUNDS
    benchmark.extra_info.update(one_meeting_median_ms=base.median_ms, ratio=ratio)
    bench.report(f"record speech_ended, 1 meeting, 200 members   {base}")
    bench.report(
        f"record speech_ended, 120 meetings, 200 members {target}  = {ratio:.2f}× "
        f"(targets p95 < {P95_MS:.0f} ms, ≤ {TARGET_RATIO}×); meeting file "
        f"{ten_years.size / 1024:.0f}→{size_kb:.0f} kB, {events} events"
    )
    write = bench.Timing(tuple(disk))
    bench.report(
        f"  of which atomic_write (2 fsyncs, rename, .bak) {write}; the rest is read + fold + encode"
    )
    assert base.p95_ms < P95_MS and target.p95_ms < P95_MS, f"p95 {base.p95_ms:.1f} / {target.p95_ms:.1f} ms"
    assert ratio <= TARGET_RATIO, f"ten years of history make recording {ratio:.2f}× slower"
