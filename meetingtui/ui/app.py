"""The Textual app, built by one factory that the CLI and the tests share."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any, ClassVar

import textual.screen
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from ..domain.clock import Clock, SystemClock
from ..domain.errors import AppError
from ..i18n import error_text, set_language, t
from ..services.cell import SCREEN_LOCK_WAIT, CellService
from .base import MeetingConnection, translate_bindings
from .dialogs.kept import Kept, KeptDialogs
from .keys import binding_label
from .memory import CHECK, Collector, untangle_lines
from .screens.home import HomeScreen
from .screens.too_small import TooSmallScreen
from .watch import FolderWatch, MeetingFilesChanged, Mode

ROLES = ("chair", "clerk", "room")
SETTLE_ROUNDS = 12  # rounds of every queue catching up after a key that acts later (on_event)
FRAMES_PER_SECOND = 120  # the most frames a screen draws in a second (see _frame_period)


def _frame_period() -> None:
    """Each screen draws at most ``FRAMES_PER_SECOND`` frames a second, not Textual's 60.

    A screen draws from a timer that it pauses after each frame and resumes when something
    changes. Resumed after an idle moment (every key), the timer fires at once; resumed for the
    frame after that one (what the first frame's layout resized: a scrollbar, a footer key), it
    skips to the period after next (``Timer._run``: ``count = int((now - start) / interval + 1)``
    is one period ahead of the next), so that frame waited 17-33 ms at 60 frames a second, and
    a key that changes sizes draws two or three frames (issue 18: ^E on the clerk's screen
    settled in 75-84 ms, 119-147 ms p95; 50 and 72 ms at 120). At 120 the wait is 8-17 ms: at
    most the 60-a-second period Textual means. The benchmark: ``tests/benchmarks/test_keys.py``.

    Textual reads its ``TEXTUAL_FPS`` setting when it is first imported, which the app does not
    control (a test runner's plugin, ``textual-serve`` or a host program may have imported it
    first); so the screen's period is set here, before any screen is made. A ``TEXTUAL_FPS``
    the user sets is left as it is.
    """
    if "TEXTUAL_FPS" not in os.environ:
        textual.screen.UPDATE_PERIOD = 1 / FRAMES_PER_SECOND  # type: ignore[misc]  # Final in Textual


_frame_period()


def _text_area_class() -> type[Widget] | None:
    """Textual's TextArea if it is loaded (a screen with one has imported it), else None: then
    no widget can be one. Not imported here, for the home screen, the first, has none."""
    module = sys.modules.get("textual.widgets._text_area")
    return getattr(module, "TextArea", None)


class MeetingApp(App[None]):
    # The clerk's screen's look is read with the app's: a screen's own CSS_PATH, read when it is
    # first opened, has Textual parse every style sheet again and restyle every widget (the
    # clerk's screen opened 10-15 ms later for it). Its rules all start with ClerkScreen.
    CSS_PATH: ClassVar = ["app.tcss", "screens/clerk.tcss"]
    TITLE = "meetingtui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar = set()  # Textual's palette is never opened (ours: palette.CommandPicker)
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", id="app.quit", show=False, priority=True),
        Binding("f1", "help", "key.help", id="app.help", show=False),
        Binding("ctrl+p", "command_palette", "key.palette", id="app.palette", show=False, priority=True),
    ]
    MIN_SIZE = (80, 24)

    def __init__(
        self,
        cells: CellService,
        *,
        role: str = "chair",
        meeting_id: str | None = None,
        tick: float = 0.5,
        keymap: dict[str, str] | None = None,
        settings_problem: str = "",
        watch_files: bool = True,
        freeze_start: bool = False,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.keymap = keymap or {}
        self.settings_problem = settings_problem
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.cells = cells
        self.clock = cells.clock
        self.role = role
        self.meeting_id = meeting_id
        self.tick = tick
        self.folder_watch = FolderWatch(self, enabled=watch_files)
        self._held_keys: list[events.Key] | None = None  # see on_event
        self.title = t("app.title")
        if self.keymap:
            self.set_keymap(self.keymap)  # before any screen is built: its keys are drawn once
        self._start_problem: AppError | None = None  # reported once the app is running
        self._needs_setup = False
        self._freeze_start = freeze_start
        untangle_lines()  # lines freed by reference counting, not only by full passes (ui/memory.py)
        self.collector = Collector()  # started with freeze_start: see ui/memory.py
        self.kept_dialogs = KeptDialogs()  # see push_screen

    def get_default_screen(self) -> Screen:
        """The home screen is the first screen, drawn once: not a blank screen first with home
        pushed over it. Where another screen opens at once (the first run's setup, ``--meeting``)
        home waits below and reads the cell only when it is shown."""
        try:
            self._needs_setup = not self.cells.has_cell()
        except AppError as exc:
            self._start_problem = exc
        self.refresh_subtitle()
        return HomeScreen(load_when_shown=self._needs_setup or bool(self.meeting_id))

    def on_mount(self) -> None:
        if self._freeze_start:
            self.collector.start()
            self.call_after_refresh(self.collector.settle)
            self.set_interval(CHECK, self.collector.check, name="collector")
        if self.settings_problem:
            self.notify(
                t("app.settings_problem", problem=self.settings_problem), severity="warning", markup=False
            )
        if self._start_problem is not None:
            self.report(self._start_problem)
        if self._needs_setup:
            from .screens.members import SetupScreen

            self.push_screen(SetupScreen())
        elif self.meeting_id:
            self.open_meeting(self.meeting_id)

    def keep_loaded(self) -> None:
        """The first meeting screen is drawn: for the command line's app (``freeze_start``), what
        it loaded is kept out of the collector's sight, once (``ui/memory.py``)."""
        if self._freeze_start:
            self.collector.keep_loaded()

    def on_unmount(self) -> None:
        self.folder_watch.stop()
        if self._freeze_start:
            self.collector.stop()

    def on_meeting_files_changed(self, message: MeetingFilesChanged) -> None:
        """Another terminal (or this one) wrote in the meetings' folder: the screens on those
        meetings read their file's write counter now rather than at their next tick."""
        for screen in self.screen_stack:
            if isinstance(screen, MeetingConnection) and screen.watches(message.names):
                screen.check_written()

    def refresh_subtitle(self) -> None:
        try:
            self.sub_title = self.cells.cell().name if self.cells.has_cell() else ""
        except AppError as exc:
            self.sub_title = error_text(exc)

    def open_meeting(self, meeting_id: str) -> None:
        # Screens are imported when first opened: the home screen comes up sooner.
        from .screens.chair import ChairScreen
        from .screens.clerk import ClerkScreen
        from .screens.room import RoomScreen

        if self.role == "clerk":
            self.push_screen(ClerkScreen(meeting_id))
        elif self.role == "room":
            self.push_screen(RoomScreen(meeting_id))
        else:
            self.push_screen(ChairScreen(meeting_id))

    def push_screen(  # type: ignore[override]  # Textual's overloads, one signature here
        self,
        screen: Screen[Any] | str,
        callback: Any = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> Any:
        """A dialog the app keeps (``dialogs/kept.py``) is pushed as the one it kept of the same
        shape, given the new one's values: built once, opened again in one frame."""
        if isinstance(screen, Kept):
            screen = self.kept_dialogs.to_push(self, screen)
        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)  # type: ignore[call-overload]

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen, describe_keys

        if isinstance(self.screen, HelpScreen | TooSmallScreen):
            return
        note = getattr(self.screen, "HELP_NOTE", "")
        live = ""
        if isinstance(self.screen, MeetingConnection):  # how another terminal's write reaches it
            watch, seconds = self.folder_watch, f"{self.tick:g}"
            if watch.mode is Mode.NOTIFY:
                live = t("live.notify", seconds=seconds)
            elif watch.mode is Mode.POLLING:
                problem = f": {watch.problem}" if watch.problem else ""
                live = t("live.polling", seconds=seconds, problem=problem)
            else:
                live = t("live.starting", seconds=seconds)
        self.push_screen(
            HelpScreen(
                self.screen.sub_title or self.sub_title,
                describe_keys(self.screen),
                t(note) if note else "",
                live=live,
            )
        )

    async def on_event(self, event: events.Event) -> None:
        """Keys act in the order they were typed, however fast they come.

        Textual hands a key to the focused widget's own queue, and a key the widget does not
        use itself (Enter in a one-line field, Tab, a command letter or F-key) bubbles up
        through its parents' queues to the bindings, while the keys typed after it go straight
        to the field; a dialog a command opens comes later still. In a burst (keys typed while
        the screen was busy redrawing) "abc⏎def" became "abcdef⏎", and the text typed after
        ``a`` on the resolution screen ran its letter commands before the task form opened. So:

        - a screen that routes typing (the clerk's notes, a picker's search, the roll call's
          name) takes each key here, as it arrives, through ``take_key``;
        - after a key that acts later, the keys that follow are held until it has acted (every
          queue has caught up, and a dialog it opened has its focus), then given in order.
        """
        if isinstance(event, (events.Key, events.MouseDown)):
            self.collector.key()
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if self._held_keys is not None:
            self._held_keys.append(event)
            return
        take = getattr(self.screen, "take_key", None)
        if take is not None and take(event):
            settles = not event.is_printable  # Enter in a picker: what it chose opens next
        else:
            settles = self._acts_later(event)
            await super().on_event(event)
        if settles:
            self._held_keys = []
            self.run_worker(self._settle_then_release(), group="keys")

    def _acts_later(self, event: events.Key) -> bool:
        """Whether a key's effect may come after the keys typed next reach their widget: every
        key but those a text field types itself as it receives them (characters, and Enter in
        a multi-line one). Backspace and the arrows act through bindings, once the key has
        bubbled up: a Vietnamese input method's backspace-and-retype must not be overtaken."""
        focused = self.focused
        text_area = _text_area_class()
        in_text_area = text_area is not None and isinstance(focused, text_area)
        if (isinstance(focused, Input) or in_text_area) and event.is_printable:
            return False
        return not (in_text_area and event.key == "enter")

    async def _settle_then_release(self) -> None:
        """Wait for the queues a key goes through (the focused widget up to the app: it bubbles
        one parent a round) to catch up, and for a dialog just opened to take the focus; then
        give the held keys back, in order."""
        for _ in range(SETTLE_ROUNDS):
            focused = self.screen.focused  # the path a key bubbles along, and its screen
            nodes = [self, self.screen, *(focused.ancestors_with_self if focused is not None else ())]
            waits = []
            for node in nodes:
                done = asyncio.Event()
                if node.call_later(done.set):
                    waits.append(done.wait())
            await asyncio.gather(*waits)
        for _ in range(50):  # up to half a second for a dialog opened from a worker
            screen = self.screen
            if screen.is_attached and (screen.focused is not None or not screen.focus_chain):
                break
            await asyncio.sleep(0.01)
        held, self._held_keys = self._held_keys or [], None
        for key in held:
            self.post_message(events.Key(key.key, key.character))

    def get_key_display(self, binding: Binding) -> str:
        return binding_label(binding)

    def action_command_palette(self) -> None:
        """^P: the app's palette (``palette.CommandPicker``), never on the room screen. Imported
        here: the picker it is built on is not needed to draw the first screen."""
        from .palette import open_palette

        open_palette(self)

    async def action_quit(self) -> None:
        """^Q quits; on the room screen (a kiosk) it asks first, "stay" focused."""
        if not getattr(self.screen, "ASK_BEFORE_QUIT", False):
            self.exit()
            return
        from .dialogs import ConfirmDialog

        async def ask() -> None:
            question = ConfirmDialog(t("room.confirm_quit"), yes=t("room.quit"), no=t("confirm.stay"))
            if await self.push_screen_wait(question):
                self.exit()

        self.run_worker(ask(), exclusive=True, group="quit")

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies); say how to, in the interface language."""
        self.notify(t("app.how_to_quit"), markup=False)

    def go_home(self) -> None:
        """Back to the home screen (the meeting and its clocks go on)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < self.MIN_SIZE[0] or event.size.height < self.MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif small and isinstance(self.screen, TooSmallScreen):
            self.screen.show(event.size.width, event.size.height)
        elif not small and showing:
            self.pop_screen()

    def report(self, exc: Exception) -> None:
        """Tell the user what went wrong, in their language; never crash on a refused input."""
        self.notify(error_text(exc), severity="error", timeout=8, markup=False)


def make_app(
    data_dir: Path | str,
    *,
    clock: Clock | None = None,
    role: str = "chair",
    lang: str = "vi",
    meeting_id: str | None = None,
    tick: float = 0.5,
    keymap: dict[str, str] | None = None,
    settings_problem: str = "",
    watch_files: bool = True,
    freeze_start: bool = False,
) -> MeetingApp:
    """Build the app with its collaborators; used by the command line and by the tests.

    ``freeze_start`` (the command line's): the app runs the garbage collector its own way
    (``ui/memory.py``): what the start made is frozen out of its sight once the first screen is
    drawn, and its full passes come between keys. Off in the tests, where one process runs many
    apps.
    """
    set_language(lang)
    cells = CellService.open(Path(data_dir), clock or SystemClock(), role, lock_wait=SCREEN_LOCK_WAIT)
    return MeetingApp(
        cells,
        role=role,
        meeting_id=meeting_id,
        tick=tick,
        keymap=keymap,
        settings_problem=settings_problem,
        watch_files=watch_files,
        freeze_start=freeze_start,
    )
