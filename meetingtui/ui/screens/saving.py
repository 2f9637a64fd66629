"""Saving one of the cell's documents from a screen: the format and the path asked in a dialog,
the document made and written in a worker thread (a year's review reads every meeting)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from ...domain.errors import AppError
from ...i18n import error_text, t
from ...services.files import write_new
from ..dialogs import ConfirmDialog, FormDialog, FormField

Exports = dict[str, Callable[[], bytes]]  # extension -> the file's bytes, made when asked


async def ask_path(
    screen: Screen[object],
    title: str,
    default_stem: str,
    formats: tuple[str, ...],
    extra: list[FormField] | None = None,
    parse: Callable[[dict[str, str]], dict[str, str]] | None = None,
) -> tuple[str, Path, dict[str, str]] | None:
    """The format, the file chosen (the extension follows the format) and any ``extra`` fields'
    values, or None; an existing file is overwritten only after a question."""
    fields = [
        FormField("format", t("doc.format"), choices=tuple((f, f) for f in formats)),
        *(extra or []),
        FormField("path", t("doc.path"), str(Path.cwd() / default_stem), required=True),
    ]
    values = await screen.app.push_screen_wait(FormDialog(title, fields, parse=parse or dict))
    if values is None:
        return None
    fmt = values["format"]
    path = Path(values["path"]).expanduser()
    if path.is_dir():
        path = path / default_stem
    if path.suffix.lstrip(".") != fmt:
        path = path.with_suffix("." + fmt)
    if path.exists() and not await screen.app.push_screen_wait(
        ConfirmDialog(t("doc.overwrite", path=str(path)))
    ):
        return None
    return fmt, path, values


def write_export(screen: Screen[object], path: Path, make: Callable[[], bytes]) -> None:
    """Make the file's bytes and write them (call from a worker thread); report on the screen."""
    try:
        write_new(path, make(), overwrite=path.exists())
    except AppError as exc:
        screen.app.call_from_thread(screen.app.notify, error_text(exc), severity="error", markup=False)
        return
    screen.app.call_from_thread(screen.app.notify, t("cli.written", path=str(path)), markup=False)
