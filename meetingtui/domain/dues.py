"""Party dues (đảng phí; docs/DOMAIN.md, "Party dues"): the rates, each member's basis and
reductions, the payments month by month, the month's remittance to the upper committee.

The rates are data (``data/dues_rates.json``; a cell's own ``DATA/dues_rates.json`` wins): the
percentage of the salary base, the students' fixed amount, the exemptions, the reductions
allowed, the months unpaid that flag a removal from the rolls. A year's book records the
rates it was kept under (``dues_opened``, ``dues_rates_set``), so a later change of the file
never changes a recorded year; each payment stores the amount that was due when it was
recorded, each remittance what had been collected.

A month's book opens with what was in force at its start (the bases and the reductions the
months before left), as a meeting opens with its roster: each month's file stands on its own,
and holds at most one payment of each member, so it costs no more to write in December, or in
a cell of 200, than a meeting's file does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from . import checks
from .book import Book, BookEvent, BookKind
from .dates import is_iso_date
from .errors import DomainError
from .events import F
from .money import checked_amount, money, percent_of
from .people import Member

RATES_FILE = "dues_rates.json"
MONTH_LEN = 7  # "YYYY-MM"
VIAS = ("cash", "portal")  # in cash to the cell; on the national public-service portal


# -- the rates ----------------------------------------------------------------------------------
class RatesError(DomainError):
    """A rates file that cannot be used: the message names the file and the reason."""


@dataclass(frozen=True)
class BasisRule:
    key: str
    title: str
    percent: float | None = None  # of the member's base (salary, pension)
    fixed: int | None = None  # a fixed amount (students)

    @property
    def needs_base(self) -> bool:
        """The member's salary base or pension (percent), or the cell's own amount (neither)."""
        return self.fixed is None


@dataclass(frozen=True)
class DuesRates:
    id: str
    title: str
    bases: Mapping[str, BasisRule]
    exemptions: Mapping[str, str]  # key -> title; "party_age" is worked out from the admission date
    party_age_years: int = 50
    reduction_percents: tuple[int, ...] = (30, 50, 70)
    max_reduction_months: int = 12
    removal_unpaid_months: int = 3
    warn_unpaid_months: int = 2
    cell_keeps_percent: float = 0.0
    source: str = ""

    def basis(self, key: str) -> BasisRule | None:
        return self.bases.get(key)

    def to_dict(self) -> dict[str, Any]:
        bases: dict[str, Any] = {}
        for key, rule in self.bases.items():
            entry: dict[str, Any] = {"title": rule.title}
            if rule.percent is not None:
                entry["percent"] = rule.percent
            if rule.fixed is not None:
                entry["fixed"] = rule.fixed
            bases[key] = entry
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "bases": bases,
            "exemptions": dict(self.exemptions),
            "party_age_years": self.party_age_years,
            "reduction_percents": list(self.reduction_percents),
            "max_reduction_months": self.max_reduction_months,
            "removal_unpaid_months": self.removal_unpaid_months,
            "warn_unpaid_months": self.warn_unpaid_months,
            "cell_keeps_percent": self.cell_keeps_percent,
        }


_RATES_FIELDS = {
    "id", "title", "source", "bases", "exemptions", "party_age_years", "reduction_percents",
    "max_reduction_months", "removal_unpaid_months", "warn_unpaid_months", "cell_keeps_percent",
}  # fmt: skip


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_rates(raw: Any, name: str) -> DuesRates:
    """Validate a rates table (a file, or one stored with a book); refuse it naming ``name``."""

    def refuse(reason: str) -> RatesError:
        return RatesError("error.rates_invalid", file=name, reason=reason)

    if not isinstance(raw, Mapping):
        raise refuse("not a JSON object")
    unknown = set(raw) - _RATES_FIELDS
    if unknown:
        raise refuse(f"unknown field {', '.join(sorted(unknown))}")
    for key in ("id", "title", "bases"):
        if not raw.get(key):
            raise refuse(f"missing field {key}")
    bases = raw["bases"]
    if not isinstance(bases, Mapping) or not bases:
        raise refuse("bases must be an object")
    for key, rule in bases.items():
        if not isinstance(rule, Mapping) or not isinstance(rule.get("title"), str):
            raise refuse(f"basis {key}: needs a title")
        if set(rule) - {"title", "percent", "fixed"}:
            raise refuse(
                f"basis {key}: unknown field {', '.join(sorted(set(rule) - {'title', 'percent', 'fixed'}))}"
            )
        percent, fixed = rule.get("percent"), rule.get("fixed")
        if percent is not None and (not _number(percent) or not 0 < percent <= 100):
            raise refuse(f"basis {key}: percent must be above 0 and at most 100")
        if fixed is not None and (isinstance(fixed, bool) or not isinstance(fixed, int) or fixed < 0):
            raise refuse(f"basis {key}: fixed must be a whole, non-negative number of đồng")
        if percent is not None and fixed is not None:
            raise refuse(f"basis {key}: percent or fixed, not both")
    exemptions = raw.get("exemptions", {})
    if not isinstance(exemptions, Mapping) or not all(isinstance(v, str) for v in exemptions.values()):
        raise refuse("exemptions must map keys to titles")
    percents = raw.get("reduction_percents", [30, 50, 70])
    if not isinstance(percents, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) and 0 < p < 100 for p in percents
    ):
        raise refuse("reduction_percents must be whole numbers between 0 and 100")
    for key in ("party_age_years", "max_reduction_months", "removal_unpaid_months", "warn_unpaid_months"):
        value = raw.get(key, 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise refuse(f"{key} must be a whole number of at least 1")
    keeps = raw.get("cell_keeps_percent", 0)
    if not _number(keeps) or not 0 <= keeps <= 100:
        raise refuse("cell_keeps_percent must be between 0 and 100")
    return rates_from(raw)


def rates_from(raw: Mapping[str, Any]) -> DuesRates:
    """A stored rates table as it was written (no checks: it was checked when recorded)."""
    bases = {}
    for key, rule in dict(raw.get("bases", {})).items():
        rule = rule if isinstance(rule, Mapping) else {}
        percent, fixed = rule.get("percent"), rule.get("fixed")
        bases[str(key)] = BasisRule(
            str(key),
            str(rule.get("title", key)),
            float(percent) if percent is not None else None,
            int(fixed) if fixed is not None else None,
        )
    return DuesRates(
        id=str(raw.get("id", "")),
        title=str(raw.get("title", "")),
        source=str(raw.get("source", "")),
        bases=bases,
        exemptions={str(k): str(v) for k, v in dict(raw.get("exemptions", {})).items()},
        party_age_years=int(raw.get("party_age_years", 50)),
        reduction_percents=tuple(int(p) for p in raw.get("reduction_percents", (30, 50, 70))),
        max_reduction_months=int(raw.get("max_reduction_months", 12)),
        removal_unpaid_months=int(raw.get("removal_unpaid_months", 3)),
        warn_unpaid_months=int(raw.get("warn_unpaid_months", 2)),
        cell_keeps_percent=float(raw.get("cell_keeps_percent", 0)),
    )


def shipped_rates() -> DuesRates:
    text = resources.files("meetingtui.data").joinpath(RATES_FILE).read_text(encoding="utf-8")
    return parse_rates(json.loads(text), f"data/{RATES_FILE}")


def cell_rates(data_dir: Path | None) -> DuesRates:
    """The cell's own rates (``DATA/dues_rates.json``) when it has them, else the shipped ones."""
    path = Path(data_dir) / RATES_FILE if data_dir is not None else None
    if path is None or not path.exists():
        return shipped_rates()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RatesError("error.rates_invalid", file=str(path), reason=str(exc)) from exc
    return parse_rates(raw, str(path))


# -- the book's state ---------------------------------------------------------------------------
EXEMPT = "exempt"  # a basis: the member pays nothing (the reason says why)


@dataclass(frozen=True)
class Basis:
    member: str
    name: str
    joined: str  # ISO admission date, for the Party age
    start: str  # "YYYY-MM" from which it applies
    basis: str  # a key of the rates' bases, or EXEMPT
    base: int = 0  # the salary base, the pension, or the cell's own amount (đồng)
    exempt: str = ""  # the exemption's key when basis is EXEMPT
    note: str = ""
    seq: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "member": self.member, "name": self.name, "joined": self.joined, "from": self.start,
            "basis": self.basis, "base": self.base, "exempt": self.exempt, "note": self.note,
        }  # fmt: skip


@dataclass(frozen=True)
class Reduction:
    id: str
    member: str
    name: str
    percent: int
    start: str  # "YYYY-MM"
    end: str  # "YYYY-MM", inclusive
    reason: str
    withdrawn: str = ""

    def covers(self, month: str) -> bool:
        return not self.withdrawn and self.start <= month <= self.end

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "member": self.member, "name": self.name, "percent": self.percent,
            "from": self.start, "to": self.end, "reason": self.reason,
        }  # fmt: skip


@dataclass(frozen=True)
class Payment:
    id: str
    member: str
    name: str
    month: str  # "YYYY-MM" the payment is for
    amount: int
    due: int  # what was due that month when it was recorded
    via: str
    at: datetime
    meeting: str = ""  # the meeting at which it was collected, if any
    note: str = ""
    withdrawn: str = ""


@dataclass(frozen=True)
class Remittance:
    month: str
    amount: int  # handed to the upper committee
    on: str  # ISO date
    receipt: str
    collected: int  # of that month's dues, when it was recorded
    kept: int  # the cell's share
    expected: int  # collected - kept
    at: datetime


@dataclass(frozen=True)
class DuesState:
    month: str = ""  # "YYYY-MM": the month this book keeps
    rates: tuple[tuple[str, DuesRates], ...] = ()  # (from month, rates), in the order recorded
    bases: Mapping[str, tuple[Basis, ...]] = field(default_factory=dict)  # by member, in order
    reductions: tuple[Reduction, ...] = ()
    payments: tuple[Payment, ...] = ()  # every payment recorded, withdrawn ones too, in order
    live: Mapping[tuple[str, str], Payment] = field(default_factory=dict)  # (member, month) -> standing
    excused: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (member, month) -> reason
    remittances: Mapping[str, tuple[Remittance, ...]] = field(default_factory=dict)  # month -> in order
    next_payment: int = 1
    next_reduction: int = 1

    @property
    def opened(self) -> bool:
        return bool(self.month)

    @property
    def year(self) -> int:
        return int(self.month[:4]) if self.month else 0

    def rates_for(self, month: str) -> DuesRates | None:
        found = None
        for start, rates in self.rates:
            if found is None or start <= month:
                found = rates
        return found

    @property
    def current_rates(self) -> DuesRates | None:
        return self.rates[-1][1] if self.rates else None

    def basis_for(self, member: str, month: str) -> Basis | None:
        chosen = None
        for basis in self.bases.get(member, ()):
            if basis.start <= month and (chosen is None or basis.start >= chosen.start):
                chosen = basis
        return chosen

    def payment(self, member: str, month: str) -> Payment | None:
        return self.live.get((member, month))

    def remittance(self, month: str) -> Remittance | None:
        found = self.remittances.get(month, ())
        return found[-1] if found else None

    def collected(self, month: str) -> int:
        return sum(p.amount for p in self.payments if p.month == month and not p.withdrawn)

    def in_force(self) -> tuple[list[Basis], list[Reduction]]:
        """The bases and reductions a later month's book opens with."""
        bases = [b for member in self.bases if (b := self.basis_for(member, self.month)) is not None]
        reductions = [r for r in self.reductions if not r.withdrawn and r.end > self.month]
        return bases, reductions


# -- what is due --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Due:
    amount: int | None  # None: no basis recorded for the member
    full: int = 0  # before any reduction
    basis: str = ""
    exempt: str = ""  # the exemption's key when nothing is due
    reduction: int = 0  # percent taken off


def party_years(joined: str, month: str) -> int:
    """Whole years of Party age on the first day of ``month`` ("YYYY-MM")."""
    if not is_iso_date(joined) or len(month) != MONTH_LEN:
        return 0
    start = date.fromisoformat(joined)
    first = date(int(month[:4]), int(month[5:7]), 1)
    years = first.year - start.year - ((first.month, first.day) < (start.month, start.day))
    return max(0, years)


def due_for(state: DuesState, member: str, month: str) -> Due:
    """What ``member`` owes for ``month`` under the book's bases, reductions and rates.

    Exempt when the basis says so, or when the member has the rates' Party age on the month's
    first day (docs/DOMAIN.md, "Party dues"). A reduction takes its percentage off the full
    amount; halves of a đồng are rounded up.
    """
    basis = state.basis_for(member, month)
    rates = state.rates_for(month)
    if basis is None or rates is None:
        return Due(None)
    if party_years(basis.joined, month) >= rates.party_age_years and "party_age" in rates.exemptions:
        return Due(0, basis=basis.basis, exempt="party_age")
    if basis.basis == EXEMPT:
        return Due(0, basis=EXEMPT, exempt=basis.exempt)
    rule = rates.basis(basis.basis)
    if rule is None:  # a basis the rates of this month no longer know: the base as typed
        full = basis.base
    elif rule.percent is not None:
        full = percent_of(basis.base, rule.percent)
    elif rule.fixed is not None:
        full = rule.fixed
    else:
        full = basis.base
    cut = 0
    for reduction in state.reductions:
        if reduction.member == member and reduction.covers(month):
            cut = reduction.percent  # the latest recorded wins
    amount = full - percent_of(full, cut) if cut else full
    return Due(amount, full=full, basis=basis.basis, reduction=cut)


def months_between(start: str, end: str) -> int:
    """Months from ``start`` to ``end`` inclusive ("YYYY-MM"); 0 when end is before start."""
    if len(start) != MONTH_LEN or len(end) != MONTH_LEN:
        return 0
    count = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7]) + 1
    return max(0, count)


# -- decisions ------------------------------------------------------------------------------------
Data = dict[str, Any]


def _opened(state: DuesState) -> DuesRates:
    rates = state.current_rates
    if not state.opened or rates is None:
        raise DomainError("error.dues_not_opened")
    return rates


def _month(state: DuesState, d: Mapping[str, Any], key: str, *, this_book: bool = True) -> str:
    """A month ``YYYY-MM``; with ``this_book``, the month the book keeps."""
    value = checks.text(d, key, required=True)
    if len(value) != MONTH_LEN or value[4] != "-" or not value[:4].isdigit() or not value[5:].isdigit():
        raise DomainError("error.month_invalid", value=value)
    if not 1 <= int(value[5:]) <= 12:
        raise DomainError("error.month_invalid", value=value)
    if this_book and value != state.month:
        raise DomainError("error.dues_month_other_book", month=value, book=state.month)
    return value


def _basis_data(rates: DuesRates, d: Mapping[str, Any], state: DuesState) -> Data:
    member = checks.text(d, "member", required=True)
    name = checks.text(d, "name") or member
    basis = checks.text(d, "basis", required=True)
    joined = checks.text(d, "joined")
    if joined and not is_iso_date(joined):
        raise DomainError("error.date_invalid", value=joined)
    if basis != EXEMPT and rates.basis(basis) is None:
        raise DomainError("error.dues_basis_unknown", value=basis, name=name)
    base, exempt = 0, ""
    if basis == EXEMPT:
        exempt = checks.text(d, "exempt", required=True)
        if exempt not in rates.exemptions:
            raise DomainError("error.dues_exemption_unknown", value=exempt, name=name)
    else:
        rule = rates.bases[basis]
        if rule.needs_base:
            raw = d.get("base", 0)
            base = checked_amount(raw if raw not in (None, "") else 0, item=name)
            if base <= 0:
                key = "error.dues_no_salary_base" if rule.percent is not None else "error.dues_no_amount"
                raise DomainError(key, name=name, basis=rule.title)
    return {
        "member": member,
        "name": name,
        "joined": joined,
        "from": _month(state, d, "from", this_book=False),
        "basis": basis,
        "base": base,
        "exempt": exempt,
        "note": checks.text(d, "note"),
    }


def _reduction_data(rates: DuesRates, d: Mapping[str, Any], state: DuesState) -> Data:
    member = checks.text(d, "member", required=True)
    name = checks.text(d, "name") or member
    percent = d.get("percent")
    if isinstance(percent, bool) or not isinstance(percent, int) or percent not in rates.reduction_percents:
        shown = ", ".join(f"{p}%" for p in rates.reduction_percents)
        raise DomainError("error.dues_reduction_percent", name=name, value=str(percent), allowed=shown)
    start = _month(state, d, "from", this_book=False)
    end = _month(state, d, "to", this_book=False)
    months = months_between(start, end)
    if months < 1:
        raise DomainError("error.dues_reduction_order", name=name, start=start, end=end)
    if months > rates.max_reduction_months:
        raise DomainError(
            "error.dues_reduction_too_long", name=name, months=months, max=rates.max_reduction_months
        )
    return {
        "member": member,
        "name": name,
        "percent": percent,
        "from": start,
        "to": end,
        "reason": checks.text(d, "reason", required=True),
    }


def decide_dues_opened(state: DuesState, d: Mapping[str, Any]) -> Data:
    """The month's book opens: its rates, and the bases and reductions in force at its start."""
    if state.opened:
        raise DomainError("error.dues_already_opened", month=state.month)
    probe = replace(DuesState(), month="0000-00")
    month = _month(probe, d, "month", this_book=False)
    if not 1930 <= int(month[:4]) <= 2999:
        raise DomainError("error.year_invalid", value=month[:4])
    rates = parse_rates(d.get("rates"), "dues_opened")
    probe = replace(DuesState(), month=month)
    bases = [_basis_data(rates, b, probe) for b in d.get("bases", ()) if isinstance(b, Mapping)]
    reductions = []
    for raw in d.get("reductions", ()):
        if isinstance(raw, Mapping):
            reductions.append({"id": checks.text(raw, "id"), **_reduction_data(rates, raw, probe)})
    return {"month": month, "rates": rates.to_dict(), "bases": bases, "reductions": reductions}


def _basis_of(raw: Mapping[str, Any], seq: int) -> Basis:
    return Basis(
        member=str(raw.get("member", "")),
        name=str(raw.get("name", "")),
        joined=str(raw.get("joined", "")),
        start=str(raw.get("from", "")),
        basis=str(raw.get("basis", "")),
        base=int(raw.get("base", 0) or 0),
        exempt=str(raw.get("exempt", "")),
        note=str(raw.get("note", "")),
        seq=seq,
    )


def _reduction_of(raw: Mapping[str, Any], rid: str) -> Reduction:
    return Reduction(
        id=rid,
        member=str(raw.get("member", "")),
        name=str(raw.get("name", "")),
        percent=int(raw.get("percent", 0)),
        start=str(raw.get("from", "")),
        end=str(raw.get("to", "")),
        reason=str(raw.get("reason", "")),
    )


def _with_basis(state: DuesState, basis: Basis) -> DuesState:
    bases = dict(state.bases)
    bases[basis.member] = (*bases.get(basis.member, ()), basis)
    return replace(state, bases=bases)


def evolve_dues_opened(state: DuesState, ev: BookEvent) -> DuesState:
    d = ev.data
    raw_rates = d.get("rates", {})
    rates = rates_from(raw_rates if isinstance(raw_rates, Mapping) else {})
    month = str(d.get("month", ""))
    state = replace(state, month=month, rates=((month, rates),))
    for raw in d.get("bases", ()):
        state = _with_basis(state, _basis_of(raw, ev.seq))
    reductions = list(state.reductions)
    n = state.next_reduction
    for raw in d.get("reductions", ()):
        reductions.append(_reduction_of(raw, str(raw.get("id") or f"r{n}")))
        n += 1
    return replace(state, reductions=tuple(reductions), next_reduction=n)


def decide_dues_rates_set(state: DuesState, d: Mapping[str, Any]) -> Data:
    """The cell's new rates, from a month of this year (the rules changed)."""
    _opened(state)
    return {
        "from": _month(state, d, "from"),
        "rates": parse_rates(d.get("rates"), "dues_rates_set").to_dict(),
    }


def evolve_dues_rates_set(state: DuesState, ev: BookEvent) -> DuesState:
    raw = ev.data.get("rates", {})
    rates = rates_from(raw if isinstance(raw, Mapping) else {})
    return replace(state, rates=(*state.rates, (str(ev.data.get("from", "")), rates)))


def decide_dues_basis_set(state: DuesState, d: Mapping[str, Any]) -> Data:
    """A member's basis from a month: salaried (1% of the salary base), pensioner, student, the
    cell's own amount, or exempt with its reason. A salaried member needs the salary base."""
    rates = _opened(state)
    data = _basis_data(rates, d, state)
    if data["from"] > state.month:  # recorded in its first month's book, and carried to the later ones
        raise DomainError("error.dues_month_other_book", month=data["from"], book=state.month)
    return data


def evolve_dues_basis_set(state: DuesState, ev: BookEvent) -> DuesState:
    return _with_basis(state, _basis_of(ev.data, ev.seq))


def decide_dues_reduced(state: DuesState, d: Mapping[str, Any]) -> Data:
    """A reduction of 30, 50 or 70% from a month to a month, at most 12 months (the rates say)."""
    rates = _opened(state)
    data = _reduction_data(rates, d, state)
    if not data["from"] <= state.month <= data["to"]:
        raise DomainError("error.dues_month_other_book", month=data["from"], book=state.month)
    return data


def evolve_dues_reduced(state: DuesState, ev: BookEvent) -> DuesState:
    reduction = _reduction_of(ev.data, f"r{state.next_reduction}")
    return replace(state, reductions=(*state.reductions, reduction), next_reduction=state.next_reduction + 1)


def decide_dues_reduction_withdrawn(state: DuesState, d: Mapping[str, Any]) -> Data:
    _opened(state)
    rid = checks.text(d, "reduction", required=True)
    if not any(r.id == rid and not r.withdrawn for r in state.reductions):
        raise DomainError("error.dues_reduction_unknown", reduction=rid)
    return {"reduction": rid, "reason": checks.text(d, "reason", required=True)}


def evolve_dues_reduction_withdrawn(state: DuesState, ev: BookEvent) -> DuesState:
    rid, reason = str(ev.data.get("reduction", "")), str(ev.data.get("reason", "")) or "-"
    reductions = tuple(replace(r, withdrawn=reason) if r.id == rid else r for r in state.reductions)
    return replace(state, reductions=reductions)


def decide_dues_paid(state: DuesState, d: Mapping[str, Any]) -> Data:
    """A member's dues for one month of this year, with the amount that was due then."""
    _opened(state)
    member = checks.text(d, "member", required=True)
    name = checks.text(d, "name") or member
    month = _month(state, d, "month")
    due = due_for(state, member, month)
    if due.amount is None:
        raise DomainError("error.dues_no_basis", name=name)
    basis = state.basis_for(member, month)
    if basis is not None and basis.joined and month < basis.joined[:7]:
        raise DomainError("error.dues_before_joining", name=name, month=f"{int(month[5:])}/{month[:4]}")
    if due.amount == 0:
        raise DomainError("error.dues_exempt", name=name, month=f"{int(month[5:])}/{month[:4]}")
    if state.payment(member, month) is not None:
        raise DomainError("error.dues_already_paid", name=name, month=f"{int(month[5:])}/{month[:4]}")
    raw = d.get("amount", due.amount)
    amount = checked_amount(due.amount if raw in (None, "") else raw, item=name)
    if amount == 0:
        raise DomainError("error.dues_amount_zero", name=name)
    via = checks.text(d, "via") or "cash"
    if via not in VIAS:
        raise DomainError("error.dues_via_invalid", value=via)
    data: Data = {
        "member": member,
        "month": month,
        "amount": amount,
        "due": due.amount,
        "via": via,
    }
    # A payment is the book's most frequent event: the name is the member's (the cell keeps it),
    # and the optional fields are stored only when they say something.
    for key in ("meeting", "note"):
        value = checks.text(d, key)
        if value:
            data[key] = value
    return data


def evolve_dues_paid(state: DuesState, ev: BookEvent) -> DuesState:
    d = ev.data
    payment = Payment(
        id=f"p{state.next_payment}",
        member=str(d.get("member", "")),
        name=str(d.get("name", "")),
        month=str(d.get("month", "")),
        amount=int(d.get("amount", 0)),
        due=int(d.get("due", 0)),
        via=str(d.get("via", "cash")),
        at=ev.when,
        meeting=str(d.get("meeting", "")),
        note=str(d.get("note", "")),
    )
    live = dict(state.live)
    live[(payment.member, payment.month)] = payment
    return replace(state, payments=(*state.payments, payment), live=live, next_payment=state.next_payment + 1)


def decide_dues_payment_withdrawn(state: DuesState, d: Mapping[str, Any]) -> Data:
    """A payment recorded by mistake: it stays in the record, marked withdrawn with the reason."""
    _opened(state)
    pid = checks.text(d, "payment", required=True)
    if not any(p.id == pid and not p.withdrawn for p in state.payments):
        raise DomainError("error.dues_payment_unknown", payment=pid)
    return {"payment": pid, "reason": checks.text(d, "reason", required=True)}


def evolve_dues_payment_withdrawn(state: DuesState, ev: BookEvent) -> DuesState:
    pid, reason = str(ev.data.get("payment", "")), str(ev.data.get("reason", "")) or "-"
    payments = tuple(replace(p, withdrawn=reason) if p.id == pid else p for p in state.payments)
    live = {key: pay for key, pay in state.live.items() if pay.id != pid}
    return replace(state, payments=payments, live=live)


def decide_dues_excused(state: DuesState, d: Mapping[str, Any]) -> Data:
    """A month left unpaid with good reason: it does not count towards a removal."""
    _opened(state)
    member = checks.text(d, "member", required=True)
    return {
        "member": member,
        "name": checks.text(d, "name") or member,
        "month": _month(state, d, "month"),
        "reason": checks.text(d, "reason", required=True),
    }


def evolve_dues_excused(state: DuesState, ev: BookEvent) -> DuesState:
    d = ev.data
    excused = dict(state.excused)
    excused[(str(d.get("member", "")), str(d.get("month", "")))] = str(d.get("reason", ""))
    return replace(state, excused=excused)


def decide_dues_remitted(state: DuesState, d: Mapping[str, Any]) -> Data:
    """The month's dues handed to the upper committee: what had been collected, the cell's share
    (the rates' percentage) and what was due upward are stored with it."""
    rates = _opened(state)
    month = _month(state, d, "month")
    label = f"{int(month[5:])}/{month[:4]}"
    collected = state.collected(month)
    kept = percent_of(collected, rates.cell_keeps_percent)
    expected = collected - kept
    raw = d.get("amount", expected)
    amount = checked_amount(expected if raw in (None, "") else raw, item=label)
    on = checks.iso_date(d, "on", required=True)
    return {
        "month": month,
        "amount": amount,
        "on": on,
        "receipt": checks.text(d, "receipt"),
        "collected": collected,
        "kept": kept,
        "expected": expected,
    }


def evolve_dues_remitted(state: DuesState, ev: BookEvent) -> DuesState:
    d = ev.data
    month = str(d.get("month", ""))
    remittance = Remittance(
        month=month,
        amount=int(d.get("amount", 0)),
        on=str(d.get("on", "")),
        receipt=str(d.get("receipt", "")),
        collected=int(d.get("collected", 0)),
        kept=int(d.get("kept", 0)),
        expected=int(d.get("expected", 0)),
        at=ev.when,
    )
    remittances = dict(state.remittances)
    remittances[month] = (*remittances.get(month, ()), remittance)
    return replace(state, remittances=remittances)


class DuesKind(BookKind):
    DUES_OPENED = "dues_opened", {"month": F.TEXT, "rates": F.MAP, "bases": F.LIST, "reductions": F.LIST}
    DUES_RATES_SET = "dues_rates_set", {"from": F.TEXT, "rates": F.MAP}
    DUES_BASIS_SET = "dues_basis_set", {
        "member": F.TEXT, "name": F.TEXT, "joined": F.TEXT, "from": F.TEXT, "basis": F.TEXT,
        "base": F.INT, "exempt": F.TEXT, "note": F.TEXT,
    }  # fmt: skip
    DUES_REDUCED = "dues_reduced", {
        "member": F.TEXT, "name": F.TEXT, "percent": F.INT, "from": F.TEXT, "to": F.TEXT, "reason": F.TEXT,
    }  # fmt: skip
    DUES_REDUCTION_WITHDRAWN = "dues_reduction_withdrawn", {"reduction": F.TEXT, "reason": F.TEXT}
    DUES_PAID = "dues_paid", {
        "member": F.TEXT, "name": F.TEXT, "month": F.TEXT, "amount": F.INT, "due": F.INT, "via": F.TEXT,
        "meeting": F.TEXT, "note": F.TEXT,
    }  # fmt: skip
    DUES_PAYMENT_WITHDRAWN = "dues_payment_withdrawn", {"payment": F.TEXT, "reason": F.TEXT}
    DUES_EXCUSED = "dues_excused", {"member": F.TEXT, "name": F.TEXT, "month": F.TEXT, "reason": F.TEXT}
    DUES_REMITTED = "dues_remitted", {
        "month": F.TEXT, "amount": F.INT, "on": F.TEXT, "receipt": F.TEXT, "collected": F.INT,
        "kept": F.INT, "expected": F.INT,
    }  # fmt: skip


K = DuesKind
DUES_BOOK: Book[DuesState] = Book(
    name="dues",
    schema=1,
    kinds=DuesKind,
    handlers={
        K.DUES_OPENED: (decide_dues_opened, evolve_dues_opened),
        K.DUES_RATES_SET: (decide_dues_rates_set, evolve_dues_rates_set),
        K.DUES_BASIS_SET: (decide_dues_basis_set, evolve_dues_basis_set),
        K.DUES_REDUCED: (decide_dues_reduced, evolve_dues_reduced),
        K.DUES_REDUCTION_WITHDRAWN: (decide_dues_reduction_withdrawn, evolve_dues_reduction_withdrawn),
        K.DUES_PAID: (decide_dues_paid, evolve_dues_paid),
        K.DUES_PAYMENT_WITHDRAWN: (decide_dues_payment_withdrawn, evolve_dues_payment_withdrawn),
        K.DUES_EXCUSED: (decide_dues_excused, evolve_dues_excused),
        K.DUES_REMITTED: (decide_dues_remitted, evolve_dues_remitted),
    },
    empty=DuesState,
)


# -- the ledger (what the screen and the documents show) --------------------------------------------
PAID, SHORT, UNPAID, OPEN, EXCUSED, EXEMPT_MONTH, NOT_MEMBER, NO_BASIS = (
    "paid", "short", "unpaid", "open", "excused", "exempt", "none", "no_basis",
)  # fmt: skip
NOT_KEPT = "not_kept"  # before the cell's first dues book: nothing known, nothing owed here


@dataclass(frozen=True)
class MonthCell:
    month: str
    status: str  # one of the constants above
    due: int | None = None
    paid: int = 0
    payment: Payment | None = None
    note: str = ""  # the exemption's or the excuse's reason, the reduction


@dataclass(frozen=True)
class MemberDues:
    member: str
    name: str
    basis: Basis | None
    months: tuple[MonthCell, ...]
    unpaid: int  # overdue months without reason
    paid_total: int
    flag: str  # "", "warn" or "removal"

    @property
    def unpaid_months(self) -> list[str]:
        return [c.month for c in self.months if c.status in (UNPAID, SHORT)]

    @property
    def monthly(self) -> int | None:
        """The amount due in the latest month the member owes anything (for the table)."""
        dues = [c.due for c in self.months if c.due is not None and c.status not in (NOT_MEMBER, NOT_KEPT)]
        return dues[-1] if dues else None


@dataclass(frozen=True)
class MonthTotal:
    month: str
    members_due: int
    expected: int  # what the members owed
    collected: int
    kept: int  # the cell's share of what was collected (at today's rates)
    upward: int  # collected - kept
    remittance: Remittance | None


@dataclass(frozen=True)
class DuesLedger:
    year: int
    today_month: str  # months before it are overdue
    rates: DuesRates | None
    members: tuple[MemberDues, ...]
    months: tuple[MonthTotal, ...]
    reductions: tuple[Reduction, ...]
    first_kept: str = ""  # the first month the cell kept its dues here ("": every month)

    @property
    def kept_months(self) -> tuple[MonthTotal, ...]:
        return tuple(t for t in self.months if t.month >= self.first_kept)

    def flagged(self, flag: str) -> list[MemberDues]:
        return [m for m in self.members if m.flag == flag]


def _is_member(member: Member, month: str) -> bool:
    """In the cell for ``month``: admitted by its end, and not yet left (a member who leaves
    owes the months before the one they leave in)."""
    if member.joined and member.joined[:7] > month:
        return False
    return not (member.retired_on and member.retired_on[:7] <= month)


def _last_rates(states: Sequence[DuesState]) -> DuesRates | None:
    for state in reversed(states):
        if state.current_rates is not None:
            return state.current_rates
    return None


def member_months(
    states: Sequence[DuesState], member: Member, today_month: str, first_kept: str = ""
) -> MemberDues:
    """A member's twelve months, each read from its month's book (``states``, January first);
    the months before ``first_kept`` (the cell's first dues book) were not kept here."""
    cells = []
    unpaid = paid_total = 0
    for state in states:
        month = state.month
        payment = state.payment(member.id, month)
        paid = payment.amount if payment else 0
        paid_total += paid
        if first_kept and month < first_kept:
            cells.append(MonthCell(month, NOT_KEPT, payment=payment, paid=paid))
            continue
        if not _is_member(member, month):
            cells.append(MonthCell(month, NOT_MEMBER, payment=payment, paid=paid))
            continue
        due = due_for(state, member.id, month)
        note = ""
        if due.reduction:
            note = f"giảm {due.reduction}%"
        if due.amount is None:
            status = PAID if payment else NO_BASIS
        elif due.amount == 0:
            status, note = EXEMPT_MONTH, due.exempt
        elif payment is not None:
            status = PAID if payment.amount >= payment.due else SHORT
        elif (member.id, month) in state.excused:
            status, note = EXCUSED, state.excused[(member.id, month)]
        elif month < today_month:
            status = UNPAID
        else:
            status = OPEN
        if status == SHORT and (member.id, month) in state.excused:
            status, note = EXCUSED, state.excused[(member.id, month)]
        if status in (UNPAID, SHORT):
            unpaid += 1
        cells.append(MonthCell(month, status, due.amount, paid, payment, note))
    rates = _last_rates(states)
    flag = ""
    if rates is not None:
        if unpaid >= rates.removal_unpaid_months:
            flag = "removal"
        elif unpaid >= rates.warn_unpaid_months:
            flag = "warn"
    last = states[-1]
    return MemberDues(
        member=member.id,
        name=member.name,
        basis=last.basis_for(member.id, last.month),
        months=tuple(cells),
        unpaid=unpaid,
        paid_total=paid_total,
        flag=flag,
    )


def ledger(
    states: Sequence[DuesState], members: Sequence[Member], today: str, first_kept: str = ""
) -> DuesLedger:
    """Every member's twelve months (paid, short, unpaid, open, excused, exempt) and the months'
    totals: what was owed, collected, the cell's share, what goes upward, what was remitted.

    ``states`` are the twelve months' books of the year, January first (a month with no book of
    its own is what it would open with); ``first_kept`` is the first month the cell has a dues
    book for (the months before it are not kept: a cell that starts in August owes nothing here
    for January). ``today`` (ISO) decides which months are overdue: those before today's month. Members who were not in the cell in a month owe nothing for it; a
    member is shown if they were in the cell at any time of the year, or paid anything in it.
    """
    if len(states) != 12 or len({s.month[:4] for s in states}) != 1:
        raise ValueError("a ledger is the twelve months of one year")
    today_month = today[:7]
    rows = []
    for member in members:
        row = member_months(states, member, today_month, first_kept)
        if any(c.status not in (NOT_MEMBER, NOT_KEPT) for c in row.months) or row.paid_total:
            rows.append(row)
    rates = _last_rates(states)
    keeps = rates.cell_keeps_percent if rates else 0.0
    totals = []
    for m, state in enumerate(states, start=1):
        owed = [
            r.months[m - 1].due or 0
            for r in rows
            if r.months[m - 1].status not in (NOT_MEMBER, EXEMPT_MONTH, NOT_KEPT)
        ]
        collected = state.collected(state.month)
        kept = percent_of(collected, keeps)
        totals.append(
            MonthTotal(
                state.month,
                sum(1 for o in owed if o),
                sum(owed),
                collected,
                kept,
                collected - kept,
                state.remittance(state.month),
            )
        )
    reductions: dict[tuple[str, int, str, str], Reduction] = {}
    for state in states:  # each month's book holds the reductions running in it: once each
        for reduction in state.reductions:
            if not reduction.withdrawn:
                reductions.setdefault(
                    (reduction.member, reduction.percent, reduction.start, reduction.end), reduction
                )
    year = int(states[0].month[:4])
    return DuesLedger(
        year, today_month, rates, tuple(rows), tuple(totals), tuple(reductions.values()), first_kept
    )


def unpaid_text(row: MemberDues) -> str:
    """``tháng 9, 10`` (the overdue months of a member, for roll call and the documents)."""
    return "tháng " + ", ".join(str(int(m[5:])) for m in row.unpaid_months)


def amount_text(value: int | None) -> str:
    return "…" if value is None else money(value)
