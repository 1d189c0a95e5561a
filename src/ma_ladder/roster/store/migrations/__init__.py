"""Alembic migrations of the roster store, applied by ``ma_ladder.roster.store.upgrade`` (no alembic.ini)."""
