"""YAML files as data plus their node tree, so an error can name its line; duplicate keys are errors.

libyaml's parser (``CSafeLoader``) is used where PyYAML was built with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataIssue

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
