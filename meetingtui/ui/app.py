"""The Textual app, built by one factory that the CLI and the tests share."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette

from ..domain.clock import Clock, SystemClock
from ..domain.errors import AppError
from ..i18n import error_text, set_language, t
from ..services.cell import CellService
from .base import translate_bindings
from .keys import binding_label
from .palette import ScreenCommands
from .screens.home import HomeScreen
from .screens.too_small import TooSmallScreen

ROLES = ("chair", "clerk", "room")


class MeetingApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "meetingtui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar = {ScreenCommands}  # ours only: Textual's own commands are in English
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

    def on_mount(self) -> None:
        self.title = t("app.title")
        if self.keymap:
            self.set_keymap(self.keymap)
        if self.settings_problem:
            self.notify(
                t("app.settings_problem", problem=self.settings_problem), severity="warning", markup=False
            )
        self.refresh_subtitle()
        self.push_screen(HomeScreen())
        if not self._has_cell():
            from .screens.members import SetupScreen

            self.push_screen(SetupScreen())
        elif self.meeting_id:
            self.open_meeting(self.meeting_id)

    def refresh_subtitle(self) -> None:
        try:
            self.sub_title = self.cells.cell().name if self.cells.has_cell() else ""
        except AppError as exc:
            self.sub_title = error_text(exc)

    def _has_cell(self) -> bool:
        try:
            return self.cells.has_cell()
        except AppError as exc:
            self.report(exc)
            return True

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

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen, describe_keys

        if isinstance(self.screen, HelpScreen | TooSmallScreen):
            return
        note = getattr(self.screen, "HELP_NOTE", "")
        self.push_screen(
            HelpScreen(
                self.screen.sub_title or self.sub_title, describe_keys(self.screen), t(note) if note else ""
            )
        )

    def get_key_display(self, binding: Binding) -> str:
        return binding_label(binding)

    def action_command_palette(self) -> None:
        """The palette, its placeholder in the interface language; never on the room screen."""
        if not getattr(self.screen, "ALLOW_PALETTE", True):
            return
        if CommandPalette.is_open(self):  # type: ignore[arg-type]  # an App[None] is an App
            return
        self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

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
        while len(self.screen_stack) > 2:
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
) -> MeetingApp:
    """Build the app with its collaborators; used by the command line and by the tests."""
    set_language(lang)
    cells = CellService.open(Path(data_dir), clock or SystemClock(), role)
    return MeetingApp(
        cells,
        role=role,
        meeting_id=meeting_id,
        tick=tick,
        keymap=keymap,
        settings_problem=settings_problem,
    )
