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

from ..errors import DataIssue, UnknownName, UsageError, shown
from ..kb import KnowledgeBase, resolve
from ..kb.schema.credential import ProgramField
from ..kb.validate import validate
from . import INTERESTS, Interest

__all__ = [
    "INTERESTS",
    "Held",
    "Profile",
    "Program",
    "amount",
    "check",
    "day",
    "from_dict",
    "from_file",
    "normalise",
    "whole_number",
    "yes_no",
]

MAX_MONTHS = 1200  # 100 years: a larger count of months is a typo, and would only overflow the sums
MAX_USD = 1_000_000_000  # no path costs a thousandth of this; more is a typo
MAX_HOURS = 100_000
# A profile file is a few lines, three levels deep at most (program: accreditation: [caahep]); these
# limits refuse, with a clear message, a file that could only hang or crash the reader.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_VALUES = 10_000


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
    hours: int | None = Field(None, ge=0, le=MAX_HOURS)
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
        if self.status == "graduated" and self.expected_graduation:
            raise ValueError(
                "status is 'graduated' but expected_graduation is set; give the date as graduated_on instead"
            )
        if self.enrolled_on and self.expected_graduation and self.expected_graduation < self.enrolled_on:
            raise ValueError(
                f"expected_graduation ({self.expected_graduation}) is before enrolled_on ({self.enrolled_on});"
                " check both dates"
            )
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
    experience_months: dict[ProgramField, Annotated[int, Field(ge=0, le=MAX_MONTHS)]] = Field(default_factory=dict)
    military_medical: bool = False
    credentials: list[Held] = Field(default_factory=list)
    interests: list[Interest] = Field(default_factory=list)
    budget_usd: float | None = Field(None, ge=0, le=MAX_USD)
    months_available: int | None = Field(None, ge=0, le=MAX_MONTHS)
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
    """Read and validate a profile file; every problem names its field and line.

    A file that could only hang or crash a reader is refused with a message first: one larger than
    a profile can be, one nested deeper than a profile goes, one whose YAML aliases refer to
    themselves (``a: &x [*x]``) or expand to a flood of values (the "billion laughs").
    """
    label = str(path) if len(str(path)) <= 200 else shown(str(path))
    try:
        if not path.exists():
            raise UsageError(f"profile file {label} does not exist; check the path", "profile")
        if path.is_dir():
            raise UsageError(f"profile file {label} is a folder; give the path of a YAML or JSON file", "profile")
        size = path.stat().st_size
        text = path.read_text(encoding="utf-8") if size <= MAX_FILE_BYTES else ""
    except UnicodeDecodeError:
        raise UsageError(f"profile file {label} is not UTF-8 text; save it as UTF-8", "profile") from None
    except (OSError, ValueError) as exc:  # a name too long, a null byte in it, no permission
        why = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"profile file {label} cannot be read ({why}); check the path", "profile") from None
    if size > MAX_FILE_BYTES:
        raise UsageError(
            f"profile file {label} is {size:,} bytes; a profile is a few lines (at most {MAX_FILE_BYTES:,} bytes)",
            "profile",
        )
    from ..kb.yamlfile import parse_yaml  # YAML loads only when a profile file is read

    shape = _shape(text, label)
    if shape is not None:
        issues = [shape]
    else:
        data, node, issues = parse_yaml(path, label)
        if not issues:
            if not isinstance(data, dict):
                issues = [DataIssue(label, 1, "(file)", "a profile is a mapping of fields, e.g. 'state: TX'")]
            else:
                profile, issues = validate(Profile, data, node, label)
                if profile is not None:
                    return profile
    raise UsageError("the profile is not valid:\n" + "\n".join(f"  {i}" for i in issues), "profile")


def _shape(text: str, label: str) -> DataIssue | None:
    """The first reason the file's YAML can't be a profile's shape, read as events (which expand no
    alias and build nothing, so this takes time in proportion to the file): nesting deeper than
    :data:`MAX_DEPTH`, an alias inside the value it names, or aliases that expand to more than
    :data:`MAX_VALUES` values. A syntax error is left to the parser, which reports its line."""
    import yaml

    from ..kb.yamlfile import SafeLoader

    open_: list[tuple[str | None, int]] = []  # the collections being read: anchor, values so far
    sizes: dict[str, int] = {}  # anchor -> how many values its node expands to
    total = 0
    try:
        for ev in yaml.parse(text, Loader=SafeLoader):
            line = ev.start_mark.line + 1 if ev.start_mark else None
            n = 0
            if isinstance(ev, yaml.CollectionStartEvent):
                open_.append((ev.anchor, 1))
                total += 1
                if len(open_) > MAX_DEPTH:
                    return DataIssue(
                        label,
                        line,
                        "(file)",
                        f"the data is nested more than {MAX_DEPTH} levels deep; a profile needs three at most,"
                        " e.g. 'program: {accreditation: [caahep]}'",
                    )
            elif isinstance(ev, yaml.CollectionEndEvent) and open_:
                anchor, n = open_.pop()
                if anchor:
                    sizes[anchor] = n
            elif isinstance(ev, yaml.ScalarEvent):
                n = 1
                total += 1
                if ev.anchor:
                    sizes[ev.anchor] = 1
            elif isinstance(ev, yaml.AliasEvent):
                if any(anchor == ev.anchor for anchor, _ in open_):
                    return DataIssue(
                        label,
                        line,
                        "(file)",
                        f"the alias *{ev.anchor} is inside the value &{ev.anchor} names, so that value never ends;"
                        " write the value out instead of the alias",
                    )
                n = sizes.get(ev.anchor or "", 1)
                total += n
            if n and open_:
                anchor, m = open_[-1]
                open_[-1] = (anchor, m + n)
            if total > MAX_VALUES:
                return DataIssue(
                    label,
                    line,
                    "(file)",
                    f"the data expands to more than {MAX_VALUES:,} values (its aliases repeat each other);"
                    " a profile has a few dozen: write the values out",
                )
    except yaml.YAMLError:
        return None
    return None


def from_dict(data: dict[str, Any]) -> Profile:
    """Validate a profile given as data (CLI options, API body)."""
    profile, issues = validate(Profile, data, None, "profile")
    if profile is None:
        raise UsageError("the profile is not valid:\n" + "\n".join(f"  {i}" for i in issues), "profile")
    return profile


def check(kb: KnowledgeBase, data: dict[str, Any]) -> Profile:
    """Validate and normalise profile data: what every profile goes through, whole or one answer at a time."""
    return normalise(kb, from_dict(data))


def normalise(kb: KnowledgeBase, p: Profile) -> Profile:
    """Resolve names to ids (state code, credential ids, org ids); a miss names the field."""

    def field(name: str, fn: Any, value: str) -> str:
        try:
            return str(fn(kb, value))
        except UnknownName as exc:
            raise exc.within(f"profile field {name}: ", name) from None

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


# What a person types for one field (an option, an answer to a question), read the one way: each
# raises a UsageError that says what was wrong with the text and what to write instead.


def whole_number(text: str, what: str, most: int = MAX_MONTHS) -> int:
    """A whole number from 0 to ``most``, e.g. a count of months."""
    t = text.strip()
    if t.startswith("-") and t[1:].strip().isascii() and t[1:].strip().isdigit():
        raise UsageError(f"{what}: {shown(text)} is negative; give a whole number of 0 or more, e.g. 12", what)
    if not (t.isascii() and t.isdigit()):
        raise UsageError(f"{what}: {shown(text)} is not a whole number; write digits only, e.g. 12", what)
    if len(t.lstrip("0")) > len(str(most)) or int(t) > most:
        raise UsageError(f"{what}: {shown(text)} is more than {most:,}; check the number", what)
    return int(t)


def amount(text: str, what: str, most: float = MAX_USD) -> float:
    """An amount of US dollars from 0 to ``most``; ``$3,000`` reads as 3000."""
    t = text.strip().removeprefix("$").replace(",", "").strip()
    try:
        value = float(t)  # accepts 'nan', 'inf' and '1e400' (inf): refused below with their own reason
    except ValueError:
        raise UsageError(f"{what}: {shown(text)} is not an amount of dollars; write digits, e.g. 3000", what) from None
    if math.isnan(value):
        raise UsageError(f"{what}: {shown(text)} is not a number; write an amount of dollars, e.g. 3000", what)
    if value < 0:
        raise UsageError(f"{what}: {shown(text)} is negative; give an amount of 0 or more, e.g. 3000", what)
    if value > most:
        raise UsageError(f"{what}: {shown(text)} is more than ${most:,.0f}; check the number", what)
    return value


def day(text: str, what: str) -> date:
    """A date written YYYY-MM-DD."""
    t = text.strip()
    try:
        if len(t) != 10 or t[4] != "-" or t[7] != "-":
            raise ValueError(t)
        return date.fromisoformat(t)
    except ValueError:
        raise UsageError(f"{what}: {shown(text)} is not a date; use YYYY-MM-DD, e.g. 2027-05-31", what) from None


YES, NO = ("y", "yes", "true"), ("n", "no", "false")


def yes_no(text: str, what: str) -> bool:
    """Yes or no (y, n, true, false, any case)."""
    t = text.strip().lower()
    if t in YES or t in NO:
        return t in YES
    raise UsageError(f"{what}: {shown(text)} is not yes or no; answer y or n", what)
