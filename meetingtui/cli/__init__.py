"""The ``meetingtui`` command: the app, the demo cell, and the command-line tools."""

from .main import main

__all__ = ["main"]
