"""What the cell's books share as services: the cell they belong to, and recording one or more
events in a book of a year, decided by its rules and on disk before this returns
(docs/ARCHITECTURE.md, "The cell's books"). ``services.plan``, ``services.dues`` and
``services.grading`` are the three books; nothing here writes a file other than the books."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.book import Book
from ..domain.people import Member
from ..store.books import book_log, check_year

if TYPE_CHECKING:
    from .cell import CellService


class BookService:
    """One of the cell's books (through ``CellService.planning()``, ``dues()``, ``reviews()``)."""

    def __init__(self, cells: CellService) -> None:
        self.cells = cells
        self.repo = cells.repo
        self._members: dict[str, Member] = {}  # looked up once per service: it lives for one task

    def _record(
        self, book: Book[Any], year: int, commands: Sequence[tuple[str, Mapping[str, Any]]], *, part: str = ""
    ) -> Any:
        log = book_log(self.repo, book, check_year(year), part)
        _, state = log.record_all(list(commands), at=self.cells.clock.now(), by=self.cells.actor)
        return state

    def _member(self, member_id: str) -> Member:
        member = self._members.get(member_id)
        if member is None:
            member = self._members[member_id] = self.cells.member(member_id)  # refused when unknown
        return member
