"""Product bugs the benchmarks ran into, kept as tests so they do not come back.

These are not benchmarks: they run in the normal suite (no ``benchmark`` mark).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.store import repo as repo_mod
from support.synth import make_cell, open_meeting

START = "2026-11-20T01:00:00+00:00"


@pytest.mark.slow
async def test_ending_a_speech_does_not_read_the_cell_history_again(tmp_path: Path, monkeypatch) -> None:
    from meetingtui.ui.app import make_app
    from meetingtui.ui.screens.clerk import ClerkScreen

    root = tmp_path / "data"
    repo = make_cell(root, FakeClock(START), members=30, meetings=24)
    meeting_id = open_meeting(repo, FakeClock(START))
    folds: list[int] = []
    real_fold = repo_mod.MeetingLog._fold

    def counting_fold(self, docs):  # type: ignore[no-untyped-def]
        folds.append(1)
        return real_fold(self, docs)

    app = make_app(root, clock=FakeClock(START), role="clerk", meeting_id=meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ClerkScreen) and screen.state is not None
        assert screen.state.current_stage is not None and screen.state.current_stage.key == "discussion"
        present = [m for m, rec in screen.state.attendance.items() if rec.present_now]
        screen.service.record("queue_added", member=present[0])
        screen.state = screen.service.record("speech_started")
        await pilot.pause()
        monkeypatch.setattr(repo_mod.MeetingLog, "_fold", counting_fold)
        await pilot.press("ctrl+e")
        await pilot.pause()
    # one fold to validate the event against the stored meeting; the 24 past meetings did
    # not change and need not be read again for the redraw
    assert len(folds) <= 2, f"{len(folds)} meetings folded for one ctrl+e"
