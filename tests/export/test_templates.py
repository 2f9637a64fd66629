"""Word templates a cell can edit (docxtpl): the built-in layout written out as a template,
filled with a document's values; a broken one named and the built-in layout used instead."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from meetingtui.cli import main
from meetingtui.domain.clock import FakeClock
from meetingtui.export import docx_template
from meetingtui.export.documents import build_document, render
from meetingtui.services.cell import CellService
from meetingtui.services.exports import payload_for, template_path, write_template
from meetingtui.services.meeting import MeetingService
from meetingtui.store.repo import Repository
from support.meetings import create_meeting


def _texts(payload: bytes) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(io.BytesIO(payload))
    tables = [[c.text for c in t._cells] for t in document.tables]
    return [p.text for p in document.paragraphs], tables


def _draft(repo: Repository, clock: FakeClock) -> str:
    state = create_meeting(repo, "extraordinary", "2026-12-05", clock=clock, chair="m002")
    MeetingService(repo, state.id, clock).record(
        "resolution_task_added", content="Khắc phục hậu quả <mưa lũ> & {{ sạt lở }}", owner="m003"
    )
    return state.id


@pytest.mark.parametrize("what", ["resolution", "minutes"])
def test_the_default_template_makes_the_built_in_document(
    held_repo: Repository, held: str, clock: FakeClock, what: str
) -> None:
    cell = CellService(held_repo, clock)
    draft = _draft(held_repo, clock)
    built_in = {m: payload_for(cell, m, what, "docx")[0] for m in (held, draft)}
    assert write_template(cell, what, None) == template_path(cell, what)
    for meeting_id in (held, draft):
        payload, warnings = payload_for(cell, meeting_id, what, "docx")
        assert "warn.template_broken" not in [n.key for n in warnings]
        assert _texts(payload) == _texts(built_in[meeting_id])  # every paragraph and cell
        filled = docx.Document(io.BytesIO(payload))
        section = filled.sections[0]
        assert section.different_first_page_header_footer  # page numbers from page 2, kept
        assert [i.text.strip() for i in section.header._element.iter(qn("w:instrText"))] == ["PAGE"]
    paragraphs, _ = _texts(payload_for(cell, draft, "resolution", "docx")[0])
    assert any("Khắc phục hậu quả <mưa lũ> & {{ sạt lở }}" in p for p in paragraphs)  # text is data


def _edit(path: Path, old: str, new: str) -> None:
    document = docx.Document(str(path))
    runs: list[Any] = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    found = [r for r in runs if old in r.text]
    assert found, old
    for run in found:
        run.text = run.text.replace(old, new)
    document.save(str(path))


def test_an_edited_template_is_used(held_repo: Repository, held: str, clock: FakeClock) -> None:
    cell = CellService(held_repo, clock)
    path = write_template(cell, "resolution", None)
    _edit(path, "Nơi nhận:", "Nơi gửi:")
    _edit(path, "{{ place_date }}", "{{ place_date }} (bản sửa của chi bộ)")
    paragraphs, tables = _texts(payload_for(cell, held, "resolution", "docx")[0])
    cells = [c for t in tables for c in t]
    assert any(c.startswith("Nơi gửi:") for c in cells)
    assert "Lào Cai, ngày 20 tháng 11 năm 2026 (bản sửa của chi bộ)" in cells


@pytest.mark.parametrize(
    ("broken", "placeholder"),
    [
        ("{{ chi_bo }}", "chi_bo"),  # a placeholder the documents have not
        ("{{ cell.ten }}", "ten"),
        ("{{ cell ", "{{ cell"),  # Jinja cannot read it: what is around it is named
    ],
)
def test_a_broken_template_is_named_and_the_built_in_one_used(
    held_repo: Repository, held: str, clock: FakeClock, broken: str, placeholder: str
) -> None:
    cell = CellService(held_repo, clock)
    built_in = payload_for(cell, held, "minutes", "docx")[0]
    path = write_template(cell, "minutes", None)
    _edit(path, "{{ chair }}", broken)
    payload, warnings = payload_for(cell, held, "minutes", "docx")
    (notice,) = [n for n in warnings if n.key == "warn.template_broken"]
    assert placeholder in notice.params["placeholder"] and notice.params["path"] == str(path)
    assert _texts(payload) == _texts(built_in)


def test_a_file_that_is_not_a_docx_is_named(held_repo: Repository, held: str, clock: FakeClock) -> None:
    cell = CellService(held_repo, clock)
    path = template_path(cell, "resolution")
    path.parent.mkdir()
    path.write_text("không phải tệp Word", encoding="utf-8")
    payload, warnings = payload_for(cell, held, "resolution", "docx")
    assert "warn.template_broken" in [n.key for n in warnings]
    doc = build_document(cell.document_context(held), "resolution")
    assert _texts(payload) == _texts(render(doc, "docx"))


def test_the_command_writes_the_default_out_and_never_over_an_edit(
    held_repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(held_repo.root)
    assert main(["--data", root, "template", "write", "resolution"]) == 0
    target = held_repo.root / "templates" / "resolution.docx"
    assert target.is_file() and str(target) in capsys.readouterr().out
    assert main(["--data", root, "template", "write", "resolution"]) == 2  # kept: it may be edited
    assert "--force" in capsys.readouterr().err
    assert main(["--data", root, "template", "write", "resolution", "--force"]) == 0
    elsewhere = tmp_path / "mau.docx"
    assert main(["--data", root, "template", "write", "minutes", "-o", str(elsewhere)]) == 0
    assert elsewhere.is_file() and "templates" in capsys.readouterr().out  # where to put it
    names = {r.text for p in docx.Document(str(elsewhere)).paragraphs for r in p.runs}
    assert {"{{ title }}", "{%p for b in body %}", "{{r closing }}"} <= names


def test_the_placeholders_are_the_context(held_repo: Repository, held: str, clock: FakeClock) -> None:
    """Every placeholder of the default templates is a value the documents give."""
    import re

    cell = CellService(held_repo, clock)
    for what in docx_template.KINDS:
        context = docx_template.template_context(build_document(cell.document_context(held), what))
        xml = docx.Document(io.BytesIO(docx_template.default_template(what))).element.xml
        names = set(re.findall(r"\{\{r? ?(\w+)", xml)) - {"b", "r", "n"}
        assert names <= set(context), names - set(context)
