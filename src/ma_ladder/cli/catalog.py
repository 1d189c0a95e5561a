"""CLI commands for the ladder and the credentials: ``highest``, ``ladder``, ``credentials``, ``show``,
``compare``, ``claims``, and ``kb check`` for the knowledge base itself."""

from __future__ import annotations

import argparse
import math
from datetime import date
from typing import Any

from ..errors import UnknownName, UsageError
from . import output
from .app import Parser, add_command

VERDICTS = ("true", "partly_true", "false", "outdated", "unverifiable")
TRACKS = "general, administrative, phlebotomy, ekg, ophthalmic, order_entry, management, instructor"


def parse_weights(pairs: list[str] | None) -> dict[str, float]:
    """``eligibility=0.5`` pairs into a dict, rejecting unknown criteria and non-finite or negative weights."""
    from ..ladder import CRITERIA as ENGINE_CRITERIA

    out: dict[str, float] = {}
    valid = [c.id for c in ENGINE_CRITERIA]
    for pair in pairs or []:
        name, _, value = pair.partition("=")
        if name not in valid:
            raise UnknownName("criterion", name, valid)
        try:
            weight = float(value)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or weight < 0:
            raise UsageError(f"--weight {pair!r}: the weight must be a number of 0 or more, e.g. {name}=0.5")
        out[name] = weight
    return out


def parse_date(text: str | None, option: str = "--on") -> date | None:
    """A YYYY-MM-DD option, or a clear error."""
    if text is None:
        return None
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; use YYYY-MM-DD, e.g. 2025-01-31") from None


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
        "credentials", nargs="+", help="Two or more credential ids, e.g. CMA RMA CCMA."
    )
    add_command(sub, "claims", claims).add_argument("--verdict", help=f"One of: {', '.join(VERDICTS)}.")
    kb = sub.add_parser("kb", help="Check the knowledge base.", description="Check the knowledge base.")
    p = add_command(kb.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser), "check", kb_check)
    p.add_argument(
        "--older-than", type=int, metavar="DAYS", help="Also list facts whose as_of is older than this many days."
    )


def highest(args: argparse.Namespace) -> None:
    """What is the highest level of medical assistant? The answer, the reasons, the sources."""
    from .. import ladder
    from ..kb import load

    h = ladder.highest(load(), parse_weights(args.weight))
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
    from .. import ladder as engine
    from ..kb import load

    kb = load()
    weights = parse_weights(args.weight)
    levels = engine.levels(kb, weights)
    if args.as_json:
        return output.emit_json({"levels": levels, "criteria": engine.CRITERIA, "dataset_version": kb.dataset.version})
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
    from ..kb import load, resolve

    kb = load()
    creds = list(kb.credentials.values())
    if args.track:
        tracks = sorted({c.track for c in creds})
        if args.track.lower() not in tracks:
            raise UnknownName("track", args.track, tracks)
        creds = [c for c in creds if c.track == args.track.lower()]
    if args.issuer:
        org = resolve.organization(kb, args.issuer)
        creds = [c for c in creds if c.issuer == org]
    if args.as_json:
        rows = [
            {"id": c.id, "name": c.name, "abbreviation": c.abbreviation, "issuer": c.issuer, "track": c.track}
            for c in creds
        ]
        return output.emit_json({"credentials": rows})
    orgs = kb.organizations
    output.table(
        None,
        ["id", "name", "issuer", "track"],
        ((c.id, c.name, orgs[c.issuer].abbreviation if c.issuer in orgs else c.issuer, c.track) for c in creds),
    )


def show(args: argparse.Namespace) -> None:
    """Everything about one credential: issuer, eligibility routes, exam, fees, renewal, sources."""
    import msgspec

    from ..citations import unique_sources
    from ..kb import load, resolve
    from ..ladder import compare as engine

    kb = load()
    c = kb.credentials.get(resolve.credential(kb, args.credential))
    if c is None:
        raise UsageError(f"{args.credential} is a state-issued credential; see `ma-ladder scope` for its state")
    sources = unique_sources(s for b in c.blocks() for s in b.sources)
    if args.as_json:
        return output.emit_json(msgspec.structs.asdict(c) | {"sources": sources})
    cmp = engine.compare(kb, [c.id])
    output.line(f"{c.name} ({c.abbreviation}) — {c.summary}")
    output.table(None, ["attribute", "value"], ((k, v[c.id]) for k, v in cmp.rows.items()))
    output.citations(sources)


def compare(args: argparse.Namespace) -> None:
    """Compare credentials side by side: issuer, routes, exam, fees, renewal, 10-year cost."""
    from ..kb import load, resolve
    from ..ladder import compare as engine

    kb = load()
    ids = [resolve.credential(kb, c) for c in args.credentials]
    missing = [i for i in ids if i not in kb.credentials]
    if missing:
        raise UsageError(f"state-issued credentials can't be compared here: {', '.join(missing)}")
    result = engine.compare(kb, list(dict.fromkeys(ids)))
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
    from ..kb import load

    kb = load()
    items = sorted(kb.claims.values(), key=lambda c: c.id)
    if args.verdict:
        if args.verdict.lower() not in VERDICTS:
            raise UnknownName("verdict", args.verdict, VERDICTS)
        items = [c for c in items if c.verdict == args.verdict.lower()]
    if args.as_json:
        return output.emit_json({"claims": items, "count": len(items)})
    for c in items:
        output.heading(f"{c.verdict.upper().replace('_', ' ')} [{c.section}] {c.claim}")
        output.line(c.explanation, indent=2)
        for s in c.sources:
            output.line(f"- {s.title}:", indent=2)
            output.line(s.url, indent=4)
    output.line()
    output.line(f"{len(items)} claim(s).")


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
