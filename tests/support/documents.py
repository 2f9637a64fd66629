"""Every document a user can get from a data folder, made the way the app makes it.

Used by the compatibility test: a stored folder's documents must come out exactly as the
version that wrote the folder made them (``tests/fixtures/*/expected``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.resolution import is_adopted
from meetingtui.export.documents import build_document
from meetingtui.export.member_history import render_csv
from meetingtui.export.member_history import render_markdown as history_markdown
from meetingtui.export.notice import notice_text
from meetingtui.export.render_md import render_markdown
from meetingtui.export.render_txt import render_text
from meetingtui.export.task_sheet import member_task_sheet
from meetingtui.export.year import to_csv, to_markdown
from meetingtui.services.cell import CellService


def every_document(root: Path, today: str) -> dict[str, str]:
    """File name -> text, for every meeting's documents and the cell's reports, dated ``today``."""
    cell = CellService.open(root, FakeClock(f"{today}T01:00:00+00:00"))
    out: dict[str, str] = {}
    for info in cell.meetings():
        ctx = cell.document_context(info.id)
        for what in ("resolution", "minutes"):
            doc = build_document(ctx, what)
            out[f"{info.id}.{what}.md"] = render_markdown(doc)
            out[f"{info.id}.{what}.txt"] = render_text(doc)
            warnings = [[n.key, n.params] for n in doc.warnings]
            out[f"{info.id}.{what}.warnings.json"] = json.dumps(warnings, ensure_ascii=False, indent=1) + "\n"
        state = ctx.state
        if state.type.value == "committee":
            out[f"{info.id}.notice.txt"] = notice_text(cell.cell(), cell.members(), state, today)[0]
    for year in sorted({int(i.date[:4]) for i in cell.meetings()}):
        summary = cell.year(year)
        out[f"year-{year}.md"] = to_markdown(summary)
        out[f"year-{year}.csv"] = to_csv(summary)
    for member in cell.members()[:6]:
        rows = cell.member_history(member.id, None)
        out[f"history-{member.id}.md"] = history_markdown(
            member, rows, cell_name=cell.cell().name, year=None, made_on=today
        )
        out[f"history-{member.id}.csv"] = render_csv(rows)
        out[f"tasks-{member.id}.md"] = member_task_sheet(
            cell.cell(), member, cell.member_tasks(member.id), today, "md"
        )
    return out


def voted(root: Path) -> dict[str, Any]:
    """Each meeting's votes as counted, and an adopted resolution's wording as voted."""
    cell = CellService.open(root, FakeClock())
    out: dict[str, Any] = {}
    for info in cell.meetings():
        state = cell.meeting(info.id).state()
        entry: dict[str, Any] = {
            "votes": [
                {
                    "id": v.id,
                    "question": v.question,
                    "kind": v.kind.value,
                    "for": v.tally.for_,
                    "against": v.tally.against,
                    "other": v.tally.other,
                    "denominator": v.denominator,
                    "voters_present": v.voters_present,
                    "needed": v.needed,
                    "passed": v.passed,
                    "percent": v.percent,
                    "withdrawn": v.withdrawn,
                }
                for v in state.votes
            ]
        }
        if is_adopted(state):
            res = state.resolution
            entry["resolution"] = {
                "kind": res.kind.value,
                "number": res.number,
                "vote": res.vote,
                "assessment": res.assessment,
                "tasks": [asdict(t) for t in res.tasks],
            }
        out[info.id] = entry
    return out
