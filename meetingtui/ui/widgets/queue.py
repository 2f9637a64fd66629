"""The speaker queue: who asked for the floor, in order, those who have not spoken yet marked."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from ...domain.record import speaker_name, spoken_members
from ...domain.state import MeetingState
from ...i18n import t
from ..fmt import lit


class SpeakerQueue(DataTable[Text]):
    """``state`` draws the queue (redrawn only when what it shows changed: a redraw costs the
    clerk a pause); ``name_width`` fits the names. Enter on an entry posts ``Chosen``."""

    state: reactive[MeetingState | None] = reactive(None, always_update=True, init=False)
    name_width: reactive[int] = reactive(12, init=False)

    class Chosen(Message):
        """The clerk chose a queued speaker (Enter on the row): they take the floor."""

        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row")
        self._drawn: object = None

    def on_mount(self) -> None:
        self._columns()

    def _columns(self) -> None:
        self.clear(columns=True)
        self.add_column("#", key="n", width=2)
        self.add_column(t("clerk.col.speaker"), key="name", width=self.name_width)
        self._drawn = None

    def watch_name_width(self) -> None:
        self._columns()
        self.watch_state(self.state)

    @property
    def selected(self) -> str | None:
        """The id of the entry under the cursor; None when the queue is empty."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None or not self.columns:
            return
        spoken = spoken_members(state)
        queue = state.record.queue
        drawn = tuple((e.id, e.member in spoken) for e in queue)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        row = self.cursor_row
        self.clear()
        for n, entry in enumerate(queue, start=1):
            name = lit(speaker_name(state, entry))
            if entry.member and entry.member not in spoken:
                name.append(" • " + t("clerk.first_time"), style="bold")  # cut at 80 columns: "•" stays
            elif entry.guest:
                name.append(" (" + t("clerk.guest") + ")", style="dim")
            self.add_row(lit(n), name, key=entry.id)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.Chosen(event.row_key.value))
