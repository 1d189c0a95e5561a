"""The validation layer: YAML files into validated records, naming file, line and field on any error.

Files are parsed to a node tree first so that a pydantic error location (``eligibility.2.requires``)
can be walked back to the line it came from. Duplicate keys are errors, not silent overwrites.

Only building the knowledge base (``kb check``, the tests, a first run) and reading a profile import
this module; answering a question never does. Records are msgspec Structs, so pydantic learns their
shape here, from their fields: a typed dict that forbids unknown keys, turned into the record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import yaml
from pydantic import TypeAdapter, ValidationError
from pydantic_core import core_schema

from ..errors import DataIssue, KnowledgeBaseError

M = TypeVar("M")
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed


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


def parse_yaml(path: Path, label: str) -> tuple[Any, yaml.Node | None, list[DataIssue]]:
    """Parse one file; returns data, its node tree (for line numbers) and any problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, [DataIssue(label, None, "(file)", f"cannot read: {exc}")]
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None, [DataIssue(label, 1, "(file)", "the file is empty")]
        issues = list(_duplicate_keys(node, label))
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        return None, None, [DataIssue(label, line, "(syntax)", f"invalid YAML: {problem}")]
    except ValueError as exc:  # a scalar YAML typed but can't build, e.g. the date 2026-13-40
        line, where = _bad_scalar(node)
        return None, None, [DataIssue(label, line, where, f"invalid value: {exc}")]
    finally:
        loader.dispose()
    return data, node, issues


def _bad_scalar(node: yaml.Node | None, path: str = "") -> tuple[int | None, str]:
    """Find the first scalar that fails to construct (PyYAML's ValueError carries no position)."""
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node)
        except ValueError:
            return node.start_mark.line + 1, path or "(top)"
        return None, ""
    children: list[tuple[str, yaml.Node]] = []
    if isinstance(node, yaml.MappingNode):
        children = [(f"{path}.{k.value}" if path else str(k.value), v) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = [(f"{path}.{i}", v) for i, v in enumerate(node.value)]
    for where, child in children:
        line, found = _bad_scalar(child, where)
        if line is not None:
            return line, found
    return None, path or "(top)"


def _duplicate_keys(node: yaml.Node, label: str, path: str = "") -> Iterator[DataIssue]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            where = f"{path}.{name}" if path else name
            if name in seen:
                yield DataIssue(label, key.start_mark.line + 1, where, "duplicate key")
            seen.add(name)
            yield from _duplicate_keys(value, label, where)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, label, f"{path}.{i}")


def line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the deepest key or item that a pydantic error location reaches."""
    line = node.start_mark.line + 1 if node else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if str(k.value) == str(part)), None)
            if pair is None:
                return line
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def validate(model: type[M], data: Any, node: yaml.Node | None, label: str) -> tuple[M | None, list[DataIssue]]:
    """Validate parsed data against a schema; every error becomes a :class:`DataIssue`."""
    try:
        return adapter(model).validate_python(data), []
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
            field = ".".join(str(p) for p in loc) or "(top)"
            issues.append(DataIssue(label, line_of(node, loc), field, err["msg"]))
        return None, _dedupe(issues)


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
