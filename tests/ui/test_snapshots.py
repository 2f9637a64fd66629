"""Snapshots of the main screens at 80x24, 120x40 and 200x50 in both languages.

Fixed clock, fixed data (the demo cell built with the fake clock), no cursor blink.
Update after a deliberate change with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.ui.app import make_app

SIZES = [(80, 24), (120, 40), (200, 50)]
LANGS = ["vi", "en"]
START = "2026-11-20T07:00:00+00:00"  # 14:00 in Lào Cai


def _meeting_in_discussion(root: Path) -> tuple[str, FakeClock]:
    """The demo meeting 40 minutes in: roll call done, in the discussion, one member speaking."""
    clock = FakeClock(START)
    repo = create_demo(root, clock).repo
    meeting = repo.meetings()[-1].id
    svc = MeetingService(repo, meeting, clock)
    for m in svc.state().members():
        status = {"m004": "excused", "m025": "excused", "m010": "unexcused"}.get(m.id, "present")
        svc.record(
            "attendance_marked",
            member=m.id,
            status=status,
            reason="Đi công tác" if status == "excused" else "",
        )
    svc.record("details_set", clerk="m012")
    svc.start()
    for minutes in (5, 10, 15, 15, 10):
        clock.advance(minutes=minutes)
        svc.record("next_stage")
    for member in ("m006", "m007", "m008", "m021"):
        svc.record("queue_added", member=member)
    svc.record("speech_started")
    clock.advance(minutes=3)
    svc.record("speech_ended", text="Đề nghị bổ sung chỉ tiêu giải ngân cho từng dự án thành phần.")
    svc.record("speech_started")
    clock.advance(seconds=272)  # inside the last 30 seconds of the 5-minute limit
    svc.record("speech_noted", text="Đồng chí đề nghị phối hợp với Phòng Dân tộc huyện")
    return meeting, clock


async def _steady(pilot: Pilot) -> None:
    # app.query sees only the app's own children, not the widgets of pushed screens: go through
    # every screen on the stack, or the blinking cursors stay on and the snapshot is a coin toss.
    for screen in pilot.app.screen_stack:
        for area in screen.query(TextArea):
            area.cursor_blink = False
            # TextArea's line cache does not tell "blink phase off" from "blink disabled": a line
            # drawn while the blinking cursor was hidden would be reused without it. Drop the cache.
            area.notify_style_update()
        for field in screen.query(Input):
            field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(
    snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, size: tuple[int, int]
) -> None:
    monkeypatch.chdir(tmp_path)  # the card shows the data folder as given: "data", the same every run
    clock = FakeClock(START)
    create_demo(Path("data"), clock)
    app = make_app(Path("data"), clock=clock, lang=lang)
    assert snap_compare(app, terminal_size=size, run_before=_steady)


@pytest.mark.parametrize("role", ["chair", "clerk", "room"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_meeting_screens(snap_compare, tmp_path: Path, role: str, lang: str, size: tuple[int, int]) -> None:
    meeting, clock = _meeting_in_discussion(tmp_path / "data")
    app = make_app(tmp_path / "data", clock=clock, lang=lang, role=role, meeting_id=meeting)
    assert snap_compare(app, terminal_size=size, run_before=_steady)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_scoring(snap_compare, tmp_path: Path, lang: str, size: tuple[int, int]) -> None:
    meeting, clock = _meeting_in_discussion(tmp_path / "data")
    app = make_app(tmp_path / "data", clock=clock, lang=lang, meeting_id=meeting)

    async def propose(pilot: Pilot) -> None:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("g")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=propose)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_resolution_editor(snap_compare, tmp_path: Path, lang: str, size: tuple[int, int]) -> None:
    meeting, clock = _meeting_in_discussion(tmp_path / "data")
    svc = MeetingService(create_demo(tmp_path / "data", clock).repo, meeting, clock)
    svc.record(
        "resolution_task_added",
        content="Đôn đốc giải ngân vốn Chương trình mục tiêu quốc gia",
        requirement="Đạt 90% kế hoạch vốn năm",
        measures="Giao ban hằng tuần với các huyện",
        owner="m003",
        deadline="2026-12-20",
    )
    svc.record("resolution_task_added", content="Chuẩn bị tổng kết công tác năm 2026", owner="@committee")
    app = make_app(tmp_path / "data", clock=clock, lang=lang, meeting_id=meeting)

    async def open_editor(pilot: Pilot) -> None:
        await pilot.press("d")
        await pilot.pause()
        await _steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_editor)


@pytest.mark.parametrize("role", ["chair", "clerk", "room"])
def test_light_theme(snap_compare, tmp_path: Path, role: str) -> None:
    """The same screens in Textual's light theme: warnings and timers stay readable."""
    meeting, clock = _meeting_in_discussion(tmp_path / "data")
    app = make_app(tmp_path / "data", clock=clock, role=role, meeting_id=meeting)

    async def light(pilot: Pilot) -> None:
        pilot.app.theme = "textual-light"
        await _steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=light)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_roll_call(snap_compare, tmp_path: Path, lang: str, size: tuple[int, int]) -> None:
    """The reason column keeps its room at 80 columns; the ledger warnings and counts show."""
    meeting, clock = _meeting_in_discussion(tmp_path / "data")
    app = make_app(tmp_path / "data", clock=clock, lang=lang, meeting_id=meeting)

    async def open_roll_call(pilot: Pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        await _steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_roll_call)
