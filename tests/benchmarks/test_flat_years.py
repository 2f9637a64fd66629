"""Flat in years (issue 18, target 3): what reads past meetings costs the same in the tenth year.

The same 200-member cell after one, five and ten years (12, 60 and 120 monthly meetings, each
with its resolution adopted and last month's tasks reported back), this month's meeting running
at the discussion stage. Each figure is taken in a copy of the cell whose meeting summaries are
on disk already (``DATA/cache``), in a new ``Repository`` each round (nothing in memory, as in a
new process); the first time, with no cache (just after an upgrade), is reported apart.

* the core of the two screens: ``CellService.year`` (the year screen's report) and the
  clerk's screen's reading of the meeting and its "silent at their last three meetings"
  check. Targets: p95 within the screens' budgets (300 ms and 200 ms) at every size.
* the screens themselves, headless (Pilot, 120×40), the app made as the command line makes
  it, from the key to the screen idle with the report shown. Targets at one, five and ten
  years alike: the clerk's screen within 200 ms, the year screen within 300 ms (medians of
  five openings, each in a new app; the p95 is printed too). The time the year's report took
  to make (the core) is reported beside it.
* the commands, each a new process: ``meetingtui year``, ``member history``, ``export
  minutes`` and a draft resolution's export (which reads the earlier resolutions for repeated
  tasks), against the export of an adopted resolution, which reads no history (the baseline,
  in the same cell, interleaved). Target: each at most 1.5× the baseline, at every size.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository
from support.synth import adopt_resolution

pytestmark = pytest.mark.benchmark

CORE_ROUNDS = 10
SCREEN_ROUNDS = 5
COMMAND_ROUNDS = 3
YEAR_MS, CLERK_MS = 300.0, 200.0
COMMAND_RATIO = 1.5
YEAR = 2026


def _copy(cell, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    root = folder / "data"
    shutil.copytree(cell.root, root)
    return root


def _clerk_core(root: Path, meeting_id: str, start: str) -> list[str]:
    cells = CellService(Repository(root), FakeClock(start), "clerk")
    state = cells.meeting(meeting_id).state()
    return cells.silent_members(state)


def test_the_screens_core_is_flat_in_years(
    benchmark, bench: SimpleNamespace, cells_by_years, tmp_path: Path
) -> None:
    results = {}
    for years, cell in cells_by_years.items():
        root = _copy(cell, tmp_path / f"y{years}")
        t0 = time.perf_counter()
        CellService(Repository(root), FakeClock(bench.START)).year(YEAR)
        cold_year = time.perf_counter() - t0
        t0 = time.perf_counter()
        _clerk_core(root, cell.meeting_id, bench.START)
        cold_clerk = time.perf_counter() - t0
        year_s, clerk_s = [], []
        for _ in range(CORE_ROUNDS):
            t0 = time.perf_counter()
            CellService(Repository(root), FakeClock(bench.START)).year(YEAR)
            year_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            _clerk_core(root, cell.meeting_id, bench.START)
            clerk_s.append(time.perf_counter() - t0)
        results[years] = (bench.Timing(tuple(year_s)), bench.Timing(tuple(clerk_s)), cold_year, cold_clerk)

    ten = cells_by_years[10]
    root10 = _copy(ten, tmp_path / "bench")
    CellService(Repository(root10), FakeClock(bench.START)).year(YEAR)  # the cache made
    benchmark.pedantic(
        lambda: CellService(Repository(root10), FakeClock(bench.START)).year(YEAR),
        rounds=CORE_ROUNDS,
        iterations=1,
    )
    one_year, one_clerk = results[1][0], results[1][1]
    for years, (year_t, clerk_t, cold_year, cold_clerk) in results.items():
        bench.report(
            f"year report (CellService.year), {years:>2} years      {year_t}  = {year_t.median_ms / one_year.median_ms:.2f}× "
            f"1 year (target p95 ≤ {YEAR_MS:.0f} ms); no cache yet: {cold_year * 1000:.0f} ms"
        )
        bench.report(
            f"clerk screen's reading + silent check, {years:>2} y  {clerk_t}  = "
            f"{clerk_t.median_ms / one_clerk.median_ms:.2f}× 1 year (target p95 ≤ {CLERK_MS:.0f} ms); "
            f"no cache yet: {cold_clerk * 1000:.0f} ms"
        )
    for years, (year_t, clerk_t, _, _) in results.items():
        assert year_t.p95_ms <= YEAR_MS and clerk_t.p95_ms <= CLERK_MS, f"{years} years: {year_t}, {clerk_t}"


async def _open(root: Path, meeting_id: str, start: str, screen: str) -> tuple[float, float]:
    """(seconds the year screen's worker took to make its report, seconds from the key to the
    screen idle with the report shown), in a new app."""
    from meetingtui.ui.app import make_app
    from meetingtui.ui.screens.clerk import ClerkScreen
    from meetingtui.ui.screens.home import HomeScreen
    from meetingtui.ui.screens.year import YearScreen

    made: list[float] = []
    real_make = YearScreen.make

    def timed_make(self: YearScreen) -> Any:
        t0 = time.perf_counter()
        try:
            return real_make(self)
        finally:
            made.append(time.perf_counter() - t0)

    YearScreen.make = timed_make  # type: ignore[method-assign]
    try:
        app = make_app(root, clock=FakeClock(start), freeze_start=True)  # as the command line makes it
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            t0 = time.perf_counter()
            if screen == "year":
                await pilot.press("y")
                while not (isinstance(app.screen, YearScreen) and app.screen.exports):
                    await asyncio.sleep(0.002)
            else:
                app.role = "clerk"
                app.open_meeting(meeting_id)
            await pilot.pause()
            shown = time.perf_counter() - t0
            assert isinstance(app.screen, YearScreen if screen == "year" else ClerkScreen)
    finally:
        YearScreen.make = real_make  # type: ignore[method-assign]
    return (made[0] if made else 0.0), shown


def test_the_screens_open_flat_in_years(
    benchmark, bench: SimpleNamespace, cells_by_years, tmp_path: Path
) -> None:
    figures: dict[tuple[int, str], tuple[Any, float]] = {}
    for years, cell in cells_by_years.items():
        root = _copy(cell, tmp_path / f"y{years}")
        CellService(Repository(root), FakeClock(bench.START)).year(YEAR)  # the cache made
        for screen in ("year", "clerk"):
            asyncio.run(_open(root, cell.meeting_id, bench.START, screen))  # warm-up: imports, styles
            runs = [
                asyncio.run(_open(root, cell.meeting_id, bench.START, screen)) for _ in range(SCREEN_ROUNDS)
            ]
            figures[(years, screen)] = (bench.Timing(tuple(r[1] for r in runs)), max(r[0] for r in runs))
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)  # the figures are the test's own
    for (years, screen), (timing, data) in figures.items():
        target = YEAR_MS if screen == "year" else CLERK_MS
        flat = timing.median_ms / figures[(1, screen)][0].median_ms
        extra = f"; the report made in {data * 1000:.0f} ms" if screen == "year" else ""
        bench.report(
            f"{screen} screen opens, {years:>2} years (Pilot)   {timing}  = {flat:.2f}× 1 year "
            f"(target median ≤ {target:.0f} ms){extra}"
        )
    missed = [
        f"{screen} screen {timing.median_ms:.0f} ms at {years} years"
        for (years, screen), (timing, _) in figures.items()
        if timing.median_ms > (YEAR_MS if screen == "year" else CLERK_MS)
    ]
    assert not missed, ", ".join(missed)


def _command(root: Path, *args: str) -> float:
    env = dict(os.environ, MEETINGTUI_LANG="vi")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    script = Path(sys.executable).with_name("meetingtui")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "meetingtui"]
    t0 = time.perf_counter()
    done = subprocess.run(
        [*argv, "--data", str(root), *args], capture_output=True, text=True, env=env, timeout=120
    )
    seconds = time.perf_counter() - t0
    assert done.returncode == 0, (args, done.stderr)
    return seconds


def test_the_commands_are_flat_in_years(
    benchmark, bench: SimpleNamespace, cells_by_years, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    rows = []
    for years, cell in cells_by_years.items():
        adopted = _copy(cell, tmp_path / f"adopted{years}")
        adopt_resolution(adopted, cell.meeting_id, bench.START)
        draft = _copy(cell, tmp_path / f"draft{years}")
        adopt_resolution(draft, cell.meeting_id, bench.START, adopt=False)
        commands: dict[str, tuple[Path, list[str]]] = {
            "export resolution (adopted)": (adopted, ["export", "resolution", cell.meeting_id, "-o", str(out / "a.docx"), "--force"]),
            "year": (draft, ["year", str(YEAR), "-o", str(out / "year.md")]),
            "member history": (draft, ["member", "history", "m010", "-o", str(out / "history.md")]),
            "export minutes": (draft, ["export", "minutes", cell.meeting_id, "-o", str(out / "m.docx"), "--force"]),
            "export resolution (draft)": (draft, ["export", "resolution", cell.meeting_id, "-o", str(out / "d.docx"), "--force"]),
        }  # fmt: skip
        first = {}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for rnd in range(COMMAND_ROUNDS + 1):
            for name, (root, args) in commands.items():
                for f in ("year.md", "history.md"):
                    (out / f).unlink(missing_ok=True)
                seconds = _command(root, *args)
                if rnd == 0:
                    first[name] = seconds  # the summaries made: the first time after an upgrade
                else:
                    times[name].append(seconds)
        base = bench.Timing(tuple(times["export resolution (adopted)"]))
        for name, samples in times.items():
            timing = bench.Timing(tuple(samples))
            ratio = timing.median_ms / base.median_ms
            rows.append((years, name, ratio))
            bench.report(
                f"meetingtui {name:<27} {years:>2} years {timing}  = {ratio:.2f}× adopted export "
                f"(target ≤ {COMMAND_RATIO}×); first run {first[name] * 1000:.0f} ms"
            )
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    missed = [
        f"{name} at {years} years: {ratio:.2f}×" for years, name, ratio in rows if ratio > COMMAND_RATIO
    ]
    assert not missed, "; ".join(missed)
