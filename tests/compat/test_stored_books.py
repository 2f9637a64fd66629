"""The cell's books written by a released book schema keep opening, and make the same documents.

``tests/fixtures/books-v1`` was written by ``support.books`` (book schema 1 of the plan, the dues
and the review). Its ``data/`` is never written again; ``expected/`` changes only with a
deliberate change to a document, in a commit that says so.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from meetingtui.domain.book import Book
from meetingtui.domain.clock import FakeClock
from meetingtui.domain.dues import DUES_BOOK
from meetingtui.domain.grading import REVIEW_BOOK
from meetingtui.domain.plan import PLAN_BOOK
from meetingtui.services.cell import CellService
from meetingtui.store.repo import Repository
from support.books import documents
from support.year import START

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "books-v1"
BOOKS: dict[str, Book[Any]] = {"plan": PLAN_BOOK, "dues": DUES_BOOK, "review": REVIEW_BOOK}


def _files(name: str) -> list[Path]:
    """Every file of a book: the year's plan, each month's dues, each period's review."""
    found = sorted((FIXTURE / "data" / "years").glob(f"*/{name}*.json"))
    assert found, name
    return found


def _stored(path: Path) -> list[dict[str, object]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["events"].values())


@pytest.fixture
def cells(tmp_path: Path) -> CellService:
    root = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", root)  # the stored folder itself is never opened for writing
    return CellService(Repository(root), FakeClock(START))


def test_the_documents_of_the_stored_books_are_the_same(cells: CellService) -> None:
    made = documents(cells)
    expected = sorted(p.name for p in (FIXTURE / "expected").iterdir())
    assert sorted(made) == expected
    for name, text in made.items():
        assert text.encode("utf-8") == (FIXTURE / "expected" / name).read_bytes(), name


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_the_fixture_holds_every_kind_of_each_book(name: str) -> None:
    book = BOOKS[name]
    assert {e["kind"] for path in _files(name) for e in _stored(path)} == {str(kind) for kind in book.kinds}
    assert set(book.handlers) == set(book.kinds)


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_every_stored_event_comes_to_todays_declared_shape(name: str) -> None:
    book = BOOKS[name]
    problems = []
    for path in _files(name):
        state = book.empty()
        for raw in _stored(path):
            event = book.upcast(book.parse(raw), state)
            assert event.v == book.schema
            problems += [f"{path.name} {event.seq} {event.kind}: {p}" for p in book.shape_problems(event)]
            state = book.evolve(state, event)
    assert problems == []


def test_each_kind_is_wired_to_its_own_decide_and_evolve() -> None:
    for book in BOOKS.values():
        for kind, (decide, evolve) in book.handlers.items():
            assert decide.__name__ == f"decide_{kind}" and evolve.__name__ == f"evolve_{kind}", kind
