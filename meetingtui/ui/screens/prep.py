"""The committee's preparatory meeting: the next cell meeting's agenda, presenters, draft
tasks, focus points and the notice to members."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static

from ...domain.agenda import MeetingType, template
from ...domain.dates import short_date
from ...domain.errors import AppError
from ...domain.people import COMMITTEE
from ...domain.state import MeetingState
from ...export.notice import notice_text
from ...i18n import t
from ...services.files import write_new
from ...services.prep import produce_meeting
from ..base import MeetingScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField, MemberPicker, TextDialog, dates_in
from ..fmt import lit
from ..widgets import KeyFooter


class PrepScreen(MeetingScreen):
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

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="prep-target")
        with Horizontal(id="prep-body"):
            yield DataTable(id="prep-stages", cursor_type="row")
            with Vertical(id="prep-right"):
                yield DataTable(id="prep-items", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("prep.title")
        stages = self.query_one("#prep-stages", DataTable)
        stages.add_column(t("chair.col.stage"), key="title", width=40)
        stages.add_column(t("prep.col.presenter"), key="presenter")
        items = self.query_one("#prep-items", DataTable)
        items.add_column(t("prep.col.kind"), key="kind", width=10)
        items.add_column(t("prep.col.text"), key="text")
        self.connect()
        stages.focus()

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        prep = state.preparation
        when = f"{short_date(prep.date)} {prep.time}".strip()
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

    @work(exclusive=True, group="dialog")
    async def action_target(self) -> None:
        prep = self.state.preparation if self.state else None
        if prep is None:
            return
        kinds = tuple(
            (t(f"meeting.type.{k.value}"), k.value) for k in MeetingType if k is not MeetingType.COMMITTEE
        )
        values = await self.app.push_screen_wait(
            FormDialog(
                t("prep.target_title"),
                [
                    FormField("type", t("home.col.type"), prep.type.value, choices=kinds),
                    FormField(
                        "date",
                        t("home.col.date"),
                        short_date(prep.date, ""),
                        placeholder=t("form.date_hint"),
                        required=True,
                    ),
                    FormField("time", t("home.time"), prep.time or "14:00"),
                    FormField("place", t("home.place"), prep.place),
                ],
                parse=dates_in("date"),
            )
        )
        if values is not None:
            self.record(
                "prep_target",
                type=values["type"],
                date=values["date"],
                time=values["time"],
                place=values["place"],
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a stage: the table takes the key, so the screen acts on it."""
        if event.data_table.id == "prep-stages":
            self.action_presenter()

    @work(exclusive=True, group="dialog")
    async def action_presenter(self) -> None:
        state = self.state
        stage_key = self.selected_key("#prep-stages")
        if state is None or stage_key is None:
            return
        people = [(m.id, m.name, t(f"role.{m.role.value or 'none'}")) for m in state.members()]
        people.sort(key=lambda p: p[2] == t("role.none"))  # committee members first
        member = await self.app.push_screen_wait(MemberPicker(t("prep.pick_presenter"), people))
        if member:
            self.record("prep_presenter", stage=stage_key, presenter=member)

    @work(exclusive=True, group="dialog")
    async def action_task(self) -> None:
        state = self.state
        if state is None:
            return
        owners = (("…", ""), (t("prep.committee"), COMMITTEE), *((m.name, m.id) for m in state.members()))
        values = await self.app.push_screen_wait(
            FormDialog(
                t("prep.task_title"),
                [
                    FormField("content", t("prep.task_content"), required=True),
                    FormField("requirement", t("prep.task_requirement")),
                    FormField("measures", t("prep.task_measures")),
                    FormField("owner", t("prep.task_owner"), choices=owners),
                    FormField("deadline", t("prep.task_deadline"), placeholder=t("form.date_hint")),
                ],
                parse=dates_in("deadline"),
            )
        )
        if values is not None:
            self.record(
                "prep_task",
                content=values["content"],
                requirement=values["requirement"],
                measures=values["measures"],
                owner=values["owner"],
                deadline=values["deadline"],
            )

    @work(exclusive=True, group="dialog")
    async def action_focus_point(self) -> None:
        text = await self.app.push_screen_wait(TextDialog(t("prep.focus_title")))
        if text is not None:
            self.record("prep_focus", text=text)

    def action_remove(self) -> None:
        key = self.selected_key("#prep-items")
        if key is None:
            return
        kind, _, index = key.partition(":")
        self.record("prep_task_removed" if kind == "task" else "prep_focus_removed", index=int(index))

    @work(exclusive=True, group="dialog")
    async def action_produce(self) -> None:
        if not await self.app.push_screen_wait(
            ConfirmDialog(t("prep.confirm_produce"), yes=t("confirm.produce"))
        ):
            return
        try:
            created = produce_meeting(self.mt_app.cells, self.meeting_id)
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.reload()
        self.notify(t("prep.produced", meeting=created.id), markup=False, timeout=8)

    @work(exclusive=True, group="dialog")
    async def action_notice(self) -> None:
        state = self.state
        if state is None:
            return
        cells = self.mt_app.cells
        try:
            text, warnings = notice_text(cells.cell(), cells.members(), state, cells.today())
        except AppError as exc:
            self.mt_app.report(exc)
            return
        path = Path.cwd() / f"thong-bao-{state.preparation.date or state.id}.txt"
        if path.exists() and not await self.app.push_screen_wait(
            ConfirmDialog(t("doc.overwrite", path=str(path)), yes=t("confirm.overwrite"))
        ):
            return
        try:
            write_new(path, text.encode("utf-8"), overwrite=path.exists())  # owner-only, whole
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.notify(t("cli.written", path=str(path)), markup=False)
        for warning in warnings:
            self.notify(warning, severity="warning", markup=False, timeout=10)

    def action_back(self) -> None:
        self.app.pop_screen()
