"""The clerk's screen: the speaker queue, the running speech and its notes, the record.

The clerk types for two hours, fast, while listening, so the screen follows one rule: **what is
typed is text**. Every printable key, Space and Enter go into the notes, wherever the cursor
was (a list reached with Tab or a click gives the key to the notes and the cursor goes back
there), and every command returns the cursor to the notes. Commands sit on keys nobody types
inside a word: function keys and ctrl combinations, listed in the footer (most used first),
in F1 and in the command palette (^P). While nobody has the floor, what is typed waits in the
notes and goes into the next speech when the floor is given.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import DataTable, Header, Static, TextArea

from ...domain.attendance import presence_now
from ...domain.checks import MAX_MULTILINE
from ...domain.dates import hhmm, short_date
from ...domain.errors import AppError, ConflictError
from ...domain.record import find_speech, speaker_name, speech_status, spoken_members
from ...domain.rules import Presence
from ...domain.state import MeetingState
from ...domain.text import clean
from ...i18n import t
from ..base import MeetingScreen, after_typing
from ..dialogs import FormDialog, FormField, MemberPicker, TextDialog
from ..dialogs.group import GroupOpinionDialog
from ..fmt import duration, lit
from ..widgets import KeyFooter, SpeakerQueue, SpeechList, set_classes, show

DRAFT_SAVE_DELAY = 2.0  # seconds after the clerk stops typing before the notes are saved

# Commands that change the record: none is offered once the meeting has ended.
EDITING = {
    "give_floor",
    "end_speech",
    "add_speaker",
    "add_guest_speaker",
    "conclude",
    "correct",
    "group_opinion",
    "remove",
    "move",
    "to_top",
    "restore_last",
    "first_timers",
}


class ClerkScreen(MeetingScreen):
    CSS_PATH = "clerk.tcss"
    HELP_NOTE = "clerk.help"
    # Most used first: the footer shows as many as fit, in this order.
    BINDINGS = [
        Binding("f3", "give_floor", "key.give_floor", id="clerk.give_floor", priority=True),
        Binding("ctrl+e", "end_speech", "key.end_speech", id="clerk.end_speech", priority=True),
        Binding("f2", "add_speaker", "key.queue_member", id="clerk.add_speaker", priority=True),
        Binding("f5", "conclude", "key.conclude", id="clerk.conclude", priority=True),
        Binding("f6", "correct", "key.correct", id="clerk.correct", priority=True),
        Binding("f8", "criticism", "key.criticism", id="clerk.criticism", priority=True),
        Binding("f7", "group_opinion", "key.group_opinion", id="clerk.group_opinion", priority=True),
        Binding(
            "f4", "add_guest_speaker", "key.add_guest_speaker", id="clerk.add_guest_speaker", priority=True
        ),
        Binding("f9", "chair_screen", "key.chair_screen", id="clerk.chair_screen", priority=True),
        Binding(
            "ctrl+r", "restore_last", "key.restore_last", id="clerk.restore_last", show=False, priority=True
        ),
        Binding(
            "ctrl+f", "first_timers", "key.first_timers", id="clerk.first_timers", show=False, priority=True
        ),
        Binding("ctrl+t", "to_top", "key.to_top", id="clerk.to_top", show=False, priority=True),
        # On the queue only (in the notes these keys edit the text, as in any editor):
        Binding("delete", "remove", "key.remove", id="clerk.remove"),
        Binding("shift+up", "move(-1)", "key.move_up", id="clerk.move_up", show=False),
        Binding("shift+down", "move(1)", "key.move_down", id="clerk.move_down", show=False),
        Binding("escape", "back", "key.back", id="clerk.back", show=False),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(meeting_id, actor="clerk")
        self._draft_timer: Timer | None = None
        self._silent_shown_for: str = ""
        self._silent: list[str] = []
        self._drawn: dict[str, object] = {}  # what each part shows now, to skip needless redraws
        self._loading_notes = False
        self._bound: str | None = None  # the speech the notes belong to (None: the next one)
        self.typed_elsewhere = self._type_into_notes

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="clerk-stage")
        with Horizontal(id="clerk-body"):
            with Vertical(id="clerk-left"):
                yield Static(lit(t("clerk.queue")), classes="section")
                yield SpeakerQueue(id="queue")
                yield Static(lit(t("clerk.recorded")), classes="section")
                yield SpeechList(id="speeches")
                yield Static(id="speech-whole")
            with Vertical(id="clerk-right"):
                yield Static(id="speaker")
                yield Static(id="speech-clock", classes="big-clock")
                yield Static(id="notes-label")
                yield TextArea(id="notes", soft_wrap=True, show_line_numbers=False)
                yield Static(id="silent")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fit_tables(self.size.width)
        try:
            self.query_one(SpeechList).utc_offset = self.mt_app.cells.cell().utc_offset_hours
        except AppError as exc:  # a damaged cell.json: said, and the meeting still opens
            self.mt_app.report(exc)
        self.connect()
        self._focus_notes()

    def _fit_tables(self, screen_width: int) -> None:
        """Both tables fit the left half: names and summaries take what is left."""
        half = screen_width // 2
        queue, speeches = self.query_one(SpeakerQueue), self.query_one(SpeechList)
        name = max(12, half - 2 - 2 - 2 * 2 - 2)  # number, padding, scrollbar
        if queue.name_width != name:
            queue.name_width = name
        if speeches.panel_width != half:
            speeches.panel_width = half

    def on_resize(self, event: events.Resize) -> None:
        self._fit_tables(event.size.width)

    # -- typing goes into the notes -------------------------------------------------------

    def _notes(self) -> TextArea:
        return self.query_one("#notes", TextArea)

    def _focus_notes(self) -> None:
        notes = self._notes()
        if not notes.disabled:
            notes.focus()

    def _type_into_notes(self, character: str) -> None:
        notes = self._notes()
        if notes.disabled:
            return
        notes.focus()
        notes.insert(character)

    def take_key(self, event: events.Key) -> bool:
        """A key typed while the notes do not have the cursor (a list reached with Tab, or
        nothing) is text too: it goes into the notes, at once (see ``MeetingApp.on_event``)."""
        notes = self._notes()
        if self.focused is notes or notes.disabled:
            return False
        if event.key == "enter":
            character = "\n"
        elif event.is_printable and event.character:
            character = event.character
        else:
            return False
        self._type_into_notes(character)
        return True

    def on_screen_resume(self) -> None:
        # MeetingConnection.on_screen_resume (the re-read) is called by Textual too, which calls
        # the handler of every class of the screen: calling it here as well read the file twice.
        self.call_after_refresh(self._refocus)  # back from a dialog or another screen

    def _refocus(self) -> None:
        if self.is_current:  # not when the screen was closed meanwhile ("leave?" answered yes)
            self._focus_notes()

    # -- state -------------------------------------------------------------------------

    def watch_state(self, state: MeetingState | None) -> None:
        if state is None:
            return
        self.sub_title = f"{t('clerk.title')} · {state.title} · {short_date(state.date)}"
        rec = state.record
        self.query_one(SpeakerQueue).state = state
        self.query_one(SpeechList).state = state
        self._bind_notes(state)
        self._show_silent(state)
        self._show_whole_speech()
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

    def _bind_notes(self, state: MeetingState) -> None:
        """Keep the notes with the speech they belong to, never dropping what is typed."""
        notes = self._notes()
        rec = state.record
        current = rec.current.id if rec.current is not None else None
        ended = state.ended_at is not None
        if ended and rec.current is None and not notes.text.strip():
            notes.disabled = True
            notes.display = False  # an ended meeting offers nothing to type into
        if current == self._bound:
            self._label_notes(state)
            return
        if current is not None and self._bound is None:
            # The floor was given (here, after a restart, or on another clerk's screen).
            if rec.draft and not notes.text.strip():
                self._load_notes(rec.draft)
            elif rec.draft and notes.text != rec.draft:
                self._load_notes(rec.draft + "\n" + notes.text)
            if notes.text.strip() and notes.text != rec.draft:
                self._schedule_save()
        elif current is None and self._bound is not None:
            # Ended on another screen: what was saved went into the speech; keep anything newer.
            last = rec.speeches[-1].text if rec.speeches else ""
            if notes.text.strip() and notes.text.strip() != last.strip():
                self.notify(t("clerk.ended_elsewhere"), severity="warning", timeout=10, markup=False)
            else:
                self._load_notes("")
        self._bound = current
        self._label_notes(state)

    def _load_notes(self, text: str) -> None:
        notes = self._notes()
        self._loading_notes = True
        notes.text = text
        notes.move_cursor(notes.document.end)  # typing goes on after what is there
        self._loading_notes = False

    def _label_notes(self, state: MeetingState) -> None:
        rec = state.record
        if rec.current is not None:
            label = t("clerk.notes_for", name=speaker_name(state, rec.current))
        elif state.ended_at is not None:
            label = t("clerk.notes_ended")
        else:
            label = t("clerk.notes_waiting")
        box = self.query_one("#notes-label", Static)
        show(box, lit(label))
        box.set_class(rec.current is None, "-waiting")

    def _show_silent(self, state: MeetingState) -> None:
        """Members who have not spoken in their last three meetings, when the discussion opens;
        each drops off the list once they speak in this one.

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
        here, spoke = self._present(state), spoken_members(state)
        names = [state.member_name(m) for m in self._silent if m in here and m not in spoke]
        box.display = bool(names)
        show(box, lit(t("clerk.silent", names=", ".join(names))))

    def _show_whole_speech(self) -> None:
        """The highlighted recorded speech, whole (the list shows each one's first line)."""
        state = self.state
        box = self.query_one("#speech-whole", Static)
        speech_id = self.query_one(SpeechList).selected
        if state is None or speech_id is None:
            box.display = False
            return
        speech = find_speech(state, speech_id)
        text = Text(end="")
        text.append(f"{hhmm(speech.started_at, self.query_one(SpeechList).utc_offset)} ", style="dim")
        text.append(speaker_name(state, speech) if speech.kind == "speech" else speech.group, style="bold")
        text.append(": " + (speech.text or t("clerk.no_summary")))
        show(box, text)
        box.display = True

    @on(DataTable.RowHighlighted, "#speeches")
    def _speech_highlighted(self) -> None:
        self._show_whole_speech()

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
        if present:
            head.append("\n" + t("clerk.participation", spoke=spoke, present=present))
        else:  # "1/0 present" read as nonsense before the roll call
            head.append("\n" + t("clerk.participation_no_roll", spoke=spoke))
        show(self.query_one("#clerk-stage", Static), head)

        rec = state.record
        speaker = self.query_one("#speaker", Static)
        clock = self.query_one("#speech-clock", Static)
        if rec.current is None:
            show(speaker, lit(t("clerk.nobody_speaking")))
            show(clock, "")
            set_classes(clock, "big-clock")
            return
        limit = state.stages[state.stage_index(rec.current.stage)].speech_limit
        elapsed, status = speech_status(rec.current, limit, now)
        show(speaker, lit(t("clerk.speaking", name=speaker_name(state, rec.current)), "bold"))
        text = f"{duration(elapsed)} / {duration(limit)}"
        if status == "over":
            text += "  " + t("clerk.overtime", over=duration(elapsed - limit))
        elif status == "warning":
            text += "  " + t("clerk.last_seconds", left=int(limit - elapsed))
        show(clock, lit(text))
        set_classes(clock, f"big-clock -{status}")

    # -- recording ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return action == "back"
        if action in EDITING and state.ended_at is not None:
            return False
        rec = state.record
        on_queue = self.focused is self.query_one(SpeakerQueue)
        if action == "give_floor":
            return state.running and rec.current is None
        if action == "end_speech":
            return rec.current is not None
        if action in ("remove", "move"):
            return on_queue and bool(rec.queue)
        if action == "to_top":
            return bool(rec.queue)
        if action == "restore_last":
            return rec.last_speaker is not None
        if action == "correct":
            return bool(rec.speeches)
        if action == "conclude":
            return state.current_stage is not None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # the queue's own keys show only while it has the cursor

    def _people(self, state: MeetingState) -> tuple[list[tuple[str, str, str]], set[str]]:
        """Everyone who could speak, as the pickers show them, and those present (preferred)."""
        spoken = spoken_members(state)
        presence = presence_now(state)
        people, here = [], set()
        for m in state.members():
            status = presence.get(m.id, Presence.UNMARKED)
            detail = [] if m.id in spoken else [t("clerk.first_time")]
            if status not in (Presence.PRESENT, Presence.UNMARKED):
                detail.append(t("clerk.absent"))
            else:
                here.add(m.id)
            people.append((m.id, m.name, " · ".join(detail)))
        return people, here

    # F2 and F3 push their picker at once, within the key press (not from a worker): the name
    # typed straight after the key then goes into the picker, however fast it is typed.
    def action_add_speaker(self) -> None:
        state = self.state
        if state is None:
            return
        people, here = self._people(state)
        queued = {e.member for e in state.record.queue}
        people = [p for p in people if p[0] not in queued]
        self.app.push_screen(
            MemberPicker(t("clerk.pick_speaker"), people, preferred=here), self._queue_chosen
        )

    def _queue_chosen(self, member: str | None) -> None:
        if member:
            self.record("queue_added", member=member)

    def action_give_floor(self) -> None:
        """Who speaks now: the queue first (Enter gives the floor to its first), or anyone
        present by typing part of a name: one command, the name, Enter."""
        state = self.state
        if state is None:
            return
        rec = state.record
        people, here = self._people(state)
        queued = {e.member for e in rec.queue if e.member}
        choices: list[tuple[str, str, str]] = []
        for n, entry in enumerate(rec.queue, start=1):
            detail = t("clerk.in_queue", n=n) + (f" · {t('clerk.guest')}" if entry.guest else "")
            choices.append((f"q:{entry.id}", speaker_name(state, entry), detail))
        choices += [(f"m:{key}", name, detail) for key, name, detail in people if key not in queued]
        for guest in state.guests:
            if not any(e.guest == guest.name for e in rec.queue):
                choices.append((f"g:{guest.name}", guest.name, t("clerk.guest")))
        preferred = {c[0] for c in choices if not c[0].startswith("m:") or c[0][2:] in here}
        highlighted = self.query_one(SpeakerQueue).selected if rec.queue else None
        picker = MemberPicker(
            t("clerk.give_floor_title"),
            choices,
            preferred=preferred,
            hint=t("clerk.give_floor_hint"),
            initial=f"q:{highlighted}" if highlighted else None,
        )
        self.app.push_screen(picker, self._floor_chosen)

    def _floor_chosen(self, picked: str | None) -> None:
        """The floor to the one chosen: a queue entry, or anyone else (queued, then started)."""
        if not picked:
            return
        kind, _, value = picked.partition(":")
        if kind == "q":
            self._start(value)
            return
        if not self.record("queue_added", **({"member": value} if kind == "m" else {"guest": value})):
            return
        state = self.state
        if state is not None and state.record.queue:
            self._start(state.record.queue[-1].id)

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

    def _start(self, entry: str) -> None:
        """The floor to a queue entry; notes typed while nobody spoke go into this speech."""
        waiting = self._notes().text
        if not self.record("speech_started", entry=entry):
            return
        state = self.state
        if state is not None and state.record.current is not None:
            self._bound = state.record.current.id
            self._label_notes(state)
        if waiting.strip() and not self._too_long(waiting):
            self._cancel_draft_timer()
            self.record("speech_noted", text=waiting)
        self._focus_notes()

    def _too_long(self, text: str) -> bool:
        if len(text) <= MAX_MULTILINE:
            return False
        self.notify(
            t("error.text_too_long", max=MAX_MULTILINE, length=len(text)), severity="error", markup=False
        )
        return True  # the text stays in the editor: nothing is lost

    def action_end_speech(self) -> None:
        after_typing(self, self._end_speech)  # the words typed just before ^E are in the notes

    def _end_speech(self) -> None:
        if self.state is None or self.state.record.current is None:
            return
        notes = self._notes()
        text = notes.text
        if self._too_long(text):
            return
        self._cancel_draft_timer()
        if self.record("speech_ended", text=text):
            self._bound = None
            self._load_notes("")
            if self.state is not None:
                self._label_notes(self.state)
            if not text.strip():
                self.notify(t("clerk.empty_summary"), severity="warning", markup=False)
        self._focus_notes()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._loading_notes or event.text_area.id != "notes":
            return
        self._schedule_save()

    def _schedule_save(self) -> None:
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
        text = self._notes().text
        if (
            state is None
            or state.record.current is None
            or clean(text, multiline=True) == state.record.draft
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
        choices = [(g, g) for g in groups] or [(t("clerk.whole_cell"), t("clerk.whole_cell"))]
        here = self._present(state)
        readers = [(m.name, m.id) for m in state.members() if m.id in here or not here]
        opinion = await self.app.push_screen_wait(GroupOpinionDialog(choices, readers))
        if opinion is not None:
            self.record("group_opinion", group=opinion.group, member=opinion.reader, text=opinion.text)

    @work(exclusive=True, group="dialog")
    async def action_conclude(self) -> None:
        state = self.state
        if state is None or state.current_stage is None:
            return
        stage = state.current_stage
        old = state.record.conclusions.get(stage.id)
        base = len(old.history) if old else 0
        title = t("clerk.conclusion_title", title=stage.title)
        text = await self.app.push_screen_wait(TextDialog(title, old.text if old else ""))
        while text is not None:
            try:
                self.state = self.service.record("stage_concluded", stage=stage.id, text=text, base_rev=base)
                return
            except ConflictError:
                self.reload()
                fresh = self.state.record.conclusions.get(stage.id) if self.state else None
                if fresh is None:
                    return
                base = len(fresh.history)
                text = await self.app.push_screen_wait(self._merge(title, text, fresh.text))
            except AppError as exc:
                self.mt_app.report(exc)
                self.reload()
                return

    @staticmethod
    def _merge(title: str, mine: str, theirs: str) -> TextDialog:
        return TextDialog(
            t("text.merge_title", title=title),
            mine,
            beside=theirs,
            beside_title=t("text.theirs", who=t("text.someone")),
        )

    def action_correct(self) -> None:
        speeches = self.query_one(SpeechList)
        if self.focused is speeches and speeches.selected is not None:
            self.correct(speeches.selected)
            return
        self.pick_speech()

    @work(exclusive=True, group="dialog")
    async def pick_speech(self) -> None:
        """Which recorded speech to correct: newest first, found by the speaker's name."""
        state = self.state
        if state is None or not state.record.speeches:
            return
        offset = self.query_one(SpeechList).utc_offset
        items = []
        for speech in reversed(state.record.speeches):
            who = speaker_name(state, speech) if speech.kind == "speech" else speech.group
            first = (speech.text.split("\n", 1)[0] or t("clerk.no_summary"))[:60]
            items.append((speech.id, who, f"{hhmm(speech.started_at, offset)} · {first}"))
        picked = await self.app.push_screen_wait(MemberPicker(t("clerk.pick_correct"), items))
        if picked:
            self.correct(picked)

    def on_speech_list_chosen(self, message: SpeechList.Chosen) -> None:
        """A click on a recorded speech: correct it."""
        if self.check_action("correct", ()):
            self.correct(message.key)

    @work(exclusive=True, group="correct")
    async def correct(self, speech_id: str) -> None:
        state = self.state
        if state is None:
            return
        speech = find_speech(state, speech_id)
        title = t("clerk.correct_title", name=speaker_name(state, speech))
        if speech.history:
            title += " " + t("clerk.revisions", n=len(speech.history))
        base = speech.rev
        text = await self.app.push_screen_wait(TextDialog(title, speech.text))
        while text is not None:
            try:
                self.state = self.service.record(
                    "speech_corrected", speech=speech.id, text=text, base_rev=base
                )
                return
            except ConflictError:
                # Someone corrected it meanwhile: both versions side by side, to merge.
                self.reload()
                if self.state is None:
                    return
                fresh = find_speech(self.state, speech.id)
                base = fresh.rev
                text = await self.app.push_screen_wait(self._merge(title, text, fresh.text))
            except AppError as exc:
                self.mt_app.report(exc)
                self.reload()
                return

    def action_chair_screen(self) -> None:
        """Take over the chair's work (when the chair's laptop fails)."""
        from .chair import ChairScreen

        self.save_notes()
        self.app.push_screen(ChairScreen(self.meeting_id))

    def action_criticism(self) -> None:
        from .criticism import CriticismScreen

        self.save_notes()
        self.app.push_screen(CriticismScreen(self.meeting_id))

    def action_back(self) -> None:
        """Escape asks first until the meeting has ended, whatever screen is below: a stray
        Escape must not hand the sentence typed after it to the chair's letter keys, before the
        start as much as during the meeting."""
        self.save_notes()
        state = self.state
        if state is not None and state.ended_at is None:
            self._confirm_leave()
        else:
            self.leave()
