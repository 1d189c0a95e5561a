"""``ma-ladder``: the command line. Thin: it resolves names, calls an engine, prints the result.

Every command takes ``--json`` and then prints one JSON object on stdout (the public contract in
PRODUCT.md). Exit codes: 0 ok, 1 failure, 2 bad usage or input.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated

import typer
from rich.markup import escape

from . import compare as compare_engine
from . import ladder as ladder_engine
from . import resolve
from .citations import unique_sources
from .errors import UnknownName, UsageError
from .kb import KnowledgeBase, load
from .output import citations, console, emit_json, handle_errors, table

app = typer.Typer(
    help="The US medical-assistant career ladder: credentials, state scope of practice, paths, wages. "
    "Every fact cites its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(help="Check the knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

Json = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def _kb() -> KnowledgeBase:
    return load()


def _parse_weights(pairs: list[str] | None) -> dict[str, float]:
    """``eligibility=0.5`` pairs into a dict, rejecting unknown criteria and non-finite or negative weights."""
    out: dict[str, float] = {}
    valid = [c.id for c in ladder_engine.CRITERIA]
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


Weights = Annotated[
    list[str] | None, typer.Option("--weight", help="Override a criterion's weight: NAME=NUMBER (repeatable).")
]


@app.command()
@handle_errors
def highest(weight: Weights = None, as_json: Json = False) -> None:
    """What is the highest level of medical assistant? The answer, the reasons, the sources."""
    kb = _kb()
    h = ladder_engine.highest(kb, _parse_weights(weight))
    if as_json:
        return emit_json(h)
    console.print(h.answer, highlight=False, markup=False)
    console.print("\n[bold]How the general certifications compare on MA Ladder's criteria[/]")
    for r in h.reasons:
        console.print(f"  • {r}", highlight=False, markup=False)
    console.print("\n[bold]Criteria[/] (change them with --weight NAME=NUMBER)")
    for c in h.criteria:
        console.print(f"  • {c.id} ({c.weight:g}): {c.description}", highlight=False, markup=False)
    citations(h.citations)
    console.print(
        f"\nData set {h.dataset_version}. See `ma-ladder ladder` for every level.", highlight=False, markup=False
    )


@app.command()
@handle_errors
def ladder(weight: Weights = None, as_json: Json = False) -> None:
    """The levels of the MA career as a tree, from entry to the roles beyond the MA."""
    from rich.text import Text
    from rich.tree import Tree

    kb = _kb()
    levels = ladder_engine.levels(kb, _parse_weights(weight))
    if as_json:
        return emit_json({"levels": levels, "criteria": ladder_engine.CRITERIA, "dataset_version": kb.dataset.version})
    tree = Tree("[bold]The medical-assistant ladder[/] (no official hierarchy exists; see `ma-ladder highest`)")
    for lvl in levels:
        branch = tree.add(f"[bold]{escape(lvl.name)}[/] — {escape(lvl.description)}")
        for cid in lvl.credentials:
            c = kb.credentials.get(cid)
            branch.add(Text(f"{cid}: {c.name}" if c else cid, style="cyan"))
        for rid in lvl.careers:
            branch.add(Text(f"{kb.careers[rid].name} (career)", style="green"))
    console.print(tree)


@app.command("credentials")
@handle_errors
def list_credentials(
    track: Annotated[
        str | None,
        typer.Option(help="general, administrative, phlebotomy, ekg, ophthalmic, order_entry, management, instructor"),
    ] = None,
    issuer: Annotated[str | None, typer.Option(help="Organization id, abbreviation or name, e.g. AAMA or NHA.")] = None,
    as_json: Json = False,
) -> None:
    """List credentials, filtered by track or issuer."""
    kb = _kb()
    creds = list(kb.credentials.values())
    if track:
        tracks = sorted({c.track for c in creds})
        if track.lower() not in tracks:
            raise UnknownName("track", track, tracks)
        creds = [c for c in creds if c.track == track.lower()]
    if issuer:
        org = resolve.organization(kb, issuer)
        creds = [c for c in creds if c.issuer == org]
    if as_json:
        return emit_json(
            {
                "credentials": [
                    {"id": c.id, "name": c.name, "abbreviation": c.abbreviation, "issuer": c.issuer, "track": c.track}
                    for c in creds
                ]
            }
        )
    console.print(
        table(
            None,
            ["id", "name", "issuer", "track"],
            (
                (
                    c.id,
                    c.name,
                    kb.organizations[c.issuer].abbreviation if c.issuer in kb.organizations else c.issuer,
                    c.track,
                )
                for c in creds
            ),
        )
    )


@app.command()
@handle_errors
def show(
    credential: Annotated[str, typer.Argument(help="Credential id, e.g. CMA (any case).")], as_json: Json = False
) -> None:
    """Everything about one credential: issuer, eligibility routes, exam, fees, renewal, sources."""
    kb = _kb()
    c = kb.credentials.get(resolve.credential(kb, credential))
    if c is None:
        raise UsageError(f"{credential} is a state-issued credential; see `ma-ladder scope` for its state")
    sources = unique_sources(s for b in c.blocks() for s in b.sources)
    if as_json:
        return emit_json(c.model_dump(mode="json", exclude_none=True) | {"sources": sources})
    cmp = compare_engine.compare(kb, [c.id])
    console.print(f"[bold]{escape(c.name)}[/] ({escape(c.abbreviation)}) — {escape(c.summary)}", highlight=False)
    console.print(table(None, ["attribute", "value"], ((k, v[c.id]) for k, v in cmp.rows.items())))
    citations(sources)


@app.command()
@handle_errors
def compare(
    credentials: Annotated[list[str], typer.Argument(help="Two or more credential ids, e.g. CMA RMA CCMA.")],
    as_json: Json = False,
) -> None:
    """Compare credentials side by side: issuer, routes, exam, fees, renewal, 10-year cost."""
    kb = _kb()
    ids = [resolve.credential(kb, c) for c in credentials]
    missing = [i for i in ids if i not in kb.credentials]
    if missing:
        raise UsageError(f"state-issued credentials can't be compared here: {', '.join(missing)}")
    result = compare_engine.compare(kb, list(dict.fromkeys(ids)))
    if as_json:
        return emit_json(result)
    console.print(
        table(
            "Credentials compared",
            ["", *result.credentials],
            ((row, *(vals[i] for i in result.credentials)) for row, vals in result.rows.items()),
        )
    )
    citations(result.citations)


@app.command()
@handle_errors
def claims(
    verdict: Annotated[str | None, typer.Option(help="true, partly_true, false, outdated or unverifiable")] = None,
    as_json: Json = False,
) -> None:
    """The seed article's claims, each with a verdict, an explanation and sources."""
    kb = _kb()
    items = sorted(kb.claims.values(), key=lambda c: c.id)
    if verdict:
        verdicts = sorted({"true", "partly_true", "false", "outdated", "unverifiable"})
        if verdict.lower() not in verdicts:
            raise UnknownName("verdict", verdict, verdicts)
        items = [c for c in items if c.verdict == verdict.lower()]
    if as_json:
        return emit_json({"claims": items, "count": len(items)})
    for c in items:
        verdict = c.verdict.upper().replace("_", " ")
        console.print(f"\n[bold]{verdict}[/] {escape(f'[{c.section}] {c.claim}')}", highlight=False)
        console.print(f"  {c.explanation}", highlight=False, markup=False)
        for s in c.sources:
            console.print(f"  - {s.title}: {s.url}", highlight=False, markup=False)
    console.print(f"\n{len(items)} claim(s).")


def _parse_date(text: str | None, option: str = "--on") -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; use YYYY-MM-DD, e.g. 2025-01-31") from None


@kb_app.command("check")
@handle_errors
def kb_check(
    older_than: Annotated[
        int | None, typer.Option(min=0, help="Also list facts whose as_of is older than this many days.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Validate every file of the knowledge base; optionally list stale facts."""
    from . import freshness
    from .kb import build

    kb = build()
    counts = {
        name: len(getattr(kb, name))
        for name in (
            "organizations",
            "credentials",
            "program_types",
            "tasks",
            "careers",
            "claims",
            "states",
            "national",
        )
    }
    stale = freshness.stale(kb, older_than) if older_than is not None else []
    if as_json:
        return emit_json({"ok": True, "version": kb.dataset.version, "counts": counts, "stale": stale})
    console.print(
        f"[green]ok[/]: knowledge base {kb.dataset.version} is valid — "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    if older_than is not None:
        console.print(f"{len(stale)} fact block(s) older than {older_than} days")
        for s in stale:
            console.print(f"  {s.where}: as of {s.as_of} ({s.age_days} days)", highlight=False, markup=False)


def main() -> None:
    """Console-script entry point."""
    app()


from . import cli_advice as _cli_advice  # noqa: E402  (registers eligible, plan, advise, wages)
from . import cli_scope as _cli_scope  # noqa: E402  (registers scope, states)

__all__ = ["_cli_advice", "_cli_scope", "app", "main"]
