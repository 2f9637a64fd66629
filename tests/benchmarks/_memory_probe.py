"""The app with ten years of history open, in a process of its own: its peak memory.

Usage: python _memory_probe.py ROOT MEETING_ID year|clerk START_ISO

* ``year``: the app (headless, 120×40) on the home screen with its 121 meetings listed,
  then ``y``: the year's summary with its attendance ledger, as the secretary opens it;
* ``clerk``: the same, then the clerk's screen of the running meeting, whose "silent at
  their last three meetings" check reads the latest meetings' summaries.

Prints ``peak_kib N``, the peak resident set of the whole process (interpreter and Textual
included) in KiB, and ``action_s S``, the seconds the last step took.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from meetingtui.domain.clock import FakeClock
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.home import HomeScreen

sys.path.insert(0, str(Path(__file__).parent))
from _bare_app import peak_kib  # noqa: E402  (the same measure as the baseline's)


async def main(root: Path, meeting_id: str, mode: str, start: str) -> float:
    app = make_app(root, clock=FakeClock(start), freeze_start=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), app.screen
        t0 = time.perf_counter()
        if mode == "year":
            await pilot.press("y")
        else:
            app.role = "clerk"
            app.open_meeting(meeting_id)
        await pilot.pause()
        seconds = time.perf_counter() - t0
        assert not isinstance(app.screen, HomeScreen), "the next screen opened"
        return seconds


if __name__ == "__main__":
    root, meeting_id, mode, start = sys.argv[1:5]
    seconds = asyncio.run(main(Path(root), meeting_id, mode, start))
    print(f"action_s {seconds:.3f}")
    print(f"peak_kib {peak_kib()}", flush=True)
