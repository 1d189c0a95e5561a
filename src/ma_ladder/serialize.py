"""One serializer: every engine answer into its public JSON shape.

The CLI's ``--json`` and the REST API both call :func:`to_json`, so the same question gets the same
bytes from either. Engine answers and knowledge records are msgspec Structs, encoded by msgspec's C
encoder in their field order (stable keys). JSON is strict: msgspec writes NaN and Infinity as
``null``, so an unknown or unlimited number is ``null`` and no output can hold a bare ``NaN``.
"""

from __future__ import annotations

import os
from typing import Any

import msgspec


def _fallback(obj: Any) -> Any:
    """Types msgspec does not know: a validated profile (pydantic) and file paths."""
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    raise NotImplementedError(f"no JSON form for {type(obj).__name__}")


_encoder = msgspec.json.Encoder(enc_hook=_fallback)


def to_json(obj: object) -> bytes:
    """Compact JSON bytes (the API's body)."""
    return _encoder.encode(obj)


def to_text(obj: object, indent: int = 2) -> str:
    """Indented JSON text (the CLI's ``--json`` output)."""
    return msgspec.json.format(_encoder.encode(obj), indent=indent).decode()


def to_builtins(obj: object) -> Any:
    """The same shape as plain dicts and lists, for code that wants to inspect or merge it."""
    return msgspec.to_builtins(obj, enc_hook=_fallback)
