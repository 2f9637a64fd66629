"""Markdown and plain text fit their use: Markdown without needless escapes, its heading in
reading order and the two signature blocks side by side; plain text wrapped at 80 columns,
a blank line between paragraphs, nothing lined up with spaces (readable in a proportional font)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from meetingtui.demo import create_demo
from meetingtui.domain.clock import FakeClock
from meetingtui.export.documents import build_document
from meetingtui.export.render_md import render_markdown
from meetingtui.export.render_txt import WIDTH, render_text
from meetingtui.services.cell import CellService


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """(Markdown, text) of every document of the demo: adopted, approved and drafts."""
    root = tmp_path_factory.mktemp("formats") / "data"
    cell = CellService(create_demo(root, FakeClock("2026-12-01T03:00:00+00:00")).repo, FakeClock())
    out = {}
    for info in cell.meetings():
        ctx = cell.document_context(info.id)
        for what in ("resolution", "minutes"):
            doc = build_document(ctx, what)
            out[f"{info.id}.{what}"] = (render_markdown(doc), render_text(doc))
    return out


def test_markdown_has_no_needless_escapes(documents: dict[str, tuple[str, str]]) -> None:
    """The demo's prose holds nothing Markdown would read as structure: no backslash but the
    hard line breaks of the heading."""
    for name, (md, _) in documents.items():
        escapes = re.findall(r"\\(?!\n)", md)
        assert escapes == [], (name, re.findall(r".{20}\\(?!\n).{10}", md)[:5])


def test_markdown_heading_in_reading_order(documents: dict[str, tuple[str, str]]) -> None:
    md, _ = documents["2026-11-20-dinh-ky.resolution"]
    head = md.split("\n# ")[0].strip().split("\n\n")
    assert head == [
        "**ĐẢNG CỘNG SẢN VIỆT NAM**",
        "ĐẢNG BỘ ỦY BAN NHÂN DÂN TỈNH\\\n**CHI BỘ BAN DÂN TỘC**",
        "Số 03-NQ/CB\\\n*Lào Cai, ngày 20 tháng 11 năm 2026*",
    ]
    draft, _ = documents["2026-12-21-dinh-ky.resolution"]
    assert draft.startswith("**DỰ THẢO**\n\n**ĐẢNG CỘNG SẢN VIỆT NAM**")


def test_markdown_lists_and_signatures_side_by_side(documents: dict[str, tuple[str, str]]) -> None:
    md, _ = documents["2026-11-20-dinh-ky.resolution"]
    html = MarkdownIt("gfm-like").render(md)
    assert "<ol" in html and "<li>" in html  # numbered tasks and items are Markdown's lists
    rows = re.findall(r"<tr>\s*<t[hd][^>]*>(.*?)</t[hd]>\s*<t[hd][^>]*>(.*?)</t[hd]>\s*</tr>", html)
    assert rows[0] == ("Nơi nhận:", "<strong>T/M CHI BỘ</strong>")
    assert rows[1][0].startswith("- Đảng ủy Ủy ban nhân dân tỉnh") and rows[1][1] == "<strong>BÍ THƯ</strong>"
    assert rows[-1][1] == "<strong>Nông Văn Thắng</strong>"
    minutes = MarkdownIt("gfm-like").render(documents["2026-11-20-dinh-ky.minutes"][0])
    rows = re.findall(r"<tr>\s*<t[hd][^>]*>(.*?)</t[hd]>\s*<t[hd][^>]*>(.*?)</t[hd]>\s*</tr>", minutes)
    assert rows[0] == ("<strong>THƯ KÝ</strong>", "<strong>CHỦ TRÌ</strong>")
    assert rows[-1] == ("<strong>Nguyễn Thị Hương</strong>", "<strong>Nông Văn Thắng</strong>")


def test_text_is_wrapped_at_80_columns_with_blank_lines_between_paragraphs(
    documents: dict[str, tuple[str, str]],
) -> None:
    for name, (_, text) in documents.items():
        lines = text.split("\n")
        long = [line for line in lines if len(line) > WIDTH and " " in line.strip()]
        assert long == [], name
        assert "\n\n\n\n\n" not in text  # the signature's room aside, no runs of blank lines


def test_text_never_lines_columns_up_with_spaces(documents: dict[str, tuple[str, str]]) -> None:
    """In a proportional font spaces do not line up: no line holds two columns. A line may be
    indented (a title, a hanging label, the signer) but has no gap of spaces inside it."""
    for name, (_, text) in documents.items():
        inside = [line for line in text.split("\n") if re.search(r"\S {3,}\S", line)]
        assert inside == [], (name, inside[:3])


def test_a_label_hangs_and_a_paragraph_ends_with_a_blank_line(documents: dict[str, tuple[str, str]]) -> None:
    _, text = documents["2026-11-20-dinh-ky.minutes"]
    start = text.index("1. Mở đầu:")
    first, second, after = text[start:].split("\n")[:3]
    assert len(first) <= WIDTH and second.startswith("   ") and not second.startswith("    ")
    assert after == ""  # the paragraph ends; a blank line before the next


def test_the_heading_reads_line_by_line(documents: dict[str, tuple[str, str]], tmp_path: Path) -> None:
    _, text = documents["2026-11-20-dinh-ky.resolution"]
    assert text.split("\n")[:8] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "",
        "ĐẢNG BỘ ỦY BAN NHÂN DÂN TỈNH",
        "CHI BỘ BAN DÂN TỘC",
        "*",
        "",
        "Số 03-NQ/CB",
        "Lào Cai, ngày 20 tháng 11 năm 2026",
    ]


def test_quotations_use_vietnamese_marks(documents: dict[str, tuple[str, str]]) -> None:
    """HD 36's quotation marks, “…”, each opened one closed; never the typewriter's ASCII ones
    (the demo's own text has none)."""
    quoted = 0
    for name, (md, txt) in documents.items():
        for text in (md, txt):
            assert '"' not in text, name
            marks = re.sub(r"[^“”]", "", text)
            assert marks == "“”" * (len(marks) // 2), name
            quoted += len(marks) // 2
    assert quoted > 0  # the minutes quote what was said
