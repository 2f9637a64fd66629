"""The errors the user hears about. Each names a catalog message (``key``) and its parameters;
the interface translates them (``meetingtui.i18n.error_text``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class AppError(Exception):
    """Anything refused or failed that the user must be told, in their language.

    The screens and the command line catch this one class: a refusal of the rules
    (:class:`DomainError`) and a storage problem (``store.StoreError``) both derive from it.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}" if params else key)


class DomainError(AppError, ValueError):
    """An operation the rules refuse. Nothing was recorded."""


class ConflictError(DomainError):
    """Two people edited the same entry; the later edit was based on a stale copy."""


@dataclass(frozen=True)
class Notice:
    """A warning for the user (not a refusal): a catalog key and its parameters.

    A list-valued parameter holds task field names; the export layer translates them.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)
