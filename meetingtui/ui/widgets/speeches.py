"""The speeches recorded so far: when, who, how long, the first line of what was said."""

from __future__ import annotations

from rich.cells import cell_len
from textual.reactive import reactive

from ...domain.dates import hhmm
from ...domain.record import speaker_name
from ...domain.state import MeetingState
from ...i18n import t
from ..fmt import duration, lit
from .table import MeetingTable


class SpeechList(MeetingTable):
    """``state`` draws the speeches at the cell's ``utc_offset``; ``panel_width`` fits the
    columns to the panel. Enter on a speech posts ``Chosen``: to correct it."""

    utc_offset: reactive[int] = reactive(7, init=False)

    class Chosen(MeetingTable.Chosen):
        """The clerk chose a recorded speech (``key``: the speech's id)."""

    panel_width: reactive[int] = reactive(40, init=False)

    @staticmethod
    def _widths() -> tuple[int, int]:
        """The time and length columns: wide enough for their headers ("Length", "Giờ")."""
        return max(5, cell_len(t("clerk.col.time"))), max(5, cell_len(t("clerk.col.length")))

    def _layout(self) -> tuple[int, int]:
        """(speaker, summary) widths that fill the panel without a horizontal scrollbar: the
        summary keeps at least 12 columns, the speaker 10 to 22, the summary the rest."""
        time, length = self._widths()
        room = self.panel_width - time - length - 4 * 2 - 2  # cell padding, scrollbar
        name = max(10, min(22, room - 12))
        return name, max(8, room - name)

    def watch_panel_width(self) -> None:
        self.rebuild()

    def columns_for(self) -> None:
        time, length = self._widths()
        name, summary = self._layout()
        self.add_column(t("clerk.col.time"), key="time", width=time)
        self.add_column(t("clerk.col.speaker"), key="name", width=name)
        self.add_column(t("clerk.col.length"), key="len", width=length)
        self.add_column(t("clerk.col.summary"), key="summary", width=summary)

    def cursor_for(self, state: MeetingState, row: int) -> int:
        """A new speech recorded: the cursor goes to it (the newest is the one to check)."""
        count = len(state.record.speeches)
        if count != getattr(self, "_count", None):
            self._count = count
            return count - 1
        return row

    def drawn(self, state: MeetingState) -> object:
        return tuple((sp.id, sp.rev, sp.text[:200]) for sp in state.record.speeches)

    APPENDS = True

    def fill(self, state: MeetingState) -> None:
        self.append(state, 0)

    def append(self, state: MeetingState, start: int) -> None:
        for speech in state.record.speeches[start:]:
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
