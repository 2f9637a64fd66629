"""A second terminal, as a real process: appends events to one meeting, or reserves numbers.

Usage: python _concurrent_writer.py ROOT MEETING_ID TAG COUNT events|numbers

Prints ``ready``, waits for a line on stdin (so that every writer starts at once), then
prints one line per acknowledged write (``seq`` or ``number``) and ``done``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository


def main() -> None:
    root, meeting_id, tag, count, what = sys.argv[1:6]
    repo = Repository(Path(root))
    log = repo.log(meeting_id)
    clock = FakeClock("2026-11-20T02:00:00+00:00")
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(int(count)):
        if what == "events":
            # Valid whatever the other writer did, once the meeting has started.
            data = {"stage": "s5", "budget_min": i % 60 + 1, "title": f"{tag}-{i}"}
            event, _ = log.record("stage_changed", data, at=clock.advance(1), by=tag)
            print(event.seq, flush=True)
        else:
            print(repo.next_number("nghi_quyet"), flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
