"""The baseline of the start-up and memory benchmarks: a bare Textual app showing one Label.

Usage: python _bare_app.py            run it in the terminal (the cold-start benchmark)
       python _bare_app.py --memory   run it headless, print its peak RSS in KiB (``peak_kib``)
"""

from __future__ import annotations

import asyncio
import resource
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Label

MARKER = "BARE TEXTUAL APP READY"


def peak_kib() -> int:
    """Peak resident set of this process since it started, in KiB.

    ``VmHWM`` from /proc/self/status: the high-water mark of this program's own memory.
    ``getrusage().ru_maxrss`` is not used where /proc is there: on Linux a child started by
    fork (or vfork) and exec inherits the parent's peak at the exec, so a probe started by a
    big pytest process would report the pytest process's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(MARKER)


async def _headless() -> None:
    app = BareApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()


if __name__ == "__main__":
    if "--memory" in sys.argv:
        asyncio.run(_headless())
        print(f"peak_kib {peak_kib()}", flush=True)
    else:
        BareApp().run()
