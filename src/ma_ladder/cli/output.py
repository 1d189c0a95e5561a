"""Printing for the CLI: one JSON object on stdout with ``--json``, readable text otherwise.

Text is wrapped to the terminal's width at word boundaries, so no word, number or URL is split;
headings are bold only on a terminal that wants colour. Tables are padded columns, or key-value
blocks when they would not fit. Errors go to stderr (as one JSON object with ``--json``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .. import serialize

if TYPE_CHECKING:
    import msgspec


def emit_json(obj: object) -> None:
    """Print one JSON object on stdout, through the one serializer the API uses too."""
    sys.stdout.write(serialize.to_text(obj) + "\n")


def emit_stream(obj: msgspec.Struct, field: str, chunks: Iterable[list[Any]]) -> None:
    """Print one JSON object on stdout whose list ``field`` comes in chunks: the text :func:`emit_json`
    would print, written as it is encoded (a national roster's rows are never all in memory)."""
    write = sys.stdout.write
    for piece in serialize.stream(obj, field, chunks, indent=2):
        write(piece.decode("utf-8"))  # pieces end between whole JSON values: never inside a character


def width() -> int:
    """The terminal's width (``COLUMNS`` wins; 80 when not a terminal)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return max(int(os.environ["COLUMNS"]), 40)
    try:
        return max(os.get_terminal_size(sys.stdout.fileno()).columns, 40)
    except (OSError, ValueError, AttributeError):
        return 80


def _bold(text: str) -> str:
    plain = os.environ.get("NO_COLOR") or not getattr(sys.stdout, "isatty", lambda: False)()
    return text if plain else f"\033[1m{text}\033[0m"


def line(text: str = "", indent: int = 0, hang: int = 0) -> None:
    """One paragraph, wrapped at word boundaries; continuation lines indented by ``indent + hang``."""
    if not text:
        sys.stdout.write("\n")
        return
    import textwrap

    pad = " " * indent
    wrapped = textwrap.fill(
        text,
        width=width(),
        initial_indent=pad,
        subsequent_indent=pad + " " * hang,
        break_long_words=False,
        break_on_hyphens=False,
    )
    sys.stdout.write(wrapped + "\n")


def heading(text: str) -> None:
    """A bold heading, after a blank line, wrapped at word boundaries like any paragraph."""
    import textwrap

    lines = textwrap.wrap(text, width=width(), break_long_words=False, break_on_hyphens=False) or [""]
    sys.stdout.write("\n" + "\n".join(_bold(x) for x in lines) + "\n")


def bullet(text: str, indent: int = 2, mark: str = "•") -> None:
    """A bulleted paragraph with a hanging indent."""
    line(f"{mark} {text}", indent=indent, hang=len(mark) + 1)


def citations(cites: Iterable[Any], title: str = "Sources") -> None:
    """Numbered citations: the legal citation where there is one, the title, how far the source is
    trusted (primary, secondary or weak), and the URL on its own line."""
    from ..kb import load
    from ..kb.sources import quality

    kb = load()
    heading(title)
    for i, c in enumerate(cites, 1):
        legal = getattr(c, "citation", None)
        label = f"{legal} — {c.title}" if legal else c.title
        kind = quality(kb, c.url) if c.url else "unclassified"
        tag = f"[{i}]"
        line(f"{tag} {label} ({kind} source)", indent=2, hang=len(tag) + 1)
        sys.stdout.write(" " * (3 + len(tag)) + (c.url or "(no public URL)") + "\n")  # a URL is never wrapped


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Rows as a table when every cell fits on one line at this width, else as key-value blocks.

    A table squeezed below its width splits words and numbers across lines ("$123,86|0"), so it is
    never squeezed: each row becomes a block headed by its first cell instead. The table is plain
    padded columns under a rule; drawing it with Rich cost more start-up time than the rest of
    ``highest`` (see docs/performance.md), for no gain in a table of single-line cells.
    """
    cells = [["" if x is None else " ".join(str(x).split()) for x in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    if sum(widths) + GAP * (len(widths) - 1) > width():
        return blocks(title, columns, cells)
    if title:
        line(title)
    pad = " " * GAP
    out = [_bold(pad.join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())]
    out.append("─" * (sum(widths) + GAP * (len(widths) - 1)))
    out += [pad.join(x.ljust(w) for x, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    sys.stdout.write("\n".join(out) + "\n")


GAP = 3  # spaces between columns


def blocks(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Each row as a block: its first cell as a heading, then ``column: value`` lines (empty ones left out)."""
    if title:
        line(title)
    for row in rows:
        heading(row[0])
        for name, value in zip(columns[1:], row[1:], strict=True):
            if value:
                line(f"{name}: {value}", indent=2, hang=2)


def error(data: dict[str, Any], text: str, as_json: bool) -> None:
    """Report an error on stderr: one JSON object with ``--json``, else a readable message."""
    if as_json:
        sys.stderr.write(serialize.to_json(_clean(data)).decode() + "\n")
    else:
        sys.stderr.write(f"error: {_clean(text)}\n")


def _clean(value: Any) -> Any:
    """Text as UTF-8 can carry it: bytes that were not UTF-8 on the command line become U+FFFD."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value
