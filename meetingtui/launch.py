"""The ``meetingtui`` command's entry point, and ``python -m meetingtui``'s.

A start allocates a great deal and frees almost nothing: the modules, their classes, the first
screen. The cyclic garbage collector's passes over it while it grows find nothing to free and
cost 10-15 ms of every start (``tests/benchmarks/test_cold_start.py``). So the collector is off
from here until the first screen is drawn (``MeetingApp`` then freezes what the start made and
turns it back on), or until the command line knows that no screen opens (then at once).
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from .cli.main import main as run

    return run()
