"""Pilot: a roll call and a vote on the demo cell, by keyboard, checked on disk."""

from __future__ import annotations

from textual.widgets import Input, Static

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import ConfirmDialog
from meetingtui.ui.dialogs.vote import VoteDialog
from meetingtui.ui.screens.rollcall import RollCallScreen
from support.meetings import create_meeting


async def test_roll_call_then_vote(demo_repo: Repository, demo_meeting_id: str, clock: FakeClock) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "r")
        await pilot.pause()
        assert isinstance(app.screen, RollCallScreen)
        assert app.screen.selected_key("#roll") == "m001"  # the first member not yet called
        await pilot.press("enter", "enter", "enter")  # rows 1-3 present, each time on to the next
        await pilot.press("f2")  # row 4 absent with reason: asks the reason
        await pilot.pause()
        for ch in "đi công tác":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f3")  # row 5 absent without reason
        await pilot.press(*"quyet", "f6")  # appoint Lý Văn Quyết clerk: found by name, asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("right", "enter")
        await pilot.pause()
        await pilot.press("f8")  # everyone not yet called is present, but the exempted: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "19 đồng chí" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("right", "enter")
        await pilot.pause()
        counts = str(app.screen.query_one("#roll-counts", Static).render())
        assert "Có mặt 22 · vắng có lý do 1 · vắng không lý do 1 · chưa điểm danh 2" in counts
        # 21 official (the exempted, not present, are outside); 19 of them here.
        assert "được biểu quyết có mặt 19/21" in counts
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VoteDialog)
        forecast = str(dialog.query_one("#forecast", Static).render())
        assert "21" in forecast and "cần ít nhất 11" in forecast
        dialog.query_one("#question-input", Input).value = "Thông qua Nghị quyết tháng 11"
        dialog.query_one("#count-for", Input).value = "25"  # more than the 19 voters present
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "vượt quá" in str(dialog.query_one("#form-error", Static).render())
        dialog.query_one("#count-for", Input).value = "18"
        dialog.query_one("#count-against", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "THÔNG QUA" in str(dialog.query_one("#form-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()

    state = Repository(demo_repo.root).log(demo_meeting_id).state()
    assert state.attendance["m004"].reason == "đi công tác"
    assert state.attendance["m005"].status == "unexcused"
    assert state.clerk == "m003"
    (vote,) = state.votes
    assert (vote.tally.for_, vote.tally.against, vote.denominator, vote.passed) == (18, 1, 21, True)
    assert state.attendance.get("m025") is None  # exempted: left for the chair to call
    assert vote.question == "Thông qua Nghị quyết tháng 11"


async def test_roll_call_warns_about_the_attendance_ledger(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    # Two earlier meetings this year at which m010 was absent without reason.
    for day in ("2026-09-21", "2026-10-21"):
        past = create_meeting(demo_repo, "regular", day, clock=clock)
        svc = MeetingService(demo_repo, past.id, clock)
        svc.record("attendance_marked", member="m010", status="unexcused")
        svc.start()
        svc.record("ended")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        warnings = str(app.screen.query_one("#roll-warnings", Static).render())
        assert "Giàng Seo Pao" in warnings and "không lý do 2 lần" in warnings


async def test_enter_closes_the_vote_dialog_once_the_vote_is_recorded(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    from meetingtui.ui.screens.chair import ChairScreen

    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    for m in svc.state().members():
        svc.record("attendance_marked", member=m.id, status="present")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VoteDialog)
        dialog.query_one("#question-input", Input).value = "Thông qua"
        dialog.query_one("#count-for", Input).value = "20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert dialog.recorded is not None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)


async def test_roll_call_warnings_count_the_marks_made_now(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """The second absence without reason warns at the mark that makes it, not a meeting late;
    the third raises the xóa tên flag at once; and taking the mark back takes the warning back."""
    past = create_meeting(demo_repo, "regular", "2026-09-21", clock=clock)
    svc = MeetingService(demo_repo, past.id, clock)
    svc.record("attendance_marked", member="m010", status="unexcused")
    svc.start()
    svc.record("ended")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RollCallScreen)
        assert "Giàng Seo Pao" not in str(screen.query_one("#roll-warnings", Static).render())
        await pilot.press(*["down"] * 9, "f3")  # row 10: Giàng Seo Pao, absent without reason
        await pilot.pause()
        warnings = str(screen.query_one("#roll-warnings", Static).render())
        assert "Giàng Seo Pao" in warnings and "không lý do 2 lần" in warnings
        await pilot.press("up", "enter")  # the mark corrected: present after all
        await pilot.pause()
        assert "Giàng Seo Pao" not in str(screen.query_one("#roll-warnings", Static).render())

    second = create_meeting(demo_repo, "regular", "2026-10-21", clock=clock)
    svc = MeetingService(demo_repo, second.id, clock)
    svc.record("attendance_marked", member="m010", status="unexcused")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*["down"] * 9, "f3")
        await pilot.pause()
        warnings = str(app.screen.query_one("#roll-warnings", Static).render())
        assert "xóa tên" in warnings
