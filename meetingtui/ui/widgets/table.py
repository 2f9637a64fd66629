"""What the meeting's tables share: drawn from the meeting's state, redrawn only when what they
show changed, and telling their screen which row the user chose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

if TYPE_CHECKING:
    from ...domain.state import MeetingState


class MeetingTable(DataTable[Text]):
    """A table of one part of the meeting. ``state`` draws it; subclasses say what a row is
    (``fill``), what the table shows (``drawn``: a redraw costs the clerk a pause, so the rows
    are rebuilt only when it changes) and where the cursor goes (``cursor_for``). Enter on a
    row posts the subclass's ``Chosen`` with the row's key."""

    state: reactive[MeetingState | None] = reactive(None, always_update=True, init=False)

    class Chosen(Message):
        """The user chose a row (Enter on it); ``key`` is the row's key."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row")
        self._drawn: object = None

    def on_mount(self) -> None:
        self.rebuild()

    def columns_for(self) -> None:
        """Add the table's columns (called on mount and when a width changes)."""
        raise NotImplementedError

    def rebuild(self) -> None:
        """The columns again (a width changed), then the rows."""
        self.clear(columns=True)
        self.columns_for()
        self._drawn = None
        self.watch_state(self.state)

    def drawn(self, state: MeetingState) -> object:
        """What the rows show; the rows are rebuilt only when this changes."""
        return object()  # by default every new state is drawn

    def fill(self, state: MeetingState) -> None:
        raise NotImplementedError

    def cursor_for(self, state: MeetingState, row: int) -> int:
        """The row the cursor goes to after a redraw (by default it stays where it was)."""
        return row

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None or not self.columns:
            return
        drawn = self.drawn(state)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        row = self.cursor_row
        self.clear()
        self.fill(state)
        if self.row_count:
            self.move_cursor(row=max(0, min(self.cursor_for(state, row), self.row_count - 1)))

    @property
    def selected(self) -> str | None:
        """The key of the row under the cursor; None when the table is empty."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.Chosen(event.row_key.value))
