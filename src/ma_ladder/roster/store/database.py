"""Opening the roster database: where it lives by default, how a URL becomes an engine, and the
schema migrations applied on every open.

Two backends are supported: SQLite (one file, the default, for a single clinic or a laptop) and
PostgreSQL through psycopg 3 (for a shared server). Every failure to open says which database, with its
password hidden, and what to do; none shows a stack trace.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from ma_ladder.errors import MaLadderError, UsageError, tidy

MIGRATIONS = Path(__file__).parent / "migrations"
SUPPORTED = "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"
WRITE = "ma_ladder_write"  # execution option: this transaction will write (SQLite takes the write lock at BEGIN)
_PG_LOCK = 0x6D61_6C61  # advisory-lock key serialising concurrent migrations on PostgreSQL ("mala")


class RosterDatabaseError(MaLadderError):
    """The roster database cannot be opened or used: unreachable, not a database, or too new for us."""


def data_folder() -> Path:
    """The user's data folder for ma-ladder: $MA_LADDER_DATA, else $XDG_DATA_HOME/ma-ladder, else
    ~/.local/share/ma-ladder (the XDG default)."""
    if os.environ.get("MA_LADDER_DATA"):
        return Path(os.environ["MA_LADDER_DATA"]).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share") / "ma-ladder"


def default_url() -> str:
    """The SQLite file the roster lives in when no URL is given; its folder is created if missing."""
    folder = data_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RosterDatabaseError(
            f"cannot create the roster data folder {folder}: {err.strerror}. "
            "Set MA_LADDER_DATA to a folder you can write, or give a database URL."
        ) from None
    return f"sqlite:///{folder / 'roster.sqlite'}"


def shown_url(url: URL | str) -> str:
    """A URL fit to print: the password replaced by ***."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return "(not a URL)"


def parse_url(text: str) -> URL:
    """A database URL checked before anything connects: the shape, the backend, a SQLite file's folder.
    ``postgresql://`` and ``postgres://`` mean psycopg 3, the only PostgreSQL driver we ship."""
    try:
        url = make_url(text.strip())
        url.port  # noqa: B018 -- a port that is not a number raises here, not later inside the driver
    except (exc.ArgumentError, ValueError):
        raise UsageError(
            f"not a database URL: {_without_password(text)}. Give {SUPPORTED}.", field="database"
        ) from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        url = url.set(drivername="postgresql+psycopg")
    elif url.drivername not in ("sqlite", "sqlite+pysqlite"):
        raise UsageError(
            f"unsupported database {url.drivername!r} in {shown_url(url)}. Give {SUPPORTED}.", field="database"
        )
    elif url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        folder = Path(url.database).expanduser().parent
        if not folder.is_dir():
            raise UsageError(
                f"the folder of the roster database {url.database} does not exist: create {folder} first.",
                field="database",
            )
    return url


def _without_password(text: str) -> str:
    """``scheme://user:secret@host`` with the secret hidden, for a string too broken to parse as a URL."""
    head, sep, tail = text.partition("://")
    if not sep:  # no scheme: "user:secret@host/db" still carries a secret before its "@"
        head, tail = "", text
    if "@" in tail:
        cred, _, rest = tail.rpartition("@")
        user = cred.split(":", 1)[0]
        if ":" in cred:
            text = f"{head}{sep}{user}:***@{rest}"
    return tidy(repr(text[:200]))


def connect(text: str) -> Engine:
    """An engine for the URL, proven by one round trip, with SQLite set up for concurrent use: WAL (readers
    never block the writer), foreign keys enforced, a busy timeout instead of an instant "locked" error,
    and transactions begun by us so a write transaction takes the write lock up front."""
    url = parse_url(text)
    kwargs: dict[str, Any] = {}
    if url.drivername == "postgresql+psycopg":
        kwargs["connect_args"] = {"connect_timeout": 10}
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    try:
        with engine.connect():
            pass
    except exc.DBAPIError as err:
        engine.dispose()
        raise _unreachable(url, err) from None
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN from the sqlite3 module: see _sqlite_begin
    cursor = dbapi_connection.cursor()
    # cache_size: 256 MiB of page cache (negative = KiB), so a million-row import is not spilled to disk midway
    pragmas = ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=30000", "synchronous=NORMAL", "cache_size=-262144")
    for pragma in pragmas:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _unreachable(url: URL, err: exc.DBAPIError) -> RosterDatabaseError:
    """What went wrong opening the database, in the driver's words minus any password."""
    detail = str(err.orig).strip().splitlines()[0] if err.orig is not None else str(err)
    if url.password:
        detail = detail.replace(str(url.password), "***")
    if url.get_backend_name() == "sqlite":
        hint = "Check the file is a roster database (or a new file) in a folder you can write."
    else:
        hint = "Check the server is running and the host, port, user, password and database name are right."
    return RosterDatabaseError(f"cannot open the roster database {shown_url(url)}: {tidy(detail)}. {hint}")


@contextmanager
def transaction(engine: Engine, *, write: bool = False) -> Iterator[Connection]:
    """One transaction, committed at the end of the block or rolled back by any exception in it.

    A read is one snapshot: its queries (staff, then credentials, then training) all see the roster as
    it was when the first ran, never half of an import committed in between. SQLite's ``BEGIN`` gives
    that in WAL mode; PostgreSQL needs REPEATABLE READ (its default sees each statement's own moment)."""
    with engine.connect() as conn:
        if write:
            conn = conn.execution_options(**{WRITE: True})
        elif conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision, in one transaction; concurrent openers wait their turn."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    try:
        with transaction(engine, write=True) as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
            if _revision(conn) == head:
                return
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except CommandError as err:  # e.g. a revision we do not know: a newer ma-ladder wrote this database
        raise RosterDatabaseError(
            f"the roster database {shown_url(engine.url)} has a schema this ma-ladder does not know ({err}). "
            "Upgrade ma-ladder."
        ) from None
    except exc.DatabaseError as err:
        raise _unreachable(engine.url, err) from None


def _revision(conn: Connection) -> str | None:
    """The schema revision recorded in the database, None when it has none yet."""
    from alembic.runtime.migration import MigrationContext

    from ma_ladder.roster.store.models import VERSION_TABLE

    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade(url: str) -> None:
    """Apply every pending migration to the database at ``url`` (safe to repeat)."""
    engine = connect(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
