"""Reading the cell's member list from a CSV file (``meetingtui roster import FILE.csv``).

Columns (a header row is required; order is free; Vietnamese headers are accepted too):

=============  ==========================  =========================================
column         also accepted               values
=============  ==========================  =========================================
``name``       ``ho_ten``, ``họ tên``      full name (required)
``category``   ``loai``, ``loại``          official / probationary / exempted / attached /
                                           suspended, or chính thức / dự bị / miễn /
                                           nơi khác / đình chỉ (default official)
``role``       ``chuc_vu``, ``chức vụ``    bí thư / phó bí thư / chi ủy viên (or empty)
``group``      ``to_dang``, ``tổ đảng``    party group name (free text)
``joined``     ``ngay_vao_dang``, ...      date of admission: 2019-05-19 or 19/05/2019
=============  ==========================  =========================================

Every row is checked before anything is saved; any bad row is reported by its line number
and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..domain.dates import parse_date
from ..domain.errors import DomainError
from ..domain.people import Category, Member, Role, checked_member
from ..domain.text import fold, identity, sanitize

MAX_ROWS = 1000
MAX_BYTES = 2_000_000

_HEADERS = {
    "name": ("name", "ho ten", "ho va ten", "ten"),
    "category": ("category", "loai", "loai dang vien"),
    "role": ("role", "chuc vu", "chuc vu dang"),
    "group": ("group", "to dang", "to"),
    "joined": ("joined", "ngay vao dang", "ngay ket nap"),
}

_CATEGORIES = {
    "official": Category.OFFICIAL,
    "chinh thuc": Category.OFFICIAL,
    "": Category.OFFICIAL,
    "probationary": Category.PROBATIONARY,
    "du bi": Category.PROBATIONARY,
    "exempted": Category.EXEMPTED,
    "mien": Category.EXEMPTED,
    "mien sinh hoat": Category.EXEMPTED,
    "mien cong tac va sinh hoat dang": Category.EXEMPTED,
    "attached": Category.ATTACHED,
    "noi khac": Category.ATTACHED,
    "sinh hoat tam thoi noi khac": Category.ATTACHED,
    "suspended": Category.SUSPENDED,
    "dinh chi": Category.SUSPENDED,
    "dinh chi sinh hoat": Category.SUSPENDED,
}

_ROLES = {
    "": Role.NONE,
    "dang vien": Role.NONE,
    "bi thu": Role.SECRETARY,
    "bi_thu": Role.SECRETARY,
    "secretary": Role.SECRETARY,
    "pho bi thu": Role.DEPUTY,
    "pho_bi_thu": Role.DEPUTY,
    "deputy": Role.DEPUTY,
    "chi uy vien": Role.COMMITTEE,
    "chi_uy_vien": Role.COMMITTEE,
    "committee": Role.COMMITTEE,
}


@dataclass(frozen=True)
class RowError:
    line: int
    key: str
    value: str = ""


class ImportRefused(DomainError):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("error.import_refused", count=len(errors))
        self.errors = errors


def _key(text: str) -> str:
    return fold(text).replace("_", " ").replace("-", " ").strip()


def parse_category(text: str) -> Category:
    try:
        return _CATEGORIES[_key(text)]
    except KeyError:
        raise DomainError("error.category_unknown", value=text) from None


def parse_role(text: str) -> Role:
    try:
        return _ROLES[_key(text)]
    except KeyError:
        raise DomainError("error.role_unknown", value=text) from None


def read_members(path: Path) -> tuple[list[Member], list[str]]:
    """Members from ``path``, and warnings (shared names). Raises ImportRefused on any bad row."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DomainError("error.file_unreadable", path=str(path), detail=exc.strerror or "") from exc
    if len(raw) > MAX_BYTES:
        raise DomainError("error.file_too_large", path=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("error.csv_not_utf8", path=str(path)) from None
    # Every value cleaned as typed text is (NFC, no control characters or escape sequences),
    # before it is parsed: the values that an error message quotes are clean too.
    text = str(sanitize(text))
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise DomainError("error.csv_empty", path=str(path))
    header = [_key(h) for h in rows[0]]
    columns: dict[str, int] = {}
    for field, names in _HEADERS.items():
        for i, h in enumerate(header):
            if h in names:
                columns[field] = i
                break
    if "name" not in columns:
        raise DomainError("error.csv_no_name_column", path=str(path))
    if len(rows) - 1 > MAX_ROWS:
        raise DomainError("error.csv_too_many_rows", max=MAX_ROWS)

    members: list[Member] = []
    errors: list[RowError] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(field: str, row: list[str] = row) -> str:
            index = columns.get(field)
            return row[index] if index is not None and index < len(row) else ""

        try:
            category = parse_category(cell("category"))
            role = parse_role(cell("role"))
            joined = parse_date(cell("joined"))
            members.append(
                checked_member(
                    Member(
                        id="",
                        name=cell("name"),
                        category=category,
                        role=role,
                        group=cell("group"),
                        joined=joined,
                    )
                )
            )
        except DomainError as exc:
            errors.append(RowError(line, exc.key, str(next(iter(exc.params.values()), ""))[:200]))
    if errors:
        raise ImportRefused(errors)
    seen: dict[str, list[str]] = {}
    for m in members:
        seen.setdefault(identity(m.name), []).append(m.name)
    shared = [names[0] for names in seen.values() if len(names) > 1]
    return members, shared


def merge_key(member: Member) -> tuple[str, str]:
    """Two rows are the same person when name (with its diacritics) and date joined agree."""
    return identity(member.name), member.joined
