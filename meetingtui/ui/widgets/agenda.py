"""The agenda: every stage with its budget and the time it actually took, the current one marked."""

from __future__ import annotations

import contextlib
from datetime import datetime

from rich.text import Text
from textual.reactive import reactive

from ...domain.state import MeetingState
from ...i18n import t
from ..fmt import duration, lit, minutes
from .table import MeetingTable


class AgendaTable(MeetingTable):
    """``state`` draws the stages; ``now`` moves the current stage's actual time;
    ``title_width`` fits the stage titles to the panel (a longer title wraps onto more lines).
    Enter on a stage posts ``Chosen``."""

    FIXED = 23  # the mark, budget and actual columns, the cell padding and the scrollbar

    now: reactive[datetime | None] = reactive(None, init=False)
    title_width: reactive[int] = reactive(16, init=False)

    class Chosen(MeetingTable.Chosen):
        """The chair chose a stage (``key``: the stage's id)."""

    def watch_title_width(self) -> None:
        self.rebuild()

    def columns_for(self) -> None:
        self.add_column(" ", key="mark", width=1)
        self.add_column(t("chair.col.stage"), key="title", width=self.title_width)
        self.add_column(t("chair.col.budget"), key="budget", width=7)
        self.add_column(t("chair.col.actual"), key="actual", width=6)

    def fill(self, state: MeetingState) -> None:
        now = self.now
        for i, stage in enumerate(state.stages):
            if state.current == i and state.running:
                mark = Text("▶", style="bold")
            elif state.stage_done(i):
                mark = Text("✓")
            else:
                mark = Text(" ")
            actual = duration(state.stage_elapsed(i, now)) if stage.started and now is not None else ""
            self.add_row(
                mark,
                lit(f"{i + 1}. {stage.title}"),
                lit(minutes(stage.budget)),
                lit(actual),
                key=stage.id,
                height=None,  # a title longer than its column wraps: never cut
            )

    def cursor_for(self, state: MeetingState, row: int) -> int:
        return row if state.current is None else state.current

    def watch_now(self, now: datetime | None) -> None:
        state = self.state
        if state is None or state.current is None or now is None:
            return
        stage = state.stages[state.current]
        with contextlib.suppress(Exception):  # the row may be being rebuilt
            self.update_cell(stage.id, "actual", lit(duration(state.stage_elapsed(state.current, now))))
