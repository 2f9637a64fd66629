"""Party dues: each member's twelve months, payments recorded as they are collected (at the
meeting's "Việc khác" stage, or any day), the basis and reductions, the month's remittance to
the upper committee; the ledger saved as DOCX, Markdown or CSV."""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.dates import month_input, parse_date, parse_month, short_date
from ...domain.dues import (
    EXCUSED,
    EXEMPT,
    EXEMPT_MONTH,
    NO_BASIS,
    NOT_KEPT,
    NOT_MEMBER,
    OPEN,
    PAID,
    SHORT,
    UNPAID,
    DuesLedger,
    MemberDues,
    amount_text,
)
from ...domain.errors import AppError, DomainError
from ...domain.money import grouped, money, parse_amount
from ...export.render_docx import render_docx
from ...export.render_md import render_markdown
from ...i18n import t
from ..base import BaseScreen
from ..dialogs import FormDialog, FormField
from ..fmt import lit
from .saving import ask_path, write_export

MARKS = {
    PAID: ("✓", "green"),
    SHORT: ("~", "yellow"),
    UNPAID: ("✗", "bold red"),
    OPEN: ("·", "dim"),
    EXCUSED: ("L", "yellow"),
    EXEMPT_MONTH: ("–", "dim"),
    NOT_MEMBER: (" ", ""),
    NOT_KEPT: (" ", ""),
    NO_BASIS: ("?", "dim"),
}
_SPLIT = re.compile(r"[,;\s]+")


def parse_months(text: str, year: int) -> list[str]:
    """``9, 10`` or ``9-11`` (months of ``year``) or ``12/2026`` to ``YYYY-MM``, oldest first."""
    months: list[str] = []
    for part in _SPLIT.split(text.strip()):
        if not part:
            continue
        if "/" in part:
            months.append(parse_month(part))
            continue
        first, sep, last = part.partition("-")
        if not first.isdigit() or (sep and not last.isdigit()):
            raise DomainError("error.month_invalid", value=part)
        for month in range(int(first), int(last if sep else first) + 1):
            if not 1 <= month <= 12:
                raise DomainError("error.month_invalid", value=part)
            months.append(f"{year:04d}-{month:02d}")
    if not months:
        raise DomainError("error.month_invalid", value=text)
    return sorted(set(months))


class DuesScreen(BaseScreen):
    """One year's dues; ``meeting_id`` when opened from a meeting (payments say where they
    were collected)."""

    CSS_PATH = "books.tcss"
    BINDINGS = [
        Binding("p", "pay", "key.dues_pay", id="dues.pay"),
        Binding("b", "basis", "key.dues_basis", id="dues.basis"),
        Binding("g", "reduce", "key.dues_reduce", id="dues.reduce"),
        Binding("l", "excuse", "key.dues_excuse", id="dues.excuse"),
        Binding("n", "remit", "key.dues_remit", id="dues.remit"),
        Binding("x", "withdraw", "key.dues_withdraw", id="dues.withdraw"),
        Binding("r", "rates", "key.dues_rates", id="dues.rates", show=False),
        Binding("w", "save", "key.save_file", id="dues.save"),
        Binding("left_square_bracket", "year(-1)", "key.year_before", id="dues.year_before", show=False),
        Binding("right_square_bracket", "year(1)", "key.year_after", id="dues.year_after", show=False),
        Binding("escape", "back", "key.back", id="dues.back"),
    ]

    def __init__(self, year: int, meeting_id: str = "") -> None:
        super().__init__()
        self.year = year
        self.meeting_id = meeting_id
        self.ledger: DuesLedger | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="dues-head", classes="book-head")
        yield DataTable(id="dues-members", cursor_type="row", zebra_stripes=True)
        yield Static(id="dues-detail", classes="book-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#dues-members", DataTable)
        table.add_column(t("dues.col.name"), key="name", width=24)
        table.add_column(t("dues.col.monthly"), key="monthly", width=10)
        for month in range(1, 13):
            table.add_column(str(month), key=f"m{month}", width=2)
        table.add_column(t("dues.col.owed"), key="owed", width=4)
        table.add_column(t("dues.col.note"), key="note")
        self.reload()
        table.focus()

    # -- display ------------------------------------------------------------------------
    def reload(self) -> None:
        try:
            self.ledger = ledger = self.mt_app.cells.dues().ledger(self.year)
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.sub_title = t("dues.title", year=self.year)
        table = self.query_one("#dues-members", DataTable)
        row = table.cursor_row
        table.clear()
        for member in ledger.members:
            marks = [Text(MARKS[c.status][0], style=MARKS[c.status][1]) for c in member.months]
            note = ""
            if member.flag == "removal":
                note = t("dues.flag_removal")
            elif member.flag == "warn":
                note = t("dues.flag_warn")
            table.add_row(
                lit(member.name),
                lit(self._monthly(member)),
                *marks,
                Text(str(member.unpaid) if member.unpaid else "", style="bold red"),
                Text(note, style="bold"),
                key=member.member,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._head(ledger)
        self._detail()

    @staticmethod
    def _monthly(member: MemberDues) -> str:
        if member.monthly is None:
            return "…"
        return grouped(member.monthly) if member.monthly else t("dues.exempt_short")

    def _head(self, ledger: DuesLedger) -> None:
        head = Text(end="")
        if ledger.rates is not None:
            head.append(ledger.rates.title, style="bold")
        today = ledger.today_month
        if today[:4] == f"{self.year:04d}":
            total = ledger.months[int(today[5:]) - 1]
            sent = total.remittance
            head.append(
                "\n"
                + t(
                    "dues.month_line",
                    month=int(today[5:]),
                    collected=money(total.collected),
                    expected=money(total.expected),
                    upward=money(total.upward),
                    remitted=t("dues.remitted_on", amount=money(sent.amount), on=short_date(sent.on))
                    if sent
                    else t("dues.not_remitted"),
                )
            )
        removal = ledger.flagged("removal")
        if removal:
            head.append(
                "\n⚠ " + t("dues.removal_line", names=", ".join(m.name for m in removal)), style="bold"
            )
        head.append("\n" + t("dues.legend"), style="dim")
        self.query_one("#dues-head", Static).update(head)

    def _selected(self) -> MemberDues | None:
        key = self.selected_key("#dues-members")
        if key is None or self.ledger is None:
            return None
        return next((m for m in self.ledger.members if m.member == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def _detail(self) -> None:
        row = self._selected()
        box = self.query_one("#dues-detail", Static)
        if row is None or self.ledger is None:
            box.update("")
            return
        lines = [row.name]
        basis = row.basis
        rates = self.ledger.rates
        if basis is None:
            lines.append(t("dues.no_basis"))
        elif basis.basis == EXEMPT:
            reason = rates.exemptions.get(basis.exempt, basis.exempt) if rates else basis.exempt
            lines.append(t("dues.exempt_from", reason=reason, month=month_input(basis.start)))
        else:
            rule = rates.basis(basis.basis) if rates else None
            title = rule.title if rule else basis.basis
            base = f" · {money(basis.base)}" if basis.base else ""
            lines.append(t("dues.basis_line", basis=title, base=base, month=month_input(basis.start)))
        for reduction in self.ledger.reductions:
            if reduction.member == row.member and not reduction.withdrawn:
                lines.append(
                    t(
                        "dues.reduction_line",
                        percent=reduction.percent,
                        start=month_input(reduction.start),
                        end=month_input(reduction.end),
                        reason=reduction.reason,
                    )
                )
        if row.unpaid_months:
            lines.append(
                "⚠ " + t("dues.unpaid_line", months=", ".join(str(int(m[5:])) for m in row.unpaid_months))
            )
        lines.append(t("dues.paid_total", amount=money(row.paid_total)))
        box.update(lit("\n".join(lines)))

    # -- actions ------------------------------------------------------------------------
    def action_year(self, step: int) -> None:
        self.year += step
        self.reload()

    def _today_month(self) -> str:
        return self.mt_app.cells.today()[:7]

    @work(exclusive=True, group="dialog")
    async def action_pay(self) -> None:
        row = self._selected()
        if row is None:
            return
        books = self.mt_app.cells.dues()
        owed = [m for m in row.unpaid_months] + [
            c.month for c in row.months if c.status == OPEN and c.month <= self._today_month()
        ]
        due = next((c.due for c in row.months if c.month in owed and c.due), row.monthly)
        year = self.year

        def parse(values: dict[str, str]) -> tuple[list[str], int | None, str]:
            months = parse_months(values["months"], year)
            amount = parse_amount(values["amount"], item=row.name) if values["amount"].strip() else None
            return months, amount, values["via"]

        values = await self.app.push_screen_wait(
            FormDialog(
                t("dues.pay_title", name=row.name),
                [
                    FormField(
                        "months",
                        t("dues.months"),
                        ", ".join(str(int(m[5:])) for m in sorted(owed)),
                        required=True,
                    ),
                    FormField(
                        "amount",
                        t("dues.amount"),
                        grouped(due) if due else "",
                        placeholder=t("dues.amount_hint"),
                    ),
                    FormField(
                        "via",
                        t("dues.via"),
                        "cash",
                        choices=((t("dues.via_cash"), "cash"), (t("dues.via_portal"), "portal")),
                    ),
                ],
                note=t("dues.pay_note"),
                parse=parse,
            )
        )
        if values is None:
            return
        months, amount, via = values
        try:
            books.pay(row.member, months, amount=amount, via=via, meeting=self.meeting_id)
        except AppError as exc:
            self.mt_app.report(exc)
        else:
            self.notify(
                t("dues.paid_toast", name=row.name, months=", ".join(str(int(m[5:])) for m in months)),
                markup=False,
            )
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_basis(self) -> None:
        row = self._selected()
        if row is None or self.ledger is None or self.ledger.rates is None:
            return
        rates = self.ledger.rates
        current = row.basis

        def parse(values: dict[str, str]) -> dict[str, object]:
            base = parse_amount(values["base"], item=row.name) if values["base"].strip() else 0
            return {**values, "base": base, "from": parse_month(values["from"])}

        bases = tuple((rule.title, key) for key, rule in rates.bases.items()) + (
            (t("dues.basis_exempt"), EXEMPT),
        )
        reasons = (
            ("—", ""),
            *((title, key) for key, title in rates.exemptions.items() if key != "party_age"),
        )
        values = await self.app.push_screen_wait(
            FormDialog(
                t("dues.basis_title", name=row.name),
                [
                    FormField(
                        "basis", t("dues.basis"), current.basis if current else "salary", choices=bases
                    ),
                    FormField(
                        "base",
                        t("dues.base"),
                        grouped(current.base) if current and current.base else "",
                        placeholder=t("dues.base_hint"),
                    ),
                    FormField(
                        "exempt", t("dues.exemption"), current.exempt if current else "", choices=reasons
                    ),
                    FormField("from", t("dues.from"), month_input(self._today_month()), required=True),
                    FormField("note", t("dues.note")),
                ],
                note=t("dues.basis_note"),
                parse=parse,
            )
        )
        if values is None:
            return
        try:
            self.mt_app.cells.dues().set_basis(
                row.member,
                str(values["from"]),
                str(values["basis"]),
                base=values["base"],
                exempt=str(values["exempt"]),
                note=str(values["note"]),
            )
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_reduce(self) -> None:
        row = self._selected()
        if row is None or self.ledger is None or self.ledger.rates is None:
            return
        rates = self.ledger.rates

        def parse(values: dict[str, str]) -> dict[str, str]:
            return {**values, "from": parse_month(values["from"]), "to": parse_month(values["to"])}

        values = await self.app.push_screen_wait(
            FormDialog(
                t("dues.reduce_title", name=row.name),
                [
                    FormField(
                        "percent",
                        t("dues.percent"),
                        str(rates.reduction_percents[0]) if rates.reduction_percents else "",
                        choices=tuple((f"{p}%", str(p)) for p in rates.reduction_percents),
                    ),
                    FormField("from", t("dues.from"), month_input(self._today_month()), required=True),
                    FormField("to", t("dues.to"), required=True, placeholder=t("dues.month_hint")),
                    FormField("reason", t("dues.reason"), required=True),
                ],
                note=t("dues.reduce_note", months=rates.max_reduction_months),
                parse=parse,
            )
        )
        if values is None:
            return
        try:
            self.mt_app.cells.dues().reduce(
                row.member, int(values["percent"]), values["from"], values["to"], values["reason"]
            )
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_excuse(self) -> None:
        row = self._selected()
        if row is None:
            return
        first = row.unpaid_months[0] if row.unpaid_months else self._today_month()
        values = await self.app.push_screen_wait(
            FormDialog(
                t("dues.excuse_title", name=row.name),
                [
                    FormField("month", t("dues.month"), month_input(first), required=True),
                    FormField("reason", t("dues.reason"), required=True),
                ],
                parse=lambda v: {**v, "month": parse_month(v["month"])},
            )
        )
        if values is None:
            return
        try:
            self.mt_app.cells.dues().excuse(row.member, values["month"], values["reason"])
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_remit(self) -> None:
        ledger = self.ledger
        if ledger is None:
            return
        cells = self.mt_app.cells
        month = (
            self._today_month() if self._today_month()[:4] == f"{self.year:04d}" else f"{self.year:04d}-12"
        )
        total = ledger.months[int(month[5:]) - 1]

        def parse(values: dict[str, str]) -> dict[str, object]:
            label = values["month"]
            return {
                **values,
                "month": parse_month(values["month"]),
                "amount": parse_amount(values["amount"], item=label) if values["amount"].strip() else None,
                "on": parse_date(values["on"]),
            }

        values = await self.app.push_screen_wait(
            FormDialog(
                t("dues.remit_title"),
                [
                    FormField("month", t("dues.month"), month_input(month), required=True),
                    FormField(
                        "amount", t("dues.amount"), grouped(total.upward), placeholder=t("dues.remit_hint")
                    ),
                    FormField("on", t("dues.on"), short_date(cells.today()), required=True),
                    FormField("receipt", t("dues.receipt")),
                ],
                note=t("dues.remit_note", collected=money(total.collected), kept=money(total.kept)),
                parse=parse,
            )
        )
        if values is None:
            return
        try:
            cells.dues().remit(
                str(values["month"]),
                amount=values["amount"],
                on=str(values["on"]),
                receipt=str(values["receipt"]),
            )
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_withdraw(self) -> None:
        row = self._selected()
        if row is None:
            return
        paid = [c for c in row.months if c.payment is not None]
        if not paid:
            self.notify(t("dues.no_payment", name=row.name), markup=False)
            return
        payments = {c.month: c.payment for c in paid}
        values = await self.app.push_screen_wait(
            FormDialog(
                t("dues.withdraw_title", name=row.name),
                [
                    FormField(
                        "month",
                        t("dues.month"),
                        paid[-1].month,
                        choices=tuple(
                            (f"{month_input(c.month)} · {amount_text(c.paid)}", c.month) for c in paid
                        ),
                    ),
                    FormField("reason", t("dues.reason"), required=True),
                ],
            )
        )
        if values is None:
            return
        payment = payments[values["month"]]
        assert payment is not None
        try:
            self.mt_app.cells.dues().withdraw_payment(values["month"], payment.id, values["reason"])
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_rates(self) -> None:
        cells = self.mt_app.cells
        try:
            rates = cells.dues().rates()
        except AppError as exc:
            self.mt_app.report(exc)
            return
        values = await self.app.push_screen_wait(
            FormDialog(
                t("dues.rates_title"),
                [FormField("from", t("dues.from"), month_input(self._today_month()), required=True)],
                note=t("dues.rates_note", title=rates.title),
                parse=lambda v: {"from": parse_month(v["from"])},
            )
        )
        if values is None:
            return
        try:
            cells.dues().apply_rates(values["from"])
        except AppError as exc:
            self.mt_app.report(exc)
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        def parse(values: dict[str, str]) -> dict[str, str]:
            month = values["month"].strip()
            if month and (not month.isdigit() or not 1 <= int(month) <= 12):
                raise DomainError("error.month_invalid", value=month)
            return values

        chosen = await ask_path(
            self,
            t("dues.save_title", year=self.year),
            f"dang-phi-{self.year}",
            ("docx", "md", "csv"),
            extra=[FormField("month", t("dues.save_month"), placeholder=t("dues.save_month_hint"))],
            parse=parse,
        )
        if chosen is not None:
            fmt, path, values = chosen
            self._write(fmt, path, int(values["month"]) if values["month"].strip() else None)

    @work(thread=True, exclusive=True, group="document")
    def _write(self, fmt: str, path: Path, month: int | None) -> None:
        from ...export.dues_doc import build_dues_month, build_dues_year, dues_csv

        cells = self.mt_app.cells

        def make() -> bytes:
            ledger = cells.dues().ledger(self.year)
            cell, members, today = cells.cell(), cells.members(), cells.today()
            if fmt == "csv":
                return dues_csv(ledger, month, cell.utc_offset_hours).encode("utf-8-sig")
            if month is None:
                doc = build_dues_year(cell, members, ledger, today)
            else:
                doc = build_dues_month(cell, members, ledger, month, today)
            return render_docx(doc, now=cells.clock.now()) if fmt == "docx" else render_markdown(doc).encode()

        write_export(self, path, make)

    def action_back(self) -> None:
        self.app.pop_screen()
