"""The collector's full passes come in the pause after a key, not while one is handled (issue 18:
a full pass took 6-50 ms and always came while a key was drawn)."""

from __future__ import annotations

import gc

from meetingtui.ui.memory import DUE, FULL_PASS_AFTER, QUIET, Collector


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
