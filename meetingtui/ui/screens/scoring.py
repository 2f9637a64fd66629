"""The scoring stage: each line suggested from the record with its reason; the chair keeps or changes it."""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...domain.errors import AppError, DomainError
from ...domain.state import MeetingState, Score
from ...i18n import t
from ..base import MeetingScreen
from ..dialogs import FormDialog, FormField
from ..fmt import lit, number, sheet_row
from ..widgets import KeyFooter


class ScoringScreen(MeetingScreen):
    BINDINGS = [
        Binding("g", "propose", "key.propose", id="score.propose"),
        Binding("s", "choose_sheet", "key.choose_sheet", id="score.choose_sheet"),
        Binding("enter", "change", "key.change_points", id="score.change"),
        Binding("k", "keep", "key.keep", id="score.keep"),
        Binding("K", "keep_all", "key.keep_all", id="score.keep_all"),
        Binding("escape", "back", "key.back", id="score.back"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="score-head")
        yield DataTable(id="score-lines", cursor_type="row")
        yield Static(id="score-reason")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("score.title")
        table = self.query_one("#score-lines", DataTable)
        self._columns(self.size.width)
        self.connect()
        table.focus()

    def _columns(self, width: int) -> None:
        """The criteria take what the other columns leave (the selected one shows whole below)."""
        table = self.query_one("#score-lines", DataTable)
        table.clear(columns=True)
        fixed = 6 + 6 + 14 + 4 * 2 + 2  # max, points, state, cell padding, scrollbar
        table.add_column(t("score.col.line"), key="title", width=max(20, min(90, width - fixed)))
        table.add_column(t("score.col.max"), key="max", width=6)
        table.add_column(t("score.col.points"), key="points", width=6)
        table.add_column(t("score.col.state"), key="state", width=14)
        self._width = width

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != getattr(self, "_width", None):
            self._columns(event.size.width)
            self.state = self.state  # the rows again, into the new columns

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        score = state.score
        table = self.query_one("#score-lines", DataTable)
        row = table.cursor_row
        table.clear()
        head = self.query_one("#score-head", Static)
        if score is None:
            head.update(lit(t("score.none")))
            return
        for line in score.lines:
            table.add_row(*sheet_row(line, number), key=line.key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        head.update(self._head(score))
        self._show_reason()

    def _head(self, score: Score) -> Text:
        text = lit(score.sheet_title, "bold")
        text.append("\n" + t("score.total", total=number(score.total), grade=score.grade))
        if not score.confirmed:
            text.append("  " + t("score.unconfirmed"), style="italic")
        return text

    def _show_reason(self) -> None:
        score = self.state.score if self.state else None
        key = self.selected_key("#score-lines")
        box = self.query_one("#score-reason", Static)
        if score is None or key is None:
            box.update("")
            return
        line = next(line for line in score.lines if line.key == key)
        text = lit(line.title, "bold")
        text.append("\n" + t("score.reason", reason=line.reason))
        box.update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a line: the table takes the key, so the screen acts on it."""
        self.action_change()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_reason()

    @work(exclusive=True, group="dialog")
    async def action_choose_sheet(self) -> None:
        """The cell's score sheet: a shipped one or its own in DATA/score_sheets/."""
        cells = self.mt_app.cells
        try:
            sheets = cells.sheets()
            cell = cells.cell()
        except AppError as exc:
            self.mt_app.report(exc)
            return
        values = await self.app.push_screen_wait(
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
                note=t("score.sheet_note", path=str(cells.root / "score_sheets")),
            )
        )
        if values is None:
            return
        try:
            cells.choose_sheet(values["sheet"])
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.notify(t("score.sheet_chosen", title=sheets[values["sheet"]].title), markup=False)

    @work(thread=True, exclusive=True, group="propose")
    def action_propose(self) -> None:
        """Work out a proposal for every line from the record (it reads the committee's
        meetings too): in a worker thread, so the screen stays live meanwhile."""
        try:
            sheet = self.mt_app.cells.sheet(self.state.type if self.state else "regular")
            state = self.service.propose_score(sheet)
        except AppError as exc:
            self.app.call_from_thread(self.mt_app.report, exc)
            return
        self.app.call_from_thread(setattr, self, "state", state)

    def action_keep(self) -> None:
        score = self.state.score if self.state else None
        key = self.selected_key("#score-lines")
        if score is None or key is None:
            return
        line = next(line for line in score.lines if line.key == key)
        if self.record("score_line_set", line=key, points=line.points):
            table = self.query_one("#score-lines", DataTable)
            table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

    def action_keep_all(self) -> None:
        score = self.state.score if self.state else None
        if score is None:
            return
        for line in score.lines:
            if not line.confirmed and not self.record("score_line_set", line=line.key, points=line.points):
                return

    @work(exclusive=True, group="dialog")
    async def action_change(self) -> None:
        score = self.state.score if self.state else None
        key = self.selected_key("#score-lines")
        if score is None or key is None:
            return
        line = next(line for line in score.lines if line.key == key)

        def parse(values: dict[str, str]) -> tuple[float, str]:
            try:
                value = float(values["points"].replace(",", "."))
            except ValueError:
                raise DomainError("error.score_not_number") from None
            if not 0 <= value <= line.max:
                raise DomainError("error.score_range", max=number(line.max))
            return value, values["note"]

        changed = await self.app.push_screen_wait(
            FormDialog(
                line.title,
                [
                    FormField(
                        "points",
                        t("score.points_of", max=number(line.max)),
                        number(line.points),
                        required=True,
                    ),
                    FormField("note", t("score.note"), placeholder=t("score.note_hint")),
                ],
                note=t("score.reason", reason=line.reason),
                parse=parse,
            )
        )
        if changed is not None:
            self.record("score_line_set", line=key, points=changed[0], note=changed[1])

    def action_back(self) -> None:
        self.app.pop_screen()
