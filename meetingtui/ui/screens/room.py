"""The room screen: read-only, projected, readable from across the room."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from ...domain.errors import AppError
from ...domain.record import speaker_name, speech_status
from ...domain.state import MeetingState
from ...i18n import t
from ..base import MeetingScreen
from ..dialogs.vote import vote_result_text
from ..fmt import duration, lit


class RoomScreen(MeetingScreen):
    """Large stage and speaker timers, the stage, the speaker, the next three, the last vote.

    It never writes: it watches the meeting file's write counter and redraws.
    """

    CSS_PATH = "room.tcss"

    BINDINGS = [Binding("escape", "back", "key.back", id="room.back")]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id, actor="room")

    def compose(self) -> ComposeResult:
        yield Static(id="room-cell")
        yield Static(id="room-stage")
        with Horizontal(id="room-clocks"):
            with Vertical(classes="room-box"):
                yield Static(lit(t("room.stage_time")), classes="room-label")
                yield Digits("00:00", id="room-stage-clock")
                yield Static(id="room-stage-budget", classes="room-label")
            with Vertical(classes="room-box"):
                yield Static(id="room-speaker", classes="room-label")
                yield Digits("", id="room-speech-clock")
                yield Static(id="room-speech-limit", classes="room-label")
        yield Static(id="room-next")
        yield Static(id="room-vote")

    def on_mount(self) -> None:
        try:
            cell = self.mt_app.cells.cell()
            self.query_one("#room-cell", Static).update(lit(cell.name.upper(), "bold"))
        except AppError as exc:
            self.mt_app.report(exc)
        self.connect()

    def watch_state(self, state: MeetingState | None) -> None:
        self.redraw()

    def tick(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        state = self.state
        if state is None:
            return
        now = self.now()
        stage = state.current_stage
        stage_box = self.query_one("#room-stage", Static)
        stage_clock = self.query_one("#room-stage-clock", Digits)
        if stage is None or state.current is None:
            stage_box.update(lit(t("meeting.not_started") if state.ended_at is None else t("chair.ended")))
            stage_clock.update("00:00")
            self.query_one("#room-stage-budget", Static).update("")
        else:
            stage_box.update(
                lit(
                    t("chair.stage_n", n=state.current + 1, total=len(state.stages), title=stage.title),
                    "bold",
                )
            )
            elapsed = state.stage_elapsed(state.current, now)
            stage_clock.update(duration(elapsed))
            stage_clock.set_class(elapsed > stage.budget, "-over")
            self.query_one("#room-stage-budget", Static).update(
                lit(t("room.budget", budget=duration(stage.budget), total=duration(state.elapsed(now))))
            )

        rec = state.record
        speaker = self.query_one("#room-speaker", Static)
        speech_clock = self.query_one("#room-speech-clock", Digits)
        limit_box = self.query_one("#room-speech-limit", Static)
        if rec.current is None:
            speaker.update(lit(t("floor.nobody")))
            speech_clock.update("")
            limit_box.update("")
        else:
            limit = state.stages[state.stage_index(rec.current.stage)].speech_limit
            elapsed, status = speech_status(rec.current, limit, now)
            speaker.update(lit(t("room.speaking", name=speaker_name(state, rec.current)), "bold"))
            speech_clock.update(duration(elapsed))
            speech_clock.set_classes(f"-{status}")
            limit_box.update(lit(t("room.limit", limit=duration(limit))))

        nxt = Text(end="")
        if rec.queue:
            nxt.append(t("room.next") + "\n", style="bold")
            for n, entry in enumerate(rec.queue[:3], start=1):
                nxt.append(f"  {n}. {speaker_name(state, entry)}\n")
        self.query_one("#room-next", Static).update(nxt)

        live = [v for v in state.votes if not v.withdrawn]
        vote_box = self.query_one("#room-vote", Static)
        if live:
            vote = live[-1]
            vote_box.update(lit(t("floor.last_vote", question=vote.question) + "\n" + vote_result_text(vote)))
            vote_box.set_class(vote.passed, "-passed")
            vote_box.display = True
        else:
            vote_box.display = False

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
