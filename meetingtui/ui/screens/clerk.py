"""The clerk's screen: the speaker queue, the running speech and its notes, the record."""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TextArea

from ...domain.attendance import presence_now
from ...domain.checks import MAX_MULTILINE
from ...domain.errors import AppError
from ...domain.record import find_speech, speaker_name, speech_status, spoken_members
from ...domain.rules import Presence
from ...domain.state import MeetingState
from ...i18n import t
from ..base import MeetingScreen
from ..dialogs import FormDialog, FormField, MemberPicker, TextDialog
from ..fmt import duration, lit
from ..widgets import SpeakerQueue, SpeechList

DRAFT_SAVE_DELAY = 2.0  # seconds after the clerk stops typing before the notes are saved


class ClerkScreen(MeetingScreen):
    CSS_PATH = "clerk.tcss"
    BINDINGS = [
        Binding("a", "add_speaker", "key.add_speaker", id="clerk.add_speaker"),
        Binding("g", "add_guest_speaker", "key.add_guest_speaker", id="clerk.add_guest_speaker"),
        Binding("s", "start_speech", "key.start_speech", id="clerk.start_speech"),
        Binding("ctrl+e", "end_speech", "key.end_speech", id="clerk.end_speech", priority=True),
        Binding("x", "remove", "key.remove", id="clerk.remove"),
        Binding("shift+up", "move(-1)", "key.move_up", id="clerk.move_up", show=False),
        Binding("shift+down", "move(1)", "key.move_down", id="clerk.move_down", show=False),
        Binding("t", "to_top", "key.to_top", id="clerk.to_top"),
        Binding("u", "restore_last", "key.restore_last", id="clerk.restore_last"),
        Binding("f", "first_timers", "key.first_timers", id="clerk.first_timers"),
        Binding("o", "group_opinion", "key.group_opinion", id="clerk.group_opinion"),
        Binding("k", "conclude", "key.conclude", id="clerk.conclude"),
        Binding("c", "correct", "key.correct", id="clerk.correct"),
        Binding("b", "criticism", "key.criticism", id="clerk.criticism"),
        Binding("ctrl+t", "chair_screen", "key.chair_screen", id="clerk.chair_screen"),
        Binding("escape", "leave_notes_or_back", "key.back", id="clerk.back"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id, actor="clerk")
        self._draft_timer: Timer | None = None
        self._silent_shown_for: str = ""
        self._silent: list[str] = []
        self._drawn: dict[str, object] = {}  # what each table shows now, to skip needless redraws
        self._loading_notes = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="clerk-stage")
        with Horizontal(id="clerk-body"):
            with Vertical(id="clerk-left"):
                yield Static(lit(t("clerk.queue")), classes="section")
                yield SpeakerQueue(id="queue")
                yield Static(lit(t("clerk.recorded")), classes="section")
                yield SpeechList(id="speeches")
            with Vertical(id="clerk-right"):
                yield Static(id="speaker")
                yield Static(id="speech-clock", classes="big-clock")
                yield TextArea(id="notes", soft_wrap=True, show_line_numbers=False)
                yield Static(id="silent")
        yield Footer()

    def on_mount(self) -> None:
        self._fit_tables(self.size.width)
        try:
            self.query_one(SpeechList).utc_offset = self.mt_app.cells.cell().utc_offset_hours
        except AppError as exc:  # a damaged cell.json: said, and the meeting still opens
            self.mt_app.report(exc)
        self.query_one("#notes", TextArea).disabled = True
        self.connect()
        state = self.state
        if state is not None and state.record.current is not None:
            # Reopened while someone speaks (after a crash, say): straight back to the notes.
            self.query_one("#notes", TextArea).focus()
        else:
            self.query_one(SpeakerQueue).focus()

    def _fit_tables(self, screen_width: int) -> None:
        """Both tables fit the left half: names and summaries take what is left."""
        half = screen_width // 2 - 2
        queue, speeches = self.query_one(SpeakerQueue), self.query_one(SpeechList)
        name, summary = max(12, half - 2 - 6 - 2), max(8, half - 5 - 14 - 5 - 8 - 1)
        if queue.name_width != name:
            queue.name_width = name
        if speeches.summary_width != summary:
            speeches.summary_width = summary

    def on_resize(self, event: events.Resize) -> None:
        self._fit_tables(event.size.width)

    # -- state -------------------------------------------------------------------------

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        self.sub_title = f"{t('clerk.title')} · {state.title} · {state.date}"
        rec = state.record
        self.query_one(SpeakerQueue).state = state
        self.query_one(SpeechList).state = state

        notes = self.query_one("#notes", TextArea)
        speaking = rec.current is not None
        if speaking and notes.disabled:
            notes.disabled = False
            self._loading_notes = True
            notes.text = rec.draft
            notes.move_cursor(notes.document.end)  # typing goes on after what was saved
            self._loading_notes = False
        elif not speaking and not notes.disabled:
            notes.disabled = True
            self._loading_notes = True
            notes.text = ""
            self._loading_notes = False
        self._show_silent(state)
        self.refresh_clock()
        keys_sig = (
            state.running,
            state.ended_at is None,
            state.current_stage is not None,
            rec.current is None,
            bool(rec.queue),
            rec.last_speaker is not None,
            bool(rec.speeches),
        )
        if keys_sig != self._drawn.get("keys"):
            self._drawn["keys"] = keys_sig
            self.refresh_bindings()

    def _show_silent(self, state: MeetingState) -> None:
        """Members who have not spoken in their last three meetings, when the discussion opens.

        Worked out once per stage (it reads the cell's earlier meetings), not on every redraw.
        """
        box = self.query_one("#silent", Static)
        stage = state.current_stage
        if stage is None or stage.key != "discussion":
            box.display = False
            return
        if self._silent_shown_for != stage.id:
            try:
                silent = self.mt_app.cells.silent_members(state)
            except AppError as exc:
                self.mt_app.report(exc)
                return
            self._silent_shown_for = stage.id
            self._silent = silent
            here = self._present(state)
            names = [state.member_name(m) for m in silent if m in here]
            if names:
                self.notify(
                    t("clerk.silent", names=", ".join(names)), severity="warning", timeout=10, markup=False
                )
        here = self._present(state)
        names = [state.member_name(m) for m in self._silent if m in here]
        box.display = bool(names)
        box.update(lit(t("clerk.silent", names=", ".join(names))))

    @staticmethod
    def _present(state: MeetingState) -> set[str]:
        return {m for m, p in presence_now(state).items() if p is Presence.PRESENT}

    def tick(self) -> None:
        self.refresh_clock()

    def refresh_clock(self) -> None:
        state = self.state
        if state is None:
            return
        now = self.now()
        stage = state.current_stage
        present = sum(1 for p in presence_now(state).values() if p is Presence.PRESENT)
        spoke = len(spoken_members(state))
        head = Text(end="")
        if stage is not None and state.current is not None:
            head.append(
                t("chair.stage_n", n=state.current + 1, total=len(state.stages), title=stage.title),
                style="bold",
            )
            head.append(f"  {duration(state.stage_elapsed(state.current, now))}/{duration(stage.budget)}")
        else:
            head.append(t("meeting.not_started") if state.ended_at is None else t("chair.ended"))
        head.append("\n" + t("clerk.participation", spoke=spoke, present=present))
        self.query_one("#clerk-stage", Static).update(head)

        rec = state.record
        speaker = self.query_one("#speaker", Static)
        clock = self.query_one("#speech-clock", Static)
        if rec.current is None:
            speaker.update(lit(t("clerk.nobody_speaking")))
            clock.update("")
            clock.set_classes("big-clock")
            return
        limit = state.stages[state.stage_index(rec.current.stage)].speech_limit
        elapsed, status = speech_status(rec.current, limit, now)
        speaker.update(lit(t("clerk.speaking", name=speaker_name(state, rec.current)), "bold"))
        text = f"{duration(elapsed)} / {duration(limit)}"
        if status == "over":
            text += "  " + t("clerk.overtime", over=duration(elapsed - limit))
        elif status == "warning":
            text += "  " + t("clerk.last_seconds", left=int(limit - elapsed))
        clock.update(lit(text))
        clock.set_classes(f"big-clock -{status}")

    # -- recording ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return action == "leave_notes_or_back"
        rec = state.record
        if action == "start_speech":
            return state.running and rec.current is None and bool(rec.queue)
        if action == "end_speech":
            return rec.current is not None
        if action in ("remove", "to_top", "move"):
            return bool(rec.queue)
        if action == "restore_last":
            return rec.last_speaker is not None
        if action == "correct":
            return bool(rec.speeches)
        if action in ("add_speaker", "add_guest_speaker", "group_opinion"):
            return state.ended_at is None
        if action == "conclude":
            return state.current_stage is not None
        return True

    @work(exclusive=True, group="dialog")
    async def action_add_speaker(self) -> None:
        state = self.state
        if state is None:
            return
        spoken = spoken_members(state)
        presence = presence_now(state)
        people = []
        for m in state.members():
            detail = [] if m.id in spoken else [t("clerk.first_time")]
            if presence.get(m.id, Presence.UNMARKED) not in (Presence.PRESENT, Presence.UNMARKED):
                detail.append(t("clerk.absent"))
            people.append((m.id, m.name, " · ".join(detail)))
        member = await self.app.push_screen_wait(MemberPicker(t("clerk.pick_speaker"), people))
        if member:
            self.record("queue_added", member=member)

    @work(exclusive=True, group="dialog")
    async def action_add_guest_speaker(self) -> None:
        state = self.state
        if state is None:
            return
        guests = [(f"g{i}", g.name, g.title) for i, g in enumerate(state.guests)]
        if not guests:
            values = await self.app.push_screen_wait(
                FormDialog(t("clerk.guest_speaker"), [FormField("name", t("roll.guest_name"), required=True)])
            )
            if values is not None:
                self.record("queue_added", guest=values["name"])
            return
        names = {key: name for key, name, _ in guests}
        key = await self.app.push_screen_wait(MemberPicker(t("clerk.guest_speaker"), guests))
        if key:
            self.record("queue_added", guest=names[key])

    def action_start_speech(self) -> None:
        self._start(self.query_one(SpeakerQueue).selected)

    def on_speaker_queue_chosen(self, message: SpeakerQueue.Chosen) -> None:
        """Enter on a queued speaker gives them the floor."""
        if self.check_action("start_speech", ()):
            self._start(message.key)

    def _start(self, entry: str | None) -> None:
        data = {"entry": entry} if entry else {}
        if self.record("speech_started", **data):
            self.query_one("#notes", TextArea).focus()

    def _too_long(self, text: str) -> bool:
        if len(text) <= MAX_MULTILINE:
            return False
        self.notify(
            t("error.text_too_long", max=MAX_MULTILINE, length=len(text)), severity="error", markup=False
        )
        return True  # the text stays in the editor: nothing is lost

    def action_end_speech(self) -> None:
        text = self.query_one("#notes", TextArea).text
        if self._too_long(text):
            return
        self._cancel_draft_timer()
        if self.record("speech_ended", text=text):
            if not text.strip():
                self.notify(t("clerk.empty_summary"), severity="warning", markup=False)
            self.query_one(SpeakerQueue).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._loading_notes or event.text_area.id != "notes":
            return
        self._cancel_draft_timer()
        self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY, self.save_notes)

    def _cancel_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def save_notes(self) -> None:
        """Save the notes on the running speech so a crash loses at most a few seconds of typing."""
        self._draft_timer = None
        state = self.state
        text = self.query_one("#notes", TextArea).text
        if (
            state is None
            or state.record.current is None
            or text == state.record.draft
            or self._too_long(text)
        ):
            return
        try:
            saved = self.service.record("speech_noted", text=text)
        except AppError as exc:
            self.mt_app.report(exc)
            return
        # Hold the new state without a redraw: the editor already shows what was saved.
        self.set_reactive(ClerkScreen.state, saved)

    def action_remove(self) -> None:
        entry = self.query_one(SpeakerQueue).selected
        if entry:
            self.record("queue_removed", entry=entry)

    def action_move(self, step: int) -> None:
        queue = self.query_one(SpeakerQueue)
        entry = queue.selected
        if entry and self.record("queue_moved", entry=entry, to=queue.cursor_row + step):
            queue.move_cursor(row=max(0, queue.cursor_row + step))

    def action_to_top(self) -> None:
        entry = self.query_one(SpeakerQueue).selected
        if entry and self.record("queue_moved", entry=entry, to=0):
            self.query_one(SpeakerQueue).move_cursor(row=0)

    def action_restore_last(self) -> None:
        self.record("queue_restore_last")

    def action_first_timers(self) -> None:
        if self.record("queue_first_timers"):
            self.notify(t("clerk.first_timers_done"), markup=False)

    @work(exclusive=True, group="dialog")
    async def action_group_opinion(self) -> None:
        state = self.state
        if state is None:
            return
        groups = sorted({m.group for m in state.members() if m.group})
        choices = tuple((g, g) for g in groups) or ((t("clerk.whole_cell"), t("clerk.whole_cell")),)
        values = await self.app.push_screen_wait(
            FormDialog(
                t("clerk.group_opinion_title"), [FormField("group", t("members.col.group"), choices=choices)]
            )
        )
        if values is None:
            return
        group = values["group"]
        text = await self.app.push_screen_wait(TextDialog(t("clerk.group_opinion_text", group=group), ""))
        if text is not None:
            self.record("group_opinion", group=group, text=text)

    @work(exclusive=True, group="dialog")
    async def action_conclude(self) -> None:
        state = self.state
        if state is None or state.current_stage is None:
            return
        stage = state.current_stage
        old = state.record.conclusions.get(stage.id)
        base = len(old.history) if old else 0
        text = await self.app.push_screen_wait(
            TextDialog(t("clerk.conclusion_title", title=stage.title), old.text if old else "")
        )
        if text is not None:
            self.record("stage_concluded", stage=stage.id, text=text, base_rev=base)

    def action_correct(self) -> None:
        speech_id = self.query_one(SpeechList).selected
        if speech_id is not None:
            self.correct(speech_id)

    def on_speech_list_chosen(self, message: SpeechList.Chosen) -> None:
        """Enter on a recorded speech: correct it."""
        self.correct(message.key)

    @work(exclusive=True, group="dialog")
    async def correct(self, speech_id: str) -> None:
        state = self.state
        if state is None:
            return
        speech = find_speech(state, speech_id)
        title = t("clerk.correct_title", name=speaker_name(state, speech))
        if speech.history:
            title += " " + t("clerk.revisions", n=len(speech.history))
        text = await self.app.push_screen_wait(TextDialog(title, speech.text))
        if text is not None:
            self.record("speech_corrected", speech=speech.id, text=text, base_rev=speech.rev)

    def action_chair_screen(self) -> None:
        """Take over the chair's work (when the chair's laptop fails)."""
        from .chair import ChairScreen

        self.app.push_screen(ChairScreen(self.meeting_id))

    def action_criticism(self) -> None:
        from .criticism import CriticismScreen

        self.app.push_screen(CriticismScreen(self.meeting_id))

    def action_leave_notes_or_back(self) -> None:
        notes = self.query_one("#notes", TextArea)
        if notes.has_focus:
            self.save_notes()
            self.query_one(SpeakerQueue).focus()
            return
        self.leave()
