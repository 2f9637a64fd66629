"""The packet a secretary posts on Sổ tay đảng viên điện tử and sends to the upper committee
before a meeting (HD 42: at least a day ahead): the notice, the agenda with its presenters, the
draft resolution marked DỰ THẢO, and the topic report of a thematic meeting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..domain.agenda import MeetingType
from ..domain.dates import long_date, month_text, short_date
from ..domain.people import Cell, Member
from ..domain.plan import Topic
from ..domain.state import MeetingState
from .cell_docs import cell_header, numbered, secretary, signed
from .common import TYPE_PHRASES, text_paras
from .context import DocContext
from .model import GAP, Document, Header, Para, Span, Subtitle, Table, Title
from .resolution_doc import build_resolution
from .vn import comrade, upper_committee, with_prefix

TOPIC_STAGES = ("topic_report", "thematic_topic")
# What a draft resolution cannot hold yet, before the meeting: not worth a warning in the packet.
DRAFT_GAPS = {
    "warn.export_no_vote",
    "warn.export_no_roll_call",
    "warn.export_not_numbered",
    "warn.export_section1_gap",
}


@dataclass(frozen=True)
class PacketFile:
    name: str  # the file's name in the packet (ASCII, numbered in reading order)
    doc: Document


def is_thematic(state: MeetingState) -> bool:
    return state.type is MeetingType.THEMATIC or any(s.key in TOPIC_STAGES for s in state.stages)


def _when(state: MeetingState) -> str:
    hour, _, minute = (state.time or "").partition(":")
    at = f"{int(hour)} giờ {minute or '00'} phút, " if hour.isdigit() else ""
    return f"{at}{long_date(state.date)}"


def _month_phrase(state: MeetingState) -> str:
    return f"{TYPE_PHRASES[state.type]} {month_text(state.date[:7])}"


def notice_doc(cell: Cell, members: Sequence[Member], state: MeetingState, today: str) -> Document:
    doc = Document(kind="notice", title=f"Thông báo {_month_phrase(state)}")
    doc.add(cell_header(doc, cell, numbered(doc, "TB"), today))
    doc.add(Title("THÔNG BÁO"), Subtitle((Span(f"về việc {_month_phrase(state)}", bold=True),)))
    doc.add(
        Para(
            (
                Span(
                    f"Chi ủy {with_prefix(cell.name, 'Chi bộ')} thông báo đến các đồng chí đảng viên trong chi bộ:"
                ),
            )
        )
    )
    if not state.place:
        doc.warn("warn.export_no_meeting_place")
    doc.add(Para((Span("Thời gian: ", bold=True), Span(f"{_when(state)}.")), label="1."))
    doc.add(Para((Span("Địa điểm: ", bold=True), Span(f"{state.place or GAP}.")), label="2."))
    doc.add(Para((Span("Nội dung:", bold=True),), label="3."))
    for n, stage in enumerate(state.stages, start=1):
        who = f" (đồng chí {state.member_name(stage.presenter)} trình bày)" if stage.presenter else ""
        doc.add(Para((Span(f"{stage.title}{who}."),), label=f"{n}.", level=1))
    if state.focus:
        doc.add(Para((Span("Vấn đề trọng tâm thảo luận:", bold=True),), label="4."))
        for item in state.focus:
            doc.add(Para((Span(item),), label="-", level=1))
    doc.add(
        Para(
            (
                Span(
                    "Tài liệu sinh hoạt (chương trình, dự thảo nghị quyết"
                    + (", báo cáo chuyên đề" if is_thematic(state) else "")
                    + ") được đăng trên Sổ tay đảng viên điện tử. Đề nghị các đồng chí đảng viên nghiên cứu trước "
                    "tài liệu, chuẩn bị ý kiến tham gia; đồng chí nào vắng mặt phải báo cáo lý do với chi ủy."
                ),
            )
        )
    )
    recipients = [
        "Đảng viên trong chi bộ,",
        f"{upper_committee(cell)} (để báo cáo),",
        "Sổ tay đảng viên điện tử,",
        "Lưu chi bộ.",
    ]
    doc.add(signed(doc, cell, secretary(members), recipients=recipients, on_behalf="T/M CHI ỦY"))
    return doc


def agenda_doc(cell: Cell, members: Sequence[Member], state: MeetingState, today: str) -> Document:
    doc = Document(kind="agenda", title=f"Chương trình {_month_phrase(state)}")
    doc.add(cell_header(doc, cell, "", today))
    doc.add(
        Title("CHƯƠNG TRÌNH"),
        Subtitle((Span(f"{_month_phrase(state)}, ngày {short_date(state.date)}", bold=True),)),
    )
    rows = []
    for n, stage in enumerate(state.stages, start=1):
        presenter = comrade(state, stage.presenter) if stage.presenter else GAP
        if not stage.presenter:
            doc.warn("warn.packet_no_presenter", stage=n, title=stage.title)
        rows.append(
            (str(n), stage.title, presenter[:1].upper() + presenter[1:], str(round(stage.budget / 60)))
        )
    planned = round(state.planned_seconds() / 60)
    doc.add(
        Table(
            ("STT", "Nội dung", "Người trình bày", "Thời gian (phút)"),
            tuple(rows),
            widths=(12, 82, 44, 22),
            align=("center", "left", "left", "center"),
            total=("", "Cộng", "", str(planned)),
        )
    )
    doc.add(
        Para(
            (
                Span(
                    f"Thời gian dự kiến {planned} phút; buổi sinh hoạt không dưới {state.min_minutes} phút "
                    "(Hướng dẫn 42-HD/BTCTW)."
                ),
            )
        )
    )
    if planned < state.min_minutes:
        doc.warn("warn.packet_plan_short", planned=planned, minimum=state.min_minutes)
    doc.add(
        signed(
            doc,
            cell,
            secretary(members),
            recipients=["Đảng viên trong chi bộ,", "Lưu chi bộ."],
            on_behalf="T/M CHI ỦY",
        )
    )
    return doc


def draft_resolution_doc(ctx: DocContext) -> Document:
    """The draft resolution, marked DỰ THẢO (HD 36) until the cell adopts it."""
    doc = build_resolution(ctx)
    doc.blocks[:] = [replace(b, draft=True) if isinstance(b, Header) else b for b in doc.blocks]
    doc.title = f"Dự thảo {doc.title}"
    doc.warnings[:] = [w for w in doc.warnings if w.key not in DRAFT_GAPS]
    return doc


def topic_for(state: MeetingState, topics: Sequence[Topic]) -> Topic | None:
    """The plan's topic for a thematic meeting: the one planned in its month, else the quarter's first."""
    month = int(state.date[5:7])
    quarter = (month - 1) // 3 + 1
    of_quarter = [t for t in topics if t.quarter == quarter and not t.removed]
    exact = [t for t in of_quarter if t.month == month]
    chosen = exact or of_quarter
    return chosen[0] if chosen else None


def topic_doc(cell: Cell, state: MeetingState, topic: Topic | None, today: str) -> Document:
    title = topic.title if topic else ""
    doc = Document(kind="topic", title=f"Báo cáo chuyên đề {title}".strip())
    doc.add(cell_header(doc, cell, "", today))
    doc.add(Title("BÁO CÁO CHUYÊN ĐỀ"), Subtitle((Span(title or GAP, bold=True),)))
    stage = next((s for s in state.stages if s.key in TOPIC_STAGES), None)
    presenter_id = (stage.presenter if stage else "") or (topic.presenter if topic else "")
    name = state.member_name(presenter_id) if presenter_id else (topic.presenter_name if topic else "")
    if topic is None:
        doc.warn("warn.packet_no_topic", month=f"{int(state.date[5:7])}/{state.date[:4]}")
    doc.add(
        Para((Span("Người trình bày: ", bold=True), Span(f"đồng chí {name}." if name else GAP)), label="")
    )
    outline = topic.outline if topic else ""
    if not outline:
        doc.warn("warn.packet_no_outline")
    doc.add(*text_paras(outline))
    doc.add(
        signed(
            doc,
            cell,
            name,
            recipients=["Chi ủy (để duyệt),", "Đảng viên trong chi bộ,", "Lưu chi bộ."],
            on_behalf="",
            title="NGƯỜI TRÌNH BÀY",
        )
    )
    return doc


def packet_files(
    ctx: DocContext, members: Sequence[Member], topics: Sequence[Topic], today: str
) -> list[PacketFile]:
    """The packet's documents in reading order, with their file names."""
    state, cell = ctx.state, ctx.cell
    files = [
        PacketFile("01-thong-bao.docx", notice_doc(cell, members, state, today)),
        PacketFile("02-chuong-trinh.docx", agenda_doc(cell, members, state, today)),
        PacketFile("03-du-thao-nghi-quyet.docx", draft_resolution_doc(ctx)),
    ]
    if is_thematic(state):
        files.append(
            PacketFile("04-bao-cao-chuyen-de.docx", topic_doc(cell, state, topic_for(state, topics), today))
        )
    return files
