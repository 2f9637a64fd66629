"""User text is data: clean() before storing, fold() for matching."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from meetingtui.domain.text import clean, fold

HUONG = "Nguyễn Thị Hường"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def controls(text: str) -> set[str]:
    return {ch for ch in text if unicodedata.category(ch) == "Cc"}


# -- clean: normal form ------------------------------------------------------------------
@pytest.mark.parametrize("text", [HUONG, "Đặng Đình Ước", "Phạm Thị Ngọc Ánh", "Chi bộ Ban Dân tộc"])
@pytest.mark.parametrize("multiline", [False, True])
def test_nfd_vietnamese_becomes_nfc(text: str, multiline: bool) -> None:
    decomposed = nfd(text)
    assert decomposed != text  # the test means something
    result = clean(decomposed, multiline=multiline)
    assert result == text
    assert unicodedata.is_normalized("NFC", result)


def test_combining_mark_after_a_removed_control_composes() -> None:
    assert clean("Nguye\x00\u0302\u0303n") == "Nguyễn"


# -- clean: controls -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "single", "multi"),
    [
        ("a\x00b", "ab", "ab"),
        ("a\x07b\x08c", "abc", "abc"),
        ("a\x0bb\x0cc", "abc", "abc"),  # VT, FF
        ("a\x1cb\x1fc", "abc", "abc"),
        ("a\x7fb", "ab", "ab"),  # DEL
        ("a\x80b\x85c\x9fd", "abcd", "abcd"),  # C1, incl. NEL
        ("ab\x1b", "ab", "ab"),  # lone ESC
        ("a\x1b\x00b", "ab", "ab"),  # ESC then a control: both gone
        ("a\u202eb\u202dc\u2066d\u2069", "abcd", "abcd"),  # bidi overrides / isolates
        ("a\ud800b", "ab", "ab"),  # lone surrogate
        ("Hường\x00\x01\x02", "Hường", "Hường"),
    ],
)
def test_c0_c1_controls_removed(raw: str, single: str, multi: str) -> None:
    assert clean(raw) == single
    assert clean(raw, multiline=True) == multi


# -- clean: escape sequences ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31mđỏ\x1b[0m", "đỏ"),  # CSI SGR
        ("\x1b[1;32;40mA\x1b[m", "A"),
        ("a\x1b[2Jb", "ab"),  # clear screen
        ("a\x1b[?1049hb", "ab"),  # alt screen, private parameter
        ("a\x1b[10;20Hb", "ab"),  # cursor move
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x1b]0;TIÊU ĐỀ GIẢ\x07b", "ab"),  # OSC set title, BEL
        ("a\x1b]0;TIÊU ĐỀ GIẢ\x1b\\b", "ab"),  # OSC, ST
        ("a\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink
        ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),  # OSC 52 clipboard write
        ("a\x9d0;payload\x9cb", "ab"),  # 8-bit OSC
        ("a\x1bP1$r payload\x1b\\b", "ab"),  # DCS
        ("a\x1b_apc payload\x1b\\b", "ab"),  # APC
        ("a\x1bDb", "ab"),  # IND, two-byte Fe
        ("a\x1bMb", "ab"),  # RI, two-byte Fe
    ],
)
@pytest.mark.parametrize("multiline", [False, True])
def test_escape_sequences_removed_whole(raw: str, expected: str, multiline: bool) -> None:
    assert clean(raw, multiline=multiline) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x1bcb", "ab"),  # RIS (full reset)
        ("a\x1b7b\x1b8", "ab"),  # DECSC / DECRC
        ("a\x1b=b\x1b>", "ab"),  # keypad modes
    ],
)
def test_other_two_byte_escapes_removed_whole(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "a\x1b]0;SECRET",  # OSC never terminated
        "a\x1b]0;SECRET\nmore SECRET",
        "a\x9d0;SECRET",
        "a\x1bPSECRET",
    ],
)
def test_unterminated_osc_payload_does_not_leak(raw: str) -> None:
    for multiline in (False, True):
        result = clean(raw, multiline=multiline)
        assert "SECRET" not in result
        assert "0;" not in result
        assert result.startswith("a")


# -- clean: whitespace ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "single", "multi"),
    [
        ("a\tb", "a b", "a\tb"),
        ("a\nb", "a b", "a\nb"),
        ("a\r\nb", "a b", "a\nb"),
        ("a\rb", "a b", "a\nb"),
        ("  Nguyễn   Văn \t An  ", "Nguyễn Văn An", "Nguyễn   Văn \t An"),
        ("dòng 1   \n\tdòng 2\t\n", "dòng 1 dòng 2", "dòng 1\n\tdòng 2"),
        ("\n\n  ý kiến\n\n\n", "ý kiến", "ý kiến"),
        ("a\n\nb", "a b", "a\n\nb"),  # paragraph break kept
        ("   \n \t \n", "", ""),
        ("", "", ""),
    ],
)
def test_tab_and_newline_kept_only_in_multiline(raw: str, single: str, multi: str) -> None:
    assert clean(raw) == single
    assert clean(raw, multiline=True) == multi


def test_single_line_never_has_tab_or_newline() -> None:
    result = clean("a\t\tb\n\nc\r\nd\x0be")
    assert "\t" not in result and "\n" not in result and "\r" not in result
    assert result == "a b c de"


# -- clean: markup is data -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["[bold]x[/]", "[red]Nguyễn[/red] [link=https://x]y[/link]", "[@click=app.quit]q[/]", "\\[b]"],
)
def test_markup_kept_literally(text: str) -> None:
    assert clean(text) == text
    assert clean(text, multiline=True) == text


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        clean(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        clean(b"abc")  # type: ignore[arg-type]


# -- clean: size ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "chunk",
    [
        "Đồng chí Nguyễn Thị Hường phát biểu. ",
        nfd("Đồng chí Hường ") + "\x1b[31m\x00\t",
        "\x1b[" + "1;" * 50,  # CSI never finished
        "\x1b]" + "x" * 60,  # OSC never terminated
        " " * 64,
    ],
    ids=["text", "mixed", "csi-unfinished", "osc-unterminated", "spaces"],
)
@pytest.mark.parametrize("multiline", [False, True])
def test_one_megabyte(chunk: str, multiline: bool) -> None:
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    start = time.perf_counter()
    result = clean(text, multiline=multiline)
    assert time.perf_counter() - start < 5.0
    assert len(result) <= len(text)
    assert not (controls(result) - {"\n", "\t"})
    assert clean(result, multiline=multiline) == result


def test_one_megabyte_plain_text_kept() -> None:
    text = "Đảng viên " * 100_000
    assert clean(text) == text.strip()
    assert clean(text, multiline=True) == text.strip()


# -- fold ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Thị Hường", "nguyen thi huong"),
        (nfd("Nguyễn Thị Hường"), "nguyen thi huong"),
        ("NGUYỄN THỊ HƯỜNG", "nguyen thi huong"),
        ("Đặng Đình Đức", "dang dinh duc"),
        ("đảng ủy", "dang uy"),
        ("ĐẢNG BỘ", "dang bo"),
        ("  Lê   Văn\tCường ", "le van cuong"),
        ("Phạm Ngọc Ánh", "pham ngoc anh"),
        ("Hồ Chí Minh", "ho chi minh"),
        ("abc", "abc"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_ascii_for_vietnamese() -> None:
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    folded = fold(alphabet + alphabet.upper())
    assert folded.isascii(), folded
    assert folded == folded.lower()


# -- properties ----------------------------------------------------------------------------
FRAGMENTS = [
    "\x1b[",
    "\x1b]",
    "\x1b\\",
    "\x1bP",
    "\x07",
    "\x9b",
    "\x9c",
    "\x9d",
    "\r\n",
    "\r",
    "\n",
    "\t",
    " ",
    "\u0301",
    "\u0302",
    "\u0323",
    "e",
    "Nguyễn",
    nfd("Hường"),
    "[bold]",
    "\u00a0",
    "\u2028",
    "\u3000",
    "\u202e",
    "\u2067",
    "\udc80",
]
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
texts = st.lists(
    st.one_of(st.text(max_size=20), st.sampled_from(FRAGMENTS), st.characters(max_codepoint=0x2FF)),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(texts, st.booleans())
@example("\x1b[31m" + nfd("Hường") + "\x1b[0m", False)
@example(" \t\x00\u0301 ", True)
@example("a\x00\n\x00b", True)
def test_clean_is_idempotent_and_leaves_no_controls(text: str, multiline: bool) -> None:
    once = clean(text, multiline=multiline)
    assert clean(once, multiline=multiline) == once
    allowed = {"\n", "\t"} if multiline else set()
    assert not (controls(once) - allowed), repr(once)
    assert not any(unicodedata.category(ch) == "Cs" or ch in BIDI_CONTROLS for ch in once), repr(once)
    once.encode("utf-8")  # storable
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()
    if not multiline:
        assert "  " not in once


@given(texts)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
