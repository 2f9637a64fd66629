"""Which tasks repeat another, as a reader would see it: the pairs the threshold was chosen
from (queries.similar). Paraphrases are flagged; distinct tasks are not."""

from __future__ import annotations

import pytest

from meetingtui.queries.similar import THRESHOLD, core, repeats, similarity

# A task of an earlier resolution, and one proposed now that says the same again.
PARAPHRASES = [
    (
        "Đôn đốc giải ngân vốn sự nghiệp Dự án 1 thuộc Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số và miền núi",
        "Hoàn thành giải ngân vốn sự nghiệp Dự án 1 thuộc Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số và miền núi",
    ),  # the pair: only the verb differs
    (
        "Đôn đốc giải ngân vốn sự nghiệp Dự án 1 thuộc Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số và miền núi",
        "Hoàn thành giải ngân vốn Dự án 1 năm 2026",
    ),
    (
        "Đôn đốc giải ngân vốn sự nghiệp Dự án 1 thuộc Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số và miền núi",
        "Đôn đốc giải ngân vốn các chương trình mục tiêu quốc gia những tháng cuối năm",
    ),
    ("Hoàn thành báo cáo tổng kết năm 2026", "Báo cáo tổng kết năm 2026: hoàn thành"),
    ("Hoàn thành báo cáo tổng kết năm 2026", "Hoàn thành các báo cáo tổng kết của năm 2026"),
    ("Hoàn thành báo cáo tổng kết năm 2026", "HOAN THANH bao cao tong ket nam 2026"),
    (
        "Hoàn thành báo cáo tổng kết công tác dân tộc năm 2026",
        "Hoàn thiện báo cáo tổng kết công tác dân tộc năm 2026",
    ),
    (
        "Xử lý dứt điểm văn bản tồn trên hệ thống quản lý văn bản và điều hành",
        "Xử lý dứt điểm 12 văn bản tồn trên hệ thống quản lý văn bản",
    ),
    (
        "Xử lý dứt điểm văn bản tồn trên hệ thống quản lý văn bản",
        "Giải quyết dứt điểm văn bản tồn trên hệ thống quản lý văn bản",
    ),
    (
        "Gửi dự thảo nghị quyết và tài liệu sinh hoạt cho đảng viên trước kỳ họp ít nhất hai ngày",
        "Gửi tài liệu sinh hoạt và dự thảo nghị quyết cho đảng viên trước kỳ họp hai ngày",
    ),
    (
        "Tổ chức học tập, quán triệt Nghị quyết của Đảng ủy về công tác kiểm tra, giám sát",
        "Học tập, quán triệt Nghị quyết của Đảng ủy về công tác kiểm tra giám sát",
    ),
    (
        "Hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nhà ở theo Dự án 1",
        "Tiếp tục hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nhà ở Dự án 1",
    ),
    (
        "Kiểm tra thực hiện chính sách đối với người có uy tín tại xã Bát Xát",
        "Kiểm tra việc thực hiện chính sách đối với người có uy tín ở xã Bát Xát",
    ),
    ("Nộp đủ đảng phí còn thiếu", "Nộp đầy đủ đảng phí còn nợ"),
    (
        "Hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nhà ở theo Dự án 1",
        "Tiếp tục hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nhà ở Dự án 1 năm 2026",
    ),  # a project's number and a year's are told apart
    ("Dự sinh hoạt đầy đủ, đúng giờ; nộp đảng phí quý còn thiếu", "Nộp đủ đảng phí còn thiếu"),
    (
        "Rà soát, đề nghị công nhận người có uy tín",
        "Hoàn thành rà soát, đề nghị công nhận người có uy tín trong đồng bào dân tộc thiểu số",
    ),
    (
        "Chuẩn bị kiểm điểm, đánh giá, xếp loại đảng viên cuối năm",
        "Chuẩn bị kiểm điểm, đánh giá, xếp loại chất lượng đảng viên cuối năm 2026",
    ),
]

# Two tasks a reader keeps apart, however many words they share.
DISTINCT = [
    (
        "Kiểm tra thực hiện chính sách đối với người có uy tín tại xã Bát Xát",
        "Kiểm tra thực hiện chính sách đối với người có uy tín tại xã Mường Khương",
    ),  # another commune
    ("Giải ngân vốn sự nghiệp Dự án 1", "Giải ngân vốn sự nghiệp Dự án 3"),  # another project
    (
        "Đôn đốc giải ngân vốn sự nghiệp Dự án 1 thuộc Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số và miền núi",
        "Đôn đốc các xã hoàn thiện hồ sơ thanh toán, quyết toán vốn các chương trình mục tiêu quốc gia năm 2026",
    ),  # settling the funds, not disbursing them
    ("Hoàn thành báo cáo tổng kết năm 2026", "Hoàn thành báo cáo tổng kết năm 2025"),  # another year
    (
        "Nộp báo cáo tiến độ giải ngân Dự án 1 tháng 9 đúng hạn ngày 25",
        "Nộp báo cáo tiến độ giải ngân Dự án 1 tháng 10 đúng hạn ngày 25",
    ),
    (
        "Hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nhà ở theo Dự án 1",
        "Hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nước sinh hoạt theo Dự án 2",
    ),
    (
        "In tờ rơi song ngữ tiếng Mông – tiếng Việt về hỗ trợ nước sinh hoạt",
        "In tờ rơi song ngữ tiếng Dao – tiếng Việt về hỗ trợ nước sinh hoạt",
    ),
    ("Hoàn thành báo cáo tổng kết năm 2026", "Hoàn thành báo cáo sơ kết quý III"),
    (
        "Chuẩn bị báo cáo tổng kết năm về công tác dân tộc",
        "Hoàn thành báo cáo sơ kết công tác dân tộc 9 tháng năm 2026",
    ),
    (
        "Tổ chức học tập, quán triệt Nghị quyết của Đảng ủy về công tác kiểm tra, giám sát",
        "Tổ chức học tập, quán triệt Nghị quyết của Đảng ủy về công tác cán bộ",
    ),  # another resolution studied
    ("Tổ chức hội nghị đảng viên mới", "Tổ chức kết nạp đảng viên mới"),
    ("Kiểm điểm tổ chức đảng", "Kiểm điểm đảng viên"),
    ("Hoàn thành báo cáo kết quả đoàn kiểm tra", "Hoàn thành báo cáo tổng kết năm 2026"),
    (
        "Hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nhà ở theo Dự án 1",
        "Kiểm tra hồ sơ hỗ trợ nhà ở theo Dự án 1",
    ),
    (
        "Nộp bài thu hoạch học tập chuyên đề năm 2026",
        "Nộp bài thu hoạch học tập Nghị quyết Đại hội Đảng bộ tỉnh",
    ),
    (
        "Rà soát, chuẩn hóa danh sách người có uy tín hai xã Lùng Phình và Tả Van Chư",
        "Rà soát, đề nghị công nhận người có uy tín",
    ),
    ("Nộp bài thu hoạch học tập chuyên đề năm 2026", "Nộp đủ đảng phí còn thiếu"),
    (
        "Đôn đốc giải ngân vốn sự nghiệp Dự án 1 thuộc Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số và miền núi",
        "Kiểm tra thực hiện chính sách đối với người có uy tín tại xã Bát Xát",
    ),
    (
        "Trả lời bằng văn bản các câu hỏi của xã Bắc Hà về hồ sơ hỗ trợ nhà ở",
        "Hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nhà ở theo Dự án 1",
    ),
    (
        "Cập nhật xong hồ sơ hỗ trợ học sinh bán trú",
        "Hướng dẫn các xã hoàn thiện hồ sơ hỗ trợ nhà ở theo Dự án 1",
    ),
    (
        "Chuẩn bị kiểm điểm, đánh giá, xếp loại đảng viên cuối năm 2026",
        "Hoàn thành báo cáo tổng kết năm 2026",
    ),
]


@pytest.mark.parametrize(("earlier", "now"), PARAPHRASES)
def test_paraphrases_are_repeats(earlier: str, now: str) -> None:
    assert repeats(earlier, now), (similarity(earlier, now), core(earlier), core(now))
    assert repeats(now, earlier)  # whichever came first


@pytest.mark.parametrize(("earlier", "now"), DISTINCT)
def test_distinct_tasks_are_not(earlier: str, now: str) -> None:
    assert not repeats(earlier, now), (similarity(earlier, now), core(earlier), core(now))
    assert not repeats(now, earlier)


def test_the_threshold_sits_in_the_gap_of_the_tested_pairs() -> None:
    """Chosen from the table: the lowest paraphrase and the highest distinct pair around it."""
    lowest = min(similarity(a, b) for a, b in PARAPHRASES)
    highest = max(similarity(a, b) for a, b in DISTINCT)
    assert highest < THRESHOLD <= lowest
    print(f"paraphrases from {lowest:.1f}, distinct up to {highest:.1f}, threshold {THRESHOLD}")


def test_what_is_compared() -> None:
    assert core("Tiếp tục đôn đốc giải ngân vốn những tháng cuối năm") == "giai ngan von"
    assert core("Hoàn thành báo cáo quý III của chi bộ") == "bao cao chi bo"
    assert similarity("", "Nộp đảng phí") == 0.0
