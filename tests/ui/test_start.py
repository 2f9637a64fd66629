"""Pilot: every way into the app starts on the right screen, drawn once (issue 18, target 5).

The home screen is the app's first screen (no blank screen under it); it reads the cell once;
its footer is composed once with its keys. The first run opens the setup over it, ``--meeting``
the meeting's screen, and home reads the cell only when it is shown.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import DataTable

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.i18n import t
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import ConfirmDialog, FormDialog
from meetingtui.ui.palette import screen_commands
from meetingtui.ui.screens.clerk import ClerkScreen
from meetingtui.ui.screens.home import HomeScreen
from meetingtui.ui.screens.room import RoomScreen
from meetingtui.ui.widgets import KeyFooter

START = "2026-11-20T01:00:00+00:00"


def _demo(tmp_path: Path) -> tuple[Path, FakeClock, str]:
    clock = FakeClock(START)
    root = tmp_path / "data"
    create_demo(root, clock)
    latest = CellService(Repository(root), clock).meetings()[-1].id
    return root, clock, latest


def _count(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[object]:
    calls: list[object] = []
    real = getattr(cls, name)

    def counted(self: object, *args: object) -> object:
        calls.append(self)
        return real(self, *args)

    monkeypatch.setattr(cls, name, counted)
    return calls


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_home_is_the_first_screen_read_and_composed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    root, clock, _ = _demo(tmp_path)
    reloads = _count(monkeypatch, HomeScreen, "action_reload")
    composes = _count(monkeypatch, KeyFooter, "recompose")
    app = make_app(root, clock=clock, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        assert [type(s) for s in app.screen_stack] == [HomeScreen]
        assert len(reloads) == 1
        assert (
            len(composes) <= 1
        )  # the footer's keys drawn once: at most one recompose after its first compose
        footer = app.screen.query_one(KeyFooter)
        assert len(footer.children) > 3
        assert app.screen.query_one("#meetings", DataTable).row_count == len(
            CellService(Repository(root), clock).meetings()
        )
        assert app.title.startswith("meetingtui")


async def test_the_first_run_opens_the_setup_over_a_home_that_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reloads = _count(monkeypatch, HomeScreen, "action_reload")
    app = make_app(tmp_path / "empty", clock=FakeClock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        assert isinstance(app.screen_stack[0], HomeScreen)
        assert isinstance(app.screen, FormDialog)  # the setup's form, over the setup screen
        assert reloads == []  # nothing to read yet, and home is not shown


@pytest.mark.parametrize(("role", "screen"), [("clerk", ClerkScreen), ("room", RoomScreen)])
async def test_a_meeting_given_at_start_opens_over_home_which_reads_when_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, role: str, screen: type
) -> None:
    root, clock, meeting = _demo(tmp_path)
    reloads = _count(monkeypatch, HomeScreen, "action_reload")
    app = make_app(root, clock=clock, role=role, meeting_id=meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [HomeScreen, screen]
        assert reloads == []
        if role == "clerk":
            home = [c for c in screen_commands(app.screen) if c.title == t("palette.home")]
            assert len(home) == 1  # the palette offers home from a screen over it
            home[0].run()
            await pilot.pause()
            assert [type(s) for s in app.screen_stack] == [HomeScreen]
            assert len(reloads) == 1
            assert not [c for c in screen_commands(app.screen) if c.title == t("palette.home")]


async def test_leaving_the_clerks_screen_after_the_question_lands_on_home(tmp_path: Path) -> None:
    root, clock, meeting = _demo(tmp_path)
    app = make_app(root, clock=clock, role="clerk", meeting_id=meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ClerkScreen)
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):  # asked while the meeting has not ended
            await pilot.press("right", "enter")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, HomeScreen):
                break
            await asyncio.sleep(0.01)
        assert app.is_running and [type(s) for s in app.screen_stack] == [HomeScreen]
