"""What the cell's own documents share (the plan, the dues, the review, the packet, the report
upward): the Party heading without a meeting, the signature block, the secretary's name."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.people import Cell, Member, Role
from .model import GAP, Document, Header, SigLine, Signatures
from .vn import cell_caps, place_date, upper_body_caps, upper_committee


def cell_header(
    doc: Document, cell: Cell, number: str, day: str, *, draft: bool = False, secret: bool | None = None
) -> Header:
    """The two-column heading (HD 36) of a document the cell issues on ``day`` (ISO); ``draft``
    marks it DỰ THẢO, ``secret`` MẬT (None: the cell's setting)."""
    if not cell.place:
        doc.warn("warn.export_no_place")
    if not cell.upper_body:
        doc.warn("warn.export_no_upper_body")
    return Header(
        upper_body=upper_body_caps(cell),
        cell=cell_caps(cell),
        number=number,
        place_date=place_date(cell, day),
        draft=draft,
        secret=cell.secret if secret is None else secret,
    )


def numbered(doc: Document, kind: str) -> str:
    """``Số …-KH/CB``: the cell numbers these by hand in its register (warned, as an unnumbered
    resolution is)."""
    doc.warn("warn.doc_number_by_hand", kind=kind)
    return f"Số {GAP}-{kind}/CB"


def secretary(members: Sequence[Member]) -> str:
    """The secretary's name (the deputy's when there is no secretary), "" when there is neither."""
    for role in (Role.SECRETARY, Role.DEPUTY):
        for member in members:
            if member.role is role and member.active:
                return member.name
    return ""


def signed(
    doc: Document,
    cell: Cell,
    signer: str,
    *,
    recipients: Sequence[str] | None = None,
    on_behalf: str = "T/M CHI BỘ",
    title: str = "BÍ THƯ",
) -> Signatures:
    """ "Nơi nhận" (the upper committee, the members, the cell's files) and the signer's block."""
    if not signer:
        doc.warn("warn.export_no_signer")
    lines = (
        list(recipients)
        if recipients is not None
        else [f"{upper_committee(cell)} (để báo cáo),", "Đảng viên trong chi bộ,", "Lưu chi bộ."]
    )
    left = [SigLine("Nơi nhận:", underline=True, align="left")]
    left += [SigLine(f"- {line}", size=12, align="left") for line in lines]
    right = [
        SigLine(on_behalf, bold=True),
        SigLine(title, bold=True),
        SigLine(""),
        SigLine(""),
        SigLine(""),
        SigLine(signer or GAP, bold=True),
    ]
    return Signatures(tuple(left), tuple(right))
