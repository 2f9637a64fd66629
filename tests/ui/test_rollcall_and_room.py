"""Roll call at the speed of calling names, and the room screen as a kiosk."""

from __future__ import annotations

from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import DataTable, Digits, Static

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import ConfirmDialog, MemberPicker
from meetingtui.ui.dialogs.help import HelpScreen
from meetingtui.ui.screens.chair import ChairScreen
from meetingtui.ui.screens.rollcall import RollCallScreen
from meetingtui.ui.screens.room import RoomScreen
from meetingtui.ui.widgets import KeyFooter


def _events(repo: Repository, meeting: str) -> int:
    return len(Repository(repo.root).log(meeting).events())


async def test_roll_call_starts_on_the_first_not_called_and_typing_a_name_jumps_to_them(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in ("m001", "m002", "m003"):
        svc.record("attendance_marked", member=member, status="present")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RollCallScreen)
        assert screen.selected_key("#roll") == "m004"  # the first not yet called
        await pilot.press(*"lo thi m")  # Lò Thị Mai, no accents
        await pilot.pause()
        assert screen.selected_key("#roll") == "m009"
        await pilot.press("enter")  # present; the name typed is cleared, on to the next not called
        await pilot.pause()
        assert screen.query_one("#roll-search").value == ""  # type: ignore[attr-defined]
        assert screen.selected_key("#roll") == "m010"
        await pilot.press(*"son")  # Hà Văn Sơn
        await pilot.pause()
        assert screen.selected_key("#roll") == "m013"
        await pilot.press("escape")  # first Escape clears the name, the screen stays
        await pilot.pause()
        assert app.screen is screen
    state = Repository(demo_repo.root).log(demo_meeting_id).state()
    assert state.attendance["m009"].status == "present" and "m013" not in state.attendance


async def test_the_clerk_is_appointed_only_from_those_present_and_asked_first(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    MeetingService(demo_repo, demo_meeting_id, clock).record(
        "attendance_marked", member="m012", status="present"
    )
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        before = _events(demo_repo, demo_meeting_id)
        await pilot.press(*"mai", "f6")  # Lò Thị Mai, not called yet: refused
        await pilot.pause()
        assert isinstance(app.screen, RollCallScreen)
        assert _events(demo_repo, demo_meeting_id) == before
        await pilot.press("escape", *"anh", "f6")  # Lương Thị Ngọc Ánh, present: asked
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the focused answer declines
        await pilot.pause()
        assert Repository(demo_repo.root).log(demo_meeting_id).state().clerk == ""
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
    assert Repository(demo_repo.root).log(demo_meeting_id).state().clerk == "m012"


async def test_everyone_else_present_says_how_many_and_can_be_taken_back(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    svc.record("attendance_marked", member="m004", status="excused", reason="Ốm")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question", Static).render())
        assert "23 đồng chí" in question and "Hoàng Văn Páo" in question  # 25 not called, 2 exempted
        await pilot.press("right", "enter")
        await pilot.pause()
        state = Repository(demo_repo.root).log(demo_meeting_id).state()
        assert sum(1 for r in state.attendance.values() if r.status == "present") == 23
        await pilot.press("ctrl+z")
        await pilot.pause()
    state = Repository(demo_repo.root).log(demo_meeting_id).state()
    assert [m for m, r in state.attendance.items() if r.status != ""] == ["m004"]  # only the one called


async def test_a_late_arrival_takes_three_keys_on_the_chair_screen(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in svc.state().members():
        status = "unexcused" if member.id in ("m010", "m020") else "present"
        svc.record("attendance_marked", member=member.id, status=status)
    svc.start()
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MemberPicker)
        await pilot.press("m", "enter")  # "m": Ma Văn Chiến, the absent one whose name fits
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)
    record = Repository(demo_repo.root).log(demo_meeting_id).state().attendance["m020"]
    assert record.present_now and record.arrived_at is not None


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_roll_call_shows_when_a_late_arrival_came_and_an_early_leaver_left(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, size: tuple[int, int]
) -> None:
    """The times are in the note column, whole: in the presence column, as wide as its longest
    label, "Có mặt (đến 08:45)" was cut to "Có mặt (đến 0"."""
    from meetingtui.ui.screens.rollcall import RollCallScreen

    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in svc.state().members():
        status = "unexcused" if member.id == "m020" else "present"
        svc.record("attendance_marked", member=member.id, status=status)
    svc.start()
    clock.advance(45 * 60)
    svc.record("arrived", member="m020")
    clock.advance(30 * 60)
    svc.record("departed", member="m005", reason="Đón con ốm")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=size) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RollCallScreen)
        table = screen.query_one("#roll", DataTable)
        widths = {column.key.value: column.width for column in table.columns.values()}
        late = dict(zip(widths, (str(cell) for cell in table.get_row("m020")), strict=True))
        left = dict(zip(widths, (str(cell) for cell in table.get_row("m005")), strict=True))
        assert late["status"] == "Có mặt" and late["note"] == "(đến 08:45)"
        assert left["note"] == "(về 09:15); Đón con ốm"
        for row in (late, left):
            assert all(len(text) <= widths[key] for key, text in row.items() if key != "note")
        assert len(late["note"]) <= widths["note"]


async def test_the_room_screen_is_a_kiosk(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in svc.state().members():
        svc.record(
            "attendance_marked", member=member.id, status="excused" if member.id == "m004" else "present"
        )
    svc.start()
    app = make_app(demo_repo.root, clock=clock, role="room", meeting_id=demo_meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        room = app.screen
        assert isinstance(room, RoomScreen)
        assert "Có mặt 25/26 đồng chí (96,2%)" in str(room.query_one("#room-attendance", Static).render())
        before = _events(demo_repo, demo_meeting_id)
        await pilot.press("escape", "n", "m", "y", "q", "tab", "enter", "space", "ctrl+p", "f2", "escape")
        await pilot.pause()
        assert app.screen is room and _events(demo_repo, demo_meeting_id) == before
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "^Q" in app.screen.note
        await pilot.press("escape", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # even quitting asks, "stay" focused
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is room and app.is_running


async def test_the_room_shows_the_draft_while_voting_the_result_large_and_the_end(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in svc.state().members():
        svc.record("attendance_marked", member=member.id, status="present")
    svc.start()
    for _ in range(7):
        svc.record("next_stage")  # the chair's conclusion and the vote
    svc.record("resolution_task_added", content="Đôn đốc giải ngân vốn", owner="m003")
    app = make_app(demo_repo.root, clock=clock, role="room", meeting_id=demo_meeting_id, tick=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        room = app.screen
        assert isinstance(room, RoomScreen)
        voting = room.query_one("#room-voting", Static)
        assert voting.display and "1. Đôn đốc giải ngân vốn" in str(voting.render())
        svc.record(
            "vote_recorded",
            question="Thông qua Nghị quyết",
            kind="resolution",
            form="hands",
            **{"for": 22, "against": 1, "other": 0},
        )
        await pilot.pause(0.3)
        assert not voting.display
        assert room.query_one("#room-count-for", Digits).value == "22"
        assert "THÔNG QUA · 22/23" in str(room.query_one("#room-vote-outcome", Static).render())
        clock.advance(minutes=95)
        svc.record("ended")
        await pilot.pause(0.3)
        assert "ĐÃ KẾT THÚC" in str(room.query_one("#room-stage", Static).render())


def _drawn_row(table: DataTable[Any], member: str) -> str:
    """The row of ``member`` as the table draws it now (its rendering, not its data)."""
    row = table.get_row_index(member)
    table.scroll_to(y=max(0, row - 3), animate=False, immediate=True)
    y = row - round(table.scroll_offset.y) + 1  # the header line first
    strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return strips[y].text


async def test_a_mark_redraws_its_row_and_the_counts_and_the_footer_keeps_its_keys(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """A mark redraws only what it changed (issue 18: a mark on a 200-member cell must show in
    50 ms): the member's row as drawn says the new status and the note it brings; the counts
    say the new figures; the footer, whose keys a mark does not change, is not rebuilt — and is
    when its keys change (^Z once "everyone else present" has marked)."""
    svc = MeetingService(demo_repo, demo_meeting_id, clock)
    svc.record("attendance_marked", member="m001", status="present")
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(220, 40)) as pilot:  # wide: every key in the footer
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RollCallScreen)
        table = screen.query_one("#roll", DataTable)
        footer = screen.query_one(KeyFooter)
        keys = list(footer.children)
        assert "chưa điểm danh" in _drawn_row(table, "m002")
        assert screen.selected_key("#roll") == "m002"
        await pilot.press("enter")  # m002 present
        await pilot.pause()
        assert "Có mặt" in _drawn_row(table, "m002") and "chưa điểm danh" not in _drawn_row(table, "m002")
        counts = str(screen.query_one("#roll-counts", Static).render())
        assert "Có mặt 2 ·" in counts
        table.move_cursor(row=table.get_row_index("m001"))
        await pilot.pause()
        await pilot.press("f3")  # m001 absent without reason, on the row drawn before
        await pilot.pause()
        assert "Vắng không lý do" in _drawn_row(table, "m001")
        assert "Có mặt 1 ·" in str(screen.query_one("#roll-counts", Static).render())
        assert list(footer.children) == keys  # the same key widgets: not rebuilt
        await pilot.press("f8", "right", "enter")  # everyone else present: ^Z now applies
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(str(key.render()) for key in footer.children)
        assert "^Z" in shown, shown
        assert list(footer.children) != keys
        assert "Có mặt" in _drawn_row(table, "m020")
