"""Errors that name the reason in words an operator understands."""


class BadInput(Exception):
    """A whole file cannot be ingested (empty, encrypted, corrupt, unsupported, too large)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class PageError(Exception):
    """One page of an otherwise readable file cannot be decoded."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
