"""The validation layer: parsed data into validated records, naming file, line and field on any error.

YAML files are parsed to a node tree first (:mod:`.yamlfile`) so that a pydantic error location
(``eligibility.2.requires``) can be walked back to the line it came from.

Only building the knowledge base (``kb check``, the tests, a first run) and reading a profile import
this module; answering a question never does. Records are msgspec Structs, so pydantic learns their
shape here, from their fields: a typed dict that forbids unknown keys, turned into the record.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from pydantic import TypeAdapter, ValidationError
from pydantic_core import core_schema

from ..errors import DataIssue, KnowledgeBaseError

if TYPE_CHECKING:
    from yaml import Node

M = TypeVar("M")


def record_schema(cls: type[msgspec.Struct], handler: Any) -> core_schema.CoreSchema:
    """Pydantic's schema for a record: its fields as a typed dict (unknown keys forbidden), then the record."""
    fields = {
        f.encode_name: core_schema.typed_dict_field(handler.generate_schema(f.type), required=f.required)
        for f in msgspec.structs.fields(cls)
    }
    shape = core_schema.typed_dict_schema(fields, extra_behavior="forbid", total=False)
    return core_schema.no_info_after_validator_function(lambda data: cls(**data), shape)


def constrained(
    schema: core_schema.CoreSchema, check: Callable[[Any], Any] | None, constraints: dict[str, object]
) -> core_schema.CoreSchema:
    """A field's schema with its constraints (``min_length``, ``ge``) and check function applied."""
    schema = {**schema, **constraints}
    return core_schema.no_info_after_validator_function(check, schema) if check else schema


_adapters: dict[type[Any], TypeAdapter[Any]] = {}


def adapter(model: type[M]) -> TypeAdapter[M]:
    """One pydantic adapter per record type, built on first use."""
    if model not in _adapters:
        _adapters[model] = TypeAdapter(model)
    return _adapters[model]


def validate(model: type[M], data: Any, node: Node | None, label: str) -> tuple[M | None, list[DataIssue]]:
    """Validate parsed data against a schema; every error becomes a :class:`DataIssue`.

    ``node`` is the YAML node tree the data came from (for line numbers), or None for data that came
    from elsewhere (options, an API body), which imports no YAML at all.
    """
    try:
        return adapter(model).validate_python(data), []
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
            field = ".".join(str(p) for p in loc) or "(top)"
            issues.append(DataIssue(label, _line(node, loc), field, err["msg"]))
        return None, _dedupe(issues)


def _line(node: Node | None, loc: tuple[int | str, ...]) -> int | None:
    if node is None:
        return None
    from .yamlfile import line_of

    return line_of(node, loc)


def _is_union_tag(part: int | str) -> bool:
    """pydantic names union branches in locations (``int``, ``Unclear``); they aren't YAML keys."""
    return isinstance(part, str) and (
        part[:1].isupper() or part in {"int", "float", "str", "bool", "list[...]"} or "[" in part
    )


def _dedupe(issues: list[DataIssue]) -> list[DataIssue]:
    """A failed union reports once per branch; keep one message per field."""
    seen: dict[str, DataIssue] = {}
    for issue in issues:
        seen.setdefault(issue.field, issue)
    return list(seen.values())


def load_file(model: type[M], path: Path, root: Path) -> tuple[M | None, list[DataIssue]]:
    """Parse and validate one file, labelled relative to the knowledge root."""
    from .yamlfile import parse_yaml

    label = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    data, node, issues = parse_yaml(path, label)
    if issues or data is None:
        return None, issues
    obj, more = validate(model, data, node, label)
    return obj, more


def load_folder(model: type[M], folder: Path, root: Path) -> tuple[list[tuple[Path, M]], list[DataIssue]]:
    """Load every ``*.yaml`` in a folder, collecting all problems rather than stopping at the first."""
    items: list[tuple[Path, M]] = []
    issues: list[DataIssue] = []
    for path in sorted(folder.glob("*.yaml")):
        obj, more = load_file(model, path, root)
        issues += more
        if obj is not None:
            items.append((path, obj))
    return items, issues


def raise_if(issues: list[DataIssue]) -> None:
    """Raise one error that lists every problem, if there are any."""
    if issues:
        raise KnowledgeBaseError(issues)
