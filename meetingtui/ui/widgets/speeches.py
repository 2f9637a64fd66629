"""The speeches recorded so far: when, who, how long, the first line of what was said."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from ...domain.dates import hhmm
from ...domain.record import speaker_name
from ...domain.state import MeetingState
from ...i18n import t
from ..fmt import duration, lit


class SpeechList(DataTable[Text]):
    """``state`` draws the speeches, at the cell's ``utc_offset`` (redrawn only when what it
    shows changed); ``summary_width`` fits the summaries. Enter on a speech posts ``Chosen``."""

    state: reactive[MeetingState | None] = reactive(None, always_update=True, init=False)
    summary_width: reactive[int] = reactive(8, init=False)
    utc_offset: reactive[int] = reactive(7, init=False)

    class Chosen(Message):
        """The clerk chose a recorded speech (Enter on the row): to correct it."""

        def __init__(self, speech_id: str) -> None:
            super().__init__()
            self.speech_id = speech_id

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row")
        self._drawn: object = None

    def on_mount(self) -> None:
        self._columns()

    def _columns(self) -> None:
        self.clear(columns=True)
        self.add_column(t("clerk.col.time"), key="time", width=5)
        self.add_column(t("clerk.col.speaker"), key="name", width=14)
        self.add_column(t("clerk.col.length"), key="len", width=5)
        self.add_column(t("clerk.col.summary"), key="summary", width=self.summary_width)
        self._drawn = None

    def watch_summary_width(self) -> None:
        self._columns()
        self.watch_state(self.state)

    @property
    def selected(self) -> str | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None or not self.columns:
            return
        speeches = state.record.speeches
        drawn = tuple((sp.id, sp.rev, sp.text[:200]) for sp in speeches)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        row = self.cursor_row
        self.clear()
        for speech in speeches:
            first_line = speech.text.split("\n", 1)[0] if speech.text else t("clerk.no_summary")
            who = speaker_name(state, speech)
            if speech.kind == "group_opinion":
                who = t("clerk.group_label", group=speech.group)
            self.add_row(
                lit(hhmm(speech.started_at, self.utc_offset)),
                lit(who),
                lit(duration(speech.seconds) if speech.kind == "speech" else ""),
                lit(first_line[:200] + (" ✎" if speech.history else "")),
                key=speech.id,
            )
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.Chosen(event.row_key.value))
