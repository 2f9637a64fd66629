"""A member's page: who they are, and their criticism record across meetings.

Every self-criticism, criticism, commendation and reminder about the member, and every
follow-up task they were given, with whether it was reported done. ``y`` switches between
this year and all meetings; ``r`` records the report back on the selected follow-up (in the
meeting that holds it). Reading every meeting runs in a worker.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, Header, Static

from ...domain.dates import short_date
from ...domain.errors import AppError
from ...domain.history import OWNER, HistoryRow
from ...domain.people import Member
from ...domain.state import EntryKind
from ...i18n import t
from ..base import BaseScreen
from ..dialogs import FormDialog, FormField
from ..fmt import lit
from ..widgets import KeyFooter
from .criticism import follow_up_result, kind_label

RESULTS = {"done": True, "not_done": False, "open": None}


def row_detail(row: HistoryRow) -> Text:
    entry = row.entry
    text = Text(end="")
    text.append(f"{short_date(row.date)} · {kind_label(entry.kind)}", style="bold")
    text.append(f"  {row.speaker_name or t('crit.chair_for_committee')} → {row.concerns_name}")
    if entry.absent:
        text.append(" " + t("crit.absent_mark"), style="italic")
    text.append("\n" + entry.text)
    if entry.response:
        text.append(f"\n{t('crit.col.response')}: ", style="bold")
        text.append(entry.response)
    follow = entry.follow_up
    if follow is not None:
        text.append(f"\n{t('crit.col.follow_up')}: ", style="bold")
        text.append(f"{follow.content} · {row.owner_name}")
        if follow.deadline:
            text.append(" · " + t("crit.deadline", date=short_date(follow.deadline)))
        text.append(f" ({follow_up_result(row.done)})", style="italic")
        if row.result_note:
            text.append("\n" + row.result_note, style="italic")
    return text


class MemberPage(BaseScreen):
    CSS_PATH = "member_page.tcss"
    BINDINGS = [
        Binding("y", "toggle_year", "key.toggle_year", id="member_page.year"),
        Binding("r", "report", "key.report_follow_up", id="member_page.report"),
        Binding("escape", "back", "key.back", id="member_page.back"),
    ]

    rows: reactive[list[HistoryRow] | None] = reactive(None, always_update=True, init=False)

    def __init__(self, member_id: str, *, all_years: bool = False) -> None:
        super().__init__()
        self.member_id = member_id
        self.all_years = all_years
        self.member: Member | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="member-card")
        yield Static(id="member-summary")
        yield DataTable(id="member-history", cursor_type="row", zebra_stripes=True)
        yield Static(id="member-detail")
        yield Static(id="member-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#member-history", DataTable)
        table.add_column(t("memberpage.col.date"), key="date", width=10)
        table.add_column(t("crit.col.kind"), key="kind", width=14)
        table.add_column(t("crit.col.speaker"), key="speaker", width=18)
        table.add_column(t("crit.col.follow_up"), key="follow", width=32)
        table.add_column(t("crit.col.text"), key="text")
        try:
            self.member = self.mt_app.cells.member(self.member_id)
            self.this_year = int(self.mt_app.cells.today()[:4])
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self._show_card(self.member)
        self.reload()
        table.focus()

    @property
    def year(self) -> int | None:
        return None if self.all_years else self.this_year

    def period(self) -> str:
        year = self.year
        return t("memberpage.period_all") if year is None else t("memberpage.period_year", year=year)

    def _show_card(self, member: Member) -> None:
        self.sub_title = member.name
        card = Text(end="")
        card.append(member.name, style="bold")
        parts = [t(f"category.{member.category.value}")]
        if member.role:
            parts.append(t(f"role.{member.role.value or 'none'}"))
        if member.group:
            parts.append(member.group)
        if member.joined:
            parts.append(t("memberpage.joined", date=short_date(member.joined)))
        card.append("\n" + " · ".join(parts))
        self.query_one("#member-card", Static).update(card)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.query_one("#member-summary", Static).update(lit(t("memberpage.loading"), "italic"))
        self.load()

    @work(thread=True, exclusive=True, group="member-history")
    def load(self) -> None:
        try:
            rows = self.mt_app.cells.member_history(self.member_id, self.year)
        except AppError as exc:
            self.app.call_from_thread(self.mt_app.report, exc)
            return
        self.app.call_from_thread(setattr, self, "rows", rows)

    def watch_rows(self, rows: list[HistoryRow] | None) -> None:
        if rows is None or self.member is None:
            return
        about = [r for r in rows if r.relation != OWNER]
        counts = {kind.value: sum(1 for r in about if r.kind is kind) for kind in EntryKind}
        tasks = [r for r in rows if r.follow_up is not None]
        summary = t(
            "memberpage.summary",
            period=self.period(),
            done=sum(1 for r in tasks if r.done is True),
            not_done=sum(1 for r in tasks if r.done is False),
            open=sum(1 for r in tasks if r.done is None),
            **counts,
        )
        if not rows:
            summary += "\n" + t("memberpage.empty", period=self.period())
        self.query_one("#member-summary", Static).update(lit(summary))
        table = self.query_one("#member-history", DataTable)
        cursor = table.cursor_row
        table.clear()
        for n, row in enumerate(rows):
            kind = lit(kind_label(row.kind), "bold")
            if row.relation == OWNER:
                kind.append(f" ({t('memberpage.owner_row')})", style="dim")
            follow = row.follow_up
            follow_cell = Text(end="")
            if follow is not None:
                follow_cell.append(follow_up_result(row.done), style="bold" if row.done is False else "")
                follow_cell.append(" · " + follow.content.split("\n", 1)[0])
            table.add_row(
                lit(short_date(row.date)),
                kind,
                lit(row.speaker_name or t("crit.chair_for_committee")),
                follow_cell,
                lit(row.entry.text.split("\n", 1)[0][:200]),
                key=str(n),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._show_detail()
        year = self.year or self.this_year
        hint = t("memberpage.export_hint", query=f'"{self.member.name}"', year=year)
        self.query_one("#member-hint", Static).update(lit(hint))

    def _selected_row(self) -> HistoryRow | None:
        table = self.query_one("#member-history", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self.rows[int(str(row_key.value))]

    def _show_detail(self) -> None:
        row = self._selected_row()
        self.query_one("#member-detail", Static).update(row_detail(row) if row else "")

    @on(DataTable.RowHighlighted, "#member-history")
    def _highlighted(self) -> None:
        self._show_detail()

    # -- actions -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "report":
            return bool(self.rows)
        return True

    def action_toggle_year(self) -> None:
        self.all_years = not self.all_years
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_report(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        follow = row.follow_up
        if follow is None:
            self.notify(t("memberpage.no_follow_up"), markup=False)
            return
        current = "open" if row.done is None else "done" if row.done else "not_done"
        choices = (
            (t("crit.follow_done"), "done"),
            (t("crit.follow_not_done"), "not_done"),
            (t("crit.follow_open"), "open"),
        )
        values = await self.app.push_screen_wait(
            FormDialog(
                t("memberpage.report_title", content=follow.content.split("\n", 1)[0]),
                [
                    FormField("result", t("memberpage.report_result"), current, choices=choices),
                    FormField("note", t("memberpage.report_note"), row.result_note),
                ],
            )
        )
        if values is None:
            return
        try:  # recorded in the meeting that holds the entry
            self.mt_app.cells.meeting(row.meeting_id).record(
                "follow_up_reported", entry=row.entry.id, done=RESULTS[values["result"]], note=values["note"]
            )
        except AppError as exc:
            self.mt_app.report(exc)
            return
        label = dict((value, label) for label, value in choices)[values["result"]]
        self.notify(t("memberpage.reported", result=label), markup=False)
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
