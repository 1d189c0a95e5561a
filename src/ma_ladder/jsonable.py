"""One way to turn engine results (dataclasses, pydantic models, dates) into JSON-ready data.

The CLI's ``--json`` and the API share it, so both print the same shapes.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from pydantic import BaseModel


def to_jsonable(obj: Any) -> Any:
    """Recursively convert to dicts, lists, strings and numbers."""
    if isinstance(obj, BaseModel):
        return to_jsonable(obj.model_dump(exclude_none=True))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj
