"""Issue 18.1: every key the target names shows its result within 50 ms p95 and is settled
within 100 ms p95 on the 200-member, ten-year cell, headless and in a real terminal.

The keys: a roll-call mark (Enter / F3), a cursor move on the roll call (↓), ``ctrl+e`` on the
clerk's screen (the speech ends), opening a dialog (F2 on the clerk's screen: the speaker
picker), queueing a speaker (Enter in that picker, a name typed), the next stage (``n`` on the
chair's screen); and each other dialog of the two screens opening (``DIALOGS``: the vote, a
stage added, the keys, the commands, the floor given, a conclusion, a correction, a party
group's opinion), closed again with Escape, untimed.

Headless (``KeyProbe``): the key goes in as the terminal driver sends it (``driver.
send_message``, no Pilot: Pilot's ``press`` and ``pause`` sleep 20 ms at least each, more than
the figure measured). Every frame the app renders is kept with its time.

* **shows**: from the key to the end of the first frame whose text holds what the key
  changed (the new counts, "nobody is speaking", the picker's title, the name in the queue,
  the next stage's title; for a cursor move, the first frame);
* **settled**: to the end of the last frame or message the key caused (nothing more for
  80 ms): when the next key would find the app idle.

In a terminal (``test_keys_in_a_terminal``): the app runs as a user runs it, on a
pseudo-terminal (``_keys_app.py``: ``make_app`` on a copy of the cell, the clock held at the
cell's moment so that no clock redraws while timing); the key's bytes are written to the
terminal and timed until the changed text is read back from it (shows), and until the
terminal has been quiet for 80 ms (settled, the end of the last output).

A text field's cursor blinks every half second whatever the keys do; a blink that fell within
80 ms of a key's last frame counted as the key's work (the clerk's notes blinked after one
``ctrl+e`` in four). So the cursors are held still while timing, headless and in the terminal
(``support.cursors``).

The baseline in the same run: the same key on the same 200 members and the same running
meeting with no history before it (``one_meeting_cell``). (Until the benchmark run neared its
five minutes, the roll-call mark was also timed with the roll call's old ``_fill`` put back,
every row cleared and added: 38-45 ms shown, 67-88 ms settled, against 8 and 10 ms.)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import select
import signal
import struct
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual import events
from textual.keys import _get_unicode_name_from_key
from textual.message_pump import MessagePump
from textual.widgets import DataTable, Input, TextArea

from meetingtui.domain.attendance import counts_now
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.record import spoken_members
from meetingtui.i18n import t
from meetingtui.store.repo import Repository
from meetingtui.ui.app import make_app
from meetingtui.ui.dialogs import MemberPicker
from meetingtui.ui.screens.chair import ChairScreen
from meetingtui.ui.screens.clerk import ClerkScreen
from meetingtui.ui.screens.rollcall import RollCallScreen
from support.cursors import hold_cursors_still
from support.synth import speech_text

pytestmark = pytest.mark.benchmark

SHOWS_MS = 50.0
SETTLED_MS = 100.0
# Rounds timed on the ten-year cell, which the targets judge: with twenty, the p95 (nearest rank)
# is the 19th of the 20, the second slowest, one round in twenty above it, as a p95 is; with
# sixteen it was the slowest, and one stall of the machine in sixteen decided the figure. The
# slowest is printed beside it. The baseline, printed beside them and judged by nothing, gets
# half as many.
ROUNDS = 20
BASE_ROUNDS = 10
WARMUP = 1  # the first round builds what is kept (a dialog, a cache): not timed
QUIET = 0.08  # seconds without a frame, a message or output: the key's work is done
BETWEEN = 0.15  # seconds the app is left idle before each key (keys are not typed in bursts here)


# -- headless: a key in, its frames timed ---------------------------------------------------------
class KeyProbe:
    """Times the frames and messages a key causes in a headless app (see the module)."""

    def __init__(self, app: Any, rounds: int) -> None:
        self.app = app
        self.rounds = rounds  # timed, after WARMUP
        self.frames: list[tuple[float, Any]] = []
        self.activity = 0.0
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.activity = time.perf_counter()
                self.frames.append((self.activity, renderable))

        app._display = timed_display

    def dispatched(self) -> None:
        self.activity = time.perf_counter()

    async def press(self, key: str, marker: str | None) -> tuple[float, float]:
        """(shows, settled) in seconds for ``key``; ``marker`` None: the first frame shows it."""
        await asyncio.sleep(BETWEEN)
        self.frames.clear()
        event = events.Key(key, _character(key))
        event.set_sender(self.app)
        t0 = self.activity = time.perf_counter()
        self.app._driver.send_message(event)
        while time.perf_counter() - self.activity < QUIET:
            await asyncio.sleep(0.005)
            if time.perf_counter() - t0 > 10:
                raise AssertionError(f"{key}: still busy after 10 s")
        shows = next(
            (
                at - t0
                for at, update in self.frames
                if marker is None or marker in update.render_segments(self.app.console)
            ),
            None,
        )
        assert shows is not None, f"{key}: no frame showed {marker!r} ({len(self.frames)} frames)"
        return shows, self.activity - t0


def _character(key: str) -> str | None:
    """The character the terminal driver gives with ``key`` (as Pilot works it out)."""
    try:
        return unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        return key if len(key) == 1 else None


@pytest.fixture
def probing(monkeypatch: pytest.MonkeyPatch) -> Callable[[Any, int], KeyProbe]:
    """``probing(app, rounds)``: a KeyProbe on ``app``, every message dispatched counted as activity."""
    probes: list[KeyProbe] = []
    dispatch = MessagePump._dispatch_message

    async def timed_dispatch(self: MessagePump, message: Any) -> Any:
        try:
            return await dispatch(self, message)
        finally:
            for probe in probes:
                probe.dispatched()

    monkeypatch.setattr(MessagePump, "_dispatch_message", timed_dispatch)
    hold_cursors_still(monkeypatch.setattr)

    def make(app: Any, rounds: int) -> KeyProbe:
        probe = KeyProbe(app, rounds)
        probes[:] = [probe]
        return probe

    return make


@dataclass(frozen=True)
class KeyTimes:
    shows: Any  # bench.Timing
    settled: Any

    def __str__(self) -> str:
        slowest = max(self.shows.samples) * 1000, max(self.settled.samples) * 1000
        return f"shows {self.shows}  settled {self.settled}  slowest {slowest[0]:.1f} / {slowest[1]:.1f} ms"

    @classmethod
    def of(cls, bench: SimpleNamespace, samples: list[tuple[float, float]]) -> KeyTimes:
        """From (shows, settled) pairs in seconds."""
        return cls(bench.Timing(tuple(s for s, _ in samples)), bench.Timing(tuple(z for _, z in samples)))


Scenario = Callable[[Any, Any, KeyProbe], Any]  # (app, pilot, probe) -> awaitable of [(shows, settled)]


def _samples(
    bench: SimpleNamespace,
    probing: Callable[[Any, int], KeyProbe],
    root: Path,
    meeting_id: str,
    role: str,
    scenario: Scenario,
    rounds: int,
) -> list[tuple[float, float]]:
    """Every (shows, settled) of ``scenario`` (``WARMUP + rounds`` rounds), on the command line's
    app."""
    app = make_app(
        root,
        clock=FakeClock(bench.START),
        role=role,
        meeting_id=meeting_id,
        watch_files=False,
        freeze_start=True,
    )
    with bench.AppThread(app) as run:

        async def timed() -> list[tuple[float, float]]:
            await run.pilot.pause()
            return list(await scenario(app, run.pilot, probing(app, rounds)))

        return run.call(timed, timeout=600)


# -- the keys -----------------------------------------------------------------------------------
def _counts_after(state: Any, old: str, new: str) -> str:
    """The roll call's second counts line once a member's status goes from ``old`` to ``new``."""
    c = counts_now(state)
    n = {"present": c.present, "excused": c.excused, "unexcused": c.unexcused, "": c.unmarked}
    n[old] -= 1
    n[new] += 1
    return t(
        "roll.counts2", present=n["present"], excused=n["excused"], unexcused=n["unexcused"], unmarked=n[""]
    )


async def _open_roll_call(app: Any, pilot: Any) -> RollCallScreen:
    app.push_screen(RollCallScreen(app.meeting_id))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RollCallScreen)
    return screen


async def _to_row(pilot: Any, table: DataTable[Any], row: int) -> None:
    table.move_cursor(row=row)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()  # the table has scrolled there


async def rollcall_marks(app: Any, pilot: Any, probe: KeyProbe) -> list[tuple[float, float]]:
    """Enter (present) or F3 (absent without reason) on a member somewhere in the list."""
    screen = await _open_roll_call(app, pilot)
    table = screen.query_one("#roll", DataTable)
    rng = random.Random(18)
    times = []
    for _ in range(WARMUP + probe.rounds):
        await _to_row(pilot, table, rng.randrange(table.row_count))
        state = screen.state
        assert state is not None
        member = screen.selected_key("#roll")
        rec = state.attendance.get(member) if member else None
        old = rec.status.value if rec is not None else ""
        new = "unexcused" if old == "present" else "present"
        times.append(
            await probe.press("f3" if new == "unexcused" else "enter", _counts_after(state, old, new))
        )
    return times


async def cursor_moves(app: Any, pilot: Any, probe: KeyProbe) -> list[tuple[float, float]]:
    """↓ on the roll call, from a member somewhere in the list (the first frame shows it)."""
    screen = await _open_roll_call(app, pilot)
    table = screen.query_one("#roll", DataTable)
    rng = random.Random(19)
    times = []
    for _ in range(WARMUP + probe.rounds):
        await _to_row(pilot, table, rng.randrange(table.row_count - 1))
        row = table.cursor_row
        times.append(await probe.press("down", None))
        assert table.cursor_row == row + 1
    return times


async def _clerk(app: Any, pilot: Any) -> ClerkScreen:
    screen = app.screen
    assert isinstance(screen, ClerkScreen) and screen.state is not None
    await pilot.pause()
    return screen


async def end_speeches(app: Any, pilot: Any, probe: KeyProbe) -> list[tuple[float, float]]:
    """ctrl+e on the clerk's screen, a member speaking with two or three lines of notes."""
    screen = await _clerk(app, pilot)
    assert screen.state is not None
    speakers = [m for m, rec in screen.state.attendance.items() if rec.present_now]
    nobody = t("clerk.nobody_speaking").split(".")[0]
    times = []
    for n in range(WARMUP + probe.rounds):
        # untimed: a member queued and given the floor, the clerk has typed the summary
        screen.service.record("queue_added", member=speakers[n % len(speakers)])
        screen.state = screen.service.record("speech_started")
        notes = screen.query_one("#notes", TextArea)
        notes.focus()
        notes.text = speech_text(random.Random(n))
        await pilot.pause()
        times.append(await probe.press("ctrl+e", nobody))
        assert screen.state is not None and screen.state.record.current is None
    return times


async def open_pickers(app: Any, pilot: Any, probe: KeyProbe) -> list[tuple[float, float]]:
    """F2 on the clerk's screen opens the speaker picker (Escape closes it, untimed)."""
    screen = await _clerk(app, pilot)
    title = t("clerk.pick_speaker")
    times = []
    for _ in range(WARMUP + probe.rounds):
        times.append(await probe.press("f2", title))
        assert isinstance(app.screen, MemberPicker)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
    return times


async def queue_speakers(app: Any, pilot: Any, probe: KeyProbe) -> list[tuple[float, float]]:
    """Enter in the speaker picker with a name typed: the member is queued (F2 and the name
    untimed). Members who have not spoken, so that only the queue shows their name; each is
    taken off the queue again after (untimed)."""
    screen = await _clerk(app, pilot)
    state = screen.state
    assert state is not None
    spoke = spoken_members(state) | {e.member for e in state.record.queue}
    here = [
        m
        for m in state.members()
        if m.id not in spoke and (r := state.attendance.get(m.id)) and r.present_now
    ]
    names = {m.name for m in state.members()}
    unique = [m for m in here if sum(1 for n in names if m.name in n) == 1]  # no other name contains it
    times = []
    for member in unique[: WARMUP + probe.rounds]:
        await pilot.press("f2")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MemberPicker)
        picker.query_one(Input).value = member.name
        await pilot.pause()
        times.append(await probe.press("enter", member.name))
        assert app.screen is screen
        assert screen.state is not None and screen.state.record.queue[-1].member == member.id
        # untimed: taken off again, so that the queue stays as short as a real one (all shown)
        screen.record("queue_removed", entry=screen.state.record.queue[-1].id)
        await pilot.pause()
    assert len(times) == WARMUP + probe.rounds, f"only {len(unique)} members to queue"
    return times


async def next_stages(app: Any, pilot: Any, probe: KeyProbe) -> list[tuple[float, float]]:
    """``n`` on the chair's screen: the next stage (``p`` takes it back, untimed)."""
    screen = app.screen
    assert isinstance(screen, ChairScreen)
    times = []
    for _ in range(WARMUP + probe.rounds):
        state = screen.state
        assert state is not None and state.current is not None
        nxt = state.current + 1
        # "Bước 5/11:", the stage's number (its title may wrap onto a second line)
        times.append(
            await probe.press("n", t("chair.stage_n", n=nxt + 1, total=len(state.stages), title="").strip())
        )
        assert screen.state is not None and screen.state.current == nxt
        await pilot.press("p")
        await pilot.pause()
    return times


KEYS: dict[str, tuple[str, Scenario]] = {
    "roll-call mark (Enter/F3)": ("chair", rollcall_marks),
    "roll-call cursor ↓": ("chair", cursor_moves),
    "clerk ctrl+e (speech ends)": ("clerk", end_speeches),
    "clerk F2 (picker opens)": ("clerk", open_pickers),
    "clerk queue a speaker (Enter)": ("clerk", queue_speakers),
    "chair n (next stage)": ("chair", next_stages),
}


def test_every_key_shows_within_50_ms_and_settles_within_100_ms(
    bench: SimpleNamespace,
    big_cell: Any,
    one_meeting_cell: Any,
    tmp_path: Path,
    probing: Callable[[Any, int], KeyProbe],
) -> None:
    failed = []
    for n, (what, (role, scenario)) in enumerate(KEYS.items()):
        found = []
        for name, cell, rounds in (("b", one_meeting_cell, BASE_ROUNDS), ("k", big_cell, ROUNDS)):
            root = cell.copy_to(tmp_path / f"{name}{n}")
            samples = _samples(bench, probing, root, cell.meeting_id, role, scenario, rounds)
            found.append(KeyTimes.of(bench, samples[WARMUP:]))
        base, big = found
        bench.report(f"{what:31s} no history (baseline) {base}")
        bench.report(
            f"{what:31s} ten years, 200        {big}"
            f"  = {big.settled.median_ms / base.settled.median_ms:.2f}× settled median"
        )
        if big.shows.p95_ms >= SHOWS_MS or big.settled.p95_ms >= SETTLED_MS:
            failed.append(f"{what}: shows {big.shows}, settled {big.settled}")
    bench.report(f"targets: shows p95 < {SHOWS_MS:.0f} ms, settled p95 < {SETTLED_MS:.0f} ms")
    assert not failed, "\n".join(failed)


def _judge(bench: SimpleNamespace, base: dict[str, KeyTimes], big: dict[str, KeyTimes], prefix: str) -> None:
    """Each key's figures printed beside its baseline; every key of ``big`` within the targets."""
    failed = []
    for what, times in big.items():
        name = f"{prefix}{what}".ljust(31)
        bench.report(f"{name} no history (baseline) {base[what]}")
        bench.report(f"{name} ten years, 200        {times}")
        if times.shows.p95_ms >= SHOWS_MS or times.settled.p95_ms >= SETTLED_MS:
            failed.append(f"{what}: shows {times.shows}, settled {times.settled}")
    assert not failed, "\n".join(failed)


# -- every dialog ---------------------------------------------------------------------------------
# (role, key, what the dialog shows that the screen under it does not, the dialog's class name)
DIALOGS: dict[str, tuple[str, str, Callable[[], str], str]] = {
    "chair v (vote)": ("chair", "v", lambda: t("vote.question"), "VoteDialog"),
    "chair + (add a stage)": ("chair", "plus", lambda: t("types.add_stage_title"), "FormDialog"),
    "chair F1 (the keys)": ("chair", "f1", lambda: t("help.title", screen="").strip(), "HelpScreen"),
    "chair ^P (commands)": ("chair", "ctrl+p", lambda: t("palette.title"), "CommandPicker"),
    "clerk F3 (give the floor)": ("clerk", "f3", lambda: t("clerk.give_floor_title"), "MemberPicker"),
    "clerk F5 (conclusion)": ("clerk", "f5", lambda: t("clerk.conclusion_title", title="").strip(), "TextDialog"),
    "clerk F6 (correct a speech)": ("clerk", "f6", lambda: t("clerk.pick_correct"), "MemberPicker"),
    "clerk F7 (group's opinion)": ("clerk", "f7", lambda: t("group.reader"), "GroupOpinionDialog"),
}  # fmt: skip
# Each of eight dialogs: the whole benchmark run stays within five minutes. Eight rounds on the
# ten-year cell (the p95 of eight is the slowest), four on the baseline.
DIALOG_ROUNDS = 8
BASE_DIALOG_ROUNDS = 4


def _dialogs_of(role: str) -> Scenario:
    """Each of ``role``'s dialogs opened (timed) and closed with Escape (untimed), in turn."""

    async def scenario(app: Any, pilot: Any, probe: KeyProbe) -> list[tuple[float, float]]:
        screen = app.screen
        await pilot.pause()
        times = []
        for _ in range(WARMUP + probe.rounds):
            for _what, (their_role, key, marker, dialog) in DIALOGS.items():
                if their_role != role:
                    continue
                times.append(await probe.press(key, marker()))
                assert type(app.screen).__name__ == dialog, (key, app.screen)
                await pilot.press("escape")
                await pilot.pause()
                assert app.screen is screen, (key, app.screen)
        return times

    return scenario


def _dialog_times(
    bench: SimpleNamespace, probing: Callable[[Any, int], KeyProbe], cell: Any, folder: Path, rounds: int
) -> dict[str, KeyTimes]:
    found: dict[str, KeyTimes] = {}
    for role in ("chair", "clerk"):
        names = [what for what, spec in DIALOGS.items() if spec[0] == role]
        root = cell.copy_to(folder / role)
        times = _samples(bench, probing, root, cell.meeting_id, role, _dialogs_of(role), rounds)[
            WARMUP * len(names) :
        ]
        for n, what in enumerate(names):
            found[what] = KeyTimes.of(bench, times[n :: len(names)])
    return found


def test_each_dialog_opens_within_50_ms_and_settles_within_100_ms(
    bench: SimpleNamespace,
    big_cell: Any,
    one_meeting_cell: Any,
    tmp_path: Path,
    probing: Callable[[Any, int], KeyProbe],
) -> None:
    """Every dialog of the chair's and the clerk's screens (the speaker picker, F2, is timed
    above), on the ten-year cell, against the same dialogs with no history."""
    base = _dialog_times(bench, probing, one_meeting_cell, tmp_path / "base", BASE_DIALOG_ROUNDS)
    big = _dialog_times(bench, probing, big_cell, tmp_path / "big", DIALOG_ROUNDS)
    _judge(bench, base, big, "")


# -- in a real terminal ----------------------------------------------------------------------------
class Terminal:
    """A program on a pseudo-terminal of ``bench.TERM_SIZE``: bytes written as typed, output
    read as the terminal receives it (the text between escape sequences is searched)."""

    def __init__(self, argv: list[str], cwd: Path, size: tuple[int, int]) -> None:
        import fcntl  # POSIX only: imported here so that the normal run collects anywhere
        import pty
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", MEETINGTUI_LANG="vi")
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
        )
        os.close(slave)
        self.seen = b""

    def _read(self, timeout: float) -> float | None:
        """Read what is there within ``timeout``; the time it came, None if nothing did."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            if self.proc.poll() is not None:
                raise AssertionError(f"the app exited ({self.proc.returncode}):\n{self.seen[-2000:]!r}")
            return None
        chunk = os.read(self.master, 1 << 16)
        at = time.perf_counter()
        self.seen += chunk
        return at

    def wait_for(self, marker: str, timeout: float = 60.0) -> float:
        """Until ``marker`` has been output since the last ``wait_for``/``key``; when it came."""
        wanted = marker.encode("utf-8")
        start = len(self.seen)
        t0 = time.perf_counter()
        while wanted not in self.seen[start:]:
            if time.perf_counter() - t0 > timeout:
                raise AssertionError(f"no {marker!r} after {timeout} s:\n{self.seen[-3000:]!r}")
            at = self._read(0.01)
            if at is not None and wanted in self.seen[start:]:
                return at
        return time.perf_counter()

    def quiet(self, seconds: float = QUIET) -> float:
        """Read until nothing comes for ``seconds``; when the last output came."""
        last = time.perf_counter()
        while (at := self._read(seconds)) is not None:
            last = at
        return last

    def key(self, data: bytes, marker: str) -> tuple[float, float]:
        """(shows, settled) for the bytes of one key (see the module)."""
        self.quiet()
        start = len(self.seen)
        t0 = time.perf_counter()
        os.write(self.master, data)
        shown = self.wait_for(marker) if marker.encode("utf-8") not in self.seen[start:] else t0
        settled = self.quiet()
        return shown - t0, max(settled, shown) - t0

    def escape(self) -> None:
        """Escape, untimed: the dialog or the screen on top closes (Textual waits a moment
        for the rest of an escape sequence first)."""
        self.quiet()
        os.write(self.master, b"\x1b")
        self.quiet(0.2)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)


def _terminal_keys(
    bench: SimpleNamespace, cell: Any, folder: Path, rounds: int, dialog_rounds: int
) -> dict[str, KeyTimes]:
    """Roll-call marks, the chair's n / p, v and ^P, and the clerk's F2, Enter in its picker, F3
    and ctrl+e, in a terminal, on a copy of ``cell``."""
    root = cell.copy_to(folder)
    state = Repository(root).log(cell.meeting_id).state()
    found: dict[str, KeyTimes] = {}
    app = [sys.executable, str(Path(__file__).with_name("_keys_app.py")), str(root), cell.meeting_id]

    # the chair's screen, r: the roll call, the cursor on the first member (everyone has been
    # called: it stays there); F3 and Enter in turn, each timed to the new counts line
    term = Terminal([*app, "chair", bench.START], folder, bench.TERM_SIZE)
    try:
        term.wait_for(t("chair.stage_n", n=1, total=1, title="")[:5])  # "Bước": the chair's screen
        term.quiet(0.3)
        term.key(b"r", t("roll.title"))
        first = state.members()[0].id
        c = counts_now(state)
        counts = {"present": c.present, "excused": c.excused, "unexcused": c.unexcused, "": c.unmarked}
        status = state.attendance[first].status.value if first in state.attendance else ""
        times = []
        for _ in range(WARMUP + rounds):
            new = "unexcused" if status == "present" else "present"
            counts[status] -= 1
            counts[new] += 1
            status = new
            marker = t(
                "roll.counts2",
                present=counts["present"],
                excused=counts["excused"],
                unexcused=counts["unexcused"],
                unmarked=counts[""],
            )
            times.append(term.key(b"\x1bOR" if new == "unexcused" else b"\r", marker))  # F3 / Enter
        times = times[WARMUP:]
        found["roll-call mark (Enter/F3)"] = KeyTimes.of(bench, times)
        term.escape()  # back to the chair's screen
        # n and p in turn (the next stage, the stage before: both timed), then v (the vote
        # dialog) and ^P (the commands) in turn, each timed and closed with Escape (untimed)
        here = state.current
        assert here is not None
        total = len(state.stages)
        stages = []
        for n in range(WARMUP + rounds):
            to = here + 1 if n % 2 == 0 else here
            stages.append(
                term.key(
                    b"n" if n % 2 == 0 else b"p", t("chair.stage_n", n=to + 1, total=total, title="").strip()
                )
            )
        votes, palettes = [], []
        for _ in range(WARMUP + dialog_rounds):
            votes.append(term.key(b"v", t("vote.question")))
            term.escape()
            palettes.append(term.key(b"\x10", t("palette.title")))  # ctrl+p
            term.escape()
        for what, times in (
            ("chair n / p (stage)", stages[WARMUP:]),
            ("chair v (the vote opens)", votes[WARMUP:]),
            ("chair ^P (commands)", palettes[WARMUP:]),
        ):
            found[what] = KeyTimes.of(bench, times)
    finally:
        term.close()

    # the clerk's screen: F2 Enter queues the first offered, F3 Enter gives them the floor, a
    # line is typed, ctrl+e (timed) ends the speech
    term = Terminal([*app, "clerk", bench.START], folder, bench.TERM_SIZE)
    try:
        term.wait_for(t("clerk.queue"))
        term.quiet(0.3)
        speaking = t("clerk.speaking", name="").split(":")[0]
        keys: dict[str, list[tuple[float, float]]] = {
            "clerk F2 (picker opens)": [],
            "clerk queue a speaker (Enter)": [],
            "clerk F3 (give the floor)": [],
            "clerk ctrl+e (speech ends)": [],
        }
        f2, queued, f3, ended = keys.values()
        for n in range(WARMUP + rounds):
            f2.append(term.key(b"\x1bOQ", t("clerk.pick_speaker")))  # F2
            queued.append(term.key(b"\r", t("clerk.queue")))  # the first offered is queued; the screen again
            f3.append(term.key(b"\x1bOR", t("clerk.give_floor_title").split(":")[0]))  # F3
            term.key(b"\r", speaking)
            term.key(f"Ý kiến số {n}.".encode(), f"số {n}.")
            ended.append(term.key(b"\x05", t("clerk.nobody_speaking").split(".")[0]))  # ctrl+e
        for what, times in keys.items():
            times = times[WARMUP:]
            found[what] = KeyTimes.of(bench, times)
    finally:
        term.close()
    return found


def test_keys_in_a_terminal(
    bench: SimpleNamespace, big_cell: Any, one_meeting_cell: Any, tmp_path: Path
) -> None:
    base = _terminal_keys(bench, one_meeting_cell, tmp_path / "base", BASE_ROUNDS, BASE_DIALOG_ROUNDS)
    big = _terminal_keys(bench, big_cell, tmp_path / "big", ROUNDS, DIALOG_ROUNDS)
    _judge(bench, base, big, "pty ")
