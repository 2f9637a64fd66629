"""A stage's time against its budget, ``12:34 / 15:00``, red once it runs over."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from ..fmt import duration, lit
from .shown import show as show_text


class StageClock(Static):
    """``elapsed`` seconds against ``budget`` seconds (no budget: the time alone)."""

    elapsed: reactive[float] = reactive(0.0, init=False)
    budget: reactive[float | None] = reactive(None, init=False)

    def watch_elapsed(self) -> None:
        self._draw()

    def watch_budget(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.budget is None:
            show_text(self, lit(duration(self.elapsed)))
            self.set_class(False, "-over")
            return
        show_text(self, lit(f"{duration(self.elapsed)} / {duration(self.budget)}"))
        self.set_class(self.elapsed > self.budget, "-over")

    def show(self, elapsed: float, budget: float | None) -> None:
        """Both values at once, drawn once."""
        self.set_reactive(StageClock.elapsed, elapsed)
        self.set_reactive(StageClock.budget, budget)
        self._draw()
