"""The year plan and the packets, for the screens and the command line (docs/DOMAIN.md, "The
year plan", "The packet"). Light on purpose: the home screen asks it for the next meeting due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from ..domain.errors import DomainError
from ..domain.people import checked_cell
from ..domain.plan import PLAN_BOOK, HomeNote, Packet, PlanState, YearPlan, check_window, home_notes
from ..queries import plan as plan_queries
from ..store.books import check_year
from .books import BookService

if TYPE_CHECKING:
    from ..domain.state import MeetingState


class PlanService(BookService):
    """The year plan of the cell (``CellService.planning()``)."""

    def plan(self, year: int, *, read_states: bool = True) -> YearPlan:
        return plan_queries.plan_of(self.repo, check_year(year), read_states=read_states)

    def plan_state(self, year: int) -> PlanState:
        return plan_queries.plan_state(self.repo, check_year(year))

    def set_window(self, year: int, day_from: object, day_to: object) -> YearPlan:
        """The days of the month the regular meetings fall in: the cell's setting from now on,
        and this year's plan."""
        first, last = check_window(day_from, day_to)
        self.cells.save_cell(
            checked_cell(replace(self.cells.cell(), meeting_day_from=first, meeting_day_to=last))
        )
        self._record(PLAN_BOOK, year, [("plan_window", {"day_from": first, "day_to": last})])
        return self.plan(year)

    def set_month(self, year: int, month: int, day_from: object, day_to: object, note: str = "") -> PlanState:
        data = {"month": month, "day_from": day_from, "day_to": day_to, "note": note}
        return self._record(PLAN_BOOK, year, [("plan_month", data)])  # type: ignore[no-any-return]

    def add_topic(
        self, year: int, quarter: int, title: str, *, presenter: str = "", month: int = 0, outline: str = ""
    ) -> PlanState:
        name = self._member(presenter).name if presenter else ""
        data = {"quarter": quarter, "month": month, "title": title, "presenter": presenter,
                "presenter_name": name, "outline": outline}  # fmt: skip
        return self._record(PLAN_BOOK, year, [("plan_topic", data)])  # type: ignore[no-any-return]

    def remove_topic(self, year: int, topic: str, reason: str = "") -> PlanState:
        return self._record(PLAN_BOOK, year, [("plan_topic_removed", {"topic": topic, "reason": reason})])  # type: ignore[no-any-return]

    def home_notes(self) -> list[HomeNote]:
        """The next meeting due and the plan's warnings, from the meeting index alone."""
        today = self.cells.today()
        meetings = self.cells.meetings()
        since = meetings[0].date if meetings else today
        return home_notes(self.plan(int(today[:4]), read_states=False), today, since)

    # -- the packet ----------------------------------------------------------------------
    def meeting_start(self, state: MeetingState) -> datetime:
        """The meeting's planned start (its date and time, in the cell's local time)."""
        cell = self.cells.cell()
        hour, _, minute = (state.time or "00:00").partition(":")
        try:
            at = datetime.fromisoformat(f"{state.date}T{int(hour):02d}:{int(minute or 0):02d}")
        except ValueError:
            raise DomainError("error.packet_time_invalid", meeting=state.id) from None
        return at.replace(tzinfo=timezone(timedelta(hours=cell.utc_offset_hours)))

    def packet(self, meeting_id: str) -> Packet | None:
        return self.packet_for(self.cells.meeting(meeting_id).state())

    def packet_for(self, state: MeetingState) -> Packet | None:
        """When the meeting's packet was last recorded as sent; None when it never was."""
        return plan_queries.packet_of(self.repo, state.id, state.date)

    def record_packet_sent(
        self, meeting_id: str, *, sent_at: datetime | None = None, to: str = "", files: Iterable[str] = ()
    ) -> Packet:
        """The packet went out (now, unless ``sent_at`` says when): kept in the plan of the
        meeting's year, with how long before its start that was."""
        state = self.cells.meeting(meeting_id).state()
        sent = sent_at or self.cells.clock.now()
        data = {
            "meeting": meeting_id,
            "title": state.title,
            "start": self.meeting_start(state).isoformat(),
            "sent_at": sent.isoformat(),
            "to": to,
            "files": list(files),
        }
        plan: PlanState = self._record(PLAN_BOOK, int(state.date[:4]), [("packet_sent", data)])
        packet = plan.packet(meeting_id)
        assert packet is not None
        return packet
