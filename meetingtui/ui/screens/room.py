"""The room screen: read-only, projected, readable from across the room.

A kiosk: no key leaves it or changes anything. F1 says so; the one way out is ^Q, and it asks
first ("stay" focused), so a bump of the projector laptop's keyboard does nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from ...domain.attendance import counts_now
from ...domain.dates import hhmm
from ...domain.errors import AppError
from ...domain.record import speaker_name, speech_status
from ...domain.resolution import is_adopted
from ...domain.state import MeetingState, Vote
from ...i18n import t
from ..base import MeetingScreen
from ..fmt import duration, lit, percent

VOTING_STAGES = {"conclusion", "vote"}  # the stages in which the draft is put to the vote


class RoomScreen(MeetingScreen):
    """Large stage and speaker timers, the stage, the speaker, the next three, the attendance,
    the vote: the draft's tasks while it is put to the vote, then the result, large.

    It never writes: it watches the meeting file's write counter and redraws.
    """

    CSS_PATH = "room.tcss"
    BINDINGS: ClassVar[list[BindingType]] = []  # a kiosk: nothing to press (F1, ^Q are the app's)
    ALLOW_PALETTE = False
    ALLOW_LEAVING = False
    ASK_BEFORE_QUIT = True
    HELP_NOTE = "room.help"

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id, actor="room")

    def compose(self) -> ComposeResult:
        yield Static(id="room-cell")
        yield Static(id="room-stage")
        yield Static(id="room-attendance")
        with Horizontal(id="room-clocks"):
            with Vertical(classes="room-box"):
                yield Static(lit(t("room.stage_time")), classes="room-label")
                yield Digits("00:00", id="room-stage-clock")
                yield Static(id="room-stage-budget", classes="room-label")
            with Vertical(classes="room-box"):
                yield Static(id="room-speaker", classes="room-label")
                yield Digits("", id="room-speech-clock")
                yield Static(id="room-speech-limit", classes="room-label")
        yield Static(id="room-voting")
        with Vertical(id="room-vote"):
            yield Static(id="room-vote-question")
            with Horizontal(id="room-vote-counts"):
                for key in ("for", "against", "other"):
                    with Vertical(classes="room-count"):
                        yield Static(lit(t(f"vote.{key}")), classes="room-label")
                        yield Digits("0", id=f"room-count-{key}")
            yield Static(id="room-vote-outcome")
        yield Static(id="room-next")

    def on_mount(self) -> None:
        try:
            cell = self.mt_app.cells.cell()
            self.query_one("#room-cell", Static).update(lit(cell.name.upper(), "bold"))
            self._utc_offset = cell.utc_offset_hours
        except AppError as exc:
            self.mt_app.report(exc)
            self._utc_offset = 7
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
        self._stage(state, now)
        self._attendance(state)
        self._speaker(state, now)
        self._voting(state)
        live = [v for v in state.votes if not v.withdrawn]
        self._vote(live[-1] if live else None)
        nxt = Text(end="")
        rec = state.record
        if rec.queue and state.ended_at is None:
            nxt.append(t("room.next") + "\n", style="bold")
            for n, entry in enumerate(rec.queue[:3], start=1):
                nxt.append(f"  {n}. {speaker_name(state, entry)}\n")
        self.query_one("#room-next", Static).update(nxt)

    def _stage(self, state: MeetingState, now: datetime) -> None:
        stage = state.current_stage
        stage_box = self.query_one("#room-stage", Static)
        stage_clock = self.query_one("#room-stage-clock", Digits)
        budget = self.query_one("#room-stage-budget", Static)
        stage_box.set_class(state.ended_at is not None, "-ended")
        if state.ended_at is not None:
            stage_box.update(
                lit(
                    t(
                        "room.ended",
                        time=hhmm(state.ended_at, self._utc_offset),
                        length=duration(state.elapsed(state.ended_at)),
                    ),
                    "bold",
                )
            )
            stage_clock.update(duration(state.elapsed(state.ended_at)))
            stage_clock.set_class(False, "-over")
            budget.update(lit(t("room.total_length")))
            return
        if stage is None or state.current is None:
            stage_box.update(lit(t("meeting.not_started")))
            stage_clock.update("00:00")
            budget.update("")
            return
        stage_box.update(
            lit(t("chair.stage_n", n=state.current + 1, total=len(state.stages), title=stage.title), "bold")
        )
        elapsed = state.stage_elapsed(state.current, now)
        stage_clock.update(duration(elapsed))
        stage_clock.set_class(stage.budget > 0 and elapsed > stage.budget, "-over")
        budget.update(
            lit(t("room.budget", budget=duration(stage.budget), total=duration(state.elapsed(now))))
        )

    def _attendance(self, state: MeetingState) -> None:
        box = self.query_one("#room-attendance", Static)
        c = counts_now(state)
        if c.unmarked == c.total:  # before the roll call there is nothing to show
            box.display = False
            return
        box.display = True
        box.update(
            lit(
                t(
                    "room.attendance",
                    present=c.present,
                    total=c.total,
                    rate=percent(c.rate * 100),
                    excused=c.excused,
                    unexcused=c.unexcused,
                )
            )
        )

    def _speaker(self, state: MeetingState, now: datetime) -> None:
        rec = state.record
        speaker = self.query_one("#room-speaker", Static)
        speech_clock = self.query_one("#room-speech-clock", Digits)
        limit_box = self.query_one("#room-speech-limit", Static)
        if rec.current is None:
            speaker.update(lit(t("floor.nobody")))
            speech_clock.update("")
            limit_box.update("")
            return
        limit = state.stages[state.stage_index(rec.current.stage)].speech_limit
        elapsed, status = speech_status(rec.current, limit, now)
        speaker.update(lit(t("room.speaking", name=speaker_name(state, rec.current)), "bold"))
        speech_clock.update(duration(elapsed))
        speech_clock.set_classes(f"-{status}")
        limit_box.update(lit(t("room.limit", limit=duration(limit))))

    def _voting(self, state: MeetingState) -> None:
        """In the stage where the draft is put to the vote, until a vote is taken in it: the
        draft's tasks (then the result takes their place)."""
        box = self.query_one("#room-voting", Static)
        stage = state.current_stage
        res = state.resolution
        voted = stage is not None and any(v.stage == stage.id and not v.withdrawn for v in state.votes)
        if stage is None or stage.key not in VOTING_STAGES or is_adopted(state) or not res.tasks or voted:
            box.display = False
            return
        text = Text(t("room.voting"), style="bold")
        for n, task in enumerate(res.tasks, start=1):
            text.append(f"\n{n}. ", style="bold")
            text.append(task.content.split("\n", 1)[0], style="not bold")
        box.update(text)
        box.display = True

    def _vote(self, vote: Vote | None) -> None:
        panel = self.query_one("#room-vote")
        if vote is None:
            panel.display = False
            return
        panel.display = True
        self.query_one("#room-vote-question", Static).update(
            lit(t("floor.last_vote", question=vote.question), "bold")
        )
        for key, value in (
            ("for", vote.tally.for_),
            ("against", vote.tally.against),
            ("other", vote.tally.other),
        ):
            self.query_one(f"#room-count-{key}", Digits).update(str(value))
        outcome = t("vote.passed") if vote.passed else t("vote.failed")
        self.query_one("#room-vote-outcome", Static).update(
            lit(
                t(
                    "room.vote_outcome",
                    outcome=outcome,
                    for_=vote.tally.for_,
                    denominator=vote.denominator,
                    percent=percent(vote.percent),
                    needed=vote.needed,
                ),
                "bold",
            )
        )
        panel.set_class(vote.passed, "-passed")
