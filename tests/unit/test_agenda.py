"""Agenda templates of the four meeting types (DOMAIN §2)."""

from __future__ import annotations

import unicodedata

import pytest

from meetingtui.domain.agenda import (
    TYPE_SLUGS,
    AgendaTemplate,
    MeetingType,
    extra_stage,
    extra_stage_keys,
    template,
)
from meetingtui.domain.errors import DomainError

# (type, minimum minutes, [(key, default budget in minutes, title starts with)])
EXPECTED: dict[MeetingType, tuple[int, list[tuple[str, int, str]]]] = {
    MeetingType.REGULAR: (
        90,
        [
            ("opening", 5, "Mở đầu"),
            ("ho_chi_minh", 10, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
            ("news", 15, "Thông tin thời sự"),
            ("review", 15, "Đánh giá kết quả lãnh đạo thực hiện nghị quyết tháng trước"),
            ("direction", 10, "Phương hướng, nhiệm vụ tháng tới"),
            ("discussion", 20, "Thảo luận"),
            ("criticism", 10, "Tự phê bình và phê bình"),
            ("conclusion", 5, "Chủ trì kết luận"),
            ("other", 0, "Việc khác"),
            ("scoring", 5, "Chấm điểm chất lượng"),
            ("minutes", 5, "Thư ký đọc, chi bộ thông qua biên bản"),
        ],
    ),
    MeetingType.THEMATIC: (
        120,
        [
            ("opening", 5, "Mở đầu"),
            ("purpose", 5, "Bí thư nêu mục đích"),
            ("topic_report", 25, "Trình bày báo cáo chuyên đề"),
            ("discussion", 50, "Thảo luận"),
            ("conclusion", 15, "Bí thư kết luận"),
            ("vote", 5, "Biểu quyết"),
            ("scoring", 5, "Chấm điểm chất lượng"),
            ("minutes", 10, "Thư ký đọc, chi bộ thông qua biên bản"),
        ],
    ),
    MeetingType.EXTRAORDINARY: (
        0,
        [
            ("opening", 5, "Mở đầu"),
            ("matter", 15, "Trình bày vấn đề"),
            ("discussion", 20, "Thảo luận"),
            ("vote", 5, "Biểu quyết"),
            ("minutes", 5, "Thư ký đọc, chi bộ thông qua biên bản"),
        ],
    ),
    MeetingType.COMMITTEE: (
        0,
        [
            ("opening", 5, "Mở đầu"),
            ("assess_month", 15, "Đánh giá tình hình"),
            ("content", 15, "Thống nhất nội dung"),
            ("draft_tasks", 15, "Dự thảo nhiệm vụ tháng tới và dự thảo nghị quyết"),
            ("focus", 10, "Chọn một, hai vấn đề trọng tâm"),
            ("assignments", 5, "Phân công chi ủy viên"),
            ("notice", 5, "Thông báo, gửi tài liệu"),
        ],
    ),
}

TITLES = {
    MeetingType.REGULAR: "Sinh hoạt chi bộ định kỳ",
    MeetingType.THEMATIC: "Sinh hoạt chi bộ chuyên đề",
    MeetingType.EXTRAORDINARY: "Sinh hoạt chi bộ bất thường",
    MeetingType.COMMITTEE: "Họp chi ủy chuẩn bị sinh hoạt chi bộ",
}


def has_vietnamese(text: str) -> bool:
    return any(ord(ch) > 127 and unicodedata.category(ch).startswith("L") for ch in text)


def test_the_four_types_are_exactly_the_shipped_templates() -> None:
    assert {m.value for m in MeetingType} == {"regular", "thematic", "extraordinary", "committee"}
    assert set(EXPECTED) == set(MeetingType) == set(TYPE_SLUGS)


@pytest.mark.parametrize("kind", list(MeetingType), ids=str)
def test_template_loads_with_vietnamese_titles(kind: MeetingType) -> None:
    tpl = template(kind)
    assert isinstance(tpl, AgendaTemplate)
    assert tpl.type is kind
    assert tpl.title == TITLES[kind]
    for text in (tpl.title, *(s.title for s in tpl.stages)):
        assert text.strip() == text and text
        assert unicodedata.is_normalized("NFC", text), text
        assert has_vietnamese(text), text


@pytest.mark.parametrize("kind", list(MeetingType), ids=str)
def test_template_stages_and_default_budgets(kind: MeetingType) -> None:
    minimum, stages = EXPECTED[kind]
    tpl = template(kind)
    assert tpl.min_minutes == minimum
    assert [s.key for s in tpl.stages] == [key for key, _, _ in stages]
    assert [s.budget_min for s in tpl.stages] == [budget for _, budget, _ in stages]
    for stage, (key, _, start) in zip(tpl.stages, stages, strict=True):
        assert stage.title.startswith(start), (key, stage.title)
    assert len({s.key for s in tpl.stages}) == len(tpl.stages)


def test_regular_template_is_the_eleven_stages_of_domain_2() -> None:
    tpl = template("regular")
    assert len(tpl.stages) == 11
    assert [s.budget_min for s in tpl.stages] == [5, 10, 15, 15, 10, 20, 10, 5, 0, 5, 5]
    # only "Việc khác" is optional
    assert [s.key for s in tpl.stages if s.optional] == ["other"]


@pytest.mark.parametrize(("kind", "minimum"), [("regular", 90), ("thematic", 120)])
def test_minimum_length_and_default_plan_reaches_it(kind: str, minimum: int) -> None:
    tpl = template(kind)
    assert tpl.min_minutes == minimum
    assert sum(s.budget_min for s in tpl.stages) >= minimum


@pytest.mark.parametrize("kind", ["regular", MeetingType.REGULAR])
def test_template_accepts_enum_or_string(kind: MeetingType | str) -> None:
    assert template(kind) == template(MeetingType.REGULAR)


@pytest.mark.parametrize("kind", ["weekly", "", "Regular", "định kỳ", "dinh-ky"])
def test_unknown_type_raises_domain_error(kind: str) -> None:
    with pytest.raises(DomainError) as info:
        template(kind)
    assert info.value.key == "error.meeting_type_unknown"
    assert info.value.params == {"type": kind}


def test_thematic_topic_extra_stage_raises_the_minimum_to_120() -> None:
    topic = extra_stage("thematic_topic")
    assert topic.min_minutes == 120
    assert topic.budget_min > 0
    assert has_vietnamese(topic.title)
    custom = extra_stage("custom")
    assert custom.min_minutes == 0
    assert has_vietnamese(custom.title)
    assert set(extra_stage_keys()) == {"thematic_topic", "custom"}


def test_unknown_extra_stage_raises_domain_error() -> None:
    with pytest.raises(DomainError) as info:
        extra_stage("karaoke")
    assert info.value.key == "error.stage_key_unknown"
    assert "karaoke" in info.value.params.values()
