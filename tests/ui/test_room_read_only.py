"""The room's screen is read-only whatever reaches it: a terminal's keys, a browser's (through
``meetingtui serve``), or a screen of the chair's app that opens a meeting as the room."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import DomainError
from meetingtui.i18n import t
from meetingtui.services.cell import CellService
from meetingtui.services.exports import export_meeting
from meetingtui.store.repo import Repository
from meetingtui.store.storage import ReadOnlyError
from meetingtui.ui.app import make_app


def folder_bytes(root: Path) -> dict[str, bytes]:
    """Every file in the data folder (lock files included) with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_room_role_cannot_record_or_change_the_cell(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    root = demo_repo.root
    before = folder_bytes(root)
    room = CellService.open(root, clock, "room")
    assert room.read_only
    meeting = room.meeting(demo_meeting_id)
    assert meeting.state().id == demo_meeting_id  # it reads
    with pytest.raises(DomainError) as refused:
        meeting.record("started")
    assert refused.value.key == "error.read_only_role"
    with pytest.raises(DomainError):
        meeting.start()
    with pytest.raises(ReadOnlyError):  # below the service: the file itself is opened read-only
        room.repo.log(demo_meeting_id).record("started", {}, at=clock.now(), by="chair")
    with pytest.raises(ReadOnlyError):
        room.add_member("Nguyễn Văn Mới")
    with pytest.raises(ReadOnlyError):
        room.create_meeting("regular", "2026-12-20")
    with pytest.raises(DomainError):
        export_meeting(room, demo_meeting_id, "minutes", "md", str(root.parent / "x.md"))
    # the room's screen in a chair's app opens its meeting as the room too: still refused
    chair = CellService.open(root, clock, "chair")
    with pytest.raises(DomainError):
        chair.meeting(demo_meeting_id, "room").record("started")
    assert folder_bytes(root) == before
    assert not (root.parent / "x.md").exists()
    assert t("error.read_only_role") != "error.read_only_role"


async def test_no_key_on_the_room_app_writes_anything(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """Keys that reach the room's app from a terminal (a browser's never do) write nothing.
    The room's screen is a kiosk (issue 14): its keys open nothing. Should a screen that writes
    be reached anyway, the folder is still read-only: here the members' screen is opened on the
    room's app and a new member typed and confirmed, which without the read-only guard writes
    cell.json."""
    from meetingtui.ui.dialogs.form import FormDialog
    from meetingtui.ui.screens.members import MembersScreen
    from meetingtui.ui.screens.room import RoomScreen

    root = demo_repo.root
    before = folder_bytes(root)
    app = make_app(root, clock=clock, role="room", meeting_id=demo_meeting_id, tick=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, RoomScreen)
        await pilot.press("s", "v", "r", "e", "escape", "m", "a", "n", "y")
        await pilot.pause(0.1)
        assert isinstance(app.screen, RoomScreen)  # the kiosk: no key left it
        app.push_screen(MembersScreen())
        await pilot.pause(0.1)
        await pilot.press("a")
        await pilot.pause(0.1)
        form = app.screen
        await pilot.press(*"Nguyen Van Moi", "enter", "enter", "enter", "enter", "enter", "ctrl+s")
        await pilot.pause(0.2)
    assert isinstance(form, FormDialog)  # the keys did reach a form that writes
    assert folder_bytes(root) == before
