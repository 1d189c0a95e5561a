"""Answer a structured question from the engines, in a few plain sentences with their citations.

Every figure and decision comes from :mod:`ma_ladder.questions`, the same functions the CLI and the
API answer with, so an answer here can never disagree with ``scope --json`` or ``show --json``.
A question no engine takes is answered from the closest passages of the knowledge base
(:mod:`.retrieve`), always marked as not sure. Confidence starts from how clearly the question
named what it asks and falls for every name matched only by spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import msgspec

from .. import questions
from ..citations import Citation
from ..errors import MaLadderError
from ..kb import KnowledgeBase
from ..scope import DISCLAIMER, Answer, ScopeList
from ..words import by_credential, known, who, words
from ..words import decision as decision_words
from . import retrieve
from .understand import Query, understand

SURE = 0.5  # below this an answer says it is not sure and shows the closest facts
OPENINGS = {
    "allowed": "Yes.",
    "allowed_with_conditions": "Yes, with conditions.",
    "not_allowed": "No.",
    "unclear": "Unclear: the sources leave it open.",
}


class AskAnswer(msgspec.Struct, frozen=True):
    """An answer to a question in plain English (the public contract of ``ask --json``)."""

    question: str
    answer: str
    decision: str | None  # where the question is yes/no-like (scope)
    query: Query
    citations: list[Citation]
    confidence: float
    sure: bool
    closest: list[str]  # where not sure: the nearest facts the knowledge base holds
    disclaimer: str | None
    dataset_version: str


def ask(kb: KnowledgeBase, question: str) -> AskAnswer:
    """Understand ``question`` and answer it; never raises for what a person may type."""
    text = " ".join(question.encode("utf-8", "replace").decode("utf-8").split())[:500]  # no lone surrogates
    query = understand(kb, text)
    try:
        body, decision, cites, confidence, disclaimer = ANSWERS.get(query.intent, _none)(kb, query, text)
    except MaLadderError:  # a name the engines refuse (a state credential in the wrong state, ...)
        body, decision, cites, confidence, disclaimer = _none(kb, query, text)
    doubts = [f for f in query.fuzzy if f.startswith(("date:", "states:"))]  # cannot be answered as asked
    confidence = max(0.0, round(confidence - 0.1 * len(query.fuzzy) - 0.4 * len(doubts), 2))
    if query.on is not None and query.on > date.today().replace(year=date.today().year + 1):
        confidence = min(confidence, 0.3)  # the law of a year to come is not in any source
    closest: list[str] = []
    if confidence < SURE:
        hits = retrieve.search(kb, text)
        closest = [h.text for h in hits[:3]]
        cites = cites or [c for h in hits[:3] for c in h.citations][:5]
        body = "I'm not sure. " + (body if body else "The knowledge base has no answer to this question.")
        decision = None
    return AskAnswer(text, body, decision, query, cites, confidence, confidence >= SURE, closest, disclaimer,
                     kb.dataset.version)  # fmt: skip


Result = tuple[str, str | None, list[Citation], float, str | None]


NEGATIVE = (
    "illegal", "against the law", "prohibited", "forbidden", "banned", "not allowed to", "need a license",
    "need a licence", "need certification", "need a certification", "need to be certified", "need to be licensed",
    "need a credential", "required to be certified", "have to be certified",
)  # fmt: skip


def _scope(kb: KnowledgeBase, q: Query, text: str) -> Result:
    task = kb.tasks[q.task or ""].name.lower()
    on = q.on.isoformat() if q.on else None
    if q.state is None:
        many = questions.scope(kb, None, q.task, q.credential, on)
        assert isinstance(many, ScopeList)
        counts: dict[str, int] = {}
        for a in many.answers:
            counts[a.decision] = counts.get(a.decision, 0) + 1
        parts = ", ".join(f"{decision_words(d).lower()} in {n}" for d, n in counts.items())
        body = f"It depends on the state. {task.capitalize()}, for {who(q.credential)}: {parts} of 51 jurisdictions."
        return body + " Name a state for its rule.", None, [], 0.6, DISCLAIMER
    one = questions.scope(kb, q.state, q.task, q.credential, on)
    assert isinstance(one, Answer)
    a = one
    negative = any(f" {w} " in f" {text.lower()} " for w in NEGATIVE)  # "is it illegal…": a yes would mislead
    opening = "" if negative else OPENINGS[a.decision] + " "
    body = f"{opening}{a.state_name}, {task}, for {who(a.credential)}: {decision_words(a.decision).lower()}"
    body += f" ({words(a.basis).lower()}, confidence {a.confidence})."
    if a.by_credential and len({b.decision for b in a.by_credential}) > 1:
        body += " By credential: " + by_credential(a.by_credential) + "."
    body += "".join(f" {c}" for c in a.conditions[:2])
    if a.effective_from and q.on:
        body += f" Rule in force from {a.effective_from.isoformat()}."
    return body, a.decision, a.citations, 0.9 if a.confidence != "low" else 0.75, a.disclaimer


_value = known  # a sourced value in words: "unclear: why", "unknown", "112,300"


def _money(value: object) -> str:
    return f"${_value(value)}" if isinstance(value, int | float) else _value(value)


def _credential(kb: KnowledgeBase, q: Query, _: str) -> Result:
    c: Any = questions.credential(kb, q.credential or "")
    cites = _sources(getattr(c, "sources", []))
    if isinstance(c, questions.StateCredentialAnswer):  # what its record holds, nothing more
        body = f"{c.name} ({c.id}), issued by {c.state_name}: {c.summary}"
        if q.fact in ("eligibility", "summary") and c.requires:
            body += " It requires: " + "; ".join(c.requires) + "."
        if q.fact in ("renewal", "fees", "exam"):
            what = {"renewal": "renewal rule", "fees": "fee", "exam": "exam"}[q.fact]
            body += f" Its {what} is not in the record: unknown, not zero; ask {c.state_name}'s board."
        return body, None, cites, 0.8, DISCLAIMER
    name = f"{c.name}"
    fact = q.fact or "summary"
    if fact == "renewal":
        r = c.renewal
        years = f" ({r.period_months / 12:g} years)" if isinstance(r.period_months, int) else ""
        body = f"{name} is renewed every {_value(r.period_months)} months{years}"
        body += f", counted from the {_value(r.counted_from)}." if r.counted_from else "."
        if r.ce_units is not None:
            body += f" Renewal by continuing education: {_value(r.ce_units)} {_value(r.ce_unit_name or 'units')}."
        if r.lapse:
            body += f" Lapse: {_value(r.lapse)}"
        block = r
    elif fact == "fees":
        f = c.fees
        body = f"{name}: the exam fee is {_money(f.exam_member_usd)} for members and {_money(f.exam_nonmember_usd)}"
        body += " for non-members." + (f" {_value(f.notes)}" if f.notes else "")
        block = f
    elif fact == "exam" and c.exam is None:
        body, block = f"{name}: its record has no exam (it is a {c.kind}).", c
    elif fact == "exam":
        e = c.exam
        body = f"{name}: the exam has {_value(e.items_total)} questions ({_value(e.items_scored)} scored) in "
        body += f"{_value(e.minutes)} minutes; passing score {_value(e.passing_score)}."
        if e.vendor:
            body += f" Given by {_value(e.vendor)}."
        block = e
    elif fact == "eligibility":
        routes = "; ".join(r.name for r in c.eligibility)
        body = f"{name} has {len(c.eligibility)} eligibility route(s): {routes}."
        block = c.eligibility[0] if c.eligibility else c
    elif fact == "issuer":
        org = kb.organizations.get(c.issuer)
        body = f"{name} is issued by {org.name if org else c.issuer}" + (f" ({org.abbreviation})." if org else ".")
        block = c
    elif fact == "accreditation":
        acc = c.accreditation
        body = f"{name}: NCCA accredited: {_yes(acc.ncca)}; ISO/IEC 17024 accredited: {_yes(acc.iso17024)}."
        body += f" {acc.notes}" if acc.notes else ""
        block = acc
    else:
        body, block = f"{name}: {c.summary}", c
    cites = _sources(getattr(block, "sources", None) or c.sources)
    return body, None, cites, 0.85 if getattr(block, "confidence", "high") != "low" else 0.7, None


def _yes(value: object) -> str:
    return "yes" if value is True else "no" if value is False else _value(value)


def _sources(sources: Sequence[Any]) -> list[Citation]:
    return [Citation(s.title, s.url) for s in sources]


def _as_citations(items: Sequence[Any]) -> list[Citation]:
    """Sources or citations, as citations (a source has no legal citation)."""
    return [Citation(c.title, c.url, getattr(c, "citation", None)) for c in items]


def _compare(kb: KnowledgeBase, q: Query, _: str) -> Result:
    table = questions.compare(kb, q.credentials[:4])
    rows = table.rows
    parts = []
    for cid in table.credentials:
        cost = rows.get("ten_year_cost_usd", {}).get(cid)
        renewal = rows.get("renewal", {}).get(cid)
        bits = [f"issued by {rows['issuer'][cid]}"]
        if renewal:
            bits.append(f"renewal: {renewal}")
        if cost:
            bits.append(f"10-year cost: {cost}")
        parts.append(f"{cid}: " + "; ".join(bits))
    body = "Neither is better everywhere: they are compared on published facts. " + ". ".join(parts) + "."
    return body, None, _as_citations(table.citations), 0.8, None


def _highest(kb: KnowledgeBase, q: Query, _: str) -> Result:
    h = questions.highest(kb)
    return h.answer, None, _as_citations(h.citations), 0.9, None


MA_SOC = "31-9092"


def _wages(kb: KnowledgeBase, q: Query, text: str) -> Result:
    soc = (kb.careers[q.career].soc if q.career else None) or MA_SOC
    socs = [soc]
    words_in = f" {text.lower()} "
    if soc != MA_SOC and any(w in words_in for w in (" ma ", " mas ", " medical assistant")):
        socs.insert(0, MA_SOC)  # "what do MAs make compared to nurses": both
    report = questions.wages(kb, q.state, None, socs)
    lines = [line for s in socs if (line := _pay_line(report, s))]
    if not lines:
        return "", None, [], 0.2, None
    body = " ".join(lines)
    if q.credential:
        body += f" BLS does not publish pay by credential: these are for everyone in the job, {q.credential} or not."
    return body, None, _as_citations(report.citations), 0.85, None


def _pay_line(report: Any, soc: str) -> str | None:
    """One occupation's median pay in the state asked about, else the nation."""
    rows = [r for r in report.rows if r.soc == soc]
    row = next((r for r in rows if r.area_type == "state"), None) or next(
        (r for r in rows if r.area_type == "national"), None
    )
    if row is None:
        return None
    pay = f"${row.median_annual:,.0f} a year" if row.median_annual is not None else "not published"
    line = f"{row.title}, {row.area}: median pay {pay} (BLS OEWS, {report.release})"
    if row.p10_annual is not None and row.p90_annual is not None:
        line += f"; 10th to 90th percentile ${row.p10_annual:,.0f} to ${row.p90_annual:,.0f}"
    return line + "."


def _career(kb: KnowledgeBase, q: Query, _: str) -> Result:
    c = kb.careers[q.career or ""]
    body = f"{c.name}: {getattr(c, 'summary', '') or ''}".strip()
    o = c.outlook
    if o is not None:
        body += f" BLS outlook ({_value(o.period)}): employment change {_value(o.growth_pct)}%"
        if o.annual_openings is not None:
            body += f", about {_value(o.annual_openings)} openings a year"
        if o.entry_education is not None:
            body += f"; typical entry education: {_value(o.entry_education)}"
        body += "."
    return body, None, _sources(c.sources + (o.sources if o else [])), 0.8, None


def _organization(kb: KnowledgeBase, q: Query, _: str) -> Result:
    o = questions.organization(kb, q.organization or "")
    body = f"{o.name} ({o.abbreviation}): {o.role or o.summary}"
    if o.nonprofit is not None:
        status = o.nonprofit.status
        said = "a non-profit" if status is True else "not a non-profit" if status is False else _value(status)
        body += f" Non-profit status: {said}."
    return body, None, _sources(o.sources), 0.85, None


def _claim(kb: KnowledgeBase, q: Query, text: str) -> Result:
    hits = [h for h in retrieve.search(kb, text, kinds=("claim",)) if h.kind == "claim"]
    if not hits:
        return "", None, [], 0.2, None
    claim = kb.claims[hits[0].ident]
    body = f"The article's claim ({claim.claim}) is {words(claim.verdict).lower()}: {claim.explanation}"
    return body, None, _sources(claim.sources), 0.65, None


def _none(kb: KnowledgeBase, q: Query, text: str) -> Result:
    return "", None, [], 0.2, None


ANSWERS: dict[str, Callable[[KnowledgeBase, Query, str], Result]] = {
    "scope": _scope,
    "credential": _credential,
    "compare": _compare,
    "highest": _highest,
    "wages": _wages,
    "career": _career,
    "organization": _organization,
    "claim": _claim,
    "none": _none,
}


def batch(kb: KnowledgeBase, lines: Sequence[str]) -> list[AskAnswer]:
    """One answer per non-empty line, in order."""
    return [ask(kb, line) for line in lines if line.strip()]


__all__ = ["SURE", "AskAnswer", "ask", "batch", "understand"]
