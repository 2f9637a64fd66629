"""The agenda: every stage with its budget and the time it actually took, the current one marked."""

from __future__ import annotations

import contextlib
from datetime import datetime

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from ...domain.state import MeetingState
from ...i18n import t
from ..fmt import duration, lit, minutes

FIXED = 1 + 1 + 7 + 6 + 8  # border, mark, budget, actual, padding


class AgendaTable(DataTable[Text]):
    """``state`` draws the stages; ``now`` moves the current stage's actual time;
    ``title_width`` fits the stage titles to the panel. Enter on a stage posts ``Chosen``."""

    state: reactive[MeetingState | None] = reactive(None, always_update=True, init=False)
    now: reactive[datetime | None] = reactive(None, init=False)
    title_width: reactive[int] = reactive(16, init=False)

    class Chosen(Message):
        """The chair chose a stage (Enter on its row)."""

        def __init__(self, stage_id: str) -> None:
            super().__init__()
            self.stage_id = stage_id

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row", show_cursor=True)

    def on_mount(self) -> None:
        self._columns()

    def _columns(self) -> None:
        self.clear(columns=True)
        self.add_column(" ", key="mark", width=1)
        self.add_column(t("chair.col.stage"), key="title", width=self.title_width)
        self.add_column(t("chair.col.budget"), key="budget", width=7)
        self.add_column(t("chair.col.actual"), key="actual", width=6)

    def watch_title_width(self) -> None:
        self._columns()
        self.watch_state(self.state)

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None or not self.columns:
            return
        now = self.now
        self.clear()
        for i, stage in enumerate(state.stages):
            if state.current == i and state.running:
                mark = Text("▶", style="bold")
            elif state.stage_done(i):
                mark = Text("✓")
            else:
                mark = Text(" ")
            actual = duration(state.stage_elapsed(i, now)) if stage.started and now is not None else ""
            self.add_row(
                mark, lit(f"{i + 1}. {stage.title}"), lit(minutes(stage.budget)), lit(actual), key=stage.id
            )
        if state.current is not None:
            self.move_cursor(row=state.current)

    def watch_now(self, now: datetime | None) -> None:
        state = self.state
        if state is None or state.current is None or now is None:
            return
        stage = state.stages[state.current]
        with contextlib.suppress(Exception):  # the row may be being rebuilt
            self.update_cell(stage.id, "actual", lit(duration(state.stage_elapsed(state.current, now))))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.Chosen(event.row_key.value))
