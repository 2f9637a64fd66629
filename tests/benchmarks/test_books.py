"""The cell's books at the size of a large cell's tenth year: 200 members paying their dues
every month for ten years, and this year's December.

* recording one payment (``DuesService.pay``, fsync included) in December of the tenth year,
  with 2,200 payments of the year and ten years of books beside it, against the same payment in
  a cell whose only book is that month's (the baseline, measured interleaved): targets p95 < 10
  ms, the same as a meeting's event, and ≤ 1.5× the baseline (a book per month keeps the year,
  and the years before it, out of the write);
* the dues screen's ledger of the 200 members' twelve months (``DuesService.ledger``), and roll
  call's list of members behind (``unpaid_at``): target < 200 ms each.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.dues import DUES_BOOK, shipped_rates
from meetingtui.domain.people import Cell, Member
from meetingtui.domain.state import MeetingState
from meetingtui.services.cell import CellService
from meetingtui.store.books import book_log
from meetingtui.store.repo import Repository

pytestmark = pytest.mark.benchmark

MEMBERS = 200
YEARS = range(2016, 2027)
ROUNDS = 30
P95_MS = 10.0
TARGET_RATIO = 1.5
LEDGER_MS = 200.0


def _cell(root: Path) -> Repository:
    repo = Repository(root)
    repo.save_cell(Cell(name="Chi bộ Lớn", upper_body="Đảng bộ Khối", place="Lào Cai"))
    repo.save_members(
        Member(id=f"m{n:03d}", name=f"Đảng viên {n:03d}", joined="2000-05-19") for n in range(1, MEMBERS + 1)
    )
    return repo


def _bases() -> list[dict[str, object]]:
    return [
        {"member": f"m{n:03d}", "name": f"Đảng viên {n:03d}", "joined": "2000-05-19", "from": "2016-01",
         "basis": "salary", "base": 6_000_000 + n * 10_000}
        for n in range(1, MEMBERS + 1)
    ]  # fmt: skip


def _month(repo: Repository, month: str, *, paid: bool) -> None:
    """A month's book: its opening with every member's basis, and (``paid``) every member paid."""
    at = FakeClock(f"{month}-02T02:00:00+00:00").now()
    opening: dict[str, object] = {
        "month": month,
        "rates": shipped_rates().to_dict(),
        "bases": _bases(),
        "reductions": [],
    }
    commands: list[tuple[str, dict[str, object]]] = [("dues_opened", opening)]
    if paid:
        commands += [("dues_paid", {"member": f"m{n:03d}", "month": month}) for n in range(1, MEMBERS + 1)]
    book_log(repo, DUES_BOOK, int(month[:4]), month[5:]).record_all(commands, at=at)


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(ten years and this year to November paid, a cell whose only book is December's)."""
    big = tmp_path_factory.mktemp("books") / "big"
    repo = _cell(big)
    for year in YEARS:
        for month in range(1, 13):
            _month(repo, f"{year}-{month:02d}", paid=(year, month) != (2026, 12))
    small = tmp_path_factory.mktemp("books") / "small"
    _month(_cell(small), "2026-12", paid=False)
    return big, small


class Treasurer:
    """Records December's dues one member after the other, as at the 'Việc khác' stage."""

    def __init__(self, root: Path) -> None:
        self.cells = CellService(Repository(root), FakeClock("2026-12-20T07:00:00+00:00"), "chair")
        self.n = 0

    def pay(self) -> float:
        t0 = time.perf_counter()
        self.next_payment()
        return time.perf_counter() - t0

    def next_payment(self) -> None:
        self.n += 1
        self.cells.dues().pay(f"m{self.n:03d}", ["2026-12"])


def test_recording_a_payment_in_the_tenth_year(
    benchmark, bench: SimpleNamespace, cells: tuple[Path, Path], tmp_path: Path
) -> None:
    big, small = (shutil.copytree(c, tmp_path / c.name) for c in cells)
    tenth, alone = Treasurer(big), Treasurer(small)
    books = len(list((big / "years").rglob("dues-*.json")))
    for _ in range(3):  # warm up: the books are read once, as a screen that has them open
        tenth.pay(), alone.pay()
    baseline: list[float] = []
    benchmark.pedantic(
        tenth.next_payment, setup=lambda: baseline.append(alone.pay()), rounds=ROUNDS, iterations=1
    )
    target = bench.Timing(tuple(benchmark.stats.stats.data))
    base = bench.Timing(tuple(baseline))
    ratio = target.median_ms / base.median_ms
    size = (big / "years" / "2026" / "dues-12.json").stat().st_size
    bench.report(f"record a dues payment, the cell's only book          {base}")
    bench.report(
        f"record a dues payment, December of the tenth year  {target}  = {ratio:.2f}× "
        f"(targets p95 < {P95_MS:.0f} ms, ≤ {TARGET_RATIO}×); the month's book {size / 1024:.0f} kB, "
        f"{books - 1} books beside it"
    )
    assert target.p95_ms < P95_MS, f"p95 {target.p95_ms:.1f} ms"
    assert ratio <= TARGET_RATIO, f"ten years of books make a payment {ratio:.2f}× slower"


def test_the_dues_ledger_and_roll_calls_list_of_200_members(
    bench: SimpleNamespace, cells: tuple[Path, Path], tmp_path: Path
) -> None:
    big = shutil.copytree(cells[0], tmp_path / "big")
    service = CellService(Repository(big), FakeClock("2026-12-20T07:00:00+00:00")).dues()
    roster = {f"m{n:03d}": Member(f"m{n:03d}", "x") for n in range(1, MEMBERS + 1)}
    meeting = MeetingState(id="2026-12-20-dinh-ky", date="2026-12-20", roster=roster)
    service.ledger(2026)  # the books read once, as the screen that shows them
    ledger = bench.Timing(tuple(_timed(lambda: service.ledger(2026)) for _ in range(10)))
    unpaid = bench.Timing(tuple(_timed(lambda: service.unpaid_at(meeting)) for _ in range(10)))
    assert len(service.ledger(2026).members) == MEMBERS
    bench.report(f"dues ledger, 200 members × 12 months               {ledger} (target < {LEDGER_MS:.0f} ms)")
    bench.report(f"roll call's members behind with their dues         {unpaid} (target < {LEDGER_MS:.0f} ms)")
    assert ledger.p95_ms < LEDGER_MS and unpaid.p95_ms < LEDGER_MS


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0
