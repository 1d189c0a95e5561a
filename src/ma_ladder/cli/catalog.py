"""CLI commands for the ladder and the credentials: ``highest``, ``ladder``, ``credentials``, ``show``,
``compare``, ``claims``, and ``kb check`` for the knowledge base itself."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import UnknownName, UsageError
from ..questions import VERDICTS
from . import output
from .app import Parser, add_command

if TYPE_CHECKING:
    from ..kb import KnowledgeBase

TRACKS = "general, administrative, phlebotomy, ekg, ophthalmic, order_entry, management, instructor"


def parse_weights(pairs: list[str] | None) -> dict[str, float]:
    """``--weight eligibility=0.5`` options into weights (checked by :func:`questions.parse_weights`)."""
    from ..questions import parse_weights as check

    given = {}
    for pair in pairs or []:
        name, _, value = pair.partition("=")
        given[name] = value
    return check(given)


def parse_date(text: str | None, option: str = "--on") -> date | None:
    """A YYYY-MM-DD option, or a clear error."""
    from ..questions import parse_date as check

    return check(text, option)


def _weights(p: Parser) -> None:
    p.add_argument(
        "--weight",
        action="append",
        metavar="NAME=NUMBER",
        help="Override a criterion's weight (repeatable); `ma-ladder highest` lists the criteria.",
    )


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    _weights(add_command(sub, "highest", highest))
    _weights(add_command(sub, "ladder", ladder))
    p = add_command(sub, "credentials", list_credentials)
    p.add_argument("--track", help=f"One of: {TRACKS}.")
    p.add_argument("--issuer", help="Organization id, abbreviation or name, e.g. AAMA or NHA.")
    add_command(sub, "show", show).add_argument("credential", help="Credential id, e.g. CMA (any case).")
    add_command(sub, "compare", compare).add_argument(
        "credentials", nargs="+", help="Credential ids, e.g. CMA RMA CCMA (one shows its column alone)."
    )
    add_command(sub, "claims", claims).add_argument("--verdict", help=f"One of: {', '.join(VERDICTS)}.")
    add_command(sub, "organizations", organizations).add_argument(
        "organization", nargs="?", help="One organization's id, abbreviation or name, e.g. AAMA."
    )
    kb = sub.add_parser("kb", help="Check the knowledge base.", description="Check the knowledge base.")
    kb.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object on stdout.")
    kb.set_defaults(run=_kb_usage)
    p = add_command(kb.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser), "check", kb_check)
    p.add_argument(
        "--older-than", type=int, metavar="DAYS", help="Also list facts whose as_of is older than this many days."
    )


def highest(args: argparse.Namespace) -> None:
    """What is the highest level of medical assistant? The answer, the reasons, the sources."""
    from .. import questions
    from ..kb import load

    h = questions.highest(load(), parse_weights(args.weight))
    if args.as_json:
        return output.emit_json(h)
    output.line(h.answer)
    output.heading("How the general certifications compare on MA Ladder's criteria")
    for r in h.reasons:
        output.bullet(r)
    output.heading("Criteria (change them with --weight NAME=NUMBER)")
    for c in h.criteria:
        output.bullet(f"{c.id} ({c.weight:g}): {c.description}")
    output.citations(h.citations)
    output.line()
    output.line(f"Data set {h.dataset_version}. See `ma-ladder ladder` for every level.")


def ladder(args: argparse.Namespace) -> None:
    """The levels of the MA career as a tree, from entry to the roles beyond the MA."""
    from .. import questions
    from ..kb import load

    kb = load()
    answer = questions.ladder(kb, parse_weights(args.weight))
    if args.as_json:
        return output.emit_json(answer)
    levels = answer.levels
    output.line("The medical-assistant ladder (no official hierarchy exists; see `ma-ladder highest`)")
    for lvl in levels:
        output.heading(lvl.name)
        output.line(lvl.description, indent=2)
        for cid in lvl.credentials:
            c = kb.credentials.get(cid)
            output.bullet(f"{cid}: {c.name}" if c else cid, indent=4)
        for rid in lvl.careers:
            output.bullet(f"{kb.careers[rid].name} (career)", indent=4)


def list_credentials(args: argparse.Namespace) -> None:
    """List credentials, filtered by track or issuer."""
    from .. import questions
    from ..kb import load

    kb = load()
    answer = questions.credentials(kb, args.track, args.issuer)
    if args.as_json:
        return output.emit_json(answer)
    orgs = kb.organizations
    output.table(
        None,
        ["id", "name", "issuer", "track"],
        (
            (c.id, c.name, orgs[c.issuer].abbreviation if c.issuer in orgs else c.issuer, c.track)
            for c in answer.credentials
        ),
    )


def show(args: argparse.Namespace) -> None:
    """Everything about one credential (or organization): eligibility routes, exam, fees, renewal, sources."""
    from .. import questions
    from ..kb import load, resolve
    from ..ladder import compare as engine

    kb = load()
    try:
        c = questions.credential(kb, args.credential)
    except UnknownName as not_credential:
        try:
            resolve.organization(kb, args.credential)
        except UnknownName:
            raise not_credential from None
        return _organization(kb, args.credential, args.as_json)
    if args.as_json:
        return output.emit_json(c)
    cmp = engine.compare(kb, [c.id])
    output.line(f"{c.name} ({c.abbreviation}) — {c.summary}")
    output.table(None, ["attribute", "value"], ((k, v[c.id]) for k, v in cmp.rows.items()))
    output.citations(c.sources)


def organizations(args: argparse.Namespace) -> None:
    """The certifying bodies, accreditors and regulators: what each does, with sources."""
    from .. import questions
    from ..kb import load

    kb = load()
    if args.organization:
        return _organization(kb, args.organization, args.as_json)
    answer = questions.organizations(kb)
    if args.as_json:
        return output.emit_json(answer)
    for o in answer.organizations:
        output.heading(f"{o.name} ({o.abbreviation}) — {o.kind.replace('_', ' ')}")
        output.line(o.summary, indent=2)
        output.line(o.website, indent=2)


def _organization(kb: KnowledgeBase, given: str, as_json: bool) -> None:
    from .. import questions

    o = questions.organization(kb, given)
    if as_json:
        return output.emit_json(o)
    output.line(f"{o.name} ({o.abbreviation}) — {o.kind.replace('_', ' ')}")
    output.line(o.summary, indent=2)
    output.line(f"Website: {o.website}", indent=2)
    if o.issues:
        output.line(f"Issues: {', '.join(o.issues)}", indent=2)
    output.citations(o.sources)


def compare(args: argparse.Namespace) -> None:
    """Compare credentials side by side: issuer, routes, exam, fees, renewal, 10-year cost."""
    from .. import questions
    from ..kb import load

    result = questions.compare(load(), args.credentials)
    if args.as_json:
        return output.emit_json(result)
    output.table(
        "Credentials compared",
        ["", *result.credentials],
        ((row, *(vals[i] for i in result.credentials)) for row, vals in result.rows.items()),
    )
    output.citations(result.citations)


def claims(args: argparse.Namespace) -> None:
    """The seed article's claims, each with a verdict, an explanation and sources."""
    from .. import questions
    from ..kb import load

    answer = questions.claims(load(), args.verdict)
    if args.as_json:
        return output.emit_json(answer)
    for c in answer.claims:
        output.heading(f"{c.verdict.upper().replace('_', ' ')} [{c.section}] {c.claim}")
        output.line(c.explanation, indent=2)
        for s in c.sources:
            output.line(f"- {s.title}:", indent=2)
            output.line(s.url, indent=4)
    output.line()
    output.line(f"{answer.count} claim(s).")


def _kb_usage(args: argparse.Namespace) -> None:
    raise UsageError("give a kb command: `ma-ladder kb check` validates every file")


def kb_check(args: argparse.Namespace) -> None:
    """Validate every file of the knowledge base; optionally list stale facts."""
    from ..kb import build, freshness

    if args.older_than is not None and args.older_than < 0:
        raise UsageError(f"--older-than {args.older_than}: give a number of days of 0 or more")
    kb = build()
    names = ("organizations", "credentials", "program_types", "tasks", "careers", "claims", "states", "national")
    counts = {name: len(getattr(kb, name)) for name in names}
    stale = freshness.stale(kb, args.older_than) if args.older_than is not None else []
    if args.as_json:
        return output.emit_json({"ok": True, "version": kb.dataset.version, "counts": counts, "stale": stale})
    output.line(
        f"ok: knowledge base {kb.dataset.version} is valid — " + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    if args.older_than is not None:
        output.line(f"{len(stale)} fact block(s) older than {args.older_than} days")
        for s in stale:
            output.line(f"{s.where}: as of {s.as_of} ({s.age_days} days)", indent=2)
