"""The minutes (biên bản) as a document, every field of docs/DOMAIN.md "The minutes" in order."""

from __future__ import annotations

from ..domain.attendance import final_presence
from ..domain.consistency import contradictions
from ..domain.dates import local, long_date, short_date, to_date
from ..domain.resolution import RESULT_STATUS_VI, last_month_results, target_phrase
from ..domain.rules import Presence, percent_text
from ..domain.state import EntryKind, MeetingState, Speech, Vote
from ..domain.text import fold
from .common import TYPE_PHRASES, counts, header, labelled, roll_called
from .context import DocContext
from .model import GAP, Document, Heading, Para, SigLine, Signatures, Span, Subtitle, Title
from .vn import (
    capital,
    clock_text,
    comrade,
    comrade_with_role,
    guest_name,
    number_text,
    owner_text,
)

FORMS = {"hands": "giơ tay", "card": "giơ thẻ đảng viên", "secret": "bỏ phiếu kín"}
VERBS = {
    EntryKind.SELF_CRITICISM: "tự phê bình",
    EntryKind.CRITICISM: "phê bình",
    EntryKind.COMMENDATION: "biểu dương",
    EntryKind.REMINDER: "nhắc nhở",
}


def _names(state: MeetingState, status: Presence, with_reason: bool) -> str:
    names = []
    final = final_presence(state)
    for member_id in state.roster:
        if final.get(member_id) is not status:
            continue
        reason = state.attendance[member_id].reason
        names.append(comrade(state, member_id) + (f" ({reason})" if with_reason and reason else ""))
    return ", ".join(names)


def _attendance(doc: Document, ctx: DocContext) -> list[Para]:
    state, cell = ctx.state, ctx.cell
    c = counts(state)
    parts = [f"chính thức {c.official}", f"dự bị {c.probationary}", f"miễn sinh hoạt {c.exempted}"]
    if c.attached:
        parts.append(f"sinh hoạt tạm thời nơi khác {c.attached}")
    if c.suspended:
        parts.append(f"đình chỉ sinh hoạt {c.suspended}")
    text = f"{c.total} ({', '.join(parts)}); "
    if roll_called(doc, state):
        excused = _names(state, Presence.EXCUSED, True)
        unexcused = _names(state, Presence.UNEXCUSED, False)
        text += f"có mặt {c.present}; vắng có lý do {c.excused}" + (f": {excused}" if excused else "")
        text += f"; vắng không lý do {c.unexcused}" + (f": {unexcused}" if unexcused else "") + "."
    else:
        text += f"có mặt {GAP}; vắng có lý do {GAP}; vắng không lý do {GAP}."
    paras = [Para(labelled("Tổng số đảng viên", text))]
    late = [
        f"{comrade(state, m)} (lúc {clock_text(r.arrived_at, cell)})"
        for m, r in state.attendance.items()
        if r.arrived_at is not None
    ]
    early = [
        f"{comrade(state, m)} (lúc {clock_text(r.left_at, cell)}"
        + (f"; lý do: {r.left_reason})" if r.left_reason else ")")
        for m, r in state.attendance.items()
        if r.left_at is not None
    ]
    if late:
        paras.append(Para(labelled("Đến muộn", "; ".join(late) + ".")))
    if early:
        paras.append(Para(labelled("Về sớm", "; ".join(early) + ".")))
    return paras


def _speaker_label(state: MeetingState, speech: Speech) -> str:
    if speech.kind == "group_opinion":
        reader = f" ({comrade(state, speech.member)} trình bày)" if speech.member else ""
        return f"Ý kiến {speech.group}{reader}: "
    if speech.member:
        return f"{capital(comrade(state, speech.member))}: "
    return f"{capital(guest_name(speech.guest))} (đại biểu): "


def _speech(doc: Document, state: MeetingState, speech: Speech) -> Para:
    if not speech.text:
        doc.warn("warn.export_speech_empty", name=_speaker_label(state, speech).rstrip(": "))
    return Para((Span(_speaker_label(state, speech), bold=True), Span(speech.text or GAP)))


def _results(doc: Document, state: MeetingState) -> None:
    """Last month's tasks as reported back at the review stage (docs/DOMAIN.md, "Between meetings")."""
    results = last_month_results(state)
    if results:
        doc.add(Para((Span("Kết quả thực hiện nhiệm vụ:", bold=True),)))
    for result in results:
        status = RESULT_STATUS_VI.get(result.status, result.status)
        note = f" ({result.note})" if result.note else ""
        doc.add(Para((Span(result.content), Span(f": {status}{note}.")), label="-", level=1))


def _contents(doc: Document, state: MeetingState) -> None:
    rec = state.record
    if rec.current is not None:
        doc.warn("warn.export_speech_running")
    stage_ids = {s.id for s in state.stages}
    for i, stage in enumerate(state.stages, start=1):
        doc.add(Para((Span(stage.title, bold=True),), label=f"{i}."))
        if stage.presenter:
            record = state.attendance.get(stage.presenter)
            if record is not None and record.status != "" and record.status != "present":
                # Absent: someone else presented; the minutes must not name the absent member.
                doc.warn("warn.export_presenter_absent", stage=i, name=state.member_name(stage.presenter))
                doc.add(Para(labelled("Người trình bày", GAP, bold_label=False)))
            else:
                doc.add(
                    Para(labelled("Người trình bày", f"{comrade(state, stage.presenter)}.", bold_label=False))
                )
        if state.started_at is not None and not stage.started:
            doc.add(Para((Span("(Không tiến hành.)", italic=True),)))
        for speech in rec.speeches:
            if speech.stage == stage.id:
                doc.add(_speech(doc, state, speech))
        if stage.key == "review":
            _results(doc, state)
        conclusion = rec.conclusions.get(stage.id)
        if conclusion is not None:
            doc.add(Para((Span("Chủ trì kết luận: ", bold=True), Span(conclusion.text))))
    orphans = [s for s in rec.speeches if s.stage not in stage_ids]
    if orphans:
        doc.add(Para((Span("Ý kiến khác", bold=True),), label=f"{len(state.stages) + 1}."))
        for speech in orphans:
            doc.add(_speech(doc, state, speech))


def _criticism(doc: Document, ctx: DocContext) -> None:
    state = ctx.state
    entries = state.criticism
    if not entries and not any(s.key == "criticism" for s in state.stages):
        return
    doc.add(Heading("TỰ PHÊ BÌNH VÀ PHÊ BÌNH; BIỂU DƯƠNG, NHẮC NHỞ"))
    if not entries:
        doc.warn("warn.export_no_criticism")
        doc.add(Para((Span(GAP),)))
    for entry in entries:
        who = capital(comrade(state, entry.speaker)) if entry.speaker else "Chủ trì"
        whom = "" if entry.kind is EntryKind.SELF_CRITICISM else " " + target_phrase(state, entry.concerns)
        absent = " (vắng mặt)" if entry.absent else ""
        doc.add(Para((Span(f"{who} {VERBS[entry.kind]}{whom}{absent}: ", bold=True), Span(entry.text))))
        if entry.response:
            doc.add(Para(labelled("Tiếp thu, cam kết", entry.response, bold_label=False), level=1))
        if entry.follow_up is not None:
            fu = entry.follow_up
            detail = (
                f" (chủ trì: {owner_text(state, fu.owner, lower=True)}; thời hạn: {short_date(fu.deadline)})."
            )
            doc.add(Para((Span("Việc cần làm: "), Span(fu.content), Span(detail)), level=1))


def _vote(doc: Document, state: MeetingState, i: int, vote: Vote) -> None:
    den, tally = vote.denominator, vote.tally
    doc.add(Para((Span(vote.question, bold=True),), label=f"{i}."))
    result = "thông qua" if vote.passed else "không thông qua"
    doc.add(
        Para(
            (
                Span(
                    f"Hình thức: {FORMS.get(str(vote.form), str(vote.form))}; tán thành {tally.for_}/{den} "
                    f"({percent_text(vote.percent)}%), không tán thành {tally.against}/{den}, ý kiến khác "
                    f"{tally.other}/{den}; cần ít nhất {vote.needed} phiếu tán thành. Kết quả: {result}."
                ),
            ),
            level=1,
        )
    )
    for member_id, words in vote.reserved:
        doc.add(Para((Span(f"{capital(comrade(state, member_id))} bảo lưu ý kiến: "), Span(words)), level=1))
    if vote.withdrawn:
        doc.add(
            Para((Span("Kết quả biểu quyết này đã hủy. Lý do: ", italic=True), Span(vote.withdrawn)), level=1)
        )


def _score(doc: Document, state: MeetingState) -> None:
    """The score sheet recorded at the scoring stage: criteria, total, grade."""
    doc.add(Heading("KẾT QUẢ CHẤM ĐIỂM CHẤT LƯỢNG SINH HOẠT"))
    score = state.score
    if score is None:
        doc.warn("warn.export_no_score")
        doc.add(Para(labelled("Tổng điểm", GAP)), Para(labelled("Xếp loại đề nghị", GAP)))
        return
    for line in score.lines:
        value = f"{number_text(line.points)}/{number_text(line.max)}"
        doc.add(Para((Span(f"{line.title or GAP}: {value} điểm"),), label="-"))
    doc.add(Para(labelled("Tổng điểm", f"{number_text(score.total)} điểm")))
    doc.add(Para(labelled("Xếp loại đề nghị", score.grade or GAP)))


def _approval(state: MeetingState) -> str | None:
    """``agree/present`` of the minutes' approval: recorded as such, or a vote on the minutes."""
    approved = state.minutes_approved
    if approved is not None:
        return f"{approved.agree}/{approved.present}"
    minutes_stages = {s.id for s in state.stages if s.key == "minutes"}
    for vote in reversed([v for v in state.votes if not v.withdrawn]):
        if vote.stage in minutes_stages or "bien ban" in fold(vote.question):
            return f"{vote.tally.for_}/{vote.denominator}"
    return None


def _closing(doc: Document, ctx: DocContext) -> Para:
    state = ctx.state
    if state.ended_at is None:
        doc.warn("warn.export_not_ended")
        when = f"{GAP} giờ {GAP} phút"
    else:
        when = clock_text(state.ended_at, ctx.cell)
        day = local(state.ended_at, ctx.cell.utc_offset_hours).date().isoformat()
        when += " cùng ngày" if day == state.date else f" ngày {short_date(day)}"
    tally = _approval(state)
    if tally is None:
        doc.warn("warn.export_minutes_not_approved")
        tally = f"{GAP}/{GAP}"
    return Para(
        (
            Span(
                f"Buổi sinh hoạt kết thúc vào hồi {when}. Biên bản đã được thông qua trước chi bộ, "
                f"{tally} đồng chí nhất trí."
            ),
        )
    )


def build_minutes(ctx: DocContext) -> Document:
    state, cell = ctx.state, ctx.cell
    doc = Document(kind="minutes", title="biên bản")
    for notice in contradictions(state):  # figures the record's text quotes, checked
        doc.warn(notice.key, **notice.params)
    doc.add(header(doc, cell, state, ""))
    doc.add(Title("BIÊN BẢN"))
    day = to_date(state.date)
    month = f" tháng {day.month} năm {day.year}" if day else f" tháng {GAP} năm {GAP}"
    doc.add(Subtitle((Span(TYPE_PHRASES[state.type].upper(), bold=True), Span(month, bold=True))))
    if state.started_at is None:
        doc.warn("warn.export_not_started")
        start = f"{state.time.replace(':', ' giờ ')} phút" if state.time else f"{GAP} giờ {GAP} phút"
    else:
        start = clock_text(state.started_at, cell)
    doc.add(Para(labelled("Thời gian", f"{start}, {long_date(state.date)}.")))
    doc.add(Para(labelled("Địa điểm", f"{state.place}." if state.place else GAP)))
    if not state.chair:
        doc.warn("warn.export_no_chair")
    if not state.clerk:
        doc.warn("warn.export_no_clerk")
    doc.add(Para(labelled("Chủ trì", comrade_with_role(state, state.chair) + ".")))
    doc.add(Para(labelled("Thư ký", comrade(state, state.clerk) + ".")))
    guests = "; ".join(guest_name(g.name) + (f", {g.title}" if g.title else "") for g in state.guests)
    doc.add(Para(labelled("Đại biểu dự", (guests or "không có") + ".")))
    doc.add(*_attendance(doc, ctx))

    doc.add(Heading("NỘI DUNG"))
    _contents(doc, state)
    _criticism(doc, ctx)
    doc.add(Heading("BIỂU QUYẾT"))
    if not state.votes:
        doc.warn("warn.export_no_votes")
        doc.add(Para((Span(GAP),)))
    for i, vote in enumerate(state.votes, start=1):
        _vote(doc, state, i, vote)
    _score(doc, state)
    doc.add(_closing(doc, ctx))
    clerk = state.member_name(state.clerk) if state.clerk else GAP
    chair = state.member_name(state.chair) if state.chair else GAP
    doc.add(
        Signatures(
            (SigLine("THƯ KÝ", bold=True), SigLine(""), SigLine(""), SigLine(""), SigLine(clerk, bold=True)),
            (SigLine("CHỦ TRÌ", bold=True), SigLine(""), SigLine(""), SigLine(""), SigLine(chair, bold=True)),
        )
    )
    return doc
