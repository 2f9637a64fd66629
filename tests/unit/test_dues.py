"""Party dues (QĐ 01-QĐ/TW, 2026) as rule tables: each basis, each exemption, each reduction,
the three-month flag, and the amounts as the cell types them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from meetingtui.domain import dues as D
from meetingtui.domain.errors import DomainError
from meetingtui.domain.money import money, parse_amount, percent_of
from meetingtui.domain.people import Member

AT = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
RATES = D.shipped_rates()


class Book:
    """A year of monthly dues books driven through decide and evolve, routed as the service routes
    them: a month's book opens with what the month before left in force; a basis, a reduction or
    new rates go in their first month's book and every later one open already."""

    def __init__(self, year: int = 2026, rates: D.DuesRates = RATES) -> None:
        self.year, self.rates, self.seq = year, rates, 0
        self.books: dict[str, D.DuesState] = {}

    def book(self, month: str) -> D.DuesState:
        if month not in self.books:
            earlier = [m for m in sorted(self.books) if m < month]
            bases, reductions = self.books[earlier[-1]].in_force() if earlier else ([], [])
            opened = {"month": month, "rates": self.rates.to_dict(), "bases": [b.to_dict() for b in bases],
                      "reductions": [r.to_dict() for r in reductions]}  # fmt: skip
            self.books[month] = self._decide(D.DuesState(), "dues_opened", opened)[0]
        return self.books[month]

    def _decide(
        self, state: D.DuesState, what: str, data: dict[str, Any]
    ) -> tuple[D.DuesState, dict[str, Any]]:
        self.seq += 1
        event = D.DUES_BOOK.decide(state, what, data, seq=self.seq, at=AT, by="test")
        return D.DUES_BOOK.evolve(state, event), dict(event.data)

    def record(self, what: str, *, book: str = "", **data: Any) -> dict[str, Any]:
        """Decide in the book(s) the service would; ``book`` names the month for a withdrawal."""
        if what in ("dues_basis_set", "dues_rates_set", "dues_reduced"):
            start, last = data["from"], data.get("to", "9999-12")
            months = [start, *(m for m in sorted(self.books) if start < m <= last)]
        else:
            months = [book or data["month"]]
        first: dict[str, Any] = {}
        for month in months:
            state, decided = self._decide(self.book(month), what, data)
            self.books[month] = state
            first = first or decided
        return first

    def basis(
        self, member: str, basis: str, *, start: str = "2026-01", joined: str = "2000-05-19", **kw: Any
    ) -> None:
        self.record(
            "dues_basis_set",
            member=member,
            name=member.upper(),
            joined=joined,
            basis=basis,
            **{"from": start},
            **kw,
        )

    def due_of(self, member: str, month: str) -> D.Due:
        return D.due_for(self.book(month), member, month)

    def due(self, member: str, month: str) -> int | None:
        return self.due_of(member, month).amount

    def months(self) -> list[D.DuesState]:
        return [self.book(f"{self.year:04d}-{m:02d}") for m in range(1, 13)]


# -- the amounts as typed --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("95.000", 95_000),
        ("95000", 95_000),
        ("95 000", 95_000),
        ("95.000 đ", 95_000),
        ("95.000đ", 95_000),
        ("1.250.000 đồng", 1_250_000),
        ("95,000", 95_000),  # a spreadsheet's grouping
        ("0", 0),
    ],
)
def test_amounts_are_read_the_vietnamese_way(typed: str, amount: int) -> None:
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("-5.000", "error.amount_negative"),
        ("−5000", "error.amount_negative"),
        ("95.000,5", "error.amount_fraction"),
        ("1.5", "error.amount_fraction"),
        ("93645,5", "error.amount_fraction"),
        ("mười nghìn", "error.amount_invalid"),
        ("", "error.amount_invalid"),
        ("9" * 14, "error.amount_invalid"),
    ],
)
def test_a_bad_amount_is_refused_naming_the_item(typed: str, key: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_amount(typed, item="Nông Văn Thắng")
    assert refused.value.key == key and refused.value.params["item"] == "Nông Văn Thắng"


def test_money_is_written_with_dots_and_the_dong_sign() -> None:
    assert [money(v) for v in (0, 5_000, 93_600, 1_250_000)] == ["0 đ", "5.000 đ", "93.600 đ", "1.250.000 đ"]


@pytest.mark.parametrize(
    ("base", "percent", "amount"), [(9_364_550, 1, 93_646), (9_364_549, 1, 93_645), (8_940_001, 0.5, 44_700)]
)
def test_a_percentage_is_rounded_to_the_whole_dong_halves_up(base: int, percent: float, amount: int) -> None:
    assert percent_of(base, percent) == amount


# -- each basis -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("basis", "base", "due"),
    [
        ("salary", 9_360_000, 93_600),  # 1% of the social-insurance salary base
        ("salary", 16_850_000, 168_500),
        ("pension", 8_940_000, 44_700),  # 0.5% of the pension
        ("student", 0, 5_000),  # a fixed 5.000 đ
        ("fixed", 20_000, 20_000),  # the amount the cell sets
    ],
)
def test_each_basis_gives_its_monthly_dues(basis: str, base: int, due: int) -> None:
    book = Book()
    book.basis("m1", basis, base=base)
    assert book.due("m1", "2026-03") == due


def test_a_salaried_member_with_no_salary_base_is_refused_naming_the_member() -> None:
    book = Book()
    with pytest.raises(DomainError) as refused:
        book.basis("m1", "salary", base=0)
    assert refused.value.key == "error.dues_no_salary_base" and refused.value.params["name"] == "M1"
    with pytest.raises(DomainError, match="dues_no_amount"):
        book.basis("m1", "fixed")
    assert all(not state.bases for state in book.books.values())


@pytest.mark.parametrize(
    ("base", "key"), [(-100, "error.amount_negative"), (9_360_000.5, "error.amount_fraction")]
)
def test_a_negative_or_fractional_base_is_refused(base: float, key: str) -> None:
    with pytest.raises(DomainError) as refused:
        Book().basis("m1", "salary", base=base)
    assert refused.value.key == key and refused.value.params["item"] == "M1"


@pytest.mark.parametrize(
    "reason", ["social_pension", "poor_household", "near_poor_household", "serious_illness"]
)
def test_each_exemption_owes_nothing(reason: str) -> None:
    book = Book()
    book.basis("m1", "exempt", exempt=reason)
    due = book.due_of("m1", "2026-06")
    assert (due.amount, due.exempt) == (0, reason)


def test_an_unknown_exemption_or_basis_is_refused() -> None:
    with pytest.raises(DomainError, match="dues_exemption_unknown"):
        Book().basis("m1", "exempt", exempt="tired")
    with pytest.raises(DomainError, match="dues_basis_unknown"):
        Book().basis("m1", "lottery", base=1000)


@pytest.mark.parametrize(
    ("joined", "month", "exempt"),
    [
        ("1976-11-20", "2026-11", False),  # 49 years and 11 months on 1 November
        ("1976-11-20", "2026-12", True),  # 50 years on 1 December
        ("1976-11-01", "2026-11", True),  # 50 years on the first day of the month
        ("1976-12-01", "2026-11", False),
        ("1975-06-30", "2026-01", True),
    ],
)
def test_fifty_years_of_party_age_on_the_first_day_of_the_month_exempt_it(
    joined: str, month: str, exempt: bool
) -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000, joined=joined)
    due = book.due_of("m1", month)
    assert (due.amount == 0, due.exempt == "party_age") == (exempt, exempt)


def test_a_later_basis_applies_from_its_month() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_000_000)
    book.basis("m1", "pension", base=8_000_000, start="2026-07")
    assert [book.due("m1", m) for m in ("2026-06", "2026-07", "2026-12")] == [90_000, 40_000, 40_000]


# -- reductions -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("percent", "due"), [(30, 65_520), (50, 46_800), (70, 28_080)])
def test_each_reduction_takes_its_share_off(percent: int, due: int) -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000)
    book.record(
        "dues_reduced",
        member="m1",
        name="A",
        percent=percent,
        reason="Thiên tai",
        **{"from": "2026-03", "to": "2026-05"},
    )
    assert [book.due("m1", m) for m in ("2026-02", "2026-03", "2026-05", "2026-06")] == [
        93_600,
        due,
        due,
        93_600,
    ]


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("2026-01", "2026-12", True),
        ("2026-03", "2027-02", True),
        ("2026-01", "2027-01", False),
        ("2026-05", "2026-04", False),
    ],
)
def test_a_reduction_lasts_one_to_twelve_months(start: str, end: str, ok: bool) -> None:
    book = Book()
    data: dict[str, Any] = {
        "member": "m1",
        "name": "Lò Thị Mai",
        "percent": 50,
        "reason": "Ốm dài ngày",
        "from": start,
        "to": end,
    }
    if ok:
        book.record("dues_reduced", **data)
        assert len(book.book(start).reductions) == 1
        return
    with pytest.raises(DomainError) as refused:
        book.record("dues_reduced", **data)
    assert refused.value.params["name"] == "Lò Thị Mai"
    assert refused.value.key in ("error.dues_reduction_too_long", "error.dues_reduction_order")
    assert all(not state.reductions for state in book.books.values())


@pytest.mark.parametrize("percent", [0, 40, 100, "50", True])
def test_only_the_rates_reductions_are_allowed(percent: object) -> None:
    with pytest.raises(DomainError, match="dues_reduction_percent"):
        Book().record(
            "dues_reduced",
            member="m1",
            name="A",
            percent=percent,
            reason="x",
            **{"from": "2026-01", "to": "2026-02"},
        )


def test_a_withdrawn_reduction_no_longer_applies() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000)
    book.record(
        "dues_reduced", member="m1", name="A", percent=50, reason="x", **{"from": "2026-01", "to": "2026-06"}
    )
    book.record("dues_reduction_withdrawn", reduction="r1", reason="Ghi nhầm", book="2026-03")
    assert book.due("m1", "2026-03") == 93_600


# -- payments --------------------------------------------------------------------------------------------
def test_a_payment_stores_what_was_due_then() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000)
    data = book.record("dues_paid", member="m1", name="A", month="2026-02", amount="93.600")
    assert (data["amount"], data["due"], data["via"]) == (93_600, 93_600, "cash")


def test_new_rates_never_change_a_recorded_payment() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000)
    book.record("dues_paid", member="m1", name="A", month="2026-02")
    raised = D.rates_from(
        {**RATES.to_dict(), "bases": {**RATES.to_dict()["bases"], "salary": {"title": "2%", "percent": 2.0}}}
    )
    book.record("dues_rates_set", rates=raised.to_dict(), **{"from": "2026-03"})
    assert book.book("2026-02").payment("m1", "2026-02").due == 93_600  # type: ignore[union-attr]
    assert (book.due("m1", "2026-02"), book.due("m1", "2026-03")) == (93_600, 187_200)


@pytest.mark.parametrize(
    ("setup", "data", "key"),
    [
        ("none", {"month": "2026-02"}, "error.dues_no_basis"),
        ("exempt", {"month": "2026-02"}, "error.dues_exempt"),
        ("salary", {"month": "2026-02", "amount": -5000}, "error.amount_negative"),
        ("salary", {"month": "2026-02", "amount": 93600.5}, "error.amount_fraction"),
        ("salary", {"month": "2026-02", "amount": "93.600,5"}, "error.amount_fraction"),
        ("salary", {"month": "2026-02", "amount": 0}, "error.dues_amount_zero"),
        ("salary", {"month": "2026-13"}, "error.month_invalid"),
        ("salary", {"month": "2026-02", "via": "bank"}, "error.dues_via_invalid"),
        ("late_joiner", {"month": "2026-02"}, "error.dues_before_joining"),
    ],
)
def test_a_payment_that_cannot_be_is_refused_and_nothing_recorded(
    setup: str, data: dict[str, Any], key: str
) -> None:
    book = Book()
    if setup == "salary":
        book.basis("m1", "salary", base=9_360_000)
    elif setup == "exempt":
        book.basis("m1", "exempt", exempt="serious_illness")
    elif setup == "late_joiner":
        book.basis("m1", "salary", base=9_360_000, joined="2026-05-19")
    with pytest.raises(DomainError) as refused:
        book.record("dues_paid", member="m1", name="Hà Văn Sơn", **data)
    assert refused.value.key == key
    assert all(not state.payments for state in book.books.values())


def test_a_months_book_holds_that_months_payments_and_nothing_later() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000)
    march = book.book("2026-03")
    with pytest.raises(DomainError) as refused:
        D.DUES_BOOK.decide(march, "dues_paid", {"member": "m1", "month": "2026-04"}, seq=99, at=AT, by="")
    assert (refused.value.key, refused.value.params["book"]) == ("error.dues_month_other_book", "2026-03")
    with pytest.raises(DomainError, match="dues_month_other_book"):
        D.DUES_BOOK.decide(
            march,
            "dues_basis_set",
            {"member": "m2", "basis": "student", "from": "2026-05"},
            seq=99,
            at=AT,
            by="",
        )
    assert (
        book.record("dues_paid", member="m1", name="A", month="2027-01")["due"] == 93_600
    )  # the next year opens with it


def test_a_basis_for_an_earlier_month_never_overrides_a_later_months_own() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_000_000, start="2026-07")
    book.basis("m1", "salary", base=5_000_000, start="2026-03")  # recorded later, for an earlier month
    assert [book.due("m1", m) for m in ("2026-03", "2026-06", "2026-07", "2026-09")] == [
        50_000,
        50_000,
        90_000,
        90_000,
    ]


def test_a_month_is_paid_once_until_the_payment_is_withdrawn() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000)
    book.record("dues_paid", member="m1", name="A", month="2026-02")
    with pytest.raises(DomainError, match="dues_already_paid"):
        book.record("dues_paid", member="m1", name="A", month="2026-02")
    book.record("dues_payment_withdrawn", payment="p1", reason="Ghi nhầm người", book="2026-02")
    book.record("dues_paid", member="m1", name="A", month="2026-02", amount=90_000)
    february = book.book("2026-02")
    assert [p.withdrawn for p in february.payments] == ["Ghi nhầm người", ""]
    assert february.collected("2026-02") == 90_000


def test_the_remittance_stores_what_was_collected_and_the_cells_share() -> None:
    book = Book()
    for member, base in (("m1", 9_360_000), ("m2", 12_000_000)):
        book.basis(member, "salary", base=base)
        book.record("dues_paid", member=member, name=member, month="2026-03")
    data = book.record("dues_remitted", month="2026-03", on="2026-03-25", receipt="03/2026")
    assert (data["collected"], data["kept"], data["expected"], data["amount"]) == (
        213_600,
        64_080,
        149_520,
        149_520,
    )
    with pytest.raises(DomainError, match="amount_negative"):
        book.record("dues_remitted", month="2026-04", on="2026-04-25", amount=-1)


# -- the ledger and the three-month flag -------------------------------------------------------------------
def _ledger(
    paid: list[int], excused: tuple[int, ...] = (), today: str = "2026-07-20", short: tuple[int, ...] = ()
) -> D.MemberDues:
    book = Book()
    book.basis("m1", "salary", base=9_360_000)
    for month in paid:
        amount = 50_000 if month in short else None
        book.record("dues_paid", member="m1", name="A", month=f"2026-{month:02d}", amount=amount)
    for month in excused:
        book.record("dues_excused", member="m1", name="A", month=f"2026-{month:02d}", reason="Nằm viện")
    row = D.ledger(book.months(), [Member("m1", "A", joined="2000-05-19")], today).members
    return row[0]


@pytest.mark.parametrize(
    ("paid", "excused", "short", "unpaid", "flag"),
    [
        ([1, 2, 3, 4, 5, 6], (), (), 0, ""),
        ([1, 2, 3, 4, 5], (), (), 1, ""),
        ([1, 2, 3, 4], (), (), 2, "warn"),
        ([1, 2, 3], (), (), 3, "removal"),  # three months unpaid in a year without reason
        ([1, 2, 3], (4,), (), 2, "warn"),  # a month excused does not count
        ([1, 2, 3], (4, 5, 6), (), 0, ""),
        ([1, 2, 3, 4, 5, 6], (), (5, 6), 2, "warn"),  # a short payment still owes
        ([], (), (), 6, "removal"),
    ],
)
def test_unpaid_months_without_reason_flag_a_removal_at_three(
    paid: list[int], excused: tuple[int, ...], short: tuple[int, ...], unpaid: int, flag: str
) -> None:
    row = _ledger(paid, excused, short=short)
    assert (row.unpaid, row.flag) == (unpaid, flag)


def test_the_current_month_and_later_ones_are_not_yet_overdue() -> None:
    row = _ledger([1, 2, 3, 4, 5, 6], today="2026-07-20")
    assert [c.status for c in row.months[5:9]] == [D.PAID, D.OPEN, D.OPEN, D.OPEN]
    assert D.unpaid_text(_ledger([1, 2, 3, 4], today="2026-07-20")) == "tháng 5, 6"


def test_members_owe_from_the_month_they_join_and_not_after_they_leave() -> None:
    book = Book()
    for member in ("m1", "m2"):
        book.basis(member, "salary", base=9_000_000, joined="2026-04-10" if member == "m1" else "2000-01-01")
    members = [
        Member("m1", "A", joined="2026-04-10"),
        Member("m2", "B", joined="2000-01-01", retired_on="2026-09-15"),
    ]
    rows = D.ledger(book.months(), members, "2026-12-20").members
    assert [c.status for c in rows[0].months[2:5]] == [D.NOT_MEMBER, D.UNPAID, D.UNPAID]
    assert [c.status for c in rows[1].months[7:10]] == [D.UNPAID, D.NOT_MEMBER, D.NOT_MEMBER]


def test_the_months_totals_count_what_was_owed_collected_and_remitted() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000)
    book.basis("m2", "exempt", exempt="poor_household")
    book.record("dues_paid", member="m1", name="A", month="2026-03")
    book.record("dues_remitted", month="2026-03", on="2026-03-25")
    members = [Member("m1", "A", joined="2000-01-01"), Member("m2", "B", joined="2000-01-01")]
    march = D.ledger(book.months(), members, "2026-04-01").months[2]
    assert (march.members_due, march.expected, march.collected, march.kept, march.upward) == (
        1,
        93_600,
        93_600,
        28_080,
        65_520,
    )
    assert march.remittance is not None and march.remittance.amount == 65_520


# -- the rates as data ------------------------------------------------------------------------------------
def test_the_shipped_rates_say_what_qd_01_says() -> None:
    assert (RATES.bases["salary"].percent, RATES.bases["pension"].percent, RATES.bases["student"].fixed) == (
        1.0,
        0.5,
        5000,
    )
    assert RATES.reduction_percents == (30, 50, 70) and RATES.max_reduction_months == 12
    assert (RATES.party_age_years, RATES.removal_unpaid_months) == (50, 3)
    assert set(RATES.exemptions) == {
        "party_age",
        "social_pension",
        "poor_household",
        "near_poor_household",
        "serious_illness",
    }


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"extra": 1}, "unknown field extra"),
        ({"bases": {"salary": {"title": "x", "percent": 0}}}, "percent"),
        ({"bases": {"salary": {"title": "x", "fixed": -1}}}, "fixed"),
        ({"reduction_percents": [30, 120]}, "reduction_percents"),
        ({"max_reduction_months": 0}, "max_reduction_months"),
        ({"cell_keeps_percent": 101}, "cell_keeps_percent"),
    ],
)
def test_a_rates_file_that_cannot_be_used_is_refused_naming_it(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(D.RatesError) as refused:
        D.parse_rates({**RATES.to_dict(), **change}, "DATA/dues_rates.json")
    assert refused.value.params["file"] == "DATA/dues_rates.json" and reason in str(
        refused.value.params["reason"]
    )


def test_a_cells_own_rates_file_wins(tmp_path: Any) -> None:
    import json

    own = {**RATES.to_dict(), "id": "own", "title": "Mức của chi bộ", "cell_keeps_percent": 10}
    (tmp_path / "dues_rates.json").write_text(json.dumps(own), encoding="utf-8")
    assert D.cell_rates(tmp_path).id == "own" and D.cell_rates(None).id == RATES.id
    (tmp_path / "dues_rates.json").write_text("{", encoding="utf-8")
    with pytest.raises(D.RatesError):
        D.cell_rates(tmp_path)


def test_the_months_before_the_cell_kept_its_dues_here_are_owed_nothing() -> None:
    book = Book()
    book.basis("m1", "salary", base=9_360_000, start="2026-08")
    members = [Member("m1", "A", joined="2000-05-19")]
    started = D.ledger(book.months(), members, "2026-11-20", first_kept="2026-08")
    row = started.members[0]
    assert [c.status for c in row.months[6:10]] == [D.NOT_KEPT, D.UNPAID, D.UNPAID, D.UNPAID]
    assert row.unpaid == 3 and [t.month for t in started.kept_months][0] == "2026-08"
    everything = D.ledger(book.months(), members, "2026-11-20").members[0]
    assert everything.months[0].status == D.NO_BASIS  # with no first month given, every month is kept
