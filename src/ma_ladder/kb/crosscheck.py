"""Checks across files that no single schema can make: every reference resolves to a real id.

A credential names its issuer, its prerequisites and the accreditors of its routes; a state rule names
the laws of its own file and the credentials of its variants; every state has a rule for every task;
every cited web host is classified in the host list, and a fact resting only on weak sources says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..errors import DataIssue, suggest
from . import sources
from .schema import TASK_IDS

if TYPE_CHECKING:
    from .base import KnowledgeBase


def _missing(label: str, field: str, ids: Iterable[str], valid: set[str], kind: str) -> Iterator[DataIssue]:
    for ref in ids:
        if ref not in valid:
            near = suggest(ref, valid)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            yield DataIssue(label, None, field, f"unknown {kind} {ref!r}{hint}")


def check(kb: KnowledgeBase) -> list[DataIssue]:
    """Every dangling reference, unclassified source host and unmarked weak-only fact in the knowledge base."""
    return [*_credentials(kb), *_catalogues(kb), *_outlooks(kb), *_states(kb), *_source_quality(kb)]


def _source_quality(kb: KnowledgeBase) -> list[DataIssue]:
    """Every source URL's host is classified; a block whose sources are all weak is low confidence and says so."""
    return sources.issues(kb)


def _credentials(kb: KnowledgeBase) -> Iterator[DataIssue]:
    orgs, creds = set(kb.organizations), set(kb.credential_ids())
    for c in kb.credentials.values():
        label = f"knowledge/credentials/{c.id.lower()}.yaml"
        yield from _missing(label, "issuer", [c.issuer], orgs, "organization")
        yield from _missing(label, "prerequisites", c.prerequisites, creds, "credential")
        for i, route in enumerate(c.eligibility):
            req = route.requires
            yield from _missing(
                label, f"eligibility.{i}.requires.credentials_any", req.credentials_any, creds, "credential"
            )
            if req.program:
                yield from _missing(
                    label,
                    f"eligibility.{i}.requires.program.accreditation",
                    req.program.accreditation,
                    orgs,
                    "organization",
                )


def _catalogues(kb: KnowledgeBase) -> Iterator[DataIssue]:
    orgs, creds = set(kb.organizations), set(kb.credential_ids())
    for o in kb.organizations.values():
        if o.parent:
            yield from _missing(f"knowledge/organizations/{o.id}.yaml", "parent", [o.parent], orgs, "organization")
    for p in kb.program_types.values():
        yield from _missing(f"knowledge/program_types/{p.id}.yaml", "accreditors", p.accreditors, orgs, "organization")
    for r in kb.careers.values():
        yield from _missing(f"knowledge/careers/{r.id}.yaml", "credentials", r.credentials, creds, "credential")
    for cl in kb.claims.values():
        yield from _missing(f"knowledge/claims/{cl.id}.yaml", "credentials", cl.credentials, creds, "credential")


def _outlooks(kb: KnowledgeBase) -> Iterator[DataIssue]:
    """An outlook is for the career's own occupation, and careers sharing an occupation share its figures."""
    first: dict[str, str] = {}
    for r in sorted(kb.careers.values(), key=lambda r: r.id):
        if r.outlook is None:
            continue
        label = f"knowledge/careers/{r.id}.yaml"
        o = r.outlook
        if r.soc != o.soc:
            yield DataIssue(label, None, "outlook.soc", f"outlook is for {o.soc!r} but the career's soc is {r.soc!r}")
            continue
        figures = (o.period, o.growth_pct, o.annual_openings, o.entry_education)
        other = first.setdefault(o.soc, r.id)
        if other != r.id:
            theirs = kb.careers[other].outlook
            assert theirs is not None
            if figures != (theirs.period, theirs.growth_pct, theirs.annual_openings, theirs.entry_education):
                yield DataIssue(
                    label, None, "outlook", f"differs from the outlook of {other!r}, which has the same soc {o.soc!r}"
                )


def _states(kb: KnowledgeBase) -> Iterator[DataIssue]:
    creds = set(kb.credential_ids())
    for s in kb.states.values():
        label = f"knowledge/states/{s.code.lower()}.yaml"
        laws = {law.id for law in s.laws}
        for task in TASK_IDS:
            if task not in s.tasks:
                yield DataIssue(
                    label, None, f"tasks.{task}", "no rule for this task: every task needs an explicit rule"
                )
        for sc in s.state_credentials:
            yield from _missing(label, f"state_credentials.{sc.id}.satisfied_by", sc.satisfied_by, creds, "credential")
        for task, values in s.tasks.items():
            for start, value in values.items():
                if value is None:
                    continue
                where = f"tasks.{task}.{start}"
                yield from _missing(label, f"{where}.laws", value.laws, laws, "law id of this file")
                for v in value.variants:
                    yield from _missing(label, f"{where}.variants", v.credentials, creds, "credential")
    for n in kb.national.values():
        for start, nv in n.values.items():
            if nv:
                yield from _missing(
                    f"knowledge/national/{n.id}.yaml", f"values.{start}.counts", nv.counts, creds, "credential"
                )
