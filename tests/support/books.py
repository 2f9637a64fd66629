"""Every kind of event of the cell's books, recorded at least once on ``support.year``'s cell: the
folder ``tests/fixtures/books-v1`` that proves each kind is written, read back and upcast by
every later version, and makes the same documents.

Run ``PYTHONPATH=tests python -m support.books tests/fixtures/books-vN`` to write the folder of
a new book schema (and keep every older folder as it is).
"""

from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path

from meetingtui.domain.clock import FakeClock
from meetingtui.export.dues_doc import build_dues_year, dues_csv
from meetingtui.export.plan_doc import build_plan
from meetingtui.export.render_md import render_markdown
from meetingtui.services.cell import CellService
from support.year import START, make_year


def every_book_kind(root: Path) -> CellService:
    cells, ids = make_year(root)
    clock = cells.clock
    assert isinstance(clock, FakeClock)
    planning, dues, reviews = cells.planning(), cells.dues(), cells.reviews()
    planning.set_month(2026, 2, 25, 27, "Sau Tết Nguyên đán")
    planning.add_topic(2026, 4, "Chủ đề bỏ", presenter="m003")
    dropped = planning.plan_state(2026).live_topics(4)[-1].id
    planning.remove_topic(2026, dropped, "Gộp vào chuyên đề quý IV")
    dues.apply_rates("2026-12")
    dues.reduce("m012", 30, "2026-11", "2027-02", "Ghi nhầm người")
    dues.withdraw_payment("2026-10", dues.state("2026-10").payment("m008", "2026-10").id, "Ghi nhầm tháng")  # type: ignore[union-attr]
    dues.pay("m008", ["2026-10"], amount="93.600", via="portal")
    dues.excuse("m013", "2026-10", "Nằm viện điều trị dài ngày")
    dues.withdraw_reduction("m012", "2026-11", "Ghi nhầm người")
    vote = cells.meeting(ids.regular).state().votes[-1].id
    reviews.commend("2026-Q3", "group:Tổ đảng 2", "bieu_duong", ids.regular, vote)
    reviews.commend("2026-Q3", "m007", "suy_ton", ids.regular, vote)
    withdrawn = reviews.state("2026-Q3").commendations[-1].id
    reviews.withdraw_commendation("2026-Q3", withdrawn, "Biểu quyết nhầm")
    clock.set(datetime.fromisoformat(START))
    return cells


def documents(cells: CellService) -> dict[str, str]:
    """The documents a later version must make of the folder, byte for byte."""
    cell, members, today = cells.cell(), cells.members(), cells.today()
    ledger = cells.dues().ledger(2026)
    doc, review_csv = cells.reviews().documents("2026-Q3", detail=True)
    return {
        "plan-2026.md": render_markdown(build_plan(cell, members, cells.planning().plan(2026), today)),
        "dues-2026.md": render_markdown(build_dues_year(cell, members, ledger, today)),
        "dues-2026.csv": dues_csv(ledger),
        "review-2026-Q3.md": render_markdown(doc),
        "review-2026-Q3.csv": review_csv,
    }


def write_fixture(out: Path) -> None:
    data = out / "data"
    if out.exists():
        raise SystemExit(f"{out} exists: a stored folder is never written again")
    cells = every_book_kind(data)
    expected = out / "expected"
    expected.mkdir(parents=True)
    for name, text in documents(cells).items():
        (expected / name).write_bytes(text.encode("utf-8"))
    for junk in [*data.rglob("*.lock"), *data.rglob("*.bak")]:
        junk.unlink()
    shutil.rmtree(data / "__pycache__", ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover - run by hand for a new book schema
    write_fixture(Path(sys.argv[1]))
