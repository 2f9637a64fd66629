"""The chair's live screen: the agenda, the stage timer and the meeting against its minimum."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static

from ...domain.agenda import MeetingType
from ...domain.attendance import Vote, counts_now, presence_now
from ...domain.errors import DomainError
from ...domain.meeting import MeetingState
from ...domain.prep import focus_of
from ...domain.record import record_of, speaker_name, speech_status
from ...domain.rules import Presence
from ...i18n import t
from ...store.storage import StoreError
from ..base import MeetingScreen
from ..fmt import duration, lit, local_time, minutes
from .dialogs import ConfirmDialog, FormDialog, FormField, MemberPicker
from .rollcall import RollCallScreen
from .vote import VoteDialog, vote_result_text


def floor_text(state: MeetingState, now: datetime) -> Text:
    """Who has the floor, who is next, and the last vote: what chair, clerk and room share."""
    rec = record_of(state)
    text = Text(end="")
    focus = focus_of(state)
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


class ChairScreen(MeetingScreen):
    """Walks the chair through each stage; every key records an event before it shows."""

    CSS_PATH = "chair.tcss"

    BINDINGS = [
        Binding("s", "start", "key.start", id="chair.start"),
        Binding("n", "next_stage", "key.next", id="chair.next"),
        Binding("p", "previous_stage", "key.previous", id="chair.previous"),
        Binding("space", "pause", "key.pause", id="chair.pause"),
        Binding("e", "end", "key.end", id="chair.end"),
        Binding("r", "roll_call", "key.roll_call", id="chair.roll_call"),
        Binding("v", "vote", "key.vote", id="chair.vote"),
        Binding("l", "clerk_screen", "key.clerk_screen", id="chair.clerk_screen"),
        Binding("t", "review_tasks", "key.review_tasks", id="chair.review_tasks"),
        Binding("c", "scoring", "key.scoring", id="chair.scoring"),
        Binding("m", "approve_minutes", "key.approve_minutes", id="chair.approve_minutes"),
        Binding("o", "prepare", "key.prepare", id="chair.prepare"),
        Binding("g", "presenter", "key.presenter", id="chair.presenter"),
        Binding("d", "resolution", "key.res_open", id="chair.resolution"),
        Binding("escape", "back", "key.back", id="chair.back"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id)
        self._over_notified: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="chair-body"):
            yield DataTable(id="agenda", cursor_type="row", show_cursor=True)
            with Vertical(id="timers"):
                yield Static(id="stage-title")
                yield Static(id="stage-presenter")
                yield Static(id="stage-clock", classes="big-clock")
                yield ProgressBar(id="stage-bar", show_eta=False, show_percentage=False)
                yield Static(id="meeting-clock")
                yield ProgressBar(id="meeting-bar", show_eta=False, show_percentage=False)
                yield Static(id="warnings")
                yield Static(id="floor")
        yield Footer()

    def on_mount(self) -> None:
        self._title_width = 0
        self._build_columns(self.size.width)
        self.connect()

    # -- state ------------------------------------------------------------------------

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        self.sub_title = f"{state.title} · {state.date}"
        self._fill_agenda(state)
        self.refresh_timers()
        self.refresh_bindings()

    def _build_columns(self, screen_width: int) -> None:
        """The stage titles get what is left of half the screen after the fixed columns."""
        title_width = max(16, screen_width // 2 - 1 - 1 - 7 - 6 - 8)  # border, mark, budget, actual, padding
        if title_width == self._title_width:
            return
        self._title_width = title_width
        table = self.query_one("#agenda", DataTable)
        table.clear(columns=True)
        table.add_column(" ", key="mark", width=1)
        table.add_column(t("chair.col.stage"), key="title", width=title_width)
        table.add_column(t("chair.col.budget"), key="budget", width=7)
        table.add_column(t("chair.col.actual"), key="actual", width=6)

    def on_resize(self, event: events.Resize) -> None:
        before = self._title_width
        self._build_columns(event.size.width)
        if self._title_width != before and self.state is not None:
            self._fill_agenda(self.state)

    def _fill_agenda(self, state: MeetingState) -> None:
        table = self.query_one("#agenda", DataTable)
        now = self.mt_app.clock.now()
        table.clear()
        for i, stage in enumerate(state.stages):
            if state.current == i and state.running:
                mark = Text("▶", style="bold")
            elif state.stage_done(i):
                mark = Text("✓")
            else:
                mark = Text(" ")
            actual = duration(state.stage_elapsed(i, now)) if stage.started else ""
            table.add_row(
                mark,
                lit(f"{i + 1}. {stage.title}"),
                lit(minutes(stage.budget)),
                lit(actual),
                key=stage.id,
            )
        if state.current is not None:
            table.move_cursor(row=state.current)

    def tick(self) -> None:
        self.refresh_timers()

    def refresh_timers(self) -> None:
        state = self.state
        if state is None:
            return
        now = self.mt_app.clock.now()
        roster = state.roster
        title = self.query_one("#stage-title", Static)
        presenter = self.query_one("#stage-presenter", Static)
        stage_clock = self.query_one("#stage-clock", Static)
        stage_bar = self.query_one("#stage-bar", ProgressBar)
        meeting_clock = self.query_one("#meeting-clock", Static)
        meeting_bar = self.query_one("#meeting-bar", ProgressBar)
        warnings: list[str] = []

        stage = state.current_stage
        if stage is None or state.current is None:
            title.update(lit(t("chair.not_started") if state.ended_at is None else t("chair.ended")))
            presenter.update(lit(t("chair.planned", minutes=int(state.planned_seconds() / 60))))
            stage_clock.update(lit(duration(0)))
            stage_bar.update(total=1, progress=0)
        else:
            index = state.current
            elapsed = state.stage_elapsed(index, now)
            title.update(
                lit(t("chair.stage_n", n=index + 1, total=len(state.stages), title=stage.title), "bold")
            )
            who = roster.get(stage.presenter, {}).get("name", "")
            presenter.update(lit(t("chair.presenter", name=who) if who else t("chair.no_presenter")))
            away = state.attendance.get(stage.presenter)
            if who and away is not None and away.status != "" and not away.present_now:
                warnings.append(t("warn.presenter_absent", name=who))
            over = state.over_budget(index, now)
            stage_clock.update(lit(f"{duration(elapsed)} / {duration(stage.budget)}"))
            stage_clock.set_class(over > 0, "-over")
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
        meeting_clock.update(
            lit(
                t(
                    "chair.meeting_clock",
                    elapsed=duration(elapsed_all),
                    minimum=state.min_minutes,
                    started=local_time(state.started_at, self.mt_app.repo.cell().utc_offset_hours),
                )
            )
        )
        meeting_bar.update(total=max(minimum, 1), progress=min(elapsed_all, minimum))
        if state.paused:
            warnings.append(t("warn.paused"))
        if state.ended_at is not None:
            short = state.short_of_minimum(now)
            if short > 0:
                warnings.append(t("warn.ended_short", short=minutes(short), minimum=state.min_minutes))
        else:
            plan_short = state.plan_short_of_minimum(now)
            if plan_short > 0:
                warnings.append(t("warn.plan_short", short=minutes(plan_short), minimum=state.min_minutes))
        box = self.query_one("#warnings", Static)
        box.update(lit("\n".join(f"⚠ {w}" for w in warnings)))
        box.set_class(bool(warnings), "-active")
        self.query_one("#floor", Static).update(floor_text(state, now))
        self._refresh_actuals(state, now)

    def _refresh_actuals(self, state: MeetingState, now: Any) -> None:
        if state.current is None:
            return
        table = self.query_one("#agenda", DataTable)
        stage = state.stages[state.current]
        with contextlib.suppress(Exception):  # the row may be being rebuilt
            table.update_cell(stage.id, "actual", lit(duration(state.stage_elapsed(state.current, now))))

    # -- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return action == "back"
        running = state.running
        if action == "start":
            return state.started_at is None
        if action == "prepare":
            return state.type is MeetingType.COMMITTEE
        if action in ("next_stage", "end", "pause", "vote", "approve_minutes"):
            return running
        if action == "previous_stage":
            return running and bool(state.current)
        return True

    def action_start(self) -> None:
        try:
            _, self.state = self.service.start()
        except (DomainError, StoreError) as exc:
            self.mt_app.report(exc)
            return
        self.notify(t("chair.started_toast"), markup=False)

    def action_roll_call(self) -> None:
        self.app.push_screen(RollCallScreen(self.service))

    def action_clerk_screen(self) -> None:
        from .clerk import ClerkScreen

        self.app.push_screen(ClerkScreen(self.meeting_id))

    def action_review_tasks(self) -> None:
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.service))

    def action_resolution(self) -> None:
        from .resolution import ResolutionScreen

        self.app.push_screen(ResolutionScreen(self.meeting_id))

    def action_presenter(self) -> None:
        """Give the current stage (or the next, before the start) to another presenter."""
        state = self.state
        if state is None or not state.stages:
            return
        stage = state.current_stage or state.stages[0]
        here = presence_now(state)
        people = [
            (m.id, m.name, t(f"role.{m.role.value or 'none'}"))
            for m in state.members()
            if here.get(m.id, Presence.UNMARKED) in (Presence.PRESENT, Presence.UNMARKED)
        ]

        def picked(member: str | None) -> None:
            if member:
                self._record("stage_changed", stage=stage.id, presenter=member)

        self.app.push_screen(
            MemberPicker(t("chair.pick_presenter", title=stage.title), people), callback=picked
        )

    def action_prepare(self) -> None:
        from .prep import PrepScreen

        self.app.push_screen(PrepScreen(self.service))

    def action_scoring(self) -> None:
        from .scoring import ScoringScreen

        self.app.push_screen(ScoringScreen(self.service))

    def action_approve_minutes(self) -> None:
        state = self.state
        if state is None:
            return
        present = counts_now(state).present

        def check(values: dict[str, str]) -> str:
            try:
                agree, total = int(values["agree"]), int(values["present"])
            except ValueError:
                return t("error.count_invalid", value=values["agree"])
            if not 0 <= agree <= total:
                return t("error.approval_exceeds", agree=agree, present=total)
            return ""

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self._record("minutes_approved", agree=int(values["agree"]), present=int(values["present"]))

        self.app.push_screen(
            FormDialog(
                t("minutes.approve_title"),
                [
                    FormField("agree", t("minutes.agree"), str(present), required=True, integer=True),
                    FormField("present", t("minutes.present"), str(present), required=True, integer=True),
                ],
                validator=check,
            ),
            callback=done,
        )

    def action_vote(self) -> None:
        self.app.push_screen(VoteDialog(self.service), callback=self._vote_done)

    def _vote_done(self, vote: Vote | None) -> None:
        self.reload()
        if vote is not None:
            self.notify(vote_result_text(vote), markup=False, timeout=10)

    def action_next_stage(self) -> None:
        state = self.state
        if state and state.current is not None and state.current + 1 >= len(state.stages):
            self.notify(t("chair.last_stage_hint"), markup=False)
            return
        self._record("next_stage")

    def action_previous_stage(self) -> None:
        self._record("previous_stage")

    def action_pause(self) -> None:
        state = self.state
        if state is None:
            return
        self._record("resumed" if state.paused else "paused")

    @work
    async def action_end(self) -> None:
        state = self.state
        if state is None:
            return
        speech = record_of(state).current
        if speech is not None:
            # Someone still has the floor: close that speech first, keeping the clerk's notes.
            ask = t("chair.confirm_end_speech", name=speaker_name(state, speech))
            if not await self.app.push_screen_wait(ConfirmDialog(ask)) or not self._record("speech_ended"):
                return
            state = self.state
            if state is None:
                return
        now = self.mt_app.clock.now()
        short = state.short_of_minimum(now)
        question = t("chair.confirm_end")
        if short > 0:
            question = t("chair.confirm_end_short", short=minutes(short), minimum=state.min_minutes)
        if await self.app.push_screen_wait(ConfirmDialog(question)):
            self._record("ended")

    def action_back(self) -> None:
        self.leave()
