"""What a credential costs to earn and to keep, derived from its fee and renewal facts.

Only fees the issuer charges are counted; the price of CE courses varies too much to total, and
every result says so. A fee the sources leave open makes the total :class:`Unclear`, with the reason.
"""

from __future__ import annotations

from ..kb.schema import Credential, Unclear

YEARS = 10


def _fee(value: object, what: str, missing: list[str]) -> float:
    if value is None:
        return 0.0
    if isinstance(value, Unclear):
        missing.append(f"{what}: {value.unclear}")
        return 0.0
    return float(value)  # type: ignore[arg-type]


def exam_fee(c: Credential, member: bool = False) -> float | Unclear:
    """The exam fee a candidate pays (non-member unless ``member``)."""
    raw = c.fees.exam_member_usd if member and c.fees.exam_member_usd is not None else c.fees.exam_nonmember_usd
    if raw is None or isinstance(raw, Unclear):
        return raw or Unclear(unclear="the issuer's exam fee is not recorded")
    return float(raw)


def keep_cost(c: Credential, years: int = YEARS, member: bool = False) -> float | Unclear:
    """Issuer fees to earn the credential and keep it current for ``years`` years."""
    missing: list[str] = []
    first = exam_fee(c, member)
    if isinstance(first, Unclear):
        missing.append(f"exam fee: {first.unclear}")
    total = 0.0 if isinstance(first, Unclear) else first
    r = c.renewal
    period = r.period_months
    if isinstance(period, Unclear):
        missing.append(f"renewal period: {period.unclear}")
    elif r.renewal_fee_usd is not None:
        total += (years * 12 // period) * _fee(r.renewal_fee_usd, "renewal fee", missing)
    total += years * _fee(r.annual_fee_usd, "annual fee", missing)
    if missing:
        return Unclear(unclear="; ".join(missing))
    return round(total, 2)
