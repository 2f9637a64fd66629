"""Chair, clerk and room on one meeting: what one records shows in the others without a restart."""

from __future__ import annotations

from textual.widgets import Digits, Static, TextArea

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.chair import ChairScreen
from meetingtui.ui.screens.clerk import ClerkScreen
from meetingtui.ui.screens.room import RoomScreen


async def test_speech_logged_by_the_clerk_appears_on_the_chair_and_room_screens(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    chair = make_app(demo_repo.root, clock=clock, role="chair", meeting_id=demo_meeting_id, tick=0.05)
    clerk = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id, tick=0.05)
    room = make_app(demo_repo.root, clock=clock, role="room", meeting_id=demo_meeting_id, tick=0.05)
    async with (
        chair.run_test(size=(120, 40)) as cp,
        clerk.run_test(size=(120, 40)) as kp,
        room.run_test(size=(120, 40)) as rp,
    ):
        chair_screen, clerk_screen, room_screen = chair.screen, clerk.screen, room.screen
        assert isinstance(chair_screen, ChairScreen)
        assert isinstance(clerk_screen, ClerkScreen)
        assert isinstance(room_screen, RoomScreen)

        await cp.press("s")  # the chair starts the meeting
        await kp.pause(0.2)
        assert clerk_screen.state is not None and clerk_screen.state.running  # the clerk sees it

        clerk_screen.service.record("queue_added", member="m006")
        clerk_screen.service.record("queue_added", member="m007")
        clerk_screen.reload()
        await kp.press("f3")
        await kp.pause()
        await kp.press("enter")  # the first of the queue
        clock.advance(90)
        await kp.pause(0.2)
        await cp.pause(0.2)
        floor = str(chair_screen.query_one("#floor", Static).render())
        assert "Nguyễn Thị Hường" in floor and "01:30" in floor and "Trần Quốc Đạt" in floor
        await rp.pause(0.2)
        assert "Nguyễn Thị Hường" in str(room_screen.query_one("#room-speaker", Static).render())
        assert room_screen.query_one("#room-speech-clock", Digits).value == "01:30"

        clerk_screen.query_one("#notes", TextArea).insert("Đề nghị bổ sung chỉ tiêu")
        await kp.press("ctrl+e")
        await cp.pause(0.2)
        floor = str(chair_screen.query_one("#floor", Static).render())
        assert "Số ý kiến đã ghi: 1" in floor

        # Taking over: the chair opens the clerk's screen and records there too.
        await cp.press("l")
        await cp.pause(0.1)
        assert isinstance(chair.screen, ClerkScreen)
        await cp.press("f3")
        await cp.pause()
        await cp.press("enter")
        clock.advance(30)
        await cp.press("ctrl+e")
        await cp.pause(0.1)

    speeches = Repository(demo_repo.root).log(demo_meeting_id).state().record.speeches
    assert [(s.member, s.text) for s in speeches] == [("m006", "Đề nghị bổ sung chỉ tiêu"), ("m007", "")]
