"""Suggesting each score line from the record (docs/DOMAIN.md, "Quality of a meeting"), with
the reason, in Vietnamese. The chair keeps or changes every suggestion; nothing here is final.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from ..domain.agenda import MeetingType
from ..domain.attendance import counts_now
from ..domain.dates import short_date
from ..domain.errors import AppError
from ..domain.record import spoken_members
from ..domain.review import done_share
from ..domain.rules import percent_text
from ..domain.scoring import Sheet, SheetLine
from ..domain.state import EntryKind, MeetingState
from ..export.vn import number_text
from ..store.repo import Repository
from .plan import packet_of

COMMITTEE_WINDOW_DAYS = 15  # a committee meeting this many days before counts as preparation


def _half(value: float) -> float:
    """Round to the nearest half point, as score sheets are filled in by hand."""
    return round(value * 2) / 2


def _length(line: SheetLine, state: MeetingState, now: datetime) -> tuple[float, str]:
    minutes = state.elapsed(now) / 60
    if minutes >= state.min_minutes:
        return (
            line.points,
            f"Buổi sinh hoạt kéo dài {minutes:.0f} phút, đủ tối thiểu {state.min_minutes} phút.",
        )
    return 0, f"Buổi sinh hoạt kéo dài {minutes:.0f} phút, chưa đủ tối thiểu {state.min_minutes} phút."


def _attendance(line: SheetLine, state: MeetingState, threshold: float) -> tuple[float, str]:
    c = counts_now(state)
    rate = percent_text(c.rate * 100)
    reason = f"Có mặt {c.rate_present}/{c.rate_base} ({rate}%); vắng không lý do {c.unexcused}."
    if c.unexcused == 0 and c.rate >= max(0.9, threshold):
        return line.points, reason
    if c.unexcused == 0 and c.rate >= threshold:
        return _half(
            line.points * 0.6
        ), reason + f" Đạt ngưỡng {percent_text(threshold * 100)}% nhưng dưới 90%."
    return 0, reason + " Chưa đạt yêu cầu."


def _committee(line: SheetLine, state: MeetingState, repo: Repository) -> tuple[float, str]:
    """Credit only the committee meeting that prepared *this* meeting (its preparation produced
    it), held in the fortnight before; a committee meeting that prepared another is no credit."""
    day = date.fromisoformat(state.date)
    points, reason = (
        0.0,
        f"Không thấy cuộc họp chi ủy nào chuẩn bị buổi sinh hoạt này trong {COMMITTEE_WINDOW_DAYS} "
        "ngày trước đó (buổi sinh hoạt không được tạo từ phần chuẩn bị của chi ủy).",
    )
    for info in repo.meetings():
        if info.type is not MeetingType.COMMITTEE:
            continue
        held = date.fromisoformat(info.date)
        if not day - timedelta(days=COMMITTEE_WINDOW_DAYS) <= held <= day:
            continue
        try:
            produced = repo.log(info.id).state().preparation.produced
        except AppError:
            continue  # a damaged file is reported when it is opened
        if produced == state.id:
            points, reason = line.points, f"Chi ủy đã họp chuẩn bị ngày {short_date(info.date)}."
            break
    return _packet(line, state, repo, points, reason)


def _packet(
    line: SheetLine, state: MeetingState, repo: Repository, points: float, reason: str
) -> tuple[float, str]:
    """HD 42: the notice and documents go out at least a day before. A packet recorded as sent
    later than that costs half the line; when none was recorded the line is as before."""
    packet = packet_of(repo, state.id, state.date)
    if packet is None:
        return points, reason
    hours = number_text(round(packet.hours_ahead, 1))
    if packet.late:
        return _half(
            points / 2
        ), reason + f" Tài liệu gửi trước {hours} giờ, chưa đủ một ngày (Hướng dẫn 42-HD/BTCTW)."
    return points, reason + f" Tài liệu gửi trước {hours} giờ."


def _stages(line: SheetLine, state: MeetingState) -> tuple[float, str]:
    counted = [i for i, s in enumerate(state.stages) if s.budget > 0 or s.started]
    done = sum(1 for i in counted if state.stages[i].started)
    if not counted:
        return 0, "Chương trình không có nội dung nào."
    return _half(
        line.points * done / len(counted)
    ), f"Đã tiến hành {done}/{len(counted)} nội dung của chương trình."


def _discussion(line: SheetLine, state: MeetingState) -> tuple[float, str]:
    present = counts_now(state).present
    speakers = len(spoken_members(state))
    kinds = [e.kind for e in state.criticism]
    praised = sum(1 for k in kinds if k in (EntryKind.COMMENDATION, EntryKind.REMINDER, EntryKind.CRITICISM))
    share = speakers / present if present else 0.0
    # Two thirds of the line for many speakers (half of those present earns it all),
    # one third for commendations, reminders or criticism made.
    points = line.points * (2 / 3 * min(1.0, share / 0.5) + (1 / 3 if praised else 0))
    reason = (
        f"{speakers}/{present} đảng viên có mặt đã phát biểu ({percent_text(share * 100)}%); "
        f"{praised} ý kiến biểu dương, nhắc nhở, phê bình."
    )
    return _half(points), reason


def _self_criticism(line: SheetLine, state: MeetingState) -> tuple[float, str]:
    kinds = [e.kind for e in state.criticism]
    own = kinds.count(EntryKind.SELF_CRITICISM)
    others = kinds.count(EntryKind.CRITICISM)
    reason = f"{own} ý kiến tự phê bình, {others} ý kiến phê bình."
    if own and others:
        return line.points, reason
    if own or others:
        return _half(line.points * 0.6), reason
    return 0, reason + " Chưa có tự phê bình và phê bình."


def _tasks_done(line: SheetLine, share: float | None, counted: int) -> tuple[float, str]:
    if share is None:
        return 0, "Chưa có kết quả nhiệm vụ tháng trước trong hồ sơ; chủ trì chấm."
    return _half(
        line.points * share
    ), f"{percent_text(share * 100)}% trong {counted} nhiệm vụ tháng trước đã hoàn thành."


def _closing(line: SheetLine, state: MeetingState) -> tuple[float, str]:
    concluded = bool(state.record.conclusions)
    approved = state.minutes_approved
    parts = ["có kết luận của chủ trì" if concluded else "chưa ghi kết luận của chủ trì"]
    parts.append("biên bản đã được thông qua" if approved else "biên bản chưa được thông qua")
    points = line.points * ((0.5 if concluded else 0) + (0.5 if approved else 0))
    return _half(points), "; ".join(parts).capitalize() + "."


def suggest(
    sheet: Sheet,
    state: MeetingState,
    repo: Repository,
    now: datetime,
) -> dict[str, dict[str, Any]]:
    """A proposal per line: ``{key: {"points": p, "reason": text}}``."""
    threshold = repo.cell().attendance_threshold
    tasks_share, tasks_counted = done_share(state)
    result: dict[str, dict[str, Any]] = {}
    for line in sheet.lines:
        rule = line.suggest
        if rule == "length":
            points, reason = _length(line, state, now)
        elif rule == "attendance":
            points, reason = _attendance(line, state, threshold)
        elif rule == "committee_meeting":
            points, reason = _committee(line, state, repo)
        elif rule == "stages":
            points, reason = _stages(line, state)
        elif rule == "discussion":
            points, reason = _discussion(line, state)
        elif rule == "self_criticism":
            points, reason = _self_criticism(line, state)
        elif rule == "tasks_done":
            points, reason = _tasks_done(line, tasks_share, tasks_counted)
        elif rule == "closing":
            points, reason = _closing(line, state)
        else:
            points, reason = (
                line.points,
                "Không suy ra được từ biên bản; đề xuất điểm tối đa, chủ trì xác nhận.",
            )
        result[line.key] = {"points": points, "reason": reason}
    return result
