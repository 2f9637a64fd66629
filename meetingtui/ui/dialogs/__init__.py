"""The app's dialogs. Each declares the type of what it returns; a screen waits for one with
``await self.app.push_screen_wait(...)`` inside a ``@work`` worker, the one way used throughout.

Each is imported when first asked for: a screen that names them all at the top of its module
does not load them before one is opened (the start of the app waits for none)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:
    from .confirm import ConfirmDialog
    from .form import FormDialog, FormField, dates_in
    from .picker import MemberPicker
    from .text import TextDialog

__all__ = ["ConfirmDialog", "FormDialog", "FormField", "MemberPicker", "TextDialog", "dates_in"]

_MODULES = {
    "ConfirmDialog": ".confirm",
    "FormDialog": ".form",
    "FormField": ".form",
    "dates_in": ".form",
    "MemberPicker": ".picker",
    "TextDialog": ".text",
}

__getattr__ = lazy_names(__name__, _MODULES)
