"""The app's dialogs. Each declares the type of what it returns; a screen waits for one with
``await self.app.push_screen_wait(...)`` inside a ``@work`` worker, the one way used throughout."""

from .confirm import ConfirmDialog
from .form import FormDialog, FormField, dates_in
from .picker import MemberPicker
from .text import TextDialog

__all__ = ["ConfirmDialog", "FormDialog", "FormField", "MemberPicker", "TextDialog", "dates_in"]
