"""Is a person eligible for a credential now? By which route, or what is missing?

Each route's structured requirements are checked against the profile. A requirement the data holds
only as text (``other``, practical skills, hours the profile doesn't state) is never assumed met or
unmet: it is listed under ``to_confirm``.

A state-issued credential (``WA:MA-C``) is checked on what its record holds: a current national
credential its ``satisfied_by`` lists makes a person eligible once they confirm the state's other
requirements; a record whose requirements are only text never makes anyone eligible.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import msgspec

from ..citations import Citation, from_sources
from ..kb import KnowledgeBase
from ..kb.schema import Credential, Route, State, StateCredential
from ..kb.schema.credential import ProgramRequirement
from .profile import Profile

Status = Literal["held", "eligible", "eligible_to_confirm", "lapsed", "not_eligible"]
FIELD_WORDS = {
    "medical_assisting": "medical assisting",
    "medical_administrative": "medical administrative",
    "phlebotomy": "phlebotomy",
    "ekg": "EKG",
    "ophthalmic": "ophthalmic",
    "allied_health": "allied-health",
    "any": "relevant",
}


def article(word: str) -> str:
    """'a' or 'an' before a word, by its sound (EKG is said "ee-kay-gee")."""
    return "an" if word[:1].lower() in "aeio" or word.startswith(("EKG", "MA ", "RN")) else "a"


class RouteCheck(msgspec.Struct, frozen=True):
    route: str
    name: str
    kind: str
    met: bool
    missing: list[str]
    to_confirm: list[str]


class Eligibility(msgspec.Struct, frozen=True):
    credential: str
    name: str
    status: Status
    route: str | None
    missing: list[str]
    to_confirm: list[str]
    routes: list[RouteCheck] = msgspec.field(default_factory=list)
    citations: list[Citation] = msgspec.field(default_factory=list)


def _months_after(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (dateutil loads only when needed)."""
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


def _field_ok(wanted: str, have: str) -> bool:
    return wanted in ("any", "allied_health") or wanted == have


def program_gaps(req: ProgramRequirement, p: Profile, cid: str, on: date) -> tuple[list[str], list[str]]:
    """What a program requirement still needs, and what must be confirmed by hand."""
    prog, words = p.program, FIELD_WORDS[req.field]
    acc = " or ".join(a.upper() for a in req.accreditation)
    need = f"{article(words)} {words} program" + (f" accredited by {acc}" if acc else "")
    need += " approved by the issuer" if req.approved_by_issuer and not acc else ""
    if prog is None or not _field_ok(req.field, prog.field):
        return [f"complete {need}"], []
    missing, confirm = [], []
    accredited = bool(set(req.accreditation) & set(prog.accreditation))
    approved = req.approved_by_issuer and cid in prog.issuer_approved
    if req.accreditation and not accredited and not approved:
        missing.append(f"{need} (yours is not)")
    elif req.approved_by_issuer and not req.accreditation and not approved:
        confirm.append("the issuer must approve your program before you register")
    if prog.status == "graduated" and prog.graduated_on and prog.graduated_on > on:
        missing.append(f"graduate (your graduation date {prog.graduated_on} is after {on})")
    elif prog.status == "enrolled":
        soon = req.may_test_before_completion_days
        exp = prog.expected_graduation
        if exp and exp < on:
            missing.append(f"finish your program (its expected end, {exp}, has passed: update your profile)")
        elif not (soon and exp and (exp - on).days <= soon):
            missing.append(
                "finish your program" + (f" (you may test up to {soon} days before finishing)" if soon else "")
            )
    elif req.completed_within_months:
        if prog.graduated_on is None:
            confirm.append(f"that you graduated within the last {req.completed_within_months} months")
        elif _months_after(prog.graduated_on, req.completed_within_months) < on:
            missing.append(
                f"a graduation within the last {req.completed_within_months} months (yours was {prog.graduated_on})"
            )
    if req.level:
        if prog.level is None:
            confirm.append(f"that your program was {article(req.level)} {req.level}-level program")
        elif prog.level != req.level:
            missing.append(f"{article(req.level)} {req.level}-level program (yours was {prog.level}-level)")
    if req.min_hours:
        if prog.hours is None:
            confirm.append(f"that your program had at least {req.min_hours} hours")
        elif prog.hours < req.min_hours:
            missing.append(f"a program of at least {req.min_hours} hours (yours had {prog.hours})")
    confirm += [f"practical requirement: {x}" for x in req.practical]
    return missing, confirm


def check_route(c: Credential, route: Route, p: Profile, on: date) -> RouteCheck:
    """Check one route; ``met`` means nothing is missing (things to confirm may remain)."""
    req, missing, confirm = route.requires, [], [*route.requires.external, *route.requires.other]
    if req.high_school and p.high_school is False:
        missing.append("a high-school diploma or GED")
    elif req.high_school and p.high_school is None:
        confirm.append("a high-school diploma or GED (your profile doesn't say)")
    if req.program:
        m, cf = program_gaps(req.program, p, c.id, on)
        missing += m
        confirm += cf
    if req.experience:
        have, need = p.months_of(req.experience.field), req.experience.months
        if have < need:
            missing.append(f"{need - have} more months of {FIELD_WORDS[req.experience.field]} work experience")
        elif req.experience.within_months:
            confirm.append(f"that the experience falls within the last {req.experience.within_months} months")
        if req.experience.disputed:
            confirm.append(f"how much experience is required: {req.experience.disputed}")
    if req.military and not p.military_medical:
        missing.append("military medical training")
    if req.apprenticeship and not p.apprenticeship:
        missing.append("a completed apprenticeship")
    if req.credentials_any and not any(p.holds(x, on) for x in req.credentials_any):
        missing.append("a current " + " or ".join(req.credentials_any))
    if only_text(route):
        # Nothing structured to check: never call a person eligible on text alone.
        missing, confirm = [*req.external, *req.other], []
    return RouteCheck(route.id, route.name, route.kind, not missing, missing, confirm)


def only_text(route: Route) -> bool:
    """A route whose requirements exist only as text, so no profile can be checked against it."""
    r = route.requires
    structured = r.program or r.experience or r.military or r.apprenticeship or r.credentials_any
    return not structured and bool(r.other or r.external)  # a diploma alone never qualifies anyone


def _label(kb: KnowledgeBase, cid: str) -> str:
    c = kb.credentials.get(cid)
    return c.abbreviation if c else cid


def evaluate_state(kb: KnowledgeBase, p: Profile, st: State, sc: StateCredential, on: date) -> Eligibility:
    """Eligibility for a state-issued credential, from its record's requirements and ``satisfied_by``."""
    cites = from_sources(sc.sources)
    if p.holds(sc.id, on):
        return Eligibility(sc.id, sc.name, "held", None, [], [], [], cites)
    if sc.ended is not None and sc.ended <= on:
        gone = [f"{st.name} stopped issuing it on {sc.ended}"]
        return Eligibility(sc.id, sc.name, "not_eligible", None, gone, [], [], cites)
    confirm = [*sc.requires]
    checks = [
        RouteCheck(
            x,
            f"a current {_label(kb, x)}, which its record says meets it",
            "credential",
            p.holds(x, on),
            [] if p.holds(x, on) else [f"a current {_label(kb, x)}"],
            confirm,
        )
        for x in sc.satisfied_by
    ]
    met = next((k for k in checks if k.met), None)
    if met is not None:
        return Eligibility(sc.id, sc.name, "eligible_to_confirm", met.route, [], confirm, checks, cites)
    if checks:
        missing = ["a current " + " or ".join(_label(kb, x) for x in sc.satisfied_by)]
        return Eligibility(sc.id, sc.name, "not_eligible", None, missing, confirm, checks, cites)
    # Requirements held only as text: never call a person eligible on text alone.
    return Eligibility(sc.id, sc.name, "not_eligible", None, list(sc.requires), [], [], cites)


def evaluate(kb: KnowledgeBase, p: Profile, cid: str, on: date | None = None) -> Eligibility:
    """Eligibility for one credential, national or state-issued: held, eligible (by which route), or what's missing."""
    on = on or date.today()
    if cid in kb.state_credential_ids():
        return evaluate_state(kb, p, *kb.state_credentials()[cid], on)
    c = kb.credentials[cid]
    cites = from_sources(s for r in c.eligibility for s in r.sources)
    if p.holds(cid, on):
        return Eligibility(cid, c.name, "held", None, [], [], [], cites)
    checks = [check_route(c, r, p, on) for r in c.eligibility if r.kind != "recertification"]
    unmet_pre = [x for x in c.prerequisites if not p.holds(x, on)]
    checks = [
        RouteCheck(
            k.route,
            k.name,
            k.kind,
            k.met and not unmet_pre,
            k.missing + [f"a current {x}" for x in unmet_pre],
            k.to_confirm,
        )
        for k in checks
    ]
    best = min(checks, key=lambda k: (not k.met, len(k.missing), len(k.to_confirm)), default=None)
    if p.lapsed(cid, on):
        how = c.renewal.reinstatement
        text = how if isinstance(how, str) else "see the issuer's reinstatement rules"
        return Eligibility(cid, c.name, "lapsed", None, [f"reinstate: {text}"], [], checks, cites)
    if best is None:
        return Eligibility(cid, c.name, "not_eligible", None, ["no first-time route is recorded"], [], checks, cites)
    status: Status = "not_eligible" if not best.met else "eligible_to_confirm" if best.to_confirm else "eligible"
    return Eligibility(
        cid, c.name, status, best.route if best.met else None, best.missing, best.to_confirm, checks, cites
    )


def state_credentials_for(kb: KnowledgeBase, p: Profile) -> list[str]:
    """The state-issued credentials worth checking: the profile's state's, or every state's without one."""
    return sorted(cid for cid, (st, _) in kb.state_credentials().items() if p.state in (None, st.code))


def evaluate_all(kb: KnowledgeBase, p: Profile, on: date | None = None) -> list[Eligibility]:
    """Every national credential and the state-issued ones (see :func:`state_credentials_for`), eligible first."""
    order = {"held": 0, "eligible": 1, "eligible_to_confirm": 2, "lapsed": 3, "not_eligible": 4}
    ids = [*sorted(kb.credentials), *state_credentials_for(kb, p)]
    out = [evaluate(kb, p, cid, on) for cid in ids]
    return sorted(out, key=lambda e: (order[e.status], len(e.missing), e.credential))


class EligibilityAnswer(msgspec.Struct, frozen=True):
    profile: dict[str, Any]
    credentials: list[Eligibility]
    dataset_version: str
