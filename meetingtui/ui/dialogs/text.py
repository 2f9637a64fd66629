"""Multi-line text: a summary, a conclusion, a correction."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static, TextArea

from ...domain.checks import MAX_MULTILINE
from ...i18n import t
from ..base import BaseModal
from ..fmt import lit


class TextDialog(BaseModal[str | None]):
    """Multi-line text (a summary, a conclusion, a correction); ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="text.cancel"),
        Binding("ctrl+s", "submit", "key.save", id="text.save", priority=True),
    ]

    def __init__(self, title: str, text: str = "", max_length: int = MAX_MULTILINE) -> None:
        super().__init__()
        self.text_title = title
        self.initial = text
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(self.text_title), id="form-title")
            yield TextArea(self.initial, id="text-input", soft_wrap=True)
            yield Static(lit(t("text.hint")), id="form-note")
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#text-input", TextArea).focus()

    def action_submit(self) -> None:
        text = self.query_one("#text-input", TextArea).text
        if not text.strip():
            self.query_one("#form-error", Static).update(lit("⚠ " + t("text.empty")))
            return
        if len(text) > self.max_length:
            self.query_one("#form-error", Static).update(
                lit("⚠ " + t("error.text_too_long", max=self.max_length, length=len(text)))
            )
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
