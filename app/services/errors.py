"""Errors a user can cause, each with the HTTP status and form field it belongs to."""

from __future__ import annotations


class UserError(Exception):
    """Bad input: shown to the user with its reason, never as a stack trace."""

    status_code = 422

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class NotFound(UserError):
    status_code = 404


class TooLarge(UserError):
    status_code = 413


class UnsupportedMedia(UserError):
    status_code = 415


class Duplicate(UserError):
    """The same text is stored already; ``existing_id`` says where."""

    status_code = 409

    def __init__(self, message: str, *, existing_id: int):
        super().__init__(message, field="text", extra={"existing_id": existing_id})
        self.existing_id = existing_id


class Forbidden(UserError):
    status_code = 403
