"""Help on every screen, the command palette, remapped keys, the other language, small terminals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Static

from meetingtui.domain.clock import FakeClock
from meetingtui.services.settings import load_settings
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs.help import HelpScreen
from meetingtui.ui.screens.chair import ChairScreen
from meetingtui.ui.screens.too_small import TooSmallScreen


async def test_f1_lists_the_keys_of_the_current_screen(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.keys)
        assert "Bắt đầu   [chair.start]" in keys and "Điểm danh" in keys
        assert "Cursor up" not in keys  # widgets' own keys are not listed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)


async def test_palette_offers_the_screen_actions(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    from meetingtui.ui.palette import screen_commands

    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(100, 30)):
        titles = [c.title for c in screen_commands(app.screen)]
        assert titles[:2] == ["Bắt đầu", "Điểm danh"]  # the screen's own, most used first
        assert "Bước sau" not in titles  # not applicable before the meeting starts
        assert "Về màn hình chính (buổi sinh hoạt vẫn tiếp tục)" in titles
        assert not {"Theme", "Quit", "Keys", "Screenshot", "Maximize"} & set(titles)  # Textual's own
        assert len(titles) == len(set(titles))  # ^Q and F1 once each, though app and screen list them
        assert titles[-1] == "Thoát"
        helps = {c.title: c.help for c in screen_commands(app.screen)}
        assert (helps["Thêm nội dung"], helps["Lên"], helps["Trợ giúp"]) == ("phím +", "phím [", "phím F1")


@pytest.mark.parametrize(
    ("lang", "typed", "first"),
    [
        ("vi", "diem danh", "Điểm danh"),
        ("vi", "Bắt", "Bắt đầu"),
        ("vi", "diem", "Điểm danh"),
        ("en", "roll", "Roll call"),
    ],
)
async def test_palette_finds_an_action_typed_without_accents_and_runs_it(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, lang: str, typed: str, first: str
) -> None:
    from textual.widgets import Input

    from meetingtui.ui.palette import CommandPicker
    from meetingtui.ui.screens.rollcall import RollCallScreen

    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPicker)
        placeholder = palette.query_one(Input).placeholder
        assert placeholder == (
            "Gõ tên lệnh (không dấu cũng được)…" if lang == "vi" else "Type a command's name…"
        )
        await pilot.press(*typed)
        await pilot.pause()
        shown = _listed(palette)
        assert shown and shown[0].startswith(first), shown
        if first in ("Điểm danh", "Roll call"):
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, RollCallScreen)


def _listed(palette: Screen[Any]) -> list[str]:
    from textual.widgets import OptionList

    options = palette.query_one("#picker-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_palette_says_in_the_interface_language_when_nothing_matches(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    from meetingtui.ui.palette import CommandPicker

    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"xyzw")
        await pilot.pause()
        assert _listed(app.screen) == ["Không có lệnh nào khớp «xyzw» (Esc: đóng)"]
        await pilot.press("enter")  # nothing to run: the palette stays, and says so
        await pilot.pause()
        assert isinstance(app.screen, CommandPicker)
        assert [n.message for n in app._notifications] == ["Không có lệnh nào khớp «xyzw» (Esc: đóng)"]
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"bat")
        await pilot.pause()
        assert _listed(app.screen)[0].startswith("Bắt đầu")


async def test_palette_opened_again_is_the_same_one_with_the_new_screen_commands(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """The palette is kept (issue 18): opened again, on another screen, it lists that screen's
    commands, with nothing typed, and what it runs is that screen's."""
    from textual.widgets import Input

    from meetingtui.ui.palette import CommandPicker
    from meetingtui.ui.screens.rollcall import RollCallScreen

    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"diem danh")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, CommandPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RollCallScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen is first
        assert first.query_one(Input).value == ""
        listed = _listed(first)
        assert "Điểm danh" not in [line.split("  ")[0] for line in listed]  # the chair's, not here
        assert any(line.startswith("Về màn hình chính") for line in listed)
        depth = len(app.screen_stack)
        await pilot.press("ctrl+p")  # a second ^P while it is open opens no other
        await pilot.pause()
        assert app.screen is first and len(app.screen_stack) == depth
        await pilot.press(*"ve man hinh chinh", "enter")
        await pilot.pause()
        assert len(app.screen_stack) == 1 and not isinstance(app.screen, (ChairScreen, RollCallScreen))


async def test_keys_remapped_in_the_settings_file(
    tmp_path: Path, demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"lang": "en", "keys": {"chair.start": "b"}}), encoding="utf-8")
    settings = load_settings(path)
    assert settings.lang == "en" and settings.keys == {"chair.start": "b"} and not settings.problem
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id, lang="en", keymap=settings.keys)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")  # no longer the start key
        await pilot.pause()
        assert Repository(demo_repo.root).log(demo_meeting_id).state().started_at is None
        await pilot.press("b")
        await pilot.pause()
        assert Repository(demo_repo.root).log(demo_meeting_id).state().started_at is not None
        assert "Stage 1/11" in str(app.screen.query_one("#stage-title", Static).render())


def test_broken_settings_file_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path).problem.startswith(str(path))
    path.write_text(json.dumps({"keys": ["x"]}), encoding="utf-8")
    assert "keys" in load_settings(path).problem
    assert load_settings(tmp_path / "missing.json") == load_settings(tmp_path / "missing.json")


async def test_a_terminal_smaller_than_80x24_gets_a_message(demo_repo: Repository, clock: FakeClock) -> None:
    app = make_app(demo_repo.root, clock=clock)
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "80×24" in str(app.screen.query_one("#too-small", Static).render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
