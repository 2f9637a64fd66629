"""The year, a member's tasks, and study write-ups: read-mostly views of the cell's record."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.cells import cell_len
from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static

from ...domain.dates import short_date
from ...domain.errors import AppError
from ...domain.people import Study
from ...export.task_sheet import member_task_sheet
from ...export.year import to_csv, to_markdown
from ...i18n import t
from ...services.files import write_new
from ..base import BaseScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField, dates_in
from ..fmt import lit
from ..widgets import KeyFooter

Part = str | tuple[list[str], list[list[str]]]  # Markdown text, or a table's headers and rows


def split_tables(markdown: str) -> list[Part]:
    """The report cut into its Markdown text and its tables (headers and rows as plain text,
    as Markdown reads them: escapes undone, entities decoded, emphasis marks dropped)."""
    tokens = _parser().parse(markdown)
    lines = markdown.splitlines(keepends=True)
    parts: list[Part] = []
    done = 0  # the first line not yet in a part
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "table_open" or token.map is None:
            index += 1
            continue
        first, last = token.map
        if "".join(lines[done:first]).strip():
            parts.append("".join(lines[done:first]))
        headers: list[str] = []
        rows: list[list[str]] = []
        in_head = False
        while tokens[index].type != "table_close":
            kind = tokens[index].type
            if kind in ("thead_open", "thead_close"):
                in_head = kind == "thead_open"
            elif kind == "tr_open" and not in_head:
                rows.append([])
            elif kind == "inline":
                (headers if in_head else rows[-1]).append(_plain(tokens[index]))
            index += 1
        parts.append((headers, rows))
        done = last
        index += 1
    if "".join(lines[done:]).strip():
        parts.append("".join(lines[done:]))
    return parts


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt().enable("strikethrough").enable("table")  # as Rich's Markdown reads it


def _plain(inline: Token) -> str:
    out = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


class ReportView(ScrollableContainer):
    """A report: its text drawn by Rich's Markdown, each table by a DataTable.

    Textual's Markdown widget makes a widget of every block, and of every cell of a table (and
    of every row while it reads one), and lays the cells out in a grid: the year's speaking
    table, a row per member (200 at a large cell), kept the year screen seconds from opening.
    Here each stretch of text is one Static and each table one DataTable, which draws only
    the rows in view. The cells' text is shown as it reads, never as markup; the tables take
    no focus, the report does: the arrows and the page keys scroll it (a table wider than the
    screen scrolls it sideways, never hides a column).
    """

    DEFAULT_CSS = """
    ReportView > .report-text { padding: 1 2 0 2; }
    ReportView > DataTable { height: auto; max-height: initial; max-width: initial; margin: 1 2 0 2; }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = text

    def compose(self) -> ComposeResult:
        yield Static(self._initial, markup=False, classes="report-text")

    async def update(self, markdown: str) -> None:
        widgets: list[Widget] = []
        for part in split_tables(markdown):
            if isinstance(part, str):
                widgets.append(Static(RichMarkdown(part), classes="report-text"))
                continue
            headers, rows = part
            table: DataTable[Text] = DataTable(show_cursor=False, zebra_stripes=True, cursor_type="none")
            table.can_focus = False
            for header in headers:
                table.add_column(Text(header, style="bold"))
            table.add_rows([Text(cell) for cell in row] for row in rows)
            # As wide as its columns, however narrow the screen: the report scrolls sideways
            # (a table's width of "auto" stops at the screen's edge and cuts its last columns).
            widths = [cell_len(h) for h in headers]
            for row in rows:
                widths = [max(w, cell_len(cell)) for w, cell in zip(widths, row, strict=False)]
            table.styles.width = sum(widths) + 2 * table.cell_padding * len(widths)
            widgets.append(table)
        with self.app.batch_update():
            await self.remove_children()
            await self.mount_all(widgets)


class DocumentScreen(BaseScreen):
    """A Markdown view of a report with a key to save it as a file.

    The report is made in a worker thread (``make``: reading ten years of meetings takes a
    moment); the screen shows that it is being made meanwhile. ``make`` returns the Markdown
    to show and, for each file format it can be saved in, the text of that file.
    """

    BINDINGS = [
        Binding("w", "save", "key.save_file", id="doc.save"),
        Binding("escape", "back", "key.back", id="doc.back"),
    ]

    def __init__(self, title: str, default_name: str) -> None:
        super().__init__()
        self.doc_title = title
        self.default_name = default_name
        self.exports: dict[str, Callable[[], str]] = {}  # extension -> text, once made

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReportView(t("doc.loading"), id="doc")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = self.shown_title()
        self.load()

    def shown_title(self) -> str:
        """The header's title (a screen sets it here, not in an ``on_mount`` of its own: Textual
        runs each class's handler, so both ran, the report was made twice and the title lost)."""
        return self.doc_title

    def make(self) -> tuple[str, dict[str, Callable[[], str]]]:
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="document")
    def load(self) -> None:
        try:
            markdown, exports = self.make()
        except AppError as exc:
            self.app.call_from_thread(self.mt_app.report, exc)
            return
        self.app.call_from_thread(self._show, markdown, exports)

    def _show(self, markdown: str, exports: dict[str, Callable[[], str]]) -> None:
        self.call_later(self._put, markdown, exports)

    async def _put(self, markdown: str, exports: dict[str, Callable[[], str]]) -> None:
        view = self.query_one("#doc", ReportView)
        await view.update(markdown)
        view.focus()
        self.exports = exports  # shown: it can be saved

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        if not self.exports:
            return
        choices = tuple((ext, ext) for ext in self.exports)
        values = await self.app.push_screen_wait(
            FormDialog(
                t("doc.save_title"),
                [
                    FormField("format", t("doc.format"), choices=choices),
                    FormField("path", t("doc.path"), str(Path.cwd() / self.default_name), required=True),
                ],
            )
        )
        if values is None:
            return
        path = Path(values["path"]).expanduser()
        if path.suffix.lstrip(".") != values["format"]:
            path = path.with_suffix("." + values["format"])
        if path.exists() and not await self.app.push_screen_wait(
            ConfirmDialog(t("doc.overwrite", path=str(path)), yes=t("confirm.overwrite"))
        ):
            return
        try:
            write_new(path, self.exports[values["format"]]().encode("utf-8"), overwrite=path.exists())
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.notify(t("cli.written", path=str(path)), markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()


class YearScreen(DocumentScreen):
    """The cell's year (the same report as ``meetingtui year``)."""

    def __init__(self, year: int) -> None:
        super().__init__(t("year.title", year=year), f"nam-{year}")
        self.year = year

    def make(self) -> tuple[str, dict[str, Callable[[], str]]]:
        summary = self.mt_app.cells.year(self.year)
        md = to_markdown(summary)
        return md, {"md": lambda: md, "csv": lambda: to_csv(summary)}


class TasksScreen(DocumentScreen):
    """A member's open tasks, to print or send (the same sheet as ``meetingtui tasks``)."""

    def __init__(self, member_id: str) -> None:
        super().__init__(t("tasks.title", name=member_id), f"nhiem-vu-{member_id}")
        self.member_id = member_id

    def shown_title(self) -> str:
        try:
            return t("tasks.title", name=self.mt_app.cells.member(self.member_id).name)
        except AppError as exc:
            self.mt_app.report(exc)
            return self.doc_title

    def make(self) -> tuple[str, dict[str, Callable[[], str]]]:
        cells = self.mt_app.cells
        cell, member, today = cells.cell(), cells.member(self.member_id), cells.today()
        tasks = cells.member_tasks(self.member_id)
        md = member_task_sheet(cell, member, tasks, today, "md")
        return md, {"md": lambda: md, "txt": lambda: member_task_sheet(cell, member, tasks, today, "txt")}


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
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("study.title")
        table = self.query_one("#study-members", DataTable)
        table.add_column(t("members.col.name"), key="name", width=28)
        table.add_column(t("members.col.group"), key="group", width=12)
        table.add_column(t("study.col.status"), key="status")
        self.reload()
        table.focus()

    def reload(self) -> None:
        cells = self.mt_app.cells
        try:
            self.studies = cells.studies()
            members = cells.members(include_retired=False)
        except AppError as exc:
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
        deadline = short_date(study.deadline)
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
            status = t("study.handed_in", on=short_date(handed)) if handed else t("study.missing")
            table.add_row(lit(m.name), lit(m.group), lit(status), key=m.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def action_switch(self) -> None:
        if self.studies:
            self.index = (self.index + 1) % len(self.studies)
            self.reload()

    @work(exclusive=True, group="dialog")
    async def action_add(self) -> None:
        values = await self.app.push_screen_wait(
            FormDialog(
                t("study.add_title"),
                [
                    FormField("title", t("study.name"), placeholder=t("study.name_hint"), required=True),
                    FormField(
                        "deadline", t("study.deadline"), placeholder=t("form.date_hint"), required=True
                    ),
                ],
                parse=dates_in("deadline"),
            )
        )
        if values is None:
            return
        try:
            self.mt_app.cells.add_study(values["title"], values["deadline"])
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.index = 0
        self.reload()

    def action_toggle_write_up(self) -> None:
        member = self.selected_key("#study-members")
        if not self.studies or member is None:
            return
        try:
            self.mt_app.cells.toggle_write_up(self.studies[self.index].id, member)
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.reload()
        table = self.query_one("#study-members", DataTable)
        table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

    def action_back(self) -> None:
        self.app.pop_screen()
