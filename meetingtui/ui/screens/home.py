"""The home screen: the cell and its meetings."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...domain.agenda import MeetingType
from ...domain.dates import short_date
from ...domain.errors import AppError
from ...domain.people import Category, Role
from ...i18n import error_text, t
from ..base import BaseScreen
from ..fmt import lit
from ..widgets import KeyFooter

_OFFICE = {Role.SECRETARY: 0, Role.DEPUTY: 1, Role.COMMITTEE: 2, Role.NONE: 3}  # the chair by default first


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("enter", "open", "key.open", id="home.open"),
        Binding("n", "new_meeting", "key.new_meeting", id="home.new_meeting"),
        Binding("m", "members", "key.members", id="home.members"),
        Binding("y", "year", "key.year", id="home.year"),
        Binding("t", "member_tasks", "key.member_tasks", id="home.member_tasks"),
        Binding("h", "studies", "key.studies", id="home.studies"),
        Binding("p", "plan", "key.plan", id="home.plan"),
        Binding("d", "dues", "key.dues", id="home.dues"),
        Binding("e", "review", "key.grading", id="home.review"),
        Binding("r", "reload", "key.reload", id="home.reload"),
        Binding("q", "app.quit", "key.quit", id="home.quit"),
    ]

    def __init__(self, *, load_when_shown: bool = False) -> None:
        super().__init__()
        self._skip_resume = load_when_shown  # another screen opens over it at once

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="cell-card")
        yield Static(id="year-card")
        yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#meetings", DataTable)
        for key in ("home.col.date", "home.col.type", "home.col.title", "home.col.status"):
            table.add_column(t(key), key=key)
        table.focus()  # the cell is read when the screen is shown (on_screen_resume), once

    def action_reload(self) -> None:
        cells = self.mt_app.cells
        card = self.query_one("#cell-card", Static)
        table = self.query_one("#meetings", DataTable)
        table.clear()
        try:
            cell = cells.cell()
            members = cells.members(include_retired=False)
            meetings = cells.meetings()
            today = cells.today()
        except AppError as exc:
            card.update(lit(error_text(exc)))
            return
        counts = {c: sum(1 for m in members if m.category is c) for c in Category}
        text = Text(end="")
        text.append(cell.name.upper(), style="bold")
        text.append(f"\n{cell.upper_body} · {cell.place or '…'}\n")
        text.append(
            t(
                "home.members",
                total=len(members),
                official=counts[Category.OFFICIAL],
                probationary=counts[Category.PROBATIONARY],
                exempted=counts[Category.EXEMPTED],
                attached=counts[Category.ATTACHED],
                suspended=counts[Category.SUSPENDED],
            )
        )
        text.append("\n" + t("home.data_folder", path=str(cells.root)), style="dim")
        card.update(text)
        self.call_after_refresh(self._year_notes)  # after the first paint: the start is not kept waiting
        rows = list(reversed(meetings))  # newest first
        for info in rows:
            table.add_row(
                lit(short_date(info.date)),
                lit(t(f"meeting.type.{info.type}")),
                lit(info.title),
                lit(t(f"meeting.status.{info.status}")),
                key=info.id,
            )
        # The cursor starts on the meeting in progress, else the soonest one planned.
        running = [n for n, info in enumerate(rows) if info.status == "running"]
        upcoming = [n for n, info in enumerate(rows) if info.status == "planned" and info.date >= today]
        if running or upcoming:
            table.move_cursor(row=running[0] if running else upcoming[-1])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.mt_app.open_meeting(event.row_key.value)

    def action_open(self) -> None:
        table = self.query_one("#meetings", DataTable)
        if table.row_count == 0:
            self.notify(t("home.no_meetings"), markup=False)
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row_key.value:
            self.mt_app.open_meeting(row_key.value)

    def action_year(self) -> None:
        from .year import YearScreen

        try:
            year = int(self.mt_app.cells.today()[:4])
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.app.push_screen(YearScreen(year))

    @work(exclusive=True, group="dialog")
    async def action_member_tasks(self) -> None:
        from ..dialogs import MemberPicker
        from .year import TasksScreen

        cells = self.mt_app.cells
        try:
            people = [(m.id, m.name, m.group) for m in cells.members(include_retired=False)]
        except AppError as exc:
            self.mt_app.report(exc)
            return
        member = await self.app.push_screen_wait(MemberPicker(t("tasks.pick"), people))
        if member:
            self.app.push_screen(TasksScreen(member))

    def action_studies(self) -> None:
        from .year import StudyScreen

        self.app.push_screen(StudyScreen())

    def action_members(self) -> None:
        from .members import MembersScreen

        self.app.push_screen(MembersScreen())

    @work(exclusive=True, group="dialog")
    async def action_new_meeting(self) -> None:
        from ..dialogs import FormDialog, FormField, dates_in  # the first screen does not wait for them

        cells = self.mt_app.cells
        try:
            today = cells.today()
        except AppError as exc:
            self.mt_app.report(exc)
            return
        try:
            members = cells.members(include_retired=False)
        except AppError as exc:
            self.mt_app.report(exc)
            return
        try:  # the year plan's thematic topics (issue 19): one may be chosen instead of typed
            planned = cells.planning().plan_state(int(today[:4])).live_topics()
        except AppError:
            planned = []
        officers = sorted((m for m in members if m.role is not Role.NONE), key=lambda m: _OFFICE[m.role])
        chairs = tuple((f"{m.name} ({t(f'role.{m.role.value}')})", m.id) for m in officers)
        people = (("…", ""), *((m.name, m.id) for m in members))
        values = await self.app.push_screen_wait(
            FormDialog(
                t("home.new_title"),
                [
                    FormField(
                        "type",
                        t("home.col.type"),
                        "regular",
                        choices=tuple((t(f"meeting.type.{k.value}"), k.value) for k in MeetingType),
                    ),
                    FormField(
                        "date",
                        t("home.col.date"),
                        short_date(today),
                        placeholder=t("form.date_hint"),
                        required=True,
                    ),
                    FormField("time", t("home.time"), "14:00"),
                    FormField("place", t("home.place")),
                    *([FormField("chair", t("types.chair"), chairs[0][1], choices=chairs)] if chairs else []),
                    FormField("topic", t("types.topic"), placeholder=t("types.topic_hint")),
                    *(
                        [
                            FormField(
                                "planned",
                                t("types.planned_topic"),
                                choices=(("…", ""), *((f"Q{p.quarter}: {p.title}", p.id) for p in planned)),
                            )
                        ]
                        if planned
                        else []
                    ),
                    FormField("presenter", t("types.topic_presenter"), choices=people),
                ],
                note=t("types.new_note"),
                parse=dates_in("date"),
            )
        )
        if values is None:
            return
        topic, presenter = values["topic"], values["presenter"]
        chosen = next((p for p in planned if p.id == values.get("planned")), None)
        if chosen is not None:  # the planned topic, and its presenter unless another was chosen
            topic, presenter = topic or chosen.title, presenter or chosen.presenter
        try:
            state = cells.create_meeting(
                values["type"],
                values["date"],
                time=values["time"],
                place=values["place"],
                chair=values.get("chair", ""),
                topic=topic,
                topic_presenter=presenter,
            )
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.action_reload()
        self.mt_app.open_meeting(state.id)

    def _year_notes(self) -> None:
        """The next meeting due and the plan's warnings (the plan's file and the meeting index:
        no meeting is read)."""
        try:
            notes = self.mt_app.cells.planning().home_notes()
        except AppError as exc:
            notes, problem = [], error_text(exc)
        else:
            problem = ""
        text = Text(end="")
        for note in notes:
            line = t(note.key, **note.params)
            text.append(
                ("\n" if text else "") + ("⚠ " + line if note.warning else line),
                style="bold" if note.warning else "",
            )
        if problem:
            text.append(problem)
        card = self.query_one("#year-card", Static)
        card.update(text)
        card.display = bool(text)

    def _this_year(self) -> int | None:
        try:
            return int(self.mt_app.cells.today()[:4])
        except AppError as exc:
            self.mt_app.report(exc)
            return None

    def action_plan(self) -> None:
        from .plan import PlanScreen

        year = self._this_year()
        if year is not None:
            self.app.push_screen(PlanScreen(year))

    def action_dues(self) -> None:
        from .dues import DuesScreen

        year = self._this_year()
        if year is not None:
            self.app.push_screen(DuesScreen(year))

    def action_review(self) -> None:
        from .grading import GradingScreen

        cells = self.mt_app.cells
        try:
            today = cells.today()
            opened = cells.reviews().periods(int(today[:4]))  # the last worked on first
        except AppError as exc:
            self.mt_app.report(exc)
            return
        month = int(today[5:7])
        self.app.push_screen(GradingScreen(opened[0] if opened else f"{today[:4]}-Q{(month - 1) // 3 + 1}"))

    def on_screen_resume(self) -> None:
        """Shown: first, and each time a screen over it closes (what it did shows here)."""
        if self._skip_resume:
            self._skip_resume = False
            return
        self.action_reload()
