"""CLI commands for an employer's roster: ``roster org|import|status|expiring|tasks|report|export|audit``
and ``db upgrade``.

The roster lives in its own database (``--db URL`` or ``MA_LADDER_DB``; default a SQLite file in
the user's data folder), apart from the read-only knowledge base. Every command names its
organization with ``--org``, and reads and writes only that organization's staff. The commands are
thin: each calls one function of :mod:`ma_ladder.roster.service`, the same the API calls.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..words import decision, words
from . import output
from .app import Parser, add_command

if TYPE_CHECKING:
    from datetime import date

    from ..roster.store import Org, Store

MAX_AUDIT = 100_000  # audit entries one command prints
STATUS_WORDS = {
    "current": "current",
    "expiring": "expiring",
    "grace": "in grace",
    "lapsed": "lapsed",
    "unknown": "unknown",
}


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    roster = sub.add_parser("roster", help="An employer's MA staff: renewals, tasks, reports.", description=__doc__)
    roster.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object on stdout.")
    roster.set_defaults(run=_usage)
    cmds = roster.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    org = cmds.add_parser("org", help="Create or list organizations.", description="Create or list organizations.")
    org.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object on stdout.")
    org.set_defaults(run=_org_usage)
    orgs = org.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    p = _db(add_command(orgs, "create", org_create))
    p.add_argument("name", help="The organization's name, e.g. 'Valley Clinic'.")
    p.add_argument("--slug", help="Its short id in URLs and --org (default: made from the name).")
    _db(add_command(orgs, "list", org_list))
    _db(add_command(orgs, "token", org_token)).add_argument("org", help="The organization whose token to replace.")

    p = _org(add_command(cmds, "import", import_cmd))
    p.add_argument("file", help="A CSV or XLSX roster.")
    p.add_argument(
        "--skip-invalid", action="store_true", help="Import the people whose rows are valid; report the rest."
    )
    p.add_argument("--dry-run", action="store_true", help="Validate and say what would change; write nothing.")
    _when(_org(add_command(cmds, "status", status_cmd)), days=True)
    p = _when(_org(add_command(cmds, "expiring", expiring_cmd)), days=False)
    p.add_argument("--days", type=int, required=True, help="Look this many days ahead, e.g. 90.")
    p = _when(_org(add_command(cmds, "tasks", tasks_cmd)), days=False)
    p.add_argument("--flagged", action="store_true", help="Only the tasks to act on (not allowed, or unmet).")
    _when(_org(add_command(cmds, "order-entry", order_entry_cmd)), days=False)
    p = _when(_org(add_command(cmds, "report", report_cmd)), days=True)
    p.add_argument("--out", required=True, help="FILE.html or FILE.pdf: the printable audit report.")
    p = _when(_org(add_command(cmds, "export", export_cmd)), days=True)
    p.add_argument("--out", required=True, help="FILE.csv, FILE.xlsx or FILE.ics (calendar of renewal deadlines).")
    p.add_argument("--tasks", action="store_true", help="With a .csv file: the task rows instead of the renewals.")
    p = _org(add_command(cmds, "audit", audit_cmd))
    p.add_argument("--limit", type=int, default=50, help="How many entries, newest first (default 50).")

    db = sub.add_parser("db", help="The roster database.", description="The roster database.")
    db.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object on stdout.")
    db.set_defaults(run=_db_usage)
    _db(add_command(db.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser), "upgrade", upgrade))


def _db(p: Parser) -> Parser:
    p.add_argument(
        "--db",
        metavar="URL",
        help="The roster database (default: $MA_LADDER_DB, else a SQLite file in your data folder); "
        "e.g. postgresql+psycopg://user@host/db.",
    )
    return p


def _org(p: Parser) -> Parser:
    _db(p).add_argument("--org", required=True, help="The organization (its slug, as `roster org list` shows).")
    return p


def _when(p: Parser, days: bool) -> Parser:
    p.add_argument("--on", help="Evaluate on this date (YYYY-MM-DD); default today.")
    if days:
        p.add_argument("--days", type=int, default=90, help="'Expiring' means due within this many days (default 90).")
    return p


def _usage(args: argparse.Namespace) -> None:
    raise UsageError("give a roster command, e.g. `ma-ladder roster status --org ORG`; see `ma-ladder roster --help`")


def _org_usage(args: argparse.Namespace) -> None:
    raise UsageError("give an org command: `ma-ladder roster org create NAME` or `ma-ladder roster org list`")


def _db_usage(args: argparse.Namespace) -> None:
    raise UsageError("give a db command: `ma-ladder db upgrade` applies the roster database's migrations")


def _store(args: argparse.Namespace) -> Store:
    from ..roster.store import Store

    return Store(getattr(args, "db", None) or os.environ.get("MA_LADDER_DB") or None)


def _on(args: argparse.Namespace) -> date:
    from datetime import date

    from .catalog import parse_date

    return parse_date(getattr(args, "on", None)) or date.today()


def _actor() -> str:
    """Who made a change, for the audit log: the operating-system user running the command."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def upgrade(args: argparse.Namespace) -> None:
    """Apply the roster database's migrations (the commands also do it on open)."""
    from ..roster.store import default_url
    from ..roster.store import upgrade as migrate
    from ..roster.store.database import shown_url

    url = args.db or os.environ.get("MA_LADDER_DB") or default_url()
    migrate(url)
    if args.as_json:
        return output.emit_json({"database": shown_url(url), "status": "up to date"})
    output.line(f"The roster database is up to date: {shown_url(url)}")


def org_create(args: argparse.Namespace) -> None:
    """Create an organization; prints its API token once (only a hash of it is kept)."""
    with _store(args) as store:
        org, token = store.create_org(args.name, args.slug, actor=_actor())
    if args.as_json:
        return output.emit_json({"org": org, "token": token})
    output.line(f"Created {org.name} (--org {org.slug}).")
    output.line("Its API token, shown this once (only a hash of it is kept):")
    sys.stdout.write(f"  {token}\n")


def org_list(args: argparse.Namespace) -> None:
    """The organizations in the roster database."""
    with _store(args) as store:
        orgs = [(o, store.count(o)) for o in store.orgs()]
    if args.as_json:
        return output.emit_json({"orgs": [{**_plain(o), "staff": n} for o, n in orgs]})
    if not orgs:
        return output.line("No organizations yet: `ma-ladder roster org create NAME` makes one.")
    output.table(
        None, ["org", "name", "staff", "created"], ((o.slug, o.name, n, f"{o.created_at:%Y-%m-%d}") for o, n in orgs)
    )


def org_token(args: argparse.Namespace) -> None:
    """Replace an organization's API token; the old one stops working at once."""
    with _store(args) as store:
        org = store.org(args.org)
        token = store.rotate_token(org.slug, actor=_actor())
    if args.as_json:
        return output.emit_json({"org": org.slug, "token": token})
    output.line(f"New API token for {org.name}, shown this once (the old one no longer works):")
    sys.stdout.write(f"  {token}\n")


def _plain(o: Org) -> dict[str, Any]:
    import msgspec

    return msgspec.to_builtins(o)  # type: ignore[no-any-return]


def import_cmd(args: argparse.Namespace) -> int:
    """Import a CSV or XLSX roster: every row checked, all or nothing unless --skip-invalid."""
    from ..kb import load
    from ..roster import service

    data, name = service.read_file(args.file)
    progress = None if args.as_json or not sys.stderr.isatty() else _progress()
    with _store(args) as store:
        org = store.org(args.org)
        outcome = service.import_roster(
            store,
            load(),
            org,
            data,
            name,
            on=_on(args),
            actor=_actor(),
            skip_invalid=args.skip_invalid,
            dry_run=args.dry_run,
            progress=progress,
        )
    if progress is not None:
        sys.stderr.write("\n")
    refused = outcome.summary is None
    if args.as_json:
        output.emit_json(outcome)
        return 2 if refused else 0
    sys.stdout.write(outcome.text.rstrip("\n") + "\n")
    output.line()
    output.line(outcome.message)
    return 2 if refused else 0


def _progress() -> Any:
    """A one-line progress bar on stderr (a terminal only)."""

    def show(done: int, total: int | None) -> None:
        if total:
            width = 30
            filled = int(width * min(done, total) / total)
            sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} rows")
        else:
            sys.stderr.write(f"\r  {done:,} rows read")
        sys.stderr.flush()

    return show


def _org_of(store: Store, args: argparse.Namespace) -> Org:
    return store.org(args.org)


def status_cmd(args: argparse.Namespace) -> None:
    """Every credential on the roster: current, expiring, in grace, lapsed or unknown, with its due date."""
    from ..kb import load
    from ..roster import service

    with _store(args) as store:
        head, chunks = service.status_stream(store, load(), _org_of(store, args), _on(args), args.days)
    if args.as_json:
        return output.emit_stream(head, "rows", chunks)
    report = service.whole(head, chunks)
    _status_text(
        report,
        f"{report.org_name}: credentials on {report.on} ('expiring' = due within {report.window_days} days)",
        args.full,
    )


def expiring_cmd(args: argparse.Namespace) -> None:
    """The credentials due within --days days, soonest first."""
    from ..kb import load
    from ..roster import service

    with _store(args) as store:
        report = service.expiring(store, load(), _org_of(store, args), _on(args), args.days)
    if args.as_json:
        return output.emit_json(report)
    _status_text(report, f"{report.org_name}: due within {report.window_days} days of {report.on}", True)


def _status_text(report: Any, title: str, full: bool) -> None:
    output.line(title)
    counts = ", ".join(f"{STATUS_WORDS.get(k, k)} {v:,}" for k, v in report.counts.items()) or "no credentials"
    output.line(f"All credentials: {counts}.")
    rows = report.rows if full else [r for r in report.rows if r["status"] != "current"][:40]
    if not rows:
        output.line("Nothing to show." if full else "Every credential is current.")
        return
    output.table(
        None,
        ["staff", "name", "state", "credential", "status", "due"],
        (
            (
                r["staff_id"],
                r["name"],
                r["state"],
                r["credential"] or "none",
                STATUS_WORDS[r["status"]],
                r["due"] or "unknown",
            )
            for r in rows
        ),
    )
    shown = len(rows)
    left = (len(report.rows) if full else sum(1 for r in report.rows if r["status"] != "current")) - shown
    if left > 0:
        output.line(f"… and {left:,} more; --json gives every row with what renewal needs.")
    elif not full:
        output.line("--full lists every credential; --json adds what each renewal needs and why.")


def tasks_cmd(args: argparse.Namespace) -> None:
    """Each task each person performs, checked against their state's law with their current credentials."""
    from ..kb import load
    from ..roster import service

    with _store(args) as store:
        head, chunks = service.tasks_stream(store, load(), _org_of(store, args), _on(args), args.flagged)
    if args.as_json:
        return output.emit_stream(head, "rows", chunks)
    report = service.whole(head, chunks)
    output.line(
        f"{report.org_name}: tasks on {report.on}; {report.flagged:,} to act on (not allowed, or a condition unmet)."
    )
    to_act = report.rows if args.flagged else [r for r in report.rows if _flag(r)]
    rows = report.rows if args.full else to_act[:40]
    if rows:
        output.table(
            None,
            ["staff", "name", "state", "task", "decision", "why"],
            (
                (
                    r["staff_id"],
                    r["name"],
                    r["state"],
                    words(r["task"]),
                    decision(r["decision"]),
                    _why(r),
                )
                for r in rows
            ),
        )
    else:
        output.line("No task to act on.")
    if not args.full and len(to_act) > len(rows):
        output.line(
            f"… and {len(to_act) - len(rows):,} more; --full lists every row, --json adds conditions and citations."
        )
    output.line(report.disclaimer)


def _why(row: dict[str, Any]) -> str:
    """What to read first about a task row: what is unmet, else (unless allowed) its first condition."""
    if row["unmet"]:
        return "; ".join(row["unmet"])
    return row["conditions"][0] if row["decision"] in ("unclear", "not_allowed") and row["conditions"] else ""


def order_entry_cmd(args: argparse.Namespace) -> None:
    """Who could enter orders under the CMS order-entry rules on a date (they ended in 2019 and 2022)."""
    from ..kb import load
    from ..roster import service

    with _store(args) as store:
        report = service.order_entry(store, load(), _org_of(store, args), _on(args))
    if args.as_json:
        return output.emit_json(report)
    output.line(f"{report.org_name}: the CMS order-entry rules on {report.on}")
    rules = {r["rule"]: r for r in report.rows}
    for r in rules.values():
        output.heading(f"{r['rule_name']}: {r['in_force']}")
        if not r["applies"]:
            output.line(r["reason"], indent=2)
            continue
        rows = [x for x in report.rows if x["rule"] == r["rule"]]
        output.table(
            None,
            ["staff", "name", "counts", "why"],
            (
                (x["staff_id"], x["name"], {True: "yes", False: "no"}.get(x["counted"], "unknown"), x["reason"])
                for x in rows
            ),
        )
    if not rules:
        output.line("No one on the roster.")
    from ..citations import Citation

    cited = {c["url"] or c["title"]: Citation(c["title"], c["url"]) for r in rules.values() for c in r["citations"]}
    output.citations(cited.values())


def _flag(row: dict[str, Any]) -> bool:
    from ..compliance.bulk import flagged

    return flagged(row)


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot write there ({exc.strerror or exc})", "out") from None


def _kind(path: str, allowed: tuple[str, ...]) -> str:
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in allowed:
        raise UsageError(f"--out {path}: the file must end in {' or '.join('.' + a for a in allowed)}", "out")
    return ext


def report_cmd(args: argparse.Namespace) -> None:
    """Write the printable audit report (HTML or PDF) with every citation and the data set version."""
    _export(args, _kind(args.out, ("html", "pdf")))


def export_cmd(args: argparse.Namespace) -> None:
    """Export renewals and tasks as CSV or XLSX, or the renewal deadlines as an iCalendar file."""
    _export(args, _kind(args.out, ("csv", "xlsx", "ics")))


def _export(args: argparse.Namespace, kind: str) -> None:
    from ..kb import load
    from ..roster import service

    with _store(args) as store:
        org = _org_of(store, args)
        if kind == "csv" and getattr(args, "tasks", False):
            data = service.tasks_csv(store, load(), org, _on(args))
        else:
            data, _ = service.export(store, load(), org, kind, _on(args), args.days)
    _write(args.out, data)
    if args.as_json:
        return output.emit_json({"org": org.slug, "format": kind, "file": args.out, "bytes": len(data)})
    output.line(f"Wrote {args.out} ({len(data):,} bytes).")


def audit_cmd(args: argparse.Namespace) -> None:
    """The organization's audit log, newest first: who changed what, when, from which import."""
    if not 1 <= args.limit <= MAX_AUDIT:  # SQLite reads a negative LIMIT as none, PostgreSQL refuses it
        raise UsageError(f"--limit {args.limit}: give a number of entries from 1 to {MAX_AUDIT:,}", "limit")
    with _store(args) as store:
        org = _org_of(store, args)
        entries = store.audit(org, args.limit)
    if args.as_json:
        return output.emit_json({"org": org.slug, "entries": entries})
    if not entries:
        return output.line("No changes recorded yet.")
    output.table(
        None,
        ["when", "who", "what", "staff"],
        ((f"{e.at:%Y-%m-%d %H:%M}", e.actor, e.action, e.key or "") for e in entries),
    )
