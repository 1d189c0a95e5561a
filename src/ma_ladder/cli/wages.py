"""CLI command for pay: ``wages`` (BLS OEWS figures for the nation, a state, metro areas)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import UsageError
from . import output
from .app import add_command
from .paths import money


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = add_command(sub, "wages", wages_cmd)
    p.add_argument("--state", help="A state, code or name.")
    p.add_argument("--metro", help="Metro area name or part of it, e.g. Houston.")
    p.add_argument("--occupation", action="append", help="SOC code or title words (repeatable).")
    p.add_argument("--plot", type=Path, help="Also draw a chart to FILE.png or FILE.svg.")


def wages_cmd(args: argparse.Namespace) -> None:
    """Official BLS wages for MAs and the roles they advance to: nation, state, metro."""
    from .. import questions
    from ..kb import load

    plot: Path | None = args.plot
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--plot {plot}: the file must end in .png or .svg")
    report = questions.wages(load(), args.state, args.metro, args.occupation)
    if plot is not None:
        from ..wages.chart import plot as draw

        try:
            draw(report, plot)
        except OSError as exc:
            raise UsageError(f"--plot {plot}: cannot write the chart there ({exc.strerror or exc})") from None
    if args.as_json:
        return output.emit_json(report)
    output.table(
        f"BLS OEWS {report.release}: annual wages",
        ["area", "SOC", "occupation", "employment", "median", "10th pct", "90th pct", "median hourly"],
        (
            (
                r.area,
                r.soc,
                r.title,
                f"{r.employment:,}" if r.employment else "n/a",
                money(r.median_annual),
                money(r.p10_annual),
                money(r.p90_annual),
                f"${r.median_hourly:.2f}" if r.median_hourly else "n/a",
            )
            for r in report.rows
        ),
    )
    if plot is not None:
        output.line(f"chart written to {plot}")
    for n in report.notes:
        output.line(f"BLS note: {n}", indent=2, hang=10)
    output.citations(report.citations)
