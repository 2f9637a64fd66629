"""What every screen of the app shares: translated key descriptions and the typed app."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable

from ..domain.errors import DomainError
from ..domain.meeting import MeetingState
from ..i18n import t
from ..store.storage import StoreError

if TYPE_CHECKING:
    from .app import MeetingApp


def translate_bindings(node: DOMNode) -> None:
    """Binding descriptions are catalog keys; show them in the language chosen at start.

    Textual reads ``BINDINGS`` when the class is created, before the language is known,
    so each instance swaps in translated copies (ids and keys unchanged, so a keymap from
    the settings file still applies).
    """
    keys = {
        key: [replace(b, description=t(b.description)) if b.description else b for b in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)


class BaseScreen(Screen[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def selected_key(self, selector: str) -> str | None:
        """The key of the row under the cursor of the table ``selector``; None when it is empty."""
        table = self.query_one(selector, DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    @property
    def mt_app(self) -> MeetingApp:
        return cast("MeetingApp", self.app)


class BaseModal(ModalScreen[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    @property
    def mt_app(self) -> MeetingApp:
        return cast("MeetingApp", self.app)


class MeetingScreen(BaseScreen):
    """A screen on one meeting, shared by the chair's, the clerk's, the room's and the log's.

    Every tick it reads the meeting file's write counter and re-reads the meeting when
    another terminal has written; it records through the service, so a change shows only
    once it is on disk, and a refused change is reported and the screen re-read.
    Subclasses draw in ``watch_state`` and redraw their clocks in ``tick``.
    """

    state: reactive[MeetingState | None] = reactive(None, always_update=True, init=False)

    def __init__(self, meeting_id: str, actor: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.actor = actor

    def connect(self) -> None:
        """Open the meeting and start watching it; call from ``on_mount``."""
        from ..service import MeetingService

        actor = self.actor or self.mt_app.role
        self.service = MeetingService(self.mt_app.repo, self.meeting_id, self.mt_app.clock, actor=actor)
        self.reload()
        self.set_interval(self.mt_app.tick, self.poll)

    def reload(self) -> None:
        try:
            self.state = self.service.state()
        except (StoreError, DomainError) as exc:
            self.mt_app.report(exc)

    def poll(self) -> None:
        try:
            if self.service.changed():
                self.reload()
                return
        except (StoreError, DomainError) as exc:
            self.mt_app.report(exc)
        self.tick()

    def tick(self) -> None:
        """Redraw what moves with the clock (timers); nothing by default."""

    def _record(self, kind: str, /, **data: Any) -> bool:
        try:
            _, state = self.service.record(kind, **data)
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            self.reload()
            return False
        self.state = state
        return True

    def on_screen_resume(self) -> None:
        self.reload()

    def leave(self) -> None:
        """Back to the screen below. While the meeting runs, ask first: a stray Escape must
        not take the chair or the clerk out of a live meeting (the clocks go on regardless)."""
        from .screens.dialogs import ConfirmDialog

        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if isinstance(below, MeetingScreen) or self.state is None or not self.state.running:
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog(t("meeting.confirm_leave")), callback=answered)
