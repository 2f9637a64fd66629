"""The clerk can type without looking: what is typed is text, at every focus the screen can be
left in after each of its commands.

Hypothesis draws a few commands (each run to its end, as the clerk would: a dialog answered or
cancelled, another screen opened and left) and after each one types random Vietnamese text key
by key through Pilot, every printable ASCII letter and punctuation mark, Space and Enter
included. After each burst of typing: nothing was recorded but the notes (``speech_noted``),
the clerk's screen is on top with no dialog, and every typed key is at the end of the notes.
"""

from __future__ import annotations

import asyncio
import shutil
import string
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot
from textual.widgets import TextArea

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from meetingtui.ui.app import MeetingApp, make_app
from meetingtui.ui.dialogs import ConfirmDialog, FormDialog, MemberPicker, TextDialog
from meetingtui.ui.dialogs.group import GroupOpinionDialog
from meetingtui.ui.screens.clerk import ClerkScreen

START = "2026-11-20T07:00:00+00:00"

_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
_VOWELS = [
    __import__("unicodedata").normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in _TONES
]
ALPHABET = sorted(
    set(string.ascii_letters + string.digits + string.punctuation + " \n" + "đĐ" + "".join(_VOWELS))
)
TEXT = st.text(alphabet=ALPHABET, min_size=1, max_size=16)
EVERY_ASCII = string.ascii_letters + string.punctuation  # typed in full by the fixed example


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A meeting in its discussion: everyone present but Giàng Seo Pao, a guest, two queued,
    one speech recorded."""
    root = tmp_path_factory.mktemp("typing") / "data"
    clock = FakeClock(START)
    repo = create_demo(root, clock).repo
    meeting = repo.meetings()[-1].id
    svc = MeetingService(repo, meeting, clock)
    for m in svc.state().members():
        svc.record("attendance_marked", member=m.id, status="unexcused" if m.id == "m010" else "present")
    svc.record("guest_added", name="Lục Văn Bảo", title="Ban Tuyên giáo")
    svc.start()
    for _ in range(5):
        clock.advance(minutes=5)
        svc.record("next_stage")
    svc.record("queue_added", member="m006")
    svc.record("speech_started")
    clock.advance(minutes=2)
    svc.record("speech_ended", text="Đề nghị bổ sung chỉ tiêu giải ngân.")
    svc.record("queue_added", member="m020")
    svc.record("queue_added", member="m009")
    return root, meeting


Command = Callable[[Pilot[None], MeetingApp], Awaitable[None]]


async def _answer(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def _queue(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f2")
    if isinstance(app.screen, MemberPicker):
        await _answer(pilot, *"son", "enter")  # Hà Văn Sơn
    if isinstance(app.screen, MemberPicker):
        # Already queued: the queue's picker leaves him out, "son" matches nobody and Enter
        # keeps the picker open with its message. The clerk closes it, as a user would.
        await _answer(pilot, "escape")


async def _floor(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f3")
    if isinstance(app.screen, MemberPicker):
        await _answer(pilot, "enter")  # the first of the queue


async def _floor_unqueued(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f3")
    if isinstance(app.screen, MemberPicker):
        await _answer(pilot, *"huy", "enter")  # Ngô Quang Huy, not queued


async def _floor_absent(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f3")
    if isinstance(app.screen, MemberPicker):
        await _answer(pilot, *"pao", "enter")  # absent: refused, nothing recorded


async def _end(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "ctrl+e")


async def _guest(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f4")
    if isinstance(app.screen, MemberPicker | FormDialog):
        await _answer(pilot, "enter")


async def _conclude(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f5")
    if isinstance(app.screen, TextDialog):
        await _answer(pilot, *" ket luan", "ctrl+s")


async def _conclude_thrown_away(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f5")
    if isinstance(app.screen, TextDialog):
        await _answer(pilot, "x", "escape")  # changed: asked first
        assert isinstance(app.screen, ConfirmDialog)
        await _answer(pilot, "right", "enter")  # throw it away, on purpose


async def _correct(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f6")
    if isinstance(app.screen, MemberPicker):
        await _answer(pilot, "enter")
    if isinstance(app.screen, TextDialog):
        await _answer(pilot, *" them", "ctrl+s")


async def _group(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f7")
    if isinstance(app.screen, GroupOpinionDialog):
        await _answer(pilot, "enter", "enter", *"to dang 1", "ctrl+s")


async def _criticism(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f8")
    await _answer(pilot, "escape")


async def _chair(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f9")
    await _answer(pilot, "escape")


async def _palette(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "ctrl+p", *"ket", "escape")


async def _help(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "f1")
    await _answer(pilot, "escape")


async def _escape_stay(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "escape")
    if isinstance(app.screen, ConfirmDialog):
        await _answer(pilot, "enter")  # "stay" has the focus


async def _escape_left_open(pilot: Pilot[None], app: MeetingApp) -> None:
    """A stray Escape and the question is not seen: the typing that follows must close it as
    "stay" and still land in the notes."""
    await _answer(pilot, "escape")


async def _tab(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "tab")


async def _tab_tab(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "tab", "tab")


async def _back_tab(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "shift+tab")


async def _queue_keys(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "tab", "down", "shift+up", "shift+down", "delete")  # on the queue: move, remove


async def _ctrl_keys(pilot: Pilot[None], app: MeetingApp) -> None:
    await _answer(pilot, "ctrl+r", "ctrl+f", "ctrl+t")


COMMANDS: dict[str, Command] = {
    f.__name__.strip("_"): f
    for f in (
        _queue,
        _floor,
        _floor_unqueued,
        _floor_absent,
        _end,
        _guest,
        _conclude,
        _conclude_thrown_away,
        _correct,
        _group,
        _criticism,
        _chair,
        _palette,
        _help,
        _escape_stay,
        _escape_left_open,
        _tab,
        _tab_tab,
        _back_tab,
        _queue_keys,
        _ctrl_keys,
    )
}
STEPS = st.lists(st.tuples(st.sampled_from(sorted(COMMANDS)), TEXT), min_size=1, max_size=3)


def _keys(text: str) -> list[str]:
    return ["enter" if ch == "\n" else ch for ch in text]


async def _session(root: Path, meeting: str, steps: list[tuple[str, str]]) -> None:
    clock = FakeClock(START)
    clock.advance(minutes=40)
    app = make_app(root, clock=clock, role="clerk", meeting_id=meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for name, text in steps:
            await COMMANDS[name](pilot, app)
            events = len(Repository(root).log(meeting).events())
            screen = next(s for s in app.screen_stack if isinstance(s, ClerkScreen))
            notes = screen.query_one("#notes", TextArea)
            before = notes.text
            notes.move_cursor(notes.document.end)  # a command never moves it; this only pins it
            await pilot.press(*_keys(text))
            await pilot.pause()
            where = f"after {name!r}, typing {text!r}"
            assert app.screen is screen, f"{where}: {app.screen!r} on top"
            new = Repository(root).log(meeting).events()[events:]
            assert {e.kind for e in new} <= {"speech_noted"}, f"{where}: recorded {[e.kind for e in new]}"
            assert notes.text == before + text, f"{where}: notes {notes.text!r}"


@settings(
    max_examples=8,  # each example is a real app typed at key by key (~45 ms a key under Pilot)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(
    steps=[("tab", EVERY_ASCII[:42]), ("escape_left_open", EVERY_ASCII[42:]), ("floor", "Ý kiến: xã hội\n")]
)
@example(steps=[("queue", "0"), ("queue", "0")])  # the second finds him queued already
@given(steps=STEPS)
def test_typing_always_lands_in_the_notes(prepared: tuple[Path, str], steps: list[tuple[str, str]]) -> None:
    root, meeting = prepared
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(root, copy)
        asyncio.run(_session(copy, meeting, steps))


def test_every_command_of_the_screen_is_exercised() -> None:
    """The commands above cover every key the clerk's screen binds (so a new key is typed at)."""
    keys = {b.key for b in ClerkScreen.BINDINGS if hasattr(b, "key")}  # type: ignore[union-attr]
    exercised = {
        "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "ctrl+e", "ctrl+r", "ctrl+f", "ctrl+t",
        "delete", "shift+up", "shift+down", "escape",
    }  # fmt: skip
    assert keys <= exercised, keys - exercised


async def test_before_the_start_escape_on_the_clerks_screen_asks_and_the_letters_stay_there(
    tmp_path: Path,
) -> None:
    """The gap found in tmux: the meeting not started, the clerk's screen opened from the
    chair's (`l`), a stray Escape used to go straight back to the chair's screen, where the
    letters typed next ("nyt") were the chair's commands. Now it asks; the letters close the
    question as "stay", nothing is recorded and the clerk's screen stays on top."""
    from meetingtui.ui.screens.chair import ChairScreen

    clock = FakeClock(START)
    repo = create_demo(tmp_path / "data", clock).repo
    meeting = repo.meetings()[-1].id
    before = len(repo.log(meeting).events())
    app = make_app(repo.root, clock=clock, meeting_id=meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)
        await pilot.press("l")
        await pilot.pause()
        clerk = app.screen
        assert isinstance(clerk, ClerkScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press(*"nyt")
        await pilot.pause()
        assert app.screen is clerk
    assert len(Repository(repo.root).log(meeting).events()) == before
