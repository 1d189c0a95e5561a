"""Plain words for the ids the data and the JSON use: what a person reads instead of ``not_eligible``.

The CLI's text and the web pages both print through these, so one id reads the same everywhere;
JSON keeps the ids, which are the stable contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DECISIONS = {
    "allowed": ("Allowed", "✓"),
    "allowed_with_conditions": ("Allowed with conditions", "✓*"),
    "not_allowed": ("Not allowed", "✗"),
    "unclear": ("Unclear", "?"),
}
WORDS = {
    "express": "Named in law",
    "general_delegation": "General delegation rule",
    "board_guidance": "Board guidance",
    "secondary_only": "Secondary sources only",
    "none_found": "No rule found",
    "partly_true": "Partly true",
    "eligible_to_confirm": "Eligible (confirm details)",
    "not_eligible": "Not yet eligible",
    "state_credential": "State credential",
    "ma_statute": "MA statute",
    "board_rule": "Board rule",
    "ten_year_cost_usd": "10-year cost",
    "fee_member_usd": "Exam fee (member)",
    "fee_nonmember_usd": "Exam fee (non-member)",
    "renewal_fee_usd": "Renewal fee",
    "annual_fee_usd": "Annual fee",
    "ncca_accredited": "NCCA accredited",
    "iso17024_accredited": "ISO/IEC 17024 accredited",
    "physician_assistant": "Physician assistant",
    "nurse_practitioner": "Nurse practitioner",
    "none": "No credential",
    "ekg": "EKG",
    "iv": "IV",
    "ehr": "EHR",
}


def words(value: object) -> str:
    """An id as plain words: a known label, else underscores to spaces with a capital first letter."""
    text = str(value)
    if text in WORDS:
        return WORDS[text]
    text = text.replace("_usd", "").replace("_", " ")
    return text[:1].upper() + text[1:]


def decision(value: str) -> str:
    """A decision id as words: ``allowed_with_conditions`` is "Allowed with conditions"."""
    return DECISIONS.get(value, (words(value), ""))[0]


def symbol(value: str) -> str:
    """A decision's symbol, so a decision never rests on colour alone."""
    return DECISIONS.get(value, ("", "?"))[1]


def either(names: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def who(credential: str | None) -> str:
    """Whom a scope answer is about: the general question (None), an MA with none, or a holder."""
    if credential is None:
        return "a medical assistant with the credential it takes"
    return "an MA with no credential" if credential == "none" else f"a holder of {credential}"


def by_credential(entries: Iterable[Any]) -> str:
    """``CMA, RMA: allowed with conditions; no credential: not allowed``: who gets what, by decision."""
    groups: dict[str, list[str]] = {}
    for b in entries:
        groups.setdefault(b.decision, []).append("no credential" if b.credential == "none" else b.credential)
    return "; ".join(f"{', '.join(names)}: {decision(d).lower()}" for d, names in groups.items())


def known(value: object, missing: str = "unknown") -> str:
    """A sourced value as text: ``unclear: why`` where the sources leave it open, ``missing`` where the
    record has none, yes/no, a range as low-high, whole numbers with thousands separators."""
    if value is None:
        return missing
    reason = getattr(value, "unclear", None)
    if reason is not None:
        return f"unclear: {reason}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "min") and hasattr(value, "max"):
        lo, hi = value.min, value.max
        return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return str(value)
