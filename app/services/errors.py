"""Errors a user can cause, each with the HTTP status and form field it belongs to."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
# Validation errors whose message is written for users already (raised by our own validators).
CUSTOM_MESSAGES = {"url", "nul"}


class UserError(Exception):
    """Bad input: shown to the user with its reason, never as a stack trace."""

    status_code = 422
    headers: dict[str, str] | None = None  # sent with the answer (Retry-After of a 429)

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


class Conflict(UserError):
    """The change clashes with what is stored (a name taken); ``extra`` may say by what."""

    status_code = 409


def validated(model: type[M], data: object) -> M:
    """``data`` (a dict, or JSON bytes) as ``model``; a UserError naming the first bad field otherwise."""
    try:
        if isinstance(data, bytes | str):
            return model.model_validate_json(data)
        return model.model_validate(data)
    except ValidationError as exc:
        raise _user_error(exc) from None


def _user_error(exc: ValidationError) -> UserError:
    errors = exc.errors(include_url=False)
    where = errors[0]["loc"] if errors else ()
    field = where[0] if where and isinstance(where[0], str) else None
    if field and errors[0]["type"] == "string_too_long":
        limit = errors[0].get("ctx", {}).get("max_length")
        return UserError(f"The {field} is too long (at most {limit} characters).", field=field)
    if field and errors[0]["type"] in CUSTOM_MESSAGES:
        return UserError(errors[0]["msg"], field=field)
    parts = [f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in errors[:5]]
    return UserError("; ".join(parts), field=field)
