"""Pieces both documents share: the heading, attendance figures, signers, text to paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.agenda import MeetingType
from ..domain.attendance import final_presence
from ..domain.people import Category, Cell, Role
from ..domain.rules import AttendanceCounts, Presence, attendance_counts
from ..domain.state import MeetingState
from .cell_docs import cell_header
from .model import GAP, Document, Header, Para, Span
from .vn import member_role

TYPE_PHRASES = {
    MeetingType.REGULAR: "sinh hoạt chi bộ định kỳ",
    MeetingType.THEMATIC: "sinh hoạt chi bộ chuyên đề",
    MeetingType.EXTRAORDINARY: "sinh hoạt chi bộ bất thường",
    MeetingType.COMMITTEE: "họp chi ủy",
}


def header(doc: Document, cell: Cell, state: MeetingState, number: str, *, draft: bool = False) -> Header:
    """The heading; ``draft`` for a document not yet adopted. The MẬT mark is the meeting's
    choice, or the cell's setting."""
    secret = cell.secret if state.secret is None else state.secret
    return cell_header(doc, cell, number, state.date, draft=draft, secret=secret)


def counts(state: MeetingState) -> AttendanceCounts:
    """The roll call as the documents report it: present if the member attended at all."""
    return attendance_counts(state.members(), final_presence(state))


@dataclass(frozen=True)
class Roll:
    """The roll call as the minutes book has it (DOMAIN §7): members who are expected (official
    and probationary) are present or absent; exempted members, members attached elsewhere and
    suspended members are listed apart, never among the absent, and counted only if they came."""

    total: int = 0
    by_category: dict[Category, int] = field(default_factory=dict)
    present: dict[Category, list[str]] = field(default_factory=dict)  # ids by category
    excused: list[str] = field(default_factory=list)  # expected members absent with reason
    unexcused: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)
    apart: dict[Category, list[str]] = field(default_factory=dict)  # exempted... who did not come

    def count(self, category: Category) -> int:
        return self.by_category.get(category, 0)

    def here(self, *categories: Category) -> int:
        return sum(len(self.present.get(c, [])) for c in categories or tuple(Category))


EXPECTED = (Category.OFFICIAL, Category.PROBATIONARY)


def roll(state: MeetingState) -> Roll:
    """Who was there, by category, with the absences of the members who were expected."""
    presence = final_presence(state)
    out = Roll(total=0)
    for member in state.members():
        if member.retired_on:
            continue
        cat = member.category
        out.by_category[cat] = out.by_category.get(cat, 0) + 1
        status = presence.get(member.id, Presence.UNMARKED)
        if status is Presence.PRESENT:
            out.present.setdefault(cat, []).append(member.id)
        elif cat not in EXPECTED:
            out.apart.setdefault(cat, []).append(member.id)
        elif status is Presence.EXCUSED:
            out.excused.append(member.id)
        elif status is Presence.UNEXCUSED:
            out.unexcused.append(member.id)
        else:
            out.unmarked.append(member.id)
    return Roll(
        total=sum(out.by_category.values()),
        by_category=out.by_category,
        present=out.present,
        excused=out.excused,
        unexcused=out.unexcused,
        unmarked=out.unmarked,
        apart=out.apart,
    )


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
    """Who signs for the cell: the one chosen; else the chair when the bí thư or the phó bí thư
    chaired; else the secretary (then the deputy); "" when the roster has none."""
    if chosen:
        return chosen
    if state.chair and member_role(state, state.chair) in (Role.SECRETARY, Role.DEPUTY):
        return state.chair
    for role in (Role.SECRETARY, Role.DEPUTY):
        for member_id in state.roster:
            if member_role(state, member_id) is role:
                return member_id
    return ""


_ITEM = re.compile(r"^(\d{1,3}\.|[-+•]) (\S.*)$")  # "1. text", "- text": one space, as typed


def text_paras(text: str, **kw: object) -> list[Para]:
    """One paragraph per line of user text (empty lines dropped); a gap when there is none.

    A line written as a numbered or bulleted item ("1. …", "- …") becomes a labelled
    paragraph: the same characters on the page, and a list where the format has lists."""
    paras = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        item = _ITEM.match(line)
        if item and "label" not in kw:
            paras.append(Para((Span(item.group(2)),), label=item.group(1), **kw))  # type: ignore[arg-type]
        else:
            paras.append(Para((Span(line),), **kw))  # type: ignore[arg-type]
    return paras or [Para((Span(GAP),), **kw)]  # type: ignore[arg-type]


def labelled(label: str, text: str, *, bold_label: bool = True) -> tuple[Span, ...]:
    """``Label: text`` with the label in bold; an empty text is a gap."""
    return (Span(f"{label}: ", bold=bold_label), Span(text or GAP))
