"""The baselines of the start-up and memory benchmarks: bare Textual apps.

Usage: python _bare_app.py            one Label, in the terminal (the cold-start benchmark)
       python _bare_app.py --widgets  the home screen's widgets, in the terminal (cold start)
       python _bare_app.py --memory   one Label, headless, print its peak RSS in KiB (``peak_kib``)

``--widgets`` is what the home screen composes, with nothing of meetingtui: a Header, two
Statics (the cell's card and the year's notes), a DataTable with four columns and a meeting
per row, and a Footer showing eleven keys; its first screen is the one it draws first.
"""

from __future__ import annotations

import asyncio
import resource
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Label, Static

MARKER = "BARE TEXTUAL APP READY"
WIDGETS_MARKER = "BARE WIDGETS APP READY"
KEYS = "nmytdhperq"  # with Enter, eleven keys, as on the home screen
ROWS = (
    ("21/09/2026", "Định kỳ", "Sinh hoạt chi bộ định kỳ", "Đã kết thúc"),
    ("20/10/2026", "Định kỳ", "Sinh hoạt chi bộ định kỳ", "Đã kết thúc"),
    ("20/11/2026", "Định kỳ", "Sinh hoạt chi bộ định kỳ", "Đang họp"),
    ("21/12/2026", "Định kỳ", "Sinh hoạt chi bộ định kỳ", "Đã chuẩn bị"),
)


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


class BareWidgetsApp(App[None]):
    BINDINGS = [  # each its own action: the footer shows one key per action
        Binding("enter", "key('enter')", "Mở"),
        *(Binding(key, f"key('{key}')", f"Phím {key}") for key in KEYS),
    ]

    def action_key(self, key: str) -> None:
        self.bell()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(f"{WIDGETS_MARKER}\nĐảng bộ cơ quan · Lào Cai\n20 đảng viên", id="card")
        yield Static("Kỳ sinh hoạt tháng 11", id="notes")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "meetingtui"
        table = self.query_one(DataTable)
        for name in ("Ngày", "Loại", "Tiêu đề", "Trạng thái"):
            table.add_column(name, key=name)
        for n, row in enumerate(reversed(ROWS)):
            table.add_row(*row, key=str(n))
        table.focus()


async def _headless() -> None:
    app = BareApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()


if __name__ == "__main__":
    if "--memory" in sys.argv:
        asyncio.run(_headless())
        print(f"peak_kib {peak_kib()}", flush=True)
    elif "--widgets" in sys.argv:
        BareWidgetsApp().run()
    else:
        BareApp().run()
