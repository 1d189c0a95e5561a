"""Plain words for the ids the data and the JSON use: what a person reads instead of ``not_eligible``.

The CLI's text and the web pages both print through these, so one id reads the same everywhere;
JSON keeps the ids, which are the stable contract.
"""

from __future__ import annotations

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
