"""The cell's setup on first run, and the roster: add, edit, move between categories, retire."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...domain.dates import short_date
from ...domain.errors import AppError
from ...domain.people import Category, Member, Role
from ...i18n import t
from ..base import BaseScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField, dates_in
from ..fmt import lit
from ..widgets import KeyFooter


def _category_choices() -> tuple[tuple[str, str], ...]:
    return tuple((t(f"category.{c.value}"), c.value) for c in Category)


def _role_choices() -> tuple[tuple[str, str], ...]:
    return tuple((t(f"role.{r.value or 'none'}"), r.value) for r in Role)


class MembersScreen(BaseScreen):
    BINDINGS = [
        Binding("a", "add", "key.add", id="members.add"),
        Binding("e", "edit", "key.edit", id="members.edit"),
        Binding("m", "move", "key.move", id="members.move"),
        Binding("x", "retire", "key.retire", id="members.retire"),
        Binding("h", "history", "key.member_history", id="members.history"),
        Binding("c", "cell", "key.cell_settings", id="members.cell"),
        Binding("i", "import_csv", "key.import_csv", id="members.import_csv"),
        Binding("escape", "back", "key.back", id="members.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="members-hint")
        yield DataTable(id="members", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def __init__(self, *, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run

    def on_mount(self) -> None:
        self.sub_title = t("members.title")
        table = self.query_one("#members", DataTable)
        for key in ("name", "category", "role", "group", "joined", "note"):
            table.add_column(t(f"members.col.{key}"), key=key)
        hint = t("members.first_run_hint") if self.first_run else t("members.hint")
        self.query_one("#members-hint", Static).update(lit(hint))
        self.reload()
        table.focus()

    def reload(self) -> None:
        table = self.query_one("#members", DataTable)
        row = table.cursor_row
        table.clear()
        for m in self.mt_app.cells.members():
            style = "dim" if not m.active else ""
            note = t("members.retired", on=short_date(m.retired_on)) if m.retired_on else ""
            if m.history:
                last = m.history[-1]
                note = (note + " " if note else "") + t(
                    "members.changed", on=short_date(last.on), category=t(f"category.{last.category.value}")
                )
            table.add_row(
                lit(m.name, style),
                lit(t(f"category.{m.category.value}"), style),
                lit(t(f"role.{m.role.value or 'none'}") if m.role else "", style),
                lit(m.group, style),
                lit(short_date(m.joined, ""), style),
                lit(note, style),
                key=m.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _selected(self) -> Member | None:
        member_id = self.selected_key("#members")
        if member_id is None:
            return None
        try:
            return self.mt_app.cells.member(member_id)
        except AppError as exc:
            self.mt_app.report(exc)
            return None

    def _member_form(self, title: str, member: Member | None) -> FormDialog[dict[str, str]]:
        fields = [
            FormField("name", t("members.col.name"), member.name if member else "", required=True),
            FormField(
                "category",
                t("members.col.category"),
                member.category.value if member else "official",
                choices=_category_choices(),
            ),
            FormField(
                "role", t("members.col.role"), member.role.value if member else "", choices=_role_choices()
            ),
            FormField("group", t("members.col.group"), member.group if member else ""),
            FormField(
                "joined",
                t("members.col.joined"),
                short_date(member.joined, "") if member else "",
                placeholder=t("form.date_hint"),
            ),
        ]
        return FormDialog(title, fields, parse=dates_in("joined"))

    def _saved(self, member: Member) -> None:
        if self.mt_app.cells.shares_name(member):
            self.notify(t("members.shared_name", name=member.name), severity="warning", markup=False)
        self.reload()

    async def _asked(
        self, member_id: str, role: str, category: str = "", on: str = "", member: Member | None = None
    ) -> bool:
        """Whether the change may be saved: each rule it breaks is asked about, with the reason."""
        try:
            asks = self.mt_app.cells.roster_questions(
                member_id, role=role, category=category, on=on, member=member
            )
        except AppError as exc:
            self.mt_app.report(exc)
            return False
        for ask in asks:
            params = {**ask.params}
            if "since" in params:
                params["since"] = short_date(str(params["since"]))
            if not await self.app.push_screen_wait(ConfirmDialog(t(ask.key, **params))):
                return False
        return True

    @work(exclusive=True, group="dialog")
    async def action_add(self) -> None:
        values = await self.app.push_screen_wait(self._member_form(t("members.add_title"), None))
        if values is None:
            return
        if not await self._asked("", values["role"]):
            return
        try:
            member = self.mt_app.cells.add_member(
                values["name"], values["category"], values["role"], values["group"], values["joined"]
            )
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self._saved(member)

    @work(exclusive=True, group="dialog")
    async def action_edit(self) -> None:
        member = self._selected()
        if member is None:
            return
        values = await self.app.push_screen_wait(
            self._member_form(t("members.edit_title", name=member.name), member)
        )
        if values is None:
            return
        if not await self._asked(member.id, values["role"], values["category"], member=member):
            return
        try:
            self.mt_app.cells.edit_member(
                member.id,
                name=values["name"],
                category=values["category"],
                role=values["role"],
                group=values["group"],
                joined=values["joined"],
            )
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_move(self) -> None:
        member = self._selected()
        if member is None:
            return
        form = FormDialog(
            t("members.move_title", name=member.name),
            [
                FormField(
                    "category", t("members.col.category"), member.category.value, choices=_category_choices()
                ),
                FormField("on", t("members.on"), short_date(self.mt_app.cells.today()), required=True),
                FormField("note", t("members.note"), placeholder=t("members.note_hint")),
            ],
            parse=dates_in("on"),
        )
        values = await self.app.push_screen_wait(form)
        if values is None:
            return
        if not await self._asked(member.id, member.role.value, values["category"], values["on"], member):
            return
        try:
            self.mt_app.cells.move_member(member.id, values["category"], values["on"], values["note"])
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_retire(self) -> None:
        member = self._selected()
        if member is None or not member.active:
            return
        form = FormDialog(
            t("members.retire_title", name=member.name),
            [FormField("on", t("members.on"), short_date(self.mt_app.cells.today()), required=True)],
            note=t("members.retire_note"),
            parse=dates_in("on"),
        )
        values = await self.app.push_screen_wait(form)
        if values is None:
            return
        try:
            self.mt_app.cells.retire_member(member.id, values["on"])
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.reload()

    @work(exclusive=True, group="dialog")
    async def action_cell(self) -> None:
        """The cell's names (from a date: documents dated before keep the old ones), place,
        usual meeting day and MẬT mark."""
        cell = self.mt_app.cells.cell()
        history = "; ".join(
            t(
                "cell.names_from",
                on=short_date(e.on) if e.on else t("cell.names_first"),
                name=e.name,
                upper_body=e.upper_body,
            )
            for e in cell.names
        )
        yes_no = ((t("cell.secret_no"), "no"), (t("cell.secret_yes"), "yes"))
        form = FormDialog(
            t("cell.title"),
            [
                FormField("name", t("setup.name"), cell.name, required=True),
                FormField("upper_body", t("setup.upper_body"), cell.upper_body, required=True),
                FormField("on", t("cell.names_on"), placeholder=t("cell.names_on_hint")),
                FormField("place", t("setup.place"), cell.place),
                FormField("meeting_day", t("cell.meeting_day"), str(cell.meeting_day), integer=True),
                FormField("secret", t("cell.secret"), "yes" if cell.secret else "no", choices=yes_no),
            ],
            note=t("cell.names_note", history=history or t("cell.names_none")),
            parse=dates_in("on"),
        )
        values = await self.app.push_screen_wait(form)
        if values is None:
            return
        try:
            self.mt_app.cells.change_cell(
                on=values["on"],
                name=values["name"],
                upper_body=values["upper_body"],
                place=values["place"],
                meeting_day=int(values["meeting_day"] or cell.meeting_day),
                secret=values["secret"] == "yes",
            )
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.mt_app.refresh_subtitle()
        self.notify(t("cell.saved"), markup=False)

    @work(exclusive=True, group="dialog")
    async def action_import_csv(self) -> None:
        """Members from a CSV file (the columns are in the README; Vietnamese headers too).
        Every row is checked first: one bad row and nothing is added, with the line named."""
        from pathlib import Path

        from ...interchange.roster_csv import ImportRefused, merge_key, read_members

        values = await self.app.push_screen_wait(
            FormDialog(
                t("members.import_title"),
                [FormField("path", t("members.import_path"), placeholder="~/danh-sach.csv", required=True)],
                note=t("members.import_note"),
            )
        )
        if values is None:
            return
        cells = self.mt_app.cells
        try:
            members, shared = read_members(Path(values["path"]).expanduser())
            existing = {merge_key(m) for m in cells.members()}
            new = [m for m in members if merge_key(m) not in existing]
            cells.add_members(new)
        except ImportRefused as exc:
            lines = "\n".join(
                f"{t('members.import_line', line=e.line)}: {t(e.key, value=e.value)}" for e in exc.errors[:6]
            )
            self.notify(
                t("members.import_refused", count=len(exc.errors), lines=lines),
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.notify(t("members.imported", count=len(new), skipped=len(members) - len(new)), markup=False)
        for name in shared:
            self.notify(t("members.shared_name", name=name), severity="warning", markup=False)
        self.reload()

    def action_history(self) -> None:
        from .member_page import MemberPage

        member = self._selected()
        if member is not None:
            self.app.push_screen(MemberPage(member.id))

    def action_back(self) -> None:
        self.app.pop_screen()


class SetupScreen(BaseScreen):
    """First run on an empty data folder: the cell's name, upper body and place."""

    BINDINGS = [Binding("escape", "app.quit", "key.quit", id="setup.quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(lit(t("setup.welcome")), id="setup-welcome")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.ask()

    @work(exclusive=True, group="setup")
    async def ask(self) -> None:
        while True:
            form = FormDialog(
                t("setup.title"),
                [
                    FormField("name", t("setup.name"), placeholder="Chi bộ Ban Dân tộc", required=True),
                    FormField(
                        "upper_body",
                        t("setup.upper_body"),
                        placeholder="Đảng bộ Khối Cơ quan tỉnh",
                        required=True,
                    ),
                    FormField("place", t("setup.place"), placeholder="Lào Cai", required=True),
                    FormField("term_start", t("setup.term_start"), placeholder=t("form.date_hint")),
                ],
                parse=dates_in("term_start"),
            )
            values = await self.app.push_screen_wait(form)
            if values is None:
                self.app.exit()
                return
            try:
                self.mt_app.cells.set_up(
                    values["name"], values["upper_body"], values["place"], values["term_start"]
                )
            except AppError as exc:
                self.mt_app.report(exc)
                continue
            break
        self.mt_app.refresh_subtitle()
        self.notify(t("setup.saved"), markup=False)
        self.app.switch_screen(MembersScreen(first_run=True))
