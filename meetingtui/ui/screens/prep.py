"""The committee's preparatory meeting: the next cell meeting's agenda, presenters, draft
tasks, focus points and the notice to members."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static

from ...domain.agenda import MeetingType
from ...domain.dates import short_date
from ...domain.errors import AppError
from ...domain.people import BODY, COMMITTEE
from ...domain.prep import prep_agenda
from ...domain.state import MeetingState
from ...export.notice import notice_text
from ...i18n import t
from ...services.files import write_new
from ...services.prep import produce_meeting
from ..base import MeetingScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField, MemberPicker, TextDialog, dates_in
from ..dialogs.stage import stage_form, stage_item
from ..fmt import lit, minutes
from ..widgets import KeyFooter


class PrepScreen(MeetingScreen):
    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("f", "target", "key.prep_target", id="prep.target"),
        Binding("enter", "presenter", "key.prep_presenter", id="prep.presenter"),
        Binding("t", "add_stage", "key.types_add_stage", id="prep.add_stage"),
        Binding("d", "drop_stage", "key.types_drop_stage", id="prep.drop_stage"),
        Binding("b", "budget", "key.types_budget", id="prep.budget"),
        Binding("left_square_bracket", "move_stage(-1)", "key.types_move_up", id="prep.move_up", show=False),
        Binding(
            "right_square_bracket", "move_stage(1)", "key.types_move_down", id="prep.move_down", show=False
        ),
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
        stages.add_column(t("chair.col.budget"), key="budget", width=7)
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
        when = f"{short_date(prep.date, '…')} {prep.time}".strip()
        kind = t(f"meeting.type.{prep.type.value}") + (f" “{prep.topic}”" if prep.topic else "")
        head = t(
            "prep.target_line",
            type=kind,
            when=when,
            place=prep.place or "…",
        )
        if prep.produced:
            head += "\n" + t("prep.produced", meeting=prep.produced)
        self.query_one("#prep-target", Static).update(lit(head))
        stages = self.query_one("#prep-stages", DataTable)
        row = stages.cursor_row
        stages.clear()
        for i, stage in enumerate(prep_agenda(prep)):
            who = stage.presenter
            stages.add_row(
                lit(stage.title),
                lit(minutes(stage.budget_min * 60)),
                lit(state.member_name(who) if who else "…"),
                key=str(i),
            )
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
                    FormField("topic", t("types.topic"), prep.topic, placeholder=t("types.topic_hint")),
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
                topic=values["topic"],
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a stage: the table takes the key, so the screen acts on it."""
        if event.data_table.id == "prep-stages":
            self.action_presenter()

    def _agenda(self) -> list[dict[str, object]]:
        """The prepared agenda as the prep_agenda event takes it."""
        prep = self.state.preparation if self.state else None
        if prep is None:
            return []
        return [
            {"key": s.key, "title": s.title, "budget_min": s.budget_min, "presenter": s.presenter}
            for s in prep_agenda(prep)
        ]

    def _row(self) -> int | None:
        key = self.selected_key("#prep-stages")
        return int(key) if key is not None else None

    def _shaped(self) -> bool:
        prep = self.state.preparation if self.state else None
        return prep is not None and bool(prep.agenda) and prep.agenda_type == prep.type.value

    @work(exclusive=True, group="dialog")
    async def action_presenter(self) -> None:
        state = self.state
        row = self._row()
        if state is None or row is None:
            return
        people = [(m.id, m.name, t(f"role.{m.role.value or 'none'}")) for m in state.people()]
        people.sort(key=lambda p: p[2] == t("role.none"))  # committee members first
        member = await self.app.push_screen_wait(MemberPicker(t("prep.pick_presenter"), people))
        if not member:
            return
        agenda = self._agenda()
        if self._shaped():  # a shaped agenda keeps each stage's presenter (keys may repeat)
            agenda[row]["presenter"] = member
            self.record("prep_agenda", stages=agenda)
        else:
            self.record("prep_presenter", stage=agenda[row]["key"], presenter=member)

    @work(exclusive=True, group="dialog")
    async def action_add_stage(self) -> None:
        """A stage after the one under the cursor: a thematic part or another item."""
        state = self.state
        if state is None:
            return
        values = await self.app.push_screen_wait(
            stage_form(((m.name, m.id) for m in state.people()), "thematic_topic")
        )
        if values is None:
            return
        item = stage_item(values)
        agenda = self._agenda()
        row = self._row()
        agenda.insert(len(agenda) if row is None else row + 1, item)
        self.record("prep_agenda", stages=agenda)

    @work(exclusive=True, group="dialog")
    async def action_drop_stage(self) -> None:
        row, agenda = self._row(), self._agenda()
        if row is None or not agenda:
            return
        if await self.app.push_screen_wait(
            ConfirmDialog(t("types.confirm_drop_stage", title=agenda[row]["title"]))
        ):
            del agenda[row]
            self.record("prep_agenda", stages=agenda)

    @work(exclusive=True, group="dialog")
    async def action_budget(self) -> None:
        row, agenda = self._row(), self._agenda()
        if row is None or not agenda:
            return
        values = await self.app.push_screen_wait(
            FormDialog(
                t("types.budget_title", title=agenda[row]["title"]),
                [
                    FormField(
                        "budget",
                        t("types.stage_budget"),
                        str(int(float(str(agenda[row]["budget_min"])))),
                        required=True,
                        integer=True,
                    )
                ],
            )
        )
        if values is not None:
            agenda[row]["budget_min"] = int(values["budget"])
            self.record("prep_agenda", stages=agenda)

    def action_move_stage(self, step: int) -> None:
        row, agenda = self._row(), self._agenda()
        if row is None or not 0 <= row + step < len(agenda):
            return
        agenda.insert(row + step, agenda.pop(row))
        if self.record("prep_agenda", stages=agenda):
            self.query_one("#prep-stages", DataTable).move_cursor(row=row + step)

    @work(exclusive=True, group="dialog")
    async def action_task(self) -> None:
        state = self.state
        if state is None:
            return
        owners = (("…", ""), (t("prep.committee"), COMMITTEE), *((m.name, m.id) for m in state.people()))
        values = await self.app.push_screen_wait(
            FormDialog(
                t("prep.task_title"),
                [
                    FormField("content", t("prep.task_content"), required=True),
                    FormField("requirement", t("prep.task_requirement")),
                    FormField("measures", t("prep.task_measures")),
                    FormField("owner", t("prep.task_owner"), choices=owners),
                    FormField("deadline", t("prep.task_deadline"), placeholder=t("form.date_hint")),
                    # last, so a burst typed in the usual order is never shifted
                    FormField("body", t("types.owner_body"), placeholder=t("types.owner_body_hint")),
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
                owner=BODY + values["body"].strip() if values["body"].strip() else values["owner"],
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
