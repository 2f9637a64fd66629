"""Roll call at the speed of calling names, with live counts and ledger warnings.

The cursor starts on the first member not yet called. Typing a name (accents optional) goes
into the search line and jumps to them; Enter marks the highlighted member present and goes on
to the next not yet called. The other marks are on function keys (no letter is a command here,
since letters are the names): F2 absent with reason, F3 without, F4 a late arrival, F5 left
early, F6 appoint the clerk (asked first; only a member present), F7 a guest, F8 everyone not
yet called is present (says how many first; ^Z takes it back).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static

from ...domain.agenda import MeetingType
from ...domain.attendance import counts_now
from ...domain.dates import hhmm
from ...domain.errors import AppError
from ...domain.ledger import LiveLedger, counted_presence
from ...domain.people import Category
from ...domain.rules import Presence
from ...domain.search import search
from ...domain.state import AttendanceRecord, MeetingState
from ...i18n import t
from ..base import MeetingScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField, MemberPicker
from ..fmt import lit, percent
from ..widgets import KeyFooter, RowTable, show


def late_arrival_choices(state: MeetingState) -> tuple[list[tuple[str, str, str]], set[str]]:
    """Who may arrive late: everyone not present now, those marked absent first (preferred)."""
    people, absent = [], set()
    for member in state.members():
        rec = state.attendance.get(member.id)
        if rec is not None and rec.present_now:
            continue
        if rec is not None and rec.status is not Presence.UNMARKED:
            absent.add(member.id)
            people.append((member.id, member.name, t(f"presence.{rec.status.value}")))
        else:
            people.append((member.id, member.name, t("roll.unmarked")))
    people.sort(key=lambda p: p[0] not in absent)
    return people, absent


def arrival_picker(state: MeetingState, initial: str | None = None) -> MemberPicker | None:
    """The picker of who arrived late (``initial`` highlighted if they may), None when everyone
    is here; the chair's ``a`` and the roll call's F4 both open it."""
    people, absent = late_arrival_choices(state)
    if not people:
        return None
    listed = initial is not None and any(p[0] == initial for p in people)
    return MemberPicker(
        t("roll.arrived_title"), people, preferred=absent, initial=initial if listed else None
    )


class RollCallScreen(MeetingScreen):
    CSS_PATH = "rollcall.tcss"
    HELP_NOTE = "roll.help"
    BINDINGS = [
        Binding("enter", "mark('present')", "key.present", id="roll.present", priority=True),
        Binding("f2", "mark('excused')", "key.excused", id="roll.excused", priority=True),
        Binding("f3", "mark('unexcused')", "key.unexcused", id="roll.unexcused", priority=True),
        Binding("f4", "arrived", "key.arrived", id="roll.arrived", priority=True),
        Binding("f8", "all_present", "key.all_present", id="roll.all_present", priority=True),
        Binding("f5", "departed", "key.departed", id="roll.departed", priority=True),
        Binding("f6", "clerk", "key.clerk", id="roll.clerk", priority=True),
        Binding("f7", "guest", "key.guest", id="roll.guest", priority=True),
        Binding("ctrl+z", "undo_all_present", "key.undo_all_present", id="roll.undo", priority=True),
        Binding("escape", "back", "key.back", id="roll.back"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self.ledger: LiveLedger | None = None  # the year's other meetings, read once
        self.warnings: dict[str, tuple[str, ...]] = {}  # counting this roll call as it stands
        self.dues: dict[str, str] | None = None  # member -> the months of dues unpaid, read once
        self._started = False
        self._bulk: list[str] = []  # the members "everyone else present" marked, to take back

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="roll-counts")
        yield Static(id="roll-warnings")
        yield Input(placeholder=t("roll.search"), id="roll-search", max_length=100)
        yield RowTable(id="roll", cursor_type="row", zebra_stripes=True)
        yield Static(id="roll-guests")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("roll.title")
        self._utc_offset = self.mt_app.cells.cell().utc_offset_hours
        self._columns(self.size.width)
        self.connect()
        self.query_one("#roll", DataTable).focus()

    def _columns(self, width: int) -> None:
        """At 80 columns the reason column keeps its room: the party group goes first."""
        table = self.query_one("#roll", DataTable)
        table.clear(columns=True)
        self._drawn: dict[
            str, tuple[object, list[Text]]
        ] = {}  # each row as last drawn, and from what (see _fill)
        wide = width >= 110
        table.add_column("#", key="n", width=2)
        table.add_column(t("roll.col.name"), key="name", width=24 if wide else 20)
        table.add_column(t("roll.col.category"), key="category", width=14 if wide else 10)
        if wide:
            table.add_column(t("roll.col.group"), key="group", width=10)
        labels = [t(f"presence.{p.value}") for p in Presence if p.value] + [t("roll.unmarked")]
        status = min(22, max(len(label) for label in labels))
        table.add_column(t("roll.col.status"), key="status", width=status)
        used = 2 + (24 + 14 + 10 if wide else 20 + 10) + status + 2 * (6 if wide else 5) + 2
        table.add_column(t("roll.col.note"), key="note", width=max(14, width - used))
        self._wide = wide
        self._width = width

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width == getattr(self, "_width", None):
            return
        table = self.query_one("#roll", DataTable)
        row = table.cursor_row
        self._columns(event.size.width)
        if self.state is not None:
            self._fill(self.state)
            table.move_cursor(row=row)

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        year = date.fromisoformat(state.date).year
        if self.ledger is None:
            try:
                others = self.mt_app.cells.ledger_records(year, exclude=state.id)
            except AppError as exc:
                self.mt_app.report(exc)
                others = []
            self.ledger = LiveLedger(others, year)
        rows = self.ledger.rows(state.date, counted_presence(state))
        self.warnings = {mid: row.warnings for mid, row in rows.items() if row.warnings}
        if self.dues is None:
            try:
                self.dues = self.mt_app.cells.dues().unpaid_at(state)
            except AppError as exc:
                self.mt_app.report(exc)
                self.dues = {}
        self._fill(state)
        if not self._started:  # the cursor starts on the first member not yet called
            self._started = True
            self._to_next_uncalled(state, 0)
        self.refresh_bindings()

    # -- display ------------------------------------------------------------------------
    def _status_text(self, rec: AttendanceRecord | None) -> Text:
        if rec is None or rec.status is Presence.UNMARKED:
            return Text(t("roll.unmarked"), style="dim")
        return Text(t(f"presence.{rec.status.value}"))

    def _note_text(self, member_id: str, rec: AttendanceRecord | None, state: MeetingState) -> Text:
        """When a late arrival came and an early leaver left (the presence column is as wide
        as its longest label, and cut "Có mặt (đến 08:15)"), then the reasons and warnings."""
        parts = []
        offset = self._utc_offset
        times = []
        if rec is not None and rec.arrived_at is not None:
            times.append(t("roll.arrived_at", time=hhmm(rec.arrived_at, offset)))
        if rec is not None and rec.left_at is not None:
            times.append(t("roll.left_at", time=hhmm(rec.left_at, offset)))
        if times:
            parts.append(" ".join(times))
        if rec is not None and rec.reason:
            parts.append(rec.reason)
        if rec is not None and rec.left_reason:
            parts.append(rec.left_reason)
        if state.clerk == member_id:
            parts.append(t("roll.is_clerk"))
        text = lit("; ".join(parts))
        for key in self.warnings.get(member_id, ()):
            text.append(("; " if text else "") + "⚠ " + t(key), style="bold")
        dues = self.dues or {}
        if member_id in dues:
            text.append(
                ("; " if text else "") + "⚠ " + t("roll.dues_unpaid", months=dues[member_id]),
                style="bold",
            )
        return text

    def _fill(self, state: MeetingState) -> None:
        """The table as ``state`` has it. When the same members are listed in the same order
        (every mark), only the rows that changed are redrawn (``RowTable.set_row``), and a
        row's cells are built again only when what they show changed: on a 200-member cell,
        building and drawing every row on each mark was most of the time a mark took."""
        table = self.query_one("#roll", RowTable)
        row = table.cursor_row
        rows: dict[str, tuple[object, list[Text]]] = {}
        drawn = self._drawn
        changed: list[str] = []
        for n, member in enumerate(state.members(), start=1):
            rec = state.attendance.get(member.id)
            shown = (
                n,
                member,
                rec,
                state.clerk == member.id,
                self.warnings.get(member.id),
                self._dues_of(member.id),
            )
            before = drawn.get(member.id)
            if before is not None and before[0] == shown:
                rows[member.id] = before
                continue
            cells = [lit(n), lit(member.name), lit(t(f"category.{member.category.value}"))]
            if self._wide:
                cells.append(lit(member.group))
            cells += [self._status_text(rec), self._note_text(member.id, rec, state)]
            rows[member.id] = (shown, cells)
            changed.append(member.id)
        if list(drawn) == list(rows) and table.row_count == len(rows):
            for member_id in changed:
                table.set_row(member_id, rows[member_id][1])
        else:
            table.clear()
            for member_id, (_shown, cells) in rows.items():
                table.add_row(*cells, key=member_id)
        self._drawn = rows
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._fill_counts(state)

    def _dues_of(self, member_id: str) -> str | None:
        return (self.dues or {}).get(member_id)

    def _fill_counts(self, state: MeetingState) -> None:
        c = counts_now(state)
        threshold = self.mt_app.cells.cell().attendance_threshold
        committee = state.type is MeetingType.COMMITTEE and bool(state.cell_roster)
        lines = [
            t("types.roll_committee", total=c.total)
            if committee  # the committee attends its own meeting
            else t(
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
                rate=percent(c.rate * 100),
                threshold=percent(threshold * 100),
                voters=c.voters_present,
                denominator=c.denominator,
            ),
        ]
        box = self.query_one("#roll-counts", Static)
        show(box, lit("\n".join(lines)))
        box.set_class(c.rate < threshold, "-below")
        flagged = [
            f"{state.member_name(mid)}: {', '.join(t(k) for k in keys)}"
            for mid, keys in self.warnings.items()
            if mid in state.roster
        ]
        flagged += [
            f"{state.member_name(mid)}: {t('roll.dues_unpaid', months=months)}"
            for mid, months in (self.dues or {}).items()
            if mid in state.roster
        ]
        warn = self.query_one("#roll-warnings", Static)
        show(warn, lit("\n".join("⚠ " + line for line in flagged)))
        warn.set_class(bool(flagged), "-active")
        guests = "; ".join(f"{g.name} ({g.title})" if g.title else g.name for g in state.guests)
        show(
            self.query_one("#roll-guests", Static),
            lit(t("roll.guests", guests=guests or t("roll.no_guests"))),
        )

    # -- finding a member by name ---------------------------------------------------------
    def _uncalled(self, state: MeetingState) -> list[str]:
        return [
            m.id
            for m in state.members()
            if (rec := state.attendance.get(m.id)) is None or rec.status is Presence.UNMARKED
        ]

    def _to_next_uncalled(self, state: MeetingState, start: int) -> None:
        """The cursor to the first member not yet called at or after ``start`` (else before)."""
        table = self.query_one("#roll", DataTable)
        ids = [m.id for m in state.members()]
        uncalled = set(self._uncalled(state))
        order = list(range(start, len(ids))) + list(range(0, start))
        for row in order:
            if ids[row] in uncalled:
                table.move_cursor(row=row)
                return

    def take_key(self, event: events.Key) -> bool:
        """Letters are names: typed anywhere on the screen they go into the search line and the
        cursor jumps at once, so an Enter or F-key typed straight after acts on that member
        (``MeetingApp.on_event`` hands each key here as it arrives)."""
        search_box = self.query_one("#roll-search", Input)
        if event.key == "backspace" and search_box.value:
            search_box.value = search_box.value[:-1]
        elif event.is_printable and event.character:
            search_box.value += event.character
        else:
            return False
        search_box.cursor_position = len(search_box.value)
        self._jump(search_box.value)
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "roll-search":
            self._jump(event.value)

    def _jump(self, typed: str) -> None:
        """The cursor to the best match of what is typed, those not yet called first."""
        state = self.state
        if state is None or not typed.strip():
            return
        uncalled = set(self._uncalled(state))
        found = search(typed, [(m.id, m.name) for m in state.members()], preferred=uncalled)
        if found:
            ids = [m.id for m in state.members()]
            self.query_one("#roll", DataTable).move_cursor(row=ids.index(found[0]))

    def _clear_search(self) -> None:
        box = self.query_one("#roll-search", Input)
        if box.value:
            box.value = ""

    # -- actions ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return action == "back"
        if state.ended_at is not None:
            return action == "back"
        if action == "undo_all_present":
            return bool(self._bulk)
        return True

    def _mark(self, kind: str, advance: bool = False, **data: object) -> bool:
        """Record, then (roll call goes down the list) move to the next member not yet called."""
        if not self.record(kind, **data):
            return False
        self._clear_search()
        table = self.query_one("#roll", DataTable)
        if advance and self.state is not None:
            self._to_next_uncalled(self.state, min(table.cursor_row + 1, table.row_count - 1))
        if self.focused is not table:  # focus() redraws the whole table, even when it has it
            table.focus()
        return True

    def action_mark(self, status: str) -> None:
        """Present or absent without reason at once (never in a worker: the next key pressed
        must find it done and the cursor moved); absent with reason asks the reason."""
        member = self.selected_key("#roll")
        if member is None or self.state is None:
            return
        if status != "excused":
            self._mark("attendance_marked", advance=True, member=member, status=status)
            return
        self._ask_reason(member)

    @work(group="dialog")
    async def _ask_reason(self, member: str) -> None:
        if self.state is None:
            return
        values = await self.app.push_screen_wait(
            FormDialog(
                t("roll.reason_title", name=self.state.member_name(member)),
                [FormField("reason", t("roll.reason"), required=True)],
            )
        )
        if values is not None:
            self._mark(
                "attendance_marked", advance=True, member=member, status="excused", reason=values["reason"]
            )

    @work(exclusive=True, group="dialog")
    async def action_all_present(self) -> None:
        """Everyone not yet called is present, except exempted members, members attached
        elsewhere and suspended members: they are not expected (marking an exempted member
        present would raise the vote denominator), so each is called on their own row. Says
        how many first; ^Z takes it back."""
        state = self.state
        if state is None:
            return
        uncalled = set(self._uncalled(state))
        members = [m for m in state.members() if m.id in uncalled]
        apart = (Category.EXEMPTED, Category.ATTACHED, Category.SUSPENDED)
        marked = [m for m in members if m.category not in apart]
        left_out = [m.name for m in members if m.category in apart]
        if not marked:
            self.notify(t("roll.nobody_left"), markup=False)
            return
        question = t("roll.confirm_all", n=len(marked))
        if left_out:
            question += "\n" + t("roll.exempted_left", names=", ".join(left_out))
        if not await self.app.push_screen_wait(
            ConfirmDialog(question, yes=t("roll.all_yes", n=len(marked)), no=t("key.cancel"))
        ):
            return
        done: list[str] = []
        for member in marked:
            if not self._mark("attendance_marked", member=member.id, status="present"):
                break
            done.append(member.id)
        self._bulk = done
        self.refresh_bindings()
        self.notify(t("roll.all_done", n=len(done)), markup=False, timeout=10)

    def action_undo_all_present(self) -> None:
        """Take back the last "everyone else present": those members are not yet called again."""
        undone = 0
        for member in self._bulk:
            rec = self.state.attendance.get(member) if self.state else None
            if rec is None or rec.status is not Presence.PRESENT or rec.arrived_at is not None:
                continue  # changed since: left as it is now
            if not self.record("attendance_marked", member=member, status=""):
                break
            undone += 1
        self._bulk = []
        self.refresh_bindings()
        self.notify(t("roll.all_undone", n=undone), markup=False)

    @work(exclusive=True, group="dialog")
    async def action_arrived(self) -> None:
        """A late arrival: the highlighted member if they are not here, else who arrived."""
        state = self.state
        if state is None:
            return
        picker = arrival_picker(state, initial=self.selected_key("#roll"))
        if picker is None:
            self.notify(t("roll.everyone_here"), markup=False)
            return
        member = await self.app.push_screen_wait(picker)
        if member and self._mark("arrived", member=member) and self.state is not None:
            self.notify(t("roll.arrived_done", name=self.state.member_name(member)), markup=False)

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

    @work(exclusive=True, group="dialog")
    async def action_clerk(self) -> None:
        """The clerk is appointed from those present, and asked first."""
        state = self.state
        member = self.selected_key("#roll")
        if member is None or state is None:
            return
        rec = state.attendance.get(member)
        name = state.member_name(member)
        if rec is None or not rec.present_now:
            self.notify(t("roll.clerk_not_present", name=name), severity="warning", markup=False)
            return
        question = t("roll.confirm_clerk", name=name)
        if state.clerk and state.clerk != member:
            question += " " + t("roll.clerk_replaces", name=state.member_name(state.clerk))
        if not await self.app.push_screen_wait(ConfirmDialog(question, yes=t("roll.clerk_yes"))):
            return
        if self._mark("details_set", clerk=member):
            self.notify(t("roll.clerk_set", name=name), markup=False)

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
        box = self.query_one("#roll-search", Input)
        if box.value:
            self._clear_search()  # Escape first clears the name being typed
            self.query_one("#roll", DataTable).focus()
            return
        self.dismiss(self.state)
