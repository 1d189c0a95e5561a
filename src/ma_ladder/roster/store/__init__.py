"""The roster store: organizations with hashed API tokens, their staff rosters, imports and audit log,
in SQLite (default: a file in the user's data folder) or PostgreSQL, migrated by Alembic on open."""

from __future__ import annotations

from ma_ladder.roster.store.api import Store, hash_token, slugify
from ma_ladder.roster.store.database import RosterDatabaseError, data_folder, default_url, upgrade
from ma_ladder.roster.store.records import AuditEntry, ImportRecord, ImportSummary, Org

__all__ = [
    "AuditEntry",
    "ImportRecord",
    "ImportSummary",
    "Org",
    "RosterDatabaseError",
    "Store",
    "data_folder",
    "default_url",
    "hash_token",
    "slugify",
    "upgrade",
]
