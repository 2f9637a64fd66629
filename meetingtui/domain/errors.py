from __future__ import annotations


class DomainError(ValueError):
    """An operation the rules refuse. ``key`` names a catalog message; ``params`` fill it."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}" if params else key)


class ConflictError(DomainError):
    """Two people edited the same entry; the later edit was based on a stale copy."""
