"""A cell's name and upper body change on a date; each document names them as on its date
(DOMAIN §11: from 1/7/2025 the provinces' bloc committees were wound up)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import Cell, CellName, checked_cell
from meetingtui.export.documents import build_document
from meetingtui.export.model import Header
from meetingtui.export.render_txt import render_text
from meetingtui.queries.documents import load_context
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.members import MembersScreen
from support.held import make_cell, plan_meeting

OLD = "Đảng bộ Khối Cơ quan – Doanh nghiệp tỉnh"
NEW = "Đảng bộ Ủy ban nhân dân tỉnh"


def test_names_in_force_on_a_date() -> None:
    cell = Cell(name="Chi bộ Ban Dân tộc", upper_body=OLD).renamed("2025-07-01", "Chi bộ Ban Dân tộc", NEW)
    assert cell.upper_body == NEW and [e.on for e in cell.names] == ["", "2025-07-01"]
    assert cell.names_on("2025-06-30").upper_body == OLD
    assert cell.names_on("2025-07-01").upper_body == NEW
    assert cell.names_on("").upper_body == NEW  # no date: the names now
    renamed = cell.renamed("2026-01-01", "Chi bộ Sở Dân tộc và Tôn giáo", NEW)
    assert renamed.name == "Chi bộ Sở Dân tộc và Tôn giáo"
    assert [renamed.as_of(day).name for day in ("2025-12-31", "2026-01-01")] == [
        "Chi bộ Ban Dân tộc",
        "Chi bộ Sở Dân tộc và Tôn giáo",
    ]
    assert renamed.as_of("2025-01-01").upper_body == OLD
    # Without a date the names in force now are corrected; the earlier ones stay.
    fixed = renamed.renamed("", "Chi bộ Sở Dân tộc và Tôn giáo", "Đảng bộ UBND tỉnh")
    assert fixed.names[-1] == CellName("2026-01-01", "Chi bộ Sở Dân tộc và Tôn giáo", "Đảng bộ UBND tỉnh")
    assert fixed.as_of("2025-01-01").upper_body == OLD


def test_a_cell_without_history_keeps_its_names_on_every_date() -> None:
    cell = Cell(name="Chi bộ A", upper_body=OLD)
    assert cell.as_of("1999-01-01") is cell and cell.as_of("2099-01-01") is cell


def test_names_survive_the_cell_file_and_are_checked() -> None:
    cell = Cell(name="Chi bộ A", upper_body=OLD).renamed("2025-07-01", "Chi bộ A", NEW)
    assert Cell.from_dict(cell.to_dict()) == cell
    with pytest.raises(DomainError) as err:
        checked_cell(Cell(name="Chi bộ A", upper_body=OLD, names=(CellName("1/7/2025", "Chi bộ A", NEW),)))
    assert err.value.key == "error.date_invalid"
    with pytest.raises(DomainError) as err:
        checked_cell(Cell(name="Chi bộ A", upper_body=OLD, meeting_day=32))
    assert err.value.key == "error.meeting_day_range"


def test_each_document_shows_the_names_of_its_date(tmp_path: Path, clock: FakeClock) -> None:
    repo = make_cell(tmp_path / "data")  # the demo cell: its upper body changed on 1/7/2025
    before = plan_meeting(repo, clock, day="2025-06-20")
    after = plan_meeting(repo, clock, day="2026-11-20")
    docs = {
        day: build_document(load_context(repo, m), "resolution")
        for day, m in (("old", before), ("new", after))
    }
    headers = {day: doc.blocks[0] for day, doc in docs.items()}
    assert isinstance(headers["old"], Header) and isinstance(headers["new"], Header)
    assert headers["old"].upper_body == "ĐẢNG BỘ KHỐI CƠ QUAN – DOANH NGHIỆP TỈNH"
    assert headers["new"].upper_body == "ĐẢNG BỘ ỦY BAN NHÂN DÂN TỈNH"
    texts = {day: " ".join(render_text(doc).split()) for day, doc in docs.items()}
    assert "Đảng ủy Khối Cơ quan – Doanh nghiệp tỉnh (để báo cáo)" in texts["old"]
    assert "Đảng ủy Ủy ban nhân dân tỉnh (để báo cáo)" in texts["new"] and "Khối" not in texts["new"]


async def test_the_names_are_changed_from_the_app(tmp_path: Path, clock: FakeClock) -> None:
    """The members screen's ``c`` opens the cell's settings; a date makes it a change by date."""
    cell_repo = Repository(tmp_path / "data")
    cells = CellService(cell_repo, clock)
    cells.save_cell(Cell(name="Chi bộ Văn phòng", upper_body=OLD, place="Lào Cai"))
    app = make_app(cell_repo.root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#f-upper_body", Input).value = NEW
        app.screen.query_one("#f-on", Input).value = "01/07/2025"
        app.screen.query_one("#f-meeting_day", Input).value = "22"
        await pilot.press("ctrl+s")
        await pilot.pause()
    cell = Repository(cell_repo.root).cell()
    assert cell.upper_body == NEW and cell.meeting_day == 22
    assert cell.as_of("2025-06-30").upper_body == OLD
