"""First run on an empty folder: the app asks for the cell, then for members."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import FormDialog
from meetingtui.ui.screens.members import MembersScreen


async def test_first_run_asks_for_the_cell_then_members(tmp_path: Path, clock: FakeClock) -> None:
    app = make_app(tmp_path / "new", clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-name", Input).value = "Chi bộ Thôn [b]Bản[/] Lầu"
        form.query_one("#f-upper_body", Input).value = "Đảng bộ xã Bản Lầu"
        form.query_one("#f-place", Input).value = "Lào Cai"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("a")
        await pilot.pause()
        member_form = app.screen
        assert isinstance(member_form, FormDialog)
        await pilot.press("ctrl+s")  # empty name: refused with a message, dialog stays
        await pilot.pause()
        assert app.screen is member_form
        member_form.query_one("#f-name", Input).value = "Hoàng Văn Páo"
        member_form.query_one("#f-category", Select).value = "probationary"
        member_form.query_one("#f-joined", Input).value = "31/13/2020"
        await pilot.press("ctrl+s")  # bad date: refused
        await pilot.pause()
        assert app.screen is member_form
        member_form.query_one("#f-joined", Input).value = "02/09/2025"
        await pilot.press("ctrl+s")
        await pilot.pause()
    repo = Repository(tmp_path / "new")
    assert repo.cell().name == "Chi bộ Thôn [b]Bản[/] Lầu"
    (member,) = repo.members()
    assert (member.name, member.category.value, member.joined) == (
        "Hoàng Văn Páo",
        "probationary",
        "2025-09-02",
    )
