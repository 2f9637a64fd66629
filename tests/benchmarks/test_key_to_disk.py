"""Issue 4.6: from the key that ends a speech to the record being on disk.

The clerk's screen of this month's meeting in the ten-year, 200-member cell, at the
discussion stage: a member is queued and takes the floor, the clerk's notes hold two or
three lines, the app is left idle a moment (as it is while the member speaks), and
``ctrl+e`` is pressed through Pilot (the key goes in as the terminal driver sends it; the
app runs in a thread of its own so that pytest-benchmark can time the press). Per press:

* key → disk: until ``atomic_write`` of the meeting file has returned (file and folder
  fsynced): the figure issue 4.6 asks for, target median and p95 < 20 ms; also how much
  of it is Textual taking the key to the screen's action;
* key → screen: until the app is idle again with the new record shown (pytest-benchmark's
  own figure).

During the timed rounds the clerk screen's "members silent at their last three meetings"
check (``CellService.silent_members``, run on the redraws at the discussion stage) answers from
a memo of its real answer, so each round costs milliseconds instead of seconds; the check
runs after the write, so key → disk is the same either way. A few rounds without the memo
then show what a clerk really waits before the next key is taken.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.widgets import TextArea

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.state import MeetingState
from meetingtui.services.cell import CellService
from meetingtui.store import storage as storage_mod
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.clerk import ClerkScreen
from support.synth import speech_text

pytestmark = pytest.mark.benchmark

ROUNDS = 20
WARMUP = 1
UNMEMOISED_ROUNDS = 2
TARGET_MS = 20.0
SETTLE = 0.3  # seconds the app is left idle before each key


def test_end_speech_key_to_disk(
    benchmark, bench: SimpleNamespace, big_cell, tmp_path: Path, monkeypatch
) -> None:
    root = big_cell.copy_to(tmp_path)
    path = root / "meetings" / f"{big_cell.meeting_id}.json"

    written: list[float] = []  # when each write of the meeting file had returned
    real_write = storage_mod.atomic_write

    def timed_write(target: Path, payload: bytes, **kw: object) -> None:
        real_write(target, payload, **kw)  # type: ignore[arg-type]
        if target == path:
            written.append(time.perf_counter())

    monkeypatch.setattr(storage_mod, "atomic_write", timed_write)

    real_silent = CellService.silent_members
    memo: dict[str, list[str]] = {}

    def memo_silent(self: CellService, current: MeetingState) -> list[str]:
        if current.id not in memo:
            memo[current.id] = real_silent(self, current)
        return memo[current.id]

    monkeypatch.setattr(CellService, "silent_members", memo_silent)

    acted: list[float] = []  # when the screen's action began: the key has gone through Textual
    real_action = ClerkScreen.action_end_speech

    def timed_action(self: ClerkScreen) -> None:
        acted.append(time.perf_counter())
        real_action(self)

    monkeypatch.setattr(ClerkScreen, "action_end_speech", timed_action)

    app = make_app(
        root, clock=FakeClock(bench.START), role="clerk", meeting_id=big_cell.meeting_id, freeze_start=True
    )
    with bench.AppThread(app) as run:
        screen = app.screen
        assert isinstance(screen, ClerkScreen) and screen.state is not None
        assert screen.state.current_stage is not None and screen.state.current_stage.key == "discussion"
        speakers = [m for m, rec in screen.state.attendance.items() if rec.present_now]
        count = {"n": 0}

        async def start_speech() -> None:
            """Untimed: a member is queued, takes the floor, and the clerk types the summary.

            Recorded through the screen's own service and shown with one redraw (the keys
            would redraw twice: this keeps the untimed part of each round short).
            """
            n = count["n"] = count["n"] + 1
            screen.service.record("queue_added", member=speakers[n % len(speakers)])
            screen.state = screen.service.record("speech_started")
            notes = screen.query_one("#notes", TextArea)
            assert not notes.disabled
            notes.focus()
            notes.text = speech_text(random.Random(n))
            await run.pilot.pause(SETTLE)  # the clerk types for minutes: the screen is idle

        key_to_disk: list[float] = []
        key_to_action: list[float] = []
        key_to_screen: list[float] = []

        def setup() -> None:
            run.call(start_speech)
            written.clear()
            acted.clear()

        def end_speech() -> None:
            t0 = time.perf_counter()
            run.call(lambda: run.pilot.press("ctrl+e"))
            t1 = time.perf_counter()
            assert len(written) == 1, "ctrl+e wrote the meeting file once"
            key_to_disk.append(written[0] - t0)
            key_to_action.append(acted[0] - t0)
            key_to_screen.append(t1 - t0)

        for _ in range(WARMUP):
            setup()
            end_speech()
        key_to_disk.clear()
        key_to_screen.clear()
        key_to_action.clear()
        benchmark.pedantic(end_speech, setup=setup, rounds=ROUNDS, iterations=1)
        disk, shown = bench.Timing(tuple(key_to_disk)), bench.Timing(tuple(key_to_screen))
        action = bench.Timing(tuple(key_to_action))

        monkeypatch.setattr(CellService, "silent_members", real_silent)
        key_to_disk.clear()
        key_to_screen.clear()
        for _ in range(UNMEMOISED_ROUNDS):
            setup()
            end_speech()
        slow_disk, slow_shown = bench.Timing(tuple(key_to_disk)), bench.Timing(tuple(key_to_screen))

    state = Repository(root).log(big_cell.meeting_id).state()
    ended = [s for s in state.record.speeches if s.ended_at is not None]
    assert len(ended) >= WARMUP + ROUNDS + UNMEMOISED_ROUNDS and state.record.current is None
    assert ended[-1].text == speech_text(random.Random(count["n"]))  # the notes went to disk whole

    benchmark.extra_info.update(key_to_disk_median_ms=disk.median_ms, key_to_disk_p95_ms=disk.p95_ms)
    bench.report(f"ctrl+e → on disk (clerk, 10 years, 200)     {disk}  (target < {TARGET_MS:.0f} ms)")
    bench.report(f"  of which key → the screen's action starts  {action}")
    bench.report(f"ctrl+e → screen idle, silent check memoised  {shown}")
    bench.report(f"ctrl+e → on disk, real silent check          {slow_disk}")
    bench.report(f"ctrl+e → screen idle, real silent check      {slow_shown}  ← the clerk waits this long")
    assert disk.median_ms < TARGET_MS and disk.p95_ms < TARGET_MS, f"key → disk {disk}"
