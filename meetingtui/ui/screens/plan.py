"""The year plan: twelve regular meetings in the cell's day window, what was held and how it
was graded, the quarter's thematic topics with their presenters; the plan and the month's
report upward saved as DOCX or Markdown."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.dates import short_date
from ...domain.errors import AppError, DomainError
from ...domain.plan import YearPlan, check_window, quarter_of
from ...export.render_docx import render_docx
from ...export.render_md import render_markdown
from ...i18n import t
from ..base import BaseScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField
from ..fmt import lit
from .saving import ask_path, write_export

ROMAN = ("I", "II", "III", "IV")


def _window(values: dict[str, str]) -> dict[str, str]:
    check_window(values["day_from"], values["day_to"], int(values.get("month", "0") or 0))
    return values


def _topic(values: dict[str, str]) -> dict[str, str]:
    quarter = int(values["quarter"])
    month = values.get("month", "").strip()
    if month and (not month.isdigit() or not 1 <= int(month) <= 12 or quarter_of(int(month)) != quarter):
        raise DomainError("error.plan_month_not_in_quarter", month=month, quarter=quarter)
    return values


class PlanScreen(BaseScreen):
    """The year's plan; ``[`` and ``]`` go to the year before and after."""

    CSS_PATH = "books.tcss"
    BINDINGS = [
        Binding("f", "window", "key.plan_window", id="plan.window"),
        Binding("enter", "month", "key.plan_month", id="plan.month"),
        Binding("a", "add_topic", "key.plan_add_topic", id="plan.add_topic"),
        Binding("x", "remove_topic", "key.plan_remove_topic", id="plan.remove_topic"),
        Binding("tab", "switch", "key.plan_switch", id="plan.switch", show=False),
        Binding("b", "report", "key.plan_report", id="plan.report"),
        Binding("w", "save", "key.save_file", id="plan.save"),
        Binding("left_square_bracket", "year(-1)", "key.year_before", id="plan.year_before", show=False),
        Binding("right_square_bracket", "year(1)", "key.year_after", id="plan.year_after", show=False),
        Binding("escape", "back", "key.back", id="plan.back"),
    ]

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year
        self.plan: YearPlan | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="plan-head", classes="book-head")
        yield DataTable(id="plan-months", cursor_type="row", zebra_stripes=True)
        yield Static(t("plan.topics_title"), classes="book-caption")
        yield DataTable(id="plan-topics", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        months = self.query_one("#plan-months", DataTable)
        for key, width in (("month", 8), ("window", 13), ("meeting", 26), ("grade", 10), ("topic", 52)):
            months.add_column(t(f"plan.col.{key}"), key=key, width=width)
        topics = self.query_one("#plan-topics", DataTable)
        for key, width in (("quarter", 6), ("title", 46), ("presenter", 26), ("when", 12)):
            topics.add_column(t(f"plan.col.{key}"), key=key, width=width)
        self.reload()
        months.focus()

    def reload(self) -> None:
        try:
            self.plan = plan = self.mt_app.cells.planning().plan(self.year)
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.sub_title = t("plan.title", year=self.year)
        head = Text(t("plan.window", first=plan.window[0], last=plan.window[1]), end="")
        missing = [q for q in range(1, 5) if not plan.topics.get(q)]
        if missing:
            head.append(
                "\n⚠ " + t("plan.no_topic", quarters=", ".join(ROMAN[q - 1] for q in missing)), style="bold"
            )
        self.query_one("#plan-head", Static).update(head)
        months = self.query_one("#plan-months", DataTable)
        row = months.cursor_row
        months.clear()
        for month in plan.months:
            window = f"{short_date(month.first.isoformat())[:5]}–{short_date(month.last.isoformat())[:5]}"
            meetings = ", ".join(
                f"{short_date(m.date)} ({t('meeting.status.' + m.status)})" for m in month.regular
            ) or t("plan.none")
            grade = month.held.grade if month.held and month.held.grade else ""
            titles = "; ".join(tp.title for tp in month.topics)
            note = f" · {month.note}" if month.note else ""
            months.add_row(
                lit(t("plan.month", month=month.month)),
                lit(window + note),
                lit(meetings),
                lit(grade),
                lit(titles),
                key=str(month.month),
            )
        months.move_cursor(row=min(row, 11))
        topics = self.query_one("#plan-topics", DataTable)
        topics.clear()
        for quarter in range(1, 5):
            for topic in plan.topics.get(quarter, ()):
                when = t("plan.month", month=topic.month) if topic.month else t("plan.in_quarter")
                topics.add_row(
                    lit(ROMAN[quarter - 1]),
                    lit(topic.title),
                    lit(topic.presenter_name or "…"),
                    lit(when),
                    key=topic.id,
                )

    # -- actions ----------------------------------------------------------------------
    def action_switch(self) -> None:
        months, topics = self.query_one("#plan-months", DataTable), self.query_one("#plan-topics", DataTable)
        (topics if months.has_focus else months).focus()

    def action_year(self, step: int) -> None:
        self.year += step
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_window(self) -> None:
        plan = self.plan
        first, last = plan.window if plan else (20, 22)
        values = await self.app.push_screen_wait(
            FormDialog(
                t("plan.window_title"),
                [
                    FormField("day_from", t("plan.day_from"), str(first), required=True, integer=True),
                    FormField("day_to", t("plan.day_to"), str(last), required=True, integer=True),
                ],
                note=t("plan.window_note"),
                parse=_window,
            )
        )
        if values is None:
            return
        try:
            self.mt_app.cells.planning().set_window(self.year, values["day_from"], values["day_to"])
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a month: its own window and note (a table takes Enter before the screen)."""
        if event.data_table.id == "plan-months":
            self.action_month()

    @work(exclusive=True, group="dialog")
    async def action_month(self) -> None:
        key = self.selected_key("#plan-months")
        if key is None or self.plan is None:
            return
        month = self.plan.months[int(key) - 1]
        values = await self.app.push_screen_wait(
            FormDialog(
                t("plan.month_title", month=month.month, year=self.year),
                [
                    FormField(
                        "day_from", t("plan.day_from"), str(month.first.day), required=True, integer=True
                    ),
                    FormField("day_to", t("plan.day_to"), str(month.last.day), required=True, integer=True),
                    FormField("note", t("plan.note"), month.note, placeholder=t("plan.note_hint")),
                ],
                parse=lambda v: _window({**v, "month": key}),
            )
        )
        if values is None:
            return
        try:
            self.mt_app.cells.planning().set_month(
                self.year, int(key), values["day_from"], values["day_to"], values["note"]
            )
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_add_topic(self) -> None:
        cells = self.mt_app.cells
        try:
            people = [(m.name, m.id) for m in cells.members(include_retired=False)]
        except AppError as exc:
            self.mt_app.report(exc)
            return
        key = self.selected_key("#plan-months")
        quarter = quarter_of(int(key)) if key else 1
        values = await self.app.push_screen_wait(
            FormDialog(
                t("plan.topic_title", year=self.year),
                [
                    FormField(
                        "quarter",
                        t("plan.col.quarter"),
                        str(quarter),
                        choices=tuple((t("plan.quarter", quarter=ROMAN[q - 1]), str(q)) for q in range(1, 5)),
                    ),
                    FormField("month", t("plan.topic_month"), placeholder=t("plan.topic_month_hint")),
                    FormField("title", t("plan.col.title"), required=True),
                    FormField("presenter", t("plan.col.presenter"), "", choices=(("—", ""), *people)),
                    FormField("outline", t("plan.outline"), placeholder=t("plan.outline_hint")),
                ],
                parse=_topic,
            )
        )
        if values is None:
            return
        try:
            cells.planning().add_topic(
                self.year,
                int(values["quarter"]),
                values["title"],
                presenter=values["presenter"],
                month=int(values["month"]) if values["month"].strip() else 0,
                outline=values["outline"],
            )
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_remove_topic(self) -> None:
        key = self.selected_key("#plan-topics")
        plan = self.plan
        if key is None or plan is None:
            self.notify(t("plan.no_topics"), markup=False)
            return
        title = next((tp.title for q in plan.topics.values() for tp in q if tp.id == key), key)
        if not await self.app.push_screen_wait(ConfirmDialog(t("plan.confirm_remove", title=title))):
            return
        try:
            self.mt_app.cells.planning().remove_topic(self.year, key)
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        chosen = await ask_path(self, t("plan.save_title"), f"ke-hoach-{self.year}", ("docx", "md"))
        if chosen is not None:
            self._write(chosen[0], chosen[1])

    @work(thread=True, exclusive=True, group="document")
    def _write(self, fmt: str, path: Path) -> None:
        from ...export.plan_doc import build_plan

        cells = self.mt_app.cells

        def make() -> bytes:
            doc = build_plan(cells.cell(), cells.members(), cells.planning().plan(self.year), cells.today())
            return render_docx(doc, now=cells.clock.now()) if fmt == "docx" else render_markdown(doc).encode()

        write_export(self, path, make)

    @work(exclusive=True, group="dialog")
    async def action_report(self) -> None:
        key = self.selected_key("#plan-months")
        if key is None:
            return
        month = int(key)
        stem = f"bao-cao-thang-{month:02d}-{self.year}"
        chosen = await ask_path(
            self, t("plan.report_title", month=month, year=self.year), stem, ("docx", "md")
        )
        if chosen is not None:
            self._write_report(month, chosen[0], chosen[1])

    @work(thread=True, exclusive=True, group="document")
    def _write_report(self, month: int, fmt: str, path: Path) -> None:
        from ...services.reports import month_report_doc

        cells = self.mt_app.cells

        def make() -> bytes:
            doc = month_report_doc(cells, self.year, month)
            return render_docx(doc, now=cells.clock.now()) if fmt == "docx" else render_markdown(doc).encode()

        write_export(self, path, make)

    def action_back(self) -> None:
        self.app.pop_screen()
