"""Amounts of money as the cell types and reads them: whole đồng, grouped the Vietnamese way.

The record stores an amount as an integer number of đồng. People type ``95.000``, ``95000``,
``95 000`` or ``95.000 đ`` and read ``95.000 đ``. This module is the one place that turns one
into the other (as ``domain.dates`` is for dates).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import DomainError
from .text import clean

MAX_AMOUNT = 10**12  # a thousand billion đồng: anything larger is a typing slip
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?:,\d{3})+$")  # 95.000, 1.250.000 (or 95,000)
_PLAIN = re.compile(r"^\d+$")
_FRACTION = re.compile(r"^\d+(?:\.\d{3})*[.,]\d+$")  # 95000,5 or 1.5: not whole đồng
_UNIT = re.compile(r"\s*(?:đồng|đ|vnđ|vnd|d)\.?$", re.IGNORECASE)


def parse_amount(text: str, *, item: str = "") -> int:
    """``95.000``, ``95000``, ``95 000 đ`` to ``95000``.

    Refused with a message naming ``item`` (what the amount is for): a negative amount
    (``error.amount_negative``), a fraction of a đồng (``error.amount_fraction``), anything
    else that is not a whole number (``error.amount_invalid``).
    """
    raw = clean(text)
    body = _UNIT.sub("", raw).replace(" ", "").replace("\u00a0", "")
    if body.startswith(("-", "−")):
        raise DomainError("error.amount_negative", item=item, value=raw)
    if _PLAIN.match(body) or _GROUPED.match(body):
        value = int(body.replace(".", "").replace(",", ""))
    elif _FRACTION.match(body):
        raise DomainError("error.amount_fraction", item=item, value=raw)
    else:
        raise DomainError("error.amount_invalid", item=item, value=raw)
    if value > MAX_AMOUNT:
        raise DomainError("error.amount_invalid", item=item, value=raw)
    return value


def checked_amount(value: Any, *, item: str = "") -> int:
    """An amount given as a value (from a command): a whole, non-negative number of đồng."""
    if isinstance(value, str):
        return parse_amount(value, item=item)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DomainError("error.amount_invalid", item=item, value=str(value))
    if value < 0:
        raise DomainError("error.amount_negative", item=item, value=money(int(value)))
    if isinstance(value, float) and not value.is_integer():
        raise DomainError("error.amount_fraction", item=item, value=str(value).replace(".", ","))
    if value > MAX_AMOUNT:
        raise DomainError("error.amount_invalid", item=item, value=str(value))
    return int(value)


def grouped(amount: int) -> str:
    """``95000`` -> ``95.000`` (dots between thousands)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def money(amount: int) -> str:
    """``95000`` -> ``95.000 đ``."""
    return f"{grouped(amount)} đ"


def percent_of(base: int, percent: float) -> int:
    """``percent`` % of ``base``, rounded to the whole đồng (halves up)."""
    exact = Decimal(base) * Decimal(str(percent)) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
