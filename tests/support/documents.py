"""Every document a user can get from a data folder, made the way the app makes it.

Used by the compatibility test: a stored folder's documents must come out exactly as the
version that wrote the folder made them (``tests/fixtures/*/expected``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from meetingtui.domain.resolution import is_adopted, resolution_of
from meetingtui.export.commands import build_document
from meetingtui.export.context import load_context
from meetingtui.export.render_md import render_markdown
from meetingtui.export.render_txt import render_text
from meetingtui.history import history_for, render_csv
from meetingtui.history import render_markdown as history_markdown
from meetingtui.preparation import notice_text
from meetingtui.store.repo import Repository
from meetingtui.task_sheet import member_task_sheet
from meetingtui.year import to_csv, to_markdown, year_summary

def every_document(root: Path, today: str) -> dict[str, str]:
    """File name -> text, for every meeting's documents and the cell's reports, dated ``today``."""
    repo = Repository(root)
    out: dict[str, str] = {}
    for info in repo.meetings():
        ctx = load_context(repo, info.id)
        for what in ("resolution", "minutes"):
            doc = build_document(ctx, what)
            out[f"{info.id}.{what}.md"] = render_markdown(doc)
            out[f"{info.id}.{what}.txt"] = render_text(doc)
            warnings = [[n.key, n.params] for n in doc.warnings]
            out[f"{info.id}.{what}.warnings.json"] = json.dumps(warnings, ensure_ascii=False, indent=1) + "\n"
        state = repo.log(info.id).state()
        if state.type.value == "committee":
            out[f"{info.id}.notice.txt"] = notice_text(repo, state, today)[0]
    for year in sorted({int(i.date[:4]) for i in repo.meetings()}):
        summary = year_summary(repo, year)
        out[f"year-{year}.md"] = to_markdown(summary)
        out[f"year-{year}.csv"] = to_csv(summary)
    cell = repo.cell()
    for member in repo.members()[:6]:
        rows = history_for(repo, member.id, None)
        out[f"history-{member.id}.md"] = history_markdown(
            member, rows, cell_name=cell.name, year=None, made_on=today
        )
        out[f"history-{member.id}.csv"] = render_csv(rows)
        out[f"tasks-{member.id}.md"] = member_task_sheet(repo, member.id, today, "md")
    return out


def voted(root: Path) -> dict[str, Any]:
    """Each meeting's votes as counted, and an adopted resolution's wording as voted."""
    repo = Repository(root)
    out: dict[str, Any] = {}
    for info in repo.meetings():
        state = repo.log(info.id).state()
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
            res = resolution_of(state)
            entry["resolution"] = {
                "kind": res.kind.value,
                "number": res.number,
                "vote": res.vote,
                "assessment": res.assessment,
                "tasks": [asdict(t) for t in res.tasks],
            }
        out[info.id] = entry
    return out
