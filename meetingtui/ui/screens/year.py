"""The year, a member's tasks, and study write-ups: read-mostly views of the cell's record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from ...domain.errors import DomainError
from ...domain.people import Study, local_today
from ...export.safe import write_new
from ...i18n import t
from ...roster_io import parse_date
from ...store.storage import StoreError
from ...task_sheet import member_task_sheet
from ...year import to_csv, to_markdown, year_summary
from ..base import BaseScreen
from ..fmt import lit
from .dialogs import ConfirmDialog, FormDialog, FormField, dates_in


class DocumentScreen(BaseScreen):
    """A Markdown view of a report with a key to save it as a file."""

    BINDINGS = [
        Binding("w", "save", "key.save_file", id="doc.save"),
        Binding("escape", "back", "key.back", id="doc.back"),
    ]

    def __init__(
        self, title: str, markdown: str, exports: dict[str, Callable[[], str]], default_name: str
    ) -> None:
        super().__init__()
        self.doc_title = title
        self.markdown = markdown
        self.exports = exports  # extension -> text
        self.default_name = default_name

    def compose(self) -> ComposeResult:
        yield Header()
        yield Markdown(self.markdown, id="doc")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.doc_title

    def action_save(self) -> None:
        choices = tuple((ext, ext) for ext in self.exports)

        def chosen(values: dict[str, str] | None) -> None:
            if values is None:
                return
            path = Path(values["path"]).expanduser()
            text = self.exports[values["format"]]()
            if path.suffix.lstrip(".") != values["format"]:
                path = path.with_suffix("." + values["format"])
            if path.exists():

                def overwrite(yes: bool | None) -> None:
                    if yes:
                        self._write(path, text)

                self.app.push_screen(ConfirmDialog(t("doc.overwrite", path=str(path))), callback=overwrite)
                return
            self._write(path, text)

        self.app.push_screen(
            FormDialog(
                t("doc.save_title"),
                [
                    FormField("format", t("doc.format"), choices=choices),
                    FormField("path", t("doc.path"), str(Path.cwd() / self.default_name), required=True),
                ],
            ),
            callback=chosen,
        )

    def _write(self, path: Path, text: str) -> bool:
        try:
            write_new(path, text.encode("utf-8"), overwrite=path.exists())  # owner-only, whole
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return False
        self.notify(t("cli.written", path=str(path)), markup=False)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()


def year_screen(app_repo: object, year: int) -> DocumentScreen:
    from ...store.repo import Repository

    assert isinstance(app_repo, Repository)
    summary = year_summary(app_repo, year)
    md = to_markdown(summary)
    return DocumentScreen(
        t("year.title", year=year),
        md,
        {"md": lambda: md, "csv": lambda: to_csv(summary)},
        f"nam-{year}",
    )


def tasks_screen(app_repo: object, member_id: str, today: str) -> DocumentScreen:
    from ...store.repo import Repository

    assert isinstance(app_repo, Repository)
    md = member_task_sheet(app_repo, member_id, today, "md")
    return DocumentScreen(
        t("tasks.title", name=app_repo.member(member_id).name),
        md,
        {"md": lambda: md, "txt": lambda: member_task_sheet(app_repo, member_id, today, "txt")},
        f"nhiem-vu-{member_id}",
    )


class StudyScreen(BaseScreen):
    """Study campaigns and who has handed in the write-up (bài thu hoạch)."""

    BINDINGS = [
        Binding("a", "add", "key.add_study", id="study.add"),
        Binding("space", "toggle_write_up", "key.toggle_write_up", id="study.toggle"),
        Binding("left,right", "switch", "key.switch_study", id="study.switch", show=False),
        Binding("escape", "back", "key.back", id="study.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0
        self.studies: list[Study] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="study-head")
        yield DataTable(id="study-members", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = t("study.title")
        table = self.query_one("#study-members", DataTable)
        table.add_column(t("members.col.name"), key="name", width=28)
        table.add_column(t("members.col.group"), key="group", width=12)
        table.add_column(t("study.col.status"), key="status")
        self.reload()
        table.focus()

    def reload(self) -> None:
        repo = self.mt_app.repo
        try:
            self.studies = repo.studies()
            members = [m for m in repo.members() if m.active]
        except (StoreError, DomainError) as exc:
            self.mt_app.report(exc)
            return
        head = self.query_one("#study-head", Static)
        table = self.query_one("#study-members", DataTable)
        row = table.cursor_row
        table.clear()
        if not self.studies:
            head.update(lit(t("study.none")))
            return
        self.index = min(self.index, len(self.studies) - 1)
        study = self.studies[self.index]
        deadline = date.fromisoformat(study.deadline).strftime("%d/%m/%Y")
        head.update(
            lit(
                t(
                    "study.head",
                    n=self.index + 1,
                    total=len(self.studies),
                    title=study.title,
                    deadline=deadline,
                    done=len(study.submitted),
                    members=len(members),
                )
            )
        )
        for m in members:
            handed = study.submitted.get(m.id)
            status = (
                t("study.handed_in", on=date.fromisoformat(handed).strftime("%d/%m/%Y"))
                if handed
                else t("study.missing")
            )
            table.add_row(lit(m.name), lit(m.group), lit(status), key=m.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def action_switch(self) -> None:
        if self.studies:
            self.index = (self.index + 1) % len(self.studies)
            self.reload()

    def action_add(self) -> None:
        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                self.mt_app.repo.save_study(
                    Study(id="", title=values["title"], deadline=parse_date(values["deadline"]))
                )
            except (DomainError, StoreError) as exc:
                self.mt_app.report(exc)
                return
            self.index = 0
            self.reload()

        self.app.push_screen(
            FormDialog(
                t("study.add_title"),
                [
                    FormField("title", t("study.name"), placeholder=t("study.name_hint"), required=True),
                    FormField(
                        "deadline", t("study.deadline"), placeholder=t("form.date_hint"), required=True
                    ),
                ],
                validator=dates_in("deadline"),
            ),
            callback=done,
        )

    def action_toggle_write_up(self) -> None:
        if not self.studies:
            return
        table = self.query_one("#study-members", DataTable)
        if table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        study = self.studies[self.index]
        member = str(row_key.value)
        try:
            today = local_today(self.mt_app.repo.cell(), self.mt_app.clock)
            self.mt_app.repo.mark_write_up(study.id, member, today, handed_in=member not in study.submitted)
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return
        self.reload()
        table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

    def action_back(self) -> None:
        self.app.pop_screen()
