"""Pilot, issue 16: Kết luận as the document kind end to end; the chair set and shown; a
meeting started on another day than its date; ``A`` leaves out members not expected; the
roster asks before a second bí thư and an early confirmation; the home summary adds up."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.people import Category
from meetingtui.domain.resolution import is_adopted
from meetingtui.domain.state import DocKind
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import ConfirmDialog, FormDialog
from meetingtui.ui.dialogs.vote import VoteDialog
from meetingtui.ui.screens.chair import ChairScreen
from meetingtui.ui.screens.resolution import ResolutionScreen
from meetingtui.ui.screens.rollcall import RollCallScreen


def _stored(repo: Repository, meeting_id: str):  # type: ignore[no-untyped-def]
    return Repository(repo.root).log(meeting_id).state()


async def test_the_document_kind_becomes_ket_luan_and_is_voted_numbered_and_exported(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, tmp_path: Path
) -> None:
    service = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in service.state().members():
        service.record("attendance_marked", member=member.id, status="present")
    service.start()
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResolutionScreen)
        await pilot.press("m")  # the details: choose Kết luận
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-kind", Select).value = "KL"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running and app.screen is screen  # no crash (issue 16's first bullet)
        assert _stored(demo_repo, demo_meeting_id).resolution.kind is DocKind.CONCLUSION
        assert "KẾT LUẬN" in str(screen.query_one("#res-head", Static).render())

        await pilot.press("b")  # the vote; a warning (no task) is asked first
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("y")
            await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VoteDialog)
        assert dialog.query_one("#question-input", Input).value.startswith("Thông qua Kết luận")
        dialog.query_one("#count-for", Input).value = "20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        state = _stored(demo_repo, demo_meeting_id)
        assert is_adopted(state) and state.resolution.kind is DocKind.CONCLUSION
        label = f"{state.resolution.number:02d}-KL/CB"
        assert label in str(screen.query_one("#res-head", Static).render())

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-format", Select).value = "docx"
        form.query_one("#f-folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = list(tmp_path.glob("*.docx"))
        assert len(written) == 1 and written[0].name.startswith("ket-luan")
        from docx import Document

        docx = Document(str(written[0]))
        cells = [c.text for table in docx.tables for row in table.rows for c in row.cells]
        text = "\n".join([p.text for p in docx.paragraphs] + cells)
        assert f"Số {label}" in text and "KẾT LUẬN" in text and "DỰ THẢO" not in text


async def test_the_chair_is_shown_and_changed_on_the_chairs_screen(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChairScreen)
        assert "Chủ trì: Nông Văn Thắng" in str(screen.sub_title)
        await pilot.press("h")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-chair", Select).value = "m002"  # the deputy
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _stored(demo_repo, demo_meeting_id).chair == "m002"
        assert "Chủ trì: Hoàng Thị Thu Hà" in str(screen.sub_title)

        # before the start, g gives the stage under the cursor (not always stage 1)
        await pilot.press("down", "down", "g")
        await pilot.pause()
        await pilot.press(*"huong", "enter")
        await pilot.pause()
        stages = _stored(demo_repo, demo_meeting_id).stages
        assert stages[2].presenter in ("m004", "m006", "m021") and stages[0].presenter != stages[2].presenter


async def test_starting_on_another_day_asks_and_moves_the_meeting_to_today(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    MeetingService(demo_repo, demo_meeting_id, clock).record("details_set", date="2026-11-21")  # tomorrow
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "21/11/2026" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("escape")  # not today: nothing happens
        await pilot.pause()
        assert _stored(demo_repo, demo_meeting_id).started_at is None
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("right", "enter")  # the confirming button
        await pilot.pause()
        state = _stored(demo_repo, demo_meeting_id)
        assert state.started_at is not None and state.date == "2026-11-20"


async def test_everyone_else_present_leaves_out_members_not_expected(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RollCallScreen)
        await pilot.press("f8")  # everyone else present: asked with how many and who is left out
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question", Static).render())
        assert "24 đồng chí" in question and "Hoàng Văn Páo" in " ".join(
            question.split()
        )  # 21 official, 3 probationary
        await pilot.press("right", "enter")
        await pilot.pause()
        state = _stored(demo_repo, demo_meeting_id)
        apart = [m for m in state.members() if m.category not in (Category.OFFICIAL, Category.PROBATIONARY)]
        assert apart and all(m.id not in state.attendance for m in apart)
        expected = [m for m in state.members() if m.category in (Category.OFFICIAL, Category.PROBATIONARY)]
        assert all(state.attendance[m.id].status == "present" for m in expected)


async def test_the_roster_asks_before_a_second_secretary_and_the_home_summary_adds_up(
    demo_repo: Repository, clock: FakeClock
) -> None:
    from meetingtui.ui.screens.members import MembersScreen

    app = make_app(demo_repo.root, clock=clock)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        card = str(app.screen.query_one("#cell-card", Static).render())
        assert (
            "26 đảng viên: 21 chính thức, 3 dự bị, 2 miễn sinh hoạt, 0 sinh hoạt tạm thời nơi khác, 0 đình chỉ"
            in card
        )
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("down")  # m002, the deputy
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-role", Select).value = "bi_thu"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Chi bộ đã có bí thư: đồng chí Nông Văn Thắng" in str(
            app.screen.query_one("#question", Static).render()
        )
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert Repository(demo_repo.root).member("m002").role.value == "pho_bi_thu"  # not saved


async def test_the_committee_shapes_the_agenda_in_its_preparation(
    fresh_repo: Repository, clock: FakeClock
) -> None:
    from meetingtui.ui.screens.prep import PrepScreen
    from support.meetings import create_meeting

    committee = create_meeting(fresh_repo, "committee", "2026-11-20", clock=clock)
    app = make_app(fresh_repo.root, clock=clock, meeting_id=committee.id)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PrepScreen)
        for _ in range(5):  # to "Thảo luận"
            await pilot.press("down")
        await pilot.press("t")  # a thematic part after it
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-title", Input).value = "Chuyển đổi số"
        form.query_one("#f-presenter", Select).value = "m006"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("down", "b")  # re-budget it
        await pilot.pause()
        app.screen.query_one("#f-budget", Input).value = "40"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("left_square_bracket")  # move it up one
        await pilot.pause()
        agenda = _stored(fresh_repo, committee.id).preparation.agenda
        part = [(i, s) for i, s in enumerate(agenda) if s.key == "thematic_topic"]
        assert len(part) == 1
        index, stage = part[0]
        assert (index, stage.title, stage.budget_min, stage.presenter) == (
            5,
            "Sinh hoạt chuyên đề: Chuyển đổi số",
            40,
            "m006",
        )


async def test_the_chair_adds_a_thematic_part_and_the_minimum_becomes_120(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)
        for _ in range(5):  # to "Thảo luận"
            await pilot.press("down")
        await pilot.press("plus")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-key", Select).value = "thematic_topic"
        form.query_one("#f-title", Input).value = "Đạo đức công vụ"
        await pilot.press("ctrl+s")
        await pilot.pause()
        state = _stored(demo_repo, demo_meeting_id)
        assert [s.key for s in state.stages][6] == "thematic_topic"
        assert state.stages[6].title == "Sinh hoạt chuyên đề: Đạo đức công vụ" and state.min_minutes == 120
        await pilot.press("x")  # and dropped again, after a question
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


async def test_the_editor_of_a_thematic_conclusion_shows_its_own_sections(
    fresh_repo: Repository, clock: FakeClock
) -> None:
    from support.meetings import create_meeting

    state = create_meeting(fresh_repo, "thematic", "2026-11-20", clock=clock, topic="Tiết kiệm")
    app = make_app(fresh_repo.root, clock=clock, meeting_id=state.id)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ResolutionScreen)
        sections = str(app.screen.query_one("#res-sections", Static).render())
        assert "I. Nội dung chuyên đề, ý kiến thảo luận và kết luận" in sections
        assert "Chuyên đề “Tiết kiệm”" in sections
        assert "về chuyên đề “Tiết kiệm”" in str(app.screen.query_one("#res-head", Static).render())


async def test_a_thematic_meeting_takes_its_topic_and_presenter_from_the_year_plan(
    fresh_repo: Repository, clock: FakeClock
) -> None:
    from meetingtui.services.cell import CellService

    CellService(fresh_repo, clock).planning().add_topic(
        2026, 4, "Chuyển đổi số trong cơ quan", presenter="m007"
    )
    app = make_app(fresh_repo.root, clock=clock)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-type", Select).value = "thematic"
        planned = form.query_one("#f-planned", Select)
        field = next(f for f in form.fields if f.key == "planned")
        planned.value = next(value for _, value in field.choices if value)
        await pilot.press("ctrl+s")
        await pilot.pause()
        state = _stored(
            fresh_repo,
            [m for m in Repository(fresh_repo.root).meetings() if m.type.value == "thematic"][0].id,
        )
        assert state.title == "Sinh hoạt chi bộ chuyên đề: Chuyển đổi số trong cơ quan"
        assert state.stages[2].key == "topic_report" and state.stages[2].presenter == "m007"
        assert state.chair == "m001"
