"""Hostile text comes back identical in the exports, and markup in a name never becomes an action."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document as open_docx
from hypothesis import HealthCheck, given, settings

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.domain.people import Member
from meetingtui.domain.text import clean
from meetingtui.services.cell import CellService
from meetingtui.services.exports import payload_for
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.meetings import create_meeting

from .test_hostile_text import hostile


def _docx_text(payload: bytes) -> str:
    doc = open_docx(io.BytesIO(payload))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _unescape_md(text: str) -> str:
    """CommonMark's rule: a backslash escapes ASCII punctuation only; before any other character
    it is a backslash."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile-exports") / "data"
    clock = FakeClock()
    repo = create_demo(root, clock, history=False).repo
    meeting_id = repo.meetings()[-1].id
    svc = MeetingService(repo, meeting_id, clock)
    for m in svc.state().members():
        svc.record("attendance_marked", member=m.id, status="present")
    svc.start()
    return root, meeting_id


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=hostile, task=hostile)
def test_hostile_text_comes_back_identical_in_every_export(
    meeting: tuple[Path, str], summary: str, task: str
) -> None:
    root, meeting_id = meeting
    repo = Repository(root)
    svc = MeetingService(repo, meeting_id, FakeClock())
    # Recognisable edges so the text can be found whole in the document.
    summary_in, task_in = f"«{summary}»", f"«{task}»"
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    svc.record("speech_ended", text=summary_in)
    try:
        svc.record("resolution_task_added", content=task_in, owner="m006")
    except DomainError as exc:
        assert exc.key == "error.text_too_long"
        return
    stored_summary, stored_task = clean(summary_in, multiline=True), clean(task_in, multiline=True)
    cell = CellService(repo, FakeClock())
    for what, needle in (("minutes", stored_summary), ("resolution", stored_task)):
        txt, _ = payload_for(cell, meeting_id, what, "txt")
        md, _ = payload_for(cell, meeting_id, what, "md")
        docx, _ = payload_for(cell, meeting_id, what, "docx")
        flat = " ".join(txt.decode("utf-8").split(" "))  # the text is wrapped at 80 columns:
        flat = re.sub(r" ?\n *", " ", flat)  # a wrapped line joins its next with one space
        for line in needle.split("\n"):
            line = line.strip()
            if not line:
                continue
            assert re.sub(r" +", " ", line) in re.sub(r" +", " ", flat), (what, "txt", line)
            assert line in _unescape_md(md.decode("utf-8")), (what, "md", line)
            assert line in _docx_text(docx), (what, "docx", line)


async def test_markup_in_a_name_is_shown_literally_and_clicking_it_does_nothing(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from meetingtui.ui.app import make_app
    from meetingtui.ui.screens.rollcall import RollCallScreen

    clock = FakeClock()
    repo = create_demo(tmp_path / "data", clock, history=False).repo
    repo.save_member(Member(id="", name="[@click=app.quit]Bấm[/] [bold red]đỏ[/]", group="Tổ đảng 1"))
    meeting = create_meeting(repo, "regular", "2026-11-25", clock=clock)
    app = make_app(repo.root, clock=clock, meeting_id=meeting.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RollCallScreen)
        table = screen.query_one("#roll", DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "[@click=app.quit]Bấm[/] [bold red]đỏ[/]" in names
        row = names.index("[@click=app.quit]Bấm[/] [bold red]đỏ[/]")
        table.move_cursor(row=row)
        await pilot.pause()
        region = table.region
        await pilot.click(DataTable, offset=(8, int(row + 1 - table.scroll_y)))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, RollCallScreen)
        assert region.width > 0
