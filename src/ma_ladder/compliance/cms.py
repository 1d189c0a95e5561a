"""The historical CMS order-entry (CPOE) rule: would this person's entries have counted, on a date?

The rule is data (the national rules in ``kb.national`` that touch the ``order_entry`` task): dated
values, each listing the credentials it counted, and ``null`` once the program's requirement ended.
It never decided who may enter orders under state law, only which entries counted toward the measure;
after it ended this says so with its dates instead of answering as if it still applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import msgspec

from ..citations import Citation, dedupe
from ..kb import KnowledgeBase
from ..kb.schema.state import NationalValue
from ..scope.dated import Timeline
from .renewal import CredentialStatus
from .tasks import held

TASK = "order_entry"


class CmsCheck(msgspec.Struct, frozen=True):
    """One CMS program's order-entry rule for one person on one date.

    ``counted`` is True when the person holds a current credential the rule counts, False when they
    don't, None when the rule does not apply on the date or a credential of unknown status decides it.
    """

    rule: str
    name: str
    applies: bool
    in_force: str
    counted: bool | None
    credentials: list[str]  # the person's current credentials the rule counts
    reason: str
    citations: list[Citation]


def _rules(kb: KnowledgeBase) -> list[tuple[str, str, Timeline[NationalValue], list[Citation]]]:
    out = []
    for rule in sorted(kb.national.values(), key=lambda r: r.id):
        if TASK in rule.tasks and rule.values:
            cites = [Citation(law.title, law.url, law.citation) for law in rule.laws]
            cites += [Citation(s.title, s.url) for s in rule.sources]
            out.append((rule.id, rule.name, Timeline(dict(rule.values)), dedupe(cites)))
    return out


def order_entry(kb: KnowledgeBase, statuses: Iterable[CredentialStatus], on: date) -> list[CmsCheck]:
    """Each CMS program's rule for a person with these credential statuses, on ``on``."""
    current, unknown = held(statuses)
    out = []
    for rid, name, values, cites in kb.cached(_rules):
        out.append(_one(rid, name, values, cites, current, unknown, on))
    return out


def _one(
    rid: str,
    name: str,
    values: Timeline[NationalValue],
    cites: list[Citation],
    current: frozenset[str],
    unknown: frozenset[str],
    on: date,
) -> CmsCheck:
    first = values.starts[0]
    found = values.at(on)
    if found is None:
        span = f"from {first.isoformat()}"
        why = f"The rule did not apply yet on {on.isoformat()}; it took effect on {first.isoformat()}."
        return CmsCheck(rid, name, False, span, None, [], why, cites)
    if found.value is None:
        i = values.starts.index(found.start)
        began = values.starts[i - 1] if i else first
        span = f"from {began.isoformat()} until {found.start.isoformat()} (no longer applies)"
        why = (
            f"The requirement ended: it applied from {began.isoformat()} until {found.start.isoformat()}, "
            f"so on {on.isoformat()} no credential is needed for order entries to count under it."
        )
        return CmsCheck(rid, name, False, span, None, [], why, cites)
    value = found.value
    counts = list(value.counts)
    span = f"since {found.start.isoformat()}" + (f", until {found.end.isoformat()}" if found.end else "")
    if not counts:
        why = f"On {on.isoformat()} only licensed professionals' entries counted; no MA credential counted."
        return CmsCheck(rid, name, True, span, False, [], why, cites)
    have = sorted(current & set(counts))
    if have:
        why = f"Holds {', '.join(have)}, current on {on.isoformat()}, which the rule counts."
        return CmsCheck(rid, name, True, span, True, have, why, cites)
    maybe = sorted(unknown & set(counts))
    if maybe:
        why = f"Depends on {', '.join(maybe)} being current on {on.isoformat()}: its status is unknown."
        return CmsCheck(rid, name, True, span, None, [], why, cites)
    why = f"Holds no current credential the rule counts ({', '.join(counts)}) on {on.isoformat()}."
    return CmsCheck(rid, name, True, span, False, [], why, cites)
