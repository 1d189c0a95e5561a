"""A chart of wages for people who would rather look than read (``ma-ladder wages --plot``).

matplotlib is imported only here, and only when a chart is asked for.
"""

from __future__ import annotations

from pathlib import Path

from .query import WageReport


def plot(report: WageReport, path: Path) -> Path:
    """A bar chart of median annual pay with the 10th-90th percentile range, one group per area."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    areas = list(dict.fromkeys(r.area for r in report.rows))
    socs = list(dict.fromkeys(r.soc for r in report.rows))
    titles = {r.soc: r.title for r in report.rows}
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(socs) * len(areas) + 1.5))
    height = 0.8 / max(len(areas), 1)
    for i, area in enumerate(areas):
        by_soc = {r.soc: r for r in report.rows if r.area == area}
        ys = [j + i * height for j in range(len(socs))]
        med = [(by_soc[s].median_annual or 0) if s in by_soc else 0 for s in socs]
        lo = [max(m - ((by_soc[s].p10_annual or m) if s in by_soc else m), 0) for s, m in zip(socs, med, strict=True)]
        hi = [max(((by_soc[s].p90_annual or m) if s in by_soc else m) - m, 0) for s, m in zip(socs, med, strict=True)]
        ax.barh(ys, med, height=height, xerr=[lo, hi], label=area, capsize=3)
    ax.set_yticks([j + height * (len(areas) - 1) / 2 for j in range(len(socs))])
    ax.set_yticklabels([titles[s] for s in socs])
    ax.invert_yaxis()
    ax.set_xlabel("Annual wage (bar: median; whiskers: 10th-90th percentile)")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"${x:,.0f}"))
    ax.set_title(f"Annual wages, BLS Occupational Employment and Wage Statistics, {report.release}")
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
