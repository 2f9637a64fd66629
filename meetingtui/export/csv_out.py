"""The one way the app writes CSV: every table a spreadsheet will open (the year, a member's
history).

A spreadsheet runs a cell that starts like a formula (``=HYPERLINK(…)``, ``+cmd|…``,
``-1+1``, ``@SUM(…)``, or a tab or carriage return before one): every text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, which
spreadsheets show as text. Numbers stay numbers. The text starts with a byte-order mark, so
that spreadsheets read the Vietnamese letters as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: object) -> object:
    """A cell as it is safe to write: text that a spreadsheet would run, shown as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """``header`` and ``rows`` as CSV text (RFC 4180 line ends), every cell neutralised, BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutral(h) for h in header])
    for row in rows:
        writer.writerow([neutral(v) for v in row])
    return BOM + buffer.getvalue()
