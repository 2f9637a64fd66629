"""Taking a vote: the chair sees the denominator and the threshold before the counts."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from ...domain.attendance import vote_forecast
from ...domain.errors import AppError
from ...domain.rules import VoteForm, VoteKind
from ...domain.state import Vote
from ...i18n import error_text, t
from ..base import MeetingModal, after_typing
from ..fmt import lit, percent
from ..widgets import KeyFooter, show
from .form import FieldInput, FormDialog, FormField
from .kept import Kept
from .picker import MemberPicker


def vote_result_text(vote: Vote) -> str:
    outcome = t("vote.passed") if vote.passed else t("vote.failed")
    return t(
        "vote.result",
        for_=vote.tally.for_,
        against=vote.tally.against,
        other=vote.tally.other,
        denominator=vote.denominator,
        percent=percent(vote.percent),
        needed=vote.needed,
        outcome=outcome,
    )


class VoteDialog(Kept, MeetingModal[Vote | None]):
    """Question, kind, form and the three counts; Enter goes from field to field in order and
    records the vote on the last count (or ctrl+s). Once recorded, every field is locked, the
    result is shown and Enter or Escape closes, as the hint says. The app keeps one for each
    meeting and opens it again, empty (``dialogs/kept.py``).

    Returns the vote recorded (None when the dialog was left without one)."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="vote.cancel"),
        Binding("ctrl+s", "submit", "key.save", id="vote.save"),
        Binding("ctrl+b", "reserve", "key.reserve", id="vote.reserve"),
    ]

    def __init__(self, meeting_id: str, question: str = "", actor: str | None = None) -> None:
        super().__init__(meeting_id, actor)
        self.question = question
        self.recorded: Vote | None = None

    def kept_shape(self) -> Hashable | None:
        return (type(self), self.meeting_id, self.actor)

    def take_over(self, fresh: Any) -> None:
        self.question, self.recorded = fresh.question, None
        for field in self.query(".field"):
            field.disabled = False
        question = self.query_one("#question-input", Input)
        question.value = self.question
        kind, form = self.query_one("#kind", Select), self.query_one("#form", Select)
        kind.expanded = form.expanded = False
        kind.value, form.value = VoteKind.RESOLUTION.value, VoteForm.HANDS.value
        for key in ("for", "against", "other"):
            self.query_one(f"#count-{key}", Input).value = ""
        show(self.query_one("#form-error", Static), "")
        self.query_one("#vote-close", Button).display = False
        self._forecast()
        question.focus()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(lit(t("vote.title")), id="form-title")
            yield Label(t("vote.question"))
            yield FieldInput(value=self.question, id="question-input", max_length=2000, classes="field")
            with Horizontal(classes="row"):
                yield Select(
                    [(t(f"vote.kind.{k.value}"), k.value) for k in VoteKind],
                    value=VoteKind.RESOLUTION.value,
                    allow_blank=False,
                    id="kind",
                    classes="field",
                )
                yield Select(
                    [(t(f"vote.form.{f.value}"), f.value) for f in VoteForm],
                    value=VoteForm.HANDS.value,
                    allow_blank=False,
                    id="form",
                    classes="field",
                )
            yield Static(id="forecast")
            with Horizontal(classes="row"):
                for key in ("for", "against", "other"):
                    with Vertical(classes="count"):
                        yield Label(t(f"vote.{key}"))
                        yield FieldInput(
                            id=f"count-{key}", type="integer", placeholder="0", max_length=4, classes="field"
                        )
            yield Static(id="form-error")
            yield Button(t("key.close"), id="vote-close", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.connect()
        self.query_one("#vote-close", Button).display = False
        self.query_one("#question-input", Input).focus()

    def watch_state(self) -> None:
        self._forecast()

    def _kind(self) -> VoteKind:
        return VoteKind(str(self.query_one("#kind", Select).value))

    def _forecast(self) -> None:
        state = self.state
        if state is None or self.recorded is not None:
            return
        den, needed, voters, reachable = vote_forecast(state, self._kind())
        text = t("vote.forecast", denominator=den, needed=needed, voters=voters)
        if not reachable:
            text += "\n⚠ " + t("vote.unreachable", voters=voters, needed=needed)
        box = self.query_one("#forecast", Static)
        box.update(lit(text))
        box.set_class(not reachable, "-warning")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            self._forecast()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.recorded is not None:  # "Enter/Esc: close" once the vote is recorded
            self.dismiss(self.recorded)
            return
        if not self.focus_next_field(event.input):
            self.action_submit()

    def on_key(self, event: events.Key) -> None:
        """Enter on a list goes on to the next field (↓/Space open it); once the vote is
        recorded, Enter closes wherever the focus is."""
        if event.key != "enter":
            return
        focused = self.focused
        if self.recorded is not None:
            event.stop()
            event.prevent_default()
            self.dismiss(self.recorded)
        elif isinstance(focused, Select):
            event.stop()
            event.prevent_default()
            if not self.focus_next_field(focused):
                self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.recorded)

    def _error(self, message: str) -> None:
        show(self.query_one("#form-error", Static), lit("⚠ " + message))

    def action_submit(self) -> None:
        after_typing(self, self._submit)  # the last keys typed reach the field first

    def _submit(self) -> None:
        if self.recorded is not None:
            self.dismiss(self.recorded)
            return
        counts: dict[str, int] = {}
        for key in ("for", "against", "other"):
            raw = self.query_one(f"#count-{key}", Input).value.strip() or "0"
            try:
                counts[key] = int(raw)
            except ValueError:
                self._error(t("error.vote_not_integer", field=t(f"vote.{key}"), value=raw))
                return
        try:
            state = self.service.record(
                "vote_recorded",
                question=self.query_one("#question-input", Input).value,
                kind=self._kind().value,
                form=str(self.query_one("#form", Select).value),
                **counts,
            )
        except AppError as exc:
            self._error(error_text(exc))  # shown in the dialog, where the counts are
            return
        self.recorded = state.votes[-1]
        self.state = state
        hint = vote_result_text(self.recorded) + "\n" + t("vote.after_hint")
        if self.recorded.tally.other:  # an "ý kiến khác" count asks for what was said
            hint += "\n" + t("vote.other_ask", n=self.recorded.tally.other)
        show(self.query_one("#form-error", Static), lit(hint))
        for field in self.query(".field"):
            field.disabled = True
        close = self.query_one("#vote-close", Button)
        close.display = True
        close.focus()

    @work
    async def action_reserve(self) -> None:
        """A member in the minority keeps their view, recorded word for word."""
        if self.recorded is None:
            self._error(t("vote.reserve_first"))
            return
        state = self.state
        if state is None:
            return
        people = [(m.id, m.name, "") for m in state.members()]
        member = await self.app.push_screen_wait(MemberPicker(t("vote.reserve_who"), people))
        if member is None:
            return
        values = await self.app.push_screen_wait(
            FormDialog(t("vote.reserve_title"), [FormField("text", t("vote.reserve_text"), required=True)])
        )
        if values is None or not self.record(
            "reserved_opinion", vote=self.recorded.id, member=member, text=values["text"]
        ):
            return
        self.notify(t("vote.reserve_saved", name=state.member_name(member)), markup=False)

    def action_cancel(self) -> None:
        self.dismiss(self.recorded)
