"""Pilot: the year's screens as a secretary uses them: the plan from home, the dues from home
and from the chair's "Việc khác" stage, the members' review, the packet, roll call naming the
members behind with their dues. Each checks what is stored, and that bad input saves nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.services.cell import CellService
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import ConfirmDialog, FormDialog, MemberPicker
from meetingtui.ui.screens.dues import DuesScreen
from meetingtui.ui.screens.grading import GradingScreen, MemberSheetScreen
from meetingtui.ui.screens.plan import PlanScreen

START = "2026-11-20T01:00:00+00:00"  # 08:00 in Lào Cai on the day of the demo's meeting


def _demo(tmp_path: Path) -> tuple[Path, FakeClock]:
    clock = FakeClock(START)
    create_demo(tmp_path / "data", clock)
    return tmp_path / "data", clock


def _text(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def _cells(root: Path) -> CellService:
    return CellService(Repository(root), FakeClock(START))


def _select_row(table: DataTable[object], key: str) -> None:
    table.move_cursor(row=table.get_row_index(key))


async def test_home_shows_the_next_meeting_and_opens_the_plan_which_refuses_a_day_past_31(
    tmp_path: Path,
) -> None:
    root, clock = _demo(tmp_path)
    app = make_app(root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Kỳ sinh hoạt tháng 11: đã lập ngày 20/11/2026" in _text(app.screen, "#year-card")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert "từ ngày 20 đến ngày 22" in _text(app.screen, "#plan-head")
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-day_to", Input).value = "35"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)  # refused in the dialog: it stays open
        assert "35" in _text(app.screen, "#form-error")
        form.query_one("#f-day_from", Input).value = "18"
        form.query_one("#f-day_to", Input).value = "21"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert "từ ngày 18 đến ngày 21" in _text(app.screen, "#plan-head")
        await pilot.press("a")
        await pilot.pause()
        topic = app.screen
        assert isinstance(topic, FormDialog)
        topic.query_one("#f-quarter", Select).value = "4"
        topic.query_one("#f-title", Input).value = "Văn hóa công sở"
        topic.query_one("#f-month", Input).value = "3"  # not in quarter IV
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "không thuộc quý 4" in _text(app.screen, "#form-error")
        topic.query_one("#f-month", Input).value = "11"
        await pilot.press("ctrl+s")
        await pilot.pause()
    cells = _cells(root)
    plan = cells.planning().plan_state(2026)
    assert plan.window == (18, 21) and cells.cell().meeting_day_to == 21
    assert [(t.quarter, t.month, t.title) for t in plan.live_topics(4)][-1] == (4, 11, "Văn hóa công sở")


async def test_dues_from_home_a_payment_and_bad_input_that_saves_nothing(tmp_path: Path) -> None:
    root, clock = _demo(tmp_path)
    before = {m: _cells(root).dues().state(m) for m in ("2026-09", "2026-10", "2026-11")}
    app = make_app(root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DuesScreen)
        table = screen.query_one("#dues-members", DataTable)
        _select_row(table, "m013")  # Hà Văn Sơn, two months behind
        await pilot.pause()
        assert "Chưa đóng tháng 9, 10" in _text(screen, "#dues-detail")
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#f-months", Input).value == "9, 10, 11"
        form.query_one("#f-amount", Input).value = "-80.200"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "không được âm" in _text(app.screen, "#form-error")
        form.query_one("#f-amount", Input).value = "80.200,5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "đồng chẵn" in _text(app.screen, "#form-error")
        form.query_one("#f-amount", Input).value = ""
        form.query_one("#f-months", Input).value = "9-10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DuesScreen)
        _select_row(table, "m013")
        await pilot.press("b")  # salaried with no salary base
        await pilot.pause()
        basis = app.screen
        assert isinstance(basis, FormDialog)
        basis.query_one("#f-base", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        _select_row(table, "m013")
        await pilot.press("g")  # a reduction of 13 months
        await pilot.pause()
        cut = app.screen
        assert isinstance(cut, FormDialog)
        cut.query_one("#f-from", Input).value = "11/2026"
        cut.query_one("#f-to", Input).value = "11/2027"
        cut.query_one("#f-reason", Input).value = "Ốm dài ngày"
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = {m: _cells(root).dues().state(m) for m in before}
    paid = [p for m in after for p in after[m].payments if p not in before[m].payments]
    assert [(p.member, p.month, p.amount, p.meeting) for p in paid] == [
        ("m013", "2026-09", 80_200, ""),
        ("m013", "2026-10", 80_200, ""),
    ]
    for month in before:  # refused: nothing saved
        assert (after[month].bases, after[month].reductions) == (
            before[month].bases,
            before[month].reductions,
        )


async def test_the_chairs_other_business_stage_opens_the_dues_and_roll_call_names_who_is_behind(
    tmp_path: Path,
) -> None:
    root, clock = _demo(tmp_path)
    repo = Repository(root)
    meeting = repo.meetings()[-1].id
    app = make_app(root, clock=clock, meeting_id=meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert "Hà Văn Sơn: chưa đóng đảng phí tháng 9, 10" in _text(app.screen, "#roll-warnings")
        await pilot.press("escape")
        await pilot.pause()
        svc = MeetingService(repo, meeting, clock)
        for member in svc.state().members():
            svc.record("attendance_marked", member=member.id, status="present")
        svc.start()
        while (stage := svc.state().current_stage) is not None and stage.key != "other":
            svc.record("next_stage")
        await pilot.pause(0.6)  # the chair's screen sees the other terminal's writes
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DuesScreen) and screen.meeting_id == meeting
        _select_row(screen.query_one("#dues-members", DataTable), "m013")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    paid = _cells(root).dues().state("2026-10").payment("m013", "2026-10")
    assert paid is not None and paid.meeting == meeting and paid.due == 80_200


async def test_the_review_drafted_confirmed_and_changed_only_with_a_reason(tmp_path: Path) -> None:
    root, clock = _demo(tmp_path)
    app = make_app(root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GradingScreen) and screen.period == "2026-Q3"  # the demo's review
        assert "24 đảng viên được xếp loại, 24 đã xác nhận" in _text(screen, "#review-head")
        await pilot.press("right_square_bracket")  # quarter IV: drafted from the record, not stored
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.period == "2026-Q4" and "0 đã xác nhận" in _text(screen, "#review-head")
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        _select_row(screen.query_one("#review-members", DataTable), "m007")
        await pilot.press("enter")
        await pilot.pause()
        sheet = app.screen
        assert isinstance(sheet, MemberSheetScreen)
        _select_row(sheet.query_one("#sheet-lines", DataTable), "work")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-points", Input).value = "19"
        await pilot.press("ctrl+s")  # no reason: refused, nothing stored
        await pilot.pause()
        unchanged = _cells(root).reviews().state("2026-Q4").reviews[("2026-Q4", "m007")].line("work")
        assert (unchanged.points, unchanged.confirmed) == (16, False)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-points", Input).value = "19"
        form.query_one("#f-note", Input).value = "Hoàn thành tốt đề án của cơ quan"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("K")
        await pilot.pause()
    review = _cells(root).reviews().state("2026-Q4").reviews[("2026-Q4", "m007")]
    work = review.line("work")
    assert (work.points, work.proposed, work.reason) == (19, 16, "Hoàn thành tốt đề án của cơ quan")
    assert review.confirmed


async def test_the_packet_of_a_prepared_meeting_is_written_and_recorded_as_sent(tmp_path: Path) -> None:
    root, clock = _demo(tmp_path)
    cells = _cells(root)
    thematic = cells.create_meeting("thematic", "2026-12-10", time="08:00", chair="m001").id
    app = make_app(root, clock=clock, meeting_id=thematic)
    out = tmp_path / "goi"
    out.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        for _ in range(40):  # four documents are written in a thread
            await pilot.pause(0.1)
            if isinstance(app.screen, ConfirmDialog):
                break
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("right", "enter")  # no letter answers a question: → to "yes", Enter
        await pilot.pause()
    assert len(list((out / f"goi-tai-lieu-{thematic}").glob("*.docx"))) == 4
    packet = _cells(root).planning().packet(thematic)
    assert packet is not None and not packet.late and packet.hours_ahead == 480.0


async def test_the_chairs_screen_warns_when_the_packet_went_out_less_than_a_day_ahead(tmp_path: Path) -> None:
    root, clock = _demo(tmp_path)
    cells = _cells(root)
    meeting = cells.meetings()[-1].id  # 14:00 today
    cells.planning().record_packet_sent(meeting, sent_at=datetime.fromisoformat("2026-11-19T13:00:00+00:00"))
    app = make_app(root, clock=clock, meeting_id=meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Tài liệu gửi trước 18 giờ: chưa đủ một ngày" in _text(app.screen, "#warnings")


async def test_the_cells_vote_to_commend_is_recorded_from_the_review_screen(tmp_path: Path) -> None:
    root, clock = _demo(tmp_path)
    repo = Repository(root)
    meeting = repo.meetings()[-1].id
    svc = MeetingService(repo, meeting, clock)
    for member in svc.state().members():
        svc.record("attendance_marked", member=member.id, status="present")
    svc.start()
    svc.record("vote_recorded", question="Biểu dương Tổ đảng 2", kind="other", form="hands", **{"for": 20})
    app = make_app(root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MemberPicker)  # the year's votes passed
        await pilot.press("enter")
        await pilot.pause()
        target = app.screen
        assert isinstance(target, MemberPicker)
        target.query_one(Input).value = "to dang 2"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-kind", Select).value = "bieu_duong"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Chi bộ bình chọn: Biểu dương Tổ đảng 2" in _text(app.screen, "#review-head")
    chosen = _cells(root).reviews().state("2026-Q3").chosen("2026-Q3")
    assert [(c.target, c.kind, c.meeting, c.votes_for, c.denominator) for c in chosen] == [
        ("group:Tổ đảng 2", "bieu_duong", meeting, 20, 23)  # the exempted members came: they count
    ]


async def test_the_month_is_remitted_and_the_ledger_and_the_report_saved(tmp_path: Path) -> None:
    root, clock = _demo(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # this month's remittance: what was collected so far, less the cell's share
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-amount", Input).value = "-1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "không được âm" in _text(app.screen, "#form-error")
        form.query_one("#f-amount", Input).value = "0"
        form.query_one("#f-receipt", Input).value = "BL-11"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        save = app.screen
        assert isinstance(save, FormDialog)
        save.query_one("#f-format", Select).value = "docx"
        save.query_one("#f-month", Input).value = "10"
        save.query_one("#f-path", Input).value = str(out / "bang-ke")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        _select_row(app.screen.query_one("#plan-months", DataTable), "10")
        await pilot.press("b")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, FormDialog)
        report.query_one("#f-path", Input).value = str(out / "bao-cao")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    remitted = _cells(root).dues().state("2026-11").remittance("2026-11")
    assert remitted is not None and (remitted.amount, remitted.receipt, remitted.on) == (
        0,
        "BL-11",
        "2026-11-20",
    )
    assert (out / "bang-ke.docx").stat().st_size > 5000 and (out / "bao-cao.docx").stat().st_size > 5000
