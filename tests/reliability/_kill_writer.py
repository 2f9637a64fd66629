"""A writer that the crash tests kill with SIGKILL at random moments.

Usage: python _kill_writer.py ROOT MEETING_ID TAG START_ISO mixed|progress [BASE_STAGE_INDEX]

Prints ``ready`` once the data is open, then writes forever, printing one line per
write *after* the call returned (so a printed line is an acknowledged, durable write):

* ``mixed``: ``seq N`` for a ``stage_changed`` event appended to the meeting, and every
  other round ``num N`` for a document number reserved in cell.json.
* ``progress``: ``seq N`` for a ``next_stage`` / ``previous_stage`` event, as a chair
  stepping back and forth between stage BASE and BASE + 1 (decided from the stored state,
  so a restarted writer carries on where the killed one stopped).
"""

from __future__ import annotations

import sys
from pathlib import Path

from meetingtui.domain.clock import FakeClock
from meetingtui.store.repo import Repository


def main() -> None:
    root, meeting_id, tag, start, mode = sys.argv[1:6]
    clock = FakeClock(start)
    repo = Repository(Path(root))
    log = repo.log(meeting_id)
    base = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    # Ready to write, as an app that has the meeting open: the meeting folded (which loads
    # the event handlers) and the lock module loaded (the app loads both on first use).
    log.state()
    import filelock  # noqa: F401

    print("ready", flush=True)
    i = 0
    while True:
        at = clock.advance(1)
        if mode == "mixed":
            data = {"stage": "s5", "budget_min": i % 60 + 1, "title": f"{tag}-{i}"}
            event, _ = log.record("stage_changed", data, at=at, by=tag)
            print(f"seq {event.seq}", flush=True)
            if i % 2:
                print(f"num {repo.next_number('nghi_quyet')}", flush=True)
        else:
            kind = "next_stage" if log.state().current == base else "previous_stage"
            event, _ = log.record(kind, {}, at=at, by=tag)
            print(f"seq {event.seq}", flush=True)
        i += 1


if __name__ == "__main__":
    main()
