"""Schemas of the smaller catalogues: organizations, program types, tasks, careers, claims, dataset."""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from .common import Maybe, Range, Record, Sourced, Text, Url
from .credential import ProgramField

OrgKind = Literal[
    "certifying_body",
    "program_accreditor",
    "certification_accreditor",
    "professional_association",
    "regulator",
]


class Organization(Sourced, frozen=True):
    """A certifying body, accreditor or regulator."""

    id: Text
    name: Text
    abbreviation: Text
    kind: OrgKind
    website: Url
    summary: Text
    parent: str | None = None


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
