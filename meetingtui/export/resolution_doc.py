"""The resolution (or conclusion) as a document (docs/DOMAIN.md, "The resolution")."""

from __future__ import annotations

from ..domain.agenda import MeetingType
from ..domain.dates import local, month_short, month_text, short_date
from ..domain.people import Category, Role
from ..domain.resolution import (
    adoption_vote,
    assessed_period,
    assessment_of,
    is_adopted,
    letter,
    member_vote,
    number_label,
    period_of,
)
from ..domain.rules import VoteKind, percent_text
from ..domain.state import DocKind, MeetingState, ResolutionState, Vote
from .common import header, labelled, roll, roll_called, signer_of, text_paras
from .context import DocContext
from .model import GAP, Document, Heading, Para, Rule, SigLine, Signatures, Span, Subtitle, Title, notice_text
from .vn import (
    comrade_with_role,
    member_role,
    owner_text,
    upper_committee,
    with_prefix,
)

NAMES = {DocKind.RESOLUTION: "nghị quyết", DocKind.CONCLUSION: "kết luận"}
MET = {
    MeetingType.REGULAR: "họp định kỳ",
    MeetingType.THEMATIC: "họp chuyên đề",
    MeetingType.EXTRAORDINARY: "họp bất thường",
    MeetingType.COMMITTEE: "họp chi ủy",
}


def _lower_first(text: str) -> str:
    """``Xét kết nạp …`` -> ``xét kết nạp …`` inside a sentence (a name or an acronym stays)."""
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _topical(state: MeetingState) -> bool:
    """A meeting whose document is about its topic or matter, not the month: a thematic one,
    and an extraordinary one whose matter is named (one recorded before matters were named
    keeps the form it was printed in)."""
    return state.type is MeetingType.THEMATIC or (
        state.type is MeetingType.EXTRAORDINARY and bool(state.topic)
    )


def _report_presenter(state: MeetingState) -> str:
    stage = next((s for s in state.stages if s.key in ("topic_report", "matter")), None)
    return stage.presenter if stage is not None else ""


def default_summary(state: MeetingState) -> str:
    if state.type is MeetingType.REGULAR:
        return f"về lãnh đạo thực hiện nhiệm vụ {month_text(period_of(state))}"
    if state.type is MeetingType.THEMATIC and state.topic:
        return f"về chuyên đề “{state.topic}”"
    if state.type is MeetingType.EXTRAORDINARY and state.topic:
        return f"về {_lower_first(state.topic)}"
    return ""


def default_heard(state: MeetingState) -> str:
    if state.type is MeetingType.THEMATIC:
        presenter = _report_presenter(state)
        by = f" do {comrade_with_role(state, presenter)} trình bày" if presenter else ""
        return f"báo cáo chuyên đề “{state.topic or GAP}”{by} và ý kiến thảo luận, liên hệ của đảng viên"
    if state.type is MeetingType.REGULAR:
        assessed, period = assessed_period(state), period_of(state)
        return (
            f"báo cáo đánh giá kết quả lãnh đạo thực hiện nhiệm vụ {month_text(assessed)} "
            f"và phương hướng, nhiệm vụ {month_text(period)}"
        )
    return "báo cáo của chi ủy và ý kiến thảo luận của đảng viên"


def default_organisation(kind: DocKind) -> str:
    name = "Nghị quyết" if kind is DocKind.RESOLUTION else "Kết luận"
    return "\n".join(
        [
            f"1. Chi ủy lãnh đạo, chỉ đạo, kiểm tra, đôn đốc việc thực hiện {name}; đánh giá kết quả "
            "thực hiện tại kỳ sinh hoạt chi bộ tháng sau.",
            "2. Các đồng chí được phân công chủ trì tổ chức thực hiện nhiệm vụ được giao và báo cáo "
            "kết quả với chi bộ đúng thời hạn.",
            f"3. Mỗi đảng viên trong chi bộ căn cứ {name}, xây dựng kế hoạch của cá nhân để thực hiện.",
        ]
    )


def default_recipients(ctx: DocContext) -> str:
    return "\n".join([f"{upper_committee(ctx.cell)} (để báo cáo),", "Đảng viên trong chi bộ,", "Lưu chi bộ."])


def _preamble(doc: Document, ctx: DocContext, res: ResolutionState) -> Para:
    state = ctx.state
    r = roll(state)
    apart = [
        f"{r.count(category)} đồng chí {name}"
        for category, name in (
            (Category.EXEMPTED, "được miễn công tác và sinh hoạt đảng"),
            (Category.ATTACHED, "sinh hoạt tạm thời nơi khác"),
            (Category.SUSPENDED, "bị đình chỉ sinh hoạt"),
        )
        if r.count(category)
    ]
    total = f"tổng số đảng viên {r.total}" + (f" (trong đó {', '.join(apart)})" if apart else "")
    if roll_called(doc, state):
        came = r.here(Category.EXEMPTED)
        present = f"có mặt {r.here()}" + (f" (kể cả {came} đồng chí được miễn sinh hoạt)" if came else "")
        absent = len(r.excused) + len(r.unexcused)
        presence = (
            f"{total}, {present}, vắng {absent} (có lý do {len(r.excused)}, không lý do {len(r.unexcused)})"
        )
    else:
        presence = f"{total}, có mặt {GAP}, vắng {GAP}"
    if not state.place:
        doc.warn("warn.export_no_meeting_place")
    if not state.chair:
        doc.warn("warn.export_no_chair")
    text = (
        f"{with_prefix(ctx.cell.name, 'Chi bộ')} {MET[state.type]} ngày {short_date(state.date)}, tại {state.place or GAP}; "
        f"{presence}; {comrade_with_role(state, state.chair)} chủ trì. "
        f"Sau khi nghe {res.heard or default_heard(state)}, chi bộ thảo luận, thống nhất"
    )
    return Para((Span(text),))


def _origin(ctx: DocContext, source: str) -> str:
    """`` (chuyển từ Nghị quyết số 03-NQ/CB)`` for a task carried over from that resolution."""
    parts = source.split(":")
    if parts[0] != "carried" or len(parts) < 3:
        return ""
    label = ctx.origins.get(parts[1])
    return f" (chuyển từ {label})" if label else " (chuyển từ kỳ trước)"


def _tasks(doc: Document, ctx: DocContext, res: ResolutionState) -> None:
    state = ctx.state
    if not res.tasks:
        doc.add(Para((Span(GAP),)))
        return
    for i, task in enumerate(res.tasks, start=1):
        spans = [Span(task.content or GAP, bold=True)]
        origin = _origin(ctx, task.source)
        if origin:
            spans.append(Span(origin, italic=True))
        doc.add(Para(tuple(spans), label=f"{i}."))
        report = f"Tại kỳ sinh hoạt chi bộ tháng {month_short(task.report_at)}" if task.report_at else ""
        items = [
            ("Yêu cầu", task.requirement),
            ("Biện pháp", task.measures),
            ("Chủ trì", owner_text(state, task.owner) if task.owner else ""),
            ("Thời hạn hoàn thành", f"ngày {short_date(task.deadline)}" if task.deadline else ""),
            ("Báo cáo kết quả", report),
        ]
        for j, (label, value) in enumerate(items):
            doc.add(Para(labelled(label, value, bold_label=False), label=f"{letter(j)})", level=1))


def _outcome(doc: Document, ctx: DocContext, res: ResolutionState) -> Para:
    vote = adoption_vote(ctx.state)
    name = "Nghị quyết" if res.kind is DocKind.RESOLUTION else "Kết luận"
    if vote is None:
        doc.warn("warn.export_no_vote")
        day, tally, percent = GAP, f"{GAP}/{GAP}", GAP
    else:
        day = short_date(local(vote.at, ctx.cell.utc_offset_hours).date().isoformat())
        tally, percent = f"{vote.tally.for_}/{vote.denominator}", percent_text(vote.percent)
    return Para(
        (
            Span(
                f"{name} này được chi bộ biểu quyết thông qua tại kỳ sinh hoạt ngày {day}, "
                f"với {tally} đồng chí tán thành, đạt tỷ lệ {percent}%."
            ),
        )
    )


def _signatures(doc: Document, ctx: DocContext, res: ResolutionState) -> Signatures:
    state = ctx.state
    signer = signer_of(state, res.signer)
    if not signer:
        doc.warn("warn.export_no_signer")
    title = "PHÓ BÍ THƯ" if signer and member_role(state, signer) is Role.DEPUTY else "BÍ THƯ"
    lines = [line.strip() for line in (res.recipients or default_recipients(ctx)).split("\n") if line.strip()]
    left = [SigLine("Nơi nhận:", underline=True, align="left")]
    left += [SigLine(f"- {line.lstrip('-').strip()}", size=12, align="left", hanging=True) for line in lines]
    right = [
        SigLine("T/M CHI BỘ", bold=True),
        SigLine(title, bold=True),
        SigLine(""),
        SigLine(""),
        SigLine(""),
        SigLine(state.member_name(signer) if signer else GAP, bold=True),
    ]
    return Signatures(tuple(left), tuple(right))


def build_member_resolution(ctx: DocContext, vote: Vote) -> Document:
    """NGHỊ QUYẾT đề nghị kết nạp đảng viên (Mẫu 6-KNĐ) / đề nghị công nhận đảng viên chính
    thức (Mẫu 13-KNĐ): who met, who was considered, the vote of the official members over
    the denominator with the two-thirds rule (Charter Art. 4, 5), and what the cell proposes."""
    state, res = ctx.state, ctx.state.resolution
    admission = vote.kind is VoteKind.ADMISSION
    doc = Document(kind="resolution", title="nghị quyết")
    if res.number is None:
        doc.warn("warn.export_not_numbered")
    doc.add(
        header(
            doc,
            ctx.cell,
            state,
            f"Số {number_label(DocKind.RESOLUTION, res.number)}",
            draft=res.number is None,
        )
    )
    doc.add(Title("NGHỊ QUYẾT"))
    summary = "đề nghị kết nạp đảng viên" if admission else "đề nghị công nhận đảng viên chính thức"
    doc.add(Subtitle((Span(summary, bold=True),)), Rule())
    article = "Điều 4" if admission else "Điều 5"
    doc.add(Para((Span(f"Căn cứ {article} Điều lệ Đảng Cộng sản Việt Nam;"),)))
    # A probationary member is on the roster (the vote's subject); a candidate for admission is
    # not yet: the matter names them ("Xét đề nghị kết nạp quần chúng Lê Văn Bình").
    named = state.member_name(vote.subject) if vote.subject else ""
    if admission:
        purpose = (
            f"để {_lower_first(state.topic)}"
            if state.topic
            else "để xét, đề nghị kết nạp quần chúng … vào Đảng"
        )
    else:
        purpose = f"để xét, đề nghị công nhận đảng viên dự bị {named or GAP} trở thành đảng viên chính thức"
    doc.add(
        Para(
            (
                Span(
                    f"Ngày {short_date(state.date)}, {with_prefix(ctx.cell.name, 'Chi bộ')} đã họp {purpose}."
                ),
            )
        )
    )
    r = roll(state)
    doc.add(
        Para(
            labelled(
                "Tổng số đảng viên của chi bộ",
                f"{r.total} đảng viên, trong đó chính thức {r.count(Category.OFFICIAL)} đồng chí, "
                f"dự bị {r.count(Category.PROBATIONARY)} đồng chí.",
                bold_label=False,
            )
        )
    )
    if roll_called(doc, state):
        away = len(r.excused) + len(r.unexcused)
        doc.add(
            Para(
                labelled(
                    "Có mặt",
                    f"{r.here()} đảng viên (chính thức {r.here(Category.OFFICIAL)}, dự bị "
                    f"{r.here(Category.PROBATIONARY)}); vắng mặt {away} (có lý do {len(r.excused)}, "
                    f"không lý do {len(r.unexcused)}).",
                    bold_label=False,
                )
            )
        )
    doc.add(Para(labelled("Chủ trì hội nghị", comrade_with_role(state, state.chair), bold_label=False)))
    doc.add(Para(labelled("Thư ký hội nghị", comrade_with_role(state, state.clerk), bold_label=False)))
    doc.add(Para((Span("Những ưu điểm, khuyết điểm chính:"),)))
    text, _drafted = assessment_of(state)
    doc.add(*text_paras(text))
    tally, den = vote.tally, vote.denominator
    outcome = "đạt" if vote.passed else "không đạt"
    doc.add(
        Para(
            (
                Span(
                    f"Số đảng viên chính thức tán thành: {tally.for_}/{den} đồng chí, đạt tỷ lệ "
                    f"{percent_text(vote.percent)}%; không tán thành: {tally.against}/{den} đồng chí; ý kiến "
                    f"khác: {tally.other}/{den}. Cần ít nhất {vote.needed} đồng chí tán thành (hai phần ba số "
                    f"đảng viên chính thức, Điều lệ Đảng, {article}): {outcome}."
                ),
            )
        )
    )
    upper = upper_committee(ctx.cell)
    if vote.passed:
        ask = (
            f"quyết định kết nạp {('đồng chí ' + named) if named else 'quần chúng nêu trên'} vào Đảng"
            if admission
            else f"quyết định công nhận đồng chí {named or GAP} là đảng viên chính thức"
        )
        doc.add(Para((Span(f"Chi bộ đề nghị {upper} xem xét, {ask}."),)))
    else:
        doc.add(Para((Span("Không đủ số đảng viên chính thức tán thành: chi bộ không đề nghị."),)))
    doc.add(_signatures(doc, ctx, res))
    return doc


def build_resolution(ctx: DocContext) -> Document:
    state = ctx.state
    res = state.resolution
    member = member_vote(state)
    if member is not None and res.kind is DocKind.RESOLUTION:
        return build_member_resolution(ctx, member)
    kind_name = NAMES[res.kind]
    doc = Document(kind="resolution" if res.kind is DocKind.RESOLUTION else "conclusion", title=kind_name)
    if res.number is None:
        doc.warn("warn.export_not_numbered")
    adopted = is_adopted(state)
    doc.add(header(doc, ctx.cell, state, f"Số {number_label(res.kind, res.number)}", draft=not adopted))
    doc.add(Title(kind_name.upper()))
    summary = res.summary or default_summary(state)
    if not summary:
        doc.warn("warn.export_no_summary")
    doc.add(Subtitle((Span(summary or f"về {GAP}", bold=True),)), Rule())
    doc.add(_preamble(doc, ctx, res))
    doc.add(Heading("QUYẾT NGHỊ:" if res.kind is DocKind.RESOLUTION else "KẾT LUẬN:", center=True))

    if not _topical(state):
        assessed = month_text(assessed_period(state)).upper()
        doc.add(Heading(f"I. ĐÁNH GIÁ KẾT QUẢ LÃNH ĐẠO THỰC HIỆN NHIỆM VỤ {assessed}"))
    elif state.type is MeetingType.THEMATIC:
        doc.add(Heading("I. NỘI DUNG CHUYÊN ĐỀ, Ý KIẾN THẢO LUẬN VÀ KẾT LUẬN"))
    else:
        doc.add(Heading("I. VẤN ĐỀ VÀ Ý KIẾN CỦA CHI BỘ"))
    text, _drafted = assessment_of(state)
    if GAP in text:
        doc.warn("warn.export_section1_gap")
    doc.add(*text_paras(text))

    if _topical(state):
        doc.add(Heading("II. NHIỆM VỤ, GIẢI PHÁP"))
    else:
        doc.add(Heading(f"II. NHIỆM VỤ, GIẢI PHÁP {month_text(period_of(state)).upper()}"))
    _tasks(doc, ctx, res)
    for notice in ctx.notices:  # what the chair was warned of before the vote
        doc.warn(notice.key, **notice.params)

    doc.add(Heading("III. TỔ CHỨC THỰC HIỆN"))
    doc.add(*text_paras(res.organisation or default_organisation(res.kind)))
    doc.add(_outcome(doc, ctx, res))
    doc.add(_signatures(doc, ctx, res))
    if not adopted and ctx.notices:  # the draft lists what the chair was warned of
        doc.add(Para((Span("Ghi chú của dự thảo (chi bộ xem lại trước khi biểu quyết):", italic=True),)))
        for notice in ctx.notices:
            doc.add(Para((Span(notice_text(notice, "vi"), italic=True),), label="-"))
    return doc
