"""Choosing a member (or any named item) by typing part of the name, as the clerk types.

The app keeps the picker it built the first time and opens it again with the new names
(``dialogs/kept.py``, issue 18). Building it anew each time (its widgets composed, mounted and
styled, the list's scrollbar mounted after the first frame) took five frames and 70 ms to
settle on every F2; opened again, it is drawn in the frame that shows it.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from typing import Any

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
from ..widgets.shown import show
from .kept import Kept

LISTED = 50  # names listed at once: more than two screens of the list; typing finds the rest


class MemberPicker(Kept, BaseModal[str | None]):
    """Type part of a name ("huong", "nth", "nguyen thi h"); Enter picks the highlighted one.

    The best :data:`LISTED` matches are listed, and a last line says how many more there are
    (a cell of 200: laying out and drawing all 200 names made opening the picker and each
    letter typed in it miss 50 ms, issue 18); the one to highlight is always listed."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="picker.cancel"),
        Binding("down", "cursor(1)", show=False, id="picker.down"),
        Binding("up", "cursor(-1)", show=False, id="picker.up"),
    ]

    PLACEHOLDER = "picker.placeholder"  # the search box's, as a text key

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
        self._ready = False  # the widgets are there: typing goes into the search box
        self._set(title, people, preferred, hint, initial)

    def _set(
        self,
        title: str,
        people: list[tuple[str, str, str]],
        preferred: Collection[str],
        hint: str,
        initial: str | None,
    ) -> None:
        self.picker_title = title
        self.people = people
        self.preferred = set(preferred)
        self.hint = hint
        self.initial = initial  # highlighted while nothing is typed
        self._typed_early = ""  # typed before the search box was there (straight after F3)
        self._enter_early = False
        self._chosen = False
        self._more = 0  # names that match but are not listed
        self._query: str | None = None

    def kept_shape(self) -> Hashable | None:
        return type(self)  # a subclass's pickers are kept apart from these

    def take_over(self, fresh: Any) -> None:
        self._set(fresh.picker_title, fresh.people, fresh.preferred, fresh.hint, fresh.initial)
        if self._ready:
            self._start()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="form-title")
            yield Input(placeholder=t(self.PLACEHOLDER), id="picker-input", max_length=200)
            yield OptionList(id="picker-list")
            yield Static(id="form-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#picker-list", OptionList).can_focus = False  # typing stays in the search box
        self._start()
        self._ready = True
        if self._enter_early:
            self._choose()

    def _start(self) -> None:
        """The title, the hint, the search box holding what was typed early, the list."""
        show(self.query_one("#form-title", Static), lit(self.picker_title))
        note = self.query_one("#form-note", Static)
        show(note, lit(self.hint))
        note.display = bool(self.hint)
        box = self.query_one("#picker-input", Input)
        box.value = self._typed_early
        box.cursor_position = len(box.value)
        self._refill(box.value)
        box.focus()

    def _refill(self, query: str) -> None:
        self._query = query
        options = self.query_one("#picker-list", OptionList)
        details = {key: (name, detail) for key, name, detail in self.people}
        keys = self._matches(query)
        listed = keys[:LISTED]
        if not query and self.initial in keys[LISTED:]:
            listed.append(self.initial)
        found = []
        for key in listed:
            name, detail = details[key]
            label = self._label(query, name)
            if detail:
                label.append(f"  {detail}", style="dim")
            found.append(Option(label, id=key))
        self._more = len(keys) - len(listed)
        if self._more:
            found.append(Option(Text(t("picker.more", n=self._more), style="dim italic"), disabled=True))
        if not keys and query and (nothing := self._nothing(query)):
            found.append(Option(Text(nothing, style="italic"), disabled=True))
        # All at once (one by one, each redrew the list of 200), and never emptied first: an
        # empty list in between hid its scrollbar, and showing it again took one more frame.
        if found:
            options.set_options(found)
        else:
            options.clear_options()  # set_options([]) leaves the old names drawn
        if listed:
            options.highlighted = listed.index(self.initial) if not query and self.initial in listed else 0

    def _matches(self, query: str) -> list[str]:
        """The keys of what ``query`` finds, best first."""
        return search(query, [(key, name) for key, name, _ in self.people], preferred=self.preferred)

    def _label(self, query: str, name: str) -> Text:
        """How a found name is listed (as typed: never markup)."""
        return lit(name)

    def _nothing(self, query: str) -> str:
        """The line listed when ``query`` finds nothing; empty: none (Enter then says so)."""
        return ""

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value != self._query:
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
        if box.value != self._query:
            self._refill(box.value)
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None:
            self.notify(self._nothing(box.value) or t("picker.none"), severity="warning", markup=False)
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
