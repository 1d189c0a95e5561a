"""The roster's tables: organizations (the tenants), their staff records, imports and the audit log.

Every table below ``organizations`` carries ``org_id`` and every key starts with it, so a query that
forgets the tenant cannot use an index, and one tenant's staff ids never collide with another's. A
person's credentials, training and tasks are child rows keyed ``(org_id, staff_id, seq)``: ``seq``
keeps the order the roster gave, so a record read back equals the record saved, which is what
change detection compares.

The child rows (and ``audit_log.import_id``) have no foreign key, on purpose: PostgreSQL checks a
foreign key with a trigger per row, which tripled the time of a million-row import. The store is their
only writer: it inserts a person's rows with the person, in one transaction, and deletes them with the
person (``rows.delete_people``); tests check no row is ever left without its person.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

VERSION_TABLE = "roster_schema_version"  # Alembic's, not "alembic_version": the database may be shared

# Named constraints: Alembic can then alter or drop them by name on every backend (SQLite included).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, stored as UTC and always read back timezone-aware: SQLite keeps no zone, PostgreSQL does,
    and the rest of the code must not care which one it talks to."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime reached the roster store; give it a timezone")
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


TASK_SEPARATOR = ";"  # task ids are lower-case words and underscores: never a semicolon


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organization(Base):
    """A tenant: an employer whose roster this is. Its API token is kept only as a SHA-256 hex digest."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Staff(Base):
    """One person on an organization's roster. ``digest`` hashes the whole record (children included), so
    a re-import finds the unchanged people from this one table without reading their children."""

    __tablename__ = "staff"
    __table_args__ = {"sqlite_with_rowid": False}  # SQLite: rows stored in key order, one b-tree not two

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    state: Mapped[str] = mapped_column(String(8))
    role: Mapped[str | None] = mapped_column(String)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    digest: Mapped[str] = mapped_column(String(32))
    # The task ids the person performs, joined by TASK_SEPARATOR: a handful of short ids always read with
    # the person, so a column of their own; as a table they were most of a million-record import's rows.
    tasks: Mapped[str] = mapped_column(Text, default="", server_default="")


class HeldCredentialRow(Base):
    """A credential one person holds (``HeldCredential``)."""

    __tablename__ = "staff_credentials"
    __table_args__ = {"sqlite_with_rowid": False}

    org_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    credential: Mapped[str] = mapped_column(String)
    number: Mapped[str | None] = mapped_column(String)
    issued: Mapped[date | None]
    last_renewed: Mapped[date | None]
    expires: Mapped[date | None]


class TrainingRow(Base):
    """Training one person completed for one task (``TrainingRecord``)."""

    __tablename__ = "staff_training"
    __table_args__ = {"sqlite_with_rowid": False}

    org_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    task: Mapped[str] = mapped_column(String)
    hours: Mapped[float | None] = mapped_column(Float)
    completed: Mapped[date | None]


class ImportRow(Base):
    """One roster file applied to an organization: which file (by SHA-256), who, when, and what it did.
    ``absent`` counts the people on the roster whom the file did not mention (they are kept)."""

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_org_id_id", "org_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    rows: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    absent: Mapped[int] = mapped_column(Integer)


class AuditRow(Base):
    """One change to an organization's data, with the record before and after (JSON; null when there was
    none), and the import that made it, if one did."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_org_id_id", "org_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String)
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)
    import_id: Mapped[int | None] = mapped_column(Integer)  # imports.id; no FK: see the module docstring
