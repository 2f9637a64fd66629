"""The minutes (biên bản) as a document: every field of docs/DOMAIN.md "The minutes", and the
proceedings in the order they happened (DOMAIN §7).

Each stage holds what happened in it, in time order: the presenter, the tasks reported back
(review) or the score sheet (scoring), then the speeches, the criticism entries, the votes and
the chair's conclusion as they were recorded. An optional stage where nothing happened is left
out (``domain.minutes.printed_stages``). Whatever was recorded outside every stage comes after.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..domain.agenda import MeetingType, template
from ..domain.consistency import contradictions
from ..domain.dates import local, long_date, short_date, to_date
from ..domain.minutes import printed_stages
from ..domain.people import Category
from ..domain.resolution import RESULT_STATUS_VI, last_month_results, target_phrase
from ..domain.rules import VoteForm, percent_text
from ..domain.state import Conclusion, Entry, EntryKind, MeetingState, Speech, Stage, Vote
from ..domain.text import fold
from .common import TYPE_PHRASES, Roll, header, labelled, roll, roll_called
from .context import DocContext
from .model import GAP, Document, Heading, Para, Rule, SigLine, Signatures, Span, Subtitle, Title
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
EXEMPTED = "miễn công tác và sinh hoạt đảng"
APART = {
    Category.EXEMPTED: "Đảng viên được miễn công tác và sinh hoạt đảng",
    Category.ATTACHED: "Đảng viên sinh hoạt tạm thời nơi khác",
    Category.SUSPENDED: "Đảng viên bị đình chỉ sinh hoạt",
}


def _names(state: MeetingState, ids: list[str]) -> str:
    return ", ".join(comrade(state, m) for m in ids)


def _with_reasons(state: MeetingState, ids: list[str]) -> str:
    """``đồng chí A: lý do; đồng chí B: lý do`` (reasons may hold commas)."""
    parts = []
    for member_id in ids:
        reason = state.attendance[member_id].reason if member_id in state.attendance else ""
        parts.append(comrade(state, member_id) + (f": {reason}" if reason else ""))
    return "; ".join(parts)


def _count_with(n: int, names: str) -> str:
    return f"{n} ({names})" if names else str(n)


def _categories(r: Roll) -> str:
    parts = [f"chính thức {r.count(Category.OFFICIAL)}", f"dự bị {r.count(Category.PROBATIONARY)}"]
    if r.count(Category.EXEMPTED):
        parts.append(f"{EXEMPTED} {r.count(Category.EXEMPTED)}")
    if r.count(Category.ATTACHED):
        parts.append(f"sinh hoạt tạm thời nơi khác {r.count(Category.ATTACHED)}")
    if r.count(Category.SUSPENDED):
        parts.append(f"đình chỉ sinh hoạt {r.count(Category.SUSPENDED)}")
    return ", ".join(parts)


def _present(r: Roll) -> str:
    parts = [
        f"chính thức {r.here(Category.OFFICIAL)}",
        f"dự bị {r.here(Category.PROBATIONARY)}",
    ]
    for category, name in ((Category.EXEMPTED, EXEMPTED), (Category.ATTACHED, "sinh hoạt tạm thời nơi khác")):
        if r.here(category):
            parts.append(f"{name} {r.here(category)}")
    return f"{r.here()} ({', '.join(parts)})"


def _attendance(doc: Document, ctx: DocContext) -> list[Para]:
    state, cell = ctx.state, ctx.cell
    r = roll(state)
    if state.type is MeetingType.COMMITTEE and state.cell_roster:  # the committee attends
        paras = [Para(labelled("Tổng số chi ủy viên", f"{r.total}."))]
    else:
        paras = [Para(labelled("Tổng số đảng viên", f"{r.total} ({_categories(r)})."))]
    if roll_called(doc, state):
        paras += [
            Para(labelled("Có mặt", _present(r) + ".")),
            Para(
                labelled("Vắng có lý do", _count_with(len(r.excused), _with_reasons(state, r.excused)) + ".")
            ),
            Para(
                labelled("Vắng không lý do", _count_with(len(r.unexcused), _names(state, r.unexcused)) + ".")
            ),
        ]
        for category, title in APART.items():
            came = r.present.get(category, [])
            away = r.apart.get(category, [])
            if not came and not away:
                continue
            parts = [f"{_names(state, came)} có dự họp"] if came else []
            parts += [f"{_names(state, away)} không dự họp"] if away else []
            title += " (không tính là vắng)" if away else ""
            paras.append(Para(labelled(title, "; ".join(parts) + ".")))
        official = r.count(Category.OFFICIAL)
        exempted_here = r.here(Category.EXEMPTED)
        voters = f"{official + exempted_here} (đảng viên chính thức {official}"
        voters += f", đồng chí được miễn sinh hoạt có mặt {exempted_here})" if exempted_here else ")"
        paras.append(Para(labelled("Số đồng chí có quyền biểu quyết", voters + ".")))
    else:
        paras.append(Para(labelled("Có mặt", f"{GAP}; vắng có lý do {GAP}; vắng không lý do {GAP}.")))
    late = [
        f"{comrade(state, m)} (lúc {clock_text(rec.arrived_at, cell)})"
        for m, rec in state.attendance.items()
        if rec.arrived_at is not None
    ]
    early = [
        f"{comrade(state, m)} (lúc {clock_text(rec.left_at, cell)}"
        + (f"; lý do: {rec.left_reason})" if rec.left_reason else ")")
        for m, rec in state.attendance.items()
        if rec.left_at is not None
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


def _speech(doc: Document, state: MeetingState, speech: Speech) -> None:
    if not speech.text:
        doc.warn("warn.export_speech_empty", name=_speaker_label(state, speech).rstrip(": "))
    doc.add(Para((Span(_speaker_label(state, speech), bold=True), Span(speech.text or GAP))))


def _results(doc: Document, state: MeetingState) -> None:
    """Last month's tasks as reported back at the review stage (docs/DOMAIN.md, "Between meetings")."""
    results = last_month_results(state)
    if results:
        doc.add(Para((Span("Kết quả thực hiện nhiệm vụ:", bold=True),)))
    for result in results:
        status = RESULT_STATUS_VI.get(result.status, result.status)
        note = f" ({result.note})" if result.note else ""
        doc.add(Para((Span(result.content), Span(f": {status}{note}.")), label="-", level=1))


def _entry(doc: Document, state: MeetingState, entry: Entry) -> None:
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


def _voters(r: Roll, denominator: int) -> str:
    """``22 đồng chí (21 đảng viên chính thức và 1 đồng chí được miễn sinh hoạt có mặt)``."""
    official = r.count(Category.OFFICIAL)
    extra = denominator - official
    if extra > 0:
        return f"{denominator} đồng chí ({official} đảng viên chính thức và {extra} đồng chí được miễn sinh hoạt có mặt)"
    if extra == 0:
        return f"{denominator} đồng chí (đảng viên chính thức)"
    return f"{denominator} đồng chí"


def _vote(doc: Document, state: MeetingState, r: Roll, vote: Vote) -> None:
    den, tally = vote.denominator, vote.tally
    doc.add(Para((Span("Biểu quyết: ", bold=True), Span(vote.question, bold=True))))
    unit = "phiếu" if vote.form is VoteForm.SECRET else "đồng chí"  # "phiếu" only for ballots
    result = "thông qua" if vote.passed else "không thông qua"
    doc.add(
        Para(
            (
                Span(
                    f"Hình thức: {FORMS.get(str(vote.form), str(vote.form))}. Số đồng chí có quyền biểu quyết: "
                    f"{_voters(r, den)}; có mặt biểu quyết {vote.voters_present}."
                ),
            ),
            level=1,
        )
    )
    doc.add(
        Para(
            (
                Span(
                    f"Kết quả: tán thành {tally.for_}/{den} ({percent_text(vote.percent)}%), không tán thành "
                    f"{tally.against}/{den}, ý kiến khác {tally.other}/{den}; cần ít nhất {vote.needed} {unit} "
                    f"tán thành: {result}."
                ),
            ),
            level=1,
        )
    )
    if tally.other and not vote.reserved:  # an "ý kiến khác" count asks for what it said
        doc.warn("warn.export_vote_other_content", question=vote.question, n=tally.other)
        doc.add(Para(labelled("Nội dung ý kiến khác", GAP, bold_label=False), level=1))
    for member_id, words in vote.reserved:
        doc.add(Para((Span(f"{capital(comrade(state, member_id))} bảo lưu ý kiến: "), Span(words)), level=1))
    if vote.withdrawn:
        doc.add(
            Para((Span("Kết quả biểu quyết này đã hủy. Lý do: ", italic=True), Span(vote.withdrawn)), level=1)
        )


def _score(doc: Document, state: MeetingState) -> None:
    """The score sheet recorded at the scoring stage: criteria, total, grade."""
    score = state.score
    if score is None:
        doc.warn("warn.export_no_score")
        doc.add(Para(labelled("Tổng điểm", GAP)), Para(labelled("Xếp loại đề nghị", GAP)))
        return
    doc.add(Para((Span("Kết quả chấm điểm chất lượng sinh hoạt:", bold=True),)))
    for line in score.lines:
        value = f"{number_text(line.points)}/{number_text(line.max)}"
        doc.add(Para((Span(f"{line.title or GAP}: {value} điểm"),), label="-", level=1))
    doc.add(Para(labelled("Tổng điểm", f"{number_text(score.total)} điểm")))
    doc.add(Para(labelled("Xếp loại đề nghị", score.grade or GAP)))


class _Results:
    """The tasks reported back at the review stage, as one block at the time of the first."""

    def __init__(self, state: MeetingState) -> None:
        self.at = min((r.at for r in state.reviews.items.values()), default=None)


Happening = Speech | Entry | Vote | Conclusion | _Results
_LATE = datetime.max.replace(tzinfo=UTC)  # a record without a time comes last


def _when(item: Happening) -> datetime:
    when = (item.started_at or item.ended_at) if isinstance(item, Speech) else item.at
    return when if when is not None else _LATE


def _presenter(doc: Document, state: MeetingState, n: int, stage: Stage) -> None:
    if not stage.presenter:
        return
    record = state.attendance.get(stage.presenter)
    if record is not None and record.status != "" and record.status != "present":
        # Absent: someone else presented; the minutes must not name the absent member.
        doc.warn("warn.export_presenter_absent", stage=n, name=state.member_name(stage.presenter))
        doc.add(Para(labelled("Người trình bày", GAP, bold_label=False)))
    else:
        doc.add(Para(labelled("Người trình bày", f"{comrade(state, stage.presenter)}.", bold_label=False)))


def _owner(state: MeetingState, owner: str) -> str:
    return owner_text(state, owner, lower=True) if owner else GAP


def _agreed(doc: Document, state: MeetingState, key: str) -> None:
    """What the committee agreed at a stage of its meeting (DOMAIN §2): the next cell
    meeting, its presenters, the draft tasks, the focus points, the notice."""
    prep = state.preparation
    if key == "content":
        when = f"{prep.time.replace(':', ' giờ ')} phút, " if prep.time else ""
        day = long_date(prep.date) if prep.date else GAP
        lead = "chuyên đề" if prep.type is MeetingType.THEMATIC else "vấn đề"
        what = TYPE_PHRASES[prep.type] + (f", {lead}: “{prep.topic}”" if prep.topic else "")
        doc.add(
            Para(labelled("Chi ủy thống nhất", f"{capital(what)}; {when}{day}; tại {prep.place or GAP}."))
        )
        titles = [st.title for st in template(prep.type).stages]
        doc.add(Para((Span("Chương trình: " + "; ".join(titles) + "."),), level=1))
    elif key == "assignments":
        order = [st.key for st in template(prep.type).stages]
        stages = {st.key: st.title for st in template(prep.type).stages}
        if not prep.presenters:
            doc.add(Para(labelled("Phân công", GAP, bold_label=False)))
        for stage_key, member in sorted(
            prep.presenters.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
        ):
            title = stages.get(stage_key, stage_key)
            doc.add(Para((Span(f"{title}: "), Span(f"{comrade(state, member)}.")), label="-", level=1))
    elif key == "draft_tasks":
        if not prep.tasks:
            doc.add(Para(labelled("Dự thảo nhiệm vụ", GAP, bold_label=False)))
        for i, task in enumerate(prep.tasks, start=1):
            detail = f" (chủ trì: {_owner(state, task.owner)}; thời hạn: {short_date(task.deadline)})."
            doc.add(Para((Span(task.content), Span(detail)), label=f"{i}.", level=1))
    elif key == "focus":
        if not prep.focus:
            doc.add(Para(labelled("Vấn đề trọng tâm", GAP, bold_label=False)))
        for point in prep.focus:
            doc.add(Para((Span(point),), label="-", level=1))
    elif key == "notice":
        doc.add(
            Para(
                (
                    Span(
                        "Chi ủy thống nhất gửi thông báo (thời gian, địa điểm, nội dung) và tài liệu đến "
                        "đảng viên và cấp ủy cấp trên, đăng trên Sổ tay đảng viên điện tử trước ít nhất "
                        "một ngày."
                    ),
                )
            )
        )


def _stage(doc: Document, state: MeetingState, r: Roll, n: int, stage: Stage) -> None:
    doc.add(Para((Span(stage.title, bold=True),), label=f"{n}."))
    _presenter(doc, state, n, stage)
    if state.started_at is not None and not stage.started:
        doc.add(Para((Span("(Không tiến hành.)", italic=True),)))
    if state.type is MeetingType.COMMITTEE and state.cell_roster:
        _agreed(doc, state, stage.key)
    if stage.key == "scoring":
        _score(doc, state)
    happened: list[Happening] = [s for s in state.record.speeches if s.stage == stage.id]
    if stage.key == "review" and state.reviews.items:
        happened.append(_Results(state))
    entries = [e for e in state.criticism if e.stage == stage.id]
    if stage.key == "criticism" and not state.criticism:
        doc.warn("warn.export_no_criticism")
        doc.add(Para((Span(GAP),)))
    happened += entries
    happened += [v for v in state.votes if v.stage == stage.id]
    conclusion = state.record.conclusions.get(stage.id)
    if conclusion is not None:
        happened.append(conclusion)
    for item in sorted(happened, key=_when):  # stable: what shares a moment keeps its order
        if isinstance(item, Speech):
            _speech(doc, state, item)
        elif isinstance(item, Entry):
            _entry(doc, state, item)
        elif isinstance(item, Vote):
            _vote(doc, state, r, item)
        elif isinstance(item, _Results):
            _results(doc, state)
        else:
            doc.add(Para((Span("Chủ trì kết luận: ", bold=True), Span(item.text))))


def _ids(state: MeetingState) -> set[str]:
    return {s.id for s in state.stages}


def _contents(doc: Document, state: MeetingState) -> None:
    if state.record.current is not None:
        doc.warn("warn.export_speech_running")
    r = roll(state)
    stages = printed_stages(state)
    for n, stage in stages:
        _stage(doc, state, r, n, stage)
    ids = _ids(state)
    n = len(stages)
    orphans = [s for s in state.record.speeches if s.stage not in ids]
    if orphans:
        n += 1
        doc.add(Para((Span("Ý kiến khác", bold=True),), label=f"{n}."))
        for speech in orphans:
            _speech(doc, state, speech)
    entries = [e for e in state.criticism if e.stage not in ids]
    if entries:
        n += 1
        doc.add(Para((Span("Tự phê bình và phê bình; biểu dương, nhắc nhở", bold=True),), label=f"{n}."))
        for entry in entries:
            _entry(doc, state, entry)
    votes = [v for v in state.votes if v.stage not in ids]
    if votes:
        n += 1
        doc.add(Para((Span("Biểu quyết", bold=True),), label=f"{n}."))
        for vote in votes:
            _vote(doc, state, r, vote)
    if not state.votes:
        doc.warn("warn.export_no_votes")
    if state.score is not None and not any(s.key == "scoring" for _, s in stages):
        n += 1
        doc.add(Para((Span("Chấm điểm chất lượng buổi sinh hoạt", bold=True),), label=f"{n}."))
        _score(doc, state)


def _approval(state: MeetingState) -> tuple[int, int] | None:
    """(agree, of those present who voted) for the minutes: recorded as such, or a vote on them."""
    approved = state.minutes_approved
    if approved is not None:
        return approved.agree, approved.present
    minutes_stages = {s.id for s in state.stages if s.key == "minutes"}
    for vote in reversed([v for v in state.votes if not v.withdrawn]):
        if vote.stage in minutes_stages or "bien ban" in fold(vote.question):
            return vote.tally.for_, vote.voters_present
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
    approval = _approval(state)
    if approval is None:
        doc.warn("warn.export_minutes_not_approved")
        tally = f"{GAP}/{GAP} đồng chí có mặt nhất trí, đạt tỷ lệ {GAP}%"
    else:
        agree, present = approval
        share = percent_text(agree / present * 100) if present else GAP
        tally = f"{agree}/{present} đồng chí có mặt nhất trí, đạt tỷ lệ {share}%"
    if state.type is MeetingType.COMMITTEE and state.cell_roster:  # approved by the committee
        return Para(
            (
                Span(
                    f"Cuộc họp kết thúc vào hồi {when}. Biên bản đã được thông qua trước chi ủy, với {tally}."
                ),
            )
        )
    return Para(
        (
            Span(
                f"Buổi sinh hoạt kết thúc vào hồi {when}. Biên bản đã được thông qua trước chi bộ, "
                f"với {tally}."
            ),
        )
    )


def build_minutes(ctx: DocContext) -> Document:
    state, cell = ctx.state, ctx.cell
    doc = Document(kind="minutes", title="biên bản")
    for notice in contradictions(state):  # figures the record's text quotes, checked
        doc.warn(notice.key, **notice.params)
    doc.add(header(doc, cell, state, "", draft=_approval(state) is None))  # approved: adopted
    doc.add(Title("BIÊN BẢN"))
    day = to_date(state.date)
    month = f" tháng {day.month} năm {day.year}" if day else f" tháng {GAP} năm {GAP}"
    doc.add(Subtitle((Span(TYPE_PHRASES[state.type].upper(), bold=True), Span(month, bold=True))))
    if state.topic:  # a thematic meeting's topic, an extraordinary meeting's matter
        lead = "Chuyên đề" if state.type is MeetingType.THEMATIC else "Về việc"
        doc.add(Subtitle((Span(f"{lead}: “{state.topic}”", bold=True),)))
    doc.add(Rule())
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
