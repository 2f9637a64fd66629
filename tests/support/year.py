"""The demo cell's year as the documents' tests see it, on a fixed clock: the demo (its three
past meetings, this year's plan, ten months of dues with one member two months behind, the
third quarter's review), and on the day of the November meeting: its packet sent less than a
day ahead, the meeting at its "Việc khác" stage with the cell's vote to commend a member, a
member paying at it, and a thematic meeting planned for December."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from meetingtui.demo import create_demo
from meetingtui.domain.attendance import voters_now
from meetingtui.domain.clock import FakeClock
from meetingtui.services.cell import CellService

START = "2026-11-20T01:00:00+00:00"  # 08:00 in Lào Cai on the day of the November meeting


@dataclass(frozen=True)
class YearIds:
    regular: str  # the November meeting, at its "Việc khác" stage
    thematic: str  # December's thematic meeting, planned


def make_year(root: Path) -> tuple[CellService, YearIds]:
    clock = FakeClock(START)
    cells = create_demo(root, clock)
    cells = CellService(cells.repo, clock, "chair")
    regular = cells.meetings()[-1].id
    clock.set(datetime.fromisoformat("2026-11-19T08:00:00+00:00"))  # 15:00 the day before: 23 hours ahead
    cells.planning().record_packet_sent(regular, to="Sổ tay đảng viên điện tử", files=["01-thong-bao.docx"])
    clock.set(datetime.fromisoformat("2026-11-20T06:50:00+00:00"))
    meeting = cells.meeting(regular)
    for member in meeting.state().members():
        status = "excused" if member.id in ("m004", "m025") else "present"
        meeting.record(
            "attendance_marked",
            member=member.id,
            status=status,
            reason="Đi công tác" if status == "excused" else "",
        )
    clock.advance(minutes=10)
    meeting.start()
    while (stage := meeting.state().current_stage) is not None and stage.key != "other":
        clock.advance(minutes=10)
        meeting.record("next_stage")
    voters = voters_now(meeting.state())
    meeting.record(
        "vote_recorded",
        question="Bình chọn đồng chí Nguyễn Thị Hường tiêu biểu quý III",
        kind="other",
        form="hands",
        **{"for": voters - 1, "against": 1, "other": 0},
    )
    vote = meeting.state().votes[-1].id
    cells.reviews().commend("2026-Q3", "m006", "binh_chon", regular, vote)
    cells.dues().pay("m013", ["2026-09"], meeting=regular)
    thematic = cells.create_meeting(
        "thematic",
        "2026-12-10",
        time="08:00",
        place="Hội trường tầng 2",
        chair="m001",
        presenters={"topic_report": "m002"},
    )
    return cells, YearIds(regular, thematic.id)
