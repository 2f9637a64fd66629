"""Exporting the meeting's resolution as DOCX: target under 300 ms.

This month's meeting of the 200-member cell is carried to the conclusion stage, its
resolution drafted (summary, assessment, five tasks with owners and deadlines), voted and
adopted with its number, all through ``MeetingService`` (``MeetingService.adopt``).
Then ``services.exports.export_meeting(..., "resolution", "docx", ...)``, what
``meetingtui export resolution ID`` does in the process, writes the file; it is timed warm
(in the test's process), in two cells holding the very same meeting:

* baseline: the meeting is the cell's only one;
* target: ten years (120 meetings) of history before it. The export reads that history:
  the warnings shown before the vote (a task repeating an earlier resolution's, two
  resolutions for one month) are printed after it too.

Rounds alternate between the two cells.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository
from support.synth import adopt_resolution

pytestmark = pytest.mark.benchmark

ROUNDS = 5
TARGET_MS = 300.0


def test_resolution_docx_export(
    benchmark, bench: SimpleNamespace, big_cell, one_meeting_cell, tmp_path: Path
) -> None:
    from meetingtui.services.exports import export_meeting

    cells = {}
    for name, cell in (("ten", big_cell), ("one", one_meeting_cell)):
        root = cell.copy_to(tmp_path / name)
        adopt_resolution(root, cell.meeting_id, bench.START)
        cells[name] = (Repository(root), cell.meeting_id, tmp_path / name / "out.docx")

    def export(name: str) -> int:
        repo, meeting_id, out = cells[name]
        result = export_meeting(
            CellService(repo, FakeClock(bench.START)), meeting_id, "resolution", "docx", out, force=True
        )
        assert result.path == out
        return out.stat().st_size

    baseline: list[float] = []

    def baseline_round() -> None:
        t0 = time.perf_counter()
        export("one")
        baseline.append(time.perf_counter() - t0)

    export("one"), export("ten")  # warm-up: imports, python-docx's template
    benchmark.pedantic(export, args=("ten",), setup=baseline_round, rounds=ROUNDS, iterations=1)
    target = bench.Timing(tuple(benchmark.stats.stats.data))
    base = bench.Timing(tuple(baseline))
    size_kb = export("ten") / 1024
    bench.report(f"resolution → DOCX, 1 meeting (200 members)     {base}")
    bench.report(
        f"resolution → DOCX, 120 meetings before it      {target}  = {target.median_ms / base.median_ms:.1f}× "
        f"(target < {TARGET_MS:.0f} ms), {size_kb:.0f} kB"
    )
    assert target.median_ms < TARGET_MS and target.p95_ms < TARGET_MS, str(target)
