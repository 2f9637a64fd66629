"""Another terminal's write, seen as it lands: the meetings' folder watched with watchfiles
(inotify on Linux), which wakes the screens on a meeting to read its file's write counter.

The screens' own check every tick (0.5 s) stays as it was: it is the fallback where no
notification comes (a network file system, no inotify left, watchfiles refusing the folder),
and it redraws the clocks. F1 on a meeting's screen says which of the two is in use.
"""

from __future__ import annotations

import threading
from enum import Enum
from pathlib import Path
from typing import Any

from textual.app import App
from textual.message import Message

# watchfiles' own defaults (a 50 ms step, 1.6 s debounce) are for reloading code; a write is
# one atomic replace, so a few milliseconds of quiet are enough to hand it on.
STEP_MS = 5
DEBOUNCE_MS = 50
IDLE_MS = 1000  # the watch reports in this often when nothing happens (how "ready" is known)


class Mode(Enum):
    STARTING = "starting"
    NOTIFY = "notify"  # file notifications wake the screens
    POLLING = "polling"  # only the screens' tick


class MeetingFilesChanged(Message):
    """Files in the watched folder changed (their names)."""

    def __init__(self, names: frozenset[str]) -> None:
        super().__init__()
        self.names = names


class FolderWatch:
    """One watch per app, on the folder of the meetings' files, started by the first screen
    on a meeting; it posts :class:`MeetingFilesChanged` to the app."""

    def __init__(self, app: App[Any], *, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled
        self.mode = Mode.STARTING if enabled else Mode.POLLING
        self.folder: Path | None = None
        self.ready = threading.Event()  # set once notifications are on, or it fell back to polling
        self.problem = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if not enabled:
            self.ready.set()

    def watch(self, folder: Path) -> None:
        if not self.enabled or self._thread is not None:
            return
        self.folder = folder
        self._thread = threading.Thread(target=self._run, name="meetingtui-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        try:
            from watchfiles import watch
        except ImportError as exc:  # pragma: no cover - a dependency, present in every install
            self._fall_back(str(exc))
            return
        assert self.folder is not None
        try:
            for changes in watch(
                self.folder,
                watch_filter=None,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                rust_timeout=IDLE_MS,
                yield_on_timeout=True,
                stop_event=self._stop,
                raise_interrupt=False,
                recursive=False,
            ):
                if not self.ready.is_set():
                    self.mode = Mode.NOTIFY
                    self.ready.set()
                if changes:
                    self.app.post_message(MeetingFilesChanged(frozenset(Path(p).name for _, p in changes)))
        except Exception as exc:  # no inotify left, a folder it cannot watch: the tick goes on
            self._fall_back(str(exc))

    def _fall_back(self, problem: str) -> None:
        self.mode = Mode.POLLING
        self.problem = problem
        self.ready.set()
