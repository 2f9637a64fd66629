"""Figures the record's own text quotes, checked against what the app worked out (issue: "no
document contradicts itself").

A conclusion that says "tự chấm 94 điểm, xếp loại Tốt" above a score sheet totalling 82, Khá;
a review that says "hoàn thành 4/5 nhiệm vụ" above three tasks reported back; "có mặt 22"
when 20 were marked present: each is warned before the vote and before export, naming both
figures. The texts are read, never changed (they are what was said and recorded).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .errors import Notice
from .minutes import printed_stages
from .resolution import assessment_of
from .rules import Presence
from .state import MeetingState

_SCORE = re.compile(r"(?:chấm|đạt|tổng(?: cộng| số)?(?: điểm)?|được)\s+(\d+(?:[.,]\d+)?)\s*điểm")
_GRADE = re.compile(r"xếp loại\s+(tốt|khá|trung bình|kém)")
_TASKS = re.compile(r"(\d+)\s*/\s*(\d+)\s+nhiệm vụ")
_PRESENT = re.compile(r"có mặt\s+(\d+)(?:\s*/\s*\d+)?(?!\s*(?:%|phút|giờ))")


def _texts(state: MeetingState) -> Iterator[tuple[dict[str, object], str]]:
    """(where it is, the text) for every text of the record that quotes figures."""
    for i, stage in printed_stages(state):
        where = {"where": "where.stage", "stage": i}
        for speech in state.record.speeches:
            if speech.stage == stage.id and speech.text:
                yield where, speech.text
        conclusion = state.record.conclusions.get(stage.id)
        if conclusion is not None:
            yield where, conclusion.text
    text, drafted = assessment_of(state)
    if not drafted:  # a Section I drafted from the record quotes the texts already read
        yield {"where": "where.section1"}, text


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def contradictions(state: MeetingState) -> list[Notice]:
    """Warnings where a recorded text quotes a score, a grade, a task count or attendance
    that the record itself does not bear out."""
    notices: list[Notice] = []
    score = state.score
    reviews = list(state.reviews.items.values())
    done = sum(1 for r in reviews if r.status == "done")
    present = sum(1 for p in (rec.status for rec in state.attendance.values()) if p is Presence.PRESENT)
    marked = any(rec.status is not Presence.UNMARKED for rec in state.attendance.values())

    def add(key: str, where: dict[str, object], found: str, computed: str) -> None:
        notice = Notice(key, {**where, "found": found, "computed": computed})
        if notice not in notices:
            notices.append(notice)

    for where, raw in _texts(state):
        text = unicodedata.normalize("NFC", raw).lower()
        if score is not None and score.lines:
            for match in _SCORE.finditer(text):
                if abs(_number(match[1]) - score.total) > 0.01:
                    add("warn.contradiction_score", where, f"{match[1]} điểm", f"{_figure(score.total)} điểm")
            for match in _GRADE.finditer(text):
                if score.grade and match[1] != score.grade.lower():
                    add("warn.contradiction_grade", where, f"xếp loại {match[1].capitalize()}", score.grade)
        if reviews:
            for match in _TASKS.finditer(text):
                if (int(match[1]), int(match[2])) != (done, len(reviews)):
                    add(
                        "warn.contradiction_tasks",
                        where,
                        f"{match[1]}/{match[2]} nhiệm vụ",
                        f"{done}/{len(reviews)}",
                    )
        if marked:
            for match in _PRESENT.finditer(text):
                if int(match[1]) != present:
                    add("warn.contradiction_present", where, f"có mặt {match[1]}", str(present))
    return notices
