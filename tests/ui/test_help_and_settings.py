"""Help on every screen, the command palette, remapped keys, the other language, small terminals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
    from textual.command import CommandList, CommandPalette
    from textual.widgets import Input

    from meetingtui.ui.screens.rollcall import RollCallScreen

    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        placeholder = palette.query_one(Input).placeholder
        assert placeholder == (
            "Gõ tên lệnh (không dấu cũng được)…" if lang == "vi" else "Type a command's name…"
        )
        await pilot.press(*typed)
        await pilot.pause(0.7)  # past Textual's half second before "No matches found"
        options = palette.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown and first in shown[0], shown
        assert not any("No matches" in s for s in shown)
        if first in ("Điểm danh", "Roll call"):
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, RollCallScreen)


async def test_palette_says_in_the_interface_language_when_nothing_matches(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    from textual.command import CommandList

    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"xyzw")
        await pilot.pause(0.7)
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["Không có lệnh nào khớp «xyzw» (Esc: đóng)"]


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
