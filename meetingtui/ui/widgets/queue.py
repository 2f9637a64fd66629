"""The speaker queue: who asked for the floor, in order, those who have not spoken yet marked."""

from __future__ import annotations

from textual.reactive import reactive

from ...domain.record import speaker_name, spoken_members
from ...domain.state import MeetingState
from ...i18n import t
from ..fmt import lit
from .table import MeetingTable


class SpeakerQueue(MeetingTable):
    """``state`` draws the queue; ``name_width`` fits the names. A click on an entry posts
    ``Chosen`` (on the clerk's screen Enter is typing: F3 gives the highlighted entry the floor)."""

    name_width: reactive[int] = reactive(12, init=False)

    class Chosen(MeetingTable.Chosen):
        """The clerk chose a queued speaker (``key``: the queue entry's id)."""

    def watch_name_width(self) -> None:
        self.rebuild()

    def columns_for(self) -> None:
        self.add_column("#", key="n", width=2)
        self.add_column(t("clerk.col.speaker"), key="name", width=self.name_width)

    def drawn(self, state: MeetingState) -> object:
        spoken = spoken_members(state)
        return tuple((e.id, e.member in spoken) for e in state.record.queue)

    APPENDS = True

    def fill(self, state: MeetingState) -> None:
        self.append(state, 0)

    def append(self, state: MeetingState, start: int) -> None:
        spoken = spoken_members(state)
        for n, entry in enumerate(state.record.queue[start:], start=start + 1):
            name = lit(speaker_name(state, entry))
            if entry.member and entry.member not in spoken:
                name.append(" • " + t("clerk.first_time"), style="bold")  # cut at 80 columns: "•" stays
            elif entry.guest:
                name.append(" (" + t("clerk.guest") + ")", style="dim")
            self.add_row(lit(n), name, key=entry.id)
