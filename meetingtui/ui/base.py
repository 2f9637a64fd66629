"""What every screen of the app shares: translated key descriptions, the typed app, and the one
way a screen on a meeting connects to it, watches it and records on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import work
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable

from ..domain.errors import AppError
from ..i18n import error_text, t

if TYPE_CHECKING:
    from ..domain.state import MeetingState
    from ..services.meeting import MeetingService
    from .app import MeetingApp

R = TypeVar("R")


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


def relabel(node: DOMNode, binding_id: str, description: str) -> None:
    """Give one of ``node``'s bindings another description (a dialog's own wording)."""
    keys = {
        key: [replace(b, description=description) if b.id == binding_id else b for b in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)


def after_typing(node: DOMNode, callback: Callable[[], object]) -> None:
    """Run ``callback`` once the focused widget has taken every key typed before this one.

    A command key (^S, ^E) is a priority binding, run as soon as it arrives, while the
    characters typed just before it may still wait in the text field's own queue: reading the
    field then would miss them. ``call_later`` queues the callback behind those keys.
    """
    screen = node.screen if not isinstance(node, Screen) else node
    (screen.focused or node).call_later(callback)


def selected_key(node: DOMNode, selector: str) -> str | None:
    """The key of the row under the cursor of the table ``selector``; None when it is empty."""
    table = node.query_one(selector, DataTable)
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return row_key.value


class BaseScreen(Screen[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def selected_key(self, selector: str) -> str | None:
        return selected_key(self, selector)

    @property
    def mt_app(self) -> MeetingApp:
        return cast("MeetingApp", self.app)


class BaseModal(ModalScreen[R]):
    """A dialog that returns a value of type ``R`` (None when it is cancelled, where allowed)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def focus_next_field(self, current: Widget) -> bool:
        """Enter in a field moves to the next one in order (text or list, skipping those
        switched off); False when ``current`` was the last."""
        fields = [w for w in self.query(".field") if w.focusable or w is current]
        if current not in fields:
            return False
        index = fields.index(current)
        if index + 1 < len(fields):
            fields[index + 1].focus()
            return True
        return False

    def selected_key(self, selector: str) -> str | None:
        return selected_key(self, selector)

    def cancel_unless_changed(self, changed: bool) -> None:
        """Escape on a dialog: closed at once when nothing was typed, else asked first (with
        "keep editing" as the answer Enter gives), so that nothing typed is lost by a stray key."""
        if changed:
            self._ask_discard()
        else:
            self.dismiss(None)

    @work(exclusive=True, group="discard")
    async def _ask_discard(self) -> None:
        from .dialogs.confirm import ConfirmDialog

        question = ConfirmDialog(t("form.discard"), yes=t("form.discard_yes"), no=t("form.keep_editing"))
        if await self.app.push_screen_wait(question):
            self.dismiss(None)

    @property
    def mt_app(self) -> MeetingApp:
        return cast("MeetingApp", self.app)


class MeetingConnection:
    """How a screen (or a dialog) on one meeting connects, watches and records.

    When the meetings' folder changes (``ui.watch``: file notifications), and every tick as the
    fallback, it reads the meeting file's write counter and re-reads the meeting when another
    terminal has written. It records through the service, so a change shows only once it is on
    disk; a refusal is reported and the screen re-read. Subclasses draw in ``watch_state`` and
    redraw their clocks in ``tick``.
    """

    # repaint=False: a screen draws nothing of its own; its widgets redraw what changed (a
    # repaint of the whole screen on each write re-rendered every widget on it)
    state: reactive[MeetingState | None] = reactive(None, always_update=True, init=False, repaint=False)
    meeting_id: str
    actor: str | None
    service: MeetingService

    @property
    def mt_app(self) -> MeetingApp:
        return cast("MeetingApp", cast(DOMNode, self).app)

    def connect(self) -> None:
        """Open the meeting and start watching it; call from ``on_mount``."""
        app = self.mt_app
        self.service = app.cells.meeting(self.meeting_id, self.actor or app.role)
        self.reload()
        cast(DOMNode, self).call_after_refresh(app.keep_loaded)  # once it is drawn
        self._just_read = True  # the screen's first resume, right after, has nothing new to read
        cast(DOMNode, self).set_interval(app.tick, self.poll)
        app.folder_watch.watch(self.service.path.parent)

    def reload(self) -> None:
        try:
            self.state = self.service.state()  # type: ignore[arg-type]  # always mixed into a DOMNode
        except AppError as exc:
            self.mt_app.report(exc)
        self._tell_clock_jumps()

    def now(self) -> datetime:
        """The time on the meeting's own time line (after a clock set back, it goes on)."""
        now = self.mt_app.clock.now()
        state: MeetingState | None = cast(Any, self).state
        return state.counted_now(now) if state is not None else now

    def _tell_clock_jumps(self) -> None:
        """The chair hears once of each time the computer's clock went back in the meeting."""
        state: MeetingState | None = cast(Any, self).state
        if state is None or not state.clock_jumps or (self.actor or self.mt_app.role) != "chair":
            return
        told: set[tuple[str, int]] = self.mt_app.__dict__.setdefault("clock_jumps_told", set())
        for seq, seconds in state.clock_jumps:
            if (state.id, seq) not in told:
                told.add((state.id, seq))
                self.mt_app.notify(
                    t("edge.clock_jumped", minutes=max(1, round(seconds / 60))),
                    severity="warning",
                    timeout=15,
                    markup=False,
                )

    def watches(self, names: frozenset[str]) -> bool:
        """Whether one of ``names`` (files changed in the meetings' folder) is this meeting's."""
        service = getattr(self, "service", None)
        return service is not None and service.path.name in names

    def check_written(self) -> bool:
        """Re-read the meeting if another terminal has written; whether it did."""
        try:
            if self.service.changed():
                self.reload()
                return True
        except AppError as exc:
            self.mt_app.report(exc)
        return False

    def poll(self) -> None:
        """Every tick: the fallback for a write no notification told of, then the clocks."""
        if self.check_written():
            return
        try:
            self.tick()
        except AppError as exc:  # a file damaged while the screen is open: said once, not each tick
            if error_text(exc) != getattr(self, "_tick_problem", None):
                self._tick_problem = error_text(exc)
                self.mt_app.report(exc)

    def tick(self) -> None:
        """Redraw what moves with the clock (timers); nothing by default."""

    def record(self, kind: str, /, **data: Any) -> bool:
        """Record one event; False (and the message shown) when it was refused or not written."""
        try:
            self.state = self.service.record(kind, **data)  # type: ignore[arg-type]  # always mixed into a DOMNode
        except AppError as exc:
            self.mt_app.report(exc)
            self.reload()
            return False
        self._tell_clock_jumps()
        return True

    def on_screen_resume(self) -> None:
        """Back on this screen (a dialog or a screen over it closed): read what was written
        meanwhile. Not when it has just opened: ``connect`` has just read the meeting."""
        if getattr(self, "_just_read", False):
            self._just_read = False
            return
        self.reload()


class MeetingScreen(MeetingConnection, BaseScreen):
    """A screen on one meeting: the chair's, the clerk's, the room's, roll call, the task review,
    scoring, the committee's preparation, the resolution editor, criticism."""

    def __init__(self, meeting_id: str, actor: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.actor = actor
        self.title = "meetingtui"  # the header's room goes to the meeting and the screen

    typed_elsewhere: Callable[[str], None] | None = None
    """Where a key typed into a question on this screen goes (the clerk's notes); None: lost."""

    def leave(self) -> None:
        """Back to the screen below. While the meeting runs, ask first: a stray Escape must
        not take the chair or the clerk out of a live meeting (the clocks go on regardless)."""
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if isinstance(below, MeetingScreen) or self.state is None or not self.state.running:
            self.app.pop_screen()
            return
        self._confirm_leave()

    def _confirm_leave(self) -> None:
        from .dialogs import ConfirmDialog

        question = ConfirmDialog(
            t("meeting.confirm_leave"),
            yes=t("confirm.leave"),
            no=t("confirm.stay"),
            on_typing=self.typed_elsewhere,
        )

        def answered(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        # Pushed within the key press (not from a worker), so the keys typed straight after a
        # stray Escape already meet the question, which gives them back to the typing.
        self.app.push_screen(question, answered)


class MeetingModal(MeetingConnection, BaseModal[R]):
    """A dialog on one meeting (the vote), connected like the screens."""

    def __init__(self, meeting_id: str, actor: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.actor = actor
