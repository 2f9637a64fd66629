"""The ``meetingtui`` command turns the garbage collector off while it starts (``meetingtui.launch``)
and always back on: at once for a command that opens no screen, once the first screen is
drawn for the app."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from meetingtui import launch
from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.ui.app import make_app

START = "2026-11-20T01:00:00+00:00"


@pytest.fixture(autouse=True)
def _collector_back_on() -> object:
    yield
    gc.unfreeze()
    gc.enable()


def test_a_command_without_a_screen_runs_with_the_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_demo(tmp_path / "data", FakeClock(START))
    seen: list[bool] = []
    from meetingtui.cli import commands

    real = commands.list_meetings

    def listing(*args: object) -> int:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(commands, "list_meetings", listing)
    monkeypatch.setattr(sys, "argv", ["meetingtui", "--data", str(tmp_path / "data"), "meetings"])
    assert launch.main() == 0
    assert seen == [True]


async def test_the_app_turns_the_collector_on_once_its_first_screen_is_drawn(tmp_path: Path) -> None:
    clock = FakeClock(START)
    create_demo(tmp_path / "data", clock)
    gc.disable()  # as meetingtui.launch leaves it
    app = make_app(tmp_path / "data", clock=clock, freeze_start=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # undone when the app ends


async def test_the_first_meeting_screen_freezes_what_it_loaded_only_in_the_command_lines_app(
    tmp_path: Path,
) -> None:
    clock = FakeClock(START)
    cells = create_demo(tmp_path / "data", clock)
    meeting_id = next(m.id for m in cells.meetings() if m.status == "planned")
    for freeze_start in (True, False):
        gc.unfreeze()
        app = make_app(tmp_path / "data", clock=clock, meeting_id=meeting_id, freeze_start=freeze_start)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.pause()
            at_home = gc.get_freeze_count()
            app.keep_loaded()  # what the meeting screen asked for once drawn: at most once
            assert gc.get_freeze_count() == at_home
            assert (at_home > 0) is freeze_start  # the tests' apps leave the collector alone
        assert gc.get_freeze_count() == 0
