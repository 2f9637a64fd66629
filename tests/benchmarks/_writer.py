"""A second terminal on the same data folder, for the propagation benchmark (issue 8.4).

Usage: python _writer.py ROOT MEETING_ID ACTOR

Prints ``ready``, then for each line on stdin records one event in the meeting:

* ``add MEMBER``: ``queue_added`` (the member asks for the floor);
* ``remove MEMBER``: ``queue_removed`` of that member's entry.

and prints ``SEQ MONOTONIC`` once ``MeetingService.record_event`` has returned, the event being on
disk: ``time.monotonic()`` is the system-wide CLOCK_MONOTONIC on Linux, so the test compares
it with the moment the other screen shows the event. An empty line or ``quit`` ends it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from meetingtui.domain.clock import SystemClock
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository


def main() -> None:
    root, meeting_id, actor = sys.argv[1:4]
    service = MeetingService(Repository(Path(root)), meeting_id, SystemClock(), actor=actor)
    service.state()
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        what, member = words
        if what == "add":
            event, _ = service.record_event("queue_added", member=member)
        else:
            entry = next(e.id for e in service.state().record.queue if e.member == member)
            event, _ = service.record_event("queue_removed", entry=entry)
        print(f"{event.seq} {time.monotonic():.6f}", flush=True)


if __name__ == "__main__":
    main()
