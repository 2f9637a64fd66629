"""The command line's app and the garbage collector (issue 18): one place for all of it.

What a start makes stays for the app's life: the collector is off while starting
(``meetingtui.launch``), and once the first screen is drawn what was made is frozen out of its
sight (``settle``), as is what the first meeting screen loaded (``keep_loaded``: the cell, years
of summaries; full passes walked it all, 20-60 ms at a time at random keys). Both are given
back when the app ends (``stop``).

The full passes come between keys rather than in the middle of one.

Every frame Textual draws makes lines (``Strip``), and a line divided at its own length or
cropped and extended to its own length kept itself in its own cache: a line that refers to
itself is freed only by a full pass. On the clerk's screen of the ten-year cell those lines,
their seven caches each and their pieces were two thirds of what full passes freed (39,400
objects after three speeches, 12,500 of them the lines' caches). ``untangle_lines`` makes
those two methods give the line itself without caching it (what they return is the same), so
reference counting frees it at once: a full pass after three speeches frees 13,500 objects
instead of 39,400 and takes 7-9 ms instead of 14-20.

What is still freed only by full passes (styles Textual builds for a widget's parts, the
dialogs built and never shown, the layouts of those), the collector frees in the pauses. For
the command line's app (``make_app(freeze_start=True)``), Python starts a full pass by itself
only after five times as much has been kept (``FULL_PASS_AFTER``), and the app makes one
``QUIET`` seconds after the last key, once as much as Python's own rule waits for has been kept
(``DUE``): in the pause between two keys, which even fast typing leaves. The young generations
are collected as before. Textual does the like: it turns the collector off while it scrolls
(``App.PAUSE_GC_ON_SCROLL``).
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable, Iterable, Sequence

from rich.style import Style
from textual.strip import Strip

CHECK = 0.05  # seconds between looks at whether a full pass is due
QUIET = 0.1  # seconds after the last key: its result is shown (50 ms) and mostly settled
DUE = 10  # collections of the middle generation since the last full pass: Python's own rule
FULL_PASS_AFTER = 50  # the same count, before Python makes a full pass by itself


def untangle_lines() -> None:
    """``Strip.divide`` and ``Strip.crop_extend`` no longer keep the line itself in its own
    cache (see the module); what they return is unchanged. Once per process."""
    if getattr(Strip.divide, "untangled", False):
        return
    divide, crop_extend = Strip.divide, Strip.crop_extend

    def whole_divide(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        cuts = list(cuts)
        if [cut for cut in cuts if cut <= self.cell_length] == [self.cell_length]:
            return [self]  # what divide gives, without a list holding the line in its cache
        return divide(self, cuts)

    def whole_crop_extend(self: Strip, start: int, end: int, style: Style | None) -> Strip:
        if start <= 0 and end == self.cell_length:
            return self  # extended by nothing and cropped to all of it: the line itself
        return crop_extend(self, start, end, style)

    functools.update_wrapper(whole_divide, divide)  # Textual's own kept as __wrapped__
    functools.update_wrapper(whole_crop_extend, crop_extend)
    whole_divide.untangled = True  # type: ignore[attr-defined]
    Strip.divide = whole_divide  # type: ignore[method-assign]
    Strip.crop_extend = whole_crop_extend  # type: ignore[method-assign]


class Collector:
    """The command line's app's collector: what is frozen, and full passes in the pauses
    between keys (see the module)."""

    def __init__(
        self,
        now: Callable[[], float] = time.monotonic,
        count: Callable[[], tuple[int, int, int]] = gc.get_count,
        collect: Callable[[], int] = gc.collect,
    ) -> None:
        self._now = now
        self._count = count
        self._collect = collect
        self._last_key = now()
        self._thresholds: tuple[int, int, int] | None = None
        self._frozen = False  # settle or keep_loaded froze what was made
        self._kept_loaded = False
        self.passes = 0  # full passes made between keys

    def start(self) -> None:
        """Python's own full passes made rare; ``check`` makes them instead."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, FULL_PASS_AFTER)

    def settle(self) -> None:
        """The first screen is drawn: what the start made is frozen, the collector turned on."""
        self._freeze()
        gc.enable()

    def keep_loaded(self) -> None:
        """The first meeting screen is drawn: what it loaded is frozen too, once."""
        if not self._kept_loaded:
            self._kept_loaded = True
            self._freeze()

    def _freeze(self) -> None:
        gc.freeze()
        self._frozen = True

    def stop(self) -> None:
        """Python's thresholds as they were, and what was frozen given back."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def key(self) -> None:
        """A key (or a click) has come: no full pass until ``QUIET`` seconds after it."""
        self._last_key = self._now()

    def check(self) -> None:
        """A full pass now, if one is due and no key came in the last ``QUIET`` seconds."""
        if self._count()[2] >= DUE and self._now() - self._last_key >= QUIET:
            self._collect()
            self.passes += 1
