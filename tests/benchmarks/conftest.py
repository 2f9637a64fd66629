"""What the benchmarks share: the ten-year cell, the figures table, a pseudo-terminal.

The benchmarks are left out of the normal run (``-m 'not benchmark'`` in pyproject.toml).
Run them, and only them, with::

    pytest tests/benchmarks -m benchmark -n 0 -p no:randomly -s

Each benchmark prints its figures (median and p95 in ms, or MB) with the baseline measured
in the same run, and all of them are printed again together at the end of the run. The
machine is shared and small (2 cores): rounds are kept few, the baseline is measured
interleaved with the target where it can be, and a target is asserted, never loosened.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import math
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository
from support.synth import make_cell, open_meeting

T = TypeVar("T")
HERE = Path(__file__).resolve().parent
# The same moment as tests/conftest.py: ten years of monthly meetings end the month before.
START = "2026-11-20T01:00:00+00:00"
TERM_SIZE = (120, 40)  # columns, rows of every terminal the benchmarks open


# -- statistics ------------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q% of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class Timing:
    """Samples in seconds, shown in milliseconds."""

    samples: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.samples, 95) * 1000

    def __str__(self) -> str:
        return f"median {self.median_ms:7.1f} ms  p95 {self.p95_ms:7.1f} ms  (n={len(self.samples)})"


FIGURES: list[str] = []


def report(line: str) -> None:
    """Print a figure now (with ``-s``) and again in the summary at the end of the run."""
    FIGURES.append(line)
    print(f"\n[benchmark] {line}", flush=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("meetingtui benchmark figures")
        terminalreporter.write_line(f"nproc {os.cpu_count()}, {time.strftime('%Y-%m-%d %H:%M %Z')}")
        for line in FIGURES:
            terminalreporter.write_line(line)


# -- the ten-year cell ----------------------------------------------------------------------
@dataclass(frozen=True)
class BigCell:
    root: Path  # a pristine copy: tests that write take their own with ``copy_to``
    meeting_id: str  # this month's meeting, running at the discussion stage
    seconds: float  # how long generating it took

    def copy_to(self, folder: Path) -> Path:
        target = folder / "data"
        shutil.copytree(self.root, target)
        return target


@pytest.fixture(scope="session")
def big_cell(tmp_path_factory: pytest.TempPathFactory) -> BigCell:
    """200 members, 120 monthly meetings (ten years), and this month's meeting under way."""
    root = tmp_path_factory.mktemp("big") / "data"
    t0 = time.perf_counter()
    repo = make_cell(root, FakeClock(START), members=200, years=10)
    meeting_id = open_meeting(repo, FakeClock(START))
    seconds = time.perf_counter() - t0
    assert len(Repository(root).meetings()) == 121
    assert seconds < 60, f"generating the ten-year cell took {seconds:.0f} s"
    report(f"synthetic cell: 200 members, 120 meetings + 1 running, generated in {seconds:.1f} s")
    return BigCell(root, meeting_id, seconds)


@pytest.fixture(scope="session")
def one_meeting_cell(tmp_path_factory: pytest.TempPathFactory) -> BigCell:
    """The same 200 members and the same running meeting, with no history before it."""
    root = tmp_path_factory.mktemp("one") / "data"
    t0 = time.perf_counter()
    repo = make_cell(root, FakeClock(START), members=200, years=0)
    meeting_id = open_meeting(repo, FakeClock(START))
    return BigCell(root, meeting_id, time.perf_counter() - t0)


@pytest.fixture(scope="session")
def cells_by_years(tmp_path_factory: pytest.TempPathFactory, big_cell: BigCell) -> dict[int, BigCell]:
    """The same 200-member cell after one, five and ten years, each with this month's meeting."""
    cells = {10: big_cell}
    for years in (1, 5):
        root = tmp_path_factory.mktemp(f"years{years}") / "data"
        t0 = time.perf_counter()
        repo = make_cell(root, FakeClock(START), members=200, years=years)
        meeting_id = open_meeting(repo, FakeClock(START))
        cells[years] = BigCell(root, meeting_id, time.perf_counter() - t0)
    return dict(sorted(cells.items()))


# -- an app driven from the test's thread -------------------------------------------------------
class AppThread:
    """A Textual app under Pilot, running in a thread of its own with its own event loop.

    pytest-benchmark times plain functions; this lets such a function press a key (or wait
    for the screen to show something) on the running app and return when it is done.
    """

    def __init__(self, app: Any, size: tuple[int, int] = TERM_SIZE) -> None:
        self.app = app
        self.pilot: Any = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._context: contextvars.Context | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(size,), name="app", daemon=True)

    def _run(self, size: tuple[int, int]) -> None:
        async def main() -> None:
            self._stop = asyncio.Event()
            async with self.app.run_test(size=size) as pilot:
                await pilot.pause()
                self.pilot, self.loop = pilot, asyncio.get_running_loop()
                self._context = contextvars.copy_context()  # holds the active app for Textual
                self._ready.set()
                await self._stop.wait()

        try:
            asyncio.run(main())
        except BaseException as exc:  # reported to the test's thread
            self._error = exc
        finally:
            self._ready.set()

    def __enter__(self) -> AppThread:
        self._thread.start()
        self._ready.wait(120)
        if self._error is not None or self.loop is None:
            raise RuntimeError("the app did not start") from self._error
        return self

    def __exit__(self, *exc: object) -> None:
        if self.loop is not None and self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(60)
        if self._error is not None and exc[0] is None:
            raise RuntimeError("the app failed") from self._error

    def call(self, fn: Callable[[], Awaitable[T]], timeout: float = 120) -> T:
        """Run ``fn()`` on the app's loop, as the Pilot's own code runs, and return its result."""
        loop, context = self.loop, self._context
        assert loop is not None and context is not None
        done: concurrent.futures.Future[T] = concurrent.futures.Future()

        async def wrapped() -> None:
            try:
                done.set_result(await fn())
            except BaseException as exc:
                done.set_exception(exc)

        loop.call_soon_threadsafe(lambda: loop.create_task(wrapped(), context=context))
        return done.result(timeout)


# -- a real terminal ---------------------------------------------------------------------------
def first_paint(
    argv: Sequence[str],
    marker: str | Sequence[str],
    *,
    cwd: Path,
    pycache: Path | None = None,
    timeout: float = 60.0,
) -> float:
    """Seconds from spawning ``argv`` on a pseudo-terminal to ``marker`` appearing on it (or
    every one of several markers: the parts of a screen drawn in different frames).

    The program runs as it does for a user: a real terminal driver, real escape sequences,
    a 120×40 window. ``marker`` is text that only the finished first screen shows. The
    process is killed as soon as it is seen.

    ``pycache`` (a temporary folder) lets the interpreter keep the bytecode it compiles, as
    an installed package has it (pip compiles it at install); the development checkout has
    none, and this environment may forbid writing it (PYTHONDONTWRITEBYTECODE).
    """
    import fcntl  # POSIX only: imported here so that the normal run collects anywhere
    import pty
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", TERM_SIZE[1], TERM_SIZE[0], 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", MEETINGTUI_LANG="vi")
    env.pop("TEXTUAL", None)  # no devtools
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    wanted = [m.encode("utf-8") for m in ([marker] if isinstance(marker, str) else marker)]
    seen = b""
    t0 = time.monotonic()
    proc = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
    )
    os.close(slave)
    try:
        while True:
            if time.monotonic() - t0 > timeout:
                raise AssertionError(f"{argv[0]}: no {marker!r} after {timeout} s:\n{seen[-2000:]!r}")
            ready, _, _ = select.select([master], [], [], 0.01)
            if not ready:
                if proc.poll() is not None:
                    raise AssertionError(f"{argv} exited ({proc.returncode}):\n{seen[-2000:]!r}")
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError as exc:  # EIO: the child closed the terminal
                raise AssertionError(f"{argv} closed the terminal:\n{seen[-2000:]!r}") from exc
            seen += chunk
            if all(w in seen for w in wanted):
                return time.monotonic() - t0
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def python_script(name: str) -> list[str]:
    """argv running one of the helper scripts next to this file with the test's interpreter."""
    return [sys.executable, str(HERE / name)]


@pytest.fixture(scope="session")
def bench() -> SimpleNamespace:
    """The helpers above, for the benchmark modules (conftest is not importable as a module)."""
    return SimpleNamespace(
        report=report,
        Timing=Timing,
        percentile=percentile,
        median=median,
        first_paint=first_paint,
        AppThread=AppThread,
        script=python_script,
        START=START,
        TERM_SIZE=TERM_SIZE,
    )
