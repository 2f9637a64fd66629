"""A question with two buttons. No letter answers it: a letter typed by someone who did not see
the question ("n" of "kiến", "y" of "quyết") must never decide it.

The safe answer ("no", "stay") has the focus: Enter on it, or Escape, declines; the other
button is reached with Tab or ←/→ and pressed with Enter (or a click). Where the screen below
is one people type into, ``on_typing`` is given: a printable key then closes the question as
"no" and the key goes on to where the typing was going, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ...i18n import t
from ..base import BaseModal, relabel
from ..fmt import lit
from ..widgets import KeyFooter


class ConfirmDialog(BaseModal[bool]):
    """True only when the confirming button is pressed; ``no`` (focused) and Escape decline."""

    BINDINGS = [
        Binding("escape", "answer(False)", "key.no", id="confirm.no"),
        Binding("left,right", "app.focus_next", show=False, id="confirm.switch"),
    ]

    def __init__(
        self,
        question: str,
        *,
        yes: str = "",
        no: str = "",
        on_typing: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or t("key.yes")
        self.no_label = no or t("key.no")
        self.on_typing = on_typing
        self._answered = False
        relabel(self, "confirm.no", self.no_label)  # the footer says what Escape does here

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(self.question), id="question")
            with Horizontal(id="buttons"):
                yield Button(self.no_label, id="no", variant="primary")
                yield Button(self.yes_label, id="yes", variant="warning")
            yield Static(lit(t("confirm.hint", no=self.no_label)), id="confirm-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        if not self._answered:
            self._answered = True
            self.dismiss(value)

    def take_key(self, event: events.Key) -> bool:
        """A printable key closes the question as "no" and goes on to ``on_typing``, in the
        order typed (``MeetingApp.on_event`` hands it here as it arrives)."""
        if self.on_typing is None or not event.is_printable or event.character is None:
            return False
        self.action_answer(False)
        self.on_typing(event.character)
        return True
