"""Typed domain errors; each adapter turns them into one message in the user's language."""

from __future__ import annotations

from typing import Any


class CoopiloteError(Exception):
    """Base of every domain error: a message key of the i18n catalog and its parameters."""

    code: str = "error.generic"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(self.code, params)

    def message(self, lang: str) -> str:
        """The error as a sentence in `lang`."""
        from bot.core.i18n import t

        return t(self.code, lang, **self.params)


class InvalidInput(CoopiloteError):
    """The user's input is malformed, too long, out of range…"""

    code = "error.invalid"


class NotFound(CoopiloteError):
    """The thing named does not exist in this community."""

    code = "error.not_found"


class PermissionDenied(CoopiloteError):
    """The actor may not do this."""

    code = "error.forbidden"


class StateConflict(CoopiloteError):
    """The thing exists but is in a state that forbids this action (closed, withdrawn…)."""

    code = "error.state"
