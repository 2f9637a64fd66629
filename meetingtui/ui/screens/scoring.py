"""The scoring stage: each line suggested from the record with its reason; the chair keeps or changes it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.errors import DomainError
from ...domain.meeting import MeetingState
from ...domain.scoring import Score, Sheet, all_sheets, score_of
from ...export.vn import number_text
from ...i18n import t
from ...service import MeetingService
from ...store.storage import StoreError
from ...suggest import sheet_data, suggest
from ...tasks import last_month_share
from ..base import BaseScreen
from ..fmt import lit
from .dialogs import FormDialog, FormField


class ScoringScreen(BaseScreen):
    BINDINGS = [
        Binding("g", "propose", "key.propose", id="score.propose"),
        Binding("s", "choose_sheet", "key.choose_sheet", id="score.choose_sheet"),
        Binding("enter", "change", "key.change_points", id="score.change"),
        Binding("k", "keep", "key.keep", id="score.keep"),
        Binding("K", "keep_all", "key.keep_all", id="score.keep_all"),
        Binding("escape", "back", "key.back", id="score.back"),
    ]

    def __init__(self, service: MeetingService) -> None:
        super().__init__()
        self.service = service
        self.state: MeetingState | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="score-head")
        yield DataTable(id="score-lines", cursor_type="row")
        yield Static(id="score-reason")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = t("score.title")
        table = self.query_one("#score-lines", DataTable)
        table.add_column(t("score.col.line"), key="title", width=52)
        table.add_column(t("score.col.max"), key="max", width=6)
        table.add_column(t("score.col.points"), key="points", width=6)
        table.add_column(t("score.col.state"), key="state", width=14)
        self.reload()
        table.focus()

    def reload(self) -> None:
        try:
            self.state = self.service.state()
        except (StoreError, DomainError) as exc:
            self.mt_app.report(exc)
            return
        score = score_of(self.state)
        table = self.query_one("#score-lines", DataTable)
        row = table.cursor_row
        table.clear()
        head = self.query_one("#score-head", Static)
        if score is None:
            head.update(lit(t("score.none")))
            return
        for line in score.lines:
            state = (
                Text(t("score.confirmed"), style="bold")
                if line.confirmed
                else Text(t("score.suggested"), style="dim")
            )
            table.add_row(
                lit(line.title),
                lit(number_text(line.max)),
                lit(number_text(line.points)),
                state,
                key=line.key,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        head.update(self._head(score))
        self._show_reason()

    def _head(self, score: Score) -> Text:
        text = lit(score.sheet_title, "bold")
        text.append("\n" + t("score.total", total=number_text(score.total), grade=score.grade))
        if not score.confirmed:
            text.append("  " + t("score.unconfirmed"), style="italic")
        return text

    def _show_reason(self) -> None:
        score = score_of(self.state) if self.state else None
        key = self.selected_key("#score-lines")
        box = self.query_one("#score-reason", Static)
        if score is None or key is None:
            box.update("")
            return
        line = next(line for line in score.lines if line.key == key)
        box.update(lit(t("score.reason", reason=line.reason)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a line: the table takes the key, so the screen acts on it."""
        self.action_change()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_reason()

    def _record(self, kind: str, /, **data: Any) -> bool:
        try:
            self.service.record(kind, **data)
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return False
        self.reload()
        return True

    def _sheet(self) -> Sheet | None:
        try:
            sheets = all_sheets(self.mt_app.repo.root)
            wanted = self.mt_app.repo.cell().score_sheet
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return None
        return sheets.get(wanted) or sheets.get("hd42-100")

    def action_choose_sheet(self) -> None:
        """The cell's score sheet: a shipped one or its own in DATA/score_sheets/."""
        try:
            sheets = all_sheets(self.mt_app.repo.root)
            cell = self.mt_app.repo.cell()
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return

        def chosen(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                self.mt_app.repo.save_cell(replace(cell, score_sheet=values["sheet"]))
            except (DomainError, StoreError) as exc:
                self.mt_app.report(exc)
                return
            self.notify(t("score.sheet_chosen", title=sheets[values["sheet"]].title), markup=False)

        self.app.push_screen(
            FormDialog(
                t("score.choose_title"),
                [
                    FormField(
                        "sheet",
                        t("score.sheet"),
                        cell.score_sheet,
                        choices=tuple((s.title, s.id) for s in sheets.values()),
                    )
                ],
                note=t("score.sheet_note", path=str(self.mt_app.repo.root / "score_sheets")),
            ),
            callback=chosen,
        )

    def action_propose(self) -> None:
        state = self.state
        sheet = self._sheet()
        if state is None or sheet is None:
            return
        share, counted = last_month_share(self.mt_app.repo, state)
        lines = suggest(
            sheet, state, self.mt_app.repo, self.mt_app.clock.now(), tasks_share=share, tasks_counted=counted
        )
        self._record("score_proposed", sheet=sheet.id, sheet_data=sheet_data(sheet), lines=lines)

    def action_keep(self) -> None:
        score = score_of(self.state) if self.state else None
        key = self.selected_key("#score-lines")
        if score is None or key is None:
            return
        line = next(line for line in score.lines if line.key == key)
        if self._record("score_line_set", line=key, points=line.points):
            table = self.query_one("#score-lines", DataTable)
            table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

    def action_keep_all(self) -> None:
        score = score_of(self.state) if self.state else None
        if score is None:
            return
        for line in score.lines:
            if not line.confirmed and not self._record("score_line_set", line=line.key, points=line.points):
                return

    def action_change(self) -> None:
        score = score_of(self.state) if self.state else None
        key = self.selected_key("#score-lines")
        if score is None or key is None:
            return
        line = next(line for line in score.lines if line.key == key)

        def check(values: dict[str, str]) -> str:
            try:
                value = float(values["points"].replace(",", "."))
            except ValueError:
                return t("error.score_not_number")
            if not 0 <= value <= line.max:
                return t("error.score_range", max=number_text(line.max))
            return ""

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self._record(
                    "score_line_set",
                    line=key,
                    points=float(values["points"].replace(",", ".")),
                    note=values["note"],
                )

        self.app.push_screen(
            FormDialog(
                line.title,
                [
                    FormField(
                        "points",
                        t("score.points_of", max=number_text(line.max)),
                        number_text(line.points),
                        required=True,
                    ),
                    FormField("note", t("score.note"), placeholder=t("score.note_hint")),
                ],
                note=t("score.reason", reason=line.reason),
                validator=check,
            ),
            callback=done,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
