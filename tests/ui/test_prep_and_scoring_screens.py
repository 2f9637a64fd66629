"""Pilot: the committee prepares the next meeting; the chair scores one. Enter acts on the row."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import FormDialog, MemberPicker, TextDialog
from meetingtui.ui.screens.prep import PrepScreen
from meetingtui.ui.screens.scoring import ScoringScreen
from support.meetings import create_meeting


async def test_committee_prepares_and_produces_the_meeting(fresh_repo: Repository, clock: FakeClock) -> None:
    committee = create_meeting(fresh_repo, "committee", "2026-12-15", clock=clock)
    app = make_app(fresh_repo.root, clock=clock, meeting_id=committee.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PrepScreen)
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-date", Input).value = "21/12/2026"
        form.query_one("#f-place", Input).value = "Phòng họp tầng 3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the third stage: news
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MemberPicker)
        picker.query_one(Input).value = "quyet"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("#text-input", TextArea).insert("Nâng cao chất lượng tham mưu chính sách")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
    state = Repository(fresh_repo.root).log(committee.id).state()
    prep = state.preparation
    assert (prep.date, prep.place, prep.presenters) == ("2026-12-21", "Phòng họp tầng 3", {"news": "m003"})
    produced = Repository(fresh_repo.root).log(prep.produced).state()
    assert {s.key: s.presenter for s in produced.stages}["news"] == "m003"


async def test_scoring_suggests_and_enter_changes_a_line(fresh_repo: Repository, clock: FakeClock) -> None:
    meeting = fresh_repo.meetings()[-1].id
    svc = MeetingService(fresh_repo, meeting, clock)
    svc.start()
    clock.advance(minutes=95)
    app = make_app(fresh_repo.root, clock=clock, meeting_id=meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("enter")  # the first line: time and minimum length
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-points", Input).value = "4,5"
        form.query_one("#f-note", Input).value = "Bắt đầu muộn 10 phút"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("K")
        await pilot.pause()
    score = Repository(fresh_repo.root).log(meeting).state().score
    assert score is not None and score.confirmed
    assert (score.lines[0].points, score.lines[0].reason) == (4.5, "Bắt đầu muộn 10 phút")


async def test_the_cell_picks_its_score_sheet(fresh_repo: Repository, clock: FakeClock) -> None:
    from textual.widgets import Select

    meeting = fresh_repo.meetings()[-1].id
    MeetingService(fresh_repo, meeting, clock).start()
    app = make_app(fresh_repo.root, clock=clock, meeting_id=meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c", "s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-sheet", Select).value = "hd12-5-criteria"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
    assert Repository(fresh_repo.root).cell().score_sheet == "hd12-5-criteria"
    score = Repository(fresh_repo.root).log(meeting).state().score
    assert score is not None and score.sheet == "hd12-5-criteria" and len(score.lines) == 5
