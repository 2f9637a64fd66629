"""CSV roster import: every row checked first; bad rows by line number; nothing half-imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingtui.cli import main
from meetingtui.domain.people import Category, Role
from meetingtui.interchange.roster_csv import ImportRefused, read_members
from meetingtui.store.repo import Repository

GOOD = """ho_ten,loai,chuc_vu,to_dang,ngay_vao_dang
Nguyễn Văn An,chính thức,bí thư,Tổ 1,19/05/2001
Lê Thị Bình,dự bị,,Tổ 2,2026-02-03
Lê Thị Bình,miễn sinh hoạt,,Tổ 3,1980-01-01
Vàng A Dình,official,chi ủy viên,Tổ 1,
"""


def test_reads_vietnamese_headers_values_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(GOOD, encoding="utf-8")
    members, shared = read_members(path)
    assert [m.name for m in members] == ["Nguyễn Văn An", "Lê Thị Bình", "Lê Thị Bình", "Vàng A Dình"]
    assert members[0].role is Role.SECRETARY and members[0].joined == "2001-05-19"
    assert [m.category for m in members[1:3]] == [Category.PROBATIONARY, Category.EXEMPTED]
    assert shared == ["Lê Thị Bình"]


def test_bad_rows_reported_by_line_and_nothing_saved(demo_repo: Repository, tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,category,joined\nA Một,official,2020-01-01\n,official,\nB Hai,xyz,\nC Ba,official,31/02/2020\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as err:
        read_members(path)
    assert [(e.line, e.key) for e in err.value.errors] == [
        (3, "error.name_empty"),
        (4, "error.category_unknown"),
        (5, "error.date_invalid"),
    ]
    before = demo_repo.members()
    assert main(["--data", str(demo_repo.root), "roster", "import", str(path)]) == 1
    assert "bad.csv:4" in capsys.readouterr().err
    assert Repository(demo_repo.root).members() == before


def test_cli_import_adds_members_once(demo_repo: Repository, tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(GOOD, encoding="utf-8")
    count = len(demo_repo.members())
    assert main(["--data", str(demo_repo.root), "roster", "import", str(path)]) == 0
    assert len(Repository(demo_repo.root).members()) == count + 4
    # Importing the same file again adds nobody.
    assert main(["--data", str(demo_repo.root), "roster", "import", str(path)]) == 0
    assert len(Repository(demo_repo.root).members()) == count + 4


def test_non_utf8_and_missing_name_column_are_refused(tmp_path: Path) -> None:
    from meetingtui.domain.errors import DomainError

    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\nNguy\xe9n\n".encode("latin-1"))
    with pytest.raises(DomainError) as err:
        read_members(latin)
    assert err.value.key == "error.csv_not_utf8"
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(DomainError) as err:
        read_members(nocol)
    assert err.value.key == "error.csv_no_name_column"


def test_a_damaged_cell_file_stops_the_app_with_its_name_and_restore_brings_it_back(
    demo_repo: Repository, capsys
) -> None:
    cell_file = demo_repo.root / "cell.json"
    good = cell_file.read_bytes()
    cell_file.write_bytes(good[:200])  # cut short, as by a full disk in another program
    assert main(["--data", str(demo_repo.root)]) == 2
    err = capsys.readouterr().err
    assert str(cell_file) in err and "meetingtui restore" in err
    assert cell_file.read_bytes() == good[:200]  # left untouched
    assert main(["restore", str(cell_file)]) == 0
    assert Repository(demo_repo.root).cell().name == "Chi bộ Ban Dân tộc"


def test_names_that_differ_only_in_diacritics_are_two_people(demo_repo: Repository, tmp_path: Path) -> None:
    """Identity keeps diacritics: "Hường" and "Hương" are two members (folding is for search)."""
    path = tmp_path / "ds.csv"
    path.write_text(
        "ho_ten,loai,ngay_vao_dang\nNguyễn Thị Hường,chính thức,2011-05-19\n"
        "Nguyễn Thị Hương,chính thức,2011-05-19\nNGUYỄN THỊ HƯỜNG,chính thức,2011-05-19\n",
        encoding="utf-8",
    )
    members, shared = read_members(path)
    assert shared == ["Nguyễn Thị Hường"]  # the same name in capitals is a repeat; Hương is not
    count = len(demo_repo.members())
    assert main(["--data", str(demo_repo.root), "roster", "import", str(path)]) == 0
    added = Repository(demo_repo.root).members()[count:]
    # The demo already has Nguyễn Thị Hường (joined 2011-05-19): only Hương is new.
    assert [m.name for m in added] == ["Nguyễn Thị Hương"]
