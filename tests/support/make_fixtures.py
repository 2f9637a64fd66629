"""Write a version's fixture folders (``tests/fixtures/vN``) with the code as it is now.

Run once, by the version that introduces an event schema, and commit the result; never run it
again over an existing folder (docs/ARCHITECTURE.md, "Adding a version step")::

    PYTHONPATH=tests python -m support.make_fixtures tests/fixtures/v2

Each folder holds ``data/`` (the data folder as the app left it, lock and backup files removed)
and ``expected/`` (every document made of it, and what each vote counted).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from support.documents import every_document, voted
from support.every_kind import every_kind
from support.held import hold_meeting, make_cell, plan_meeting
from support.synth import make_cell as make_synth_cell
from support.synth import open_meeting

START = "2026-11-20T01:00:00+00:00"
# The day each folder's documents are dated (its own "today"); tests/compat reads the same.
TODAY = {"demo": "2026-11-20", "held": "2026-11-20", "every": "2026-12-22", "large": "2026-11-20"}


def write(out: Path) -> None:
    if out.exists():
        raise SystemExit(f"{out} exists: a released version's fixtures are never written again")
    create_demo(out / "demo" / "data", FakeClock(START))
    clock = FakeClock(START)
    repo = make_cell(out / "held" / "data")
    hold_meeting(repo, plan_meeting(repo, clock), clock)
    every_kind(out / "every" / "data")
    clock = FakeClock(START)
    large = make_synth_cell(out / "large" / "data", clock, members=200, years=0, meetings=1)
    open_meeting(large, clock, speeches=150)
    for name, today in TODAY.items():
        root = out / name / "data"
        for path in list(root.rglob("*")):
            if path.suffix in (".lock", ".bak"):
                path.unlink()
        expected = out / name / "expected"
        expected.mkdir(parents=True)
        for file_name, text in every_document(root, today).items():
            (expected / file_name).write_bytes(text.encode("utf-8"))
        (expected / "voted.json").write_text(
            json.dumps(voted(root), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    write(Path(sys.argv[1]))
