"""Schemas of the smaller catalogues: organizations, program types, tasks, careers, claims, dataset."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, get_args

from .common import Check, Maybe, Range, Record, Sourced, Text, Url
from .credential import ProgramField

OrgKind = Literal[
    "certifying_body",
    "program_accreditor",
    "certification_accreditor",
    "professional_association",
    "regulator",
]


class Nonprofit(Sourced, frozen=True):
    """Whether an organization is a non-profit (tax-exempt) body, as the organization or a directory states it.

    ``status`` is true, false, or an :class:`~.common.Unclear` with the reason (no source found, or the
    question does not apply, as for a government agency). It has its own sources, because a tax
    status often rests on other pages than the organization's description.
    """

    status: Maybe[bool]
    notes: str | None = None


class Organization(Sourced, frozen=True):
    """A certifying body, accreditor or regulator."""

    id: Text
    name: Text
    abbreviation: Text
    kind: OrgKind
    website: Url
    summary: Text
    parent: str | None = None
    role: str | None = None  # what the organization does, in one plain sentence (rests on the record's sources)
    nonprofit: Nonprofit | None = None


class ProgramType(Sourced, frozen=True):
    """A kind of MA training program (certificate, diploma, associate degree)."""

    id: Text
    name: Text
    award: Literal["certificate", "diploma", "associate", "apprenticeship", "military", "on_the_job", "high_school"]
    typical_months: Maybe[Range]
    typical_cost_usd: Maybe[Range]
    summary: Text
    field: ProgramField = "medical_assisting"
    level: str | None = None
    accreditors: list[str] = []  # org ids that make it CMA-eligible


TaskId = Literal[
    "vital_signs",
    "medical_history",
    "assist_exam",
    "injection",
    "medication_administration",
    "iv",
    "venipuncture",
    "capillary_puncture",
    "ekg",
    "point_of_care_test",
    "xray",
    "wound_care",
    "triage",
    "patient_education",
    "medication_refill",
    "order_entry",
    "ophthalmic_testing",
    "scheduling",
    "ehr",
    "billing_coding",
]
TASK_IDS: tuple[str, ...] = get_args(TaskId)


class Task(Record, frozen=True):
    """One task of the vocabulary, with the words people use for it."""

    id: TaskId
    name: Text
    description: Text
    synonyms: list[str]
    category: Literal["administrative", "clinical"]
    invasive: bool


_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def _check_period(period: str) -> str:
    """A projection period as BLS writes it, ``2024-34``: a start year and the last two digits of the end."""
    m = _PERIOD.fullmatch(period)
    if not m:
        raise ValueError(f"not a projection period like 2024-34: {period!r}")
    start, end = int(m.group(1)), int(m.group(2))
    if not any((start + years) % 100 == end for years in range(1, 21)):
        raise ValueError(f"the period must end 1 to 20 years after it starts: {period!r}")
    return period


Period = Annotated[str, Check(_check_period)]


class Outlook(Sourced, frozen=True):
    """BLS's projection for the occupation (SOC code) a career belongs to, as one edition states it.

    ``period`` is the projection decade (``2024-34``); ``growth_pct`` the projected change in
    employment over it, in percent; ``annual_openings`` the openings BLS projects each year on
    average (growth plus replacement), where it says; ``entry_education`` BLS's typical entry-level
    education. A figure the sources leave open is an ``Unclear`` with the reason.
    """

    soc: Text
    period: Maybe[Period]
    growth_pct: Maybe[float]
    annual_openings: Maybe[int] | None = None
    entry_education: Maybe[str] | None = None
    notes: str | None = None


class Career(Sourced, frozen=True):
    """A role beyond the entry MA job: employer tier, specialty, manager, educator, nursing bridge."""

    id: Text
    name: Text
    kind: Literal["employer_tier", "specialty", "management", "education", "licensed_bridge"]
    summary: Text
    requirements: list[Text]
    credentials: list[str] = []  # related credential ids
    soc: str | None = None
    licensed: bool = False
    typical_months: Maybe[Range] | None = None
    typical_cost_usd: Maybe[Range] | None = None
    outlook: Outlook | None = None  # BLS projection for ``soc``


Verdict = Literal["true", "partly_true", "false", "outdated", "unverifiable"]


class Claim(Sourced, frozen=True):
    """One claim of the seed article, paraphrased, with a verdict and the sources behind it."""

    id: Text
    section: Text
    claim: Text
    verdict: Verdict
    explanation: Text
    credentials: list[str] = []  # the real credentials it maps to


class Dataset(Record, frozen=True):
    """Version, as-of date and licence of the knowledge base; every answer reports the version."""

    name: Text
    version: Text
    as_of: date
    licence: Text
    licence_url: Url
    description: Text
