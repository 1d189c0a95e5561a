"""Alembic's entry point, configured in code: ``upgrade()`` hands over an open connection (inside its
transaction, holding the migration lock) through ``config.attributes["connection"]``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from ma_ladder.roster.store.models import VERSION_TABLE, Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("the roster migrations run through ma_ladder.roster.store.upgrade(url), not the alembic CLI")
    _run(connection)


if context.is_offline_mode():
    raise RuntimeError("the roster migrations have no offline (SQL script) mode")
_main()
