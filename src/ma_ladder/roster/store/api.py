"""The roster store: organizations and their tokens, staff rosters imported in one transaction, and
the audit log of every change.

Everything an organization owns is reached through an ``Org`` and every query is filtered by its id:
no method returns another organization's rows. An import is all or nothing: the comparison, the
writes, the import record and the audit rows commit together or not at all.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import msgspec
from sqlalchemy import Connection, CursorResult, exc, insert, select, update

from ma_ladder.compliance.columns import paused_gc
from ma_ladder.compliance.records import StaffMember
from ma_ladder.compliance.table import RosterColumns
from ma_ladder.errors import UnknownName, UsageError, shown, tidy
from ma_ladder.roster.store import rows
from ma_ladder.roster.store.database import (
    RosterDatabaseError,
    connect,
    default_url,
    migrate,
    shown_url,
    transaction,
)
from ma_ladder.roster.store.models import AuditRow, ImportRow, Organization, Staff
from ma_ladder.roster.store.records import AuditEntry, ImportRecord, ImportSummary, Org

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
AUDIT_COLUMNS = ("org_id", "at", "actor", "action", "entity", "key", "before", "after", "import_id")


def hash_token(token: str) -> str:
    """What the database keeps of a token: its SHA-256, hex. A stolen database yields no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()


def slugify(name: str) -> str:
    """``St. Mary's Clinic`` → ``st-mary-s-clinic``: the organization's name in a URL."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64].strip("-")


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT just created."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _org(row: Any) -> Org:
    return Org(id=row.id, slug=row.slug, name=row.name, created_at=row.created_at)


class Store:
    """The roster database at ``url`` (default: a SQLite file in the user's data folder), migrated to the
    newest schema on open. Use as a context manager, or call ``close()``."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self._engine = connect(self.url)
        try:
            migrate(self._engine)
        except BaseException:
            self._engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"Store({shown_url(self._engine.url)!r})"

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _tx(self, *, write: bool = False, doing: str = "read the roster") -> Iterator[Connection]:
        """One transaction; a database failure becomes a message saying what was not done."""
        try:
            with transaction(self._engine, write=write) as conn:
                yield conn
        except exc.DBAPIError as err:
            detail = str(err.orig).strip().splitlines()[0] if err.orig is not None else type(err).__name__
            undone = " Nothing was changed." if write else ""
            raise RosterDatabaseError(
                f"could not {doing} in {shown_url(self._engine.url)}: {tidy(detail)}.{undone}"
            ) from err

    # --- organizations -------------------------------------------------------------------------------

    def create_org(self, name: str, slug: str | None = None, *, actor: str = "system") -> tuple[Org, str]:
        """A new organization and its API token. The token is returned this once and never stored (only
        its hash is): the caller shows it to the person, who must keep it."""
        name = name.strip()
        if not name:
            raise UsageError("an organization needs a name", field="name")
        slug = slugify(name) if slug is None else slug.strip()
        if not SLUG.match(slug):
            raise UsageError(
                f"organization slug {shown(slug)} is not usable: use 1-64 lowercase letters, digits and "
                "hyphens, starting and ending with a letter or digit (e.g. 'st-marys-clinic')",
                field="slug",
            )
        token = secrets.token_urlsafe(32)
        at = _now()
        with self._tx(write=True, doing=f"create the organization {slug!r}") as conn:
            if conn.execute(select(Organization.id).where(Organization.slug == slug)).first():
                raise UsageError(f"the organization slug {slug!r} is taken: choose another slug", field="slug")
            result = conn.execute(
                insert(Organization).values(slug=slug, name=name, token_hash=hash_token(token), created_at=at)
            )
            org = Org(id=_new_id(result), slug=slug, name=name, created_at=at)
            self._audit(conn, org, at, actor, "create", "organization", slug, None, {"slug": slug, "name": name})
        return org, token

    def rotate_token(self, slug: str, *, actor: str = "system") -> str:
        """A new token for the organization; the old one stops working at once. Returned this once."""
        token = secrets.token_urlsafe(32)
        with self._tx(write=True, doing=f"rotate the token of {slug!r}") as conn:
            org = self._find(conn, slug)
            conn.execute(update(Organization).where(Organization.id == org.id).values(token_hash=hash_token(token)))
            self._audit(conn, org, _now(), actor, "rotate_token", "organization", slug, None, None)
        return token

    def org_for_token(self, token: str | None) -> Org | None:
        """The organization a token belongs to, None for a wrong, empty or revoked token."""
        if not token or not isinstance(token, str) or len(token) > 200:
            return None
        wanted = hash_token(token)
        with self._tx() as conn:
            row = conn.execute(select(Organization).where(Organization.token_hash == wanted)).first()
        if row is None or not hmac.compare_digest(row.token_hash, wanted):
            return None
        return _org(row)

    def org(self, slug: str) -> Org:
        """The organization with this slug; an unknown slug is an ``UnknownName`` naming the nearest ones."""
        with self._tx() as conn:
            return self._find(conn, slug)

    def orgs(self) -> list[Org]:
        """Every organization, by slug."""
        with self._tx() as conn:
            return [_org(r) for r in conn.execute(select(Organization).order_by(Organization.slug))]

    def _find(self, conn: Connection, slug: str) -> Org:
        row = conn.execute(select(Organization).where(Organization.slug == slug)).first()
        if row is None:
            valid = conn.execute(select(Organization.slug)).scalars().all()
            raise UnknownName("organization", slug, valid, field="org")
        return _org(row)

    def _check(self, conn: Connection, org: Org) -> None:
        """The organization exists and is the one named: a stale or hand-made ``Org`` reaches nothing."""
        row = conn.execute(select(Organization.slug).where(Organization.id == org.id)).first()
        if row is None or row.slug != org.slug:
            raise UnknownName("organization", org.slug, conn.execute(select(Organization.slug)).scalars(), field="org")

    # --- imports ---------------------------------------------------------------------------------------

    def apply_import(
        self,
        org: Org,
        members: Sequence[StaffMember],
        *,
        filename: str,
        sha256: str,
        actor: str,
        dry_run: bool = False,
    ) -> ImportSummary:
        """Bring the organization's roster in line with a file: new people added, changed people replaced
        (with an audit row holding before and after), people the file leaves out kept. One transaction: any
        failure leaves the database exactly as it was. A dry run says what would happen and writes nothing.

        People are compared by a digest of their whole record, so re-importing the same file reads one
        table and writes only the import record."""
        with paused_gc():
            return self._apply(org, members, filename=filename, sha256=sha256, actor=actor, dry_run=dry_run)

    def _apply(
        self, org: Org, members: Sequence[StaffMember], *, filename: str, sha256: str, actor: str, dry_run: bool
    ) -> ImportSummary:
        incoming: dict[str, tuple[StaffMember, bytes]] = {}
        for m in members:
            if m.staff_id in incoming:
                raise UsageError(
                    f"staff id {shown(m.staff_id)} appears more than once in {filename}: one row set per person",
                    field="staff_id",
                )
            incoming[m.staff_id] = (m, rows.encode(m))
        at = _now()
        with self._tx(write=not dry_run, doing=f"import {filename}") as conn:
            self._check(conn, org)
            stored = rows.digests(conn, org.id)
            new = {sid: rows.digest(data) for sid, (_, data) in incoming.items()}
            added = [sid for sid in incoming if sid not in stored]
            suspect = [sid for sid in incoming if sid in stored and stored[sid] != new[sid]]
            before = rows.read_some(conn, org.id, suspect) if suspect else {}
            changed = [sid for sid in suspect if before[sid] != incoming[sid][0]]
            refreshed = len(suspect) - len(changed)  # same record, new encoding: only the digest is rewritten
            summary = ImportSummary(
                added=len(added),
                changed=len(changed),
                unchanged=len(incoming) - len(added) - len(changed),
                rows=len(incoming),
                absent=len(stored) - (len(incoming) - len(added)),
                dry_run=dry_run,
            )
            if dry_run:
                return summary
            import_id = _new_id(
                conn.execute(
                    insert(ImportRow).values(
                        org_id=org.id,
                        filename=filename,
                        sha256=sha256,
                        actor=actor,
                        at=at,
                        rows=summary.rows,
                        added=summary.added,
                        changed=summary.changed,
                        unchanged=summary.unchanged,
                        absent=summary.absent,
                    )
                )
            )
            if refreshed:
                self._refresh_digests(conn, org, [sid for sid in suspect if sid not in set(changed)], new)
            rows.delete_people(conn, org.id, changed)
            rows.insert_people(conn, org.id, [(incoming[sid][0], new[sid]) for sid in (*added, *changed)], at)
            self._audit_people(conn, org, at, actor, import_id, added, changed, incoming, before)
        return msgspec.structs.replace(summary, import_id=import_id)

    def _refresh_digests(self, conn: Connection, org: Org, staff_ids: list[str], new: dict[str, str]) -> None:
        from sqlalchemy import bindparam

        statement = (
            update(Staff)
            .where(Staff.org_id == org.id, Staff.staff_id == bindparam("sid"))
            .values(digest=bindparam("new_digest"))
        )
        conn.execute(statement, [{"sid": sid, "new_digest": new[sid]} for sid in staff_ids])

    def _audit_people(
        self,
        conn: Connection,
        org: Org,
        at: datetime,
        actor: str,
        import_id: int,
        added: list[str],
        changed: list[str],
        incoming: dict[str, tuple[StaffMember, bytes]],
        before: dict[str, StaffMember],
    ) -> None:
        """One audit row per person added or changed, in bulk. A change holds the record before and after; an
        addition holds neither, because its record is redundant there: it is the person's current record, or
        the ``before`` of their next change (imports are the only writer). That halves what a first import
        of a big roster writes."""
        stamp = rows.bind(conn, rows.AUDIT, "at", at)

        def entries() -> Iterator[tuple[Any, ...]]:
            for sid in added:
                yield (org.id, stamp, actor, "add", "staff", sid, None, None, import_id)
            for sid in changed:
                old = rows.encode(before[sid]).decode()
                yield (org.id, stamp, actor, "update", "staff", sid, old, incoming[sid][1].decode(), import_id)

        rows.insert_rows(conn, rows.AUDIT, AUDIT_COLUMNS, entries())

    def _audit(
        self,
        conn: Connection,
        org: Org,
        at: datetime,
        actor: str,
        action: str,
        entity: str,
        key: str,
        before: Any | None,
        after: Any | None,
    ) -> None:
        conn.execute(
            insert(AuditRow).values(
                org_id=org.id, at=at, actor=actor, action=action, entity=entity, key=key, before=before, after=after
            )
        )

    # --- reading -----------------------------------------------------------------------------------------

    def members(self, org: Org) -> list[StaffMember]:
        """The organization's whole roster, in staff-id order."""
        with self._tx() as conn:
            self._check(conn, org)
            with paused_gc():
                return list(rows.read_org(conn, org.id).values())

    def columns(self, org: Org) -> RosterColumns:
        """The organization's whole roster as the compliance engine's columns, in staff-id order, read
        straight from the tables (no record per person): what evaluating a national roster reads."""
        with self._tx() as conn:
            self._check(conn, org)
            with paused_gc():
                return rows.read_columns(conn, org.id)

    def iter_members(self, org: Org, batch: int = 50_000) -> Iterator[StaffMember]:
        """The roster streamed ``batch`` people at a time (one query per table per batch), in staff-id
        order, from one consistent snapshot: memory stays bounded however large the roster."""
        if batch < 1:
            raise UsageError("batch must be at least 1", field="batch")
        with self._tx() as conn:
            self._check(conn, org)
            for page in rows.pages(conn, org.id, batch):
                yield from page.values()

    def member(self, org: Org, staff_id: str) -> StaffMember | None:
        """One person of the organization's roster, None if it has no one with that staff id."""
        with self._tx() as conn:
            self._check(conn, org)
            return rows.read_some(conn, org.id, [staff_id]).get(staff_id)

    def count(self, org: Org) -> int:
        """How many people are on the organization's roster."""
        from sqlalchemy import func

        with self._tx() as conn:
            self._check(conn, org)
            return int(conn.execute(select(func.count()).where(Staff.org_id == org.id)).scalar_one())

    def audit(self, org: Org, limit: int = 100) -> list[AuditEntry]:
        """The organization's latest audit entries, newest first."""
        with self._tx() as conn:
            self._check(conn, org)
            query = select(AuditRow).where(AuditRow.org_id == org.id).order_by(AuditRow.id.desc()).limit(limit)
            return [
                AuditEntry(r.id, r.at, r.actor, r.action, r.entity, r.key, r.before, r.after, r.import_id)
                for r in conn.execute(query)
            ]

    def imports(self, org: Org) -> list[ImportRecord]:
        """The organization's imports, newest first."""
        with self._tx() as conn:
            self._check(conn, org)
            query = select(ImportRow).where(ImportRow.org_id == org.id).order_by(ImportRow.id.desc())
            return [
                ImportRecord(
                    r.id, r.filename, r.sha256, r.actor, r.at, r.rows, r.added, r.changed, r.unchanged, r.absent
                )
                for r in conn.execute(query)
            ]
