"""Pilot tests: the chair walks a whole regular meeting by keyboard; the record is on disk."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen
from textual.widgets import Static

from meetingtui.domain.clock import FakeClock
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.chair import ChairScreen
from support.meetings import create_meeting


def _static_text(screen: Screen[object], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_chair_walks_every_stage_and_everything_is_stored(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    stages = Repository(demo_repo.root).log(demo_meeting_id).state().stages
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ChairScreen)
        await pilot.press("s")
        for stage in stages[:-1]:
            clock.advance(stage.budget + 30)  # each stage runs 30 s over its budget
            await pilot.press("n")
        clock.advance(stages[-1].budget)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("right", "enter")  # "end the meeting"
        await pilot.pause()

    stored = Repository(demo_repo.root).log(demo_meeting_id).state()
    assert stored.ended_at is not None
    assert all(len(s.spans) == 1 and s.spans[0][1] is not None for s in stored.stages)
    # Every stage ran its budget + 30 s except the last, which ran exactly its budget.
    expected = sum(s.budget for s in stages) + 30 * (len(stages) - 1)
    assert stored.elapsed(clock.now()) == expected
    assert [stored.stage_done(i) for i in range(len(stages))] == [True] * len(stages)
    assert Repository(demo_repo.root).meeting_info(demo_meeting_id).status == "ended"


async def test_over_budget_and_short_meeting_are_warned(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ChairScreen)
        await pilot.press("s")
        clock.advance(minutes=7)  # the opening has a 5-minute budget
        screen.refresh_timers()
        warnings = _static_text(screen, "#warnings")
        assert "quá thời gian dự kiến 02:00" in warnings
        assert screen.query_one("#stage-clock").has_class("-over")
        # Ending now would leave the meeting far under its 90-minute minimum: the chair is asked.
        await pilot.press("e")
        await pilot.pause()
        question = str(app.screen.query_one("#question", Static).render())
        assert "thiếu 83′" in question and "90 phút" in question
        await pilot.press("enter")  # the focused, safe answer: nothing is recorded
        await pilot.pause()
    assert Repository(demo_repo.root).log(demo_meeting_id).state().ended_at is None


async def test_pause_stops_the_clocks_and_restart_resumes_the_same_stage(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        clock.advance(minutes=2)
        await pilot.press("n")
        clock.advance(minutes=1)
        await pilot.press("space")
        clock.advance(minutes=10)  # paused: does not count
        await pilot.press("space")
        clock.advance(minutes=1)

    # A second app on the same folder (the laptop restarted) opens at the same stage,
    # and the timers count the real time that passed, pauses excluded.
    clock.advance(minutes=3)
    again = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with again.run_test(size=(120, 40)):
        screen = again.screen
        assert isinstance(screen, ChairScreen)
        state = screen.state
        assert state is not None and state.current == 1
        assert state.stage_elapsed(1, clock.now()) == 5 * 60
        assert state.elapsed(clock.now()) == 7 * 60


async def test_keys_that_do_not_apply_are_refused_and_nothing_is_written(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    log = Repository(demo_repo.root).log(demo_meeting_id)
    before = log.events()
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("n", "p", "space", "e", "x", "ctrl+z"):
            await pilot.press(key)
        await pilot.pause()
    assert log.events() == before


async def test_member_text_is_shown_literally(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    from meetingtui.services.meeting import MeetingService

    service = MeetingService(demo_repo, demo_meeting_id, clock)
    service.record("stage_changed", stage="s2", title="[bold]Học tập[/] [@click=app.quit]x[/]")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "n")
        await pilot.pause()
        screen = app.screen
        assert "[bold]Học tập[/] [@click=app.quit]x[/]" in _static_text(screen, "#stage-title")
    assert app.return_code in (None, 0)


async def test_an_absent_presenter_is_warned_and_replaced(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    from textual.widgets import Input

    from meetingtui.services.exports import payload_for
    from meetingtui.services.meeting import MeetingService
    from meetingtui.ui.dialogs import MemberPicker

    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    svc.record("attendance_marked", member="m004", status="excused", reason="Đi công tác")  # presents stage 2
    svc.record("attendance_marked", member="m003", status="excused", reason="Ốm")  # presents stage 3
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "n")  # stage 2: Đặng Thị Hường presents, and she is away
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChairScreen)
        assert "Đặng Thị Hường) vắng mặt" in _static_text(screen, "#warnings")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, MemberPicker)
        app.screen.query_one(Input).value = "lo thi mai"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "vắng mặt" not in _static_text(screen, "#warnings")
    minutes, warnings = payload_for(CellService(demo_repo, clock), demo_meeting_id, "minutes", "txt")
    text = minutes.decode("utf-8")
    assert "Người trình bày: đồng chí Lò Thị Mai." in text  # stage 2, reassigned
    assert "Người trình bày: đồng chí Lý Văn Quyết" not in text  # stage 3: absent, not named
    assert any(w.key == "warn.export_presenter_absent" for w in warnings)


async def test_escape_asks_before_leaving_a_running_meeting_and_home_points_at_it(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    from textual.widgets import DataTable

    from meetingtui.ui.dialogs import ConfirmDialog
    from meetingtui.ui.screens.home import HomeScreen

    create_meeting(demo_repo, "regular", "2026-12-21", clock=clock)  # next month's, newest row
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y", "n", "q")  # no letter answers it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # "stay" has the focus
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("right", "enter")  # "leave", chosen on purpose
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#meetings", DataTable)
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        assert row_key.value == demo_meeting_id  # the meeting in progress, not the newest row
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen) and app.screen.meeting_id == demo_meeting_id
