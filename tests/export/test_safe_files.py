"""File names safe on Windows, macOS and Linux; writes that never clobber a file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingtui.domain.errors import DomainError
from meetingtui.export.safe import MAX_BYTES, MAX_NAME, ascii_name, document_stem, safe_name
from meetingtui.services.files import write_new

FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def assert_portable(name: str) -> None:
    assert name and len(name) <= MAX_NAME and len(name.encode("utf-8")) <= MAX_BYTES
    assert not FORBIDDEN & set(name)
    assert all(ord(ch) >= 32 and not 0x7F <= ord(ch) <= 0x9F for ch in name)
    assert not name.endswith((".", " ")) and not name.startswith(" ")
    assert name.split(".")[0].strip().upper() not in RESERVED
    assert name == unicodedata.normalize("NFC", name)


def test_vietnamese_names_keep_their_letters() -> None:
    stem = document_stem("nghị quyết", "Sinh hoạt chi bộ định kỳ", "2026-11-20")
    assert safe_name(stem, "docx") == "Nghị quyết - Sinh hoạt chi bộ định kỳ - 2026-11-20.docx"
    assert ascii_name(stem, "docx") == "nghi-quyet-sinh-hoat-chi-bo-dinh-ky-2026-11-20.docx"
    assert ascii_name("Đảng ủy ĐỒNG Đăng", "md") == "dang-uy-dong-dang.md"


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ('Họp "đột xuất": a/b\\c|d?e*f<g>', "Họp đột xuất a b c d e f g.txt"),
        ("CON", "_CON.txt"),
        ("con", "_con.txt"),
        ("LPT1", "_LPT1.txt"),
        ("aux.tar", "_aux.tar.txt"),
        ("Biên bản...  ", "Biên bản.txt"),
        ("   ", "tai-lieu.txt"),
        ("tab\there\x00nul\x1b[31m", "tab here nul [31m.txt"),
    ],
)
def test_unsafe_names_are_made_safe(stem: str, expected: str) -> None:
    assert safe_name(stem, ".txt") == expected
    assert_portable(safe_name(stem, ".txt"))


def test_long_names_are_cut_to_120_characters_and_250_bytes() -> None:
    name = safe_name("Nghị quyết " + "rất dài " * 40, "docx")
    assert len(name) <= MAX_NAME and name.endswith(".docx")
    assert_portable(name)
    heavy = safe_name("ệ" * 200, "md")  # three bytes a letter
    assert len(heavy.encode("utf-8")) <= MAX_BYTES and heavy.endswith(".md")


def test_decomposed_input_is_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Nghị quyết")
    assert safe_name(decomposed, "md") == "Nghị quyết.md"


@given(st.text(max_size=300), st.sampled_from(["docx", "md", "txt", "json"]))
def test_any_title_gives_a_portable_name(stem: str, ext: str) -> None:
    for name in (safe_name(stem, ext), ascii_name(stem, ext)):
        assert_portable(name)
        assert name.endswith("." + ext)
    assert ascii_name(stem, ext).isascii()


def test_write_new_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "nq.md"
    write_new(path, b"one")
    with pytest.raises(DomainError) as err:
        write_new(path, b"two")
    assert err.value.key == "error.export_exists"
    assert path.read_bytes() == b"one"
    write_new(path, b"three", overwrite=True)
    assert path.read_bytes() == b"three"
    assert [p.name for p in tmp_path.iterdir()] == ["nq.md"]  # no temporary file left behind


def test_write_new_reports_folders_clearly(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as err:
        write_new(tmp_path, b"x")
    assert err.value.key == "error.export_is_folder"
    with pytest.raises(DomainError) as err:
        write_new(tmp_path / "missing" / "a.md", b"x")
    assert err.value.key == "error.export_no_folder"
