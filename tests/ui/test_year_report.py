"""Pilot: the year screen (``y`` on the home screen) shows the year's report, its tables as
DataTables with every row of the report, scrolls with the keys, and saves what it shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Static

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.export.year import to_markdown
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import FormDialog
from meetingtui.ui.screens.year import ReportView, YearScreen, split_tables

START = "2026-11-20T01:00:00+00:00"


def test_split_tables_reads_cells_as_markdown_does() -> None:
    text = "# T\n\nintro\n\n| A | B |\n|---|---|\n| x \\| y | *z* &amp; 1 |\n| 2 | |\n\n- after\n"
    assert split_tables(text) == [
        "# T\n\nintro\n\n",
        (["A", "B"], [["x | y", "z & 1"], ["2", ""]]),
        "\n- after\n",
    ]
    assert split_tables("no table\n") == ["no table\n"]


async def _year_screen(pilot, app) -> YearScreen:  # type: ignore[no-untyped-def]
    await pilot.press("y")
    for _ in range(500):  # the report is made in a worker: wait for it, up to 10 s
        if isinstance(app.screen, YearScreen) and app.screen.exports:
            break
        await asyncio.sleep(0.02)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, YearScreen) and screen.exports
    return screen


async def test_the_year_screen_shows_every_row_and_scrolls(tmp_path: Path) -> None:
    clock = FakeClock(START)
    root = tmp_path / "data"
    create_demo(root, clock)
    year = CellService(Repository(root), clock).year(2026)
    app = make_app(root, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:  # the speakers' table is taller than the screen
        await pilot.pause()
        screen = await _year_screen(pilot, app)
        tables = list(screen.query(DataTable))
        assert [t.row_count for t in tables] == [12, len(year.speaking)]  # the months; the speakers
        months = tables[0]
        first = [str(months.get_cell_at(Coordinate(0, c))) for c in range(3)]
        assert first[0] == "1" and first[2] in ("có", "chưa")
        speaker = year.speaking[0]
        assert str(tables[1].get_cell_at(Coordinate(0, 0))) == speaker[0]
        shown = [s.content for s in screen.query(".report-text").results(Static)]
        text = " ".join(getattr(c, "markup", str(c)) for c in shown)  # a rich Markdown keeps its source
        assert "Sinh hoạt chuyên đề theo quý" in text and "Viết bài thu hoạch" in text
        assert all(not t.can_focus for t in tables)
        # each table as tall as its rows (DataTable's own max-height would make it scroll
        # inside, hiding rows from the report's keys)
        assert [t.size.height for t in tables] == [t.row_count + 1 for t in tables]
        view = screen.query_one(ReportView)
        assert app.focused is view and view.max_scroll_y > 0
        assert view.max_scroll_x > 0  # at 80 columns the months' table is wider than the screen
        await pilot.press("right")
        await pilot.pause()
        assert view.scroll_x > 0  # its last columns are reached with the keys
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 0  # the page keys scroll the report
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#f-path", Input).value = str(tmp_path / "nam.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (tmp_path / "nam.md").read_text(encoding="utf-8") == to_markdown(year)


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_year_screen_opens_in_either_language(tmp_path: Path, lang: str) -> None:
    clock = FakeClock(START)
    create_demo(tmp_path / "data", clock)
    app = make_app(tmp_path / "data", clock=clock, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _year_screen(pilot, app)
        assert len(screen.query(DataTable)) == 2  # the report itself is Vietnamese, as its file


async def test_a_members_tasks_sheet_is_made_once_under_the_members_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetingtui.ui.screens.year import TasksScreen

    clock = FakeClock(START)
    create_demo(tmp_path / "data", clock)
    member = CellService(Repository(tmp_path / "data"), clock).members()[0]
    made: list[str] = []
    real = TasksScreen.make

    def counted(self: TasksScreen) -> tuple[str, dict[str, object]]:
        made.append(self.member_id)
        return real(self)  # type: ignore[return-value]

    monkeypatch.setattr(TasksScreen, "make", counted)
    app = make_app(tmp_path / "data", clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(TasksScreen(member.id))
        for _ in range(500):
            if isinstance(app.screen, TasksScreen) and app.screen.exports:
                break
            await asyncio.sleep(0.02)
        await pilot.pause(0.1)
        assert isinstance(app.screen, TasksScreen) and app.screen.exports
        assert member.name in (app.screen.sub_title or "")
        assert made == [member.id]
