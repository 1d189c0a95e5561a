"""The site's layout around every page's own content: head, menu, ask box, notes, sources, footer.

Every page is wrapped in it, so it is laid out in Python, like the long lists of :mod:`.fragments`:
as a Jinja template that every page extended, it cost each request about a hundred microseconds on a
small machine (a context, a block call and a couple of dozen escaped values), most of it for text
that is the same on every page. Here the fixed text is laid out once per knowledge base
(:class:`Shell`) and a request fills in its title, its JSON twin, the menu entry it is under, the
legal note, the ask box's question and its sources. Values are escaped exactly as the templates
escape them (:func:`value`), so a page reads the same whichever side printed it.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..kb import KnowledgeBase
from .assets import SITE
from .fragments import value

NAV = [
    ("/", "Home"),
    ("/scope", "Scope of practice"),
    ("/advise", "Advisor"),
    ("/credentials", "Credentials"),
    ("/compare", "Compare"),
    ("/wages", "Wages"),
    ("/organizations", "Organizations"),
    ("/claims", "Claims"),
]
OPEN_SOURCES = 6  # a page citing this many sources or fewer shows them open


def _menus(entries: list[tuple[str, str]]) -> dict[str, str]:
    """The menu, once for each entry it can mark as the current page's (and once with none)."""
    mark = ' aria-current="page"'

    def menu(current: str) -> str:
        items = "".join(
            f'<li><a href="{escape(h)}"{mark if h == current else ""}>{escape(t)}</a></li>' for h, t in entries
        )
        return f"<ul>{items}</ul>"

    return {"": menu(""), **{h: menu(h) for h, _ in entries}}


class Shell:
    """The layout's text that no request changes, laid out once per knowledge base: the head up to the
    title, from the title to the JSON twin's link, the header after it (once per menu entry it can
    mark as current), and the footer."""

    __slots__ = ("footer", "head", "headers", "links")

    def __init__(self, kb: KnowledgeBase) -> None:
        self.head = (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
        )
        self.links = (
            " &ndash; MA Ladder</title>\n"
            f'<link rel="stylesheet" href="{value(SITE.url("site.css"))}">\n'
            f'<link rel="icon" href="{value(SITE.url("favicon.svg"))}" type="image/svg+xml">\n'
            '<link rel="alternate" type="application/json" href="'
        )
        self.headers = {
            section: (
                '">\n</head>\n<body>\n<a class="skip" href="#main">Skip to content</a>\n<header class="site">\n'
                '  <a class="brand" href="/">MA Ladder</a>\n  <nav aria-label="Main">\n'
                f"    {menu}\n  </nav>\n"
                '  <form class="askbox" method="get" action="/ask" role="search">\n'
                '    <label for="ask-q">Ask a question</label>\n'
                '    <input id="ask-q" name="q" type="search" maxlength="500" '
                'placeholder="can a CMA give flu shots in New York?" value="'
            )
            for section, menu in _menus(NAV).items()
        }
        d = kb.dataset
        self.footer = (
            '<footer class="site">\n'
            f"  <p>Data set {value(d.version)} (as of {value(d.as_of)}), licence "
            f'<a href="{value(d.licence_url)}">{value(d.licence)}</a>.\n'
            '  <a href="/api/v1/docs">API documentation</a>. Scope-of-practice answers are not legal advice.</p>\n'
            "</footer>\n</body>\n</html>"
        )


def shell(kb: KnowledgeBase) -> Shell:
    return kb.cached(Shell)


def page(
    kb: KnowledgeBase,
    *,
    title: object,
    json_url: str,
    section: str,
    main: str,
    sources: Markup | None,
    count: int,
    legal: bool = False,
    disclaimer: object = "",
    json_note: object = "",
    asked: object = "",
) -> str:
    """A whole page: the layout around ``main`` (the page's own content, already markup), with
    ``count`` sources listed as ``sources``. ``section`` is the menu entry marked current ("" none)."""
    s = shell(kb)
    header = s.headers.get(section) or s.headers[""]
    link = value(json_url)
    note = f". {value(json_note)}" if json_note else ""
    listed = (
        f'  <details class="sources"{" open" if count <= OPEN_SOURCES else ""}>\n'
        f"    <summary><h2>Sources ({count})</h2></summary>\n    {sources}\n  </details>\n"
        if count
        else ""
    )
    legal_note = (
        f'<p class="legal" role="note"><strong>{value(disclaimer)}</strong> '
        "The answers below are research summaries of public sources.</p>"
        if legal
        else ""
    )
    return "".join(
        [
            s.head,
            value(title),
            s.links,
            link,
            header,
            value(asked or ""),
            '">\n    <button type="submit">Ask</button>\n  </form>\n</header>\n<main id="main" tabindex="-1">\n',
            legal_note,
            main,
            "" if main.endswith("\n") else "\n",  # a template's last newline is dropped by Jinja
            '<aside class="meta" aria-label="About this page">\n'
            f'  <p class="json">The same data as JSON: <a href="{link}">JSON</a> (<code>{link}</code>){note}</p>\n',
            listed,
            "</aside>\n</main>\n",
            s.footer,
        ]
    )
