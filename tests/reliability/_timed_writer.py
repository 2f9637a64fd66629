"""A terminal that records continuously, as a real process, timing every write.

Usage: python _timed_writer.py ROOT MEETING_ID TAG COUNT

Prints ``ready``, waits for a line on stdin (so that every writer starts at once), then one
line per acknowledged event, ``SEQ MILLISECONDS`` (how long that write took, lock wait
included), and ``done``. A write that fails prints ``error KEY`` and the writer stops.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.errors import AppError
from meetingtui.store.repo import Repository


def main() -> None:
    root, meeting_id, tag, count = sys.argv[1:5]
    log = Repository(Path(root)).log(meeting_id)
    clock = FakeClock("2026-11-20T02:00:00+00:00")
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(int(count)):
        data = {"stage": "s5", "budget_min": i % 60 + 1, "title": f"{tag}-{i}"}
        began = time.perf_counter()
        try:
            event, _ = log.record("stage_changed", data, at=clock.advance(1), by=tag)
        except AppError as exc:
            print("error", exc.key, flush=True)
            return
        print(event.seq, f"{(time.perf_counter() - began) * 1000:.2f}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
