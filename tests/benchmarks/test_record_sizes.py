"""Recording one event at every meeting size, against the fsync floor (issue 18, target 4).

The event is the one the clerk records most, ``speech_ended`` with two or three lines of
Vietnamese (after the untimed ``queue_added`` and ``speech_started`` of the same speech), from
``MeetingService.record`` called to returned, the event on disk. Three meetings running at the
discussion stage, each the only meeting of its cell (``support.synth.meeting_of_size``):

* 136 events: a 30-member cell's roll call, the first stages, speeches;
* 500 and 2,000 events: a 200-member cell's, with ever more speeches (three events each).

Each round adds three events to each meeting (the figures give the sizes at the end).

The baseline is the fsync floor, measured interleaved with the rounds: ``atomic_write`` of a
300-byte file beside the meeting (the same steps: temporary file, fsync, the ``.bak`` link,
rename, folder fsync), the least a durable write costs here. Targets: at every size the
median is at most 3× the floor's median, and the p95 at most 10 ms.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.store.storage import atomic_write
from support.synth import meeting_of_size, speech_text

pytestmark = pytest.mark.benchmark

ROUNDS = 40
WARMUP = 3
SIZES = ((136, 30), (500, 200), (2000, 200))  # events, members
TARGET_RATIO = 3.0
P95_MS = 10.0


class Clerk:
    def __init__(self, root: Path, meeting_id: str, start: str) -> None:
        self.clock = FakeClock(start)
        self.service = MeetingService(Repository(root), meeting_id, self.clock, actor="clerk")
        state = self.service.state()
        assert state.running and state.current_stage is not None and state.current_stage.key == "discussion"
        self.speakers = [m for m, rec in state.attendance.items() if rec.present_now and m != "m001"]
        self.events = state.seq
        self.n = 0

    def timed_round(self) -> float:
        self.n += 1
        self.clock.advance(seconds=20)
        self.service.record("queue_added", member=self.speakers[self.n % len(self.speakers)])
        self.clock.advance(seconds=5)
        self.service.record("speech_started")
        self.clock.advance(minutes=3)
        text = speech_text(random.Random(self.n))
        t0 = time.perf_counter()
        self.service.record("speech_ended", text=text)
        return time.perf_counter() - t0


def test_recording_at_every_meeting_size(benchmark, bench: SimpleNamespace, tmp_path: Path) -> None:
    clerks = {}
    for events, members in SIZES:
        root = tmp_path / f"cell-{events}"
        meeting_id = meeting_of_size(root, FakeClock(bench.START), members, events)
        clerks[events] = Clerk(root, meeting_id, bench.START)
        assert abs(clerks[events].events - events) <= 3, clerks[events].events
    floor_file = tmp_path / "cell-136" / "floor" / "floor.json"
    floor_file.parent.mkdir()
    payload = b'{"_meta":{"1":{"schema":1,"kind":"floor","counter":1}},"x":"' + b"x" * 240 + b'"}'

    def floor_round() -> float:
        t0 = time.perf_counter()
        atomic_write(floor_file, payload)
        return time.perf_counter() - t0

    for _ in range(WARMUP):
        floor_round()
        for clerk in clerks.values():
            clerk.timed_round()

    floor: list[float] = []
    samples: dict[int, list[float]] = {n: [] for n in clerks}

    def one_round() -> None:  # the biggest meeting is pytest-benchmark's own figure
        floor.append(floor_round())
        for n, clerk in clerks.items():
            samples[n].append(clerk.timed_round())

    benchmark.pedantic(one_round, rounds=ROUNDS, iterations=1)

    base = bench.Timing(tuple(floor))
    bench.report(f"fsync floor: atomic_write of 300 bytes           {base}")
    missed = []
    for n, clerk in clerks.items():
        timing = bench.Timing(tuple(samples[n]))
        ratio = timing.median_ms / base.median_ms
        size_kb = clerk.service.log.path.stat().st_size / 1024
        end = clerk.service.state().seq
        bench.report(
            f"record speech_ended, {n:>4}-event meeting       {timing}  = {ratio:.2f}× floor "
            f"(targets ≤ {TARGET_RATIO:.0f}×, p95 ≤ {P95_MS:.0f} ms); {end} events, {size_kb:.0f} kB at the end"
        )
        benchmark.extra_info[f"median_ms_{n}"] = timing.median_ms
        if ratio > TARGET_RATIO or timing.p95_ms > P95_MS:
            missed.append(f"{n} events: {ratio:.2f}× floor, p95 {timing.p95_ms:.1f} ms")
    benchmark.extra_info["floor_median_ms"] = base.median_ms
    assert not missed, "; ".join(missed)
