"""The declared schemas (store/schema.py) fit every file this project ships or a released version
wrote, and name the field of one that does not fit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetingtui.store.schema import SchemaProblem, SheetFile, TemplatesFile, check, check_file, needs_cleaning
from meetingtui.store.storage import checked, meta_of, read_json_file

ROOT = Path(__file__).resolve().parents[2]
STORED = sorted((ROOT / "tests" / "fixtures").glob("v*/*/data/**/*.json"))


@pytest.mark.parametrize("path", STORED, ids=lambda p: str(p.relative_to(ROOT / "tests" / "fixtures")))
def test_every_file_a_released_version_wrote_fits(path: Path) -> None:
    data = read_json_file(path)
    assert data is not None
    checked(data, path, str(meta_of(data)["kind"]))


def test_the_shipped_templates_and_score_sheets_fit() -> None:
    for name in ("agenda_templates.json", "legacy/agenda_templates-v1.json"):
        check(json.loads((ROOT / "data" / name).read_text(encoding="utf-8")), TemplatesFile)
    for sheet in sorted((ROOT / "data" / "score_sheets").glob("*.json")):
        check(json.loads(sheet.read_text(encoding="utf-8")), SheetFile)


def test_a_problem_names_the_table_the_document_and_the_field() -> None:
    data = json.loads((ROOT / "tests/fixtures/v2/demo/data/cell.json").read_text(encoding="utf-8"))
    data["members"]["7"]["joined"] = "19/05/2019"
    with pytest.raises(SchemaProblem) as err:
        check_file(data, "cell")
    assert err.value.where == '$.members["7"].joined'
    data["members"]["7"]["joined"] = ""
    data["members"]["abc"] = data["members"].pop("8")
    with pytest.raises(SchemaProblem) as err:
        check_file(data, "cell")
    assert err.value.where == "$.members" and "abc" in err.value.what


@pytest.mark.parametrize(
    ("text", "unclean"),
    [("Nguyễn Thị Hường", False), ('"a\\u001bb"', True), ("a\x1bb", True), ("e\u0301", True), ("x\u202e", True),
     ('"\\u00e9\\n"', False), ("a\x9bb", True)],
)  # fmt: skip
def test_unclean_text_is_found(text: str, unclean: bool) -> None:
    assert needs_cleaning(text) is unclean
