"""The command line in the interface language (argparse's own words too), the roster listed,
and a typed name that matches several members: all listed, and asked for at a terminal."""

from __future__ import annotations

import io

import pytest

from meetingtui.cli.main import main
from meetingtui.store.repo import Repository


def test_argparse_speaks_vietnamese_then_english(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: meetingtui") and "tùy chọn:" in out
    assert "in hướng dẫn này rồi thoát" in out and "usage:" not in out and "options:" not in out
    with pytest.raises(SystemExit) as exit_:
        main(["roster", "lisst"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "meetingtui roster: lỗi: tham số ACTION: không có lựa chọn 'lisst'" in err
    assert "error" not in err and "usage" not in err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "export"])
    err = capsys.readouterr().err
    assert err.startswith("usage: meetingtui export") and "error: the following arguments are required" in err


def test_argparse_is_left_as_it_was_after_parsing() -> None:
    import argparse

    main(["--lang", "en", "--data", "/nonexistent-folder-for-test", "meetings"])
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_roster_list_prints_the_roster(demo_repo: Repository, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(demo_repo.root), "roster", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 26
    assert lines[0] == "m001\tNông Văn Thắng\tChính thức\tBí thư\tTổ đảng 1\t19/05/1998"
    assert main(["--lang", "en", "--data", str(demo_repo.root), "roster", "list"]) == 0
    assert "m025\tHoàng Văn Páo\tExempted\t—\tTổ đảng 2\t22/12/1979" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("query", "names"),
    [("lo", ["Tẩn Láo Lở", "Lò Thị Mai", "Phan Văn Lộc"]), ("ha", ["Hoàng Thị Thu Hà", "Hà Văn Sơn"])],
)
def test_an_ambiguous_name_lists_every_candidate(
    demo_repo: Repository, capsys: pytest.CaptureFixture[str], query: str, names: list[str]
) -> None:
    assert main(["--data", str(demo_repo.root), "member", "history", query]) == 1
    err = capsys.readouterr().err
    assert all(name in err for name in names), err


def test_at_a_terminal_the_user_picks_one_by_number(
    demo_repo: Repository, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty("2\n"))
    monkeypatch.setattr("sys.stderr", Tty())
    assert main(["--data", str(demo_repo.root), "member", "history", "lo"]) == 0
    assert "**Đồng chí Lò Thị Mai**" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", Tty("\n"))  # Enter: none chosen
    assert main(["--data", str(demo_repo.root), "member", "history", "lo"]) == 1
