"""The committee's preparatory meeting: the next cell meeting's agenda, presenters, draft
tasks, focus points and the notice to members."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.agenda import MeetingType, template
from ...domain.errors import DomainError
from ...domain.meeting import MeetingState
from ...domain.people import local_today
from ...domain.prep import prep_of
from ...export.safe import write_new
from ...i18n import t
from ...preparation import notice_text, produce_meeting
from ...roster_io import parse_date
from ...service import MeetingService
from ...store.storage import StoreError
from ..base import BaseScreen
from ..fmt import lit, vi_date
from .dialogs import ConfirmDialog, FormDialog, FormField, MemberPicker, TextDialog, dates_in


class PrepScreen(BaseScreen):
    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("f", "target", "key.prep_target", id="prep.target"),
        Binding("enter", "presenter", "key.prep_presenter", id="prep.presenter"),
        Binding("a", "task", "key.prep_task", id="prep.task"),
        Binding("z", "focus_point", "key.prep_focus", id="prep.focus"),
        Binding("x", "remove", "key.prep_remove", id="prep.remove"),
        Binding("P", "produce", "key.prep_produce", id="prep.produce"),
        Binding("w", "notice", "key.prep_notice", id="prep.notice"),
        Binding("escape", "back", "key.back", id="prep.back"),
    ]

    def __init__(self, service: MeetingService) -> None:
        super().__init__()
        self.service = service
        self.state: MeetingState | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="prep-target")
        with Horizontal(id="prep-body"):
            yield DataTable(id="prep-stages", cursor_type="row")
            with Vertical(id="prep-right"):
                yield DataTable(id="prep-items", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = t("prep.title")
        stages = self.query_one("#prep-stages", DataTable)
        stages.add_column(t("chair.col.stage"), key="title", width=40)
        stages.add_column(t("prep.col.presenter"), key="presenter")
        items = self.query_one("#prep-items", DataTable)
        items.add_column(t("prep.col.kind"), key="kind", width=10)
        items.add_column(t("prep.col.text"), key="text")
        self.reload()
        stages.focus()

    def reload(self) -> None:
        try:
            self.state = self.service.state()
        except (StoreError, DomainError) as exc:
            self.mt_app.report(exc)
            return
        state = self.state
        prep = prep_of(state)
        when = f"{prep.date or '…'} {prep.time}".strip()
        head = t(
            "prep.target_line",
            type=t(f"meeting.type.{prep.type.value}"),
            when=when,
            place=prep.place or "…",
        )
        if prep.produced:
            head += "\n" + t("prep.produced", meeting=prep.produced)
        self.query_one("#prep-target", Static).update(lit(head))
        stages = self.query_one("#prep-stages", DataTable)
        row = stages.cursor_row
        stages.clear()
        for stage in template(prep.type).stages:
            who = prep.presenters.get(stage.key, "")
            stages.add_row(lit(stage.title), lit(state.member_name(who) if who else "…"), key=stage.key)
        if stages.row_count:
            stages.move_cursor(row=min(row, stages.row_count - 1))
        items = self.query_one("#prep-items", DataTable)
        items.clear()
        for i, task in enumerate(prep.tasks):
            items.add_row(lit(t("prep.kind.task")), lit(task.content.split("\n", 1)[0]), key=f"task:{i}")
        for i, focus in enumerate(prep.focus):
            items.add_row(lit(t("prep.kind.focus")), lit(focus), key=f"focus:{i}")

    def _record(self, kind: str, /, **data: object) -> bool:
        try:
            self.service.record(kind, **data)
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return False
        self.reload()
        return True

    def action_target(self) -> None:
        prep = prep_of(self.state) if self.state else None
        if prep is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self._record(
                    "prep_target",
                    type=values["type"],
                    date=parse_date(values["date"]),
                    time=values["time"],
                    place=values["place"],
                )

        kinds = tuple(
            (t(f"meeting.type.{k.value}"), k.value) for k in MeetingType if k is not MeetingType.COMMITTEE
        )
        self.app.push_screen(
            FormDialog(
                t("prep.target_title"),
                [
                    FormField("type", t("home.col.type"), prep.type.value, choices=kinds),
                    FormField(
                        "date",
                        t("home.col.date"),
                        vi_date(prep.date),
                        placeholder=t("form.date_hint"),
                        required=True,
                    ),
                    FormField("time", t("home.time"), prep.time or "14:00"),
                    FormField("place", t("home.place"), prep.place),
                ],
                validator=dates_in("date"),
            ),
            callback=done,
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a stage: the table takes the key, so the screen acts on it."""
        if event.data_table.id == "prep-stages":
            self.action_presenter()

    def action_presenter(self) -> None:
        state = self.state
        table = self.query_one("#prep-stages", DataTable)
        if state is None or table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        people = [(m.id, m.name, t(f"role.{m.role.value or 'none'}")) for m in state.members()]
        people.sort(key=lambda p: p[2] == t("role.none"))  # committee members first

        def picked(member: str | None) -> None:
            if member:
                self._record("prep_presenter", stage=str(row_key.value), presenter=member)

        self.app.push_screen(MemberPicker(t("prep.pick_presenter"), people), callback=picked)

    def action_task(self) -> None:
        state = self.state
        if state is None:
            return
        owners = (("…", ""), (t("prep.committee"), "@committee"), *((m.name, m.id) for m in state.members()))

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self._record(
                    "prep_task",
                    content=values["content"],
                    requirement=values["requirement"],
                    measures=values["measures"],
                    owner=values["owner"],
                    deadline=parse_date(values["deadline"]),
                )

        self.app.push_screen(
            FormDialog(
                t("prep.task_title"),
                [
                    FormField("content", t("prep.task_content"), required=True),
                    FormField("requirement", t("prep.task_requirement")),
                    FormField("measures", t("prep.task_measures")),
                    FormField("owner", t("prep.task_owner"), choices=owners),
                    FormField("deadline", t("prep.task_deadline"), placeholder=t("form.date_hint")),
                ],
                validator=dates_in("deadline"),
            ),
            callback=done,
        )

    def action_focus_point(self) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                self._record("prep_focus", text=text)

        self.app.push_screen(TextDialog(t("prep.focus_title")), callback=done)

    def action_remove(self) -> None:
        items = self.query_one("#prep-items", DataTable)
        if items.row_count == 0:
            return
        row_key, _ = items.coordinate_to_cell_key(items.cursor_coordinate)
        kind, _, index = str(row_key.value).partition(":")
        self._record("prep_task_removed" if kind == "task" else "prep_focus_removed", index=int(index))

    def action_produce(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                created = produce_meeting(self.mt_app.repo, self.service.meeting_id, self.mt_app.clock)
            except (DomainError, StoreError) as exc:
                self.mt_app.report(exc)
                return
            self.reload()
            self.notify(t("prep.produced", meeting=created.id), markup=False, timeout=8)

        self.app.push_screen(ConfirmDialog(t("prep.confirm_produce")), callback=confirmed)

    def action_notice(self) -> None:
        state = self.state
        if state is None:
            return
        try:
            today = local_today(self.mt_app.repo.cell(), self.mt_app.clock)
            text, warnings = notice_text(self.mt_app.repo, state, today)
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return
        path = Path.cwd() / f"thong-bao-{prep_of(state).date or state.id}.txt"

        def write(yes: bool | None = True) -> None:
            if not yes:
                return
            try:
                write_new(path, text.encode("utf-8"), overwrite=path.exists())  # owner-only, whole
            except (DomainError, StoreError) as exc:
                self.mt_app.report(exc)
                return
            self.notify(t("cli.written", path=str(path)), markup=False)
            for warning in warnings:
                self.notify(warning, severity="warning", markup=False, timeout=10)

        if path.exists():
            self.app.push_screen(ConfirmDialog(t("doc.overwrite", path=str(path))), callback=write)
        else:
            write()

    def action_back(self) -> None:
        self.app.pop_screen()
