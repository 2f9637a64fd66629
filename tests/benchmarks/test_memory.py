"""Peak memory with ten years of history open, against a bare Textual app.

Each figure is the peak resident set (``VmHWM`` of /proc/self/status, read by the process
itself at its end: the interpreter, Textual and everything it touched; ``ru_maxrss`` is not
used, see ``_bare_app.peak_kib``) of a fresh process run headless at 120×40:

* baseline: the bare Textual app with one Label (``_bare_app.py --memory``);
* target: the app on the ten-year, 200-member cell's home screen, then the year's summary
  with its attendance ledger (``y``): at most 100 MB (issue 18, target 6), with the meeting
  summaries on disk (the usual case) and with none (the first start after an upgrade, when
  each of the 121 meetings is folded once for its summary);
* also: the clerk's screen of the running meeting, with its "silent members" check.

pytest-benchmark times the target process from spawn to exit.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

pytestmark = pytest.mark.benchmark

TARGET_MB = 100.0


def run_probe(argv: list[str], cwd: Path) -> dict[str, float]:
    done = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stderr
    values = dict(line.split() for line in done.stdout.splitlines() if line.count(" ") == 1)
    return {key: float(value) for key, value in values.items()}


def test_peak_memory_with_ten_years_open(benchmark, bench: SimpleNamespace, big_cell, tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(big_cell.root, root)
    shutil.rmtree(root / "cache", ignore_errors=True)
    probe = [*bench.script("_memory_probe.py"), str(root), big_cell.meeting_id]
    bare = run_probe([*bench.script("_bare_app.py"), "--memory"], tmp_path)
    first = run_probe([*probe, "year", bench.START], tmp_path)  # no summaries yet: all made
    year: dict[str, float] = {}

    def target() -> None:
        year.update(run_probe([*probe, "year", bench.START], tmp_path))

    benchmark.pedantic(target, rounds=1, iterations=1)
    clerk = run_probe([*probe, "clerk", bench.START], tmp_path)

    bare_mb, first_mb, year_mb, clerk_mb = (r["peak_kib"] / 1024 for r in (bare, first, year, clerk))
    benchmark.extra_info.update(bare_mb=bare_mb, year_mb=year_mb, first_mb=first_mb, clerk_mb=clerk_mb)
    bench.report(f"peak RSS, bare Textual app (1 Label)            {bare_mb:6.1f} MB")
    bench.report(
        f"peak RSS, home + year summary (10 years, 200)   {year_mb:6.1f} MB = {year_mb / bare_mb:.2f}× bare "
        f"(target ≤ {TARGET_MB:.0f} MB); the summary took {year['action_s'] * 1000:.0f} ms to open"
    )
    bench.report(
        f"  … the first time, no summaries on disk yet    {first_mb:6.1f} MB; "
        f"the summary took {first['action_s'] * 1000:.0f} ms to open"
    )
    bench.report(
        f"peak RSS, home + clerk screen (silent check)    {clerk_mb:6.1f} MB; "
        f"the clerk screen took {clerk['action_s'] * 1000:.0f} ms to open"
    )
    assert max(year_mb, first_mb, clerk_mb) <= TARGET_MB, f"{year_mb:.0f}, {first_mb:.0f}, {clerk_mb:.0f} MB"
