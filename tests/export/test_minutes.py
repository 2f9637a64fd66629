"""The minutes as the minutes book has them (DOMAIN §7): the attendance with exempted members
apart, each vote with its denominator, and the proceedings in the order they happened."""

from __future__ import annotations

from datetime import datetime

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.scoring import shipped_sheets
from meetingtui.export.documents import build_document
from meetingtui.export.model import Para
from meetingtui.export.render_txt import render_text
from meetingtui.queries.documents import load_context
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.held import plan_meeting


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def meeting(cell_repo: Repository, clock: FakeClock) -> tuple[Repository, str, MeetingService]:
    """The demo cell's 26: m025 (exempted) comes, m026 (exempted) does not; m010 is away with
    reason, m014 without; m022 (probationary) is away with reason."""
    meeting_id = plan_meeting(cell_repo, clock)
    clock.set(datetime.fromisoformat("2026-11-20T07:00:00+00:00"))
    chair = MeetingService(cell_repo, meeting_id, clock)
    away = {"m010": ("excused", "Đi công tác"), "m014": ("unexcused", ""), "m022": ("excused", "Ốm")}
    away["m026"] = ("excused", "Được miễn sinh hoạt đảng")
    for member in chair.state().members():
        status, reason = away.get(member.id, ("present", ""))
        chair.record("attendance_marked", member=member.id, status=status, reason=reason)
    chair.record("details_set", clerk="m012")
    chair.start()
    return cell_repo, meeting_id, chair


def _stage(chair: MeetingService, key: str) -> None:
    stage = next(s for s in chair.state().stages if s.key == key)
    chair.record("goto_stage", stage=stage.id)


def test_attendance_lists_exempted_members_apart(meeting: tuple[Repository, str, MeetingService]) -> None:
    repo, meeting_id, _ = meeting
    ctx = load_context(repo, meeting_id)
    minutes = _flat(render_text(build_document(ctx, "minutes")))
    assert "Tổng số đảng viên: 26 (chính thức 21, dự bị 3, miễn công tác và sinh hoạt đảng 2)." in minutes
    assert "Có mặt: 22 (chính thức 19, dự bị 2, miễn công tác và sinh hoạt đảng 1)." in minutes
    assert "Vắng có lý do: 2 (đồng chí Giàng Seo Pao: Đi công tác; đồng chí Phan Văn Lộc: Ốm)." in minutes
    assert "Vắng không lý do: 1 (đồng chí Tẩn Láo Lở)." in minutes
    assert (
        "Đảng viên được miễn công tác và sinh hoạt đảng (không tính là vắng): đồng chí Hoàng Văn Páo có dự "
        "họp; đồng chí Trịnh Thị Nhàn không dự họp."
    ) in minutes
    assert (
        "Số đồng chí có quyền biểu quyết: 22 (đảng viên chính thức 21, đồng chí được miễn sinh hoạt có mặt 1)."
        in minutes
    )
    assert "Trịnh Thị Nhàn: Được miễn" not in minutes  # never among the absent
    resolution = _flat(render_text(build_document(ctx, "resolution")))
    assert (
        "tổng số đảng viên 26 (trong đó 2 đồng chí được miễn công tác và sinh hoạt đảng), có mặt 22 (kể cả 1 "
        "đồng chí được miễn sinh hoạt), vắng 3 (có lý do 2, không lý do 1)"
    ) in resolution


def test_each_vote_names_its_denominator_and_asks_for_other_opinions(
    meeting: tuple[Repository, str, MeetingService],
) -> None:
    repo, meeting_id, chair = meeting
    _stage(chair, "conclusion")
    chair.record(
        "vote_recorded", question="Thông qua Nghị quyết", kind="resolution", **{"for": 18, "other": 2}
    )
    chair.record("vote_recorded", question="Bầu tổ trưởng", kind="other", form="secret", **{"for": 15})
    doc = build_document(load_context(repo, meeting_id), "minutes")
    minutes = _flat(render_text(doc))
    assert (
        "Số đồng chí có quyền biểu quyết: 22 đồng chí (21 đảng viên chính thức và 1 đồng chí được miễn sinh "
        "hoạt có mặt); có mặt biểu quyết 20."
    ) in minutes
    assert (
        "tán thành 18/22 (81,8%), không tán thành 0/22, ý kiến khác 2/22; cần ít nhất 12 đồng chí tán thành: thông qua."
        in minutes
    )
    assert "Nội dung ý kiến khác: …" in minutes
    assert "cần ít nhất 12 phiếu tán thành" in minutes  # the secret ballot counts ballots
    assert minutes.count("phiếu") == 2 and "Hình thức: bỏ phiếu kín" in minutes  # ballots only
    other = [n for n in doc.warnings if n.key == "warn.export_vote_other_content"]
    assert [n.params["n"] for n in other] == [2]
    chair.record("reserved_opinion", vote="v1", member="m013", text="Đề nghị giữ chỉ tiêu 80%.")
    doc = build_document(load_context(repo, meeting_id), "minutes")
    assert "warn.export_vote_other_content" not in [n.key for n in doc.warnings]
    assert "Đồng chí Hà Văn Sơn bảo lưu ý kiến: Đề nghị giữ chỉ tiêu 80%." in _flat(render_text(doc))


def test_the_minutes_approval_gives_its_count_and_share(
    meeting: tuple[Repository, str, MeetingService],
) -> None:
    repo, meeting_id, chair = meeting
    chair.record("minutes_approved", agree=21, present=22)
    minutes = _flat(render_text(build_document(load_context(repo, meeting_id), "minutes")))
    assert (
        "Biên bản đã được thông qua trước chi bộ, với 21/22 đồng chí có mặt nhất trí, đạt tỷ lệ 95,5%."
        in minutes
    )


def test_the_proceedings_come_in_the_order_they_happened(
    meeting: tuple[Repository, str, MeetingService], clock: FakeClock
) -> None:
    repo, meeting_id, chair = meeting
    _stage(chair, "criticism")
    clock.advance(minutes=1)
    chair.record("entry_added", kind="self_criticism", speaker="m008", text="Tôi nộp báo cáo chậm.")
    _stage(chair, "conclusion")
    clock.advance(minutes=1)
    current = chair.state().current_stage
    assert current is not None
    chair.record("stage_concluded", stage=current.id, text="Chi bộ thống nhất ba nhiệm vụ.")
    clock.advance(minutes=1)
    chair.record("vote_recorded", question="Thông qua Nghị quyết", kind="resolution", **{"for": 20})
    _stage(chair, "scoring")
    chair.propose_score(shipped_sheets()["hd42-100"])
    _stage(chair, "minutes")
    chair.record("ended")
    doc = build_document(load_context(repo, meeting_id), "minutes")
    heads = [
        (b.label, b.spans[0].text)
        for b in doc.blocks
        if isinstance(b, Para) and b.label.endswith(".") and not b.level
    ]
    titles = [t for _, t in heads]
    assert not any(t.startswith("Việc khác") for t in titles)  # optional, and nothing happened
    assert [label for label, _ in heads] == [f"{n}." for n in range(1, len(heads) + 1)]
    text = render_text(doc)

    def under(title: str) -> str:
        start = text.index(title)
        rest = text[start + len(title) :]
        ends = [rest.index(f"\n{n}. ") for n in range(1, 20) if f"\n{n}. " in rest]
        return rest[: min(ends)] if ends else rest

    assert "Đồng chí Phạm Minh Đức tự phê bình: Tôi nộp báo cáo chậm." in under("Tự phê bình và phê bình")
    conclusion = under("Chủ trì kết luận; biểu quyết")
    assert conclusion.index("Chủ trì kết luận: Chi bộ thống nhất") < conclusion.index("Biểu quyết: Thông qua")
    assert "Tổng điểm:" in under("Chấm điểm chất lượng")
    assert "TỰ PHÊ BÌNH VÀ PHÊ BÌNH" not in text and "BIỂU QUYẾT\n" not in text  # no sections apart
