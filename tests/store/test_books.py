"""The cell's books on disk: the same atomic, locked, versioned files as the meetings'; a refusal
writes nothing; a year's book opens with what the year before left in force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetingtui.domain.clock import FakeClock
from meetingtui.domain.dues import DUES_BOOK, shipped_rates
from meetingtui.domain.errors import DomainError
from meetingtui.domain.plan import PLAN_BOOK
from meetingtui.services.cell import CellService
from meetingtui.store.books import BookLog, book_log, book_path
from meetingtui.store.repo import EventFileError, Repository
from meetingtui.store.storage import SchemaError

AT = FakeClock("2026-03-20T07:00:00+00:00").now()


def _opened(month: str = "2026-02") -> dict[str, object]:
    return {"month": month, "rates": shipped_rates().to_dict(), "bases": [], "reductions": []}


def test_a_book_never_written_has_no_file_and_reading_it_makes_none(fresh_repo: Repository) -> None:
    log = book_log(fresh_repo, DUES_BOOK, 2026, "02")
    assert not log.state().opened and log.events() == []
    assert not (fresh_repo.root / "years").exists()


def test_events_are_stored_with_their_version_in_a_file_of_the_books_kind(tmp_path: Path) -> None:
    log = BookLog(tmp_path / "years" / "2026" / "dues-02.json", DUES_BOOK)
    log.record("dues_opened", _opened(), at=AT, by="chair")
    raw = json.loads(log.path.read_text(encoding="utf-8"))
    assert raw["_meta"]["1"]["kind"] == "book-dues"
    event = raw["events"]["1"]
    assert (event["kind"], event["v"], event["by"], event["data"]["month"]) == (
        "dues_opened",
        1,
        "chair",
        "2026-02",
    )
    assert log.path.stat().st_mode & 0o777 == 0o600


def test_a_refused_command_writes_nothing(tmp_path: Path) -> None:
    log = BookLog(tmp_path / "dues.json", DUES_BOOK)
    log.record("dues_opened", _opened(), at=AT)
    before = log.path.read_bytes()
    with pytest.raises(DomainError, match="dues_no_salary_base"):
        log.record(
            "dues_basis_set", {"member": "m1", "name": "A", "basis": "salary", "from": "2026-01"}, at=AT
        )
    assert log.path.read_bytes() == before and "m1" not in log.state().bases


def test_several_commands_are_written_all_or_none(tmp_path: Path) -> None:
    log = BookLog(tmp_path / "dues.json", DUES_BOOK)
    good = (
        "dues_basis_set",
        {"member": "m1", "name": "A", "basis": "salary", "base": 9_360_000, "from": "2026-01"},
    )
    bad = ("dues_paid", {"member": "m1", "name": "A", "month": "2026-02", "amount": -1})
    with pytest.raises(DomainError, match="amount_negative"):
        log.record_all([("dues_opened", _opened()), good, bad], at=AT)
    assert not log.path.exists() and not log.state().opened


def test_another_terminal_sees_what_one_recorded(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    one, other = BookLog(path, PLAN_BOOK), BookLog(path, PLAN_BOOK)
    assert other.state().window is None
    one.record("plan_window", {"day_from": 20, "day_to": 22}, at=AT)
    assert other.state().window == (20, 22)
    other.record("plan_window", {"day_from": 18, "day_to": 20}, at=AT)
    assert one.state().window == (18, 20) and [e.seq for e in one.events()] == [1, 2]


def test_a_plan_file_is_never_read_as_a_dues_book(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    BookLog(path, PLAN_BOOK).record("plan_window", {"day_from": 20, "day_to": 22}, at=AT)
    with pytest.raises(SchemaError) as refused:
        BookLog(path, DUES_BOOK).state()
    assert refused.value.path == path


@pytest.mark.parametrize(
    ("change", "key"),
    [({"kind": "dues_forgiven"}, "error.store_event_unknown"), ({"v": 9}, "error.store_event_newer")],
)
def test_an_event_this_version_cannot_read_is_refused_naming_the_file(
    tmp_path: Path, change: dict[str, object], key: str
) -> None:
    path = tmp_path / "dues.json"
    BookLog(path, DUES_BOOK).record("dues_opened", _opened(), at=AT)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["events"]["1"].update(change)
    path.write_text(json.dumps(raw), encoding="utf-8")
    written = path.read_bytes()
    with pytest.raises(EventFileError) as refused:
        BookLog(path, DUES_BOOK).state()
    assert refused.value.key == key and refused.value.path == path
    assert path.read_bytes() == written


def test_the_years_and_parts_are_checked_before_a_path_is_made(tmp_path: Path) -> None:
    assert book_path(tmp_path, "plan", 2026) == tmp_path / "years" / "2026" / "plan.json"
    assert book_path(tmp_path, "dues", 2026, "11") == tmp_path / "years" / "2026" / "dues-11.json"
    for year in (1800, 20266, "2026", True):
        with pytest.raises(DomainError, match="year_invalid"):
            book_path(tmp_path, "dues", year)  # type: ignore[arg-type]
    for part in ("../x", "Q3", "a b"):
        with pytest.raises(DomainError, match="book_part_invalid"):
            book_path(tmp_path, "dues", 2026, part)


# -- through the service ---------------------------------------------------------------------------------
@pytest.fixture
def cells(fresh_repo: Repository) -> CellService:
    return CellService(fresh_repo, FakeClock("2026-12-20T02:00:00+00:00"), "chair")


def test_a_salaried_member_with_no_salary_base_saves_nothing(cells: CellService) -> None:
    with pytest.raises(DomainError) as refused:
        cells.dues().set_basis("m006", "2026-01", "salary", base="")
    assert refused.value.params["name"] == "Nguyễn Thị Hường"
    assert not (cells.root / "years").exists()


def test_a_month_opens_with_the_bases_and_reductions_the_month_before_left_in_force(
    cells: CellService,
) -> None:
    dues = cells.dues()
    dues.set_basis("m006", "2026-01", "salary", base=9_360_000)
    dues.set_basis("m007", "2026-01", "salary", base=9_000_000)
    dues.reduce("m007", 50, "2026-10", "2027-03", "Thiên tai")
    dues.reduce("m006", 30, "2026-02", "2026-04", "Ốm")  # ended by January: not carried
    dues.pay("m006", ["2026-12", "2027-01"])
    january = dues.state("2027-01")
    assert january.basis_for("m006", "2027-01") is not None
    assert [(r.member, r.percent, r.end) for r in january.reductions] == [("m007", 50, "2027-03")]
    assert [(p.month, p.due) for p in january.payments] == [("2027-01", 93_600)]
    assert dues.state("2026-12").payment("m006", "2026-12") is not None
    books = sorted(
        str(p.relative_to(cells.root / "years")) for p in (cells.root / "years").rglob("dues-*.json")
    )
    assert books == [
        "2026/dues-01.json",
        "2026/dues-02.json",
        "2026/dues-10.json",
        "2026/dues-12.json",
        "2027/dues-01.json",
    ]


def test_a_basis_set_for_an_earlier_month_reaches_the_later_books_already_open(cells: CellService) -> None:
    dues = cells.dues()
    dues.set_basis("m006", "2027-01", "salary", base=9_360_000)  # January 2027 opens first
    dues.set_basis("m007", "2026-06", "pension", base=8_000_000)
    assert dues.state("2027-01").basis_for("m007", "2027-01").basis == "pension"  # type: ignore[union-attr]
    assert dues.state("2027-05").basis_for("m007", "2027-05").basis == "pension"  # type: ignore[union-attr]
    dues.set_basis("m006", "2026-06", "salary", base=5_000_000)  # 2027 has its own, from a later month
    assert dues.state("2027-01").basis_for("m006", "2027-01").base == 9_360_000  # type: ignore[union-attr]
    assert dues.state("2026-06").basis_for("m006", "2026-06").base == 5_000_000  # type: ignore[union-attr]


def test_roll_call_names_the_members_behind_before_the_meetings_month(cells: CellService) -> None:
    dues = cells.dues()
    for member in ("m006", "m007"):
        dues.set_basis(member, "2026-09", "salary", base=9_000_000)
    dues.pay("m006", ["2026-09", "2026-10"])
    dues.pay("m007", ["2026-09"])
    meeting = cells.meeting(cells.meetings()[-1].id).state()  # 20 November
    assert dues.unpaid_at(meeting) == {"m007": "tháng 10"}
