"""What an employer's roster says about one person: the input of the compliance engine.

Plain, frozen records with no database in them: the importer produces them from a spreadsheet, the
store saves and reloads them, and the engine reads them. Ids are already resolved against the
knowledge base (``CMA``, ``WA:MA-C``, ``injection``, ``CA``); dates the file did not give are None,
which the engine reads as unknown, never as "no deadline".
"""

from __future__ import annotations

from datetime import date

import msgspec


class HeldCredential(msgspec.Struct, frozen=True, gc=False):
    """One credential a person holds, as the roster records it."""

    credential: str  # knowledge-base id: "CMA", "RMA", "WA:MA-C"
    number: str | None = None  # the certificate or registration number
    issued: date | None = None  # first certified
    last_renewed: date | None = None  # the start of the current cycle, if renewed since issue
    expires: date | None = None  # the expiry printed on the card, if the roster gives it


class TrainingRecord(msgspec.Struct, frozen=True, gc=False):
    """Training a person completed for one task (e.g. injection training hours)."""

    task: str  # knowledge-base task id the training is for
    hours: float | None = None  # None: completed, hours not recorded
    completed: date | None = None


class StaffMember(msgspec.Struct, frozen=True, gc=False):
    """One person on the roster: where they work, what they hold, what they have trained for and do."""

    staff_id: str  # the employer's own id; unique within an organization
    name: str
    state: str  # the work state's code ("CA", "DC")
    role: str | None = None  # the employer's job title, free text
    credentials: tuple[HeldCredential, ...] = ()
    training: tuple[TrainingRecord, ...] = ()
    tasks: tuple[str, ...] = ()  # task ids this person performs
