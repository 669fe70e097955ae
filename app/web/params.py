"""Path and query parameters shared by every route, so each id is validated one way.

A row id outside ``1..MAX_ROW_ID`` (the INTEGER columns' range) names no row: in a path it
answers 404 like any other address that leads nowhere (web/errors.py), in a query 422.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from app.models import MAX_ROW_ID, RowIdValue

RowId = Annotated[RowIdValue, Path(description=f"a row id, 1 to {MAX_ROW_ID}")]
QueryRowId = Annotated[RowIdValue | None, Query(description=f"a row id, 1 to {MAX_ROW_ID}")]
