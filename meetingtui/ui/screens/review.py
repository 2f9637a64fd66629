"""Stage 4: last month's tasks, each recorded as done, partly done, not done or carried over."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...domain.dates import short_date
from ...domain.errors import AppError
from ...domain.people import COMMITTEE
from ...domain.resolution import RESULT_STATUS_VI, carried_deadline
from ...domain.review import STATUSES
from ...domain.state import MeetingState
from ...domain.tasks import TrackedTask, owner_name
from ...i18n import t
from ..base import MeetingScreen
from ..dialogs import FormDialog, FormField, MemberPicker, dates_in
from ..fmt import lit
from ..widgets import KeyFooter


class ReviewScreen(MeetingScreen):
    BINDINGS = [
        Binding("1", "review('done')", "key.review_done", id="review.done"),
        Binding("2", "review('partly')", "key.review_partly", id="review.partly"),
        Binding("3", "review('not_done')", "key.review_not_done", id="review.not_done"),
        Binding("4", "review('carried')", "key.review_carried", id="review.carried"),
        Binding("o", "reassign", "key.reassign", id="review.reassign"),
        Binding("escape", "back", "key.back", id="review.back"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self.tasks: list[TrackedTask] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-head")
        yield DataTable(id="review-tasks", cursor_type="row", zebra_stripes=True)
        yield Static(id="review-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("review.title")
        table = self.query_one("#review-tasks", DataTable)
        for key, width in (("from", 12), ("content", 44), ("owner", 18), ("deadline", 10), ("status", 20)):
            table.add_column(t(f"review.col.{key}"), key=key, width=width)
        self.connect()
        table.focus()

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        cells = self.mt_app.cells
        try:
            self.tasks = cells.open_tasks(state)
            everyone = cells.members()
        except AppError as exc:
            self.mt_app.report(exc)
            return
        today = state.date
        left = {m.id for m in everyone if not m.active}
        names = {m.id: m.name for m in everyone}
        table = self.query_one("#review-tasks", DataTable)
        row = table.cursor_row
        table.clear()
        for tracked in self.tasks:
            task = tracked.task
            overdue = tracked.overdue(today)
            status = (
                Text(RESULT_STATUS_VI[tracked.review.status], style="bold")
                if tracked.review
                else Text(
                    t("review.overdue") if overdue else t("review.open"),
                    style="bold red" if overdue else "dim",
                )
            )
            deadline = short_date(task.deadline)
            owner = lit(owner_name(state, task.owner, names) or "…")
            if task.owner in left:
                owner.append(" " + t("review.owner_left"), style="bold red")
            table.add_row(
                lit(tracked.label),
                lit(task.content.split("\n", 1)[0]),
                owner,
                lit(deadline),
                status,
                key=f"{tracked.meeting}/{task.id}",
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        done = sum(1 for x in self.tasks if x.review)
        self.query_one("#review-head", Static).update(
            lit(t("review.head", total=len(self.tasks), done=done) if self.tasks else t("review.none"))
        )
        self._detail()

    def _selected(self) -> TrackedTask | None:
        table = self.query_one("#review-tasks", DataTable)
        if table.row_count == 0:
            return None
        return self.tasks[table.cursor_row]

    def _detail(self) -> None:
        tracked = self._selected()
        box = self.query_one("#review-detail", Static)
        if tracked is None:
            box.update("")
            return
        task = tracked.task
        lines = [task.content]
        if task.requirement:
            lines.append(t("review.requirement", text=task.requirement))
        if tracked.review and tracked.review.note:
            lines.append(t("review.note_is", text=tracked.review.note))
        box.update(lit("\n".join(lines)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    @work(exclusive=True, group="dialog")
    async def action_review(self, status: str) -> None:
        tracked = self._selected()
        if tracked is None or status not in STATUSES:
            return
        fields = [FormField("note", t("review.note"))]
        if status == "carried" and self.state is not None:  # keeps its deadline or gets a new one
            kept = carried_deadline(tracked.task.deadline, self.state.date)
            fields.append(
                FormField(
                    "deadline",
                    t("review.new_deadline"),
                    short_date(kept, ""),
                    placeholder=t("form.date_hint"),
                )
            )
        values = await self.app.push_screen_wait(
            FormDialog(
                t("review.dialog", status=RESULT_STATUS_VI[status]),
                fields,
                note=tracked.task.content,
                parse=dates_in("deadline"),
            )
        )
        if values is None:
            return
        try:
            self.state = self.service.review_task(tracked, status, values["note"], values.get("deadline", ""))
        except AppError as exc:
            self.mt_app.report(exc)
            self.reload()
            return
        if status == "carried":
            self.notify(t("review.carried_added"), markup=False)
        table = self.query_one("#review-tasks", DataTable)
        table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

    @work(exclusive=True, group="dialog")
    async def action_reassign(self) -> None:
        """Give an open task to another member (its owner has left the cell, say)."""
        tracked = self._selected()
        if tracked is None:
            return
        members = [(m.id, m.name, m.group) for m in self.mt_app.cells.members(include_retired=False)]
        people = [(COMMITTEE, t("prep.committee"), ""), *members]
        owner = await self.app.push_screen_wait(MemberPicker(t("review.reassign_title"), people))
        if owner:
            self.record("task_reassigned", meeting=tracked.meeting, task=tracked.task.id, owner=owner)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An ended meeting's review is read only (the rules refuse it too)."""
        state = self.state
        ended = state is not None and state.ended_at is not None
        return not (ended and action in ("review", "reassign"))

    def action_back(self) -> None:
        self.app.pop_screen()
