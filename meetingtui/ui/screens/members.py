"""The cell's setup on first run, and the roster: add, edit, move between categories, retire."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.errors import DomainError
from ...domain.people import Category, Cell, Member, Role
from ...i18n import t
from ...roster_io import parse_date
from ...store.storage import StoreError
from ...text import fold
from ..base import BaseScreen
from ..fmt import lit
from .dialogs import FormDialog, FormField, dates_in


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
        Binding("escape", "back", "key.back", id="members.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="members-hint")
        yield DataTable(id="members", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = t("members.title")
        table = self.query_one("#members", DataTable)
        for key in ("name", "category", "role", "group", "joined", "note"):
            table.add_column(t(f"members.col.{key}"), key=key)
        self.query_one("#members-hint", Static).update(lit(t("members.hint")))
        self.reload()
        table.focus()

    def reload(self) -> None:
        table = self.query_one("#members", DataTable)
        row = table.cursor_row
        table.clear()
        for m in self.mt_app.repo.members():
            style = "dim" if not m.active else ""
            note = t("members.retired", on=m.retired_on) if m.retired_on else ""
            if m.history:
                last = m.history[-1]
                note = (note + " " if note else "") + t(
                    "members.changed", on=last.on, category=t(f"category.{last.category.value}")
                )
            table.add_row(
                lit(m.name, style),
                lit(t(f"category.{m.category.value}"), style),
                lit(t(f"role.{m.role.value or 'none'}") if m.role else "", style),
                lit(m.group, style),
                lit(m.joined, style),
                lit(note, style),
                key=m.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _selected(self) -> Member | None:
        table = self.query_one("#members", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        try:
            return self.mt_app.repo.member(str(row_key.value))
        except DomainError as exc:
            self.mt_app.report(exc)
            return None

    def _save(self, member: Member) -> None:
        try:
            self.mt_app.repo.save_member(member)
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return
        self.reload()

    def _member_form(self, title: str, member: Member | None) -> FormDialog:
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
                member.joined if member else "",
                placeholder=t("form.date_hint"),
            ),
        ]
        return FormDialog(title, fields, validator=dates_in("joined"))

    def _build(self, values: dict[str, str], base: Member | None) -> Member | None:
        try:
            return Member(
                id=base.id if base else "",
                name=values["name"],
                category=Category(values["category"]),
                role=Role(values["role"]),
                group=values["group"],
                joined=parse_date(values["joined"]),
                retired_on=base.retired_on if base else "",
                history=base.history if base else (),
            )
        except DomainError as exc:
            self.mt_app.report(exc)
            return None

    def _warn_shared_name(self, member: Member) -> None:
        same = [
            m for m in self.mt_app.repo.members() if fold(m.name) == fold(member.name) and m.id != member.id
        ]
        if same:
            self.notify(t("members.shared_name", name=member.name), severity="warning", markup=False)

    def action_add(self) -> None:
        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            member = self._build(values, None)
            if member is not None:
                self._warn_shared_name(member)
                self._save(member)

        self.app.push_screen(self._member_form(t("members.add_title"), None), callback=done)

    def action_edit(self) -> None:
        member = self._selected()
        if member is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            edited = self._build(values, member)
            if edited is None:
                return
            if edited.category is not member.category:
                edited = member.move_to(edited.category, self._today(), "")
                edited = Member(**{**edited.__dict__, "name": values["name"], "role": Role(values["role"])})
            self._save(edited)

        self.app.push_screen(
            self._member_form(t("members.edit_title", name=member.name), member), callback=done
        )

    def _today(self) -> str:
        from ...domain.people import local_today

        return local_today(self.mt_app.repo.cell(), self.mt_app.clock)

    def action_move(self) -> None:
        member = self._selected()
        if member is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                moved = member.move_to(Category(values["category"]), parse_date(values["on"]), values["note"])
            except DomainError as exc:
                self.mt_app.report(exc)
                return
            self._save(moved)

        form = FormDialog(
            t("members.move_title", name=member.name),
            [
                FormField(
                    "category", t("members.col.category"), member.category.value, choices=_category_choices()
                ),
                FormField("on", t("members.on"), self._today(), required=True),
                FormField("note", t("members.note"), placeholder=t("members.note_hint")),
            ],
            validator=dates_in("on"),
        )
        self.app.push_screen(form, callback=done)

    def action_retire(self) -> None:
        member = self._selected()
        if member is None or not member.active:
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                on = parse_date(values["on"])
            except DomainError as exc:
                self.mt_app.report(exc)
                return
            history = member.history or ()
            retired = Member(**{**member.__dict__, "retired_on": on, "history": history})
            self._save(retired)

        form = FormDialog(
            t("members.retire_title", name=member.name),
            [FormField("on", t("members.on"), self._today(), required=True)],
            note=t("members.retire_note"),
            validator=dates_in("on"),
        )
        self.app.push_screen(form, callback=done)

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
        yield Footer()

    def on_mount(self) -> None:
        self.ask()

    def ask(self) -> None:
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
            validator=dates_in("term_start"),
        )
        self.app.push_screen(form, callback=self.done)

    def done(self, values: dict[str, str] | None) -> None:
        if values is None:
            self.app.exit()
            return
        try:
            cell = Cell(
                name=values["name"],
                upper_body=values["upper_body"],
                place=values["place"],
                term_start=parse_date(values["term_start"]),
            )
            self.mt_app.repo.save_cell(cell)
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            self.ask()
            return
        self.mt_app.refresh_subtitle()
        self.notify(t("setup.saved"), markup=False)
        self.app.switch_screen(MembersScreen())
