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
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository

pytestmark = pytest.mark.benchmark

ROUNDS = 5
TARGET_MS = 300.0

TASKS = [
    ("Đôn đốc giải ngân vốn chương trình mục tiêu quốc gia ở các xã vùng cao", "m004"),
    ("Hoàn thành bài thu hoạch học tập nghị quyết của Tỉnh ủy", "m002"),
    ("Rà soát hồ sơ thủ tục hành chính trễ hạn, báo cáo nguyên nhân", "m005"),
    ("Chuẩn bị nội dung sinh hoạt chuyên đề quý tới", "m003"),
    ("Thu nộp đảng phí quý IV đầy đủ, đúng quy định", "m006"),
]


def adopt_resolution(root: Path, meeting_id: str, start: str) -> None:
    """The chair concludes the meeting: draft, vote, number and adopt its resolution."""
    from meetingtui.domain.attendance import voters_now

    clock = FakeClock(start)
    chair = MeetingService(Repository(root), meeting_id, clock, actor="chair")
    while (stage := chair.state().current_stage) is not None and stage.key != "conclusion":
        clock.advance(minutes=10)
        chair.record("next_stage")
    chair.record(
        "resolution_set",
        kind="NQ",
        summary="Nghị quyết sinh hoạt chi bộ định kỳ tháng 11 năm 2026",
        heard="Chi bộ nghe đồng chí Bí thư báo cáo kết quả lãnh đạo thực hiện nhiệm vụ tháng 10.",
        assessment="Các nhiệm vụ trọng tâm cơ bản hoàn thành; còn chậm ở khâu giải ngân và thủ tục hành chính.",
        organisation="Giao các tổ đảng tổ chức quán triệt, triển khai thực hiện nghị quyết.",
        signer="m001",
    )
    for n, (content, owner) in enumerate(TASKS, start=1):
        chair.record(
            "resolution_task_added",
            content=content,
            requirement="Đúng tiến độ, đạt chất lượng",
            measures="Phân công cụ thể, kiểm tra hằng tuần",
            owner=owner,
            deadline=f"2026-12-{10 + n:02d}",
        )
    clock.advance(minutes=5)
    voters = voters_now(chair.state())
    state = chair.record(
        "vote_recorded", question="Thông qua nghị quyết tháng 11/2026", kind="resolution", form="hands",
        against=0, other=0, **{"for": voters},
    )  # fmt: skip
    chair.adopt(state.votes[-1].id)


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
