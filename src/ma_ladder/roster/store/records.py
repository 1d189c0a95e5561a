"""The store's answers: plain frozen records, detached from any database session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class Org(msgspec.Struct, frozen=True):
    """An organization (tenant). Its token is never part of it: only the caller of ``create_org`` or
    ``rotate_token`` ever sees one."""

    id: int
    slug: str
    name: str
    created_at: datetime


class ImportSummary(msgspec.Struct, frozen=True):
    """What an import did (or, in a dry run, would do). ``rows``: people in the file; ``absent``: people on
    the roster the file did not mention, who are kept."""

    added: int
    changed: int
    unchanged: int
    rows: int
    absent: int = 0
    import_id: int | None = None  # None in a dry run
    dry_run: bool = False


class ImportRecord(msgspec.Struct, frozen=True):
    """One import in an organization's history."""

    id: int
    filename: str
    sha256: str
    actor: str
    at: datetime
    rows: int
    added: int
    changed: int
    unchanged: int
    absent: int


class AuditEntry(msgspec.Struct, frozen=True):
    """One change in an organization's audit log; ``before``/``after`` are the JSON of the record, e.g. a
    person as ``msgspec.to_builtins(StaffMember)`` gives it. An "add" of a person carries neither: the
    record added is the person's current one, or the ``before`` of their next "update"."""

    id: int
    at: datetime
    actor: str
    action: str  # "add" | "update" (a person), "create" | "rotate_token" (the organization)
    entity: str  # "staff" | "organization"
    key: str  # the staff id or the organization's slug
    before: Any | None
    after: Any | None
    import_id: int | None
