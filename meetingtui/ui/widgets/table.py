"""What the meeting's tables share: drawn from the meeting's state, redrawn only when what they
show changed, and telling their screen which row the user chose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

if TYPE_CHECKING:
    from ...domain.state import MeetingState


class MeetingTable(DataTable[Text]):
    """A table of one part of the meeting. ``state`` draws it; subclasses say what a row is
    (``fill``), what the table shows (``drawn``: a redraw costs the clerk a pause, so the rows
    are rebuilt only when it changes) and where the cursor goes (``cursor_for``). Enter on a
    row posts the subclass's ``Chosen`` with the row's key."""

    # No repaint of its own: a new state redraws only what ``drawn`` says changed (a repaint on
    # every state drew the whole queue again each time a speech ended, issue 18).
    state: reactive[MeetingState | None] = reactive(None, always_update=True, init=False, repaint=False)

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

    APPENDS = False
    """Whether ``drawn`` is a tuple of one item per row and ``append(state, n)`` adds the rows
    after the first ``n``: a table that only grew (a speech recorded, a speaker queued) then
    adds its new rows instead of clearing and refilling (which also scrolled it to the top
    and back, drawing every visible row twice)."""

    def append(self, state: MeetingState, start: int) -> None:
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
        before, self._drawn = self._drawn, drawn
        row = self.cursor_row
        if (
            self.APPENDS
            and isinstance(before, tuple)
            and isinstance(drawn, tuple)
            and self.row_count == len(before)
            and drawn[: len(before)] == before
        ):
            self.append(state, len(before))
        else:
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


class RowTable(DataTable[Text]):
    """A table whose rows are replaced one at a time (``set_row``), redrawing only that row.

    Textual's ``update_cell`` counts an update of the whole table: every row's rendering is
    thrown away and the whole table drawn again, for each cell. On the roll call of a
    200-member cell that was most of what a mark cost. ``set_row`` forgets only that row's
    rendering (Textual 8's DataTable keeps four caches: the row's cells and lines, keyed by
    row key first, and its renderables, by row index, are forgotten; the line cache is cheap
    to rebuild and is cleared) and refreshes only that row's region. The roll call's test
    reads the row as drawn, so a Textual that caches another way fails it.
    Rows are one line high and columns have fixed widths (nothing to measure again).
    """

    def set_row(self, row_key: str, cells: Sequence[Text]) -> None:
        key = RowKey(row_key)
        row = self._data[key]
        columns = self.ordered_columns
        if len(cells) != len(columns):
            raise ValueError(f"{len(cells)} cells for {len(columns)} columns")
        for column, cell in zip(columns, cells, strict=True):
            row[column.key] = cell
        for cell_key in [k for k in self._cell_render_cache.keys() if k[0] == key]:  # noqa: SIM118 - an LRUCache
            self._cell_render_cache.discard(cell_key)
        for drawn in [k for k in self._row_render_cache.keys() if k[0] == key]:  # noqa: SIM118
            self._row_render_cache.discard(drawn)
        self._line_cache.clear()
        index = self._row_locations.get(key)
        if index is not None:
            self._row_renderable_cache.discard((self._update_count, index))
            self.refresh_row(index)
