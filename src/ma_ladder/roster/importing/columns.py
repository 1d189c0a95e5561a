"""The columns layer: an office's header texts ("Emp #", "Cert", "Valid Through") to our fields.

Headers are compared case-insensitively with spaces and punctuation ignored, first against the
field names, then a table of the synonyms HR systems use, then fuzzily (rapidfuzz, for typos such as
"Expiraton"). A column named for a task's training ("Injection training hours", "IM training
(hrs)") becomes training hours for that task. The mapping says how each column matched, so a person
can check a fuzzy guess before trusting the import.
"""

from __future__ import annotations

import re
from typing import Literal

import msgspec
from rapidfuzz import fuzz, process

from ...errors import UnknownName, UsageError, shown
from ...kb import resolve
from ...kb.base import KnowledgeBase

FIELDS: dict[str, str] = {
    "staff_id": "the employer's id for each person",
    "name": "the person's full name",
    "first_name": "first name (with last_name, instead of name)",
    "last_name": "last name (with first_name, instead of name)",
    "state": "the state the person works in",
    "role": "job title",
    "credential": "the credential held (CMA, RMA, MA-C…)",
    "credential_number": "the certificate or registration number",
    "issued": "date first certified",
    "last_renewed": "date of the last renewal",
    "expires": "expiry date on the card",
    "tasks": "tasks the person performs, separated by ; , or |",
    "training": 'training completed, e.g. "injection: 12; venipuncture 20h"',
}
REQUIRED = ("staff_id", "name", "state")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "staff_id": (
        "Staff ID", "Employee ID", "Employee Number", "Employee No", "Employee #", "Emp ID", "Emp #", "Emp No",
        "EmpID", "Staff No", "Staff Number", "Staff #", "ID", "Badge", "Badge Number", "Badge #", "Person ID",
        "Personnel Number", "Worker ID", "EEID", "Associate ID", "Team Member ID",
    ),
    "name": ("Name", "Full Name", "Employee Name", "Staff Name", "Employee", "Staff Member", "Person", "MA Name"),
    "first_name": ("First Name", "First", "Given Name", "FName", "Forename", "Preferred First Name"),
    "last_name": ("Last Name", "Last", "Surname", "Family Name", "LName"),
    "state": (
        "State", "Work State", "Location State", "ST", "Practice State", "State Code", "Work Location State",
        "Clinic State", "Site State", "Jurisdiction",
    ),
    "role": ("Role", "Job Title", "Title", "Position", "Job", "Job Role", "Position Title", "Job Description"),
    "credential": (
        "Credential", "Cert", "Certification", "Credential Type", "Certificate", "Cert Type", "Certification Type",
        "License Type", "Credential Name", "Certification Name", "License", "Licence", "Registration",
    ),
    "credential_number": (
        "Credential Number", "Cert #", "Cert No", "Cert Number", "Certification Number", "Certification #",
        "Certificate Number", "Certificate #", "License Number", "License #", "License No", "Licence Number",
        "Credential #", "Credential ID", "Registration Number", "Registration #",
    ),
    "issued": (
        "Issued", "Issue Date", "Date Issued", "Issued On", "Date Certified", "Certified On", "Certified",
        "Certification Date", "Cert Date", "Original Certification Date", "Initial Certification", "Date Earned",
        "Earned", "Effective Date",
    ),
    "last_renewed": (
        "Last Renewed", "Renewed", "Renewed On", "Last Renewal", "Last Renewal Date", "Renewal Date", "Recert Date",
        "Recertification Date", "Recertified", "Last Recert", "Date Renewed",
    ),
    "expires": (
        "Expires", "Expiration", "Expiration Date", "Exp Date", "Exp", "Expiry", "Expiry Date", "Expires On",
        "Valid Through", "Valid Until", "Valid Thru", "Good Through", "Renewal Due", "Due Date",
    ),
    "tasks": (
        "Tasks", "Duties", "Tasks Performed", "Duties Performed", "Skills", "Procedures", "Responsibilities",
        "Assigned Tasks", "Competencies",
    ),
    "training": ("Training", "Trainings", "Training Completed", "Training Record", "Training Hours", "Training Hrs"),
}  # fmt: skip

FUZZY_THRESHOLD = 86  # rapidfuzz ratio (0-100) for a header to count as a misspelt synonym
NEAREST_THRESHOLD = 50  # ... and to be named as the nearest column when a required one is missing

How = Literal["exact", "synonym", "fuzzy", "task training"]


class ColumnMatch(msgspec.Struct, frozen=True):
    """One file column and the field it fills; ``task`` for a per-task training-hours column."""

    column: str  # the header text as the file has it
    position: int  # 1-based column number
    field: str
    how: How
    score: float | None = None  # the fuzzy similarity, for a fuzzy match
    matched: str | None = None  # the synonym it matched, for a synonym or fuzzy match
    task: str | None = None

    def to_dict(self) -> dict[str, object]:
        return msgspec.structs.asdict(self)


class IgnoredColumn(msgspec.Struct, frozen=True):
    column: str
    position: int
    reason: str

    def to_dict(self) -> dict[str, object]:
        return msgspec.structs.asdict(self)


class Mapping(msgspec.Struct, frozen=True):
    """How a file's columns were read: the matched ones and the ones left out, with why."""

    columns: list[ColumnMatch]
    ignored: list[IgnoredColumn]

    def index(self, field: str) -> int | None:
        """The 0-based position of the column filling ``field``, if any."""
        for m in self.columns:
            if m.field == field:
                return m.position - 1
        return None

    def header(self, field: str) -> str | None:
        for m in self.columns:
            if m.field == field:
                return m.column
        return None

    def to_dict(self) -> dict[str, object]:
        return {"columns": [c.to_dict() for c in self.columns], "ignored": [c.to_dict() for c in self.ignored]}


def key(text: str) -> str:
    """How two header texts compare: lower case, letters, digits and ``#`` only ("Cert #" is "cert#")."""
    return re.sub(r"[^a-z0-9#]+", "", text.lower())


def _synonyms() -> dict[str, tuple[str, str]]:
    """Normalised synonym -> (field, synonym as written); field names themselves included."""
    out: dict[str, tuple[str, str]] = {}
    for f, names in SYNONYMS.items():
        out.setdefault(key(f), (f, f))
        for n in names:
            out.setdefault(key(n), (f, n))
    return out


_SYNONYM_INDEX = _synonyms()
_TRAINING_WORDS = re.compile(r"\b(training|trained|hours|hour|hrs|hr|h|total|completed|ce)\b|[()\[\]:#/_-]", re.I)
_TRAINING_HINT = re.compile(r"\b(training|trained|hours|hrs|hr)\b", re.I)


def _task_training(kb: KnowledgeBase, header: str) -> str | None:
    """The task a header such as "IM training (hrs)" records training for, if it names one."""
    if not _TRAINING_HINT.search(header):
        return None
    rest = " ".join(_TRAINING_WORDS.sub(" ", header).split())
    if not rest:
        return None
    try:
        return resolve.task(kb, rest)
    except UnknownName:
        return None


def match_columns(kb: KnowledgeBase, header: list[str], filename: str = "the file") -> Mapping:
    """Map each header to a field; raise a :class:`UsageError` when a required column is missing.

    Exact and synonym matches are placed first, so a fuzzy guess never takes a field a column
    names outright; a second column for a field already taken is ignored, and said to be.
    """
    found: dict[int, ColumnMatch] = {}
    taken: dict[str, str] = {}
    ignored: dict[int, IgnoredColumn] = {}
    pending: list[int] = []
    for i, text in enumerate(header):
        k = key(text)
        hit = _SYNONYM_INDEX.get(k)
        if hit is not None:
            f, syn = hit
            how: How = "exact" if k == key(f) else "synonym"
            _place(found, taken, ignored, ColumnMatch(text, i + 1, f, how, matched=None if how == "exact" else syn))
            continue
        task = _task_training(kb, text)
        if task is not None:
            _place(found, taken, ignored, ColumnMatch(text, i + 1, f"training:{task}", "task training", task=task))
            continue
        pending.append(i)
    for i in pending:
        text = header[i]
        k = key(text)
        best = process.extractOne(k, list(_SYNONYM_INDEX), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        if best is not None and len(k) >= 4:
            f, syn = _SYNONYM_INDEX[best[0]]
            _place(found, taken, ignored, ColumnMatch(text, i + 1, f, "fuzzy", round(best[1], 1), syn))
        else:
            ignored[i] = IgnoredColumn(text, i + 1, "not a roster field")
    mapping = Mapping([found[i] for i in sorted(found)], [ignored[i] for i in sorted(ignored)])
    _check_required(mapping, header, filename)
    return mapping


def _place(
    found: dict[int, ColumnMatch], taken: dict[str, str], ignored: dict[int, IgnoredColumn], m: ColumnMatch
) -> None:
    if m.field in taken:
        ignored[m.position - 1] = IgnoredColumn(m.column, m.position, f"{m.field} already read from {taken[m.field]!r}")
        return
    taken[m.field] = m.column
    found[m.position - 1] = m


def _check_required(mapping: Mapping, header: list[str], filename: str) -> None:
    fields = {m.field for m in mapping.columns}
    if "name" not in fields and {"first_name", "last_name"} <= fields:
        fields.add("name")
    missing = [f for f in REQUIRED if f not in fields]
    if not missing:
        return
    unused = [c.column for c in mapping.ignored]
    lines = [f"{filename}: the roster has no column for {', '.join(missing)}."]
    for f in missing:
        near = nearest(f, unused)
        names = ", ".join(SYNONYMS[f][:4])
        hint = f" The nearest column is {shown(near)}; rename it." if near else ""
        also = " (or first_name and last_name columns)" if f == "name" else ""
        lines.append(f"  {f} ({FIELDS[f]}){also}: name a column {f!r} or {names}.{hint}")
    lines.append(f"  Columns seen: {', '.join(shown(h, 40) for h in header) or 'none'}.")
    raise UsageError("\n".join(lines), field="columns")


def nearest(field: str, headers: list[str]) -> str | None:
    """The header most like any name of ``field``, if any is near enough to be worth naming."""
    if not headers:
        return None
    names = [key(n) for n in (field, *SYNONYMS[field])]
    best: tuple[float, str] | None = None
    for h in headers:
        hit = process.extractOne(key(h), names, scorer=fuzz.WRatio)
        if hit is not None and hit[1] >= NEAREST_THRESHOLD and (best is None or hit[1] > best[0]):
            best = (hit[1], h)
    return best[1] if best else None
