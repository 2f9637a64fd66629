"""Party dues, for the screens and the command line (docs/DOMAIN.md, "Party dues"): the bases
and reductions, the payments month by month, the remittance, what roll call names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.dates import is_iso_date
from ..domain.dues import (
    DUES_BOOK,
    DuesLedger,
    DuesRates,
    DuesState,
    cell_rates,
    ledger,
    next_unpaid,
    unpaid_text,
)
from ..domain.errors import DomainError
from ..queries import books as book_queries
from ..store.books import book_log, book_years, check_year
from .books import BookService

if TYPE_CHECKING:
    from ..domain.state import MeetingState


class DuesService(BookService):
    """The cell's dues books (``CellService.dues()``)."""

    def rates(self) -> DuesRates:
        """The rates the cell keeps its dues under now (its own file, else the shipped one)."""
        return cell_rates(self.repo.root)

    def state(self, year: int) -> DuesState:
        return book_queries.dues_state(self.repo, check_year(year))

    def ledger(self, year: int) -> DuesLedger:
        return book_queries.dues_ledger(self.repo, check_year(year), self.cells.today())

    def kept(self) -> bool:
        """Whether the cell keeps its dues here (some year has a book)."""
        return bool(book_years(self.repo, DUES_BOOK))

    def has_dues(self) -> bool:
        return bool(book_years(self.repo, DUES_BOOK))

    def _dues(self, year: int, commands: list[tuple[str, Mapping[str, Any]]]) -> DuesState:
        """Record in the year's dues book, opening it first (in the same write) when it has no file."""
        log = book_log(self.repo, DUES_BOOK, check_year(year))
        if not log.state().opened:
            rates, bases, reductions = book_queries.opening(self.repo, year, self.rates())
            opened = {"year": year, "rates": rates.to_dict(), "bases": bases, "reductions": reductions}
            commands = [("dues_opened", opened), *commands]
        return self._record(DUES_BOOK, year, commands)  # type: ignore[no-any-return]

    @staticmethod
    def _year_of(month: str) -> int:
        if len(month) != 7 or not month[:4].isdigit():
            raise DomainError("error.month_invalid", value=month)
        return int(month[:4])

    def set_basis(
        self, member_id: str, start: str, basis: str, *, base: object = 0, exempt: str = "", note: str = ""
    ) -> DuesState:
        """A member's basis from a month (``YYYY-MM``); also in every later year's book that has
        no basis of its own for the member."""
        member = self._member(member_id)
        data = {"member": member.id, "name": member.name, "joined": member.joined, "from": start,
                "basis": basis, "base": base, "exempt": exempt, "note": note}  # fmt: skip
        year = self._year_of(start)
        state = self._dues(year, [("dues_basis_set", data)])
        for later in book_years(self.repo, DUES_BOOK):
            if later > year and not self._own_basis(later, member.id):
                self._dues(later, [("dues_basis_set", {**data, "from": f"{later:04d}-01"})])
        return state

    def _own_basis(self, year: int, member_id: str) -> bool:
        return any(b.seq > 1 for b in book_log(self.repo, DUES_BOOK, year).state().bases.get(member_id, ()))

    def reduce(self, member_id: str, percent: object, start: str, end: str, reason: str) -> DuesState:
        """A reduction (30, 50, 70%) from a month to a month, at most 12; recorded in each year's
        book it covers that exists, and carried into the later ones when they open."""
        member = self._member(member_id)
        data = {"member": member.id, "name": member.name, "percent": percent, "from": start, "to": end,
                "reason": reason}  # fmt: skip
        year = self._year_of(start)
        state = self._dues(year, [("dues_reduced", data)])
        last = self._year_of(end) if len(end) == 7 and end[:4].isdigit() else year
        for later in book_years(self.repo, DUES_BOOK):
            if year < later <= last:
                self._dues(later, [("dues_reduced", data)])
        return state

    def pay(
        self,
        member_id: str,
        months: Sequence[str],
        *,
        amount: object = None,
        via: str = "cash",
        meeting: str = "",
        note: str = "",
    ) -> DuesState:
        """The member pays ``months`` (``YYYY-MM``); each month is a payment of its own, all of one
        year in one write. ``amount`` is per month (None: what is due)."""
        member = self._member(member_id)
        if not months:
            raise DomainError("error.dues_no_month", name=member.name)
        by_year: dict[int, list[tuple[str, Mapping[str, Any]]]] = {}
        for month in months:
            data = {"member": member.id, "name": member.name, "month": month, "amount": amount, "via": via,
                    "meeting": meeting, "note": note}  # fmt: skip
            by_year.setdefault(self._year_of(month), []).append(("dues_paid", data))
        state: DuesState | None = None
        for year, commands in sorted(by_year.items()):
            state = self._dues(year, commands)
        assert state is not None
        return state

    def owed_now(self, member_id: str) -> list[str]:
        """The months the member could pay now (owed up to this month), oldest first."""
        today = self.cells.today()
        return next_unpaid(self.state(int(today[:4])), member_id, today[:7])

    def excuse(self, member_id: str, month: str, reason: str) -> DuesState:
        member = self._member(member_id)
        data = {"member": member.id, "name": member.name, "month": month, "reason": reason}
        return self._dues(self._year_of(month), [("dues_excused", data)])

    def withdraw_reduction(self, year: int, reduction: str, reason: str) -> DuesState:
        """A reduction recorded by mistake: kept in the book, marked withdrawn with the reason."""
        return self._dues(year, [("dues_reduction_withdrawn", {"reduction": reduction, "reason": reason})])

    def withdraw_payment(self, year: int, payment: str, reason: str) -> DuesState:
        return self._dues(year, [("dues_payment_withdrawn", {"payment": payment, "reason": reason})])

    def remit(self, month: str, *, amount: object = None, on: str = "", receipt: str = "") -> DuesState:
        """The month's dues handed to the upper committee (``on``: ISO date, today when empty)."""
        day = on or self.cells.today()
        if not is_iso_date(day):
            raise DomainError("error.date_invalid", value=day)
        data = {"month": month, "amount": amount, "on": day, "receipt": receipt}
        return self._dues(self._year_of(month), [("dues_remitted", data)])

    def apply_rates(self, start: str) -> DuesState:
        """The cell's rates file (changed because the rules changed) applies from a month."""
        data = {"from": start, "rates": self.rates().to_dict()}
        return self._dues(self._year_of(start), [("dues_rates_set", data)])

    def unpaid_at(self, state: MeetingState) -> dict[str, str]:
        """Members of the meeting with dues unpaid before its month: what roll call names."""
        if not self.has_dues() or len(state.date) < 7:
            return {}
        year = int(state.date[:4])
        rows = ledger(self.state(year), self.cells.members(), year, state.date).members
        return {r.member: unpaid_text(r) for r in rows if r.unpaid and r.member in state.roster}
