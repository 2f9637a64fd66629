"""Stored events of older versions brought to today's shape, one version step at a time.

An upcaster takes an event of version ``n`` and returns it in version ``n + 1``. It is given
the state the meeting had just before the event: version 1 worked some facts out on read
(the vote's denominator and outcome, Section I as voted, the month a task reports back, a
meeting's agenda from the templates), and version 2 stores them with the event. The rules
those facts came from are frozen here as version 1 had them, so a later change of today's
rules never changes what a meeting recorded under version 1 says.

docs/ARCHITECTURE.md, "Adding a version step", says how to add the next one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from .events import EVENT_SCHEMA, Event, EventFormatError, EventKind
from .people import CELL, COMMITTEE, Category, Role
from .rules import Presence
from .state import EntryKind, MeetingState

Upcaster = Callable[[Event, MeetingState], Event]


def upcast(event: Event, before: MeetingState) -> Event:
    """``event`` in today's shape (:data:`EVENT_SCHEMA`), given the state just before it."""
    if event.v > EVENT_SCHEMA:
        raise EventFormatError("error.event_newer", seq=event.seq, version=event.v, known=EVENT_SCHEMA)
    while event.v < EVENT_SCHEMA:
        event = UPCASTERS[event.v](event, before)
    return event


# == version 1 -> 2 ================================================================================
# Version 1 (meetingtui 0.1.0) re-ran the rules and the templates every time a meeting was read.


@cache
def _v1_templates() -> dict[str, Any]:
    """The agenda templates as version 1 shipped them (``data/legacy/agenda_templates-v1.json``)."""
    text = resources.files("meetingtui.data").joinpath("legacy/agenda_templates-v1.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _v1_present(before: MeetingState) -> dict[str, bool]:
    return {
        mid: rec.status is Presence.PRESENT and rec.left_at is None for mid, rec in before.attendance.items()
    }


def _v1_vote(before: MeetingState, d: Mapping[str, Any]) -> dict[str, Any]:
    """The denominator, threshold and outcome as version 1 worked them out (QĐ 294 §9.3.2,
    Charter Art. 4, 5 and 9.5 as read then)."""
    here = _v1_present(before)
    den = voters = 0
    for member in before.roster.values():
        present = here.get(member.id, False)
        if member.category is Category.OFFICIAL or member.category is Category.EXEMPTED and present:
            den += 1
        if member.category in (Category.OFFICIAL, Category.EXEMPTED) and present:
            voters += 1
    kind = str(d.get("kind", "resolution"))
    needed = max(1, (2 * den + 2) // 3) if kind in ("admission", "confirmation") else den // 2 + 1
    for_ = int(d.get("for", 0))
    stage = before.current_stage
    return {
        "denominator": den,
        "voters_present": voters,
        "needed": needed,
        "passed": for_ >= needed,
        "percent": for_ / den * 100 if den else 0.0,
        "stage": stage.id if stage else "",
    }


def _v1_period(before: MeetingState) -> str:
    """The month a new task reports back to, as version 1 defaulted it."""
    if before.resolution.period:
        return before.resolution.period
    try:
        day = date.fromisoformat(before.date)
    except ValueError:
        return ""
    total = day.year * 12 + day.month - 1 + (1 if day.day >= 15 else 0)
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


_V1_STATUS = {
    "done": "hoàn thành",
    "partly": "hoàn thành một phần",
    "not_done": "chưa hoàn thành",
    "carried": "chuyển sang tháng sau",
}


def _v1_assessment(before: MeetingState) -> str:
    """Section I as version 1 drafted it from the record, frozen at the vote."""
    if before.resolution.assessment:
        return before.resolution.assessment
    lines = ["1. Kết quả thực hiện nhiệm vụ:"]
    reviews = list(before.reviews.items.values())
    for r in reviews:
        status = _V1_STATUS.get(r.status, r.status)
        lines.append(f"- {r.content}: {status}" + (f" ({r.note})." if r.note else "."))
    if not reviews:
        lines.append("- …")
    review = [s for s in before.stages if s.key == "review"]
    conclusion = before.record.conclusions.get(review[0].id) if review else None
    lines.append("2. Ưu điểm, hạn chế và nguyên nhân:")
    lines.append(conclusion.text if conclusion else "…")
    people = [e for e in before.criticism if e.kind in (EntryKind.COMMENDATION, EntryKind.REMINDER)]
    if people:
        lines.append("3. Biểu dương, nhắc nhở:")
        for entry in people:
            verb = "Biểu dương" if entry.kind is EntryKind.COMMENDATION else "Nhắc nhở"
            if entry.concerns == COMMITTEE:
                whom = "chi ủy"
            elif entry.concerns == CELL:
                whom = "tập thể chi bộ"
            else:
                whom = f"đồng chí {before.member_name(entry.concerns)}"
            lines.append(f"- {verb} {whom}: {entry.text}")
    return "\n".join(lines)


def _v1_grade(grades: list[tuple[str, float]], requires_full: list[str], total: float, full: set[str]) -> str:
    ordered = sorted(grades, key=lambda g: -g[1])
    for i, (name, minimum) in enumerate(ordered):
        if total >= minimum:
            if i == 0 and any(k not in full for k in requires_full):
                continue
            return name
    return ordered[-1][0] if ordered else ""


def _v1_sheet(
    sheet: Mapping[str, Any],
) -> tuple[list[tuple[str, float, str]], list[tuple[str, float]], list[str]]:
    lines = [(str(x["key"]), float(x["points"]), str(x.get("title", ""))) for x in sheet.get("lines", ())]
    grades = [(str(g["name"]), float(g["min"])) for g in sheet.get("grades", ())]
    return lines, grades, [str(k) for k in sheet.get("top_grade_requires_full", ())]


def _v1_score_totals(
    points: dict[str, float], maxima: dict[str, float], sheet: Mapping[str, Any]
) -> tuple[float, str]:
    _, grades, requires = _v1_sheet(sheet)
    total = round(sum(points.values()), 2)
    full = {k for k, p in points.items() if p >= maxima[k]}
    return total, _v1_grade(grades, requires, total, full)


def _v1_concerns(before: MeetingState, kind: str, speaker: str, concerns: str) -> str:
    if kind == EntryKind.SELF_CRITICISM:
        member = before.roster.get(speaker)
        on_committee = member is not None and member.role is not Role.NONE
        return COMMITTEE if concerns == COMMITTEE and on_committee else speaker
    return concerns


def _v1_follow_up(raw: object, concerns: str) -> dict[str, str] | None:
    if raw in (None, "", {}) or not isinstance(raw, Mapping):
        return None
    deadline = str(raw.get("deadline", "") or "")
    if deadline:
        deadline = date.fromisoformat(deadline).isoformat()
    return {
        "content": str(raw.get("content", "")),
        "owner": str(raw.get("owner", "") or concerns),
        "deadline": deadline,
    }


_V1_UNCHANGED = frozenset(EventKind) - {
    EventKind.CREATED, EventKind.STAGE_ADDED, EventKind.SPEECH_STARTED, EventKind.SPEECH_ENDED,
    EventKind.STAGE_CONCLUDED, EventKind.GROUP_OPINION, EventKind.VOTE_RECORDED,
    EventKind.RESOLUTION_TASK_ADDED, EventKind.RESOLUTION_ADOPTED, EventKind.ENTRY_ADDED,
    EventKind.ENTRY_CHANGED, EventKind.SCORE_PROPOSED, EventKind.SCORE_LINE_SET,
}  # fmt: skip  # kinds whose data version 2 stores exactly as version 1 did


def _v1_to_v2(event: Event, before: MeetingState) -> Event:
    k = event.kind
    if k in _V1_UNCHANGED:
        return Event(event.seq, k, event.at, event.by, event.data, 2)
    d: dict[str, Any] = dict(event.data)
    if k is EventKind.CREATED:
        tpl = _v1_templates()["templates"][d.get("type", "regular")]
        presenters = d.pop("presenters", {}) or {}
        d["title"] = d.get("title") or tpl["title"]
        d["min_minutes"] = int(tpl["min_minutes"])
        d["stages"] = [
            {
                "key": st["key"],
                "title": st["title"],
                "budget_min": st["budget_min"],
                "min_minutes": st.get("min_minutes", 0),
                "presenter": str(presenters.get(st["key"], "")),
            }  # fmt: skip
            for st in tpl["stages"]
        ]
        d["roster"] = d.get("roster", {}) if isinstance(d.get("roster"), dict) else {}
    elif k is EventKind.STAGE_ADDED:
        key = d.get("key") or "custom"
        base = _v1_templates()["extra_stages"].get(key) if key in ("thematic_topic", "custom") else None
        d["key"] = key
        d["title"] = d.get("title") or (base["title"] if base else "")
        if "budget_min" not in d:
            d["budget_min"] = base["budget_min"] if base else 10
        d["min_minutes"] = base.get("min_minutes", 0) if base else 0
        earliest = 0 if before.current is None else before.current + 1
        d["position"] = max(earliest, min(int(d.get("position", len(before.stages))), len(before.stages)))
    elif k is EventKind.SPEECH_STARTED and not d.get("entry") and before.record.queue:
        d["entry"] = before.record.queue[0].id
    elif k is EventKind.SPEECH_ENDED and "text" not in d:
        d["text"] = before.record.draft
    elif k is EventKind.STAGE_CONCLUDED and not d.get("stage"):
        d["stage"] = before.current_stage.id if before.current_stage else ""
    elif k is EventKind.GROUP_OPINION and not d.get("stage"):
        if before.current_stage is not None:
            d["stage"] = before.current_stage.id
        elif before.stages:
            d["stage"] = next((s.id for s in before.stages if s.key == "discussion"), before.stages[0].id)
    elif k is EventKind.VOTE_RECORDED:
        d = {**d, **_v1_vote(before, d)}
    elif k is EventKind.RESOLUTION_TASK_ADDED:
        if "report_at" not in d:
            d["report_at"] = _v1_period(before)
    elif k is EventKind.RESOLUTION_ADOPTED:
        d["assessment"] = _v1_assessment(before)
    elif k is EventKind.ENTRY_ADDED:
        concerns = _v1_concerns(
            before, str(d.get("kind", "")), str(d.get("speaker", "")), str(d.get("concerns", ""))
        )
        d["concerns"] = concerns
        d["follow_up"] = _v1_follow_up(d.get("follow_up"), concerns)
    elif k is EventKind.ENTRY_CHANGED:
        d = _v1_entry_changed(before, d)
    elif k is EventKind.SCORE_PROPOSED:
        d = _v1_score_proposed(d)
    elif k is EventKind.SCORE_LINE_SET:
        d = _v1_score_line_set(before, d)
    return Event(event.seq, k, event.at, event.by, d, 2)


def _v1_entry_changed(before: MeetingState, d: dict[str, Any]) -> dict[str, Any]:
    entry = next((e for e in before.criticism if e.id == d.get("entry")), None)
    if entry is None:
        return d
    kind = str(d.get("kind", entry.kind))
    speaker = str(d.get("speaker", entry.speaker))
    concerns = str(d.get("concerns", entry.concerns))
    if kind == EntryKind.SELF_CRITICISM and "concerns" not in d and "speaker" in d:
        concerns = speaker
    concerns = _v1_concerns(before, kind, speaker, concerns)
    out = {**d, "kind": kind, "speaker": speaker, "concerns": concerns}
    if "follow_up" in d:
        out["follow_up"] = _v1_follow_up(d.get("follow_up"), concerns)
    return out


def _v1_score_proposed(d: dict[str, Any]) -> dict[str, Any]:
    sheet = d.get("sheet_data", {}) or {}
    lines, _, _ = _v1_sheet(sheet)
    proposals = d.get("lines", {}) or {}
    points = {key: float((proposals.get(key) or {}).get("points", 0)) for key, _, _ in lines}
    total, grade = _v1_score_totals(points, {key: top for key, top, _ in lines}, sheet)
    return {**d, "total": total, "grade": grade}


def _v1_score_line_set(before: MeetingState, d: dict[str, Any]) -> dict[str, Any]:
    score = before.score
    if score is None:
        return d
    points = {line.key: line.points for line in score.lines}
    points[str(d.get("line", ""))] = float(d.get("points", 0))
    maxima = {line.key: line.max for line in score.lines}
    grades = [{"name": n, "min": m} for n, m in score.grades]
    sheet = {"grades": grades, "top_grade_requires_full": list(score.top_grade_requires_full)}
    total, grade = _v1_score_totals(points, maxima, sheet)
    out = {**d, "total": total, "grade": grade}
    note = d.get("note")
    if not (isinstance(note, str) and note.strip()):
        out.pop("note", None)
    else:
        out["note"] = note.strip()
    return out


UPCASTERS: Mapping[int, Upcaster] = {1: _v1_to_v2}
