"""The members' review: each member's draft from the record for a month, a quarter or the
year, the chair confirming or changing each line with a reason, the cell's vote to commend,
and the summary table (bảng tổng hợp xếp loại) saved in the Party format."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.errors import AppError, DomainError
from ...domain.grading import (
    COMMENDATION_KINDS,
    COMMENDATION_TITLES_VI,
    MemberReview,
    check_period,
    period_text,
)
from ...export.grading_doc import evidence_text
from ...export.render_docx import render_docx
from ...export.render_md import render_markdown
from ...export.vn import number_text
from ...i18n import t
from ...services.grading import ReviewRow, ReviewView
from ..base import BaseScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField, MemberPicker
from ..fmt import lit, sheet_row
from .saving import ask_path, write_export


def step_period(period: str, step: int) -> str:
    """The period before or after ``period``, of the same length (month, quarter, year)."""
    year = int(period[:4])
    if len(period) == 4:
        return f"{year + step:04d}"
    if period[5] == "Q":
        index = year * 4 + int(period[6]) - 1 + step
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    index = year * 12 + int(period[5:7]) - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def cycle_period(period: str) -> str:
    """Month → its quarter → its year → the year's first month."""
    if len(period) == 4:
        return f"{period}-01"
    if period[5] == "Q":
        return period[:4]
    return f"{period[:4]}-Q{(int(period[5:7]) - 1) // 3 + 1}"


def _points(values: dict[str, str]) -> tuple[float, str]:
    text = values["points"].strip().replace(",", ".")
    try:
        points = float(text)
    except ValueError:
        raise DomainError("error.score_not_number") from None
    return points, values["note"]


class GradingScreen(BaseScreen):
    """A period's review; ``[``/``]`` the period before or after, ``t`` month, quarter or year."""

    CSS_PATH = "books.tcss"
    BINDINGS = [
        Binding("g", "propose", "key.grading_propose", id="grading.propose"),
        Binding("enter", "open", "key.grading_open", id="grading.open"),
        Binding("K", "keep", "key.grading_keep", id="grading.keep"),
        Binding("b", "commend", "key.grading_commend", id="grading.commend"),
        Binding("t", "cycle", "key.grading_cycle", id="grading.cycle"),
        Binding("w", "save", "key.save_file", id="grading.save"),
        Binding("left_square_bracket", "step(-1)", "key.period_before", id="grading.before", show=False),
        Binding("right_square_bracket", "step(1)", "key.period_after", id="grading.after", show=False),
        Binding("escape", "back", "key.back", id="grading.back"),
    ]

    def __init__(self, period: str, meeting_id: str = "") -> None:
        super().__init__()
        self.period = check_period(period)
        self.meeting_id = meeting_id
        self.view: ReviewView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("doc.loading"), id="review-head", classes="book-head")
        yield DataTable(id="review-members", cursor_type="row", zebra_stripes=True)
        yield Static(id="review-evidence", classes="book-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#review-members", DataTable)
        for key, width in (("name", 26), ("total", 7), ("grade", 28), ("state", 20), ("note", 24)):
            table.add_column(t(f"grading.col.{key}"), key=key, width=width)
        self.reload()
        table.focus()

    @work(thread=True, exclusive=True, group="review")
    def reload(self) -> None:
        """The review reads every meeting of the period: in a worker, the screen stays live."""
        try:
            view = self.mt_app.cells.reviews().view(self.period)
        except AppError as exc:
            self.app.call_from_thread(self.mt_app.report, exc)
            return
        self.app.call_from_thread(self._show, view)

    def _show(self, view: ReviewView) -> None:
        self.view = view
        self.sub_title = t("grading.title", period=period_text(view.period))
        grades = [name for name, _ in view.sheet.grades]
        counts = ", ".join(f"{name}: {sum(1 for r in view.rows if r.grade == name)}" for name in grades)
        confirmed = sum(1 for r in view.rows if r.confirmed)
        head = Text(view.sheet.title, style="bold", end="")
        head.append("\n" + t("grading.counts", graded=len(view.rows), confirmed=confirmed, grades=counts))
        chosen = view.state.chosen(view.period)
        if chosen:
            names = ", ".join(f"{COMMENDATION_TITLES_VI.get(c.kind, c.kind)} {c.target_name}" for c in chosen)
            head.append("\n" + t("grading.chosen", names=names))
        self.query_one("#review-head", Static).update(head)
        table = self.query_one("#review-members", DataTable)
        row = table.cursor_row
        table.clear()
        for item in view.rows:
            table.add_row(
                lit(item.member.name),
                lit(number_text(item.total)),
                lit(item.grade),
                self._state_text(item),
                lit(self._note(item)),
                key=item.member.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._evidence()

    @staticmethod
    def _state_text(item: ReviewRow) -> Text:
        if item.review is None:
            return Text(t("grading.state_draft"), style="dim")
        if item.confirmed:
            return Text(t("grading.state_confirmed"), style="bold")
        return Text(t("grading.state_proposed"))

    def _note(self, item: ReviewRow) -> str:
        view = self.view
        if view is None:
            return ""
        chosen = [c for c in view.state.chosen(view.period) if c.target == item.member.id]
        return "; ".join(COMMENDATION_TITLES_VI.get(c.kind, c.kind) for c in chosen)

    def _row(self) -> ReviewRow | None:
        key = self.selected_key("#review-members")
        if key is None or self.view is None:
            return None
        return next((r for r in self.view.rows if r.member.id == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._evidence()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _evidence(self) -> None:
        row = self._row()
        self.query_one("#review-evidence", Static).update(lit(evidence_text(row.evidence) if row else ""))

    def on_screen_resume(self) -> None:
        self.reload()

    # -- actions ------------------------------------------------------------------------
    def action_step(self, step: int) -> None:
        self.period = step_period(self.period, step)
        self.reload()

    def action_cycle(self) -> None:
        self.period = cycle_period(self.period)
        self.reload()

    def action_propose(self) -> None:
        self._propose()

    @work(thread=True, exclusive=True, group="review")
    def _propose(self) -> None:
        try:
            self.mt_app.cells.reviews().propose(self.period)
            view = self.mt_app.cells.reviews().view(self.period)
        except AppError as exc:
            self.app.call_from_thread(self.mt_app.report, exc)
            return
        self.app.call_from_thread(self._show, view)

    def action_open(self) -> None:
        row = self._row()
        if row is None:
            return
        if row.review is None:
            self.notify(t("grading.propose_first", name=row.member.name), markup=False)
            return
        self.app.push_screen(MemberSheetScreen(self.period, row.member.id))

    def action_keep(self) -> None:
        row = self._row()
        if row is None or row.review is None:
            return
        try:
            self.mt_app.cells.reviews().keep_review(self.period, row.member.id)
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_commend(self) -> None:
        """The cell's vote to commend: pick the vote (taken at a meeting with ``v``), whom, how."""
        cells = self.mt_app.cells
        try:
            votes = [
                (f"{info.id}|{vote.id}", vote.question, f"{vote.tally.for_}/{vote.denominator} · {info.date}")
                for info in cells.meetings()
                if info.date[:4] == self.period[:4]
                for vote in cells.meeting(info.id).state().votes
                if vote.passed and not vote.withdrawn and vote.kind.value == "other"
            ]
            members = cells.members(include_retired=False)
        except AppError as exc:
            self.mt_app.report(exc)
            return
        if not votes:
            self.notify(t("grading.no_votes", year=self.period[:4]), severity="warning", markup=False)
            return
        chosen = await self.app.push_screen_wait(MemberPicker(t("grading.pick_vote"), votes))
        if not chosen:
            return
        meeting_id, vote_id = chosen.split("|", 1)
        groups = sorted({m.group for m in members if m.group})
        people = [(m.id, m.name, m.group) for m in members] + [
            (f"group:{g}", g, t("grading.group")) for g in groups
        ]
        target = await self.app.push_screen_wait(MemberPicker(t("grading.pick_target"), people))
        if not target:
            return
        values = await self.app.push_screen_wait(
            FormDialog(
                t("grading.commend_title", period=period_text(self.period)),
                [
                    FormField(
                        "kind",
                        t("grading.kind"),
                        COMMENDATION_KINDS[0],
                        choices=tuple((COMMENDATION_TITLES_VI[k], k) for k in COMMENDATION_KINDS),
                    ),
                    FormField("note", t("grading.note")),
                ],
            )
        )
        if values is None:
            return
        try:
            cells.reviews().commend(
                self.period, target, values["kind"], meeting_id, vote_id, note=values["note"]
            )
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        stem = f"xep-loai-dang-vien-{self.period.lower()}"
        chosen = await ask_path(
            self, t("grading.save_title", period=period_text(self.period)), stem, ("docx", "md", "csv")
        )
        if chosen is not None:
            self._write(chosen[0], chosen[1])

    @work(thread=True, exclusive=True, group="document")
    def _write(self, fmt: str, path: Path) -> None:
        cells = self.mt_app.cells

        def make() -> bytes:
            doc, csv_text = cells.reviews().documents(self.period, detail=fmt == "md")
            if fmt == "csv":
                return csv_text.encode("utf-8-sig")
            return render_docx(doc, now=cells.clock.now()) if fmt == "docx" else render_markdown(doc).encode()

        write_export(self, path, make)

    def action_back(self) -> None:
        self.app.pop_screen()


class MemberSheetScreen(BaseScreen):
    """One member's sheet: each line's proposal and reason; the chair keeps or changes it."""

    CSS_PATH = "books.tcss"
    BINDINGS = [
        Binding("enter", "change", "key.change_points", id="grading_sheet.change"),
        Binding("k", "keep", "key.keep", id="grading_sheet.keep"),
        Binding("K", "keep_all", "key.keep_all", id="grading_sheet.keep_all"),
        Binding("g", "again", "key.grading_again", id="grading_sheet.again"),
        Binding("escape", "back", "key.back", id="grading_sheet.back"),
    ]

    def __init__(self, period: str, member_id: str) -> None:
        super().__init__()
        self.period = period
        self.member_id = member_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="sheet-head", classes="book-head")
        yield DataTable(id="sheet-lines", cursor_type="row")
        yield Static(id="sheet-reason", classes="book-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sheet-lines", DataTable)
        for key, width in (("line", 56), ("max", 6), ("points", 7), ("state", 14)):
            table.add_column(t(f"grading.col.{key}"), key=key, width=width)
        self.reload()
        table.focus()

    def _review(self) -> MemberReview | None:
        return self.mt_app.cells.reviews().state(self.period).reviews.get((self.period, self.member_id))

    def reload(self) -> None:
        try:
            review = self._review()
        except AppError as exc:
            self.mt_app.report(exc)
            return
        if review is None:
            return
        self.sub_title = t("grading.member_title", name=review.name, period=period_text(self.period))
        head = Text(f"{review.name} — {number_text(review.total)} · {review.grade}", style="bold", end="")
        head.append("\n" + evidence_text(review.evidence))
        self.query_one("#sheet-head", Static).update(head)
        table = self.query_one("#sheet-lines", DataTable)
        row = table.cursor_row
        table.clear()
        for line in review.lines:
            table.add_row(*sheet_row(line, number_text), key=line.key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._reason()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._reason()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_change()

    def _reason(self) -> None:
        key = self.selected_key("#sheet-lines")
        review = self._review()
        if key is None or review is None:
            return
        line = review.line(key)
        text = line.reason
        if line.points != line.proposed:
            text += "\n" + t("grading.proposed_was", points=number_text(line.proposed))
        self.query_one("#sheet-reason", Static).update(lit(text))

    def _set(self, line: str, points: float, note: str = "") -> None:
        try:
            self.mt_app.cells.reviews().set_review_line(self.period, self.member_id, line, points, note)
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_change(self) -> None:
        key = self.selected_key("#sheet-lines")
        review = self._review()
        if key is None or review is None:
            return
        line = review.line(key)
        values = await self.app.push_screen_wait(
            FormDialog(
                line.title,
                [
                    FormField(
                        "points",
                        t("score.points_of", max=number_text(line.max)),
                        number_text(line.points),
                        required=True,
                    ),
                    FormField("note", t("grading.reason"), placeholder=t("grading.reason_hint")),
                ],
                note=line.reason,
                parse=_points,
            )
        )
        if values is not None:
            self._set(key, values[0], values[1])

    def action_keep(self) -> None:
        key = self.selected_key("#sheet-lines")
        review = self._review()
        if key is not None and review is not None:
            self._set(key, review.line(key).points)

    def action_keep_all(self) -> None:
        try:
            self.mt_app.cells.reviews().keep_review(self.period, self.member_id)
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_again(self) -> None:
        if not await self.app.push_screen_wait(ConfirmDialog(t("grading.confirm_again"))):
            return
        try:
            self.mt_app.cells.reviews().propose(self.period, [self.member_id], again=True)
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
