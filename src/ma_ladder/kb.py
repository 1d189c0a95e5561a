"""The knowledge base: every entity loaded, validated and cross-checked, indexed by id.

``load()`` is what callers use. It reads a pickled copy when one exists for exactly these YAML files
(keyed by their paths, sizes and modification times), so the CLI starts fast; any change to the YAML
rebuilds it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .errors import DataIssue
from .schema import (
    Career,
    Claim,
    Credential,
    Dataset,
    NationalRule,
    Organization,
    ProgramType,
    State,
    Task,
)

KNOWLEDGE = Path(__file__).parent / "knowledge"
CACHE_VERSION = "1"
T = TypeVar("T")


@dataclass(frozen=True)
class KnowledgeBase:
    """All knowledge, read-only, keyed by id. Engines are pure functions over this."""

    dataset: Dataset
    organizations: dict[str, Organization]
    credentials: dict[str, Credential]
    program_types: dict[str, ProgramType]
    tasks: dict[str, Task]
    careers: dict[str, Career]
    claims: dict[str, Claim]
    states: dict[str, State] = field(default_factory=dict)
    national: dict[str, NationalRule] = field(default_factory=dict)

    def state_credential_ids(self) -> set[str]:
        """Ids of credentials issued by states (``WA:MA-C``)."""
        return {c.id for s in self.states.values() for c in s.state_credentials}


# folder name -> (schema, attribute on KnowledgeBase, field holding the id)
FOLDERS: dict[str, tuple[type[Any], str, str]] = {
    "organizations": (Organization, "organizations", "id"),
    "credentials": (Credential, "credentials", "id"),
    "program_types": (ProgramType, "program_types", "id"),
    "tasks": (Task, "tasks", "id"),
    "careers": (Career, "careers", "id"),
    "claims": (Claim, "claims", "id"),
    "states": (State, "states", "code"),
    "national": (NationalRule, "national", "id"),
}


def file_stem(entity_id: str) -> str:
    """The file name an id must live in: path is id (``WA:MA-C`` -> ``wa-ma-c``)."""
    return entity_id.lower().replace(":", "-").replace(" ", "-")


def build(root: Path = KNOWLEDGE) -> KnowledgeBase:
    """Read and validate every file under ``root``; raise one error listing every problem."""
    from . import crosscheck
    from .loader import load_file, load_folder, raise_if  # YAML parsing is only needed here

    issues: list[DataIssue] = []
    dataset, more = load_file(Dataset, root / "dataset.yaml", root)
    issues += more
    parts: dict[str, dict[str, Any]] = {}
    for folder, (model, attr, key) in FOLDERS.items():
        items, more = load_folder(model, root / folder, root)
        issues += more
        parts[attr] = {}
        for path, obj in items:
            entity_id = getattr(obj, key)
            label = f"knowledge/{folder}/{path.name}"
            if path.stem != file_stem(entity_id):
                issues.append(DataIssue(label, 1, key, f"id {entity_id!r} must live in {file_stem(entity_id)}.yaml"))
            if entity_id in parts[attr]:
                issues.append(DataIssue(label, 1, key, f"duplicate id {entity_id!r}"))
            parts[attr][entity_id] = obj
    raise_if(issues)
    assert dataset is not None
    kb = KnowledgeBase(dataset=dataset, **parts)
    raise_if([_with_line(i, root) for i in crosscheck.check(kb)])
    return kb


def _with_line(issue: DataIssue, root: Path) -> DataIssue:
    """Cross-file checks know the field, not the line: find it in the file."""
    if issue.line is not None:
        return issue
    from .loader import line_of, parse_yaml

    _, node, _ = parse_yaml(root.parent / issue.file, issue.file)
    parts = tuple(int(p) if p.isdigit() else p for p in issue.field.split("."))
    return DataIssue(issue.file, line_of(node, parts), issue.field, issue.message)


def _fingerprint(root: Path) -> str:
    """Changes whenever any YAML file is added, removed, resized or touched."""
    h = hashlib.blake2b(CACHE_VERSION.encode(), digest_size=16)
    for path in sorted(root.rglob("*.yaml")):
        st = path.stat()
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _cache_dir() -> Path:
    base = os.environ.get("MA_LADDER_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ma-ladder"


def load(root: Path = KNOWLEDGE, use_cache: bool = True) -> KnowledgeBase:
    """The knowledge base, from the compiled cache when it matches the YAML, else built and cached."""
    if not use_cache or os.environ.get("MA_LADDER_NO_CACHE"):
        return build(root)
    cache = _cache_dir() / f"kb-{_fingerprint(root)}.pickle"
    try:
        with cache.open("rb") as fh:
            kb = pickle.load(fh)
        if isinstance(kb, KnowledgeBase):
            return kb
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    kb = build(root)
    _write_cache(cache, kb)
    return kb


def _write_cache(cache: Path, kb: KnowledgeBase) -> None:
    """Best effort: a read-only home must not stop the tool from working."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("kb-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cache)
    except OSError:
        pass
