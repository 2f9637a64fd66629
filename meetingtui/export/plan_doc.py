"""The year plan as a Party document (KẾ HOẠCH sinh hoạt chi bộ năm …), DOCX or Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.dates import short_date
from ..domain.people import Cell, Member
from ..domain.plan import YearPlan
from .cell_docs import cell_header, numbered, secretary, signed
from .model import GAP, Document, Heading, Para, Span, Subtitle, Table, Title
from .vn import with_prefix

ROMAN = ("I", "II", "III", "IV")


def _when(first: str, last: str) -> str:
    """``20–22/01/2026`` (one day: ``20/01/2026``)."""
    if first == last:
        return short_date(first)
    return (
        f"{first[8:10]}–{short_date(last)}"
        if first[:7] == last[:7]
        else f"{short_date(first)} – {short_date(last)}"
    )


def build_plan(cell: Cell, members: Sequence[Member], plan: YearPlan, made_on: str) -> Document:
    doc = Document(kind="plan", title=f"Kế hoạch sinh hoạt chi bộ năm {plan.year}")
    name = with_prefix(cell.name, "Chi bộ")
    doc.add(cell_header(doc, cell, numbered(doc, "KH"), made_on))
    doc.add(Title("KẾ HOẠCH"), Subtitle((Span(f"sinh hoạt chi bộ năm {plan.year}", bold=True),)))
    doc.add(
        Para(
            (
                Span(
                    "Thực hiện Chỉ thị 50-CT/TW và Hướng dẫn 42-HD/BTCTW về nâng cao chất lượng sinh hoạt "
                    f"chi bộ, {name} xây dựng kế hoạch sinh hoạt năm {plan.year} như sau:"
                ),
            )
        )
    )
    first, last = plan.window
    doc.add(Heading("I. SINH HOẠT ĐỊNH KỲ HẰNG THÁNG"))
    doc.add(
        Para(
            (
                Span(
                    f"Chi bộ sinh hoạt định kỳ mỗi tháng một lần, từ ngày {first} đến ngày {last} hằng tháng; "
                    "mỗi buổi không dưới 90 phút, không dưới 120 phút khi có sinh hoạt chuyên đề."
                ),
            )
        )
    )
    rows = []
    for month in plan.months:
        content = "; ".join(t.title for t in month.topics) or "Sinh hoạt định kỳ"
        notes = [month.note] if month.note else []
        held = month.held
        if held is not None:
            notes.append(
                f"đã họp ngày {short_date(held.date)}" + (f", xếp loại {held.grade}" if held.grade else "")
            )
        rows.append(
            (
                f"Tháng {month.month}",
                _when(month.first.isoformat(), month.last.isoformat()),
                content,
                "; ".join(notes),
            )
        )
    doc.add(
        Table(
            ("Tháng", "Thời gian dự kiến", "Nội dung, chuyên đề", "Ghi chú"),
            tuple(rows),
            widths=(20, 32, 66, 42),
            align=("left", "center", "left", "left"),
        )
    )
    doc.add(Heading("II. SINH HOẠT CHUYÊN ĐỀ"))
    topic_rows = []
    for quarter in range(1, 5):
        topics = plan.topics.get(quarter, ())
        if not topics:
            doc.warn("warn.plan_quarter_without_topic", quarter=quarter)
            topic_rows.append((f"Quý {ROMAN[quarter - 1]}", GAP, GAP, GAP))
        for topic in topics:
            when = f"Tháng {topic.month}" if topic.month else f"Trong quý {ROMAN[quarter - 1]}"
            presenter = f"Đồng chí {topic.presenter_name}" if topic.presenter_name else GAP
            topic_rows.append((f"Quý {ROMAN[quarter - 1]}", topic.title, presenter, when))
    doc.add(
        Table(
            ("Quý", "Chủ đề", "Người chuẩn bị, trình bày", "Thời gian"),
            tuple(topic_rows),
            widths=(18, 72, 42, 28),
            align=("left", "left", "left", "center"),
        )
    )
    doc.add(Heading("III. TỔ CHỨC THỰC HIỆN"))
    for n, text in enumerate(
        (
            "Chi ủy họp trước mỗi kỳ sinh hoạt để thống nhất nội dung, đánh giá kết quả tháng và dự thảo "
            "nhiệm vụ tháng tới; phân công chi ủy viên chuẩn bị từng nội dung.",
            "Thông báo và tài liệu sinh hoạt được gửi đến đảng viên, đăng trên Sổ tay đảng viên điện tử và "
            "gửi cấp ủy cấp trên trước ít nhất một ngày.",
            "Đồng chí được phân công chuẩn bị báo cáo chuyên đề gửi chi ủy duyệt trước kỳ sinh hoạt.",
            "Hằng tháng chấm điểm chất lượng buổi sinh hoạt; hằng quý, cuối năm đánh giá, xếp loại đảng viên.",
        ),
        start=1,
    ):
        doc.add(Para((Span(text),), label=f"{n}."))
    doc.add(signed(doc, cell, secretary(members)))
    return doc
