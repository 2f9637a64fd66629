"""Pilot: last month's tasks reported back; a carried-over task gets its deadline in the dialog."""

from __future__ import annotations

from textual.widgets import Input

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs.form import FormDialog
from meetingtui.ui.screens.review import ReviewScreen


async def test_a_carried_task_gets_the_deadline_typed(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("4")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        deadline = form.query_one("#f-deadline", Input)
        assert deadline.value == ""  # the old deadline is past: a new one is asked for
        form.query_one("#f-note", Input).value = "Chưa xong"
        deadline.value = "15/12/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
    state = Repository(demo_repo.root).log(demo_meeting_id).state()
    (carried,) = [t for t in state.resolution.tasks if t.source.startswith("carried:")]
    assert (carried.deadline, carried.report_at) == ("2026-12-15", "2026-12")
