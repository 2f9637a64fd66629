"""Small modal dialogs that return typed results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ...domain.search import search
from ...i18n import t
from ..base import BaseModal
from ..fmt import lit

MAX_FIELD = 2000  # single-line fields; a huge paste is cut here with a message


class ConfirmDialog(BaseModal):
    """A yes/no question; y confirms, n or Escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "key.yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "key.no", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(self.question), id="question")
            with Horizontal(id="buttons"):
                yield Button(t("key.yes"), id="yes", variant="primary")
                yield Button(t("key.no"), id="no")
        yield Footer()  # a dialog's own keys, not those of the screen below

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    required: bool = False
    integer: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (label, value): shown as a Select


def dates_in(*keys: str) -> Callable[[dict[str, str]], str]:
    """A FormDialog validator: each named field empty or a date (20/12/2026 or 2026-12-20)."""
    from ...domain.errors import DomainError
    from ...i18n import error_text
    from ...roster_io import parse_date

    def check(values: dict[str, str]) -> str:
        for key in keys:
            try:
                parse_date(values.get(key, ""))
            except DomainError as exc:
                return error_text(exc)
        return ""

    return check


class FormDialog(BaseModal):
    """A few labelled inputs; Enter on the last field (or ctrl+s) submits, Escape cancels.

    Returns a dict of the values as typed, or None when cancelled.
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "key.save", id="form.save"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        note: str = "",
        validator: Callable[[dict[str, str]], str] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.note = note
        self.validator = validator

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
                    )
                    continue
                yield Input(
                    value=f.value,
                    placeholder=f.placeholder,
                    id=f"f-{f.key}",
                    type="integer" if f.integer else "text",
                    max_length=MAX_FIELD,
                )
            yield Static(lit(self.note), id="form-note")
            yield Static("", id="form-error")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_submit()

    def values(self) -> dict[str, str]:
        result = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.key}")
            result[f.key] = str(widget.value) if isinstance(widget, Input | Select) else ""
        return result

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(lit("⚠ " + message))

    def action_submit(self) -> None:
        values = self.values()
        for f in self.fields:
            if f.required and not values[f.key].strip():
                self.show_error(t("error.field_empty", field=f.label))
                self.query_one(f"#f-{f.key}").focus()
                return
        error = self.validate(values)
        if error:
            self.show_error(error)
            return
        self.dismiss(values)

    def validate(self, values: dict[str, str]) -> str:
        """Override or pass ``validator``: return a message to keep the dialog open."""
        return self.validator(values) if self.validator else ""

    def action_cancel(self) -> None:
        self.dismiss(None)


class MemberPicker(BaseModal):
    """Type part of a name ("huong", "nth", "nguyen thi h"); Enter picks the highlighted one."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="picker.cancel"),
        Binding("down", "cursor(1)", show=False, id="picker.down"),
        Binding("up", "cursor(-1)", show=False, id="picker.up"),
    ]

    def __init__(self, title: str, people: list[tuple[str, str, str]]) -> None:
        """``people``: (key, name, detail shown beside the name)."""
        super().__init__()
        self.picker_title = title
        self.people = people

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(self.picker_title), id="form-title")
            yield Input(placeholder=t("picker.placeholder"), id="picker-input", max_length=200)
            yield OptionList(id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        self._refill("")
        self.query_one("#picker-input", Input).focus()

    def _refill(self, query: str) -> None:
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        details = {key: (name, detail) for key, name, detail in self.people}
        keys = search(query, [(key, name) for key, name, _ in self.people])
        for key in keys:
            name, detail = details[key]
            label = lit(name)
            if detail:
                label.append(f"  {detail}", style="dim")
            options.add_option(Option(label, id=key))
        if keys:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None:
            self.notify(t("picker.none"), severity="warning", markup=False)
            return
        option = options.get_option_at_index(options.highlighted)
        self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(BaseModal):
    """Multi-line text (a summary, a conclusion, a correction); ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="text.cancel"),
        Binding("ctrl+s", "submit", "key.save", id="text.save", priority=True),
    ]

    def __init__(self, title: str, text: str = "", max_length: int = 20_000) -> None:
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
