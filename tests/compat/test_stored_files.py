"""Every later version opens the files earlier versions wrote and makes the same documents.

The folders under ``tests/fixtures/`` were written by released versions (see its README).
Each is copied to a temporary folder, opened with today's code, and every document the user
can get from it is compared with what the version that wrote it made: byte for byte.
What was voted (each vote's count and outcome, an adopted resolution's wording) must come
back exactly as it was, whatever a later version changes in the documents' layout.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support.documents import every_document, voted

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FOLDERS = sorted(p.parent for p in FIXTURES.glob("v*/*/data"))
# The day each folder's documents are dated (its own "today"), by the folder's name.
TODAY = {"demo": "2026-11-20", "held": "2026-11-20", "every": "2026-12-22", "large": "2026-11-20"}


def _id(folder: Path) -> str:
    return f"{folder.parent.name}-{folder.name}"


@pytest.fixture(params=FOLDERS, ids=_id)
def stored(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path, str]:
    """(a copy of the stored data folder, what its version made of it, the documents' date)."""
    folder: Path = request.param
    root = tmp_path / "data"
    shutil.copytree(folder / "data", root)
    return root, folder / "expected", TODAY[folder.name]


def test_the_fixtures_are_there() -> None:
    """Version 1 (0.1.0) and version 2 (the event schema with decided facts) each wrote four."""
    versions = sorted({f.parent.name for f in FOLDERS})
    assert versions[:2] == ["v1", "v2"]
    for version in versions:
        assert {f.name for f in FOLDERS if f.parent.name == version} == {"demo", "held", "every", "large"}


def test_every_document_comes_out_as_the_version_that_wrote_it_made_it(
    stored: tuple[Path, Path, str],
) -> None:
    root, expected, today = stored
    made = every_document(root, today)
    assert sorted(made) == sorted(p.name for p in expected.iterdir() if p.name != "voted.json")
    for name, text in made.items():
        assert text == (expected / name).read_bytes().decode("utf-8"), name


def test_what_was_voted_comes_back_exactly(stored: tuple[Path, Path, str]) -> None:
    root, expected, _ = stored
    assert voted(root) == json.loads((expected / "voted.json").read_text(encoding="utf-8"))


def test_opening_writes_nothing(stored: tuple[Path, Path, str]) -> None:
    """Reading a cell's history never rewrites it (a newer version must not upgrade files in
    place); all it may add is the cache of meeting summaries, which is no record."""
    root, _, today = stored
    cache = root / "cache"

    def files() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in root.rglob("*.json") if cache not in p.parents}

    before = files()
    every_document(root, today)
    assert files() == before
    assert {p.parent for p in cache.rglob("*.json")} <= {cache / "summaries"}
