"""argparse's own words ("usage:", "options:", "error:", "the following arguments are
required…") in the interface language.

argparse looks its strings up through the module globals ``_`` and ``ngettext`` (gettext) each
time it prints. :func:`in_interface_language` swaps them for the catalog while the command line
is built and parsed, and puts them back afterwards, so nothing outside the command line sees it.
Each message argparse knows is a catalog key ``argparse.<msgid>``; one missing from the catalog
stays as argparse wrote it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from ..i18n import catalog, language


def _text(message: str) -> str:
    return catalog(language()).get("argparse." + message, message)


def _ntext(singular: str, plural: str, n: int) -> str:
    return _text(singular if n == 1 else plural)


@contextmanager
def in_interface_language() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _text, _ntext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
