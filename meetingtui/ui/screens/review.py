"""Stage 4: last month's tasks, each recorded as done, partly done, not done or carried over."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.errors import DomainError
from ...domain.followup import STATUSES
from ...domain.meeting import MeetingState
from ...domain.resolution import RESULT_STATUS_VI
from ...i18n import t
from ...service import MeetingService
from ...store.storage import StoreError
from ...tasks import TrackedTask, open_tasks, owner_name
from ..base import BaseScreen
from ..fmt import lit
from .dialogs import FormDialog, FormField, MemberPicker


class ReviewScreen(BaseScreen):
    BINDINGS = [
        Binding("1", "review('done')", "key.review_done", id="review.done"),
        Binding("2", "review('partly')", "key.review_partly", id="review.partly"),
        Binding("3", "review('not_done')", "key.review_not_done", id="review.not_done"),
        Binding("4", "review('carried')", "key.review_carried", id="review.carried"),
        Binding("o", "reassign", "key.reassign", id="review.reassign"),
        Binding("escape", "back", "key.back", id="review.back"),
    ]

    def __init__(self, service: MeetingService) -> None:
        super().__init__()
        self.service = service
        self.tasks: list[TrackedTask] = []
        self.state: MeetingState | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-head")
        yield DataTable(id="review-tasks", cursor_type="row", zebra_stripes=True)
        yield Static(id="review-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = t("review.title")
        table = self.query_one("#review-tasks", DataTable)
        for key, width in (("from", 12), ("content", 44), ("owner", 18), ("deadline", 10), ("status", 20)):
            table.add_column(t(f"review.col.{key}"), key=key, width=width)
        self.reload()
        table.focus()

    def reload(self) -> None:
        try:
            self.state = self.service.state()
            self.tasks = open_tasks(self.service.repo, self.state)
        except (StoreError, DomainError) as exc:
            self.mt_app.report(exc)
            return
        state = self.state
        today = state.date
        everyone = self.service.repo.members()
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
            deadline = date.fromisoformat(task.deadline).strftime("%d/%m/%Y") if task.deadline else "…"
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

    def _record(self, kind: str, /, **data: Any) -> bool:
        try:
            self.service.record(kind, **data)
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return False
        return True

    def action_review(self, status: str) -> None:
        tracked = self._selected()
        if tracked is None or status not in STATUSES:
            return
        task = tracked.task

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            ok = self._record(
                "task_reviewed",
                meeting=tracked.meeting,
                task=task.id,
                content=task.content,
                owner=task.owner,
                deadline=task.deadline,
                status=status,
                note=values["note"],
            )
            if ok and status == "carried":
                self._carry(tracked)
            if ok:
                self.reload()
                table = self.query_one("#review-tasks", DataTable)
                table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

        self.app.push_screen(
            FormDialog(
                t("review.dialog", status=RESULT_STATUS_VI[status]),
                [FormField("note", t("review.note"))],
                note=task.content,
            ),
            callback=done,
        )

    def action_reassign(self) -> None:
        """Give an open task to another member (its owner has left the cell, say)."""
        tracked = self._selected()
        state = self.state
        if tracked is None or state is None:
            return
        members = [(m.id, m.name, m.group) for m in self.service.repo.members(include_retired=False)]
        people = [("@committee", t("prep.committee"), ""), *members]

        def picked(owner: str | None) -> None:
            if owner and self._record(
                "task_reassigned", meeting=tracked.meeting, task=tracked.task.id, owner=owner
            ):
                self.reload()

        self.app.push_screen(MemberPicker(t("review.reassign_title"), people), callback=picked)

    def _carry(self, tracked: TrackedTask) -> None:
        """Offer the carried-over task into this meeting's resolution, as a new task."""
        task = tracked.task
        if self._record(
            "resolution_task_added",
            content=task.content,
            requirement=task.requirement,
            measures=task.measures,
            owner=task.owner,
            source=f"carried:{tracked.meeting}:{task.id}",
        ):
            self.notify(t("review.carried_added"), markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
