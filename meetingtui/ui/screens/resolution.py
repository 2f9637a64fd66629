"""The resolution editor: open at any stage; drafts, warns, adopts by vote, exports.

Section I is drafted from the record (last month's results, the chair's assessment,
commendations and reminders) until the chair writes it by hand (``i``); ``o`` edits
Section III, ``n`` the recipients, ``m`` the type (resolution or conclusion), month, summary
and signer, ``w`` discards the draft. Section II is the
task list: ``a`` adds a task, Enter or ``c`` edits it, ``f`` takes a follow-up task from the
criticism entries. ``b`` takes (or links) the vote that adopts the draft; the document is
numbered then. ``e`` exports the resolution, the minutes or the archive, asking before it
overwrites a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Static

from ...domain.agenda import MeetingType
from ...domain.dates import month_input, parse_date, parse_month, short_date
from ...domain.errors import AppError, DomainError
from ...domain.people import BODY, CELL, COMMITTEE, Role
from ...domain.resolution import (
    DOC_TITLES,
    PriorTask,
    adoption_vote,
    adopts,
    assessment_of,
    is_adopted,
    member_vote,
    number_label,
    offered_follow_ups,
)
from ...domain.state import MeetingState, Task, Vote
from ...export.context import DocContext
from ...export.model import notice_text
from ...export.resolution_doc import default_organisation, default_recipients, default_summary
from ...export.vn import owner_text
from ...i18n import t
from ...services.exports import ExportResult, export_meeting, target_path
from ..base import MeetingScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField, MemberPicker, TextDialog
from ..dialogs.vote import VoteDialog, vote_result_text
from ..fmt import lit
from ..widgets import KeyFooter

EDIT_ACTIONS = {
    "add_task",
    "edit_task",
    "remove_task",
    "move_task",
    "follow_ups",
    "assessment",
    "organisation",
    "details",
    "recipients",
    "adopt",
    "discard",
}


class ResolutionScreen(MeetingScreen):
    CSS_PATH = "resolution.tcss"
    BINDINGS = [
        Binding("a", "add_task", "key.res_add_task", id="res.add_task"),
        Binding("c", "edit_task", "key.edit", id="res.edit_task"),
        Binding("x", "remove_task", "key.res_remove_task", id="res.remove_task"),
        Binding("shift+up", "move_task(-1)", "key.move_up", id="res.move_up", show=False),
        Binding("shift+down", "move_task(1)", "key.move_down", id="res.move_down", show=False),
        Binding("f", "follow_ups", "key.res_follow_ups", id="res.follow_ups"),
        Binding("b", "adopt", "key.res_adopt", id="res.adopt"),
        Binding("e", "export", "key.res_export", id="res.export"),
        Binding("i", "assessment", "key.res_assessment", id="res.assessment"),
        Binding("m", "details", "key.res_details", id="res.details"),
        Binding("o", "organisation", "key.res_organisation", id="res.organisation", show=False),
        Binding("n", "recipients", "key.res_recipients", id="res.recipients", show=False),
        Binding("w", "discard", "key.res_discard", id="res.discard", show=False),
        Binding("escape", "back", "key.back", id="res.back"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self.earlier: list[PriorTask] | None = None  # the cell's earlier tasks, read once

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="res-head")
        with Horizontal(id="res-body"):
            yield DataTable(id="res-tasks", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="res-side"):
                yield Static(id="res-detail")
                yield Static(id="res-sections")
        yield Static(id="res-warnings")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#res-tasks", DataTable)
        self._content_width = 0
        self._build_columns(self.size.width)
        self.connect()
        table.focus()

    def _build_columns(self, screen_width: int) -> None:
        """The task table takes three fifths of the screen; the content column what is left."""
        panel = screen_width * 3 // 5
        owner = 18 if panel >= 70 else 10
        content = max(10, panel - 2 - owner - 10 - 2 - 10 - 2)  # #, owner, deadline, flag, padding, scrollbar
        if content == self._content_width:
            return
        self._content_width = content
        table = self.query_one("#res-tasks", DataTable)
        table.clear(columns=True)
        table.add_column("#", key="n", width=2)
        table.add_column(t("res.col.content"), key="content", width=content)
        table.add_column(t("res.col.owner"), key="owner", width=owner)
        table.add_column(t("res.col.deadline"), key="deadline", width=10)
        table.add_column("⚠", key="flags", width=2)

    def on_resize(self, event: events.Resize) -> None:
        before = self._content_width
        self._build_columns(event.size.width)
        if self._content_width != before:
            self.state = self.state  # redraw the rows into the new columns

    # -- state -------------------------------------------------------------------------

    def selected(self) -> tuple[int, Task] | None:
        state = self.state
        if state is None:
            return None
        tasks = state.resolution.tasks
        row = self.query_one("#res-tasks", DataTable).cursor_row
        return (row, tasks[row]) if 0 <= row < len(tasks) else None

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        if self.earlier is None:
            try:
                self.earlier = self.mt_app.cells.earlier_tasks(state)
            except AppError as exc:
                self.mt_app.report(exc)
                self.earlier = []
        res = state.resolution
        self.sub_title = f"{t('res.title')} · {state.title} · {short_date(state.date)}"
        vote = adoption_vote(state)
        status = t("res.status_adopted", result=vote_result_text(vote)) if vote else t("res.status_draft")
        head = Text(end="")
        head.append(f"{DOC_TITLES[res.kind].upper()} · Số {number_label(res.kind, res.number)}", style="bold")
        head.append(f" · {status}\n")
        head.append(res.summary or default_summary(state) or "…", style="italic")
        self.query_one("#res-head", Static).update(head)
        notices = self.mt_app.cells.vote_notices(state, self.earlier or [])
        flagged = {int(n.params["n"]) for n in notices if "n" in n.params}
        table = self.query_one("#res-tasks", DataTable)
        row = table.cursor_row
        table.clear()
        for i, task in enumerate(res.tasks, start=1):
            table.add_row(
                lit(i),
                lit(task.content.split("\n", 1)[0]),
                lit(owner_text(state, task.owner) if task.owner else "…"),
                lit(short_date(task.deadline) if task.deadline else "…"),
                Text("⚠", style="bold") if i in flagged else Text(""),
                key=task.id,
            )
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        self._show_detail()
        self._show_sections(state)
        box = self.query_one("#res-warnings", Static)
        lines = [f"⚠ {notice_text(n)}" for n in notices]
        if is_adopted(state):
            lines.insert(0, t("res.locked_hint"))
        elif not res.tasks:
            lines.append(t("res.no_tasks"))
        box.update(lit("\n".join(lines) or t("res.warnings_none")))
        box.set_class(bool(notices), "-active")
        self.refresh_bindings()

    def _show_detail(self) -> None:
        state, picked = self.state, self.selected()
        box = self.query_one("#res-detail", Static)
        if state is None or picked is None:
            box.update("")
            return
        i, task = picked
        text = Text(end="")
        text.append(f"{i + 1}. {task.content}\n", style="bold")
        for label, value in (
            ("res.f.requirement", task.requirement),
            ("res.f.measures", task.measures),
            ("res.f.owner", owner_text(state, task.owner) if task.owner else ""),
            ("res.f.deadline", short_date(task.deadline) if task.deadline else ""),
            ("res.f.report_at", month_input(task.report_at)),
        ):
            text.append(f"{t(label)}: ", style="dim")
            text.append((value or "…") + "\n")
        box.update(text)

    def _show_sections(self, state: MeetingState) -> None:
        res = state.resolution
        assessment, drafted = assessment_of(state)
        text = Text(end="")
        heading = "res.section1"
        if member_vote(state) is not None:  # the Party's form for an admission or a confirmation
            heading = "types.section1_member"
        elif state.type is MeetingType.THEMATIC:
            heading = "types.section1_thematic"
        elif state.type is MeetingType.EXTRAORDINARY and state.topic:
            heading = "types.section1_matter"
        text.append(t(heading) + (f" {t('res.section1_draft')}" if drafted else "") + "\n", style="bold")
        text.append(assessment + "\n\n")
        text.append(t("res.section3") + "\n", style="bold")
        text.append((res.organisation or default_organisation(res.kind)) + "\n")
        self.query_one("#res-sections", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.state is not None and not is_adopted(self.state):
            self.action_edit_task()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return action == "back"
        return not (action in EDIT_ACTIONS and is_adopted(state))

    # -- tasks -----------------------------------------------------------------------------
    def _owner_choices(self, state: MeetingState) -> tuple[tuple[str, str], ...]:
        people = [(m.name, m.id) for m in state.members()]
        return (
            (t("res.owner_none"), ""),
            (t("res.owner_committee"), COMMITTEE),
            (t("res.owner_cell"), CELL),
            *people,
        )

    def _task_form(self, state: MeetingState, title: str, task: Task | None) -> FormDialog[dict[str, str]]:
        res = state.resolution
        fields = [
            FormField("content", t("res.f.content"), task.content if task else "", required=True),
            FormField("requirement", t("res.f.requirement"), task.requirement if task else ""),
            FormField("measures", t("res.f.measures"), task.measures if task else ""),
            FormField(
                "owner",
                t("res.f.owner"),
                task.owner if task and not task.owner.startswith(BODY) else "",
                choices=self._owner_choices(state),
            ),
            FormField(
                "deadline",
                t("res.f.deadline"),
                short_date(task.deadline) if task and task.deadline else "",
                placeholder=t("form.date_hint"),
            ),
            FormField(
                "report_at",
                t("res.f.report_at"),
                month_input(task.report_at if task else res.period),
                placeholder="12/2026",
            ),
            # last, so a burst typed in the usual order (content … deadline) is never shifted
            FormField(
                "body",
                t("types.owner_body"),
                task.owner[len(BODY) :] if task and task.owner.startswith(BODY) else "",
                placeholder=t("types.owner_body_hint"),
            ),
        ]
        return FormDialog(title, fields, parse=_task_data)

    @work
    async def action_add_task(self) -> None:
        state = self.state
        if state is None:
            return
        values = await self.app.push_screen_wait(self._task_form(state, t("res.task_add_title"), None))
        if values is not None:
            data = {k: v for k, v in values.items() if k != "report_at" or v}
            if self.record("resolution_task_added", **data):
                table = self.query_one("#res-tasks", DataTable)
                table.move_cursor(row=table.row_count - 1)

    @work
    async def action_edit_task(self) -> None:
        state, picked = self.state, self.selected()
        if state is None or picked is None:
            return
        i, task = picked
        form = self._task_form(state, t("res.task_edit_title", n=i + 1), task)
        values = await self.app.push_screen_wait(form)
        if values is None:
            return
        changed = {k: v for k, v in values.items() if getattr(task, k) != v}
        if changed:
            self.record("resolution_task_changed", task=task.id, **changed)

    @work
    async def action_remove_task(self) -> None:
        picked = self.selected()
        if picked is None:
            return
        i, task = picked
        question = t("res.confirm_remove", n=i + 1, content=task.content)
        if await self.app.push_screen_wait(ConfirmDialog(question, yes=t("confirm.remove_task"))):
            self.record("resolution_task_removed", task=task.id)

    def action_move_task(self, step: int) -> None:
        picked = self.selected()
        if picked is None:
            return
        i, task = picked
        if self.record("resolution_task_moved", task=task.id, to=i + step):
            self.query_one("#res-tasks", DataTable).move_cursor(row=max(0, i + step))

    @work
    async def action_follow_ups(self) -> None:
        state = self.state
        if state is None:
            return
        offered = offered_follow_ups(state)
        if not offered:
            self.notify(t("res.no_follow_ups"), markup=False)
            return
        items = [
            (
                e.id,
                e.follow_up.content,
                f"{owner_text(state, e.follow_up.owner)} · {short_date(e.follow_up.deadline)}",
            )
            for e in offered
            if e.follow_up is not None
        ]
        entry_id = await self.app.push_screen_wait(MemberPicker(t("res.follow_ups_title"), items))
        if entry_id is None:
            return
        entry = next(e for e in offered if e.id == entry_id)
        assert entry.follow_up is not None
        fu = entry.follow_up
        if self.record(
            "resolution_task_added",
            content=fu.content,
            owner=fu.owner,
            deadline=fu.deadline,
            source=f"entry:{entry.id}",
        ):
            self.notify(t("res.follow_up_added", content=fu.content), markup=False)

    # -- sections and details -----------------------------------------------------------------
    @work
    async def action_assessment(self) -> None:
        state = self.state
        if state is None:
            return
        text, _drafted = assessment_of(state)
        new = await self.app.push_screen_wait(TextDialog(t("res.edit_assessment"), text))
        if new is not None:
            self.record("resolution_set", assessment=new)

    @work
    async def action_organisation(self) -> None:
        state = self.state
        if state is None:
            return
        res = state.resolution
        new = await self.app.push_screen_wait(
            TextDialog(t("res.edit_organisation"), res.organisation or default_organisation(res.kind))
        )
        if new is not None:
            self.record("resolution_set", organisation=new)

    @work
    async def action_recipients(self) -> None:
        state = self.state
        if state is None:
            return
        res = state.resolution
        ctx = DocContext(cell=self.mt_app.cells.cell(), state=state)
        new = await self.app.push_screen_wait(
            TextDialog(t("res.edit_recipients"), res.recipients or default_recipients(ctx))
        )
        if new is not None:
            self.record("resolution_set", recipients=new)

    @work
    async def action_details(self) -> None:
        state = self.state
        if state is None:
            return
        res = state.resolution
        signers = [(m.name, m.id) for m in state.members() if m.role in (Role.SECRETARY, Role.DEPUTY)]
        fields = [
            FormField(
                "kind",
                t("res.f.kind"),
                res.kind.value,
                choices=((t("res.kind_resolution"), "NQ"), (t("res.kind_conclusion"), "KL")),
            ),
            FormField("period", t("res.f.period"), month_input(res.period), placeholder="12/2026"),
            FormField("summary", t("res.f.summary"), res.summary, placeholder=default_summary(state)),
            FormField("heard", t("res.f.heard"), res.heard),
            FormField(
                "signer", t("res.f.signer"), res.signer, choices=((t("res.signer_default"), ""), *signers)
            ),
            FormField("secret", t("cell.secret"), _SECRET_VALUE[state.secret], choices=_secret_choices()),
        ]
        values = await self.app.push_screen_wait(FormDialog(t("res.details_title"), fields, parse=_details))
        if values is None:
            return
        secret = {"yes": True, "no": False}.get(values["secret"])
        if secret is not state.secret:  # the MẬT mark of this meeting's documents
            self.record("details_set", secret=secret)
        data: dict[str, Any] = {
            "kind": values["kind"],
            "period": values["period"],
            "summary": values["summary"],
            "heard": values["heard"],
            "signer": values["signer"],
        }
        changed = {k: v for k, v in data.items() if v != (res.kind.value if k == "kind" else getattr(res, k))}
        if changed:
            self.record("resolution_set", **changed)

    # -- the vote, discarding --------------------------------------------------------------------
    @work
    async def action_adopt(self) -> None:
        state = self.state
        if state is None:
            return
        notices = self.mt_app.cells.vote_notices(state, self.earlier or [])
        if notices:
            listing = "\n".join(f"• {notice_text(n)}" for n in notices[:8])
            if not await self.app.push_screen_wait(
                ConfirmDialog(
                    t("res.confirm_vote_warnings", n=len(notices), list=listing), yes=t("confirm.vote_anyway")
                )
            ):
                return
        vote = _unlinked_vote(state)
        if vote is not None and await self.app.push_screen_wait(
            ConfirmDialog(
                t("res.use_vote", question=vote.question, result=vote_result_text(vote)),
                yes=t("confirm.use_vote"),
                no=t("confirm.new_vote"),
            )
        ):
            self._adopt(vote.id)
            return
        res = state.resolution
        question = (
            f"Thông qua {DOC_TITLES[res.kind]} {res.summary or default_summary(state)}"  # a record text
        )
        taken: Vote | None = await self.app.push_screen_wait(
            VoteDialog(self.meeting_id, question=question.strip())
        )
        if taken is None:
            self.reload()
            return
        if not adopts(state, taken) or not taken.passed:
            self.notify(t("res.vote_not_passed"), severity="warning", markup=False)
            self.reload()
            return
        self._adopt(taken.id)

    def _adopt(self, vote_id: str) -> None:
        try:
            self.state = self.service.adopt(vote_id)
        except AppError as exc:
            self.mt_app.report(exc)
            self.reload()
            return
        res = self.state.resolution
        self.notify(
            t("res.adopted", kind=DOC_TITLES[res.kind], label=number_label(res.kind, res.number)),
            markup=False,
            timeout=10,
        )

    @work
    async def action_discard(self) -> None:
        confirmed = await self.app.push_screen_wait(
            ConfirmDialog(t("res.confirm_discard"), yes=t("confirm.discard"))
        )
        if confirmed and self.record("resolution_discarded"):
            self.notify(t("res.discarded"), markup=False)

    # -- export ---------------------------------------------------------------------------------
    @work
    async def action_export(self) -> None:
        state = self.state
        if state is None:
            return
        fields = [
            FormField(
                "what",
                t("res.f.what"),
                "resolution",
                choices=(
                    (t("res.what_resolution"), "resolution"),
                    (t("res.what_minutes"), "minutes"),
                    (t("res.what_archive"), "archive"),
                ),
            ),
            FormField(
                "format",
                t("res.f.format"),
                "docx",
                choices=(("DOCX", "docx"), ("Markdown", "md"), ("Text", "txt")),
            ),
            FormField(
                "name",
                t("res.f.name"),
                "ascii",
                choices=(
                    (t("res.name_ascii"), "ascii"),
                    (t("res.name_vi"), "vi"),
                ),
            ),
            FormField("folder", t("res.f.folder"), str(Path.cwd()), required=True),
        ]
        values = await self.app.push_screen_wait(FormDialog(t("res.export_title"), fields))
        if values is None:
            return
        folder = Path(values["folder"]).expanduser()
        if not folder.is_dir():
            self.mt_app.report(DomainError("error.export_no_folder", path=str(folder)))
            return
        what, fmt = values["what"], values["format"]
        path = target_path(state, what, fmt, folder, ascii=values["name"] == "ascii")
        force = False
        if path.exists():
            if not await self.app.push_screen_wait(
                ConfirmDialog(t("res.overwrite", path=str(path)), yes=t("confirm.overwrite"))
            ):
                return
            force = True
        self.notify(t("res.exporting", path=str(path)), markup=False)
        self.write_export(what, fmt, path, force)

    @work(thread=True, exclusive=True, group="export")
    def write_export(self, what: str, fmt: str, path: Path, force: bool) -> None:
        """Build and write the document in a worker thread: the screen stays live meanwhile."""
        try:
            result = export_meeting(self.mt_app.cells, self.meeting_id, what, fmt, path, force=force)
        except AppError as exc:
            self.app.call_from_thread(self.mt_app.report, exc)
            return
        self.app.call_from_thread(self._exported, result)

    def _exported(self, result: ExportResult) -> None:
        if result.warnings:
            listing = "\n".join(f"• {notice_text(n)}" for n in result.warnings[:6])
            self.notify(
                t("res.exported_warnings", path=str(result.path), n=len(result.warnings), list=listing),
                severity="warning",
                markup=False,
                timeout=15,
            )
        else:
            self.notify(t("res.exported", path=str(result.path)), markup=False, timeout=10)

    def action_back(self) -> None:
        self.app.pop_screen()


def _unlinked_vote(state: MeetingState) -> Vote | None:
    """The latest passed vote that adopts the draft (a resolution vote; an extraordinary
    meeting's admission or confirmation), when the draft is not adopted yet."""
    for vote in reversed(state.votes):
        if adopts(state, vote) and vote.passed and not vote.withdrawn:
            return vote
    return None


_SECRET_VALUE = {None: "", True: "yes", False: "no"}


def _secret_choices() -> tuple[tuple[str, str], ...]:
    return ((t("cell.secret_as_cell"), ""), (t("cell.secret_yes"), "yes"), (t("cell.secret_no"), "no"))


def _details(values: dict[str, str]) -> dict[str, str]:
    return {**values, "period": parse_month(values["period"])}


def _task_data(values: dict[str, str]) -> dict[str, str]:
    return {
        "content": values["content"],
        "requirement": values["requirement"],
        "measures": values["measures"],
        # a named body (a department, a mass organisation) when one is typed
        "owner": BODY + values["body"].strip() if values.get("body", "").strip() else values["owner"],
        "deadline": parse_date(values["deadline"]),
        "report_at": parse_month(values["report_at"]),
    }
