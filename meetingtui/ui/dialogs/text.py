"""Multi-line text: a summary, a conclusion, a correction.

Escape on changed text asks before throwing it away ("keep editing" has the focus). When two
people correct the same text at once, the second is shown the other's version beside their own
(``beside``) to merge, instead of losing their edit.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static, TextArea

from ...domain.checks import MAX_MULTILINE
from ...i18n import t
from ..base import BaseModal, after_typing
from ..fmt import lit
from ..widgets import KeyFooter


class TextDialog(BaseModal[str | None]):
    """Multi-line text (a summary, a conclusion, a correction); ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "key.save", id="text.save", priority=True),
        Binding("escape", "cancel", "key.cancel", id="text.cancel"),
    ]

    def __init__(
        self,
        title: str,
        text: str = "",
        max_length: int = MAX_MULTILINE,
        *,
        beside: str | None = None,
        beside_title: str = "",
    ) -> None:
        super().__init__()
        self.text_title = title
        self.initial = text
        self.max_length = max_length
        self.beside = beside
        self.beside_title = beside_title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(self.text_title), id="form-title")
            if self.beside is None:
                yield TextArea(self.initial, id="text-input", soft_wrap=True)
            else:
                with Horizontal(id="merge"):
                    with Vertical():
                        yield Static(lit(self.beside_title), classes="merge-label")
                        yield TextArea(self.beside, id="text-theirs", soft_wrap=True, read_only=True)
                    with Vertical():
                        yield Static(lit(t("text.yours")), classes="merge-label")
                        yield TextArea(self.initial, id="text-input", soft_wrap=True)
            yield Static(lit(t("text.hint")), id="form-note")
            yield Static("", id="form-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one("#text-input", TextArea)
        area.focus()
        area.move_cursor(area.document.end)  # typing goes on after what is there

    def action_submit(self) -> None:
        after_typing(self, self._submit)  # the last keys typed reach the field first

    def _submit(self) -> None:
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
        text = self.query_one("#text-input", TextArea).text
        self.cancel_unless_changed(text != self.initial or self.beside is not None)
