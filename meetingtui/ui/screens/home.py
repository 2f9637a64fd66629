"""The home screen: the cell and its meetings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.people import Category, local_today
from ...i18n import error_text, t
from ..base import BaseScreen
from ..fmt import lit, vi_date


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("enter", "open", "key.open", id="home.open"),
        Binding("n", "new_meeting", "key.new_meeting", id="home.new_meeting"),
        Binding("m", "members", "key.members", id="home.members"),
        Binding("y", "year", "key.year", id="home.year"),
        Binding("t", "member_tasks", "key.member_tasks", id="home.member_tasks"),
        Binding("h", "studies", "key.studies", id="home.studies"),
        Binding("r", "reload", "key.reload", id="home.reload"),
        Binding("q", "app.quit", "key.quit", id="home.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="cell-card")
        yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#meetings", DataTable)
        for key in ("home.col.date", "home.col.type", "home.col.title", "home.col.status"):
            table.add_column(t(key), key=key)
        self.action_reload()
        table.focus()

    def action_reload(self) -> None:
        repo = self.mt_app.repo
        card = self.query_one("#cell-card", Static)
        table = self.query_one("#meetings", DataTable)
        table.clear()
        try:
            cell = repo.cell()
            members = repo.members(include_retired=False)
            meetings = repo.meetings()
        except Exception as exc:
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
            )
        )
        card.update(text)
        today = local_today(cell, self.mt_app.clock)
        rows = list(reversed(meetings))  # newest first
        for info in rows:
            table.add_row(
                lit(info.date),
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
        from .year import year_screen

        try:
            year = int(local_today(self.mt_app.repo.cell(), self.mt_app.clock)[:4])
            self.app.push_screen(year_screen(self.mt_app.repo, year))
        except Exception as exc:
            self.mt_app.report(exc)

    def action_member_tasks(self) -> None:
        from .dialogs import MemberPicker
        from .year import tasks_screen

        repo = self.mt_app.repo
        try:
            people = [(m.id, m.name, m.group) for m in repo.members(include_retired=False)]
            today = local_today(repo.cell(), self.mt_app.clock)
        except Exception as exc:
            self.mt_app.report(exc)
            return

        def picked(member: str | None) -> None:
            if member:
                self.app.push_screen(tasks_screen(repo, member, today))

        self.app.push_screen(MemberPicker(t("tasks.pick"), people), callback=picked)

    def action_studies(self) -> None:
        from .year import StudyScreen

        self.app.push_screen(StudyScreen())

    def action_members(self) -> None:
        from .members import MembersScreen

        self.app.push_screen(MembersScreen())

    def action_new_meeting(self) -> None:
        from ...domain.agenda import MeetingType
        from ...roster_io import parse_date
        from .dialogs import FormDialog, FormField, dates_in

        repo = self.mt_app.repo
        try:
            today = local_today(repo.cell(), self.mt_app.clock)
        except Exception as exc:
            self.mt_app.report(exc)
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                state = repo.create_meeting(
                    values["type"],
                    parse_date(values["date"]),
                    clock=self.mt_app.clock,
                    by=self.mt_app.role,
                    time=values["time"],
                    place=values["place"],
                )
            except Exception as exc:
                self.mt_app.report(exc)
                return
            self.action_reload()
            self.mt_app.open_meeting(state.id)

        self.app.push_screen(
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
                        vi_date(today),
                        placeholder=t("form.date_hint"),
                        required=True,
                    ),
                    FormField("time", t("home.time"), "14:00"),
                    FormField("place", t("home.place")),
                ],
                validator=dates_in("date"),
            ),
            callback=done,
        )

    def on_screen_resume(self) -> None:
        self.action_reload()
