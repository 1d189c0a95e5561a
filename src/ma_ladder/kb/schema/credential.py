"""Schema of a credential: who issues it, every eligibility route, the exam, fees, renewal.

Eligibility routes are structured (not prose) so that the planner can decide whether a person
qualifies; anything a route needs that the structure can't express goes in ``other`` as text.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from .common import Check, Maybe, Record, Sourced, Text

Track = Literal[
    "general",
    "administrative",
    "phlebotomy",
    "ekg",
    "ophthalmic",
    "order_entry",
    "instructor",
    "management",
]
RouteKind = Literal[
    "education",
    "experience",
    "military",
    "apprenticeship",
    "credential",
    "instructor",
    "recertification",
]
ProgramField = Literal[
    "medical_assisting", "medical_administrative", "phlebotomy", "ekg", "ophthalmic", "allied_health", "any"
]


class ProgramRequirement(Record, frozen=True):
    """A training program a route asks for."""

    field: ProgramField
    accreditation: list[str] = []  # org ids; empty = any program
    approved_by_issuer: bool = False
    level: str | None = None  # program level where an accreditor has several, e.g. technician
    min_hours: int | None = None
    completed_within_months: int | None = None
    may_test_before_completion_days: int | None = None
    practical: list[str] = []  # e.g. 30 venipunctures


class ExperienceRequirement(Record, frozen=True):
    """Supervised work a route asks for.

    Where sources disagree, ``months`` is the smallest figure any of them gives and ``disputed`` says
    what the others say: nobody qualifies with less, and anyone near the line is told to confirm.
    """

    field: ProgramField
    months: int
    within_months: int | None = None
    disputed: str | None = None


class Requirement(Record, frozen=True):
    """Everything one route needs; all listed parts are required together."""

    high_school: bool = False
    program: ProgramRequirement | None = None
    experience: ExperienceRequirement | None = None
    military: bool = False
    apprenticeship: bool = False
    credentials_any: list[str] = []  # hold one of these ids
    external: list[Text] = []  # requirements outside the knowledge base that no plan can add
    other: list[Text] = []


class Route(Sourced, frozen=True):
    """One way to become eligible for the exam."""

    id: Text
    name: Text
    kind: RouteKind
    requires: Requirement
    notes: str | None = None


class ContentArea(Record, frozen=True):
    name: Text
    weight_pct: Maybe[float] | None = None


class Exam(Sourced, frozen=True):
    """The certifying exam as the issuer (or the best source found) describes it."""

    items_total: Maybe[int]
    items_scored: Maybe[int]
    items_pretest: Maybe[int]
    minutes: Maybe[int]
    content_areas: Maybe[list[ContentArea]]
    vendor: Maybe[str]
    passing_score: Maybe[str]
    practical: str | None = None
    attempts: str | None = None
    notes: str | None = None


class Fees(Sourced, frozen=True):
    """Exam fees in US dollars; ``None`` where the fee type doesn't exist."""

    exam_nonmember_usd: Maybe[float]
    exam_member_usd: Maybe[float] | None = None
    route_fees_usd: dict[str, float] = {}  # route id -> fee, where it differs
    notes: str | None = None


class CeArea(Record, frozen=True):
    area: Text
    min_units: float


class RenewalChange(Sourced, frozen=True):
    """A dated change of an issuer's renewal rules: ``date`` is the day it took effect, ``change`` what changed."""

    date: date
    change: Text
    notes: str | None = None


class Renewal(Sourced, frozen=True):
    """How the credential is kept current and what happens when it lapses."""

    period_months: Maybe[int]
    counted_from: Text
    methods: list[Literal["ce", "exam", "fee", "work"]]
    ce_units: Maybe[float] | None = None
    ce_unit_name: str | None = None
    ce_split: list[CeArea] = []
    renewal_fee_usd: Maybe[float] | None = None  # charged once per period
    annual_fee_usd: Maybe[float] | None = None  # charged every year
    lapse: Maybe[str] | None = None
    reinstatement: Maybe[str] | None = None
    reactivation_fee_usd: Maybe[float] | None = None  # charged on top of the exam after a lapse
    history: list[RenewalChange] = []  # dated changes of these rules, oldest first
    # The structured rule the compliance engine computes dates from (None = not researched; an Unclear
    # says why the sources leave it open). ``due`` is the last day a cycle is current:
    # anniversary = the same day ``period_months`` after the anchor (a missing day, e.g. Feb 29 or
    # Jan 31 + 1 month, falls back to the month's last day); month_end = the last day of the month
    # ``period_months`` after the anchor's month.
    due_rule: Maybe[Literal["anniversary", "month_end"]] | None = None
    due_rule_from: date | None = None  # the first anchor date the due rule covers; earlier cycles are unknown
    # days after the due date in which the holder may still renew without retesting (not current meanwhile)
    grace_days: Maybe[int] | None = None
    # the day the grace rule took effect: a credential that expired earlier counts its window from the day before
    grace_from: date | None = None
    # where the grace window is unclear but the issuer says when the credential is gone for good (only the
    # exam restores it): that many days or months after the due date
    lost_after_days: Maybe[int] | None = None
    lost_after_months: Maybe[int] | None = None
    annual_fee_due: Maybe[Literal["anniversary", "anniversary_month"]] | None = None  # when the annual fee falls due


class ExamAccreditation(Sourced, frozen=True):
    """Accreditation of the certification program itself (not of schools)."""

    ncca: Maybe[bool]
    iso17024: Maybe[bool]
    notes: str | None = None


class Credential(Record, frozen=True):
    """A certification, registration or recognition a person can earn."""

    id: Text
    name: Text
    abbreviation: Text
    issuer: Text
    track: Track
    summary: Text
    eligibility: Annotated[list[Route], Check(min_length=1)]
    exam: Exam | None
    fees: Fees
    renewal: Renewal
    accreditation: ExamAccreditation
    kind: Literal["certification", "recognition"] = "certification"
    aliases: list[str] = []
    prerequisites: list[str] = []  # credential ids held first
    notes: list[str] = []

    def blocks(self) -> list[Sourced]:
        """Every sourced block of facts: routes, exam, fees, renewal, accreditation."""
        return [*self.eligibility, *([self.exam] if self.exam else []), self.fees, self.renewal, self.accreditation]
