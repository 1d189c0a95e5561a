"""Build the knowledge base from its YAML (and the wage CSV): read, validate, cross-check.

This is the only way a :class:`~ma_ladder.kb.base.KnowledgeBase` comes into being; the compiled form
(:mod:`ma_ladder.kb.compiled`) is a stored copy of what this returns. Every problem in every file is
collected and raised together, each naming its file, line and field.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..errors import DataIssue
from . import crosscheck
from .base import KnowledgeBase
from .schema import (
    Career,
    Claim,
    Credential,
    Dataset,
    NationalRule,
    Organization,
    ProgramType,
    SourceHost,
    SourceHosts,
    State,
    Task,
    WageRow,
    WageTable,
)
from .validate import load_file, load_folder, raise_if
from .yamlfile import SafeLoader, line_of, parse_yaml

KNOWLEDGE = Path(__file__).parent.parent / "knowledge"

# folder name -> (record type, attribute on KnowledgeBase, field holding the id)
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
    hosts, more = read_source_hosts(root)
    issues += more
    raise_if(issues)
    assert dataset is not None
    parts["states"] = {code: _dates_in_order(st) for code, st in parts["states"].items()}
    kb = KnowledgeBase(dataset=dataset, wages=read_wages(root / "wages"), source_hosts=hosts, **parts)
    raise_if([_with_line(i, root) for i in crosscheck.check(kb)])
    return kb


SOURCE_HOSTS = "source_hosts.yaml"


def read_source_hosts(root: Path) -> tuple[dict[str, SourceHost], list[DataIssue]]:
    """Every classified web host by name; empty where a knowledge base has no host list (test fixtures)."""
    path = root / SOURCE_HOSTS
    if not path.exists():
        return {}, []
    listed, issues = load_file(SourceHosts, path, root)
    hosts: dict[str, SourceHost] = {}
    for i, entry in enumerate(listed.hosts if listed else []):
        if entry.host in hosts:
            twice = DataIssue(f"knowledge/{SOURCE_HOSTS}", None, f"hosts.{i}.host", f"duplicate host {entry.host!r}")
            issues.append(_with_line(twice, root))
        hosts[entry.host] = entry
    return hosts, issues


def _dates_in_order(st: State) -> State:
    """Each task's dated values sorted by start, so that a lookup can bisect the starts."""
    import msgspec

    tasks = {task: dict(sorted(values.items())) for task, values in st.tasks.items()}
    return msgspec.structs.replace(st, tasks=tasks)


def _with_line(issue: DataIssue, root: Path) -> DataIssue:
    """Cross-file checks know the field, not the line: find it in the file."""
    if issue.line is not None:
        return issue
    _, node, _ = parse_yaml(root.parent / issue.file, issue.file)
    parts = tuple(int(p) if p.isdigit() else p for p in issue.field.split("."))
    return DataIssue(issue.file, line_of(node, parts), issue.field, issue.message)


SPECIAL = {
    "-": "estimate not released",
    "*": "estimate not available",
    "#": "at or above the top of the published range ($115.00/hour or $239,200/year)",
    "": "not published for this area",
}
AREA_TYPES = {"N": "national", "S": "state", "M": "metro"}


def read_wages(folder: Path) -> WageTable | None:
    """The extracted OEWS figures and their provenance; None where a knowledge base has no wage data."""
    if not (folder / "oews.csv").exists():
        return None
    provenance = SafeLoader((folder / "provenance.yaml").read_text(encoding="utf-8")).get_single_data()
    with (folder / "oews.csv").open(newline="", encoding="utf-8") as fh:
        rows = [_wage_row(r) for r in csv.DictReader(fh)]
    return WageTable(
        release=str(provenance["release"]), data_year=str(provenance["data_year"]), rows=rows, provenance=provenance
    )


def _num(raw: str, notes: list[str], what: str) -> float | None:
    if raw in SPECIAL:
        if raw:
            notes.append(f"{what}: {SPECIAL[raw]}")
        return None
    return float(raw)


def _wage_row(r: dict[str, str]) -> WageRow:
    notes: list[str] = []
    emp = _num(r["employment"], notes, "employment")
    return WageRow(
        area=r["area_name"],
        area_type=AREA_TYPES[r["area_type"]],  # type: ignore[arg-type]
        state=r["state"],
        soc=r["soc"],
        title=r["title"],
        employment=int(emp) if emp is not None else None,
        median_annual=_num(r["annual_median"], notes, "median annual"),
        p10_annual=_num(r["annual_p10"], notes, "10th percentile annual"),
        p90_annual=_num(r["annual_p90"], notes, "90th percentile annual"),
        mean_annual=_num(r["annual_mean"], notes, "mean annual"),
        median_hourly=_num(r["hourly_median"], notes, "median hourly"),
        p10_hourly=_num(r["hourly_p10"], notes, "10th percentile hourly"),
        p90_hourly=_num(r["hourly_p90"], notes, "90th percentile hourly"),
        notes=notes,
    )
