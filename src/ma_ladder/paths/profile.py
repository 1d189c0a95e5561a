"""A person's profile: where they are on the ladder, what they can spend, where they want to go.

Profiles come from a YAML/JSON file, CLI options or the interactive questionnaire; all three end
here, are validated with errors that name the field (and its line, for a file), and are normalised
against the knowledge base (state codes, credential ids) with the nearest valid name on a miss.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import DataIssue, UnknownName, UsageError
from ..kb import KnowledgeBase, resolve
from ..kb.schema.credential import ProgramField
from ..kb.validate import validate
from . import INTERESTS, Interest

__all__ = ["INTERESTS", "Held", "Profile", "Program", "from_dict", "from_file", "normalise"]


class Strict(BaseModel):
    """Base of the profile models: unknown keys are errors, so a misspelt field is reported, not dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)  # a budget of inf is a typo


class Program(Strict):
    """A training program the person is in or has finished."""

    field: ProgramField = "medical_assisting"
    status: Literal["enrolled", "graduated"]
    accreditation: list[str] = Field(default_factory=list, description="org ids, e.g. caahep; empty = none")
    issuer_approved: list[str] = Field(default_factory=list, description="credential ids whose issuer approved it")
    level: str | None = Field(None, description="e.g. assistant, technician, technologist (ophthalmic)")
    hours: int | None = Field(None, ge=0)
    enrolled_on: date | None = None
    graduated_on: date | None = None
    expected_graduation: date | None = None

    @model_validator(mode="after")
    def _dates_agree(self) -> Program:
        if self.enrolled_on and self.graduated_on and self.graduated_on < self.enrolled_on:
            raise ValueError(
                f"graduated_on ({self.graduated_on}) is before enrolled_on ({self.enrolled_on}); check both dates"
            )
        if self.status == "enrolled" and self.graduated_on:
            raise ValueError("status is 'enrolled' but graduated_on is set; use status: graduated")
        return self


class Held(Strict):
    """A credential the person holds or held; ``expires`` in the past means lapsed."""

    id: str
    earned: date | None = None
    expires: date | None = None

    @model_validator(mode="after")
    def _dates_agree(self) -> Held:
        if self.earned and self.expires and self.expires < self.earned:
            raise ValueError(f"expires ({self.expires}) is before earned ({self.earned}); check both dates")
        return self


class Profile(Strict):
    """Everything the advisor and planner know about one person."""

    state: str | None = None
    high_school: bool | None = Field(None, description="None = not said; routes that need it list it to confirm")
    program: Program | None = None
    apprenticeship: bool = False
    experience_months: dict[ProgramField, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    military_medical: bool = False
    credentials: list[Held] = Field(default_factory=list)
    interests: list[Interest] = Field(default_factory=list)
    budget_usd: float | None = Field(None, ge=0)
    months_available: int | None = Field(None, ge=0)
    goals: list[str] = Field(default_factory=list)
    member_of: list[str] = Field(default_factory=list, description="org ids, for member exam fees")
    overrides: dict[str, float] = Field(default_factory=dict, description="e.g. program:ma-certificate.months")

    def holds(self, cid: str, on: date) -> bool:
        """True if the person holds a current ``cid`` on the date."""
        return any(h.id == cid and (h.expires is None or h.expires >= on) for h in self.credentials)

    def lapsed(self, cid: str, on: date) -> bool:
        return any(h.id == cid and h.expires is not None and h.expires < on for h in self.credentials)

    def months_of(self, field: str) -> int:
        """Experience that counts for a field: any health-care work counts where a route asks for 'any'."""
        if field in ("any", "allied_health"):
            return sum(self.experience_months.values())
        return self.experience_months.get(field, 0)  # type: ignore[call-overload, no-any-return]


def from_file(path: Path) -> Profile:
    """Read and validate a profile file; every problem names its field and line."""
    label = str(path)
    if not path.exists():
        raise UsageError(f"profile file {label} does not exist")
    from ..kb.yamlfile import parse_yaml  # YAML loads only when a profile file is read

    data, node, issues = parse_yaml(path, label)
    if not issues:
        if not isinstance(data, dict):
            issues = [DataIssue(label, 1, "(file)", "a profile is a mapping of fields, e.g. 'state: TX'")]
        else:
            profile, issues = validate(Profile, data, node, label)
            if profile is not None:
                return profile
    raise UsageError("the profile is not valid:\n" + "\n".join(f"  {i}" for i in issues))


def from_dict(data: dict[str, Any]) -> Profile:
    """Validate a profile given as data (CLI options, API body)."""
    profile, issues = validate(Profile, data, None, "profile")
    if profile is None:
        raise UsageError("the profile is not valid:\n" + "\n".join(f"  {i}" for i in issues))
    return profile


def normalise(kb: KnowledgeBase, p: Profile) -> Profile:
    """Resolve names to ids (state code, credential ids, org ids); a miss names the field."""

    def field(name: str, fn: Any, value: str) -> str:
        try:
            return str(fn(kb, value))
        except UnknownName as exc:
            raise UsageError(f"profile field {name}: {exc}") from None

    changes: dict[str, Any] = {}
    if p.state:
        changes["state"] = field("state", resolve.state, p.state)
    changes["credentials"] = [
        h.model_copy(update={"id": field(f"credentials.{i}.id", resolve.credential, h.id)})
        for i, h in enumerate(p.credentials)
    ]
    changes["member_of"] = [field(f"member_of.{i}", resolve.organization, o) for i, o in enumerate(p.member_of)]
    for k, v in p.overrides.items():
        _check_override(kb, k, v)
    if p.program:
        acc = [
            field(f"program.accreditation.{i}", resolve.organization, o) for i, o in enumerate(p.program.accreditation)
        ]
        ok = [
            field(f"program.issuer_approved.{i}", resolve.credential, c)
            for i, c in enumerate(p.program.issuer_approved)
        ]
        changes["program"] = p.program.model_copy(update={"accreditation": acc, "issuer_approved": ok})
    return p.model_copy(update=changes)


OVERRIDE_FORMS = "program:<program type>.months|cost_usd, role:<career>.months|cost_usd, exam:<credential>.fee_usd"


def override_keys(kb: KnowledgeBase) -> list[str]:
    """Every key an override may use."""
    keys = [f"program:{i}.{f}" for i in kb.program_types for f in ("months", "cost_usd")]
    keys += [f"role:{i}.{f}" for i in kb.careers for f in ("months", "cost_usd")]
    return keys + [f"exam:{i}.fee_usd" for i in kb.credentials]


def _check_override(kb: KnowledgeBase, key: str, value: float) -> None:
    """An override must name a real figure and be a finite number of 0 or more."""
    valid = override_keys(kb)
    if key not in valid:
        raise UnknownName("override", key, valid)
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"override {key}={value}: use a number of 0 or more ({OVERRIDE_FORMS})")
