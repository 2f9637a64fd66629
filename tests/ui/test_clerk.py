"""Pilot: the clerk logs five speeches by keyboard and finds them in the stored meeting."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static, TextArea

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import MemberPicker
from meetingtui.ui.screens.clerk import ClerkScreen

SPEAKERS = [
    ("huong", "m004"),  # Đặng Thị Hường comes first: both Hường, input order kept
    ("nth", "m006"),  # initials of Nguyễn Thị Hường
    ("dat", "m007"),  # Trần Quốc Đạt, typed without accents
    ("duc", "m008"),  # Phạm Minh Đức: đ matches d
    ("lo thi m", "m009"),  # word prefixes
]


async def test_clerk_logs_five_speeches(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    chair = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in chair.state().members():
        chair.record("attendance_marked", member=member.id, status="present")
    chair.start()
    for _ in range(5):
        chair.record("next_stage")  # to the discussion stage

    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ClerkScreen)
        for query, _member in SPEAKERS:
            await pilot.press("f2")
            await pilot.pause()
            assert isinstance(app.screen, MemberPicker)
            app.screen.query_one(Input).value = query
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert "chưa phát biểu" in str(screen.query_one("#queue", DataTable).get_row_at(0)[1])
        for n, (_query, _member) in enumerate(SPEAKERS, start=1):
            await pilot.press("f3")  # the queue comes first in the picker
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            notes = screen.query_one("#notes", TextArea)
            assert notes.has_focus
            clock.advance(60 * n)
            notes.insert(f"Ý kiến số {n}: [b]đồng ý[/] với dự thảo\ndòng hai")
            await pilot.press("ctrl+e")
            await pilot.pause()
        clock.advance(1)
        screen.refresh_clock()
        assert "Đã phát biểu: 5/26" in str(screen.query_one("#clerk-stage", Static).render())

    stored = Repository(demo_repo.root).log(demo_meeting_id).state().record
    assert [s.member for s in stored.speeches] == [m for _q, m in SPEAKERS]
    assert [s.seconds for s in stored.speeches] == [60, 120, 180, 240, 300]
    assert all(s.stage == "s6" for s in stored.speeches)
    assert stored.speeches[2].text == "Ý kiến số 3: [b]đồng ý[/] với dự thảo\ndòng hai"
    assert stored.queue == () and stored.current is None


async def test_notes_typed_while_speaking_are_saved_before_the_speech_ends(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    chair = MeetingService(demo_repo, demo_meeting_id, clock)
    chair.start()
    chair.record("queue_added", member="m006")
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ClerkScreen)
        await pilot.press("f3", "enter")
        await pilot.pause()
        screen.query_one("#notes", TextArea).insert("Đồng chí đề nghị tăng cường kiểm tra")
        screen.save_notes()  # what the typing pause triggers
        # The laptop dies here: the notes are already on disk (apart from the events).
        stored = MeetingService(Repository(demo_repo.root), demo_meeting_id, clock).state().record
        assert stored.draft == "Đồng chí đề nghị tăng cường kiểm tra"
        assert all(e.kind != "speech_noted" for e in Repository(demo_repo.root).log(demo_meeting_id).events())


async def test_typed_notes_reach_the_disk_two_seconds_after_typing_stops(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    chair = MeetingService(demo_repo, demo_meeting_id, clock)
    chair.start()
    chair.record("queue_added", member="m006")
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"de nghi bo sung")
        await pilot.pause(2.6)  # the real timer: nothing calls save_notes by hand here
        stored = MeetingService(Repository(demo_repo.root), demo_meeting_id, clock).state().record
        assert stored.draft == "de nghi bo sung"
    # Reopened (after a crash, say): the notes come back, and typing goes on into them.
    again = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notes = again.screen.query_one("#notes", TextArea)
        assert notes.has_focus and notes.text == "de nghi bo sung"
        await pilot.press(*" them")
        await pilot.press("ctrl+e")
        await pilot.pause()
    assert Repository(demo_repo.root).log(demo_meeting_id).state().record.speeches[-1].text == (
        "de nghi bo sung them"
    )
