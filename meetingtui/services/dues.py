"""Party dues, for the screens and the command line (docs/DOMAIN.md, "Party dues"): the bases
and reductions, the payments month by month, the remittance, what roll call names.

Each month has its book (``DATA/years/<year>/dues-<MM>.json``). A month's payment, excuse and
remittance go in its book; a basis, a reduction or new rates from a month go in that month's
book and in every later month's book already open (a month opened later takes them from the
month before it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.dates import is_iso_date
from ..domain.dues import DUES_BOOK, DuesLedger, DuesRates, DuesState, cell_rates, ledger, unpaid_text
from ..domain.errors import DomainError
from ..queries import books as book_queries
from ..store.books import check_year
from .books import BookService

if TYPE_CHECKING:
    from ..domain.state import MeetingState

Command = tuple[str, Mapping[str, Any]]


def check_month(month: str) -> str:
    """``YYYY-MM`` with a month 1–12 and a year the books keep."""
    if len(month) != 7 or month[4] != "-" or not month[:4].isdigit() or not month[5:].isdigit():
        raise DomainError("error.month_invalid", value=month)
    if not 1 <= int(month[5:]) <= 12:
        raise DomainError("error.month_invalid", value=month)
    check_year(int(month[:4]))
    return month


class DuesService(BookService):
    """The cell's dues books (``CellService.dues()``)."""

    def rates(self) -> DuesRates:
        """The rates the cell keeps its dues under now (its own file, else the shipped one)."""
        return cell_rates(self.repo.root)

    def state(self, month: str) -> DuesState:
        """One month's book (what it would open with, when it has none yet)."""
        return book_queries.dues_state(self.repo, check_month(month))

    def year(self, year: int) -> list[DuesState]:
        return book_queries.dues_year(self.repo, check_year(year))

    def ledger(self, year: int) -> DuesLedger:
        return book_queries.dues_ledger(self.repo, check_year(year), self.cells.today())

    def has_dues(self) -> bool:
        """Whether the cell keeps its dues here (some month has a book)."""
        return bool(book_queries.dues_months(self.repo))

    def _dues(self, month: str, commands: Sequence[Command]) -> DuesState:
        """Record in the month's book, opening it first (in the same write) when it has none."""
        month = check_month(month)
        log = book_queries.dues_log(self.repo, month)
        if not log.state().opened:
            rates, bases, reductions = book_queries.opening(self.repo, month, self.rates())
            opened = {"month": month, "rates": rates.to_dict(), "bases": bases, "reductions": reductions}
            commands = [("dues_opened", opened), *commands]
        return self._record(DUES_BOOK, int(month[:4]), commands, part=month[5:])  # type: ignore[no-any-return]

    def one_write(self, month: str) -> contextlib.AbstractContextManager[None]:
        """Everything recorded in the month's book inside it is written once, at its end."""
        return book_queries.dues_log(self.repo, check_month(month)).transaction()

    def _later(self, month: str, last: str = "9999-12") -> list[str]:
        """The months after ``month`` (up to ``last``) whose books are open already."""
        return [m for m in book_queries.dues_months(self.repo) if month < m <= last]

    def set_basis(
        self, member_id: str, start: str, basis: str, *, base: object = 0, exempt: str = "", note: str = ""
    ) -> DuesState:
        """A member's basis from a month (``YYYY-MM``), also in the later months' books open already.

        In each book the basis with the latest start applies, so one recorded for an earlier
        month never overrides a later month's own."""
        member = self._member(member_id)
        data = {"member": member.id, "name": member.name, "joined": member.joined, "from": start,
                "basis": basis, "base": base, "exempt": exempt, "note": note}  # fmt: skip
        state = self._dues(start, [("dues_basis_set", data)])
        for later in self._later(start):
            self._dues(later, [("dues_basis_set", data)])
        return state

    def reduce(self, member_id: str, percent: object, start: str, end: str, reason: str) -> DuesState:
        """A reduction (30, 50, 70%) from a month to a month, at most 12: in its first month's
        book and the later ones it covers that are open already."""
        member = self._member(member_id)
        data = {"member": member.id, "name": member.name, "percent": percent, "from": start, "to": end,
                "reason": reason}  # fmt: skip
        state = self._dues(start, [("dues_reduced", data)])
        for later in self._later(start, end):
            self._dues(later, [("dues_reduced", data)])
        return state

    def withdraw_reduction(self, member_id: str, start: str, reason: str) -> list[str]:
        """A reduction recorded by mistake: kept in each book that holds it, marked withdrawn with
        the reason. Returns the months whose books held it."""
        months = []
        for month in [start, *self._later(start)]:
            state = self.state(month)
            found = [
                r for r in state.reductions if r.member == member_id and r.start == start and not r.withdrawn
            ]
            if state.opened and found and book_queries.dues_log(self.repo, month).exists:
                self._dues(
                    month, [("dues_reduction_withdrawn", {"reduction": found[-1].id, "reason": reason})]
                )
                months.append(month)
        if not months:
            raise DomainError("error.dues_reduction_unknown", reduction=f"{member_id} {start}")
        return months

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
        """The member pays ``months`` (``YYYY-MM``): a payment in each month's book. ``amount`` is
        per month (None: what is due). The months are checked first; each month is one write."""
        member = self._member(member_id)
        if not months:
            raise DomainError("error.dues_no_month", name=member.name)
        ordered = sorted({check_month(m) for m in months})
        state: DuesState | None = None
        for month in ordered:
            data = {"member": member.id, "name": member.name, "month": month, "amount": amount, "via": via,
                    "meeting": meeting, "note": note}  # fmt: skip
            state = self._dues(month, [("dues_paid", data)])
        assert state is not None
        return state

    def excuse(self, member_id: str, month: str, reason: str) -> DuesState:
        member = self._member(member_id)
        data = {"member": member.id, "name": member.name, "month": month, "reason": reason}
        return self._dues(month, [("dues_excused", data)])

    def withdraw_payment(self, month: str, payment: str, reason: str) -> DuesState:
        return self._dues(month, [("dues_payment_withdrawn", {"payment": payment, "reason": reason})])

    def remit(self, month: str, *, amount: object = None, on: str = "", receipt: str = "") -> DuesState:
        """The month's dues handed to the upper committee (``on``: ISO date, today when empty)."""
        day = on or self.cells.today()
        if not is_iso_date(day):
            raise DomainError("error.date_invalid", value=day)
        data = {"month": month, "amount": amount, "on": day, "receipt": receipt}
        return self._dues(month, [("dues_remitted", data)])

    def apply_rates(self, start: str) -> DuesState:
        """The cell's rates file (changed because the rules changed) applies from a month: in its
        book and the later ones open already (months opened later take the file as it is)."""
        data = {"from": start, "rates": self.rates().to_dict()}
        state = self._dues(start, [("dues_rates_set", data)])
        for later in self._later(start):
            self._dues(later, [("dues_rates_set", data)])
        return state

    def unpaid_at(self, state: MeetingState) -> dict[str, str]:
        """Members of the meeting with dues unpaid before its month: what roll call names."""
        if not self.has_dues() or len(state.date) < 7:
            return {}
        months = self.year(int(state.date[:4]))
        first = book_queries.dues_months(self.repo)[0]
        rows = ledger(months, self.cells.members(), state.date, first).members
        return {r.member: unpaid_text(r) for r in rows if r.unpaid and r.member in state.roster}
