"""Pilot: the chair drafts the resolution, takes a follow-up, adopts it by vote and exports it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.dates import parse_date as parse_day
from meetingtui.domain.dates import parse_month
from meetingtui.domain.resolution import is_adopted
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import ConfirmDialog, FormDialog, MemberPicker
from meetingtui.ui.dialogs.vote import VoteDialog
from meetingtui.ui.screens.resolution import ResolutionScreen


def _stored(repo: Repository, meeting_id: str):  # type: ignore[no-untyped-def]
    return Repository(repo.root).log(meeting_id).state()


def _prepare(repo: Repository, meeting_id: str, clock: FakeClock) -> None:
    service = MeetingService(repo, meeting_id, clock)
    for member in service.state().members():
        service.record("attendance_marked", member=member.id, status="present")
    service.start()
    service.record(
        "entry_added",
        kind="self_criticism",
        speaker="m008",
        text="Nộp báo cáo chậm 3 ngày.",
        follow_up={"content": "Nộp báo cáo giải ngân đúng hạn", "owner": "m008", "deadline": "2026-12-25"},
    )


async def test_draft_follow_up_vote_and_export(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, tmp_path: Path
) -> None:
    _prepare(demo_repo, demo_meeting_id, clock)
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResolutionScreen)
        assert "Nghị quyết chưa có nhiệm vụ nào" in str(screen.query_one("#res-warnings", Static).render())

        # a: a task with every field
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-content", Input).value = "Hoàn thành báo cáo tổng kết năm 2026"
        form.query_one("#f-requirement", Input).value = "Đủ số liệu 9 huyện"
        form.query_one("#f-measures", Input).value = "Tổ đảng 1 tổng hợp"
        form.query_one("#f-owner", Select).value = "@committee"
        form.query_one("#f-deadline", Input).value = "31/12/2026"  # typed the Vietnamese way
        await pilot.press("ctrl+s")
        await pilot.pause()
        task = _stored(demo_repo, demo_meeting_id).resolution.tasks[0]
        # due 31/12, after the December meeting (21/12): reported back in January
        assert (task.owner, task.deadline, task.report_at) == ("@committee", "2026-12-31", "2027-01")

        # a bad date keeps the form open with a message
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-content", Input).value = "Việc khác"
        form.query_one("#f-deadline", Input).value = "31/02/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert "31/02/2026" in str(app.screen.query_one("#form-error", Static).render())
        await pilot.press("escape")  # something was typed: asked first, "keep editing" focused
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("right", "enter")  # throw it away
        await pilot.pause()

        # f: the follow-up of the self-criticism becomes task 2 (incomplete: a warning)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, MemberPicker)
        await pilot.press("enter")
        await pilot.pause()
        tasks = _stored(demo_repo, demo_meeting_id).resolution.tasks
        assert [t.content for t in tasks][1] == "Nộp báo cáo giải ngân đúng hạn"
        assert tasks[1].source.startswith("entry:")
        assert screen.query_one("#res-tasks", DataTable).row_count == 2
        assert "Nhiệm vụ 2 còn thiếu: yêu cầu, biện pháp" in str(
            screen.query_one("#res-warnings", Static).render()
        )

        # b: warned first, then the vote (21 official members present of 23)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Nhiệm vụ 2 còn thiếu" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("right", "enter")  # "vote anyway"
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VoteDialog)
        assert dialog.query_one("#question-input", Input).value.startswith("Thông qua Nghị quyết về lãnh đạo")
        dialog.query_one("#count-for", Input).value = "20"
        dialog.query_one("#count-against", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        state = _stored(demo_repo, demo_meeting_id)
        assert is_adopted(state) and state.resolution.number is not None
        label = f"{state.resolution.number:02d}-NQ/CB"
        assert label in str(screen.query_one("#res-head", Static).render())

        # adopted: editing keys no longer apply
        before = len(Repository(demo_repo.root).log(demo_meeting_id).events())
        await pilot.press("a", "x", "w")
        await pilot.pause()
        assert app.screen is screen
        assert len(Repository(demo_repo.root).log(demo_meeting_id).events()) == before

        # e: export, then again: asked before overwriting
        for answer in (None, "stay", "overwrite"):
            await pilot.press("e")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormDialog)
            form.query_one("#f-format", Select).value = "txt"
            form.query_one("#f-folder", Input).value = str(tmp_path)
            await pilot.press("ctrl+s")
            await pilot.pause()
            written = tmp_path / "nghi-quyet-sinh-hoat-chi-bo-dinh-ky-2026-11-20.txt"
            if answer is None:
                assert written.exists()
                written.write_text("sửa tay", encoding="utf-8")
                continue
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press(*(["enter"] if answer == "stay" else ["right", "enter"]))
            await pilot.pause()
            content = written.read_text(encoding="utf-8")
            assert (content == "sửa tay") is (answer == "stay")
        assert label in written.read_text(encoding="utf-8")


async def test_editor_opens_before_the_meeting_starts(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ResolutionScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ResolutionScreen)


def test_dates_typed_the_vietnamese_way() -> None:
    assert parse_day("5/2/2026") == "2026-02-05"
    assert parse_day("2026-02-05") == "2026-02-05"
    assert parse_day("") == ""
    assert parse_month("2/2026") == "2026-02"
    assert parse_month("2026-12") == "2026-12"
    for bad in ("31/02/2026", "hôm nay"):
        try:
            parse_day(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    for bad in ("13/2026", "12-26"):
        try:
            parse_month(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
