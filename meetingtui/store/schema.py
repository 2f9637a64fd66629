"""The declared shape of every file the store reads, checked with msgspec at the edge.

A file on disk is read by this version only if it fits its schema: ``cell.json`` (its tables
``_meta``, ``cell``, ``members``, ``meetings``, ``numbers``, ``studies``), a meeting file
(``_meta``, ``events``), a score sheet of the cell's own. Every event's data is checked too,
against its kind's declared fields (``domain.events.EventKind``), once it has been brought to
today's shape. A file that does not fit is refused with its name and the field
(``$.members["3"].name``); nothing is written over it, so its ``.bak`` keeps the last copy that
did fit (``storage.AtomicJSONStorage`` checks every file it reads and every file it writes).

The ranges are those of a real cell over decades, wide enough for every file a released
version wrote and narrow enough that no value can crash the app later: a time offset between
-12 and +14 hours, dates and timestamps between 1900 and 2199, counts and positions below a
billion, finite numbers, strings below a megabyte. The rules (``domain.checks``) are narrower
still for what is typed.

Stored strings are also cleaned on read (NFC, no control characters or escape sequences,
``domain.text.sanitize``): a file edited by hand cannot put an escape sequence on a terminal.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
import orjson
from msgspec import Meta, Struct, field

from ..domain.text import sanitize

if TYPE_CHECKING:
    from ..domain.scoring import Sheet

MAX_TEXT = 1_000_000  # characters in one stored string: a megabyte of a runaway paste
MAX_INT = 10**9
MAX_SEQ = 10**7
MAX_DOC_NUMBER = 99_999  # a document counter of a committee's term (the rules stop at 9,999)
DATE_PATTERN = r"^(19|20|21)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
# A stored timestamp: ISO 8601, UTC offset included (every version wrote one), 1900-2199.
STAMP_PATTERN = (
    r"^(19|20|21)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d"
    r"(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)

DocId = Annotated[str, Meta(pattern=r"^[1-9]\d{0,8}$")]  # TinyDB's document ids
Text = Annotated[str, Meta(max_length=MAX_TEXT)]
Line = Annotated[str, Meta(max_length=2_000)]
Name = Annotated[str, Meta(min_length=1, max_length=2_000)]
IsoDate = Annotated[str, Meta(pattern=DATE_PATTERN)]
MaybeDate = Annotated[str, Meta(pattern=f"^$|{DATE_PATTERN}")]
Stamp = Annotated[str, Meta(pattern=STAMP_PATTERN)]
Count = Annotated[int, Meta(ge=0, le=MAX_INT)]
Int = Annotated[int, Meta(ge=-MAX_INT, le=MAX_INT)]
Number = Annotated[float, Meta(ge=-MAX_INT, le=MAX_INT)]  # finite: NaN and infinities fail the range


class SchemaProblem(ValueError):
    """What in a file does not fit its schema: ``where`` is the field (``$.cell["1"].name``)."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")
        self.where = where
        self.what = what


# -- the parts every file has --------------------------------------------------------------
class FileMeta(Struct):
    schema: Annotated[int, Meta(ge=1, le=1_000)]
    kind: Line
    counter: Annotated[int, Meta(ge=0, le=2**53)] = 0


# -- cell.json -------------------------------------------------------------------------------
class CellRow(Struct):
    name: Name
    upper_body: Line = ""
    place: Line = ""
    term_start: MaybeDate = ""
    attendance_threshold: Annotated[float, Meta(gt=0, le=1)] = 0.85
    utc_offset_hours: Annotated[int, Meta(ge=-12, le=14)] = 7
    rule_set: Line = ""
    score_sheet: Line = "hd42-100"
    extra: dict[str, Any] = {}


CategoryName = Annotated[str, Meta(pattern=r"^(official|probationary|exempted|attached|suspended)$")]
RoleName = Annotated[str, Meta(pattern=r"^(|bi_thu|pho_bi_thu|chi_uy_vien)$")]


class CategoryChangeRow(Struct):
    on: MaybeDate
    category: CategoryName
    note: Text = ""


class MemberRow(Struct):
    id: Name
    name: Name
    category: CategoryName = "official"
    role: RoleName = ""
    group: Line = ""
    joined: MaybeDate = ""
    retired_on: MaybeDate = ""
    history: list[CategoryChangeRow] = []


class MeetingIndexRow(Struct):
    id: Annotated[str, Meta(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,80}$")]
    type: Annotated[str, Meta(pattern=r"^(regular|thematic|extraordinary|committee)$")]
    date: MaybeDate
    title: Text = ""
    status: Annotated[str, Meta(pattern=r"^(planned|running|ended)$")] = "planned"
    counter: Annotated[int, Meta(ge=0, le=2**53)] | None = None
    extra: dict[str, Any] | None = None


class NumberRow(Struct):
    doc: Line
    term: MaybeDate
    last: Annotated[int, Meta(ge=0, le=MAX_DOC_NUMBER)]


class StudyRow(Struct):
    id: Name
    title: Name
    deadline: IsoDate
    submitted: dict[Line, MaybeDate] = {}


class CellFile(Struct):
    meta: dict[DocId, FileMeta] = field(name="_meta")
    cell: dict[DocId, CellRow] = {}
    members: dict[DocId, MemberRow] = {}
    meetings: dict[DocId, MeetingIndexRow] = {}
    numbers: dict[DocId, NumberRow] = {}
    studies: dict[DocId, StudyRow] = {}


# -- a meeting's file ----------------------------------------------------------------------------
class EventRow(Struct):
    """An event as a meeting's file, and an archive, hold it: its timestamp carries its UTC
    offset (a time without one would be read in the reading computer's zone), 1900-2199."""

    seq: Annotated[int, Meta(ge=1, le=MAX_SEQ)]
    kind: Line
    at: Stamp
    by: Line = ""
    data: dict[Text, Any] = {}
    v: Annotated[int, Meta(ge=1, le=1_000)] = 1


class MeetingFile(Struct):
    meta: dict[DocId, FileMeta] = field(name="_meta")
    events: dict[DocId, EventRow] = {}


# -- a score sheet (DATA/score_sheets/*.json) ---------------------------------------------------
class SheetLineRow(Struct, forbid_unknown_fields=True):
    key: Name
    title: Name
    points: Annotated[float, Meta(gt=0, le=1_000)]
    suggest: Line = "confirm"


class GradeRow(Struct, forbid_unknown_fields=True):
    name: Name
    min: Annotated[float, Meta(ge=0, le=1_000)]


class SheetFile(Struct, forbid_unknown_fields=True):
    id: Annotated[str, Meta(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,80}$")]
    title: Name
    total: Annotated[float, Meta(gt=0, le=1_000)]
    lines: Annotated[list[SheetLineRow], Meta(min_length=1, max_length=200)]
    grades: Annotated[list[GradeRow], Meta(min_length=1, max_length=20)]
    source: Line = ""
    top_grade_requires_full: list[Name] = []


# -- the agenda templates shipped with the app (data/agenda_templates.json) ---------------------
class StageTemplateRow(Struct, forbid_unknown_fields=True):
    key: Name
    title: Name
    budget_min: Annotated[int, Meta(ge=0, le=600)]
    optional: bool = False
    min_minutes: Annotated[int, Meta(ge=0, le=600)] = 0


class ExtraStageRow(Struct, forbid_unknown_fields=True):
    title: Name
    budget_min: Annotated[int, Meta(ge=0, le=600)]
    optional: bool = False
    min_minutes: Annotated[int, Meta(ge=0, le=600)] = 0


class TemplateRow(Struct, forbid_unknown_fields=True):
    title: Name
    min_minutes: Annotated[int, Meta(ge=0, le=600)]
    stages: Annotated[list[StageTemplateRow], Meta(min_length=1)]


class TemplatesFile(Struct):
    templates: dict[
        Annotated[str, Meta(pattern=r"^(regular|thematic|extraordinary|committee)$")], TemplateRow
    ]
    extra_stages: dict[Name, ExtraStageRow] = {}


FILE_SCHEMAS: Mapping[str, type[Struct]] = {"cell": CellFile, "meeting": MeetingFile}


# -- checking ------------------------------------------------------------------------------------
def problem_of(exc: msgspec.ValidationError, prefix: str = "") -> SchemaProblem:
    """msgspec says ``Expected `int` <= 14 - at `$.cell[...].utc_offset_hours```: split it."""
    text = str(exc)
    what, _, where = text.partition(" - at ")
    where = where.strip("`") or "$"
    if prefix:
        where = prefix + where[1:]
    return SchemaProblem(where, what)


def check(data: object, schema: Any, prefix: str = "") -> None:
    """Raise SchemaProblem when ``data`` does not fit ``schema``."""
    try:
        msgspec.convert(data, schema)
    except msgspec.ValidationError as exc:
        raise problem_of(exc, prefix) from None


def check_file(data: object, kind: str, *, known_events: Collection[str] = ()) -> None:
    """``data`` (a parsed file of ``kind``: "cell" or "meeting") fits its schema, or SchemaProblem
    naming the table, the document and the field.

    ``known_events``: ids of a meeting's events already checked in this very data (a meeting's
    events are appended, never changed), left out so that a write costs the same at the
    2,000th event as at the first."""
    if known_events and isinstance(data, dict) and isinstance(data.get("events"), dict):
        data = {**data, "events": {k: v for k, v in data["events"].items() if k not in known_events}}
    schema = FILE_SCHEMAS.get(kind)
    if schema is None:
        check(data, dict[str, dict[DocId, dict[str, Any]]])
        return
    try:
        msgspec.convert(data, schema)
    except msgspec.ValidationError as exc:
        raise _locate(data, schema, exc) from None
    if kind == "meeting":
        assert isinstance(data, dict)
        for doc_id, row in (data.get("events") or {}).items():
            if row["seq"] != int(doc_id):  # the document id is the event's sequence number
                raise SchemaProblem(f'$.events["{doc_id}"].seq', f"not {doc_id}")


def _locate(data: object, schema: type[Struct], exc: msgspec.ValidationError) -> SchemaProblem:
    """msgspec names a table's row ``[...]``: check row by row to name the document."""
    if isinstance(data, dict):
        for name, row_type in _table_types(schema).items():
            table = data.get(name)
            if not isinstance(table, dict):
                continue
            for doc_id, row in table.items():
                try:
                    msgspec.convert(doc_id, DocId)
                except msgspec.ValidationError:
                    return SchemaProblem(f"$.{name}", f"document id {str(doc_id)[:40]!r} is not a number")
                try:
                    msgspec.convert(row, row_type)
                except msgspec.ValidationError as row_exc:
                    return problem_of(row_exc, f'$.{name}["{doc_id}"]')
    return problem_of(exc)


@cache
def _table_types(schema: type[Struct]) -> dict[str, Any]:
    """The row type of each table of a file schema, by the table's stored name."""
    out: dict[str, Any] = {}
    for info in msgspec.structs.fields(schema):
        args: tuple[Any, ...] = getattr(info.type, "__args__", ())
        if len(args) == 2:
            out[info.encode_name] = args[-1]
    return out


# -- strings ---------------------------------------------------------------------------------------
# A JSON text holds a control character either raw or as an escape (\u001b); either, or text
# not in NFC, means the parsed file needs cleaning. Our own files never do.
_ESCAPED = re.compile(
    r"\\u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|202[a-eA-E]|206[6-9]|[dD][89a-fA-F])"
)
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def needs_cleaning(text: str) -> bool:
    """Whether a JSON text may hold a string that is not clean: one character class scanned
    over the text, and the escape pattern only where a ``\\u`` escape is (our files have none)."""
    if _RAW.search(text) or ("\\u" in text and _ESCAPED.search(text)):
        return True
    return not unicodedata.is_normalized("NFC", text)


def cleaned(data: Any, text: str) -> Any:
    """``data`` parsed from ``text`` with every string made safe, when any needs it."""
    return sanitize(data) if needs_cleaning(text) else data


def parse_json(raw: bytes, *, constants: bool = False) -> Any:
    """JSON from a file, its strings cleaned; ValueError for anything that is not plain JSON
    (bad UTF-8, a syntax error, NaN, a 5,000-digit number, 5,000 levels of nesting).

    ``constants``: NaN and Infinity are read (the app's own data files: 0.1.0's ``json.dumps``
    could write them, and a stored meeting must keep opening); what comes from outside (an
    archive, a CSV's settings) never takes them."""
    text = raw.decode("utf-8")  # UnicodeDecodeError is a ValueError
    try:
        data = orjson.loads(raw)  # the fast path; it refuses NaN, deep nesting and huge numbers too
    except orjson.JSONDecodeError:
        try:  # what orjson refuses and plain JSON allows (an integer beyond 64 bits) reads as before
            data = json.loads(text) if constants else json.loads(text, parse_constant=_no_constant)
        except RecursionError:
            raise ValueError("nested too deeply") from None
    return cleaned(data, text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def all_sheets(data_dir: Path | None = None) -> dict[str, Sheet]:
    """Shipped sheets plus the cell's own in ``DATA/score_sheets`` (which win on the same id)."""
    from ..domain.scoring import shipped_sheets

    sheets = shipped_sheets()
    if data_dir is not None and (data_dir / "score_sheets").is_dir():
        for path in sorted((data_dir / "score_sheets").glob("*.json")):
            sheet = load_sheet_file(path)
            sheets[sheet.id] = sheet
    return sheets


def load_sheet_file(path: Path) -> Sheet:
    """A score sheet of the cell's own: its schema, then its sums; SheetError names the file."""
    from ..domain.scoring import SheetError, parse_sheet

    try:
        raw = read_sheet_file(path)
    except OSError as exc:
        raise SheetError("error.sheet_invalid", file=str(path), reason=exc.strerror or str(exc)) from exc
    except ValueError as exc:  # not JSON, or not the shape of a sheet (SchemaProblem)
        raise SheetError("error.sheet_invalid", file=str(path), reason=str(exc)[:300]) from exc
    return parse_sheet(raw, str(path))


def read_sheet_file(path: Path) -> dict[str, Any]:
    """A score sheet of the cell's own, checked against its schema; ValueError names the field."""
    raw = parse_json(path.read_bytes())
    check(raw, SheetFile)
    assert isinstance(raw, dict)
    return raw
