"""Access: who may add articles (PARALLAX_UPLOAD_TOKEN), who may change things (PARALLAX_ADMIN_TOKEN),
and who may correct an article they just added (the uploader's edit cookie).

The API takes a token in a header only; the HTML pages also accept the cookie the unlock
form sets, derived from the token so that rotating it logs everyone out. Saving an article
from a form grants that browser a signed edit cookie for it (:func:`grant_edit`), good for
``EDIT_MAX_AGE``. Routes opt in with the ``UploadDep``, ``AdminDep`` and ``EditorDep`` dependencies.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import MutableHeaders

from app.services.errors import Forbidden, UserError
from app.settings import Settings
from app.web.cookies import is_https, set_cookie, sign
from app.web.deps import SettingsDep
from app.web.errors import is_api
from app.web.params import RowId

UPLOAD_COOKIE = "parallax_upload"
ADMIN_COOKIE = "parallax_admin"
UNLOCK_MAX_AGE = 30 * 24 * 3600
# Who added an article may correct its details for a day, without the admin token.
EDIT_COOKIE = "parallax_edit"
EDIT_MAX_AGE = 24 * 3600
MAX_EDIT_GRANTS = 40  # the newest kept, so the cookie stays far under browsers' 4 KB
ADMIN_OFF = (
    "Editing, moving and deleting are turned off on this server: its operator turns them on by setting "
    "PARALLAX_ADMIN_TOKEN. Whoever added an article can still correct its details from the same browser for 24 hours."
)


class Unauthorized(UserError):
    status_code = 401


def unlock_value(token: str, purpose: str) -> str:
    """What the unlock cookie holds: derived from the token, so rotating the token logs everyone out."""
    return hmac.new(token.encode(), f"parallax-{purpose}".encode(), hashlib.sha256).hexdigest()


def presented_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-parallax-token")


def matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison of a token with what was sent."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def has_token(request: Request, expected: str, purpose: str, cookie: str) -> bool:
    """A header token, or (outside the cookie-free API) the unlock cookie."""
    if matches(expected, presented_token(request)):
        return True
    if is_api(request.url.path):
        return False
    return matches(unlock_value(expected, purpose), request.cookies.get(cookie))


def may_upload(request: Request, settings: Settings, form_token: str | None = None) -> bool:
    if settings.upload_token is None:
        return True
    if form_token and matches(settings.upload_token, form_token.strip()):
        return True
    if settings.admin_token and has_token(request, settings.admin_token, "admin", ADMIN_COOKIE):
        return True
    return has_token(request, settings.upload_token, "upload", UPLOAD_COOKIE)


def is_admin(request: Request, settings: Settings) -> bool:
    return settings.admin_token is not None and has_token(request, settings.admin_token, "admin", ADMIN_COOKIE)


def correction_role(request: Request, settings: Settings) -> str | None:
    """Which right lets this request correct a comparison's analysis: "admin", "uploader" (the upload
    token, which must be set: an open upload door is no right), "reader" (PARALLAX_OPEN_CORRECTIONS), or None."""
    if is_admin(request, settings):
        return "admin"
    if settings.upload_token and has_token(request, settings.upload_token, "upload", UPLOAD_COOKIE):
        return "uploader"
    return "reader" if settings.open_corrections else None


CORRECTIONS_OFF = (
    "Correcting a comparison needs the upload or the admin token ('Authorization: Bearer <token>', or unlock at "
    "/unlock in the browser); the operator can open corrections to everyone with PARALLAX_OPEN_CORRECTIONS=1."
)


def require_corrector(request: Request, settings: SettingsDep) -> str:
    """Dependency for making and undoing corrections: answers the role used, else 401/403 saying how."""
    role = correction_role(request, settings)
    if role is not None:
        return role
    if presented_token(request) is None:
        raise Unauthorized(CORRECTIONS_OFF)
    raise Forbidden("The token is wrong or has changed. " + CORRECTIONS_OFF)


def require_upload_token(request: Request, settings: SettingsDep) -> None:
    """Dependency for routes that add articles when PARALLAX_UPLOAD_TOKEN is set."""
    if may_upload(request, settings):
        return
    if presented_token(request) is None:
        raise Unauthorized(
            "Adding articles needs the upload token: send it as 'Authorization: Bearer <token>' or 'X-Parallax-Token'.",
            field="token",
        )
    raise Forbidden("The upload token is wrong.", field="token")


def check_comparison_token(request: Request, settings: Settings, form_token: str | None = None) -> None:
    """With PARALLAX_COMPARISONS_NEED_TOKEN, creating a comparison needs the upload (or admin) token:
    a header, the unlock cookie, or the form's field."""
    if not settings.comparisons_need_token or may_upload(request, settings, form_token):
        return
    if presented_token(request) is None and not form_token:
        raise Unauthorized(
            "Creating comparisons needs the upload token: send it as 'Authorization: Bearer <token>', "
            "or enter it in the form (or unlock at /unlock).",
            field="upload_token",
        )
    raise Forbidden("The upload token is wrong.", field="upload_token")


def check_form_upload_token(request: Request, settings: Settings, form_token: str | None) -> None:
    """The form's version of the upload check: raises a field error the form can show."""
    if not may_upload(request, settings, form_token):
        message = "Enter the upload token." if not form_token else "The upload token is wrong."
        raise Forbidden(message, field="upload_token")


def require_admin(request: Request, settings: SettingsDep) -> None:
    """Dependency for editing, moving and deleting: off unless PARALLAX_ADMIN_TOKEN is set."""
    if settings.admin_token is None:
        raise Forbidden(ADMIN_OFF)
    if is_admin(request, settings):
        return
    where = "send 'Authorization: Bearer <token>'" if is_api(request.url.path) else "unlock editing at /unlock"
    cookie = None if is_api(request.url.path) else request.cookies.get(ADMIN_COOKIE)
    if presented_token(request) is None and not cookie:
        raise Unauthorized(f"This needs the admin token: {where}.")
    raise Forbidden(f"The admin token is wrong or has changed: {where}.")


# --- the uploader's edit cookie ---------------------------------------------------------------


def _edit_signature(secret: str, payload: str) -> str:
    return sign(secret, "parallax-edit:" + payload)


def edit_grants(request: Request, settings: Settings) -> dict[int, int]:
    """Article id -> expiry (Unix time) of the edits this browser may still make; forged or expired ones dropped."""
    payload, _, signature = request.cookies.get(EDIT_COOKIE, "").rpartition(".")
    if not payload or not matches(_edit_signature(settings.secret_key, payload), signature):
        return {}
    now = int(time.time())
    grants = {}
    for pair in payload.split("_"):
        article, _, expires = pair.partition("-")
        if article.isdigit() and expires.isdigit() and int(expires) > now:
            grants[int(article)] = int(expires)
    return grants


def grant_edit(request: Request, headers: MutableHeaders, settings: Settings, article_id: int) -> None:
    """Let this browser correct ``article_id`` for EDIT_MAX_AGE (its other grants kept): sets the cookie on ``headers``."""
    grants = {**edit_grants(request, settings), article_id: int(time.time()) + EDIT_MAX_AGE}
    newest = sorted(grants.items(), key=lambda item: item[1])[-MAX_EDIT_GRANTS:]
    payload = "_".join(f"{article}-{expires}" for article, expires in newest)
    value = f"{payload}.{_edit_signature(settings.secret_key, payload)}"
    set_cookie(headers, EDIT_COOKIE, value, secure=is_https(request.scope, settings), max_age=EDIT_MAX_AGE)


def may_edit(request: Request, settings: Settings, article_id: int) -> bool:
    """The admin, or the browser that added the article within the last EDIT_MAX_AGE."""
    return is_admin(request, settings) or article_id in edit_grants(request, settings)


def require_editor(request: Request, settings: SettingsDep, article_id: RowId) -> None:
    """Dependency for correcting an article's details: its uploader (edit cookie, pages only) or the admin."""
    if not is_api(request.url.path) and article_id in edit_grants(request, settings):
        return
    require_admin(request, settings)


AdminDep = Annotated[None, Depends(require_admin)]
CorrectorDep = Annotated[str, Depends(require_corrector)]
EditorDep = Annotated[None, Depends(require_editor)]
UploadDep = Annotated[None, Depends(require_upload_token)]
