"""Is a held credential current on a date, when is it due, and what does renewing it take?

A pure function of the knowledge base: the due date comes from the issuer's rule as data
(``Renewal.due_rule``, ``period_months``, ``grace_days``…), never from a rule written here. Where the
data leaves something open, the status is ``unknown`` and ``reason`` says which fact is missing: a
roster that cannot be checked must never read as compliant. ``current`` tells the task checker what
the status means for holding the credential: True (current or expiring), False (past due, whatever the
window for renewing), None (nobody can tell from the data).

``due`` is the last day of the cycle on which the credential is still current.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import NamedTuple

import msgspec

from ..citations import Citation, dedupe, from_sources
from ..errors import UnknownName
from ..kb import KnowledgeBase
from ..kb.schema import Source
from ..kb.schema.common import Unclear
from ..kb.schema.credential import Renewal
from .records import HeldCredential

STATUSES = ("current", "expiring", "grace", "lapsed", "unknown")


class CredentialStatus(msgspec.Struct, frozen=True):
    """The state of one held credential on one date, with what renewing it takes and why."""

    credential: str
    status: str  # one of STATUSES
    due: date | None
    grace_until: date | None
    needs: list[str]
    reason: str
    citations: list[Citation]
    current: bool | None  # counts as held for tasks: True; past due: False; cannot tell: None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; a day the month lacks (Feb 29, the 31st) becomes its last day."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: date, months: int) -> date:
    """The last day of the month ``months`` after ``day``'s month."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _why(value: object) -> str:
    return value.unclear if isinstance(value, Unclear) else "not recorded in the knowledge base"


def _num(x: float) -> str:
    return f"{x:g}"


class DateRule(msgspec.Struct, frozen=True):
    """What of an issuer's renewal rule the dates act on, an unknown value read as None.

    Small and hashable, so a roster's million records share the answer of each distinct (rule, cycle
    start, card expiry); the words that explain an unknown value stay on ``Renewal``."""

    period_months: int | None = None
    due_rule: str | None = None  # "anniversary" or "month_end"; None: unknown
    due_rule_from: date | None = None
    grace_days: int | None = None
    grace_from: date | None = None
    lost_after_days: int | None = None
    lost_after_months: int | None = None


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) else None


def rule_of(renewal: Renewal) -> DateRule:
    """The date-only part of a renewal rule (an ``Unclear`` value reads as None)."""
    rule = renewal.due_rule
    return DateRule(
        _whole(renewal.period_months),
        None if rule is None or isinstance(rule, Unclear) else rule,
        renewal.due_rule_from,
        _whole(renewal.grace_days),
        renewal.grace_from,
        _whole(renewal.lost_after_days),
        _whole(renewal.lost_after_months),
    )


def _rule_store(kb: KnowledgeBase) -> dict[str, DateRule]:
    return {cid: rule_of(c.renewal) for cid, c in kb.credentials.items()}


def date_rule(kb: KnowledgeBase, cid: str) -> DateRule | None:
    """A credential's :class:`DateRule`; None for a state-issued credential (the knowledge base has no
    renewal rules for those). An id that is neither is a clear error with suggestions."""
    found = kb.cached(_rule_store).get(cid)
    if found is not None:
        return found
    if cid in kb.state_credential_ids():
        return None
    raise UnknownName("credential", cid, kb.credential_ids(), field="credential")


def rule_due(rule: DateRule, anchor: date) -> date | None:
    """The due date the rule gives for a cycle starting on ``anchor``; None where the rule is unknown
    or the cycle began before the rule recorded took effect."""
    period, kind = rule.period_months, rule.due_rule
    if period is None or kind is None:
        return None
    if rule.due_rule_from and anchor < rule.due_rule_from:
        return None
    return add_months(anchor, period) if kind == "anniversary" else month_end(anchor, period)


def computed_due(renewal: Renewal, anchor: date) -> tuple[date | None, str]:
    """The due date the issuer's rule gives for a cycle starting on ``anchor``, or None and why not."""
    due = rule_due(rule_of(renewal), anchor)
    if due is not None:
        return due, ""
    period, rule = renewal.period_months, renewal.due_rule
    if not isinstance(period, int):
        return None, f"the renewal period is unknown ({_why(period)})"
    if rule is None or isinstance(rule, Unclear):
        return None, f"the issuer's due-date rule is unknown ({_why(rule)})"
    assert renewal.due_rule_from is not None
    return None, (
        f"the cycle began {anchor.isoformat()}, before the due-date rule recorded took effect "
        f"({renewal.due_rule_from.isoformat()}); the earlier rule is not encoded"
    )


class Timing(NamedTuple):
    """What the dates alone decide about a held credential on a day: its status, whether it counts as
    held, and the dates the explanation quotes. ``case`` names the branch the words are written for."""

    case: str  # no_rules, no_due, not_begun, in_cycle, grace_window, lost, late_unknown
    status: str
    current: bool | None
    due: date | None = None
    computed: date | None = None  # what the issuer's rule gives, whether or not the card overrides it
    grace_until: date | None = None
    grace_from_rule: bool = False  # the window counts from the day before the grace rule took effect
    lost: date | None = None  # the last day before only the exam restores it, where the data says


NO_RULES = Timing("no_rules", "unknown", None)
"""The timing of a state-issued credential: the knowledge base has no renewal rules for it."""


def timing(rule: DateRule | None, anchor: date | None, expires: date | None, on: date, window: int) -> Timing:
    """The date arithmetic of :func:`status` and nothing else: a pure function of a small rule and a few
    dates, which a whole roster asks once per distinct input (a None rule: a state credential)."""
    if rule is None:
        return NO_RULES
    computed = rule_due(rule, anchor) if anchor is not None else None
    due = expires if expires is not None else computed
    if due is None:
        return Timing("no_due", "unknown", None, None, computed)
    if anchor is not None and on < anchor:
        return Timing("not_begun", "unknown", False, due, computed)
    if on <= due:
        return Timing("in_cycle", "expiring" if (due - on).days <= window else "current", True, due, computed)
    if rule.grace_days is not None:
        until, from_rule = _grace_until(rule, due, rule.grace_days)
        return Timing("grace_window", "grace" if on <= until else "lapsed", False, due, computed, until, from_rule)
    lost = _lost(rule, due)
    if lost is not None and on > lost:
        return Timing("lost", "lapsed", False, due, computed, lost=lost)
    return Timing("late_unknown", "unknown", False, due, computed, lost=lost)


def _needs(renewal: Renewal, anchor: date | None, on: date, lapsed: bool) -> list[str]:
    """What renewing takes, in plain words; an unknown value reads ``unknown (why)``."""
    out: list[str] = []
    if lapsed:
        out.append("pass the certification exam again")
        fee = renewal.reactivation_fee_usd
        if isinstance(fee, (int, float)):
            out.append(f"reactivation fee {_num(fee)} USD on top of the exam fee")
        elif isinstance(fee, Unclear):
            out.append(f"reactivation fee: unknown ({fee.unclear})")
    elif "ce" in renewal.methods:
        units = renewal.ce_units
        if isinstance(units, (int, float)):
            text = f"{_num(units)} {renewal.ce_unit_name or 'CE units'}"
            if renewal.ce_split:
                text += " (at least " + ", ".join(f"{_num(a.min_units)} {a.area}" for a in renewal.ce_split) + ")"
            out.append(text)
        else:
            out.append(f"CE: unknown ({_why(units)})")
    if not lapsed and renewal.renewal_fee_usd is not None:
        fee = renewal.renewal_fee_usd
        out.append(
            f"renewal fee {_num(fee)} USD" if not isinstance(fee, Unclear) else f"renewal fee: unknown ({fee.unclear})"
        )
    if renewal.annual_fee_usd is not None:
        out.append(_annual(renewal, anchor, on))
    return out


def _annual(renewal: Renewal, anchor: date | None, on: date) -> str:
    fee = renewal.annual_fee_usd
    if isinstance(fee, Unclear):
        return f"annual fee: unknown ({fee.unclear})"
    assert fee is not None
    head = f"annual fee {_num(fee)} USD"
    when = renewal.annual_fee_due
    if anchor is None:
        return f"{head} (due date unknown: no certification date on the roster)"
    if when is None or isinstance(when, Unclear):
        return f"{head} (due date unknown: {_why(when)})"
    years = max(1, on.year - anchor.year)
    nxt = add_months(anchor, 12 * years)
    while nxt <= on:
        years += 1
        nxt = add_months(anchor, 12 * years)
    if when == "anniversary_month":
        return f"{head} due in {nxt:%Y-%m} (the certification's anniversary month)"
    return f"{head} due {nxt.isoformat()}"


def _citation_store(kb: KnowledgeBase) -> dict[tuple[str, bool], list[Citation]]:
    return {}


def _cites(kb: KnowledgeBase, cid: str, with_history: bool = False) -> list[Citation]:
    """A credential's renewal citations (plus the dated change that set its grace window), built once
    per knowledge base: a roster cites the same few pages a million times."""
    store = kb.cached(_citation_store)
    key = (cid, with_history)
    if key not in store:
        renewal = kb.credentials[cid].renewal
        extra = _history(renewal, renewal.grace_from) if with_history else []
        store[key] = from_sources([*renewal.sources, *extra])
    return store[key]


def _state_credential(kb: KnowledgeBase, credential: str, t: Timing) -> CredentialStatus:
    st, sc = kb.state_credentials()[credential]
    reason = (
        f"{credential} ({sc.name}) is issued by {st.name}; the knowledge base has no renewal rules for "
        "state-issued credentials, so whether it is current cannot be checked here: confirm with the state"
    )
    return CredentialStatus(
        credential,
        t.status,
        None,
        None,
        ["renewal rules: unknown (state credential)"],
        reason,
        dedupe(from_sources(sc.sources)),
        t.current,
    )


CYCLE_START = ("last_renewed", "issued")
"""The fields of a :class:`.records.HeldCredential` the current cycle may start on, first choice first:
the last renewal, else the first certification (the whole-roster path reads the same list)."""


def cycle_start(held: HeldCredential) -> date | None:
    """The day the current cycle began: the first of :data:`CYCLE_START` the roster gives."""
    for field in CYCLE_START:
        day: date | None = getattr(held, field)
        if day is not None:
            return day
    return None


def status(kb: KnowledgeBase, held: HeldCredential, on: date, window_days: int = 90) -> CredentialStatus:
    """The status of one held credential on ``on``; due within ``window_days`` (inclusive) is ``expiring``.

    The anchor is the last renewal, else the first certification. A card's printed ``expires`` wins
    over the computed date (the issuer knows the person's record); ``reason`` says so when they differ.
    """
    return status_at(kb, held.credential, cycle_start(held), held.expires, on, window_days)


def status_at(
    kb: KnowledgeBase, cid: str, anchor: date | None, expires: date | None, on: date, window_days: int = 90
) -> CredentialStatus:
    """:func:`status` from what it depends on: the credential, the cycle's start and the card's expiry.

    A roster repeats these three far more often than it repeats whole records (certificate numbers and
    first-certification dates differ), so the whole-roster path asks this once per distinct triple."""
    rule = date_rule(kb, cid)
    t = timing(rule, anchor, expires, on, window_days)
    if rule is None:
        return _state_credential(kb, cid, t)
    renewal = kb.credentials[cid].renewal
    notes = _notes(renewal, anchor, expires, t.computed)
    if t.case == "no_due":
        if anchor is None:
            notes.insert(0, "the roster gives no certification, renewal or expiry date")
        reason = "Status unknown: " + "; ".join(notes) + "."
        return CredentialStatus(
            cid, t.status, None, None, _needs(renewal, anchor, on, False), reason, _cites(kb, cid), t.current
        )
    assert t.due is not None
    if t.case == "not_begun":
        assert anchor is not None
        reason = f"Status unknown: {on.isoformat()} is before the cycle began ({anchor.isoformat()})."
        return CredentialStatus(cid, t.status, t.due, None, [], reason, _cites(kb, cid), t.current)
    if t.case == "in_cycle":
        return _in_cycle(kb, cid, renewal, anchor, t, on, window_days, notes)
    return _past_due(kb, cid, renewal, anchor, t, on, notes)


def _notes(renewal: Renewal, anchor: date | None, expires: date | None, computed: date | None) -> list[str]:
    """Why the issuer's rule gave no date, and whether the card's expiry replaced the computed one."""
    notes: list[str] = []
    if anchor is not None and computed is None:
        notes.append(computed_due(renewal, anchor)[1])
    if expires is not None:
        if computed is not None and computed != expires:
            notes.append(
                f"the card's expiry {expires.isoformat()} is used; the issuer's rule gives {computed.isoformat()}"
            )
        elif computed is None:
            notes.append("the card's expiry date is used")
    return notes


def _in_cycle(
    kb: KnowledgeBase,
    cid: str,
    renewal: Renewal,
    anchor: date | None,
    t: Timing,
    on: date,
    window: int,
    notes: list[str],
) -> CredentialStatus:
    assert t.due is not None
    due = t.due
    left = (due - on).days
    text = f"Current through {due.isoformat()} ({left} days left)"
    if t.status == "expiring":
        text += f"; due within the {window}-day window"
    reason = text + "".join(f"; {n}" for n in notes) + "."
    needs = _needs(renewal, anchor, on, False)
    return CredentialStatus(cid, t.status, due, None, needs, reason, _cites(kb, cid), t.current)


def _history(renewal: Renewal, on_or_after: date | None) -> list[Source]:
    """Sources of the dated rule change that set the grace window, where the data has one."""
    if on_or_after is None:
        return []
    return [s for h in renewal.history if h.date == on_or_after for s in h.sources]


def _past_due(
    kb: KnowledgeBase, cid: str, renewal: Renewal, anchor: date | None, t: Timing, on: date, notes: list[str]
) -> CredentialStatus:
    assert t.due is not None
    due = t.due
    late = (on - due).days
    head = f"Past due since {due.isoformat()} ({late} days): not current, so it does not count as held"
    tail = "".join(f"; {n}" for n in notes)
    if t.case == "grace_window":
        until = t.grace_until
        note = ""
        if t.grace_from_rule:
            assert renewal.grace_from is not None
            note = (
                f"; it expired before the {renewal.grace_days}-day rule took effect on "
                f"{renewal.grace_from.isoformat()}, so the window counts from then"
            )
        assert until is not None
        if t.status == "grace":
            reason = f"{head}; it can still be renewed without retesting until {until.isoformat()}{note}{tail}."
            needs = [*_needs(renewal, anchor, on, False), f"renew by {until.isoformat()} to avoid retesting"]
            return CredentialStatus(cid, t.status, due, until, needs, reason, _cites(kb, cid, True), t.current)
        reason = f"{head}; the window for renewing without retesting closed on {until.isoformat()}{note}{tail}."
        return CredentialStatus(
            cid, t.status, due, until, _needs(renewal, anchor, on, True), reason, _cites(kb, cid, True), t.current
        )
    lost = t.lost
    if t.case == "lost":
        assert lost is not None
        reason = (
            f"{head}; the issuer's rule ends the credential for good on {lost.isoformat()} "
            f"(only the exam restores it){tail}."
        )
        return CredentialStatus(
            cid, t.status, due, None, _needs(renewal, anchor, on, True), reason, _cites(kb, cid), t.current
        )
    then = f"; after {lost.isoformat()} only the exam restores it" if lost else ""
    reason = (
        f"{head}; whether it can still be renewed without retesting is unknown ({_why(renewal.grace_days)})"
        f"{then}{tail}."
    )
    needs = _needs(renewal, anchor, on, False)
    if renewal.reinstatement:
        text = renewal.reinstatement if isinstance(renewal.reinstatement, str) else renewal.reinstatement.unclear
        needs.append(f"reinstatement: {' '.join(text.split())}")
    return CredentialStatus(cid, t.status, due, None, needs, reason, _cites(kb, cid), t.current)


def _grace_until(rule: DateRule, due: date, days: int) -> tuple[date, bool]:
    """The last day of the window for renewing without retesting, and whether it counts from the rule's
    start: an expiry before the rule began counts from the day before (AAMA's own examples for 2020-01-01)."""
    if rule.grace_from and due < rule.grace_from:
        return rule.grace_from - timedelta(days=1) + timedelta(days=days), True
    return due + timedelta(days=days), False


def _lost(rule: DateRule, due: date) -> date | None:
    """The last day before the issuer removes the credential for good, where the data says."""
    if rule.lost_after_days is not None:
        return due + timedelta(days=rule.lost_after_days)
    if rule.lost_after_months is not None:
        return add_months(due, rule.lost_after_months)
    return None
