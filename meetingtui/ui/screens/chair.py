"""The chair's live screen: the agenda, the stage timer and the meeting against its minimum."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, ProgressBar, Static

from ...domain.agenda import MeetingType
from ...domain.attendance import counts_now, presence_now
from ...domain.dates import hhmm, short_date
from ...domain.errors import AppError, DomainError
from ...domain.people import Role
from ...domain.record import speaker_name, speech_status
from ...domain.rules import Presence
from ...domain.state import MeetingState, Stage
from ...export.vn import number_text
from ...i18n import t
from ..base import MeetingScreen
from ..dialogs import ConfirmDialog, FormDialog, FormField, MemberPicker
from ..dialogs.stage import stage_form, stage_item
from ..dialogs.vote import VoteDialog, vote_result_text
from ..fmt import duration, lit, minutes
from ..widgets import AgendaTable, KeyFooter, StageClock, show


def floor_text(state: MeetingState, now: datetime) -> Text:
    """Who has the floor, who is next, and the last vote: what chair, clerk and room share."""
    rec = state.record
    text = Text(end="")
    focus = state.focus
    if focus:
        text.append(t("floor.focus", items="; ".join(focus)) + "\n", style="italic")
    if rec.current is not None:
        limit = state.stages[state.stage_index(rec.current.stage)].speech_limit
        elapsed, status = speech_status(rec.current, limit, now)
        text.append(t("clerk.speaking", name=speaker_name(state, rec.current)), style="bold")
        style = {"over": "bold red", "warning": "bold yellow"}.get(status, "")
        text.append(f"  {duration(elapsed)} / {duration(limit)}", style=style)
    else:
        text.append(t("floor.nobody"))
    if rec.queue:
        names = ", ".join(speaker_name(state, e) for e in rec.queue[:3])
        more = f" (+{len(rec.queue) - 3})" if len(rec.queue) > 3 else ""
        text.append("\n" + t("floor.next", names=names) + more)
    text.append("\n" + t("floor.spoken", n=len(rec.speeches)))
    live = [v for v in state.votes if not v.withdrawn]
    if live:
        vote = live[-1]
        text.append("\n" + t("floor.last_vote", question=vote.question) + " " + vote_result_text(vote))
    return text


RIGHT_PANE = 38  # the timers, warnings and who has the floor need this much


class ChairScreen(MeetingScreen):
    """Walks the chair through each stage; every key records an event before it shows."""

    CSS_PATH = "chair.tcss"

    BINDINGS = [
        # Most used first: the footer shows as many as fit, in this order.
        Binding("s", "start", "key.start", id="chair.start"),
        Binding("n", "next_stage", "key.next", id="chair.next"),
        Binding("r", "roll_call", "key.roll_call", id="chair.roll_call"),
        Binding("space", "pause", "key.pause", id="chair.pause"),
        Binding("v", "vote", "key.vote", id="chair.vote"),
        Binding("a", "arrived", "key.arrived", id="chair.arrived"),
        Binding("d", "resolution", "key.res_open", id="chair.resolution"),
        Binding("p", "previous_stage", "key.previous", id="chair.previous"),
        Binding("l", "clerk_screen", "key.clerk_screen", id="chair.clerk_screen"),
        Binding("t", "review_tasks", "key.review_tasks", id="chair.review_tasks"),
        Binding("c", "scoring", "key.scoring", id="chair.scoring"),
        Binding("m", "approve_minutes", "key.approve_minutes", id="chair.approve_minutes"),
        Binding("e", "end", "key.end", id="chair.end"),
        Binding("g", "presenter", "key.presenter", id="chair.presenter"),
        Binding("h", "details", "key.types_details", id="chair.details"),
        Binding("plus", "add_stage", "key.types_add_stage", id="chair.add_stage"),
        Binding("x", "drop_stage", "key.types_drop_stage", id="chair.drop_stage"),
        Binding("b", "budget", "key.types_budget", id="chair.budget"),
        Binding("left_square_bracket", "move_stage(-1)", "key.types_move_up", id="chair.move_up", show=False),
        Binding(
            "right_square_bracket", "move_stage(1)", "key.types_move_down", id="chair.move_down", show=False
        ),
        Binding("f", "dues", "key.chair_dues", id="chair.dues"),
        Binding("w", "packet", "key.chair_packet", id="chair.packet"),
        Binding("o", "prepare", "key.prepare", id="chair.prepare"),
        Binding("escape", "back", "key.back", id="chair.back"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self._over_notified: set[str] = set()
        self._packet_late = ""  # the warning when the packet went out less than a day ahead

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="chair-body"):
            yield AgendaTable(id="agenda")
            with Vertical(id="timers"):
                yield Static(id="stage-title")
                yield Static(id="stage-presenter")
                yield StageClock(id="stage-clock", classes="big-clock")
                yield ProgressBar(id="stage-bar", show_eta=False, show_percentage=False)
                yield Static(id="meeting-clock")
                yield ProgressBar(id="meeting-bar", show_eta=False, show_percentage=False)
                yield Static(id="warnings")
                yield Static(id="floor")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fit_agenda(self.size.width)
        self.connect()

    # -- state ------------------------------------------------------------------------

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        chair = state.member_name(state.chair) if state.chair else "…"
        self.sub_title = f"{state.title} · {short_date(state.date)} · {t('types.chair')}: {chair}"
        self._fit_agenda(self.size.width)
        agenda = self.query_one(AgendaTable)
        agenda.now = self.now()
        agenda.state = state
        self._packet_late = self._packet_warning(state)
        self.refresh_timers()
        self.refresh_bindings()

    def _packet_warning(self, state: MeetingState) -> str:
        """HD 42: the documents go out at least a day before; say so when they did not."""
        try:
            packet = self.mt_app.cells.planning().packet_for(state)
        except AppError:
            return ""
        if packet is None or not packet.late:
            return ""
        return t("warn.packet_late", hours=number_text(round(packet.hours_ahead, 1)))

    def _fit_agenda(self, screen_width: int) -> None:
        """The agenda takes what its longest title needs, leaving the timers their room
        (RIGHT_PANE columns); a title still too long wraps onto a second line."""
        agenda = self.query_one(AgendaTable)
        stages = self.state.stages if self.state is not None else ()
        longest = max((len(f"{len(stages)}. {stage.title}") for stage in stages), default=60)
        panel = max(16 + AgendaTable.FIXED, min(longest + AgendaTable.FIXED, screen_width - RIGHT_PANE))
        agenda.styles.width = panel
        width = panel - AgendaTable.FIXED
        if agenda.title_width != width:
            agenda.title_width = width

    def on_resize(self, event: events.Resize) -> None:
        self._fit_agenda(event.size.width)

    def tick(self) -> None:
        self.refresh_timers()

    def refresh_timers(self) -> None:
        state = self.state
        if state is None:
            return
        now = self.now()
        roster = state.roster
        title = self.query_one("#stage-title", Static)
        presenter = self.query_one("#stage-presenter", Static)
        stage_clock = self.query_one(StageClock)
        stage_bar = self.query_one("#stage-bar", ProgressBar)
        meeting_clock = self.query_one("#meeting-clock", Static)
        meeting_bar = self.query_one("#meeting-bar", ProgressBar)
        warnings: list[str] = []

        stage = state.current_stage
        if stage is None or state.current is None:
            show(title, lit(t("chair.not_started") if state.ended_at is None else t("chair.ended")))
            show(presenter, lit(t("chair.planned", minutes=int(state.planned_seconds() / 60))))
            stage_clock.show(0, None)
            stage_bar.update(total=1, progress=0)
        else:
            index = state.current
            elapsed = state.stage_elapsed(index, now)
            show(
                title,
                lit(t("chair.stage_n", n=index + 1, total=len(state.stages), title=stage.title), "bold"),
            )
            who = roster[stage.presenter].name if stage.presenter in roster else ""
            show(presenter, lit(t("chair.presenter", name=who) if who else t("chair.no_presenter")))
            away = state.attendance.get(stage.presenter)
            if who and away is not None and away.status != "" and not away.present_now:
                warnings.append(t("warn.presenter_absent", name=who))
            # A stage given no time (0 minutes) has no budget to run over.
            over = state.over_budget(index, now) if stage.budget > 0 else 0
            stage_clock.show(elapsed, stage.budget or None)
            stage_bar.update(total=max(stage.budget, 1), progress=min(elapsed, stage.budget))
            if over > 0:
                warnings.append(t("warn.stage_over", over=duration(over)))
                if stage.id not in self._over_notified and state.running:
                    self._over_notified.add(stage.id)
                    self.notify(
                        t("warn.stage_over_toast", title=stage.title), severity="warning", markup=False
                    )

        elapsed_all = state.elapsed(now)
        minimum = state.min_minutes * 60
        show(
            meeting_clock,
            lit(
                t(
                    "chair.meeting_clock",
                    elapsed=duration(elapsed_all),
                    minimum=state.min_minutes,
                    started=hhmm(state.started_at, self.mt_app.cells.cell().utc_offset_hours),
                )
            ),
        )
        meeting_bar.update(total=max(minimum, 1), progress=min(elapsed_all, minimum))
        if state.paused:
            warnings.append(t("warn.paused"))
        if self._packet_late:
            warnings.append(self._packet_late)
        if state.ended_at is not None:
            short = state.short_of_minimum(now)
            if short > 0:
                warnings.append(t("warn.ended_short", short=minutes(short), minimum=state.min_minutes))
        else:
            plan_short = state.plan_short_of_minimum(now)
            if plan_short > 0:
                warnings.append(t("warn.plan_short", short=minutes(plan_short), minimum=state.min_minutes))
        box = self.query_one("#warnings", Static)
        show(box, lit("\n".join(f"⚠ {w}" for w in warnings)))
        box.set_class(bool(warnings), "-active")
        show(self.query_one("#floor", Static), floor_text(state, now))
        self.query_one(AgendaTable).now = now

    # -- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return action == "back"
        running = state.running
        if state.ended_at is not None and action in ("presenter", "arrived", "approve_minutes"):
            return False  # an ended meeting offers no editing keys
        if action == "start":
            return state.started_at is None
        if action == "prepare":
            return state.type is MeetingType.COMMITTEE
        if action == "scoring":  # only a meeting whose agenda scores it (not extraordinary, committee)
            return any(s.key == "scoring" for s in state.stages) or state.score is not None
        if action == "dues":  # the "Việc khác" stage: collecting dues is a routine item
            stage = state.current_stage
            return running and stage is not None and stage.key == "other"
        if action == "packet":
            return state.started_at is None and state.type is not MeetingType.COMMITTEE
        if action in ("next_stage", "end", "pause", "vote", "approve_minutes"):
            return running
        if action == "previous_stage":
            return running and bool(state.current)
        return True

    @work(exclusive=True, group="dialog")
    async def action_start(self) -> None:
        state = self.state
        if state is None:
            return
        try:
            today = self.mt_app.cells.today()
        except AppError as exc:
            self.mt_app.report(exc)
            return
        if state.date != today:
            # A meeting held on another day than planned: every document must carry the day
            # it was held, so it moves to today (or is not started).
            ask = t("types.confirm_start_other_day", date=short_date(state.date), today=short_date(today))
            if not await self.app.push_screen_wait(ConfirmDialog(ask)):
                return
            if not self.record("details_set", date=today):
                return
        try:
            self.state = self.service.start()
        except AppError as exc:
            self.mt_app.report(exc)
            return
        self.notify(t("chair.started_toast"), markup=False)

    @work(exclusive=True, group="dialog")
    async def action_details(self) -> None:
        """The chair (the bí thư by default, or the deputy, or another member) and the topic or
        matter: before the meeting and during it."""
        state = self.state
        if state is None:
            return
        here = presence_now(state)
        order = {Role.SECRETARY: 0, Role.DEPUTY: 1, Role.COMMITTEE: 2, Role.NONE: 3}
        people = sorted(
            (
                m
                for m in state.members()
                if here.get(m.id, Presence.UNMARKED) in (Presence.PRESENT, Presence.UNMARKED)
                or m.id == state.chair
            ),
            key=lambda m: order[m.role],
        )
        chairs = tuple(
            (m.name + (f" ({t(f'role.{m.role.value}')})" if m.role is not Role.NONE else ""), m.id)
            for m in people
        )
        fields = [FormField("chair", t("types.chair"), state.chair, choices=(("…", ""), *chairs))]
        if state.type in (MeetingType.THEMATIC, MeetingType.EXTRAORDINARY):
            fields.append(FormField("topic", t("types.topic"), state.topic))
        values = await self.app.push_screen_wait(FormDialog(t("types.details_title"), fields))
        if values is None:
            return
        changed = {k: v for k, v in values.items() if v != getattr(state, k)}
        if changed:
            self.record("details_set", **changed)

    def action_roll_call(self) -> None:
        from .rollcall import RollCallScreen

        self.app.push_screen(RollCallScreen(self.meeting_id))

    def action_clerk_screen(self) -> None:
        from .clerk import ClerkScreen

        self.app.push_screen(ClerkScreen(self.meeting_id))

    def action_review_tasks(self) -> None:
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.meeting_id))

    def action_resolution(self) -> None:
        from .resolution import ResolutionScreen

        self.app.push_screen(ResolutionScreen(self.meeting_id))

    def action_prepare(self) -> None:
        from .prep import PrepScreen

        self.app.push_screen(PrepScreen(self.meeting_id))

    def action_dues(self) -> None:
        from .dues import DuesScreen

        state = self.state
        if state is not None:
            self.app.push_screen(DuesScreen(int(state.date[:4]), meeting_id=self.meeting_id))

    @work(exclusive=True, group="dialog")
    async def action_packet(self) -> None:
        """The packet for Sổ tay đảng viên điện tử and the upper committee, then when it was sent."""
        from .packet import send_packet

        await send_packet(self, self.meeting_id)
        self.reload()

    def action_scoring(self) -> None:
        from .scoring import ScoringScreen

        self.app.push_screen(ScoringScreen(self.meeting_id))

    def action_presenter(self) -> None:
        """Give the current stage (before the start, the one under the cursor) to another presenter."""
        state = self.state
        if state is None or not state.stages:
            return
        stage = state.current_stage
        if stage is None:
            key = self.selected_key("#agenda")
            stage = state.stages[state.stage_index(key)] if key else state.stages[0]
        self.choose_presenter(stage)

    def _agenda_stage(self) -> Stage | None:
        """The stage under the agenda's cursor."""
        state, key = self.state, self.selected_key("#agenda")
        return state.stages[state.stage_index(key)] if state is not None and key else None

    @work(exclusive=True, group="dialog")
    async def action_add_stage(self) -> None:
        """A stage after the one under the cursor: a thematic part (the minimum becomes 120
        minutes) or another item."""
        state = self.state
        if state is None:
            return
        here = self._agenda_stage()
        values = await self.app.push_screen_wait(
            stage_form(((m.name, m.id) for m in state.members()), "custom")
        )
        if values is None:
            return
        data = stage_item(values)
        data["position"] = state.stages.index(here) + 1 if here is not None else len(state.stages)
        self.record("stage_added", **data)

    @work(exclusive=True, group="dialog")
    async def action_drop_stage(self) -> None:
        stage = self._agenda_stage()
        if stage is not None and await self.app.push_screen_wait(
            ConfirmDialog(t("types.confirm_drop_stage", title=stage.title))
        ):
            self.record("stage_removed", stage=stage.id)

    @work(exclusive=True, group="dialog")
    async def action_budget(self) -> None:
        stage = self._agenda_stage()
        if stage is None:
            return
        values = await self.app.push_screen_wait(
            FormDialog(
                t("types.budget_title", title=stage.title),
                [
                    FormField(
                        "budget",
                        t("types.stage_budget"),
                        str(stage.budget // 60),
                        required=True,
                        integer=True,
                    )
                ],
            )
        )
        if values is not None:
            self.record("stage_changed", stage=stage.id, budget_min=int(values["budget"]))

    def action_move_stage(self, step: int) -> None:
        state, stage = self.state, self._agenda_stage()
        if state is None or stage is None:
            return
        to = state.stages.index(stage) + step
        if 0 <= to < len(state.stages) and self.record("stage_moved", stage=stage.id, to=to):
            self.query_one(AgendaTable).move_cursor(row=to)

    def on_agenda_table_chosen(self, message: AgendaTable.Chosen) -> None:
        """Enter on a stage: choose who presents it."""
        state = self.state
        if state is not None:
            self.choose_presenter(state.stages[state.stage_index(message.key)])

    @work(exclusive=True, group="dialog")
    async def choose_presenter(self, stage: Stage) -> None:
        state = self.state
        if state is None:
            return
        here = presence_now(state)
        people = [
            (m.id, m.name, t(f"role.{m.role.value or 'none'}"))
            for m in state.members()
            if here.get(m.id, Presence.UNMARKED) in (Presence.PRESENT, Presence.UNMARKED)
        ]
        member = await self.app.push_screen_wait(
            MemberPicker(t("chair.pick_presenter", title=stage.title), people)
        )
        if member:
            self.record("stage_changed", stage=stage.id, presenter=member)

    @work(exclusive=True, group="dialog")
    async def action_arrived(self) -> None:
        """A late arrival in two or three keys: ``a``, (a few letters of the name), Enter."""
        from .rollcall import arrival_picker

        state = self.state
        if state is None:
            return
        picker = arrival_picker(state)
        if picker is None:
            self.notify(t("roll.everyone_here"), markup=False)
            return
        member = await self.app.push_screen_wait(picker)
        if member and self.record("arrived", member=member) and self.state is not None:
            self.notify(t("roll.arrived_done", name=self.state.member_name(member)), markup=False)

    @work(exclusive=True, group="dialog")
    async def action_approve_minutes(self) -> None:
        state = self.state
        if state is None:
            return
        present = counts_now(state).present
        approval = await self.app.push_screen_wait(
            FormDialog(
                t("minutes.approve_title"),
                [
                    FormField("agree", t("minutes.agree"), str(present), required=True, integer=True),
                    FormField("present", t("minutes.present"), str(present), required=True, integer=True),
                ],
                parse=_approval,
            )
        )
        if approval is not None:
            self.record("minutes_approved", agree=approval[0], present=approval[1])

    @work(exclusive=True, group="dialog")
    async def action_vote(self) -> None:
        state = self.state
        matter = state.topic if state is not None and state.type is MeetingType.EXTRAORDINARY else ""
        vote = await self.app.push_screen_wait(VoteDialog(self.meeting_id, question=matter))
        self.reload()
        if vote is not None:
            self.notify(vote_result_text(vote), markup=False, timeout=10)

    def action_next_stage(self) -> None:
        state = self.state
        if state and state.current is not None and state.current + 1 >= len(state.stages):
            self.notify(t("chair.last_stage_hint"), markup=False)
            return
        self.record("next_stage")

    def action_previous_stage(self) -> None:
        self.record("previous_stage")

    def action_pause(self) -> None:
        state = self.state
        if state is None:
            return
        self.record("resumed" if state.paused else "paused")

    @work(exclusive=True, group="dialog")
    async def action_end(self) -> None:
        state = self.state
        if state is None:
            return
        speech = state.record.current
        if speech is not None:
            # Someone still has the floor: close that speech first, keeping the clerk's notes.
            ask = t("chair.confirm_end_speech", name=speaker_name(state, speech))
            confirm = ConfirmDialog(ask, yes=t("confirm.end_speech_and_meeting"))
            if not await self.app.push_screen_wait(confirm) or not self.record("speech_ended"):
                return
            state = self.state
            if state is None:
                return
        now = self.now()
        short = state.short_of_minimum(now)
        question = t("chair.confirm_end")
        if short > 0:
            question = t("chair.confirm_end_short", short=minutes(short), minimum=state.min_minutes)
        if await self.app.push_screen_wait(ConfirmDialog(question, yes=t("confirm.end_meeting"))):
            self.record("ended")

    def action_back(self) -> None:
        self.leave()


def _approval(values: dict[str, str]) -> tuple[int, int]:
    """(agree, present) of the minutes' approval, as typed; refused when it cannot be."""
    try:
        agree, total = int(values["agree"]), int(values["present"])
    except ValueError:
        raise DomainError("error.count_invalid", value=values["agree"]) from None
    if not 0 <= agree <= total:
        raise DomainError("error.approval_exceeds", agree=agree, present=total)
    return agree, total
