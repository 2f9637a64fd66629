"""Pilot: from the clerk's screen, a self-criticism and a commendation by keyboard; the member page."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import DataTable, Input, Select, Static, TextArea

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.criticism import EntryKind
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import FormDialog, MemberPicker, TextDialog
from meetingtui.ui.screens.clerk import ClerkScreen
from meetingtui.ui.screens.criticism import CriticismScreen
from meetingtui.ui.screens.member_page import MemberPage
from meetingtui.ui.screens.members import MembersScreen


def _running(repo: Repository, meeting_id: str, clock: FakeClock, stages: int) -> MeetingService:
    chair = MeetingService(repo, meeting_id, clock)
    for member in chair.state().members():
        status = "excused" if member.id == "m020" else "present"
        chair.record("attendance_marked", member=member.id, status=status, reason="Đi công tác")
    chair.start()
    for _ in range(stages):
        chair.record("next_stage")
    return chair


async def _pick(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    assert isinstance(app.screen, MemberPicker), app.screen
    app.screen.query_one(Input).value = query
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_clerk_enters_a_self_criticism_and_a_commendation(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock, stages=5)  # the discussion stage: any stage will do
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 44)) as pilot:
        assert isinstance(app.screen, ClerkScreen)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CriticismScreen)
        pending = screen.query_one("#pending", DataTable)
        assert pending.row_count == 25  # everyone present, nobody has self-criticised yet

        # self-criticism: F2 → speaker "huong" → substance → commitment and follow-up
        await pilot.press("t", "p", "b", "n")  # letters are not commands here
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("f2")
        await pilot.pause()
        await _pick(pilot, "huong")  # Đặng Thị Hường
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(TextArea).insert("Chậm nộp báo cáo [b]3 ngày[/b]\ndo chưa đôn đốc số liệu")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#f-response", Input).value = "Nhận khuyết điểm, nộp đúng hạn từ tháng sau"
        form.query_one("#f-content", Input).value = "Nộp báo cáo giải ngân đúng hạn"
        form.query_one("#f-deadline", Input).value = "25/12/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen

        # commendation: F4 → speaker (the chair comes first) → whom: "nth" → substance; no task asked
        clock.advance(120)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, MemberPicker)
        await pilot.press("enter")  # the chair, Nông Văn Thắng
        await pilot.pause()
        await _pick(pilot, "nth")  # Nguyễn Thị Hường
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(TextArea).insert("Hoàn thành tốt việc rà soát người có uy tín")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # recorded: a commendation asks for no commitment or task

        table = screen.query_one("#entries", DataTable)
        assert table.row_count == 2
        assert pending.row_count == 24 and "m004" not in [str(k.value) for k in pending.rows]
        assert "Tự phê bình 1 · phê bình 0 · biểu dương 1 · nhắc nhở 0" in str(
            screen.query_one("#crit-head", Static).render()
        )
        table.move_cursor(row=0)
        await pilot.pause()
        detail = str(screen.query_one("#entry-detail", Static).render())
        assert "Chậm nộp báo cáo [b]3 ngày[/b]" in detail  # shown literally
        assert "Nộp báo cáo giải ngân đúng hạn" in detail and "25/12/2026" in detail

    entries = Repository(demo_repo.root).log(demo_meeting_id).state().criticism
    first, second = entries
    assert (first.kind, first.speaker, first.concerns) == (EntryKind.SELF_CRITICISM, "m004", "m004")
    assert first.text == "Chậm nộp báo cáo [b]3 ngày[/b]\ndo chưa đôn đốc số liệu"
    assert first.response == "Nhận khuyết điểm, nộp đúng hạn từ tháng sau"
    assert first.follow_up is not None
    assert (first.follow_up.content, first.follow_up.owner, first.follow_up.deadline) == (
        "Nộp báo cáo giải ngân đúng hạn",
        "m004",
        "2026-12-25",
    )
    assert (second.kind, second.speaker, second.concerns) == (EntryKind.COMMENDATION, "m001", "m006")
    assert second.response == "" and second.follow_up is None
    assert first.stage == second.stage == "s6" and second.at == clock.now()


async def test_enter_on_a_pending_member_and_a_criticism_of_an_absent_member(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    _running(demo_repo, demo_meeting_id, clock, stages=6)  # the criticism stage
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CriticismScreen)
        assert "Phần tự phê bình và phê bình" in str(screen.query_one("#crit-head", Static).render())
        pending = screen.query_one("#pending", DataTable)
        pending.focus()
        pending.move_cursor(row=1)  # Hoàng Thị Thu Hà
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)  # the speaker is already known
        app.screen.query_one(TextArea).insert("Chưa kiểm tra thường xuyên")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()

        # F3: criticism by Lý Văn Quyết of Ma Văn Chiến, who is away
        await pilot.press("f3")
        await pilot.pause()
        await _pick(pilot, "quyet")
        await _pick(pilot, "chien")
        app.screen.query_one(TextArea).insert("Chưa nộp bài thu hoạch")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#f-owner", Select).value == "m020"  # the owner defaults to him
        await pilot.press("escape")
        await pilot.pause()
        row = screen.query_one("#entries", DataTable).get_row_at(1)
        assert "Ma Văn Chiến (vắng)" in str(row[4])

    first, second = Repository(demo_repo.root).log(demo_meeting_id).state().criticism
    assert (first.kind, first.speaker, first.concerns) == (EntryKind.SELF_CRITICISM, "m002", "m002")
    assert (second.kind, second.speaker, second.concerns, second.absent) == (
        EntryKind.CRITICISM,
        "m003",
        "m020",
        True,
    )


async def test_member_page_shows_the_history_and_records_a_report(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock)
    async with app.run_test(size=(140, 44)) as pilot:
        app.push_screen(MembersScreen())
        await pilot.pause()
        table = app.screen.query_one("#members", DataTable)
        table.move_cursor(row=13)  # m014 Tẩn Láo Lở
        await pilot.press("h")
        await pilot.pause()
        page = app.screen
        assert isinstance(page, MemberPage)
        await app.workers.wait_for_complete()
        await pilot.pause()
        history = page.query_one("#member-history", DataTable)
        assert history.row_count == 2
        summary = str(page.query_one("#member-summary", Static).render())
        assert "năm 2026" in summary and "1 chưa làm, 1 chưa báo cáo" in summary
        # the October reminder: report that it was done
        history.move_cursor(row=1)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#f-result", Select).value = "done"
        app.screen.query_one("#f-note", Input).value = "Đã nộp đủ ngày 10/11"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 đã làm, 1 chưa làm, 0 chưa báo cáo" in str(
            page.query_one("#member-summary", Static).render()
        )
        await pilot.press("y")  # all years: the same here
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "tất cả các kỳ" in str(page.query_one("#member-summary", Static).render())

    october = [s for s in Repository(demo_repo.root).meetings() if s.date == "2026-10-20"][0]
    follow = [
        e for e in Repository(demo_repo.root).log(october.id).state().criticism if e.concerns == "m014"
    ][0]
    assert follow.follow_up is not None and (follow.follow_up.done, follow.follow_up.note) == (
        True,
        "Đã nộp đủ ngày 10/11",
    )


async def test_names_and_text_are_shown_literally(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    member = demo_repo.member("m009")
    demo_repo.save_member(replace(member, name="Lò Thị [b]Mai[/]"))
    _running(demo_repo, demo_meeting_id, clock, stages=6)
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("f5")  # a reminder
        await pilot.pause()
        await pilot.press("enter")  # the chair speaks
        await pilot.pause()
        await _pick(pilot, "mai")
        app.screen.query_one(TextArea).insert("[red]Hoàn thành tốt[/red] \x1b[31m")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        owner = form.query_one("#f-owner", Select)
        assert owner.value == "m009"
        assert "Lò Thị [b]Mai[/]" in str(owner.query_one("SelectCurrent Static").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CriticismScreen)
        row = screen.query_one("#entries", DataTable).get_row_at(0)
        assert str(row[4]) == "Lò Thị [b]Mai[/]" and str(row[5]) == "[red]Hoàn thành tốt[/red]"

    (entry,) = Repository(demo_repo.root).log(demo_meeting_id).state().criticism
    assert entry.text == "[red]Hoàn thành tốt[/red]"  # the escape sequence is cleaned away
    assert entry.follow_up is None  # no task typed: nothing offered to the resolution
