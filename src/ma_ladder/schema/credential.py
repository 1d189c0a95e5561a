"""Schema of a credential: who issues it, every eligibility route, the exam, fees, renewal.

Eligibility routes are structured (not prose) so that the planner can decide whether a person
qualifies; anything a route needs that the structure can't express goes in ``other`` as text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Maybe, Sourced, Strict, Text

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


class ProgramRequirement(Strict):
    """A training program a route asks for."""

    field: ProgramField
    accreditation: list[str] = Field(default_factory=list, description="org ids; empty = any program")
    approved_by_issuer: bool = False
    level: str | None = Field(None, description="program level where an accreditor has several, e.g. technician")
    min_hours: int | None = None
    completed_within_months: int | None = None
    may_test_before_completion_days: int | None = None
    practical: list[str] = Field(default_factory=list, description="e.g. 30 venipunctures")


class ExperienceRequirement(Strict):
    """Supervised work a route asks for.

    Where sources disagree, ``months`` is the smallest figure any of them gives and ``disputed`` says
    what the others say: nobody qualifies with less, and anyone near the line is told to confirm.
    """

    field: ProgramField
    months: int
    within_months: int | None = None
    disputed: str | None = None


class Requirement(Strict):
    """Everything one route needs; all listed parts are required together."""

    high_school: bool = False
    program: ProgramRequirement | None = None
    experience: ExperienceRequirement | None = None
    military: bool = False
    apprenticeship: bool = False
    credentials_any: list[str] = Field(default_factory=list, description="hold one of these ids")
    external: list[Text] = Field(
        default_factory=list, description="requirements outside the knowledge base that no plan can add"
    )
    other: list[Text] = Field(default_factory=list)


class Route(Sourced):
    """One way to become eligible for the exam."""

    id: Text
    name: Text
    kind: RouteKind
    requires: Requirement
    notes: str | None = None


class ContentArea(Strict):
    name: Text
    weight_pct: Maybe[float] | None = None


class Exam(Sourced):
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


class Fees(Sourced):
    """Exam fees in US dollars; ``None`` where the fee type doesn't exist."""

    exam_member_usd: Maybe[float] | None = None
    exam_nonmember_usd: Maybe[float]
    route_fees_usd: dict[str, float] = Field(default_factory=dict, description="route id -> fee, where it differs")
    notes: str | None = None


class CeArea(Strict):
    area: Text
    min_units: float


class Renewal(Sourced):
    """How the credential is kept current and what happens when it lapses."""

    period_months: Maybe[int]
    counted_from: Text
    methods: list[Literal["ce", "exam", "fee", "work"]]
    ce_units: Maybe[float] | None = None
    ce_unit_name: str | None = None
    ce_split: list[CeArea] = Field(default_factory=list)
    renewal_fee_usd: Maybe[float] | None = Field(None, description="charged once per period")
    annual_fee_usd: Maybe[float] | None = Field(None, description="charged every year")
    lapse: Maybe[str] | None = None
    reinstatement: Maybe[str] | None = None
    reactivation_fee_usd: Maybe[float] | None = Field(None, description="charged on top of the exam after a lapse")


class ExamAccreditation(Sourced):
    """Accreditation of the certification program itself (not of schools)."""

    ncca: Maybe[bool]
    iso17024: Maybe[bool]
    notes: str | None = None


class Credential(Strict):
    """A certification, registration or recognition a person can earn."""

    id: Text
    name: Text
    abbreviation: Text
    issuer: Text
    track: Track
    kind: Literal["certification", "recognition"] = "certification"
    aliases: list[str] = Field(default_factory=list)
    summary: Text
    prerequisites: list[str] = Field(default_factory=list, description="credential ids held first")
    eligibility: list[Route] = Field(min_length=1)
    exam: Exam | None
    fees: Fees
    renewal: Renewal
    accreditation: ExamAccreditation
    notes: list[str] = Field(default_factory=list)

    def blocks(self) -> list[Sourced]:
        """Every sourced block of facts: routes, exam, fees, renewal, accreditation."""
        return [*self.eligibility, *([self.exam] if self.exam else []), self.fees, self.renewal, self.accreditation]
