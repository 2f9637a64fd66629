"""Member search: diacritic-insensitive matching and the rank tiers."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingtui.domain.search import match_rank, search
from meetingtui.domain.text import fold

HUONG = "Nguyễn Thị Hường"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("query", "name", "rank"),
    [
        # 0: exact with diacritics, any case, any normal form
        ("Nguyễn Thị Hường", HUONG, 0),
        ("nguyễn thị hường", HUONG, 0),
        ("  NGUYỄN   THỊ HƯỜNG ", HUONG, 0),
        (nfd("Nguyễn Thị Hường"), HUONG, 0),
        ("Nguyễn Thị Hường", nfd(HUONG), 0),
        # 1: whole name, folded
        ("nguyen thi huong", HUONG, 1),
        ("Nguyen Thi Huong", HUONG, 1),
        ("Nguyễn Thị Hương", HUONG, 1),
        # 2: given name
        ("huong", HUONG, 2),
        ("Hường", HUONG, 2),
        ("HUONG", HUONG, 2),
        # 3: successive word prefixes
        ("nguyen thi h", HUONG, 3),
        ("thi huong", HUONG, 3),
        ("huo", HUONG, 3),
        ("ng th", HUONG, 3),
        ("nguyen", HUONG, 3),
        # 4: initials
        ("nth", HUONG, 4),
        ("NTH", HUONG, 4),
        ("nt", HUONG, 4),
        # 5: substring
        ("uong", HUONG, 5),
        ("yen thi", HUONG, 5),
        # no match
        ("huong nguyen", HUONG, None),  # words out of order
        ("thi nguyen", HUONG, None),
        ("th", "Nguyễn Văn An", None),  # initials must start at the first word
        ("nthx", HUONG, None),
        ("lan", HUONG, None),
    ],
)
def test_match_rank_tiers(query: str, name: str, rank: int | None) -> None:
    assert match_rank(query, name) == rank


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("huong", HUONG),
        ("Hường", HUONG),
        ("HƯỜNG", HUONG),
        ("hUoNg", HUONG),
        ("d", "Đặng Văn Nam"),
        ("d", "Trần Văn Dũng"),
        ("d", "Lê Minh Đức"),
        ("dung", "Trần Văn Dũng"),
        ("dung", "Phạm Thị Dung"),
        ("dang", "Đặng Văn Nam"),
        ("duc", "Lê Minh Đức"),
        ("Đ", "Đặng Văn Nam"),
        ("Đ", "Trần Văn Dũng"),
        ("đ", "Lê Minh Đức"),
        ("ĐỨC", "Lê Minh Đức"),
    ],
)
def test_diacritics_case_and_d_are_ignored(query: str, name: str) -> None:
    assert search(query, [("k", name)]) == ["k"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("dung", "Đặng Văn Nam"),
        ("dung", "Lê Minh Đức"),
        ("duc", "Trần Văn Dũng"),
        ("x", HUONG),
    ],
)
def test_non_matches_are_excluded(query: str, name: str) -> None:
    assert match_rank(query, name) is None
    assert search(query, [("k", name)]) == []


@pytest.mark.parametrize(
    ("query", "names", "expected"),
    [
        # exact over partial: the shorter name must win although listed second
        ("Hà", ["Hàn", "Hà"], ["Hà", "Hàn"]),
        ("Nguyễn Văn An", ["Nguyễn Văn Anh", "Nguyễn Văn An"], ["Nguyễn Văn An", "Nguyễn Văn Anh"]),
        # given name (2) over word prefix (3) over substring (5)
        (
            "huong",
            ["Nguyễn Khương", "Lê Hường Giang", "Trần Thị Hường"],
            ["Trần Thị Hường", "Lê Hường Giang", "Nguyễn Khương"],
        ),
        # whole folded name (1) over given name (2)
        ("le an", ["Trần Lê An", "Lê An"], ["Lê An", "Trần Lê An"]),
        # word prefix (3) over initials (4) over substring (5)
        ("tv", ["Trần Văn Bình", "Lê Thị Tvy", "Phạm Antv"], ["Lê Thị Tvy", "Trần Văn Bình", "Phạm Antv"]),
        # within a tier, agreeing diacritics first
        ("Hương", ["Lê Thị Hường", "Lê Thị Hương"], ["Lê Thị Hương", "Lê Thị Hường"]),
        ("Hường", ["Lê Thị Hương", "Lê Thị Hường"], ["Lê Thị Hường", "Lê Thị Hương"]),
        ("d", ["Đặng Văn Nam", "Trần Văn Dũng"], ["Trần Văn Dũng", "Đặng Văn Nam"]),
        ("Đ", ["Trần Văn Dũng", "Đặng Văn Nam"], ["Đặng Văn Nam", "Trần Văn Dũng"]),
        # no diacritics typed: neither agrees, so input order is kept
        ("huong", ["Lê Thị Hường", "Lê Thị Hương"], ["Lê Thị Hường", "Lê Thị Hương"]),
        ("huong", ["Lê Thị Hương", "Lê Thị Hường"], ["Lê Thị Hương", "Lê Thị Hường"]),
    ],
)
def test_ranking_order(query: str, names: list[str], expected: list[str]) -> None:
    assert search(query, [(name, name) for name in names]) == expected


def test_same_name_members_both_returned_in_input_order() -> None:
    members = [(7, "Lê Văn Tám"), (3, HUONG), (12, "Nguyễn Thị Hường"), (5, "Trần An")]
    assert search("huong", members) == [3, 12]
    assert search("huong", list(reversed(members))) == [12, 3]


def test_equal_ranks_keep_input_order() -> None:
    members = [(1, "Trần Thị Hoa"), (2, "Lê Thị Hồng"), (3, "Phạm Thị Huệ"), (4, "Võ Văn Nam")]
    assert search("h", members) == [1, 2, 3]
    assert search("h", members[::-1][1:]) == [3, 2, 1]


def test_no_match_returns_empty_list() -> None:
    assert search("zzz", [(1, HUONG), (2, "Lê Văn Tám")]) == []
    assert search("huong", []) == []


@pytest.mark.parametrize("query", ["", " ", "  \t "])
def test_empty_query_returns_all_in_input_order(query: str) -> None:
    members = [(9, "Trần An"), (1, HUONG), (4, "Lê Văn Tám")]
    assert search(query, members) == [9, 1, 4]
    assert search(query, members, limit=2) == [9, 1]


def test_candidates_may_be_a_one_shot_iterator() -> None:
    members = iter([(1, "Lê Văn Tám"), (2, HUONG)])
    assert search("huong", members) == [2]


def test_nfd_query_and_name() -> None:
    members = [(1, "Nguyễn Thị Hương"), (2, nfd(HUONG)), (3, "Nguyễn Thị Huong")]
    assert search(nfd("Nguyễn Thị Hường"), members) == [2, 1, 3]
    assert search(nfd("Hường"), members) == [2, 1, 3]
    assert match_rank(nfd("Hường"), HUONG) == 2


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(None, [1, 2, 3]), (2, [1, 2]), (1, [1]), (0, []), (10, [1, 2, 3])],
)
def test_limit(limit: int | None, expected: list[int]) -> None:
    members = [(3, "Trần Khương"), (2, "Hường Lan"), (1, HUONG)]  # tiers 5, 3, 2
    assert search("huong", members, limit=limit) == expected


_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
_VOWELS = [unicodedata.normalize("NFC", base + tone) for base in "aăâeêioôơuưy" for tone in _TONES]
_LETTERS = _VOWELS + list("bcdđghklmnpqrstvx")
_WORD = st.builds(
    lambda letters, upper: letters.capitalize() if upper else letters,
    st.text(alphabet=st.sampled_from(_LETTERS), min_size=1, max_size=7),
    st.booleans(),
)
_NAME = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)


@given(_NAME)
def test_property_any_vietnamese_name_finds_itself(name: str) -> None:
    assert search(fold(name), [(1, name)]) == [1]
    assert match_rank(fold(name), name) in (0, 1)
    assert match_rank(name, name) == 0
    assert match_rank(nfd(name), name) == 0
    assert match_rank(name.upper(), name) == 0
    assert search(name, [(1, fold(name) + "x"), (2, name)])[0] == 2  # tier 0 first


# -- the people present first, and never a mid-word match above a word-start one -------------
DEMO = [
    ("m004", "Đặng Thị Hường"),
    ("m006", "Nguyễn Thị Hường"),
    ("m015", "Đỗ Thị Lan Phương"),
    ("m021", "Nguyễn Thị Hương"),
]


def test_preferred_keys_come_first_within_word_start_matches() -> None:
    assert search("huong", DEMO, preferred={"m021", "m015"}) == ["m021", "m004", "m006", "m015"]
    assert search("", DEMO, preferred={"m015"}) == ["m015", "m004", "m006", "m021"]


def test_a_mid_word_match_never_ranks_above_a_word_start_one() -> None:
    # Phương is present and both Hường absent: "huong" still offers the Hường first.
    assert search("huong", DEMO, preferred={"m015"})[0] != "m015"
    assert search("huong", DEMO, preferred={"m015"})[-1] == "m015"
    # with nobody matching at a word start, the present come first among the mid-word ones
    names = [("a", "Lê Khương"), ("b", "Đỗ Phương")]
    assert search("huong", names, preferred={"b"}) == ["b", "a"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lo", ["m014", "m009", "m022"]),  # Tẩn Láo Lở, Lò Thị Mai, Phan Văn Lộc: all asked about
        ("ha", ["m002", "m013"]),  # Hoàng Thị Thu Hà and Hà Văn Sơn
        ("Lò Thị Mai", ["m009"]),
        ("lo thi mai", ["m009"]),
        ("chien", ["m020"]),
        ("uong", ["m004", "m006", "m012", "m015", "m021"]),  # only mid-word matches: all of them
    ],
)
def test_find_members_offers_every_word_start_match(demo_members: list, query: str, expected: list) -> None:
    from meetingtui.domain.search import find_members

    assert [m.id for m in find_members(demo_members, query)] == expected


@pytest.fixture
def demo_members(tmp_path) -> list:  # type: ignore[no-untyped-def]
    from meetingtui.demo import create_demo
    from meetingtui.domain.clock import FakeClock

    return list(
        create_demo(tmp_path / "d", FakeClock("2026-11-20T01:00:00+00:00"), history=False).repo.members()
    )
