"""Self-criticism, criticism, commendations and reminders: entered in any stage, listed here.

Keyboard first, and like the clerk's screen it is opened from, no letter is a command (the
clerk's hands are on the text): F2/F3/F4/F5 start a self-criticism, a criticism, a commendation,
a reminder: the speaker (typed as on the clerk's screen: "huong", "nth"), whom it concerns
(members, the committee or the cell; skipped for a self-criticism), the substance, then the
optional response or commitment and follow-up task (not for a commendation). Present members
who have not yet self-criticised are listed beside the entries; Enter on one records that
member's self-criticism.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import DataTable, Header, Static

from ...domain.attendance import is_absent
from ...domain.criticism import find_entry, not_self_criticised
from ...domain.dates import hhmm, parse_date, short_date
from ...domain.errors import AppError, DomainError
from ...domain.people import CELL, COMMITTEE
from ...domain.state import Entry, EntryKind, FollowUp, MeetingState
from ...i18n import t
from ..base import MeetingScreen
from ..dialogs import FormDialog, FormField, MemberPicker, TextDialog
from ..fmt import lit
from ..widgets import KeyFooter

CHAIR_FOR_COMMITTEE = "@chair"  # picker key: the chair speaks for the committee (speaker "")


def kind_label(kind: EntryKind) -> str:
    return {
        EntryKind.SELF_CRITICISM: t("crit.kind.self_criticism"),
        EntryKind.CRITICISM: t("crit.kind.criticism"),
        EntryKind.COMMENDATION: t("crit.kind.commendation"),
        EntryKind.REMINDER: t("crit.kind.reminder"),
    }[kind]


def kind_hint(kind: EntryKind) -> str:
    return {
        EntryKind.SELF_CRITICISM: t("crit.kind_hint.self_criticism"),
        EntryKind.CRITICISM: t("crit.kind_hint.criticism"),
        EntryKind.COMMENDATION: t("crit.kind_hint.commendation"),
        EntryKind.REMINDER: t("crit.kind_hint.reminder"),
    }[kind]


def follow_up_result(done: bool | None) -> str:
    if done is None:
        return t("crit.follow_open")
    return t("crit.follow_done") if done else t("crit.follow_not_done")


def who(state: MeetingState, member: str) -> str:
    """A speaker, target or owner as the interface shows it."""
    if member == COMMITTEE:
        return t("crit.committee")
    if member == CELL:
        return t("crit.cell")
    if not member:
        return t("crit.chair_for_committee")
    return state.member_name(member)


def follow_up_line(state: MeetingState, follow: FollowUp) -> str:
    parts = [follow.content.split("\n", 1)[0], who(state, follow.owner) if follow.owner else t("crit.cell")]
    if follow.deadline:
        parts.append(t("crit.deadline", date=short_date(follow.deadline)))
    return " · ".join(parts)


def entry_detail(state: MeetingState, entry: Entry) -> Text:
    """Everything about one entry, every user string shown literally."""
    text = Text(end="")
    text.append(kind_label(entry.kind), style="bold")
    text.append(f"  {who(state, entry.speaker)} → {who(state, entry.concerns)}")
    if entry.absent:
        text.append(" " + t("crit.absent_mark"), style="italic")
    if entry.history:
        text.append(" " + t("crit.revisions", n=len(entry.history)), style="dim")
    text.append("\n" + entry.text)
    if entry.response:
        text.append(f"\n{t('crit.col.response')}: ", style="bold")
        text.append(entry.response)
    if entry.follow_up is not None:
        text.append(f"\n{t('crit.col.follow_up')}: ", style="bold")
        text.append(follow_up_line(state, entry.follow_up))
        text.append(f" ({follow_up_result(entry.follow_up.done)})", style="italic")
    return text


class CriticismScreen(MeetingScreen):
    CSS_PATH = "criticism.tcss"
    BINDINGS = [
        Binding("f2", "add('self_criticism')", "key.self_criticism", id="criticism.self_criticism"),
        Binding("f3", "add('criticism')", "key.criticism_entry", id="criticism.criticism"),
        Binding("f4", "add('commendation')", "key.commendation", id="criticism.commendation"),
        Binding("f5", "add('reminder')", "key.reminder", id="criticism.reminder"),
        Binding("f6", "edit", "key.edit", id="criticism.edit"),
        Binding("f7", "member_page", "key.member_page", id="criticism.member_page"),
        Binding("escape", "back", "key.back", id="criticism.back"),
    ]

    def __init__(self, meeting_id: str, actor: str = "clerk") -> None:
        super().__init__(meeting_id, actor=actor)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="crit-head")
        with Horizontal(id="crit-body"):
            with Vertical(id="crit-left"):
                yield Static(lit(t("crit.entries")), classes="section")
                yield DataTable(id="entries", cursor_type="row")
                yield Static(id="entry-detail")
            with Vertical(id="crit-right"):
                yield Static(id="pending-title", classes="section")
                yield DataTable(id="pending", cursor_type="row", show_header=False)
                yield Static(lit(t("crit.pending_hint")), id="pending-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        entries = self.query_one("#entries", DataTable)
        entries.add_column(t("crit.col.time"), key="time", width=5)
        entries.add_column(t("crit.col.stage"), key="stage", width=4)
        entries.add_column(t("crit.col.kind"), key="kind", width=14)
        entries.add_column(t("crit.col.speaker"), key="speaker", width=18)
        entries.add_column(t("crit.col.concerns"), key="concerns", width=20)
        entries.add_column(t("crit.col.text"), key="text")
        pending = self.query_one("#pending", DataTable)
        pending.add_column(t("crit.col.speaker"), key="name")
        pending.add_column("", key="group")
        self.connect()
        entries.focus()

    # -- state -------------------------------------------------------------------------

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        self.sub_title = f"{t('crit.title')} · {state.title} · {short_date(state.date)}"
        entries = list(state.criticism)
        self._show_head(state, entries)
        table = self.query_one("#entries", DataTable)
        row = table.cursor_row
        table.clear()
        offset = self.mt_app.cells.cell().utc_offset_hours
        for entry in entries:
            concerns = lit(who(state, entry.concerns))
            if entry.absent:
                concerns.append(" " + t("crit.absent_mark"), style="italic")
            table.add_row(
                lit(hhmm(entry.at, offset)),
                lit(self._stage_no(state, entry.stage)),
                lit(kind_label(entry.kind), "bold"),
                lit(who(state, entry.speaker)),
                concerns,
                lit(entry.text.split("\n", 1)[0][:200] + (" ✎" if entry.history else "")),
                key=entry.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_detail()
        self._show_pending(state)
        self.refresh_bindings()

    @staticmethod
    def _stage_no(state: MeetingState, stage_id: str) -> str:
        try:
            return str(state.stage_index(stage_id) + 1) if stage_id else "–"
        except DomainError:
            return "?"

    def _show_head(self, state: MeetingState, entries: list[Entry]) -> None:
        stage = state.current_stage
        head = Text(end="")
        if stage is not None and stage.key == "criticism":
            head.append(t("crit.in_stage", n=len(entries)), style="bold")
            self.query_one("#crit-head").set_class(True, "-in-stage")
        elif stage is not None:
            head.append(t("crit.other_stage", title=stage.title, n=len(entries)))
            self.query_one("#crit-head").set_class(False, "-in-stage")
        else:
            head.append(t("meeting.not_started") if state.ended_at is None else t("chair.ended"))
        counts = {kind.value: sum(1 for e in entries if e.kind is kind) for kind in EntryKind}
        head.append("\n" + t("crit.counts", **counts))
        if not entries:
            head.append("\n" + t("crit.none"), style="italic")
        self.query_one("#crit-head", Static).update(head)

    def _show_pending(self, state: MeetingState) -> None:
        pending = not_self_criticised(state)
        title = self.query_one("#pending-title", Static)
        title.update(lit(t("crit.pending", n=len(pending)) if pending else t("crit.pending_none")))
        table = self.query_one("#pending", DataTable)
        row = table.cursor_row
        table.clear()
        for member_id in pending:
            table.add_row(
                lit(state.member_name(member_id)),
                lit(state.roster[member_id].group, "dim"),
                key=member_id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.query_one("#pending-hint").display = bool(pending)

    def _show_detail(self) -> None:
        state = self.state
        box = self.query_one("#entry-detail", Static)
        entry_id = self.selected_key("#entries")
        if state is None or entry_id is None:
            box.update("")
            return
        try:
            box.update(entry_detail(state, find_entry(state, entry_id)))
        except DomainError:
            box.update("")

    @on(DataTable.RowHighlighted, "#entries")
    def _entry_highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#pending")
    def _pending_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value and self.check_action("add", ("self_criticism",)):
            self.enter_entry(EntryKind.SELF_CRITICISM, speaker=event.row_key.value)

    # -- recording ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return action == "back"
        if action == "add":
            return state.ended_at is None
        if action == "edit":
            return bool(state.criticism) and state.ended_at is None
        return True

    def action_add(self, kind: str) -> None:
        self.enter_entry(EntryKind(kind) if kind else None)

    def _people(self, state: MeetingState, mark_pending: bool = False) -> list[tuple[str, str, str]]:
        pending = set(not_self_criticised(state)) if mark_pending else set()
        people = []
        for member in state.members():
            detail = []
            if member.id in pending:
                detail.append(t("crit.not_yet"))
            if is_absent(state, member.id):
                detail.append(t("crit.absent"))
            people.append((member.id, member.name, " · ".join(detail)))
        return people

    def _speakers(self, state: MeetingState, kind: EntryKind) -> list[tuple[str, str, str]]:
        people = self._people(state, mark_pending=kind is EntryKind.SELF_CRITICISM)
        if kind is EntryKind.SELF_CRITICISM:
            if state.chair in state.roster:
                people.append((COMMITTEE, t("crit.committee_self"), state.member_name(state.chair)))
            return people
        chair = [p for p in people if p[0] == state.chair]
        others = [p for p in people if p[0] != state.chair]
        if kind in (EntryKind.COMMENDATION, EntryKind.REMINDER):  # usually the chair speaks
            return [*chair, (CHAIR_FOR_COMMITTEE, t("crit.chair_for_committee"), ""), *others]
        return [*chair, *others, (CHAIR_FOR_COMMITTEE, t("crit.chair_for_committee"), "")]

    def _targets(self, state: MeetingState, kind: EntryKind, speaker: str) -> list[tuple[str, str, str]]:
        people = [p for p in self._people(state) if not (kind is EntryKind.CRITICISM and p[0] == speaker)]
        collective = t("crit.collective")
        groups = [(COMMITTEE, t("crit.committee"), collective), (CELL, t("crit.cell"), collective)]
        return [*people, *groups]

    def _extra_form(
        self, state: MeetingState, concerns: str, entry: Entry | None = None
    ) -> FormDialog[dict[str, Any]]:
        follow = entry.follow_up if entry else None
        owners = {concerns: who(state, concerns)}  # whoever the entry concerns comes first
        owners.setdefault(COMMITTEE, t("crit.committee"))
        owners.setdefault(CELL, t("crit.cell"))
        for member in state.members():
            owners.setdefault(member.id, member.name)
        default_owner = (follow.owner if follow else "") or concerns
        fields = [
            FormField("response", t("crit.response"), entry.response if entry else ""),
            FormField("content", t("crit.follow_content"), follow.content if follow else ""),
            FormField(
                "owner",
                t("crit.follow_owner"),
                default_owner,
                choices=tuple((escape(label), value) for value, label in owners.items()),  # literal names
            ),
            FormField(
                "deadline",
                t("crit.follow_deadline"),
                short_date(follow.deadline) if follow and follow.deadline else "",
                placeholder=t("form.date_hint"),
            ),
        ]

        return FormDialog(t("crit.extra_title"), fields, note=t("crit.extra_note"), parse=_extras)

    @work(exclusive=True, group="entry")
    async def enter_entry(self, kind: EntryKind | None, speaker: str | None = None) -> None:
        """kind → speaker → whom it concerns → substance → response and follow-up → recorded."""
        state = self.state
        if state is None:
            return
        if kind is None:
            kinds = [(k.value, kind_label(k), kind_hint(k)) for k in EntryKind]
            picked = await self.app.push_screen_wait(MemberPicker(t("crit.pick_kind"), kinds))
            if not picked:
                return
            kind = EntryKind(picked)
        label = kind_label(kind)
        concerns = ""
        if speaker is None:
            picked = await self.app.push_screen_wait(
                MemberPicker(t("crit.pick_speaker", kind=label), self._speakers(state, kind))
            )
            if not picked:
                return
            if picked == COMMITTEE:  # the committee's self-criticism, presented by the chair
                speaker, concerns = state.chair, COMMITTEE
            else:
                speaker = "" if picked == CHAIR_FOR_COMMITTEE else picked
        if kind is EntryKind.SELF_CRITICISM:
            concerns = concerns or speaker
        else:
            picked = await self.app.push_screen_wait(
                MemberPicker(t("crit.pick_concerns", kind=label), self._targets(state, kind, speaker))
            )
            if not picked:
                return
            concerns = picked
        title = t("crit.text_title", kind=label, speaker=who(state, speaker), concerns=who(state, concerns))
        text = await self.app.push_screen_wait(TextDialog(title))
        if text is None:
            return
        extras = None
        if kind is not EntryKind.COMMENDATION:  # a commendation asks for no commitment or task
            extras = await self.app.push_screen_wait(self._extra_form(state, concerns))
        data = {"kind": kind.value, "speaker": speaker, "concerns": concerns, "text": text}
        if self.record("entry_added", **data, **(extras or {})):
            self.notify(t("crit.saved", kind=label, name=who(state, concerns)), markup=False)
            table = self.query_one("#entries", DataTable)
            table.move_cursor(row=table.row_count - 1)

    def action_edit(self) -> None:
        self.edit_entry()

    @work(exclusive=True, group="entry")
    async def edit_entry(self) -> None:
        """Correct the substance, then the response and follow-up; the old text is kept."""
        state = self.state
        entry_id = self.selected_key("#entries")
        if state is None or entry_id is None:
            self.notify(t("crit.no_entry"), markup=False)
            return
        try:
            entry = find_entry(state, entry_id)
        except AppError as exc:
            self.mt_app.report(exc)
            return
        label, name = kind_label(entry.kind), who(state, entry.concerns)
        title = t("crit.edit_title", kind=label, name=name)
        if entry.history:
            title += " " + t("crit.revisions", n=len(entry.history))
        text = await self.app.push_screen_wait(TextDialog(title, entry.text))
        if text is None:
            return
        extras = None
        if entry.kind is not EntryKind.COMMENDATION:
            extras = await self.app.push_screen_wait(self._extra_form(state, entry.concerns, entry))
        data: dict[str, Any] = {"entry": entry.id, "base_rev": entry.rev, "text": text}
        if extras is not None:
            data.update(extras)
            data.setdefault("follow_up", None)
        self.record("entry_changed", **data)

    def action_member_page(self) -> None:
        from .member_page import MemberPage

        state = self.state
        if state is None:
            return
        member = None
        if self.query_one("#pending", DataTable).has_focus:
            member = self.selected_key("#pending")
        else:
            entry_id = self.selected_key("#entries")
            if entry_id:
                member = find_entry(state, entry_id).concerns
        if member and member in state.roster:
            self.app.push_screen(MemberPage(member))

    def action_back(self) -> None:
        self.app.pop_screen()


def _extras(values: dict[str, str]) -> dict[str, Any]:
    """The response, and the follow-up task when one is named (its deadline as ISO)."""
    deadline = parse_date(values["deadline"])
    if deadline and not values["content"].strip():
        raise DomainError("crit.follow_needs_content")
    data: dict[str, Any] = {"response": values["response"]}
    if values["content"].strip():
        data["follow_up"] = {"content": values["content"], "owner": values["owner"], "deadline": deadline}
    return data
