"""Pieces both documents share: the heading, attendance figures, signers, text to paragraphs."""

from __future__ import annotations

from ..domain.agenda import MeetingType
from ..domain.attendance import final_presence
from ..domain.people import Cell, Role
from ..domain.rules import AttendanceCounts, attendance_counts
from ..domain.state import MeetingState
from .model import GAP, Document, Header, Para, Span
from .vn import cell_caps, member_role, place_date, upper_body_caps

TYPE_PHRASES = {
    MeetingType.REGULAR: "sinh hoạt chi bộ định kỳ",
    MeetingType.THEMATIC: "sinh hoạt chi bộ chuyên đề",
    MeetingType.EXTRAORDINARY: "sinh hoạt chi bộ bất thường",
    MeetingType.COMMITTEE: "họp chi ủy",
}


def header(doc: Document, cell: Cell, state: MeetingState, number: str) -> Header:
    if not cell.place:
        doc.warn("warn.export_no_place")
    if not cell.upper_body:
        doc.warn("warn.export_no_upper_body")
    return Header(
        upper_body=upper_body_caps(cell),
        cell=cell_caps(cell),
        number=number,
        place_date=place_date(cell, state.date),
    )


def counts(state: MeetingState) -> AttendanceCounts:
    """The roll call as the documents report it: present if the member attended at all."""
    return attendance_counts(state.members(), final_presence(state))


def roll_called(doc: Document, state: MeetingState) -> bool:
    """Whether the roll call can be reported; warns when it is missing or unfinished."""
    c = counts(state)
    if c.present + c.excused + c.unexcused == 0:
        doc.warn("warn.export_no_roll_call")
        return False
    if c.unmarked:
        doc.warn("warn.export_roll_call_unfinished", n=c.unmarked)
    return True


def signer_of(state: MeetingState, chosen: str = "") -> str:
    """The secretary who signs for the cell (or the one chosen); "" when the roster has none."""
    if chosen:
        return chosen
    for role in (Role.SECRETARY, Role.DEPUTY):
        for member_id in state.roster:
            if member_role(state, member_id) is role:
                return member_id
    return ""


def text_paras(text: str, **kw: object) -> list[Para]:
    """One paragraph per line of user text (empty lines dropped); a gap when there is none."""
    lines = [line for line in text.split("\n") if line.strip()]
    return [Para((Span(line),), **kw) for line in lines] or [Para((Span(GAP),), **kw)]  # type: ignore[arg-type]


def labelled(label: str, text: str, *, bold_label: bool = True) -> tuple[Span, ...]:
    """``Label: text`` with the label in bold; an empty text is a gap."""
    return (Span(f"{label}: ", bold=bold_label), Span(text or GAP))
