"""The agenda: every stage with its budget and the time it actually took, the current one marked."""

from __future__ import annotations

import contextlib
import textwrap
from datetime import datetime

from rich.text import Text
from textual.reactive import reactive

from ...domain.state import MeetingState
from ...i18n import t
from ..fmt import duration, lit, minutes
from .table import MeetingTable


def fit_lines(title: str, width: int, most: int = 2) -> list[str]:
    """``title`` on at most ``most`` lines of ``width``; only what still does not fit is cut,
    with an ellipsis (the chair's screen gives the agenda the room its titles need first)."""
    lines = textwrap.wrap(title, width) or [""]
    if len(lines) <= most:
        return lines
    last = " ".join(lines[most - 1 :])
    return [*lines[: most - 1], last[: max(1, width - 1)] + "…"]


class AgendaTable(MeetingTable):
    """``state`` draws the stages; ``now`` moves the current stage's actual time;
    ``title_width`` fits the stage titles to the panel (a longer title wraps onto more lines).
    Enter on a stage posts ``Chosen``."""

    FIXED = 25  # the mark, budget and actual columns, the cell padding and the scrollbar

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

    def on_resize(self) -> None:
        self.rebuild()  # more or fewer lines for the titles

    def _lines_per_title(self, state: MeetingState) -> int:
        """As many lines per title as the table's height allows for all of them (2 to 4)."""
        room = self.size.height - 1  # the header row
        for most in (4, 3):
            needed = sum(
                len(fit_lines(f"{i + 1}. {s.title}", self.title_width, most))
                for i, s in enumerate(state.stages)
            )
            if needed <= room:
                return most
        return 2

    def fill(self, state: MeetingState) -> None:
        now = self.now
        most = self._lines_per_title(state)
        for i, stage in enumerate(state.stages):
            if state.current == i and state.running:
                mark = Text("▶", style="bold")
            elif state.stage_done(i):
                mark = Text("✓")
            else:
                mark = Text(" ")
            actual = duration(state.stage_elapsed(i, now)) if stage.started and now is not None else ""
            lines = fit_lines(f"{i + 1}. {stage.title}", self.title_width, most)
            self.add_row(
                mark,
                lit("\n".join(lines)),
                lit(minutes(stage.budget)),
                lit(actual),
                key=stage.id,
                height=len(lines),
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
