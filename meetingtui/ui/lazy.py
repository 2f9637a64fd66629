"""A package's names imported when first asked for (PEP 562's module ``__getattr__``)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_names(package: str, modules: dict[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: each name in ``modules`` (name -> its module, relative
    to the package) is imported from its module the first time it is asked for."""

    def __getattr__(name: str) -> Any:
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(modules[name], package), name)

    return __getattr__
