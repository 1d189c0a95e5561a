"""SVG pictures for the pages, drawn on the server so they show with JavaScript off and print well.

Pure functions: each takes plain values (labels, numbers, links) and returns markup as
:class:`markupsafe.Markup`. Every piece of text is escaped here, so data can never inject markup.
Colours come from CSS classes (``site.css``), never from inline styles (the CSP forbids them), and
every coloured shape also carries words or a symbol, so colour is never the only signal.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .fragments import escape_text as _esc

# The usual US tile-grid layout: (column, row) of each state and DC on an 11 x 8 grid.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (10, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2), "WI": (6, 2),
    "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3), "OH": (6, 3),
    "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4), "WV": (6, 4),
    "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5), "SC": (7, 5),
    "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (8, 7),
}  # fmt: skip


_escaped = functools.lru_cache(maxsize=8192)(_esc)  # a label's line, escaped once: labels repeat


@functools.lru_cache(maxsize=4096)
def _num(value: float) -> str:
    """A coordinate as SVG writes it (``12``, ``12.5``): formatting a float costs about 0.3 µs, a
    picture places a hundred, and the same positions come back on every request."""
    return f"{value:g}"


def _attr(value: object) -> str:
    return _escaped(value if type(value) is str else str(value))


@functools.lru_cache(maxsize=4096)
def _lines(text: str, width: int) -> tuple[str, ...]:
    """Greedy word wrap (a word longer than the line is cut): textwrap's regular expressions cost
    about 20 µs a call here, and a ladder draws a dozen labels per request. The labels are the
    knowledge base's names, wrapped again on every request otherwise: a bounded memo keeps each."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return tuple(lines)


def _text(x: float, y: float, lines: Sequence[str], cls: str, step: float = 18, anchor: str = "start") -> str:
    at = _num(x)
    first, rest = f'<tspan x="{at}" dy="0">', f'<tspan x="{at}" dy="{_num(step)}">'
    spans = "".join([(rest if i else first) + _escaped(line) + "</tspan>" for i, line in enumerate(lines)])
    return f'<text x="{_num(x)}" y="{_num(y)}" class="{cls}" text-anchor="{anchor}">{spans}</text>'


def _svg(
    width: float, height: float, title: str, desc: str, body: str, cls: str, key: str = "", role: str = "img"
) -> Markup:
    """The outer ``<svg>``: a picture (``img``), or a ``group`` where it holds links a reader can reach."""
    ident = "svg-" + "".join(ch for ch in cls + key if ch.isalnum())
    return Markup(
        f'<svg class="chart {_attr(cls)}" viewBox="0 0 {_num(width)} {_num(height)}" role="{role}" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{_escaped(title)}</title>'
        f'<desc id="{ident}-d">{_escaped(desc)}</desc>{body}</svg>'
    )


# The ladder ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Rung:
    """One level of the ladder as drawn: its name, what it holds, and an optional note (e.g. the top pick)."""

    id: str
    name: str
    items: list[str]
    note: str = ""
    href: str | None = None


def ladder(rungs: Sequence[Rung], title: str) -> Markup:
    """The ladder bottom-up: ``rungs[0]`` is drawn at the bottom, each rung a labelled box between two rails."""
    width, pad, gap = 480, 34, 14
    boxes: list[tuple[Rung, tuple[str, ...], int, float]] = []
    for r in rungs:
        items = _lines(", ".join(r.items), 46) if r.items else ()
        lines = items + (_lines(r.note, 46) if r.note else ())
        boxes.append((r, lines, len(items), 34 + 19 * len(lines) + 10))
    height = sum(h for *_, h in boxes) + gap * (len(boxes) + 1) + 30
    body = [
        f'<rect class="rail" x="12" y="8" width="10" height="{_num(height - 16)}" rx="3"/>',
        f'<rect class="rail" x="{width - 22}" y="8" width="10" height="{_num(height - 16)}" rx="3"/>',
        _text(width / 2, 24, ["No official top rung"], "ladder-top", anchor="middle"),
    ]
    y = height - gap
    for i, (r, lines, n_items, h) in enumerate(boxes):
        y -= h
        box = (
            f'<rect class="rung rung-{_attr(r.id)}" x="{pad}" y="{_num(y)}" width="{width - 2 * pad}" '
            f'height="{_num(h)}" rx="6"/>' + _text(pad + 12, y + 24, [f"{i + 1}. {r.name}"], "rung-name")
        )
        if lines:
            box += _text(pad + 12, y + 46, lines[:n_items], "rung-items", 19) if n_items else ""
            if len(lines) > n_items:
                box += _text(pad + 12, y + 46 + 19 * n_items, lines[n_items:], "rung-note", 19)
        body.append(f'<a href="{_attr(r.href)}">{box}</a>' if r.href else box)
        y -= gap
    desc = "From the bottom: " + "; ".join(
        f"{r.name}{': ' + ', '.join(r.items) if r.items else ''}{' (' + r.note + ')' if r.note else ''}" for r in rungs
    )
    return _svg(width, height, title, desc, "".join(body), "ladder", role="group")


# The US tile-grid map -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    """One state's tile: its code, a CSS class for its decision, a short symbol, a link and a tooltip title."""

    code: str
    cls: str
    symbol: str
    href: str
    title: str


def tile_map(tiles: Sequence[Tile], title: str, desc: str) -> Markup:
    """51 tiles in the usual grid; each a link with a ``<title>``, its code and its decision's symbol."""
    size, gap = 54, 4
    body = [
        '<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="8" class="hatch-line"/>'
        "</pattern></defs>"
    ]
    for t in tiles:
        if t.code not in TILES:
            continue
        col, row = TILES[t.code]
        x, y = col * (size + gap), row * (size + gap)
        mid = _num(x + size / 2)
        body.append(
            f'<a href="{_attr(t.href)}" class="tile"><title>{_escaped(t.title)}</title>'
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" class="tile-bg {_attr(t.cls)}"/>'
            f'<text x="{mid}" y="{y + 23}" text-anchor="middle" class="tile-code">{_escaped(t.code)}</text>'
            f'<text x="{mid}" y="{y + 44}" text-anchor="middle" class="tile-sym">{_escaped(t.symbol)}</text>'
            "</a>"
        )
    return _svg(11 * (size + gap) - gap, 8 * (size + gap) - gap, title, desc, "".join(body), "map", role="group")


# A path timeline ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One step of a timeline: its label, when it starts and how long it takes (months; None = unknown)."""

    label: str
    start: float
    months: float | None
    detail: str
    kind: str


def timeline(bars: Sequence[Bar], title: str, key: str = "") -> Markup:
    """A Gantt strip: a row per step, a bar from its start to its end, a diamond for a step that takes no time."""
    width, left, right = 400, 12, 16
    span = max([b.start + (b.months or 0) for b in bars] + [1.0])
    scale = (width - left - right) / span
    rows, y = [], 8.0
    for b in bars:
        label = _lines(b.label, 44)
        rows.append(_text(left, y + 14, label, "tl-label"))
        y += 18 * len(label)
        x = left + b.start * scale
        if b.months is None:
            rest = _num(width - right - x)
            rows.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{rest}" height="14" class="tl-unknown"/>')
        elif b.months == 0:
            rows.append(f'<path d="M{_num(x)} {_num(y)} l8 7 l-8 7 l-8 -7 z" class="tl-point tl-{_attr(b.kind)}"/>')
        else:
            w = max(b.months * scale, 3)
            cls = f"tl-bar tl-{_attr(b.kind)}"
            rows.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="14" rx="3" class="{cls}"/>')
        rows.append(_text(left, y + 32, _lines(b.detail, 50)[:1], "tl-detail"))
        y += 46
    axis = f'<line x1="{left}" y1="{_num(y)}" x2="{width - right}" y2="{_num(y)}" class="axis"/>'
    ticks = _ticks(span)
    marks = "".join(
        f'<line x1="{_num(left + t * scale)}" y1="{_num(y)}" x2="{_num(left + t * scale)}" y2="{_num(y + 5)}" '
        'class="axis"/>' + _text(left + t * scale, y + 20, [f"{_num(t)}"], "tick", anchor="middle")
        for t in ticks
    )
    caption = _text(width - right, y + 38, ["months from today"], "tick", anchor="end")
    desc = "; ".join(f"{b.label}: {b.detail}" for b in bars)
    return _svg(width, y + 46, title, desc, "".join(rows) + axis + marks + caption, "timeline", key)


def _ticks(span: float) -> list[float]:
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120) if span / s <= 8)
    return [float(i * step) for i in range(int(span // step) + 1)]


# A wage bar chart ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WageBar:
    """One bar: its label, the median and the 10th-90th percentile range (dollars; None = not published)."""

    label: str
    median: float | None
    low: float | None
    high: float | None
    cls: str = ""


def wage_bars(bars: Sequence[WageBar], title: str, unit: str = "a year", key: str = "") -> Markup:
    """Horizontal bars of median pay with a 10th-90th percentile whisker; the figure is written on each bar."""
    width, left, right = 400, 8, 16
    top = max([b.high or b.median or 0 for b in bars] + [1.0])
    scale = (width - left - right) / top
    rows, y = [], 6.0
    for b in bars:
        label = _lines(b.label, 44)
        rows.append(_text(left, y + 14, label, "wb-label"))
        y += 18 * len(label) + 2
        if b.median is None:
            rows.append(_text(left, y + 14, ["median not published by BLS"], "wb-value"))
        else:
            w = max(b.median * scale, 2)
            rows.append(
                f'<rect x="{left}" y="{_num(y)}" width="{_num(w)}" height="20" rx="2" class="wb-bar {_attr(b.cls)}"/>'
            )
            rows.append(_text(left + 6, y + 15, [f"${b.median:,.0f}"], "wb-value"))
            if b.low is not None and b.high is not None:
                x1, x2, r = left + b.low * scale, left + b.high * scale, y + 27
                rows.append(
                    f'<path d="M{_num(x1)} {_num(r)} H{_num(x2)} M{_num(x1)} {_num(r - 4)} V{_num(r + 4)} '
                    f'M{_num(x2)} {_num(r - 4)} V{_num(r + 4)}" '
                    'class="wb-range"/>'
                )
        y += 40
    desc = "; ".join(
        f"{b.label}: median {'$' + format(b.median, ',.0f') if b.median is not None else 'not published'} {unit}"
        for b in bars
    )
    note = _text(
        left,
        y + 12,
        [f"Median pay {unit}; the line under each bar spans", "the 10th to the 90th percentile."],
        "tick",
        16,
    )
    return _svg(width, y + 38, title, desc, "".join(rows) + note, "wages", key)
