"""The first roster schema: organizations, staff and their records, imports, the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-05-20
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from ma_ladder.roster.store.models import UTCDateTime

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _person_children() -> None:
    """The two tables of one person's records, keyed (org_id, staff_id, seq) under the person. The tasks a
    person performs are a column of ``staff``: a few short ids each, always read with the person."""
    tables: dict[str, list[tuple[str, sa.types.TypeEngine[Any], bool]]] = {
        "staff_credentials": [
            ("credential", sa.String(), False),
            ("number", sa.String(), True),
            ("issued", sa.Date(), True),
            ("last_renewed", sa.Date(), True),
            ("expires", sa.Date(), True),
        ],
        "staff_training": [("task", sa.String(), False), ("hours", sa.Float(), True), ("completed", sa.Date(), True)],
    }
    for name, columns in tables.items():
        op.create_table(
            name,
            sa.Column("org_id", sa.Integer, nullable=False),
            sa.Column("staff_id", sa.String, nullable=False),
            sa.Column("seq", sa.Integer, nullable=False),
            *[sa.Column(column, type_, nullable=nullable) for column, type_, nullable in columns],
            sa.PrimaryKeyConstraint("org_id", "staff_id", "seq", name=f"pk_{name}"),
            sqlite_with_rowid=False,  # no foreign key to staff: per-row FK triggers are too slow (see models)
        )


def upgrade() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organizations"),
        sa.UniqueConstraint("slug", name="uq_organizations_slug"),
        sa.UniqueConstraint("token_hash", name="uq_organizations_token_hash"),
    )
    op.create_table(
        "staff",
        sa.Column("org_id", sa.Integer, nullable=False),
        sa.Column("staff_id", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("role", sa.String, nullable=True),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("tasks", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("org_id", "staff_id", name="pk_staff"),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], ondelete="CASCADE", name="fk_staff_org_id_organizations"
        ),
        sqlite_with_rowid=False,  # SQLite: rows stored in key order, one b-tree instead of table + index
    )
    _person_children()
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("org_id", sa.Integer, nullable=False),
        sa.Column("filename", sa.String, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("actor", sa.String, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        *[sa.Column(n, sa.Integer, nullable=False) for n in ("rows", "added", "changed", "unchanged", "absent")],
        sa.PrimaryKeyConstraint("id", name="pk_imports"),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], ondelete="CASCADE", name="fk_imports_org_id_organizations"
        ),
    )
    op.create_index("ix_imports_org_id_id", "imports", ["org_id", "id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("org_id", sa.Integer, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor", sa.String, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("key", sa.String, nullable=False),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
        sa.Column("import_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], ondelete="CASCADE", name="fk_audit_log_org_id_organizations"
        ),
    )
    op.create_index("ix_audit_log_org_id_id", "audit_log", ["org_id", "id"])


def downgrade() -> None:
    for name in ("audit_log", "imports", "staff_training", "staff_credentials", "staff"):
        op.drop_table(name)
    op.drop_table("organizations")
