"""Roll call: mark every member quickly by keyboard, with live counts and ledger warnings."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...domain.attendance import counts_now
from ...domain.dates import hhmm
from ...domain.errors import AppError
from ...domain.people import Category
from ...domain.rules import Presence, percent_text
from ...domain.state import AttendanceRecord, MeetingState
from ...i18n import t
from ..base import MeetingScreen
from ..dialogs import FormDialog, FormField
from ..fmt import lit
from ..widgets import KeyFooter


class RollCallScreen(MeetingScreen):
    CSS_PATH = "rollcall.tcss"
    BINDINGS = [
        Binding("c", "mark('present')", "key.present", id="roll.present"),
        Binding("l", "mark('excused')", "key.excused", id="roll.excused"),
        Binding("k", "mark('unexcused')", "key.unexcused", id="roll.unexcused"),
        Binding("a", "arrived", "key.arrived", id="roll.arrived"),
        Binding("d", "departed", "key.departed", id="roll.departed"),
        Binding("t", "clerk", "key.clerk", id="roll.clerk"),
        Binding("g", "guest", "key.guest", id="roll.guest"),
        Binding("A", "all_present", "key.all_present", id="roll.all_present"),
        Binding("escape", "back", "key.back", id="roll.back"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self.warnings: dict[str, tuple[str, ...]] | None = None  # read once, when the screen opens

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="roll-counts")
        yield Static(id="roll-warnings")
        yield DataTable(id="roll", cursor_type="row", zebra_stripes=True)
        yield Static(id="roll-guests")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("roll.title")
        table = self.query_one("#roll", DataTable)
        table.add_column("#", key="n", width=3)
        table.add_column(t("roll.col.name"), key="name", width=26)
        table.add_column(t("roll.col.category"), key="category", width=14)
        table.add_column(t("roll.col.group"), key="group", width=10)
        table.add_column(t("roll.col.status"), key="status", width=22)
        table.add_column(t("roll.col.note"), key="note")
        self._utc_offset = self.mt_app.cells.cell().utc_offset_hours
        self.connect()
        table.focus()

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        if self.warnings is None:
            try:
                rows = self.mt_app.cells.ledger(date.fromisoformat(state.date).year, exclude=state.id)
            except AppError as exc:
                self.mt_app.report(exc)
                rows = {}
            self.warnings = {mid: row.warnings for mid, row in rows.items() if row.warnings}
        self._fill(state)

    # -- display ------------------------------------------------------------------------
    def _status_text(self, rec: AttendanceRecord | None) -> Text:
        offset = self._utc_offset
        if rec is None or rec.status is Presence.UNMARKED:
            return Text(t("roll.unmarked"), style="dim")
        text = Text(t(f"presence.{rec.status.value}"))
        if rec.arrived_at is not None:
            text.append(" " + t("roll.arrived_at", time=hhmm(rec.arrived_at, offset)))
        if rec.left_at is not None:
            text.append(" " + t("roll.left_at", time=hhmm(rec.left_at, offset)))
        return text

    def _note_text(self, member_id: str, rec: AttendanceRecord | None, state: MeetingState) -> Text:
        parts = []
        if rec is not None and rec.reason:
            parts.append(rec.reason)
        if rec is not None and rec.left_reason:
            parts.append(rec.left_reason)
        if state.clerk == member_id:
            parts.append(t("roll.is_clerk"))
        text = lit("; ".join(parts))
        for key in (self.warnings or {}).get(member_id, ()):
            text.append(("; " if text else "") + "⚠ " + t(key), style="bold")
        return text

    def _fill(self, state: MeetingState) -> None:
        table = self.query_one("#roll", DataTable)
        row = table.cursor_row
        table.clear()
        for n, member in enumerate(state.members(), start=1):
            rec = state.attendance.get(member.id)
            table.add_row(
                lit(n),
                lit(member.name),
                lit(t(f"category.{member.category.value}")),
                lit(member.group),
                self._status_text(rec),
                self._note_text(member.id, rec, state),
                key=member.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._fill_counts(state)

    def _fill_counts(self, state: MeetingState) -> None:
        c = counts_now(state)
        threshold = self.mt_app.cells.cell().attendance_threshold
        lines = [
            t(
                "roll.counts1",
                total=c.total,
                official=c.official,
                probationary=c.probationary,
                exempted=c.exempted,
            ),
            t(
                "roll.counts2",
                present=c.present,
                excused=c.excused,
                unexcused=c.unexcused,
                unmarked=c.unmarked,
            ),
            t(
                "roll.counts3",
                rate=percent_text(c.rate * 100),
                threshold=percent_text(threshold * 100),
                voters=c.voters_present,
                denominator=c.denominator,
            ),
        ]
        box = self.query_one("#roll-counts", Static)
        box.update(lit("\n".join(lines)))
        box.set_class(c.rate < threshold, "-below")
        flagged = [
            f"{state.member_name(mid)}: {', '.join(t(k) for k in keys)}"
            for mid, keys in (self.warnings or {}).items()
            if mid in state.roster
        ]
        warn = self.query_one("#roll-warnings", Static)
        warn.update(lit("\n".join("⚠ " + line for line in flagged)))
        warn.set_class(bool(flagged), "-active")
        guests = "; ".join(f"{g.name} ({g.title})" if g.title else g.name for g in state.guests)
        self.query_one("#roll-guests", Static).update(
            lit(t("roll.guests", guests=guests or t("roll.no_guests")))
        )

    # -- actions ------------------------------------------------------------------------

    def _mark(self, kind: str, advance: bool = False, **data: object) -> bool:
        """Record, then (roll call goes down the list) move to the next member."""
        if not self.record(kind, **data):
            return False
        if advance:
            table = self.query_one("#roll", DataTable)
            table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))
        return True

    @work(exclusive=True, group="dialog")
    async def action_mark(self, status: str) -> None:
        member = self.selected_key("#roll")
        if member is None or self.state is None:
            return
        if status != "excused":
            self._mark("attendance_marked", advance=True, member=member, status=status)
            return
        values = await self.app.push_screen_wait(
            FormDialog(
                t("roll.reason_title", name=self.state.member_name(member)),
                [FormField("reason", t("roll.reason"), required=True)],
            )
        )
        if values is not None:
            self._mark(
                "attendance_marked", advance=True, member=member, status=status, reason=values["reason"]
            )

    def action_all_present(self) -> None:
        """Everyone not yet called is present, except exempted members: they usually do not
        come, and marking them present would raise the vote denominator, so they are called
        one by one."""
        state = self.state
        if state is None:
            return
        left_out = []
        for member in state.members():
            rec = state.attendance.get(member.id)
            if rec is not None and rec.status is not Presence.UNMARKED:
                continue
            if member.category is Category.EXEMPTED:
                left_out.append(member.name)
                continue
            if not self._mark("attendance_marked", member=member.id, status="present"):
                return
        if left_out:
            self.notify(t("roll.exempted_left", names=", ".join(left_out)), severity="warning", markup=False)

    def action_arrived(self) -> None:
        member = self.selected_key("#roll")
        if member is not None:
            self._mark("arrived", member=member)

    @work(exclusive=True, group="dialog")
    async def action_departed(self) -> None:
        member = self.selected_key("#roll")
        if member is None or self.state is None:
            return
        values = await self.app.push_screen_wait(
            FormDialog(
                t("roll.depart_title", name=self.state.member_name(member)),
                [FormField("reason", t("roll.reason"))],
            )
        )
        if values is not None:
            self._mark("departed", member=member, reason=values["reason"])

    def action_clerk(self) -> None:
        member = self.selected_key("#roll")
        if member is not None and self._mark("details_set", clerk=member) and self.state:
            self.notify(t("roll.clerk_set", name=self.state.member_name(member)), markup=False)

    @work(exclusive=True, group="dialog")
    async def action_guest(self) -> None:
        values = await self.app.push_screen_wait(
            FormDialog(
                t("roll.guest_title"),
                [
                    FormField("name", t("roll.guest_name"), required=True),
                    FormField("title", t("roll.guest_role"), placeholder=t("roll.guest_role_hint")),
                ],
            )
        )
        if values is not None:
            self._mark("guest_added", name=values["name"], title=values["title"])

    def action_back(self) -> None:
        self.dismiss(self.state)
