"""Reading an uploaded file without holding more than the allowed size in memory."""

from __future__ import annotations

from fastapi import UploadFile

from app.services.errors import TooLarge
from app.settings import Settings


async def read_upload(upload: UploadFile | None, settings: Settings) -> tuple[str | None, bytes | None]:
    """(filename, bytes) of a non-empty upload, or (None, None) when no file was chosen."""
    if upload is None or not upload.filename:
        return None, None
    data = await upload.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(f"The file is larger than the {settings.max_upload_bytes:,} bytes allowed.", field="file")
    return upload.filename, data
