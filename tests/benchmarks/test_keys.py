"""Issue 18.1: a roll-call mark (Enter / F3 on a member) on the 200-member, ten-year cell,
before and after its table stopped being cleared and re-filled (200 rows) on each mark: now
only the changed cells are updated. Measured in the same run.

The baseline is the same app with the old ``_fill`` put back (``_old_fill``). Each round is ``pilot.press`` then ``pilot.pause()``: the key has
acted and the screen has nothing left to do (settled). Target: p95 < 50 ms.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.widgets import DataTable

from meetingtui.domain.clock import FakeClock
from meetingtui.i18n import t
from meetingtui.ui.app import make_app
from meetingtui.ui.fmt import lit
from meetingtui.ui.screens.rollcall import RollCallScreen

pytestmark = pytest.mark.benchmark

TARGET_MS = 50.0
ROUNDS = 16


def _old_fill(self: RollCallScreen, state: Any) -> None:
    """The roll call's ``_fill`` before issue 18's UI half: every row cleared and re-added."""
    table = self.query_one("#roll", DataTable)
    row = table.cursor_row
    table.clear()
    for n, member in enumerate(state.members(), start=1):
        rec = state.attendance.get(member.id)
        cells = [lit(n), lit(member.name), lit(t(f"category.{member.category.value}"))]
        if self._wide:
            cells.append(lit(member.group))
        cells += [self._status_text(rec), self._note_text(member.id, rec, state)]
        table.add_row(*cells, key=member.id)
    if table.row_count:
        table.move_cursor(row=min(row, table.row_count - 1))
    self._fill_counts(state)


def _old_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RollCallScreen, "_fill", _old_fill)


def _rollcall_marks(bench: SimpleNamespace, root: Path, meeting_id: str) -> Any:
    app = make_app(root, clock=FakeClock(bench.START), role="chair", meeting_id=meeting_id, watch_files=False)
    times: list[float] = []
    with bench.AppThread(app) as run:

        async def open_roll() -> None:
            app.push_screen(RollCallScreen(meeting_id))
            await run.pilot.pause()

        run.call(open_roll)
        screen = app.screen
        assert isinstance(screen, RollCallScreen)
        table = screen.query_one("#roll", DataTable)
        rng = random.Random(18)
        for i in range(ROUNDS + 2):
            row = rng.randrange(table.row_count)

            async def to_row(row: int = row) -> None:
                table.move_cursor(row=row)
                await run.pilot.pause()

            run.call(to_row)
            key = "f3" if i % 2 else "enter"

            async def press(key: str = key) -> None:
                await run.pilot.press(key)
                await run.pilot.pause()

            t0 = time.perf_counter()
            run.call(press)
            times.append(time.perf_counter() - t0)
    return bench.Timing(tuple(times[2:]))


def test_a_rollcall_mark_settles_within_50_ms(
    bench: SimpleNamespace, big_cell: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    what, measure = "rollcall mark", _rollcall_marks
    new = measure(bench, big_cell.copy_to(tmp_path / "new"), big_cell.meeting_id)
    with monkeypatch.context() as patch:
        _old_code(patch)
        old = measure(bench, big_cell.copy_to(tmp_path / "old"), big_cell.meeting_id)
    new2 = measure(bench, big_cell.copy_to(tmp_path / "new2"), big_cell.meeting_id)
    samples = new.samples + new2.samples
    new = bench.Timing(tuple(samples))
    bench.report(f"{what}, before (baseline, same run)  {old}")
    bench.report(
        f"{what}, now                       {new}  = {new.median_ms / old.median_ms:.2f}× median (target p95 < {TARGET_MS:.0f} ms)"
    )
    assert new.p95_ms < TARGET_MS, str(new)
