"""Issue 18.2: a write by another process reaches the screens through file notifications, with
the screens' tick as the fallback; F1 says which is in use.

The apps here tick once an hour, so only a notification can show the write: the test waits
for the state to arrive (a condition, bounded by a generous deadline), never for a time.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository
from meetingtui.ui.app import MeetingApp, make_app
from meetingtui.ui.dialogs.help import HelpScreen
from meetingtui.ui.screens.chair import ChairScreen
from meetingtui.ui.screens.clerk import ClerkScreen
from meetingtui.ui.watch import Mode

HOUR = 3600.0  # the fallback tick never comes within a test
DEADLINE_S = 30.0  # only a broken watch waits this long

WRITER = """
import sys
from pathlib import Path
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.clock import from_iso
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
root, meeting_id, at = sys.argv[1:4]
service = MeetingService(Repository(Path(root)), meeting_id, FakeClock(from_iso(at)), actor="chair")
event, _ = service.record_event("queue_added", member="m006")
print(event.seq)
"""


async def _another_process_writes(root: Path, meeting_id: str, clock: FakeClock) -> int:
    """``queue_added`` recorded by a second process (another terminal); its seq."""
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", WRITER, str(root), meeting_id, clock.now().isoformat()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


async def _watching(app: MeetingApp) -> None:
    assert await asyncio.to_thread(app.folder_watch.ready.wait, DEADLINE_S)


async def _shown(pilot: Pilot[None], screen: ChairScreen | ClerkScreen, seq: int) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while screen.state is None or screen.state.seq < seq:
        assert time.monotonic() < deadline, "the write never reached the screen"
        await pilot.pause(0.01)


async def _start(pilot: Pilot[None]) -> None:
    await pilot.press("s")  # the chair starts the meeting (queue_added needs it running)
    await pilot.pause()


async def test_a_write_by_another_process_reaches_the_chair_and_clerk_screens_without_a_tick(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    chair = make_app(demo_repo.root, clock=clock, role="chair", meeting_id=demo_meeting_id, tick=HOUR)
    clerk = make_app(demo_repo.root, clock=clock, role="clerk", meeting_id=demo_meeting_id, tick=HOUR)
    async with chair.run_test(size=(120, 40)) as cp, clerk.run_test(size=(120, 40)) as kp:
        chair_screen, clerk_screen = chair.screen, clerk.screen
        assert isinstance(chair_screen, ChairScreen) and isinstance(clerk_screen, ClerkScreen)
        await _watching(chair)
        await _watching(clerk)
        assert chair.folder_watch.mode is Mode.NOTIFY and clerk.folder_watch.mode is Mode.NOTIFY

        await _start(cp)
        assert chair_screen.state is not None and chair_screen.state.running
        await _shown(kp, clerk_screen, chair_screen.state.seq)  # the chair's own write, elsewhere
        assert clerk_screen.state is not None and clerk_screen.state.running

        seq = await _another_process_writes(demo_repo.root, demo_meeting_id, clock)
        await _shown(cp, chair_screen, seq)
        await _shown(kp, clerk_screen, seq)
        name = chair_screen.state.member_name("m006")
        assert name in str(chair_screen.query_one("#floor", Static).render())


async def test_f1_on_a_meeting_screen_says_how_other_terminals_writes_arrive(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock
) -> None:
    watching = make_app(demo_repo.root, clock=clock, role="chair", meeting_id=demo_meeting_id)
    polling = make_app(
        demo_repo.root, clock=clock, role="chair", meeting_id=demo_meeting_id, watch_files=False
    )
    async with watching.run_test(size=(120, 40)) as wp, polling.run_test(size=(120, 40)) as pp:
        await _watching(watching)
        await wp.press("f1")
        await pp.press("f1")
        await wp.pause()
        await pp.pause()
        assert isinstance(watching.screen, HelpScreen) and isinstance(polling.screen, HelpScreen)
        said = str(watching.screen.query_one("#help-live", Static).render())
        assert "hiện ngay" in said and "0.5 giây" in said
        said = str(polling.screen.query_one("#help-live", Static).render())
        assert "kiểm tra mỗi 0.5 giây" in said and "không theo dõi được" in said
        assert polling.folder_watch.mode is Mode.POLLING


async def test_a_folder_that_cannot_be_watched_falls_back_to_the_tick(
    demo_repo: Repository, demo_meeting_id: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(demo_repo.root, clock=clock, role="chair", meeting_id=demo_meeting_id, tick=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        app.folder_watch.stop()  # the real watch (started by the screen) goes away
        from meetingtui.ui.watch import FolderWatch

        app.folder_watch = broken = FolderWatch(app)
        broken.watch(tmp_path / "no such folder")
        await _watching(app)
        assert broken.mode is Mode.POLLING and broken.problem
        screen = app.screen
        assert isinstance(screen, ChairScreen)
        await _start(pilot)
        seq = await _another_process_writes(demo_repo.root, demo_meeting_id, clock)
        await _shown(pilot, screen, seq)  # the 0.05 s tick found it
