"""The one form that adds a stage to an agenda: a thematic part or another item, with its
title, budget and presenter (the chair's screen and the committee's preparation)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ...i18n import t
from .form import FormDialog, FormField

THEMATIC_PREFIX = "Sinh hoạt chuyên đề: "  # a thematic part's title, as the template names it


def stage_form(people: Iterable[tuple[str, str]], kind: str) -> FormDialog[dict[str, str]]:
    """The form; ``people`` (name, id) may present it; ``kind`` is the stage kind offered first."""
    kinds = ((t("types.stage_thematic"), "thematic_topic"), (t("types.stage_custom"), "custom"))
    return FormDialog(
        t("types.add_stage_title"),
        [
            FormField("key", t("types.stage_kind"), kind, choices=kinds),
            FormField("title", t("types.stage_title"), placeholder=t("types.stage_title_hint")),
            FormField("budget", t("types.stage_budget"), "", integer=True),
            FormField("presenter", t("prep.col.presenter"), choices=(("…", ""), *people)),
        ],
    )


def stage_item(values: Mapping[str, str]) -> dict[str, object]:
    """What the form gave, as a stage: key, presenter, and the title and budget when typed."""
    item: dict[str, object] = {"key": values["key"], "presenter": values["presenter"]}
    title = values["title"].strip()
    if title:
        item["title"] = THEMATIC_PREFIX + title if values["key"] == "thematic_topic" else title
    if values["budget"].strip():
        item["budget_min"] = int(values["budget"])
    return item
