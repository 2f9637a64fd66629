"""Pilot: the meeting widgets post what the user chose, and the screens act on it.

Enter on a stage of the chair's agenda chooses its presenter (before the meeting starts too,
not only the current stage). On the clerk's screen Enter is typing (a new line in the notes,
even from a list); F3 offers the highlighted queued speaker first, F6 corrects the highlighted
speech.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea

from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import MemberPicker, TextDialog
from meetingtui.ui.screens.chair import ChairScreen
from meetingtui.ui.screens.clerk import ClerkScreen
from meetingtui.ui.widgets import AgendaTable, SpeakerQueue, SpeechList


async def test_enter_on_a_stage_gives_that_stage_a_presenter(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    app = make_app(demo_repo.root, clock=clock, meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, ChairScreen)
        agenda = app.screen.query_one(AgendaTable)
        agenda.focus()
        agenda.move_cursor(row=2)  # stage 3, before the meeting has started
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MemberPicker)
        app.screen.query_one(Input).value = "lo thi mai"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    state = Repository(demo_repo.root).log(demo_meeting_id).state()
    assert state.member_name(state.stages[2].presenter) == "Lò Thị Mai"
    assert state.stages[0].presenter != state.stages[2].presenter


async def test_f3_on_a_highlighted_queued_speaker_gives_them_the_floor_and_f6_corrects_a_speech(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    chair = MeetingService(demo_repo, demo_meeting_id, clock)
    for member in chair.state().members():
        chair.record("attendance_marked", member=member.id, status="present")
    chair.start()
    clerk = MeetingService(demo_repo, demo_meeting_id, clock, "clerk")
    clerk.record("queue_added", member="m004")
    clerk.record("queue_added", member="m009")
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ClerkScreen)
        queue = screen.query_one(SpeakerQueue)
        notes = screen.query_one("#notes", TextArea)
        await pilot.press("tab")  # from the notes to the queue
        assert queue.has_focus
        await pilot.press("down", "enter")  # Enter on a list is typing: a new line in the notes
        assert notes.has_focus and notes.text == "\n"
        notes.clear()
        await pilot.press("tab", "down", "f3")  # the second in the queue, Lò Thị Mai, offered first
        await pilot.pause()
        assert isinstance(app.screen, MemberPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert notes.has_focus
        notes.insert("Nhất trí")
        await pilot.press("ctrl+e")
        await pilot.pause()
        speeches = screen.query_one(SpeechList)
        speeches.focus()
        await pilot.press("f6")  # the highlighted speech
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert app.screen.query_one("#text-input", TextArea).text == "Nhất trí"
    record = Repository(demo_repo.root).log(demo_meeting_id).state().record
    assert [s.member for s in record.speeches] == ["m009"]
    assert [e.member for e in record.queue] == ["m004"]


async def test_a_picker_of_200_lists_the_best_50_and_says_how_many_more(
    demo_repo: Repository, clock: FakeClock
) -> None:
    """Issue 18: laying out 200 names made the picker slow to open and to type in; it lists 50,
    the last line tells how many more match, the one to highlight is always listed, the cursor
    never rests on that line, and typing reaches anyone."""
    from textual.widgets import OptionList

    from meetingtui.ui.dialogs.picker import LISTED

    people = [(f"m{n:03d}", f"Đảng viên Số {n:03d}", "") for n in range(1, 201)]
    chosen: list[str | None] = []
    app = make_app(demo_repo.root, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(MemberPicker("Chọn", people, initial="m150"), chosen.append)
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MemberPicker)
        options = picker.query_one(OptionList)
        assert options.option_count == LISTED + 2  # 50, the one to highlight, "… and 149 more"
        more = options.get_option_at_index(options.option_count - 1)
        assert more.disabled and "149" in str(more.prompt)
        assert options.get_option_at_index(options.highlighted or 0).id == "m150"
        await pilot.press("down", "down")
        assert options.highlighted == LISTED  # still m150's line: the last that can be chosen
        await pilot.press(*"so 199")
        await pilot.pause()
        assert options.option_count == 1 and options.get_option_at_index(0).id == "m199"
        await pilot.press("enter")
        await pilot.pause()
    assert chosen == ["m199"]


async def test_the_picker_opened_again_is_the_same_one_emptied_with_the_new_names(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """Issue 18: the app keeps the picker it built and opens it again (building it took five
    frames). Opened again it holds nothing of the last time: not the text typed, not the
    highlight, not the names or the hint; a queued member is no longer offered by F2, the
    queue's hint shows on F3 only, and a picker wanted while the kept one is open is a new one."""
    from textual.widgets import OptionList, Static

    from meetingtui.i18n import t
    from meetingtui.ui.dialogs import MemberPicker

    MeetingService(demo_repo, demo_meeting_id, clock).start()
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        clerk = app.screen
        assert isinstance(clerk, ClerkScreen)
        await pilot.press("f3")  # give the floor: the hint under the list says how
        await pilot.pause()
        first = app.screen
        assert isinstance(first, MemberPicker)
        assert first.query_one("#form-note", Static).display
        await pilot.press("escape")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is first  # the same picker, opened again
        note = first.query_one("#form-note", Static)
        assert not note.display
        assert str(first.query_one("#form-title", Static).render()) == t("clerk.pick_speaker")
        await pilot.press(*"huong", "down")
        await pilot.pause()
        options = first.query_one(OptionList)
        assert options.highlighted == 1
        await pilot.press("enter")  # the second Hường: Nguyễn Thị Hường, m006
        await pilot.pause()
        assert app.screen is clerk
        assert clerk.state is not None and [e.member for e in clerk.state.record.queue] == ["m006"]

        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is first
        assert first.query_one(Input).value == ""
        assert options.highlighted == 0
        offered = {options.get_option_at_index(n).id for n in range(options.option_count)}
        assert "m006" not in offered and "m004" in offered  # the queued one is left out
        other = MemberPicker("Một danh sách khác", [("x", "Người khác", "")])
        assert app.kept_dialogs.to_push(app, other) is other  # the kept one is open: a new one
        await pilot.press("escape")
        await pilot.pause()
        again = MemberPicker("Lần nữa", [("y", "Ai đó", "")])
        assert app.kept_dialogs.to_push(app, again) is first
        assert str(first.query_one("#form-title", Static).render()) == "Lần nữa"


async def test_the_clerks_count_of_speakers_before_and_after_the_roll_call(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    """Before anyone is marked present the clerk's line said "1/0 đảng viên có mặt"; it says
    the roll call is not taken yet, and counts against those present once it is."""
    from textual.widgets import Static

    chair = MeetingService(demo_repo, demo_meeting_id, clock)
    chair.start()
    clerk = MeetingService(demo_repo, demo_meeting_id, clock, "clerk")
    clerk.record("queue_added", member="m004")
    clerk.record("speech_started")
    clerk.record("speech_ended", text="Nhất trí.")
    app = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        line = str(app.screen.query_one("#clerk-stage", Static).render())
        assert "Đã phát biểu: 1 đảng viên (chưa điểm danh)" in line and "1/0" not in line
        chair.record("attendance_marked", member="m004", status="present")
        chair.record("attendance_marked", member="m005", status="present")
        app.screen.check_written()  # type: ignore[attr-defined]  # what the folder watch does
        await pilot.pause()
        assert "Đã phát biểu: 1/2 đảng viên có mặt" in str(
            app.screen.query_one("#clerk-stage", Static).render()
        )
