"""CLI command for pay: ``wages`` (BLS OEWS figures for the nation, a state, metro areas).

The text shows one table per area: the annual median and the 10th-90th percentile range;
``--full`` adds the SOC code, employment, the mean and the hourly figures. ``--json`` has every
figure.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import UsageError
from . import output
from .app import add_command


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = add_command(sub, "wages", wages_cmd)
    p.add_argument("--state", help="A state, code or name.")
    p.add_argument("--metro", help="Metro area name or part of it, e.g. Houston.")
    p.add_argument("--occupation", action="append", help="SOC code or title words (repeatable).")
    p.add_argument("--plot", type=Path, help="Also draw a chart to FILE.png or FILE.svg.")


def money(x: float | None) -> str:
    """Dollars without cents; ``n/a`` where BLS publishes no figure."""
    return "n/a" if x is None else f"${x:,.0f}"


def hourly(x: float | None) -> str:
    return "n/a" if x is None else f"${x:.2f}"


def between(low: float | None, high: float | None, show: Any = money) -> str:
    return "n/a" if low is None and high is None else f"{show(low)}-{show(high)}"


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
    output.line(f"BLS OEWS {report.release}: what each occupation pays a year (median and 10th-90th percentile)")
    areas = list(dict.fromkeys(r.area for r in report.rows))
    for area in areas:
        rows = [r for r in report.rows if r.area == area]
        output.heading(area)
        if args.full:
            output.table(
                None,
                ["occupation", "SOC", "employed", "median", "mean", "10th-90th pct", "hourly", "hourly 10th-90th"],
                (
                    (
                        r.title,
                        r.soc,
                        f"{r.employment:,}" if r.employment else "n/a",
                        money(r.median_annual),
                        money(r.mean_annual),
                        between(r.p10_annual, r.p90_annual),
                        hourly(r.median_hourly),
                        between(r.p10_hourly, r.p90_hourly, hourly),
                    )
                    for r in rows
                ),
            )
        else:
            output.table(
                None,
                ["occupation", "median", "10th-90th pct"],
                ((r.title, money(r.median_annual), between(r.p10_annual, r.p90_annual)) for r in rows),
            )
    if not report.rows:
        output.line("BLS publishes no figures for this choice.")
    if plot is not None:
        output.line(f"chart written to {plot}")
    for n in report.notes:
        output.line(f"BLS note: {n}", indent=2, hang=10)
    if not args.full:
        output.line()
        output.line("--full adds each occupation's SOC code, employment, mean wage and hourly wages.")
    output.citations(report.citations)
