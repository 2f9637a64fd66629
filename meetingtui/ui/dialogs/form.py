"""A few labelled fields, read once into the value the caller asked for.

``FormDialog(title, fields, parse=...)`` returns what ``parse`` makes of the typed values (a
dict of them by default), or None when cancelled. ``parse`` refuses bad input by raising an
:class:`AppError`: the dialog stays open and shows the message, so every caller receives a
value that is already checked and converted, and none parses the text again.

A form never loses what was typed: Enter goes to the next field in order (a list too: ↓ or
Space opens it), entering a filled field puts the cursor at its end (nothing is selected, so
typing adds to it), and Escape on a form that was changed asks before throwing the changes
away, "keep editing" being the answer that has the focus.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast, overload

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from ...domain.dates import parse_date
from ...domain.errors import AppError
from ...i18n import error_text, t
from ..base import BaseModal, after_typing
from ..fmt import lit
from ..widgets import KeyFooter, show
from .kept import Kept

MAX_FIELD = 2000  # single-line fields; a huge paste is cut here with a message

T = TypeVar("T")
Values = dict[str, str]


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    required: bool = False
    integer: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (label, value): shown as a Select


def as_typed(values: Values) -> Values:
    """The values as typed (the default ``parse``)."""
    return dict(values)


def dates_in(*keys: str) -> Callable[[Values], Values]:
    """A ``parse`` that turns each named field, empty or a date (20/12/2026 or 2026-12-20), to ISO."""

    def parse(values: Values) -> Values:
        return {**values, **{key: parse_date(values.get(key, "")) for key in keys}}

    return parse


class FieldInput(Input):
    """A one-line field that keeps what is in it: focused, the cursor goes to the end."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, select_on_focus=False, **kwargs)

    def on_focus(self) -> None:
        self.cursor_position = len(self.value)


class FormDialog(Kept, BaseModal[T | None], Generic[T]):
    """A few labelled inputs; Enter on the last field (or ctrl+s) submits, Escape cancels
    (asking first when something was changed). The app keeps one of each title and fields
    and opens it again with the new values (``dialogs/kept.py``)."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "key.save", id="form.save"),
    ]

    @overload
    def __init__(
        self: FormDialog[Values], title: str, fields: list[FormField], note: str = "", parse: None = None
    ) -> None: ...

    @overload
    def __init__(
        self, title: str, fields: list[FormField], note: str = "", *, parse: Callable[[Values], T]
    ) -> None: ...

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        note: str = "",
        parse: Callable[[Values], Any] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.note = note
        self.parse = cast(Callable[[Values], T], parse or as_typed)
        self._choices: dict[str, tuple[tuple[str, str], ...]] = {f.key: f.choices for f in fields}

    def kept_shape(self) -> Hashable | None:
        if type(self) is not FormDialog:
            return None  # a subclass may hold more than take_over knows of
        fields = tuple((f.key, f.label, f.required, f.integer, bool(f.choices)) for f in self.fields)
        return (FormDialog, self.form_title, fields)

    def take_over(self, fresh: Any) -> None:
        self.fields, self.note, self.parse = fresh.fields, fresh.note, fresh.parse
        for f in self.fields:
            widget = self.query_one(f"#f-{f.key}")
            if isinstance(widget, Select):
                if f.choices != self._choices.get(f.key):
                    widget.set_options(list(f.choices))
                    self._choices[f.key] = f.choices
                widget.expanded = False
                widget.value = f.value or f.choices[0][1]
            elif isinstance(widget, Input):
                widget.value, widget.placeholder = f.value, f.placeholder
                widget.cursor_position = len(f.value)
        show(self.query_one("#form-note", Static), lit(self.note))
        show(self.query_one("#form-error", Static), "")
        self._start()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(self.form_title), id="form-title")
            for f in self.fields:
                yield Label(lit(f.label + (" *" if f.required else "")))
                if f.choices:
                    yield Select(
                        list(f.choices),
                        value=f.value or f.choices[0][1],
                        allow_blank=False,
                        id=f"f-{f.key}",
                        classes="field",
                    )
                    continue
                yield FieldInput(
                    value=f.value,
                    placeholder=f.placeholder,
                    id=f"f-{f.key}",
                    type="integer" if f.integer else "text",
                    max_length=MAX_FIELD,
                    classes="field",
                )
            yield Static(lit(self.note), id="form-note")
            yield Static("", id="form-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._start()

    def _start(self) -> None:
        self._initial = self.values()
        first = self.query(".field").first()
        first.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.focus_next_field(event.input):
            self.action_submit()

    def on_key(self, event: events.Key) -> None:
        """Enter on a list goes on to the next field, as on a text field (↓/Space open it)."""
        focused = self.focused
        if event.key == "enter" and isinstance(focused, Select):
            event.stop()
            event.prevent_default()
            if not self.focus_next_field(focused):
                self.action_submit()

    def values(self) -> Values:
        result = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.key}")
            result[f.key] = str(widget.value) if isinstance(widget, Input | Select) else ""
        return result

    def show_error(self, message: str) -> None:
        show(self.query_one("#form-error", Static), lit("⚠ " + message))

    def action_submit(self) -> None:
        after_typing(self, self._submit)  # the last keys typed reach the field first

    def _submit(self) -> None:
        values = self.values()
        for f in self.fields:
            if f.required and not values[f.key].strip():
                self.show_error(t("error.field_empty", field=f.label))
                self.query_one(f"#f-{f.key}").focus()
                return
        try:
            result = self.parse(values)
        except AppError as exc:
            self.show_error(error_text(exc))
            return
        self.dismiss(result)

    def changed(self) -> bool:
        return self.values() != self._initial

    def action_cancel(self) -> None:
        self.cancel_unless_changed(self.changed())
