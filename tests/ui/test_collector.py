"""The collector's full passes come in the pause after a key, not while one is handled (issue 18:
a full pass took 6-50 ms and always came while a key was drawn)."""

from __future__ import annotations

import gc

from textual.strip import Strip

from meetingtui.ui.memory import DUE, FULL_PASS_AFTER, QUIET, Collector, untangle_lines


class Moment:
    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


def test_a_full_pass_waits_for_a_quiet_moment_and_for_enough_to_collect() -> None:
    now, counts, passes = Moment(), [(0, 0, DUE - 1)], []

    def collect() -> int:
        passes.append(now.at)
        return 0

    collector = Collector(now=now, count=lambda: counts[-1], collect=collect)
    now.at += 5
    collector.check()
    assert passes == []  # quiet, but not enough kept yet
    counts.append((0, 0, DUE))
    collector.key()
    for _ in range(int(QUIET / 0.01) - 1):  # keys every 10 ms, a burst: never in the middle of it
        now.at += 0.01
        collector.check()
        collector.key()
    assert passes == []
    now.at += QUIET
    collector.check()
    assert passes == [now.at] and collector.passes == 1


def test_python_makes_full_passes_by_itself_rarely_while_it_runs_and_as_before_after() -> None:
    before = gc.get_threshold()
    collector = Collector()
    collector.start()
    try:
        assert gc.get_threshold() == (before[0], before[1], FULL_PASS_AFTER)
        collector.start()  # twice: the thresholds of before are still the ones given back
    finally:
        collector.stop()
    assert gc.get_threshold() == before


def _lines() -> list[Strip]:
    from rich.segment import Segment
    from rich.style import Style

    bold = Style(bold=True)
    return [
        Strip([]),
        Strip([Segment("Chi bộ ", bold), Segment("họp")]),
        Strip([Segment("ý kiến của đồng chí Hương")]),
        Strip([Segment("漢字", bold), Segment("ab")]),  # double-width cells
    ]


def test_a_line_drawn_whole_is_freed_without_a_full_pass() -> None:
    """A line divided at its own length, or cropped and extended to it, once kept itself in its
    own cache: only a full pass freed it (two thirds of what they freed on the clerk's screen)."""
    untangle_lines()
    gc.collect()
    gc.disable()
    try:
        for line in _lines():
            line.divide([line.cell_length])
            line.crop_extend(0, line.cell_length, None)
            line.crop_extend(-2, line.cell_length, None)
            del line
        assert gc.collect() == 0  # every one freed as it was let go
    finally:
        gc.enable()


def test_untangled_lines_give_what_textual_s_own_give() -> None:
    from rich.style import Style

    untangle_lines()
    divide, crop_extend = Strip.divide.__wrapped__, Strip.crop_extend.__wrapped__  # type: ignore[attr-defined]
    pad = Style(reverse=True)
    for line in _lines():
        n = line.cell_length
        for cuts in ([n], [0, n], [1, n], [n, n + 3], [n + 3], [2], []):
            assert list(line.divide(iter(cuts))) == list(divide(line, cuts)), cuts
        for start, end in ((0, n), (-1, n), (0, n + 2), (1, n), (0, max(0, n - 1)), (2, n + 4)):
            assert line.crop_extend(start, end, pad) == crop_extend(line, start, end, pad), (start, end)
