"""The Textual app, built by one factory that the CLI and the tests share."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from ..clock import Clock, SystemClock
from ..i18n import error_text, set_language, t
from ..store.repo import Repository
from .screens.chair import ChairScreen
from .screens.clerk import ClerkScreen
from .screens.home import HomeScreen
from .screens.members import SetupScreen
from .screens.room import RoomScreen

ROLES = ("chair", "clerk", "room")


class MeetingApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "meetingtui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        repo: Repository,
        clock: Clock,
        *,
        role: str = "chair",
        meeting_id: str | None = None,
        tick: float = 0.5,
    ) -> None:
        super().__init__()
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.repo = repo
        self.clock = clock
        self.role = role
        self.meeting_id = meeting_id
        self.tick = tick

    def on_mount(self) -> None:
        self.title = t("app.title")
        self.refresh_subtitle()
        self.push_screen(HomeScreen())
        if not self._has_cell():
            self.push_screen(SetupScreen())
        elif self.meeting_id:
            self.open_meeting(self.meeting_id)

    def refresh_subtitle(self) -> None:
        try:
            self.sub_title = self.repo.cell().name if self.repo.has_cell() else ""
        except Exception as exc:
            self.sub_title = error_text(exc)

    def _has_cell(self) -> bool:
        try:
            return self.repo.has_cell()
        except Exception as exc:
            self.report(exc)
            return True

    def open_meeting(self, meeting_id: str) -> None:
        if self.role == "clerk":
            self.push_screen(ClerkScreen(meeting_id))
        elif self.role == "room":
            self.push_screen(RoomScreen(meeting_id))
        else:
            self.push_screen(ChairScreen(meeting_id))

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
) -> MeetingApp:
    """Build the app with its collaborators; used by the command line and by the tests."""
    set_language(lang)
    repo = Repository(Path(data_dir))
    return MeetingApp(repo, clock or SystemClock(), role=role, meeting_id=meeting_id, tick=tick)
