"""A party group's opinion (ý kiến tổ đảng) in one dialog: the group, who read it out, the text."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Select, Static, TextArea

from ...domain.checks import MAX_MULTILINE
from ...i18n import t
from ..base import BaseModal, after_typing
from ..fmt import lit
from ..widgets import KeyFooter, show
from .kept import Kept


@dataclass(frozen=True)
class GroupOpinion:
    group: str
    reader: str  # member id, "" when nobody is named
    text: str


class GroupOpinionDialog(Kept, BaseModal[GroupOpinion | None]):
    """``groups``: (label, value); ``readers``: (name, member id). Enter goes from the lists
    to the text; ^S saves; Escape asks first when something was typed. The app keeps one and
    opens it again (``dialogs/kept.py``)."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "key.save", id="group.save", priority=True),
        Binding("escape", "cancel", "key.cancel", id="group.cancel"),
    ]

    def __init__(self, groups: list[tuple[str, str]], readers: list[tuple[str, str]]) -> None:
        super().__init__()
        self.groups = groups
        self.readers = readers

    def kept_shape(self) -> Hashable | None:
        return type(self)

    def take_over(self, fresh: Any) -> None:
        group, reader = self.query_one("#group", Select), self.query_one("#reader", Select)
        group.expanded = reader.expanded = False
        if fresh.groups != self.groups:
            group.set_options(fresh.groups)
        if fresh.readers != self.readers:
            reader.set_options(self._reader_options(fresh.readers))
        self.groups, self.readers = fresh.groups, fresh.readers
        group.value, reader.value = self.groups[0][1], ""
        self.query_one("#text-input", TextArea).text = ""
        show(self.query_one("#form-error", Static), "")
        group.focus()

    def _reader_options(self, readers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(t("group.no_reader"), ""), *readers]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(t("clerk.group_opinion_title")), id="form-title")
            yield Label(t("members.col.group"))
            yield Select(self.groups, value=self.groups[0][1], allow_blank=False, id="group", classes="field")
            yield Label(t("group.reader"))
            yield Select(
                self._reader_options(self.readers),
                value="",
                allow_blank=False,
                id="reader",
                classes="field",
            )
            yield Label(t("group.text"))
            yield TextArea(id="text-input", soft_wrap=True, classes="field")
            yield Static(lit(t("text.hint")), id="form-note")
            yield Static("", id="form-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#group", Select).focus()

    def on_key(self, event: events.Key) -> None:
        focused = self.focused
        if event.key == "enter" and isinstance(focused, Select):
            event.stop()
            event.prevent_default()
            self.focus_next_field(focused)

    def action_submit(self) -> None:
        after_typing(self, self._submit)  # the last keys typed reach the field first

    def _submit(self) -> None:
        text = self.query_one("#text-input", TextArea).text
        error = self.query_one("#form-error", Static)
        if not text.strip():
            show(error, lit("⚠ " + t("text.empty")))
            return
        if len(text) > MAX_MULTILINE:
            show(error, lit("⚠ " + t("error.text_too_long", max=MAX_MULTILINE, length=len(text))))
            return
        self.dismiss(
            GroupOpinion(
                group=str(self.query_one("#group", Select).value),
                reader=str(self.query_one("#reader", Select).value),
                text=text,
            )
        )

    def action_cancel(self) -> None:
        self.cancel_unless_changed(bool(self.query_one("#text-input", TextArea).text.strip()))
