"""Choosing a member (or any named item) by typing part of the name, as the clerk types."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.search import search
from ...i18n import t
from ..base import BaseModal
from ..fmt import lit
from ..widgets import KeyFooter

LISTED = 50  # names listed at once: more than two screens of the list; typing finds the rest


class MemberPicker(BaseModal[str | None]):
    """Type part of a name ("huong", "nth", "nguyen thi h"); Enter picks the highlighted one.

    The best :data:`LISTED` matches are listed, and a last line says how many more there are
    (a cell of 200: laying out and drawing all 200 names made opening the picker and each
    letter typed in it miss 50 ms, issue 18); the one to highlight is always listed."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="picker.cancel"),
        Binding("down", "cursor(1)", show=False, id="picker.down"),
        Binding("up", "cursor(-1)", show=False, id="picker.up"),
    ]

    def __init__(
        self,
        title: str,
        people: list[tuple[str, str, str]],
        *,
        preferred: Collection[str] = (),
        hint: str = "",
        initial: str | None = None,
    ) -> None:
        """``people``: (key, name, detail shown beside the name); ``preferred`` keys (those
        present) come first among equally good matches, never above a match at a word start."""
        super().__init__()
        self.picker_title = title
        self.people = people
        self.preferred = set(preferred)
        self.hint = hint
        self.initial = initial  # highlighted while nothing is typed
        self._typed_early = ""  # typed before the search box was there (straight after F3)
        self._enter_early = False
        self._ready = False
        self._chosen = False
        self._more = 0  # names that match but are not listed

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(self.picker_title), id="form-title")
            yield Input(placeholder=t("picker.placeholder"), id="picker-input", max_length=200)
            yield OptionList(id="picker-list")
            if self.hint:
                yield Static(lit(self.hint), id="form-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#picker-list", OptionList).can_focus = False  # typing stays in the search box
        box = self.query_one("#picker-input", Input)
        box.value = self._typed_early
        box.cursor_position = len(box.value)
        self._refill(box.value)
        box.focus()
        self._ready = True
        if self._enter_early:
            self._choose()

    def _refill(self, query: str) -> None:
        self._query = query
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        details = {key: (name, detail) for key, name, detail in self.people}
        keys = search(query, [(key, name) for key, name, _ in self.people], preferred=self.preferred)
        listed = keys[:LISTED]
        if not query and self.initial in keys[LISTED:]:
            listed.append(self.initial)
        found = []
        for key in listed:
            name, detail = details[key]
            label = lit(name)
            if detail:
                label.append(f"  {detail}", style="dim")
            found.append(Option(label, id=key))
        self._more = len(keys) - len(listed)
        if self._more:
            found.append(Option(Text(t("picker.more", n=self._more), style="dim italic"), disabled=True))
        options.add_options(found)  # at once: one by one, each redrew the list (200 members)
        if listed:
            options.highlighted = listed.index(self.initial) if not query and self.initial in listed else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value != getattr(self, "_query", None):
            self._refill(event.value)

    def take_key(self, event: events.Key) -> bool:
        """Typing and Enter, taken in the order typed (``MeetingApp.on_event``): a name typed
        straight after the key that opened the picker, even before it is drawn, goes into the
        search, and Enter chooses on all that was typed before it."""
        if event.key == "enter":
            if self._ready:
                self._choose()
            else:
                self._enter_early = True
            return True
        character = event.character if event.is_printable else None
        if not character and event.key != "backspace":
            return False
        if not self._ready:
            self._typed_early = self._typed_early[:-1] if character is None else self._typed_early + character
            return True
        box = self.query_one("#picker-input", Input)
        if event.key == "backspace":
            box.action_delete_left()
        else:
            box.insert_text_at_cursor(character or "")
        self._refill(box.value)
        return True

    def _choose(self) -> None:
        if self._chosen:
            return  # a second Enter before the picker has gone
        box = self.query_one("#picker-input", Input)
        if box.value != getattr(self, "_query", None):
            self._refill(box.value)
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None:
            self.notify(t("picker.none"), severity="warning", markup=False)
            return
        option = options.get_option_at_index(options.highlighted)
        self._chosen = True
        self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#picker-list", OptionList)
        last = options.option_count - 1 - (1 if self._more else 0)  # never the "… more" line
        if last >= 0:
            current = options.highlighted or 0
            options.highlighted = max(0, min(last, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
