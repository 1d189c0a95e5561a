"""One serializer: every engine answer into its public JSON shape.

The CLI's ``--json`` and the REST API both call :func:`to_json`, so the same question gets the same
bytes from either. Engine answers and knowledge records are msgspec Structs, encoded by msgspec's C
encoder in their field order (stable keys). JSON is strict: msgspec writes NaN and Infinity as
``null``, so an unknown or unlimited number is ``null`` and no output can hold a bare ``NaN``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
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


_WIRE: dict[type, Callable[[Any], object]] = {}


def wire_form(kind: type, make: Callable[[Any], object]) -> None:
    """Register how an answer of type ``kind`` is encoded: ``make(answer)`` gives an object that encodes
    to the very bytes the answer itself does, with the parts that never change already encoded
    (:func:`encoded`). For answers whose bodies are mostly the knowledge base's own records; each
    registration has a test that compares the bytes with the plain encoding."""
    _WIRE[kind] = make


def encoded(obj: object) -> msgspec.Raw:
    """``obj`` encoded once, to be placed in a wire form as it is."""
    return msgspec.Raw(_encoder.encode(obj))


def to_json(obj: object) -> bytes:
    """Compact JSON bytes (the API's body)."""
    make = _WIRE.get(type(obj))
    return _encoder.encode(obj if make is None else make(obj))


def plain_json(obj: object) -> bytes:
    """:func:`to_json` without the wire forms: what the tests compare them against."""
    return _encoder.encode(obj)


def to_text(obj: object, indent: int = 2) -> str:
    """Indented JSON text (the CLI's ``--json`` output)."""
    return msgspec.json.format(to_json(obj), indent=indent).decode()


def to_builtins(obj: object) -> Any:
    """The same shape as plain dicts and lists, for code that wants to inspect or merge it."""
    return msgspec.to_builtins(obj, enc_hook=_fallback)


_MARK = "\x00stream\x00"  # a list item no answer holds: where the streamed items go


def stream(obj: msgspec.Struct, field: str, chunks: Iterable[list[Any]], indent: int | None = None) -> Iterator[bytes]:
    """``obj`` as JSON with its list ``field`` given as chunks of items, piece by piece: the same bytes as
    :func:`to_json` (or, with ``indent`` spaces, :func:`to_text` and a new line) of ``obj`` holding the
    whole list, without ever holding it. A national roster's million rows are encoded a chunk at a time."""
    if indent is not None and indent < 1:
        raise ValueError("indent must be a positive number of spaces, or None for compact JSON")
    items = (item for chunk in chunks for item in chunk)
    first = next(items, _MARK)
    doc = _encoder.encode(msgspec.structs.replace(obj, **{field: [_MARK]}))
    mark = _encoder.encode(_MARK)
    if first is _MARK or doc.count(mark) != 1:  # no items, or the marker's text is also data: whole
        rows = [] if first is _MARK else [first, *items]
        whole = msgspec.structs.replace(obj, **{field: rows})
        yield (to_text(whole, indent) + "\n").encode() if indent else to_json(whole)
        return
    if indent:
        doc = msgspec.json.format(doc, indent=indent)
    head, _, tail = doc.partition(mark)
    pad = head[head.rfind(b"\n") + 1 :] if indent else b""
    one: Callable[[Any], bytes] = (
        (lambda item: msgspec.json.format(_encoder.encode(item), indent=indent).replace(b"\n", b"\n" + pad))
        if indent
        else _encoder.encode
    )
    separator = b",\n" + pad if indent else b","
    yield head + one(first)
    batch: list[bytes] = []
    for item in items:
        batch.append(one(item))
        if len(batch) == 1000:
            yield separator + separator.join(batch)
            batch = []
    if batch:
        yield separator + separator.join(batch)
    yield tail + (b"\n" if indent else b"")
